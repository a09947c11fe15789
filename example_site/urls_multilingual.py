"""The multilingual URLs whatever the settings say (tests switch modes at run time)."""

from .urls import patterns

urlpatterns = patterns(multilingual=True)

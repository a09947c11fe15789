"""Public non-page URLs; include with ``path("portal/", include("wagtail_skilldonation.urls"))``."""

app_name = "wagtail_skilldonation"

urlpatterns = []

"""Public non-page URLs; include with ``path("portal/", include("wagtail_skilldonation.urls"))``."""

from django.urls import path

from . import views

app_name = "wagtail_skilldonation"

urlpatterns = [
    path("certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", views.certificate_download, name="certificate_download"),
    path("hours/<str:token>/", views.declare_hours, name="hours"),
    path("feedback/<str:token>/", views.give_feedback, name="feedback"),
]

"""Public non-page URLs; include with ``path("portal/", include("wagtail_skilldonation.urls"))``."""

from django.urls import path

from .applications import views as applications
from .certificates import views as certificates
from .followup import views as followup

app_name = "wagtail_skilldonation"

urlpatterns = [
    path("certificates/", certificates.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", certificates.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", certificates.certificate_download, name="certificate_download"),
    path("confirm/<str:token>/", applications.confirm_submission, name="submission_confirm"),
    path("hours/<str:token>/", followup.declare_hours, name="hours"),
    path("feedback/<str:token>/", followup.give_feedback, name="feedback"),
]

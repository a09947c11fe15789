"""Public non-page URLs; include with ``path("portal/", include("wagtail_skilldonation.urls"))``."""

from django.urls import path

from .applications import views as applications
from .certificates import views as certificates
from .followup import views as followup
from .links import exchanged
from .organisations import space as organisation_space
from .organisations import views as organisations
from .portal import feeds
from .reports import partnership
from .volunteers import views as space

app_name = "wagtail_skilldonation"

urlpatterns = [
    path("certificates/", certificates.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", certificates.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", certificates.certificate_download, name="certificate_download"),
    # Open credentials (Open Badges 3.0): the credential, the issuer, its keys, revocations.
    path("certificates/<str:code>/credential.jwt", certificates.certificate_credential, name="certificate_credential"),
    path("passport/<str:key>/", certificates.volunteer_passport, name="volunteer_passport"),
    path("credentials/issuer.json", certificates.credential_issuer, name="credential_issuer"),
    path("credentials/jwks.json", certificates.issuer_jwks, name="issuer_jwks"),
    path("credentials/status/<int:number>.jwt", certificates.credential_status_list, name="credential_status_list"),
    # Signed links: opened, each redirects to its address without the token (links.exchanged).
    path("confirm/<str:token>/", exchanged(applications.confirm_submission), name="submission_confirm"),
    path("confirm/", exchanged(applications.confirm_submission), name="submission_confirm_open"),
    path("hours/<str:token>/", exchanged(followup.declare_hours), name="hours"),
    path("hours/", exchanged(followup.declare_hours), name="hours_open"),
    path("feedback/<str:token>/", exchanged(followup.give_feedback), name="feedback"),
    path("feedback/", exchanged(followup.give_feedback), name="feedback_open"),
    # Organisations propose their needs (kept for the team to assess; nothing published).
    path("needs/propose/", organisations.propose, name="need_propose"),
    path("needs/propose/thanks/", organisations.proposed, name="need_proposed"),
    path("organisations/<int:pk>/", organisations.organisation_page, name="organisation_page"),
    # The organisation's space (sign-in by a link sent to its contact address; its
    # cookie is limited to organisation/).
    path("organisation/", organisation_space.space, name="organisation_space"),
    path("organisation/link/<str:token>/", exchanged(organisation_space.open_link), name="organisation_space_link"),
    path("organisation/link/", exchanged(organisation_space.open_link), name="organisation_space_link_open"),
    path("organisation/sign-out/", organisation_space.sign_out, name="organisation_sign_out"),
    path("organisation/<int:pk>/write/", organisation_space.write, name="organisation_write"),
    path("organisation/<int:pk>/partnership/", partnership.partnership, name="organisation_partnership"),
    path("organisation/<int:pk>/partnership.pdf", partnership.partnership_pdf, name="organisation_partnership_pdf"),
    path("organisation/feedback/<int:pk>/", organisation_space.give_feedback, name="organisation_feedback"),
    path("organisation/follow-up/<int:pk>/", organisation_space.answer_followup, name="organisation_followup"),
    path("organisation/erase/", organisation_space.erase, name="organisation_erase"),
    # Following missions: feeds and calendars (the listing's filters apply).
    path("missions/feed/rss/", feeds.MissionsFeed(), name="missions_rss"),
    path("missions/feed/atom/", feeds.MissionsAtomFeed(), name="missions_atom"),
    path("missions/calendar.ics", feeds.missions_calendar, name="missions_ics"),
    path("missions/<int:pk>/calendar.ics", feeds.mission_calendar, name="mission_ics"),
    # The volunteer's space (sign-in by e-mailed link; its cookie is limited to me/).
    path("me/", space.space, name="space"),
    path("me/link/<str:token>/", exchanged(space.open_link), name="space_link"),
    path("me/link/", exchanged(space.open_link), name="space_link_open"),
    path("me/sign-out/", space.sign_out, name="space_sign_out"),
    path("me/applications/<int:pk>/", space.application_detail, name="space_application"),
    path("me/applications/<int:pk>/withdraw/", space.withdraw, name="space_withdraw"),
    path("me/confirm/<int:pk>/", space.confirm_pending, name="space_confirm"),
    path("me/missions/", space.missions, name="space_missions"),
    path("me/missions/<int:pk>/apply/", space.mission_apply, name="space_apply"),
    path("me/profile/", space.profile, name="space_profile"),
    path("me/choices/", space.choices, name="space_choices"),
    path("me/passport/", space.passport, name="space_passport"),
    path("me/data.json", space.download, name="space_data"),
    path("me/erase/", space.erase, name="space_erase"),
    path("me/stop/<str:token>/", exchanged(space.stop_receiving), name="space_stop"),
    path("me/stop/", exchanged(space.stop_receiving), name="space_stop_open"),
]

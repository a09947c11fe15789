"""*Download my data*: everything the portal keeps about one volunteer, as plain data.

``EXPORTED`` names the model behind each part; a test walks the app's models and fails
when one that points at a volunteer (or at what belongs to them) is not exported.
"""

from django.db.models import Q

from ..models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    Certificate,
    Feedback,
    HoursDeclaration,
    Invitation,
    OutgoingMail,
    Submission,
    Volunteer,
    VolunteerAccess,
    VolunteerSkill,
)

# The matching's copy of the volunteer's columns (``match_*``, ``active_missions``)
# is derived, not kept about them: left out of the profile.
PROFILE_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "city",
    "format",
    "availability_hours",
    "unavailable_until",
    "bio",
    "profile_url",
    "passport_key",
    "passport_codes",
    "consent_at",
    "consent_version",
    "alerts_at",
    "alerted_at",
    "is_active",
    "created_at",
    "updated_at",
]


def _rows(queryset, *fields):
    return [dict(zip(fields, values, strict=False)) for values in queryset.values_list(*fields)]


def export(volunteer):
    applications = Application.objects.filter(volunteer=volunteer)
    return {
        "volunteer": {field: getattr(volunteer, field) for field in PROFILE_FIELDS},
        "volunteerskill": [skill.name for skill in volunteer.skills.order_by("name")],
        "application": [
            {
                "id": application.pk,
                "mission": application.mission.title,
                "status": application.status,
                "language": application.language,
                "message": application.message,
                "answers": application.answers,
                "skills_offered": [skill.name for skill in application.skills_offered.all()],
                "consent_at": application.consent_at,
                "consent_version": application.consent_version,
                "created_at": application.created_at,
                "updated_at": application.updated_at,
            }
            for application in applications.select_related("mission").prefetch_related("skills_offered")
        ],
        "applicationevent": _rows(
            ApplicationEvent.objects.filter(application__in=applications).order_by("created_at"),
            "application_id",
            "from_status",
            "to_status",
            "note",
            "created_at",
        ),
        "applicationmessage": _rows(
            ApplicationMessage.objects.filter(application__in=applications),
            "application_id",
            "author",
            "body",
            "created_at",
        ),
        "submission": _rows(
            Submission.objects.filter(application__in=applications).order_by("created_at"),
            "application_id",
            "state",
            "details",
            "message",
            "answers",
            "consent_at",
            "created_at",
        ),
        "hoursdeclaration": _rows(
            HoursDeclaration.objects.filter(application__in=applications).order_by("date"),
            "application_id",
            "date",
            "hours",
            "description",
            "source",
            "status",
            "created_at",
        ),
        "feedback": _rows(
            Feedback.objects.filter(application__in=applications),
            "application_id",
            "role",
            "author_name",
            "rating",
            "objectives",
            "worked",
            "improve",
            "consent_publish",
            "show_name",
            "created_at",
        ),
        "certificate": _rows(
            Certificate.objects.filter(application__in=applications),
            "application_id",
            "code",
            "language",
            "issued_at",
            "revoked_at",
            "holder_name",
            "mission_title",
            "organisation_name",
            "period_start",
            "period_end",
            "hours",
            "skills",
            "objectives",
            "sha256",
        ),
        "invitation": _rows(Invitation.objects.filter(volunteer=volunteer), "mission__title", "message", "created_at"),
        "outgoingmail": _rows(
            OutgoingMail.objects.filter(
                Q(recipient__iexact=volunteer.email) | Q(volunteer=volunteer) | Q(application__volunteer=volunteer)
            )
            .distinct()
            .order_by("created_at"),
            "kind",
            "recipient",
            "status",
            "created_at",
            "sent_at",
        ),
        "volunteeraccess": _rows(
            VolunteerAccess.objects.filter(volunteer=volunteer), "requested_at", "used_at", "ended_at"
        ),
    }


EXPORTED = {
    model._meta.model_name: model
    for model in (
        Volunteer,
        VolunteerSkill,
        Application,
        ApplicationEvent,
        ApplicationMessage,
        Submission,
        HoursDeclaration,
        Feedback,
        Certificate,
        Invitation,
        OutgoingMail,
        VolunteerAccess,
    )
}

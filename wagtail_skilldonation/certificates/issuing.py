"""Issuing and revoking certificates: one live certificate per completed application.

At issue the facts are gathered once (name, mission, organisation, issuer, the
volunteer's own participation period, hours from the ledger, skills, objectives and
what feedback said of them), written on the certificate, and the PDF is rendered from
them once and kept with its SHA-256. Nothing read later changes an issued certificate.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    Application,
    ApplicationStatus,
    Certificate,
    Feedback,
    HoursDeclaration,
    PortalSettings,
)
from . import credential
from .codes import new_code
from .emails import notify_certificate, notify_revocation
from .files import NotStored, store_pdf

ISSUER_FIELDS = (
    "association_name",
    "rna",
    "siret",
    "address",
    "signatory_name",
    "signatory_title",
    "certificate_closing_text",
)


class CertificateError(ValidationError):
    pass


def issue(application, *, user=None, language=None, notify=True):
    """Issue the certificate of a completed application; re-issuing revokes the
    live one (e.g. after correcting hours). Returns the new certificate."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("mission", "volunteer").get(pk=application.pk)
        )
        if application.status != ApplicationStatus.COMPLETED:
            raise CertificateError(_("Only completed applications get a certificate."), code="not_completed")
        Certificate.objects.filter(application=application, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=str(_("Replaced by a new certificate"))
        )
        language = language or application.language or settings.LANGUAGE_CODE
        certificate = Certificate.objects.create(
            application=application,
            code=new_code(),
            language=language,
            issued_by=user if user is not None and user.is_authenticated else None,
            **facts(application, language),
        )
        try:
            store_pdf(certificate)
        except NotStored as error:  # the certificate row goes with the transaction
            raise CertificateError(error.messages, code=error.code) from error
        credential.issue(certificate)  # its Open Badges 3.0 twin, signed with the same facts
        if notify:
            notify_certificate(certificate)
    return certificate


def facts(application, language=None):
    """What a certificate of ``application`` attests, read now, in ``language`` where
    the mission and the skills have a name in it."""
    mission = application.mission.specific
    language = language or application.language or settings.LANGUAGE_CODE
    shown = mission.in_language(language)
    site = mission.get_site()
    portal = PortalSettings.for_site(site) if site else PortalSettings()
    start, end = participation_period(application)
    return {
        "holder_name": application.volunteer.full_name,
        "mission_title": shown.title,
        "organisation_name": mission.organisation.name if mission.organisation_id else "",
        "issuer": {name: getattr(portal, name) or "" for name in ISSUER_FIELDS},
        "period_start": start,
        "period_end": end,
        "hours": HoursDeclaration.objects.approved_total(application),
        "skills": [skill.name_in(language) for skill in application.skills_offered.order_by("name")],
        "objectives": objective_results(application, mission, shown),
    }


def participation_period(application):
    """The volunteer's own period: from their acceptance (or first approved hours)
    to their completion (or last approved hours), whichever is wider."""
    events = application.events.aggregate(
        accepted=Min("created_at", filter=_to(ApplicationStatus.ACCEPTED)),
        completed=Max("created_at", filter=_to(ApplicationStatus.COMPLETED)),
    )
    hours = (
        HoursDeclaration.objects.approved()
        .filter(application=application)
        .aggregate(first=Min("date"), last=Max("date"))
    )
    starts = [d for d in (_local_date(events["accepted"]), hours["first"]) if d]
    ends = [d for d in (_local_date(events["completed"]), hours["last"]) if d]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _to(status):
    return Q(to_status=status)


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def objective_results(application, mission, shown=None):
    """Each objective with what feedback said of it: the beneficiary's word first,
    else the volunteer's; worded as on ``shown`` (the mission in the certificate's
    language: its objectives are the same ones, by translation key)."""
    said = {}
    for feedback in Feedback.objects.filter(application=application).order_by("role"):
        # "beneficiary" sorts before "volunteer": the beneficiary's result wins.
        for key, item in (feedback.objectives or {}).items():
            said.setdefault(str(key), item.get("result", ""))
    worded = {o.translation_key: o for o in shown.objectives.all()} if shown and shown.pk != mission.pk else {}
    return [
        {
            "title": worded.get(objective.translation_key, objective).title,
            "indicator": worded.get(objective.translation_key, objective).success_indicator,
            "result": said.get(str(objective.pk), ""),
        }
        for objective in mission.objectives.all()
    ]


@transaction.atomic
def revoke(certificate, reason=""):
    """Revoke once; the holder is told why by e-mail (a second revocation changes
    nothing and tells nobody)."""
    revoked = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    certificate.refresh_from_db()
    if revoked:
        notify_revocation(certificate)
    return certificate

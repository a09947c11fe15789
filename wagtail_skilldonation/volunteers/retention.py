"""Forgetting volunteers: personal data is kept no longer than the portal's retention.

A volunteer is forgotten when nothing happened with them (their profile or one of their
applications) for ``PortalSettings.retention_months`` and no application of theirs is
still running. Their applications, hours and certificates stay, because the impact
report and certificate verification rely on them, but no longer say who they were.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from ..models import Application, ApplicationStatus, Invitation, PortalSettings, Volunteer

RUNNING = (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITING_LIST, ApplicationStatus.ACCEPTED)
FORGOTTEN_DOMAIN = "forgotten.invalid"  # a reserved top-level domain: never delivered


def retention_months():
    """The default site's setting (the portal's data controller is one association)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return PortalSettings._meta.get_field("retention_months").default
    return PortalSettings.for_site(site).retention_months


def stale_volunteers(months=None, now=None):
    cutoff = (now or timezone.now()) - timedelta(days=round((months or retention_months()) * 365.25 / 12))
    return (
        Volunteer.objects.filter(updated_at__lt=cutoff)
        .exclude(applications__updated_at__gte=cutoff)
        .exclude(applications__status__in=RUNNING)
        .exclude(email__iendswith="@" + FORGOTTEN_DOMAIN)
    )


@transaction.atomic
def forget(volunteer):
    """Erase what identifies ``volunteer``; keep what the association must account for."""
    volunteer.skills.clear()
    Application.objects.filter(volunteer=volunteer).update(message="", answers={})
    Invitation.objects.filter(volunteer=volunteer).delete()
    volunteer.first_name, volunteer.last_name = "", f"#{volunteer.pk}"
    volunteer.email = f"volunteer-{volunteer.pk}@{FORGOTTEN_DOMAIN}"
    for name in ("phone", "city", "postcode", "bio", "profile_url", "consent_version"):
        setattr(volunteer, name, "")
    volunteer.consent_at, volunteer.is_active = None, False
    volunteer.save()

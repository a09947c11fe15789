"""Forgetting volunteers: personal data is kept no longer than the portal's retention.

A volunteer is forgotten when nothing happened with them (their profile or one of their
applications) for ``PortalSettings.retention_months`` and no application of theirs is
still running. Their applications, hours, feedback and certificates stay, because the
impact report and certificate verification rely on them, but no longer say who they
were: every name, free text and detail written about them is cleared.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from ..certificates.files import forget_pdf
from ..conf import get_setting
from ..models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationStatus,
    Certificate,
    Feedback,
    HoursDeclaration,
    Invitation,
    OutgoingMail,
    PortalSettings,
    Submission,
    Volunteer,
    VolunteerAccess,
)
from ..models.people import FORGOTTEN_DOMAIN
from .copies import scrub_model_logs, withdraw_testimonials

RUNNING = (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITING_LIST, ApplicationStatus.ACCEPTED)


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


def wake_up(today=None):
    """Volunteers whose "not available until" date has come are proposed again
    (saving refreshes the matching's copy and counts)."""
    back = 0
    for volunteer in Volunteer.objects.filter(unavailable_until__lte=today or timezone.localdate()):
        volunteer.unavailable_until = None
        volunteer.save()
        back += 1
    return back


def stale_spam(now=None):
    """Suspected spam no editor released within ``SPAM_RETENTION_DAYS``."""
    cutoff = (now or timezone.now()) - timedelta(days=get_setting("SPAM_RETENTION_DAYS"))
    return Submission.objects.filter(state=Submission.State.SPAM, created_at__lt=cutoff)


def purge_spam(now=None):
    """Delete the stale suspected spam. Returns how many."""
    _total, by_model = stale_spam(now).delete()
    return by_model.get(Submission._meta.label, 0)


def forget_if_stale(volunteer, months=None, now=None):
    """Forget ``volunteer`` if, read again under a row lock, they are still to be
    forgotten (an application may have come in since the list was drawn). Returns
    whether they were."""
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
        if locked is None or not stale_volunteers(months, now).filter(pk=locked.pk).exists():
            return False
        forget(locked)
    return True


def forget(volunteer):
    """Erase what identifies ``volunteer`` wherever it was written; keep what the
    association must account for (statuses, hours, ratings, objectives' results, and
    each certificate's facts and hash, which then verify with the name withheld)."""
    # Not a decorator: mutation tools skip decorated functions.
    with transaction.atomic():
        applications = Application.objects.filter(volunteer=volunteer)
        # What named them, to find it again in Wagtail's logs once it is erased here.
        olds = {volunteer.full_name, volunteer.email, volunteer.phone}
        feedbacks = Feedback.objects.filter(application__in=applications)
        withdraw_testimonials(feedbacks)  # before their texts go: the pages name them
        volunteer.skills.clear()
        applications.update(message="", answers={})
        Submission.objects.filter(application__in=applications).update(details={}, skill_ids=[], message="", answers={})
        Submission.objects.filter(application__in=applications, state=Submission.State.AWAITING).update(
            state=Submission.State.SUPERSEDED
        )  # its link must apply nothing now
        ApplicationEvent.objects.filter(application__in=applications).update(note="")
        HoursDeclaration.objects.filter(application__in=applications).update(description="")
        # Both sides' free texts: the beneficiary's often names the volunteer too.
        feedbacks.update(author_name="", worked="", improve="", consent_publish=False, show_name=False)
        certificates = Certificate.objects.filter(application__in=applications)
        for certificate in certificates.exclude(pdf=""):
            forget_pdf(certificate)  # the file shows the name; the hash stays
        certificates.update(holder_name="", holder_withheld_at=timezone.now(), pdf="", credential="")
        Invitation.objects.filter(volunteer=volunteer).delete()
        # The conversation: the team's words often name them too.
        ApplicationMessage.objects.filter(application__in=applications).update(body="")
        VolunteerAccess.objects.filter(volunteer=volunteer, ended_at__isnull=True).update(ended_at=timezone.now())
        # The outbox keeps that mails went out, not to whom; what was not sent never will be.
        mails = OutgoingMail.objects.filter(
            Q(application__in=applications) | Q(access__volunteer=volunteer) | Q(volunteer=volunteer)
        )
        mails.exclude(status=OutgoingMail.Status.SENT).update(status=OutgoingMail.Status.CANCELLED)
        mails.update(recipient="", last_error="")
        volunteer.first_name, volunteer.last_name = "", f"#{volunteer.pk}"
        volunteer.email = f"volunteer-{volunteer.pk}@{FORGOTTEN_DOMAIN}"
        for name in ("phone", "city", "postcode", "bio", "profile_url", "consent_version", "passport_key"):
            setattr(volunteer, name, "")
        volunteer.passport_codes = []
        volunteer.consent_at, volunteer.is_active, volunteer.alerts_at = None, False, None
        volunteer.save()
        applications.update(consent_at=None, consent_version="")
        scrub_model_logs([volunteer, *applications, *feedbacks], olds)

"""Issuing many certificates at once, in the configured django_tasks backend."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from ..models import Application, CertificateBatch
from .issuing import CertificateError, issue

logger = logging.getLogger(__name__)


@task()
def issue_certificates(application_ids: list[int], user_id: int | None = None, batch_id: str | None = None) -> int:
    """Issue (and e-mail) the certificates of these completed applications; the
    ones that already have a live certificate are skipped. Returns how many; what
    could not be issued is kept on the batch, for its page to say."""
    return issue_all(application_ids, user_id, batch_id)


def issue_all(application_ids, user_id=None, batch_id=None):
    """What ``issue_certificates`` does, as a plain function (mutation tools skip
    decorated ones)."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    issued = 0
    batch = CertificateBatch.objects.filter(pk=batch_id).first() if batch_id else None
    for application in Application.objects.filter(pk__in=application_ids).exclude(
        certificates__revoked_at__isnull=True, certificates__isnull=False
    ):
        try:
            issue(application, user=user)
        except CertificateError as error:
            logger.warning("No certificate for application %s: %s", application.pk, error.messages[0])
            if batch is not None:
                batch.failures[str(application.pk)] = error.messages[0]
                batch.save(update_fields=["failures"])
            continue
        issued += 1
    return issued

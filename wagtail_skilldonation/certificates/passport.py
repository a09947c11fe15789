"""The volunteer passport ("passeport bénévole"): a public page, off by default, of
the certificates its holder chose to show — what they attest, the skills and hours
they add up to, and each one's way to be verified. Nothing else of the volunteer."""

import secrets
from decimal import Decimal

from ..models import Certificate


def live_certificates(volunteer):
    """What may be shown: the volunteer's certificates, neither revoked nor withheld."""
    return Certificate.objects.filter(
        application__volunteer=volunteer, revoked_at__isnull=True, holder_withheld_at__isnull=True
    ).order_by("-issued_at")


def choose(volunteer, public, certificates):
    """Turn the passport on (a new unguessable address if it had none) with these
    certificates, or off (its address dies; a new one next time)."""
    volunteer.passport_codes = [c.code for c in certificates] if public else []
    if public and not volunteer.passport_key:
        volunteer.passport_key = secrets.token_urlsafe(16)[:22]
    elif not public:
        volunteer.passport_key = ""
    volunteer.save(update_fields=["passport_key", "passport_codes"])


def shown(volunteer):
    """(certificates, total hours, skills) the passport shows."""
    certificates = list(live_certificates(volunteer).filter(code__in=volunteer.passport_codes or []))
    skills = sorted({skill for c in certificates for skill in c.skills})
    return certificates, sum((c.hours for c in certificates), Decimal(0)), skills

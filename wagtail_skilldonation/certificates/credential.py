"""Each certificate is also an Open Badges 3.0 ``OpenBadgeCredential`` that anyone can
verify without asking us: the certificate's frozen facts as a W3C Verifiable
Credential, signed as a VC-JWT (OB 3.0, §8.2: the payload *is* the credential, with
``iss``, ``nbf`` and ``jti`` beside it; ``kid`` names the key in our JWKS).

Issued with the certificate and kept on it (``Certificate.credential``): what was
signed stays what is served. After the holder's erasure it is rebuilt without who
they were, as the verification page withholds the name."""

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, time

from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.models import Site

from ..links import absolute_url
from ..models import Certificate, PortalSettings
from . import jsonld, keys, status_list
from .links import verification_url

# Both shipped with the package (jsonld.py): reading them needs no network.
CONTEXT = [jsonld.VC_V2, jsonld.OB_V3]
RESULTS = {"reached": "✔", "partly": "≈", "not_reached": "✘"}


def issuer_id():
    return absolute_url(reverse("wagtail_skilldonation:credential_issuer"))


def issuer_profile(facts=None):
    """The association as OB 3.0 describes an issuer (``Profile``): ``facts`` are a
    certificate's frozen ``issuer``, else today's portal settings."""
    if facts is None:
        site = Site.objects.filter(is_default_site=True).first()
        portal = PortalSettings.for_site(site) if site else PortalSettings()
        facts = {name: getattr(portal, name) or "" for name in ("association_name", "rna", "siret", "address")}
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": facts.get("association_name") or absolute_url("/"),
        "url": absolute_url("/"),
    }
    identifiers = [
        {"type": "IdentifierEntry", "identifier": value, "identifierType": "identifier"}
        for value in (facts.get("rna"), facts.get("siret"))
        if value
    ]
    if identifiers:
        profile["otherIdentifier"] = identifiers
    if facts.get("address"):
        profile["address"] = {"type": ["Address"], "streetAddress": " ".join(facts["address"].split())}
    return profile


def _moment(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value):
    return datetime.combine(value, time.min, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def achievement(certificate):
    """The mission as an ``Achievement``: its objectives (with what was reached) as
    the criteria, the skills as tags; one id per mission, whoever holds it."""
    mission_id = uuid.uuid5(uuid.NAMESPACE_URL, absolute_url(f"/missions/{certificate.application.mission_id}"))
    with translation.override(certificate.language):
        lines = [
            f"{RESULTS.get(item.get('result'), '•')} {item['title']}"
            + (f" ({item['indicator']})" if item.get("indicator") else "")
            for item in certificate.objectives
        ]
        description = _("Skill donation for %(organisation)s (%(hours)s h).") % {
            "hours": number_format(certificate.hours_shown),
            "organisation": certificate.organisation_name or certificate.issuer.get("association_name", ""),
        }
        narrative = "\n".join(lines) or _("The mission was completed.")
    return {
        "id": f"urn:uuid:{mission_id}",
        "type": ["Achievement"],
        "achievementType": "CommunityService",  # OB 3.0's word for volunteering
        "name": certificate.mission_title,
        "description": description,
        "criteria": {"narrative": narrative},
        "tag": list(certificate.skills),
        "inLanguage": certificate.language,
    }


def subject(certificate, email=""):
    """Who holds it: their name as on the certificate and, to prove an address without
    publishing it, the address hashed with a salt (``identityHash``). Nothing once
    their data is erased."""
    found = {"type": ["AchievementSubject"], "achievement": achievement(certificate)}
    if certificate.is_withheld:
        return found
    identifiers = []
    if email:
        salt = secrets.token_hex(8)
        digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": f"sha256${digest}",
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        )
    if certificate.holder_name:
        identifiers.append(
            {"type": "IdentityObject", "identityHash": certificate.holder_name, "identityType": "name", "hashed": False}
        )
    if identifiers:
        found["identifier"] = identifiers
    if certificate.period_start:
        found["activityStartDate"] = _day(certificate.period_start)
    if certificate.period_end:
        found["activityEndDate"] = _day(certificate.period_end)
    return found


def build(certificate, email=""):
    """The credential (JSON), from the certificate's frozen facts."""
    return {
        "@context": CONTEXT,
        "id": verification_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.mission_title,
        "issuer": issuer_profile(certificate.issuer),
        "validFrom": _moment(certificate.issued_at),
        "credentialSubject": subject(certificate, email),
        "credentialStatus": status_list.entry(certificate),
    }


def sign(credential, issued_at):
    """The VC-JWT: the credential with its registered claims beside it."""
    issuer = credential["issuer"]
    claims = {
        **credential,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": int(issued_at.timestamp()),
    }
    return keys.sign(claims)


def issue(certificate):
    """Sign and keep the certificate's credential (once: an issued one never changes)."""
    token = sign(build(certificate, certificate.application.volunteer.email), certificate.issued_at)
    Certificate.objects.filter(pk=certificate.pk, credential="").update(credential=token)
    certificate.credential = Certificate.objects.values_list("credential", flat=True).get(pk=certificate.pk)
    return certificate.credential


def token_for(certificate):
    """What ``credential.jwt`` serves: the credential as issued; after an erasure, the
    same facts without the holder; for a certificate older than this feature, issued now."""
    if certificate.is_withheld:
        return sign(build(certificate), certificate.issued_at)
    return certificate.credential or issue(certificate)

"""Where a holder takes their credential: its files, and LinkedIn's "add a
certification" form filled in (LinkedIn's documented add-to-profile link: the
certification's name, the issuing association, the issue date, the verification page
and the code). Nothing is sent to LinkedIn by us: the holder opens the link."""

from urllib.parse import urlencode

from django.urls import reverse

from ..links import absolute_url
from .links import verification_url

LINKEDIN = "https://www.linkedin.com/profile/add"


def credential_url(certificate, **query):
    path = reverse("wagtail_skilldonation:certificate_credential", args=[certificate.code])
    return absolute_url(f"{path}?{urlencode(query)}" if query else path)


def linkedin_url(certificate):
    issued = certificate.issued_at
    return (
        LINKEDIN
        + "?"
        + urlencode(
            {
                "startTask": "CERTIFICATION_NAME",
                "name": certificate.mission_title,
                "organizationName": certificate.issuer.get("association_name", ""),
                "issueYear": issued.year,
                "issueMonth": issued.month,
                "certUrl": verification_url(certificate),
                "certId": certificate.code,
            }
        )
    )


def passport_url(volunteer):
    """The volunteer passport's address, when it is on."""
    if not volunteer.passport_key:
        return ""
    return absolute_url(reverse("wagtail_skilldonation:volunteer_passport", args=[volunteer.passport_key]))


def links(certificate):
    """What the holder's pages and e-mail offer."""
    return {
        "credential_jwt_url": credential_url(certificate, download=1),
        "credential_json_url": credential_url(certificate, format="json", download=1),
        "linkedin_url": linkedin_url(certificate),
    }

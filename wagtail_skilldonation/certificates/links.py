"""The public links of a certificate: its verification page and the signed download
link e-mailed to the volunteer."""

from django.urls import reverse

from ..links import absolute_url, sign, unsign

DOWNLOAD_SALT = "wagtail_skilldonation.certificate-download"


def verification_url(certificate):
    return absolute_url(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code]))


def download_token(certificate):
    return sign(certificate.pk, DOWNLOAD_SALT)


def download_url(certificate):
    path = reverse("wagtail_skilldonation:certificate_download", args=[certificate.code])
    return absolute_url(f"{path}?token={download_token(certificate)}")


def token_matches(certificate, token):
    """Whether ``token`` is this certificate's; ``LinkExpired`` once older than
    ``DOWNLOAD_LINK_MAX_AGE`` (a link forwarded or left in a log does not last)."""
    return unsign(token, DOWNLOAD_SALT, "DOWNLOAD_LINK_MAX_AGE") == certificate.pk

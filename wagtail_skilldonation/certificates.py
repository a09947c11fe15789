"""Certificates: unguessable codes, issuing and revoking, and the PDF (WeasyPrint).

The PDF is rendered from an overridable template, with every text autoescaped and a
URL fetcher that serves only the site's own static and media files: a name like
``<img src="file:///etc/passwd">`` stays text and nothing outside is ever fetched.
One ``FontConfiguration`` and one parsed stylesheet serve every render of a process
(a new one per render grows memory and costs time).
"""

import functools
import mimetypes
import secrets
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .links import absolute_url, sign, unsign
from .models import Application, ApplicationStatus, Certificate, PortalSettings

# Crockford's base32: no I, L, O, U, so a code read aloud or retyped survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 80
TEMPLATE = "wagtail_skilldonation/certificates/certificate.html"
STYLESHEET = "wagtail_skilldonation/css/certificate.css"
# Relative URLs in the certificate resolve against this: nothing real lives there.
BASE_URL = "https://certificate.invalid/"
DOWNLOAD_SALT = "wagtail_skilldonation.certificate-download"


class CertificateError(ValidationError):
    pass


def new_code():
    number = secrets.randbits(CODE_BITS)
    chars = []
    for _position in range(CODE_BITS // 5):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    raw = "".join(chars)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(value):
    """What a person typed → the stored form (case, dashes, look-alike letters)."""
    raw = (value or "").upper().translate(str.maketrans("ILO", "110"))
    raw = "".join(ch for ch in raw if ch in ALPHABET)
    if len(raw) != CODE_BITS // 5:
        return None
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def issue(application, *, user=None, language=None, notify=True):
    """Issue the certificate of a completed application; re-issuing revokes the
    live one first (e.g. after correcting hours). Returns the new certificate."""
    from . import notifications

    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.COMPLETED:
            raise CertificateError(
                _("Only completed applications get a certificate."), code="not_completed"
            )
        Certificate.objects.filter(application=application, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=str(_("Replaced by a new certificate"))
        )
        certificate = Certificate.objects.create(
            application=application,
            code=new_code(),
            language=language or application.language or settings.LANGUAGE_CODE,
            issued_by=user if user is not None and user.is_authenticated else None,
        )
        if notify:
            notifications.notify_certificate(certificate)
    return certificate


def revoke(certificate, reason=""):
    Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    certificate.refresh_from_db()
    return certificate


def verification_url(certificate):
    return absolute_url(
        reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])
    )


def download_token(certificate):
    return sign(certificate.pk, DOWNLOAD_SALT)


def download_url(certificate):
    path = reverse("wagtail_skilldonation:certificate_download", args=[certificate.code])
    return absolute_url(f"{path}?token={download_token(certificate)}")


def token_matches(certificate, token):
    return unsign(token, DOWNLOAD_SALT) == certificate.pk


# Rendering -------------------------------------------------------------------------------


class SiteFilesFetcher(URLFetcher):
    """Serve only the site's static and media files to WeasyPrint; refuse the rest
    (``file://``, ``http(s)://`` anywhere, paths outside STATIC_URL and MEDIA_URL)."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            raise ValueError(f"Refused to fetch {url!r}: not a file of this site")
        path = unquote(parts.path)
        if ".." in path.split("/"):
            raise ValueError(f"Refused to fetch {url!r}")
        content = _read_site_file(path)
        if content is None:
            raise ValueError(f"No such site file: {path}")
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, {"Content-Type": mime})


def _read_site_file(path):
    static_url, media_url = settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/"
    if path.startswith(static_url):
        found = finders.find(path[len(static_url) :])
        if found:
            with open(found, "rb") as fh:
                return fh.read()
    elif path.startswith(media_url):
        name = path[len(media_url) :]
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as fh:
                return fh.read()
    return None


@functools.cache
def font_config():
    return FontConfiguration()


@functools.cache
def stylesheet():
    return CSS(
        string=_read_site_file((settings.STATIC_URL or "/static/") + STYLESHEET).decode(),
        font_config=font_config(),
        base_url=BASE_URL,
        url_fetcher=SiteFilesFetcher(),
    )


def certificate_context(certificate):
    application = certificate.application
    mission = application.mission.specific
    volunteer = application.volunteer
    site = mission.get_site()
    portal = PortalSettings.for_site(site) if site else PortalSettings()
    verify = verification_url(certificate)
    return {
        "certificate": certificate,
        "application": application,
        "volunteer": volunteer,
        "mission": mission,
        "organisation": mission.organisation,
        "objectives": list(mission.objectives.all()),
        "skills": list(application.skills_offered.all()),
        "portal": portal,
        "logo_url": _image_url(portal.logo),
        "signature_url": _image_url(portal.signature),
        "verification_url": verify,
        # A fixed mask skips segno's trial of all eight (3 ms a certificate); any
        # mask gives a valid code.
        "qr_svg": segno.make_qr(verify, error="m", mask=4, boost_error=False).svg_inline(
            scale=3, dark="#1d2433"
        ),
    }


def _image_url(image):
    if not image:
        return ""
    return image.get_rendition("max-600x300").url


def render_certificate_html(certificate):
    with translation.override(certificate.language):
        return render_to_string(TEMPLATE, certificate_context(certificate))


def write_pdf(html):
    """WeasyPrint with the shared fonts, stylesheet and safe fetcher."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SiteFilesFetcher())
    return document.write_pdf(stylesheets=[stylesheet()], font_config=font_config())


def render_certificate_pdf(certificate):
    """The certificate as PDF bytes, digitally signed when a key is configured."""
    from .pdf_signature import sign_pdf

    return sign_pdf(write_pdf(render_certificate_html(certificate)))

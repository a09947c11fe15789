"""The certificate PDF (WeasyPrint).

The PDF is rendered from an overridable template, with every text autoescaped and a
URL fetcher that serves only the site's own static and media files: a name like
``<img src="file:///etc/passwd">`` stays text and nothing outside is ever fetched.
One ``FontConfiguration`` and one parsed stylesheet serve every render of a process
(a new one per render grows memory and costs time).
"""

import functools
import mimetypes
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..models import Feedback, PortalSettings
from .links import verification_url
from .signing import sign_pdf

TEMPLATE = "wagtail_skilldonation/certificates/certificate.html"
STYLESHEET = "wagtail_skilldonation/css/certificate.css"
# Relative URLs in the certificate resolve against this: nothing real lives there.
BASE_URL = "https://certificate.invalid/"
RESULT_LABELS = Feedback.Result.choices


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
    """The template's context: the facts stored on the certificate at issue, and the
    association's logo and signature images (rendered into the PDF once, at issue)."""
    mission = certificate.application.mission
    site = mission.get_site()
    portal = PortalSettings.for_site(site) if site else PortalSettings()
    verify = verification_url(certificate)
    results = dict(RESULT_LABELS)
    return {
        "certificate": certificate,
        "holder_name": certificate.holder_name,
        "issuer": certificate.issuer,
        "skills": certificate.skills,
        "objectives": [
            {**item, "result_label": results.get(item.get("result"), "")} for item in certificate.objectives
        ],
        "logo_url": _image_url(portal.logo),
        "signature_url": _image_url(portal.signature),
        "verification_url": verify,
        # A fixed mask skips segno's trial of all eight (3 ms a certificate); any
        # mask gives a valid code.
        "qr_svg": segno.make_qr(verify, error="m", mask=4, boost_error=False).svg_inline(scale=3, dark="#1d2433"),
    }


def _image_url(image):
    if not image:
        return ""
    return image.get_rendition("max-600x300").url


def render_certificate_html(certificate):
    with translation.override(certificate.language):
        return render_to_string(TEMPLATE, certificate_context(certificate))


def write_pdf(html):
    """WeasyPrint with the shared fonts, stylesheet and safe fetcher, as PDF/UA-1: a
    tagged PDF (its structure in reading order, its language and title) that a
    screen reader reads as the page reads."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SiteFilesFetcher())
    return document.write_pdf(stylesheets=[stylesheet()], font_config=font_config(), pdf_variant="pdf/ua-1")


def render_certificate_pdf(certificate):
    """The certificate as PDF bytes, digitally signed when a key is configured."""
    return sign_pdf(write_pdf(render_certificate_html(certificate)))

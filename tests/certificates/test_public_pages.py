"""The certificate pages as a visitor's browser uses them: forms that submit with
Django's CSRF check on, what each answer says, the headers of a PDF and of a refusal."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import certificates
from wagtail_skilldonation.certificates import views
from wagtail_skilldonation.certificates.files import stored_pdf
from wagtail_skilldonation.models import Certificate

VERIFY = "wagtail_skilldonation:certificate_verify"
LOOKUP = "wagtail_skilldonation:certificate_lookup"


@pytest.fixture
def certificate(completed):
    return certificates.issue(completed, notify=False)


@pytest.fixture
def browser():
    """A client that, like a browser against the real site, fails without the CSRF token."""
    return Client(enforce_csrf_checks=True)


def upload_form(response):
    """The page's file form's CSRF token (what the browser sends back)."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", method="post")
    return form.find("input", {"name": "csrfmiddlewaretoken"})["value"]


def post_file(browser, url, page, data, name="attestation.pdf"):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return browser.post(url, {"file": upload, "csrfmiddlewaretoken": upload_form(page)})


def test_the_verification_page_s_file_form_submits_and_compares(browser, certificate):
    url = reverse(VERIFY, args=[certificate.code])
    page = browser.get(url)
    same = post_file(browser, url, page, stored_pdf(certificate))
    assert same.status_code == 200
    assert "exactly the PDF issued under this code" in same.content.decode()
    other = post_file(browser, url, browser.get(url), b"%PDF-1.7 another document")
    assert "is not the PDF issued under this code" in other.content.decode()
    assert "Valid certificate" in other.content.decode()  # the facts stay shown


def test_the_lookup_page_finds_a_certificate_by_its_file(browser, certificate):
    url = reverse(LOOKUP)
    found = post_file(browser, url, browser.get(url), stored_pdf(certificate))
    html = found.content.decode()
    assert "Valid certificate" in html
    assert certificate.code in html
    assert "exactly the PDF issued under this code" in html
    assert upload_form(found)  # and its own file form can be sent from there
    unknown = post_file(browser, url, browser.get(url), b"%PDF-1.7 not ours")
    assert "This file is not a certificate we issued" in unknown.content.decode()


def test_an_unknown_code_and_a_malformed_one_say_different_things(browser, certificate):
    unknown_code = certificates.new_code()
    unknown = browser.get(reverse(VERIFY, args=[unknown_code]))
    soup = BeautifulSoup(unknown.content, "html.parser")
    assert unknown.status_code == 404
    assert f"No certificate has the code {unknown_code}." in soup.get_text(" ")
    assert soup.find("input", id="sd-code").get("aria-invalid") is None  # the code is well formed
    # Its file form still works from there.
    upload_form(unknown)
    malformed = browser.get(reverse(VERIFY, args=["nonsense"]))
    soup = BeautifulSoup(malformed.content, "html.parser")
    assert malformed.status_code == 404
    assert soup.find("input", id="sd-code")["aria-invalid"] == "true"
    assert "No certificate has the code" not in soup.get_text(" ")
    # What was typed stays in the box to be corrected.
    typed = browser.get(reverse(LOOKUP), {"code": "abc"})
    assert BeautifulSoup(typed.content, "html.parser").find("input", id="sd-code")["value"] == "abc"
    assert BeautifulSoup(browser.get(reverse(LOOKUP)).content, "html.parser").find("input", id="sd-code")["value"] == (
        ""
    )
    # A loosely typed code leads to the code's own page.
    loose = browser.get(reverse(LOOKUP), {"code": certificate.code.lower().replace("-", " ")})
    assert loose["Location"] == reverse(VERIFY, args=[certificate.code])


def test_a_file_larger_than_any_certificate_is_refused_with_the_reason(browser, certificate, monkeypatch):
    monkeypatch.setattr(views, "MAX_UPLOAD", 100)
    url = reverse(VERIFY, args=[certificate.code])
    at_the_limit = post_file(browser, url, browser.get(url), b"%" * 100)
    assert "is not the PDF issued under this code" in at_the_limit.content.decode()
    over = post_file(browser, url, browser.get(url), b"%" * 101)
    html = over.content.decode()
    errors = [p.get_text(" ", strip=True) for p in BeautifulSoup(html, "html.parser").select(".sd-error")]
    assert errors == ["This file is larger than any certificate we issue (10 MB at most)."]
    assert "is not the PDF issued" not in html
    form = views.FileCheckForm(files={"file": SimpleUploadedFile("a.pdf", b"%" * 101)})
    assert not form.is_valid()
    assert form.errors.as_data()["file"][0].code == "too_large"


def test_too_many_checks_say_so_and_when_to_come_back(browser, certificate, settings):
    settings.WAGTAIL_SKILLDONATION = {"VERIFY_RATE_LIMIT": (2, 600), "DOWNLOAD_RATE_LIMIT": (1, 300)}
    url = reverse(VERIFY, args=[certificate.code])
    lookup = reverse(LOOKUP)
    # The lookup's file check and the code's page share one budget…
    post_file(browser, lookup, browser.get(lookup), b"%PDF-1.7 x")
    assert browser.get(url).status_code == 200
    refused = browser.get(url)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "Too many checks from your connection" in refused.content.decode()
    assert BeautifulSoup(refused.content, "html.parser").find("h1").get_text() == "Certificate check"
    again = post_file(browser, lookup, browser.get(lookup), b"%PDF-1.7 x")
    assert again.status_code == 429
    # … and downloads have their own.
    download = certificates.download_url(certificate).replace("http://testserver", "")
    assert browser.get(download).status_code == 200
    assert browser.get(download)["Retry-After"] == "300"


def test_the_pdf_opens_in_the_browser_under_its_code_and_is_never_cached(client, certificate):
    response = client.get(certificates.download_url(certificate).replace("http://testserver", ""))
    assert response["Content-Disposition"] == f'inline; filename="attestation-{certificate.code}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == stored_pdf(certificate)


def test_a_withheld_holder_s_download_link_stops(client, certificate):
    url = certificates.download_url(certificate).replace("http://testserver", "")
    Certificate.objects.filter(pk=certificate.pk).update(holder_withheld_at=timezone.now())
    assert client.get(url).status_code == 404
    verified = client.get(reverse(VERIFY, args=[certificate.code])).content.decode()
    assert "Valid certificate" in verified  # still genuine, the name withheld
    assert "withheld at their request" in verified


def test_refusals_and_bad_links_are_portal_pages_like_the_others(browser, certificate, settings):
    """A visitor refused for too many checks, or holding a mistyped download link, still
    reads the site's own page: its name in the title and the brand, the menu."""
    url = reverse(VERIFY, args=[certificate.code])

    def frame(response):
        soup = BeautifulSoup(response.content, "html.parser")
        return soup.title.get_text().rsplit("–", 1)[-1].strip(), soup.select_one(".sd-brand").get_text(strip=True)

    normal = frame(browser.get(url))
    assert normal[0] == normal[1]  # the site's name, twice
    settings.WAGTAIL_SKILLDONATION = {"VERIFY_RATE_LIMIT": (0, 600)}
    refused = browser.get(url)
    assert refused.status_code == 429
    assert frame(refused) == normal
    download = certificates.download_url(certificate).replace("http://testserver", "").split("?")[0]
    mistyped = browser.get(download, {"token": "cut-by-a-mail-program"})
    assert mistyped.status_code == 404
    assert "Check a certificate" in mistyped.content.decode()  # the portal's menu, not a bare "Not Found"
    assert frame(mistyped)[1] == normal[1]


def test_an_unknown_code_says_whom_to_ask_on_the_page_itself(browser, certificate, home):
    """A host's base template may have no footer of ours: the page names the contact."""
    from wagtail_skilldonation.models import PortalSettings

    portal = PortalSettings.for_site(home.get_site())
    portal.contact_email, portal.contact_phone = "contact@savoir-partage.example", "01 42 72 00 00"
    portal.save()
    unknown = browser.get(reverse(VERIFY, args=[certificates.new_code()]))
    alert = BeautifulSoup(unknown.content, "html.parser").find(role="alert")
    assert "(below)" not in alert.get_text(" ")
    assert alert.find("a", href="mailto:contact@savoir-partage.example") is not None
    assert alert.find("a", href="tel:0142720000") is not None


def test_a_download_link_expires_and_says_where_to_get_a_fresh_one(client, certificate):
    """A link forwarded or left in a log does not open the file for ever; the holder's
    space gives a fresh one, and the certificate still verifies."""
    import time
    from unittest import mock

    from django.core import signing

    from wagtail_skilldonation.certificates.links import DOWNLOAD_SALT

    url = certificates.download_url(certificate).replace("http://testserver", "")
    assert client.get(url).status_code == 200
    with mock.patch("time.time", return_value=time.time() - 31 * 86400):  # the e-mail of a month ago
        stale = signing.dumps(certificate.pk, salt=DOWNLOAD_SALT)
    expired = client.get(url.split("?")[0] + "?token=" + stale)
    assert expired.status_code == 410
    assert not expired.content.startswith(b"%PDF")
    page = BeautifulSoup(expired.content, "html.parser")
    assert page.find("h1").get_text() == "This download link has expired"
    hrefs = {a["href"] for a in page.find_all("a")}
    assert reverse("wagtail_skilldonation:space") in hrefs
    assert reverse(VERIFY, args=[certificate.code]) in hrefs

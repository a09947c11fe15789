"""Certificates: codes, issuing, the PDF's content and safety, verification, downloads."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.certificates.files import stored_pdf
from wagtail_skilldonation.models import (
    Application,
    Certificate,
    MissionObjective,
    PortalSettings,
    Volunteer,
)


def pdf_text(pdf):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def portal(home):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name = "Savoir partagé"
    portal.rna = "W751271238"
    portal.siret = "92414635000013"
    portal.address = "59 Rue de Bretagne\n75003 Paris"
    portal.signatory_name = "Claire Martin"
    portal.signatory_title = "Présidente"
    portal.certificate_closing_text = "Merci pour votre engagement."
    portal.save()
    return portal


@pytest.fixture
def completed(portal, make_mission, skills):
    mission = make_mission(
        title="Création de campagnes",
        skills=[skills["Graphisme"], skills["Rédaction"]],
        start_date=datetime.date(2026, 12, 1),  # planned: not what is certified
        end_date=datetime.date(2027, 6, 30),
        places_available=3,
    )
    mission.objectives = [MissionObjective(title="Produire les visuels", success_indicator="Trois visuels publiés")]
    mission.save_revision().publish()
    volunteer = Volunteer.objects.create(first_name="Léa", last_name="Bernard", email="lea@example.org")
    application = Application.objects.create(mission=mission, volunteer=volunteer, language="fr")
    application.skills_offered.add(skills["Graphisme"])
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=18.5, notify=False)
    # The volunteer's own period (not the mission's planned dates) is what is attested.
    application.events.filter(to_status="accepted").update(created_at=at(2026, 9, 1))
    application.events.filter(to_status="completed").update(created_at=at(2026, 10, 30))
    application.hours_declarations.update(date=datetime.date(2026, 10, 30))  # entered at completion
    return application


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def test_codes_are_unguessable_typable_and_forgiving():
    codes = {certificates.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = codes.pop()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert certificates.CODE_BITS >= 80
    assert certificates.normalise_code(code.lower().replace("-", " ")) == code
    assert certificates.normalise_code("oooo-iiii-llll-0000") == "0000-1111-1111-0000"
    assert certificates.normalise_code("too-short") is None


def test_issue_requires_completion_and_reissue_revokes(completed, make_mission, superuser):
    volunteer = Volunteer.objects.create(first_name="A", last_name="B", email="ab@example.org")
    pending = Application.objects.create(mission=completed.mission, volunteer=volunteer)
    with pytest.raises(certificates.CertificateError):
        certificates.issue(pending)
    assert not Certificate.objects.exists()
    first = certificates.issue(completed, user=superuser, notify=False)
    second = certificates.issue(completed, user=superuser, notify=False)
    first.refresh_from_db()
    assert first.is_revoked
    assert first.revoked_reason == "Replaced by a new certificate"
    assert not second.is_revoked
    assert second.language == "fr"
    assert Certificate.objects.filter(application=completed, revoked_at__isnull=True).count() == 1


def test_pdf_carries_every_field(completed, portal, time_machine):
    # Issued on a day of its own: the issue date it prints (today) must not be read as
    # the mission's planned dates (December to June), whatever day the suite runs.
    time_machine.move_to(at(2026, 11, 2))
    certificate = certificates.issue(completed, notify=False)
    pdf = certificates.render_certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for expected in [
        "Attestation de don de compétences",
        "Savoir partagé",
        "W751271238",
        "92414635000013",
        "59 Rue de Bretagne",
        "Léa Bernard",
        "Création de campagnes",
        "au profit des Jardins",  # French contracts "de Les" (#29)
        "18,5 h",
        "Graphisme",
        "Produire les visuels",
        "Trois visuels publiés",
        "Merci pour votre engagement.",
        "Claire Martin",
        "Présidente",
        certificate.code,
        "du 1er septembre 2026 au 30 octobre 2026",
    ]:
        assert expected in text, expected
    assert "décembre" not in text
    assert "juin" not in text
    assert reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code]) in text.replace(" ", "")


def test_pdf_is_tagged_for_screen_readers(completed):
    """PDF/UA-1: marked as tagged, a structure tree whose text follows the page's reading
    order, the document's language and its title shown as the window's."""
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    certificate = certificates.issue(completed, notify=False)
    root = PdfFileReader(BytesIO(certificates.render_certificate_pdf(certificate))).root
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "fr"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]

    def kinds(element, found):
        element = element.get_object() if hasattr(element, "get_object") else element
        if isinstance(element, dict) or hasattr(element, "keys"):
            if "/S" in element:
                found.append(str(element["/S"]))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                kinds(kid, found)
        return found

    # The page's structure in its order: the issuer's lines, then the title as a
    # heading, then what is certified.
    found = [kind for kind in kinds(root["/StructTreeRoot"], []) if kind in ("/H1", "/P")]
    assert found.count("/H1") == 1
    assert found.index("/H1") == 3  # after the issuer's name, numbers and address
    assert found.count("/P") > 6


def test_pdf_in_english(completed):
    certificate = certificates.issue(completed, language="en", notify=False)
    text = pdf_text(certificates.render_certificate_pdf(certificate))
    assert "Certificate of skill donation" in text
    assert "Hours given" in text


def test_pdf_escapes_text_and_fetches_nothing_outside(completed, monkeypatch):
    volunteer = completed.volunteer
    volunteer.first_name = '<img src="file:///etc/passwd">'
    volunteer.last_name = '<link rel=stylesheet href="http://evil.example/x.css">'
    volunteer.save()
    certificate = certificates.issue(completed, notify=False)
    fetched = []
    original = certificates.SiteFilesFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(certificates.SiteFilesFetcher, "fetch", spy)
    text = pdf_text(certificates.render_certificate_pdf(certificate))
    assert '<img src="file:///etc/passwd">' in text
    assert fetched == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://evil.example/x.png",
        "https://certificate.invalid/etc/passwd",
        "https://certificate.invalid/static/../../etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_site_files(url):
    with pytest.raises(ValueError):
        certificates.SiteFilesFetcher().fetch(url)


def test_fetcher_serves_static_files():
    response = certificates.SiteFilesFetcher().fetch(
        "https://certificate.invalid/static/wagtail_skilldonation/css/certificate.css"
    )
    assert b"@page" in response.read()


def test_fonts_and_stylesheet_are_shared():
    assert certificates.font_config() is certificates.font_config()
    assert certificates.stylesheet() is certificates.stylesheet()


def test_volunteer_gets_pdf_and_links_by_email(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificates.issue(completed)
    (message,) = mail.outbox
    assert message.to == ["lea@example.org"]
    assert message.subject == "Votre attestation : Création de campagnes"
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    assert certificate.code in pdf_text(content)
    assert certificates.verification_url(certificate) in message.body
    assert "/pdf/?token=" in message.body


def test_verification_page_answers(client, completed):
    certificate = certificates.issue(completed, notify=False)
    url = reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])
    html = client.get(url).content.decode()
    assert "Valid certificate" in html
    for text in ["Léa Bernard", "Création de campagnes", "Les Jardins", "18.5 h", "Sept. 1, 2026", "Oct. 30, 2026"]:
        assert text in html
    assert "lea@example.org" not in html  # never contact details
    # A code typed loosely still finds it.
    loose = client.get(
        reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code.lower().replace("-", "")])
    )
    assert loose.status_code == 302
    assert loose["Location"] == url
    certificates.revoke(certificate, "Erreur d'heures")
    html = client.get(url).content.decode()
    assert "This certificate was revoked" in html
    assert "Valid certificate" not in html
    unknown = certificates.new_code()
    assert client.get(reverse("wagtail_skilldonation:certificate_verify", args=[unknown])).status_code == 404
    assert client.get(reverse("wagtail_skilldonation:certificate_verify", args=["nonsense"])).status_code == 404


def test_revoked_without_a_reason_reads_revoked(client, completed):
    """``revoke()``'s default reason is empty: what a visitor reads is still
    "revoked", never "valid" (the page reads the date, not the reason)."""
    certificate = certificates.revoke(certificates.issue(completed, notify=False))
    assert certificate.revoked_reason == ""
    html = client.get(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])).content.decode()
    assert "This certificate was revoked" in html
    assert "It is no longer valid." in html
    assert "Valid certificate" not in html


def test_lookup_form(client, completed):
    certificate = certificates.issue(completed, notify=False)
    url = reverse("wagtail_skilldonation:certificate_lookup")
    assert client.get(url, {"code": certificate.code.lower()}).status_code == 302
    bad = client.get(url, {"code": "abc"})
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in bad.content.decode()


def test_verification_is_rate_limited(client, completed, settings):
    settings.WAGTAIL_SKILLDONATION = {"VERIFY_RATE_LIMIT": (3, 600)}
    certificate = certificates.issue(completed, notify=False)
    url = reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_downloads(client, admin_client, completed):
    certificate = certificates.issue(completed, notify=False)
    public = reverse("wagtail_skilldonation:certificate_download", args=[certificate.code])
    assert client.get(public).status_code == 404  # no token
    assert client.get(public, {"token": "forged"}).status_code == 404
    other = certificates.issue(completed, notify=False)  # the first one is now revoked
    assert client.get(public, {"token": certificates.download_token(certificate)}).status_code == 404
    good = client.get(
        reverse("wagtail_skilldonation:certificate_download", args=[other.code]),
        {"token": certificates.download_token(other)},
    )
    assert good.status_code == 200
    assert good["Content-Type"] == "application/pdf"
    # Another certificate's token does not open this one.
    assert client.get(public, {"token": certificates.download_token(other)}).status_code == 404
    admin_pdf = admin_client.get(reverse("wagtail_skilldonation_certificates:pdf", args=[certificate.pk]))
    assert admin_pdf.status_code == 200
    assert admin_pdf.content.startswith(b"%PDF")
    from django.test import Client

    anonymous = Client().get(reverse("wagtail_skilldonation_certificates:pdf", args=[certificate.pk]))
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]


def test_editor_issues_and_revokes_from_the_inbox(admin_client, completed, django_capture_on_commit_callbacks):
    inspect = reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[completed.pk])
    assert "Issue the certificate" in admin_client.get(inspect).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("wagtail_skilldonation_certificates:issue", args=[completed.pk]))
    certificate = Certificate.objects.get()
    assert len(mail.outbox) == 1
    html = admin_client.get(inspect).content.decode()
    assert certificate.code in html
    assert "Issue a corrected certificate" in html
    admin_client.post(reverse("wagtail_skilldonation_certificates:revoke", args=[certificate.pk]), {"reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked  # a reason is required
    admin_client.post(
        reverse("wagtail_skilldonation_certificates:revoke", args=[certificate.pk]), {"reason": "Doublon"}
    )
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_reason == "Doublon"


def test_viewers_cannot_issue(client, completed, django_user_model):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user("viewer", password="x")
    group = Group.objects.create(name="Viewers")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "view_application"]))
    user.groups.add(group)
    client.force_login(user)
    response = client.post(reverse("wagtail_skilldonation_certificates:issue", args=[completed.pk]))
    assert response.status_code in (302, 403)
    assert not Certificate.objects.exists()
    pdf_url = reverse("wagtail_skilldonation_certificates:pdf", args=[1])
    assert client.get(pdf_url).status_code == 404  # may view: but there is no such PDF


def test_bulk_issue_in_a_task_with_progress(admin_client, completed, make_mission, django_capture_on_commit_callbacks):
    start = reverse("wagtail_skilldonation_certificates:batch_start")
    assert "1 completed application has no certificate yet" in admin_client.get(start).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(start)
    assert response.status_code == 302
    from django.core.cache import cache

    cache.clear()  # another server, or a restart: the progress is in the database
    progress = admin_client.get(response["Location"]).content.decode()
    assert "1 of 1 certificate issued" in progress
    assert Certificate.objects.filter(application=completed).count() == 1
    assert len(mail.outbox) == 1


def test_auto_issue_setting(completed, settings, make_mission):
    settings.WAGTAIL_SKILLDONATION = {"AUTO_ISSUE_CERTIFICATES": True}
    volunteer = Volunteer.objects.create(first_name="C", last_name="D", email="cd@example.org")
    application = Application.objects.create(mission=completed.mission, volunteer=volunteer)
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=3, notify=False)
    assert Certificate.objects.filter(application=application).count() == 1


def test_digital_signature(completed, settings, tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Savoir partagé")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    p12 = tmp_path / "key.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(b"sp", key, cert, None, serialization.BestAvailableEncryption(b"secret"))
    )
    settings.WAGTAIL_SKILLDONATION = {"CERTIFICATE_SIGNING": {"PKCS12": str(p12), "PASSPHRASE": "secret"}}
    certificate = certificates.issue(completed, notify=False)
    pdf = stored_pdf(certificate)  # signed once, at issue
    from asn1crypto import x509 as asn1_x509

    trust = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[trust])
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(signature, context)
    assert status.intact
    assert status.valid
    assert status.trusted
    assert "Savoir partagé" in status.signing_cert.subject.human_friendly
    # One byte changed inside the signed range: the signature breaks.
    tampered = bytearray(pdf)
    index = tampered.index(b"Attestation") if b"Attestation" in tampered else len(tampered) // 3
    tampered[index] ^= 0x01
    try:
        (broken,) = PdfFileReader(io.BytesIO(bytes(tampered))).embedded_signatures
        assert not validate_pdf_signature(broken, context).intact
    except Exception as error:  # a damaged file may not even parse: broken all the same
        assert not isinstance(error, AssertionError)


def test_logo_and_signature_images_are_embedded(completed, portal, monkeypatch):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    logo = Image.objects.create(title="Logo", file=get_test_image_file(colour="blue"))
    signature = Image.objects.create(title="Signature", file=get_test_image_file(colour="black"))
    portal.logo, portal.signature = logo, signature
    portal.save()
    fetched = []
    original = certificates.SiteFilesFetcher.fetch

    def spy(self, url, headers=None):
        response = original(self, url, headers)
        fetched.append((url, response.content_type))
        return response

    monkeypatch.setattr(certificates.SiteFilesFetcher, "fetch", spy)
    certificate = certificates.issue(completed, notify=False)
    pdf = stored_pdf(certificate)  # rendered at issue, with the images of that day
    assert len(fetched) == 2
    assert all(mime == "image/png" for _, mime in fetched)
    assert all(url.startswith("https://certificate.invalid/media/") for url, _ in fetched)
    images = [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 2

"""A certificate is what was certified on the day it was issued: its facts and its PDF
are written once and nothing that changes afterwards rewrites them (issue #12, item 2)."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Site

from tests.certificates.test_certificates import at, pdf_text
from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.certificates import files, rendering
from wagtail_skilldonation.certificates.files import stored_pdf
from wagtail_skilldonation.followup import hours as ledger
from wagtail_skilldonation.models import (
    Application,
    Certificate,
    Feedback,
    MissionObjective,
    PortalSettings,
    Volunteer,
)
from wagtail_skilldonation.models.certificates import CertificateIsIssued


@pytest.fixture
def portal(home):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name, portal.rna = "Savoir partagé", "W751271238"
    portal.save()
    return portal


@pytest.fixture
def completed(portal, make_mission, skills):
    mission = make_mission(
        title="Site vitrine",
        skills=[skills["Développement web"]],
        places_available=2,
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2027, 6, 30),
    )
    mission.objectives = [
        MissionObjective(title="Mettre le site en ligne", success_indicator="Site publié"),
        MissionObjective(title="Former l'équipe", success_indicator="Deux personnes autonomes"),
    ]
    mission.save_revision().publish()
    volunteer = Volunteer.objects.create(first_name="Léa", last_name="Bernard", email="lea@example.org")
    application = Application.objects.create(mission=mission, volunteer=volunteer, language="fr")
    application.skills_offered.add(skills["Développement web"])
    applications.change_status(application, "accepted", notify=False)
    ledger.enter(application, None, date=datetime.date(2026, 9, 3), hours=6, description="Maquettes")
    applications.change_status(application, "completed", hours=10, notify=False)
    application.events.filter(to_status="accepted").update(created_at=at(2026, 9, 1))
    application.events.filter(to_status="completed").update(created_at=at(2026, 10, 30))
    application.hours_declarations.filter(source="completion").update(date=datetime.date(2026, 10, 30))
    objectives = list(MissionObjective.objects.filter(mission_id=mission.pk).order_by("sort_order"))
    Feedback.objects.create(
        application=application,
        role="beneficiary",
        rating=5,
        objectives={
            str(objectives[0].pk): {"title": "Mettre le site en ligne", "result": "reached"},
            str(objectives[1].pk): {"title": "Former l'équipe", "result": "partly"},
        },
    )
    Feedback.objects.create(
        application=application,
        role="volunteer",
        rating=5,
        objectives={
            str(objectives[0].pk): {"title": "Mettre le site en ligne", "result": "not_reached"},
        },
    )
    return application


def verify(client, certificate):
    return client.get(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])).content.decode()


def test_the_facts_are_those_of_the_day_of_issue(client, completed, portal, skills):
    certificate = certificates.issue(completed, notify=False)
    assert certificate.holder_name == "Léa Bernard"
    assert (certificate.mission_title, certificate.organisation_name) == ("Site vitrine", "Les Jardins")
    assert (certificate.period_start, certificate.period_end) == (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 10, 30),
    )
    assert certificate.hours == 10
    assert certificate.skills == ["Développement web"]
    assert [(o["title"], o["result"]) for o in certificate.objectives] == [
        ("Mettre le site en ligne", "reached"),  # the beneficiary's word first
        ("Former l'équipe", "partly"),
    ]
    assert certificate.issuer["association_name"] == "Savoir partagé"
    assert certificate.issuer["rna"] == "W751271238"
    issued = stored_pdf(certificate)
    assert hashlib.sha256(issued).hexdigest() == certificate.sha256
    assert len(issued) == certificate.size
    text = pdf_text(issued)
    assert "Atteint" in text
    assert "Partiellement atteint" in text

    # Afterwards everything it was made from changes...
    volunteer = completed.volunteer
    volunteer.first_name, volunteer.last_name = "Mallory", "Intrus"
    volunteer.save()
    mission = completed.mission.specific
    mission.title = "Titre changé"
    mission.save_revision().publish()
    organisation = mission.organisation
    organisation.name = "Autre nom"
    organisation.save()
    portal.association_name = "Association renommée"
    portal.save()
    ledger.enter(completed, None, date=datetime.date(2026, 11, 2), hours=5, description="Après coup")

    # ...and the certificate says what it said (the page's footer names who runs the
    # portal today, for contact: the certificate itself is in <main>).
    html = verify(client, certificate).split("<main", 1)[1].split("</main>", 1)[0]
    for fact in [
        "Léa Bernard",
        "Site vitrine",
        "Les Jardins",
        "10 h",
        "Savoir partagé",
        "Sept. 1, 2026",
        "Oct. 30, 2026",
    ]:
        assert fact in html, fact
    for later in ["Mallory", "Titre changé", "Autre nom", "Association renommée", "15 h"]:
        assert later not in html, later
    certificate.refresh_from_db()
    assert stored_pdf(certificate) == issued
    download = client.get(certificates.download_url(certificate).replace("http://testserver", ""))
    assert download.content == issued


def test_the_pdf_is_rendered_once_at_issue(client, completed, monkeypatch, django_capture_on_commit_callbacks):
    renders = []
    original = rendering.write_pdf
    monkeypatch.setattr(rendering, "write_pdf", lambda html: renders.append(1) or original(html))
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificates.issue(completed)
    assert len(renders) == 1
    (message,) = mail.outbox
    assert message.attachments[0][1] == stored_pdf(certificate)  # the e-mail carries the issued file
    url = certificates.download_url(certificate).replace("http://testserver", "")
    for _ in range(5):
        assert client.get(url).status_code == 200
    assert len(renders) == 1


def test_downloads_are_rate_limited(client, completed, settings):
    settings.WAGTAIL_SKILLDONATION = {"DOWNLOAD_RATE_LIMIT": (2, 600)}
    certificate = certificates.issue(completed, notify=False)
    url = certificates.download_url(certificate).replace("http://testserver", "")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_an_issued_certificate_cannot_be_rewritten(completed):
    certificate = certificates.issue(completed, notify=False)
    certificate.holder_name = "Quelqu'un d'autre"
    with pytest.raises(CertificateIsIssued, match=r"^An issued certificate never changes: issue a new one instead\.$"):
        certificate.save()
    with pytest.raises(CertificateIsIssued):
        certificate.save(update_fields=["holder_name"])
    certificate.refresh_from_db()
    assert certificate.holder_name == "Léa Bernard"
    certificates.revoke(certificate, "Erreur")  # revoking is what may change
    certificate.refresh_from_db()
    assert certificate.is_revoked


def test_reissuing_makes_a_new_record_and_both_stay_verifiable(client, completed):
    first = certificates.issue(completed, notify=False)
    ledger.enter(completed, None, date=datetime.date(2026, 11, 2), hours=5, description="Oubli")
    second = certificates.issue(completed, notify=False)
    first.refresh_from_db()
    assert (first.hours, second.hours) == (10, 15)
    assert first.sha256 != second.sha256
    assert first.pdf.name != second.pdf.name
    old = verify(client, first)
    assert "This certificate was revoked" in old
    assert "10 h" in old
    assert "Valid certificate" in verify(client, second)
    assert "15 h" in verify(client, second)
    assert stored_pdf(first) != stored_pdf(second)


def test_no_certificate_before_completion(accepted):
    with pytest.raises(certificates.CertificateError):
        certificates.issue(accepted, notify=False)
    assert not Certificate.objects.exists()


def test_an_uploaded_pdf_is_compared_byte_for_byte_and_not_kept(client, completed):
    certificate = certificates.issue(completed, notify=False)
    issued = stored_pdf(certificate)
    url = reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])
    storage = certificate.pdf.storage
    before = storage.listdir("certificates")

    def upload(content):
        return client.post(url, {"file": SimpleUploadedFile("a.pdf", content, "application/pdf")}).content.decode()

    assert "exactly the PDF issued under this code" in upload(issued)
    tampered = issued.replace(b"10 h", b"90 h") if b"10 h" in issued else issued[:-10] + b"0" * 10
    assert "is not the PDF issued under this code" in upload(tampered)
    assert "is not the PDF issued under this code" in upload(b"%PDF-1.7 something else")
    assert storage.listdir("certificates") == before  # nothing kept
    # Without a code: the lookup page finds the certificate from the file alone.
    lookup = reverse("wagtail_skilldonation:certificate_lookup")
    found = client.post(lookup, {"file": SimpleUploadedFile("a.pdf", issued, "application/pdf")})
    assert certificate.code in found.content.decode()
    assert "exactly the PDF issued" in found.content.decode()
    unknown = client.post(lookup, {"file": SimpleUploadedFile("a.pdf", b"nope", "application/pdf")})
    assert "is not a certificate we issued" in unknown.content.decode()
    empty = client.post(lookup, {})
    assert "This field is required" in empty.content.decode()


def test_a_certificate_issued_before_files_were_kept_gets_its_file_once(completed, monkeypatch):
    certificate = certificates.issue(completed, notify=False)
    certificate.pdf.storage.delete(certificate.pdf.name)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", sha256="", size=None)
    certificate.refresh_from_db()
    renders = []
    original = rendering.write_pdf
    monkeypatch.setattr(rendering, "write_pdf", lambda html: renders.append(1) or original(html))
    first = stored_pdf(certificate)
    certificate.refresh_from_db()
    assert stored_pdf(certificate) == first
    assert len(renders) == 1
    assert certificate.sha256 == hashlib.sha256(first).hexdigest()


def test_the_files_are_not_under_the_public_media(completed, settings):
    certificate = certificates.issue(completed, notify=False)
    path = certificate.pdf.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    storage, name = certificate.pdf.storage, certificate.pdf.name
    assert storage.exists(name)
    files.forget_pdf(certificate)  # what erasure calls (tests/volunteers/test_retention.py)
    assert not storage.exists(name)


def test_without_a_storage_of_their_own_pdfs_go_beside_the_media_never_under_it(settings, tmp_path, monkeypatch):
    """A site that defines no ``skilldonation_certificates`` storage: a private folder
    next to MEDIA_ROOT (never served), or next to the working directory without one."""
    import os

    from wagtail_skilldonation.models.certificates import certificate_storage

    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "skilldonation_certificates"}
    settings.MEDIA_ROOT = str(tmp_path / "site" / "media")
    storage = certificate_storage()
    assert storage.location == str(tmp_path / "site" / "skilldonation-private")
    assert not os.path.abspath(storage.location).startswith(os.path.abspath(settings.MEDIA_ROOT))
    settings.MEDIA_ROOT = ""
    monkeypatch.chdir(tmp_path)
    assert certificate_storage().location == str(tmp_path.parent / "skilldonation-private")

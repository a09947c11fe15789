"""A storage that fills up mid-write leaves no orphan file and tells the editor, for
one certificate and for a batch (#31): it gave a bare 500 and a truncated PDF, and a
batch said "the work continues" for ever."""

import errno
import os
import re
import uuid
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from wagtail_skilldonation import applications
from wagtail_skilldonation.certificates.tasks import issue_all
from wagtail_skilldonation.models import Application, Certificate, CertificateBatch, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(monkeypatch):
    """The certificates' storage writes 4 KB of a file, then the disk is full."""
    storage = storages["skilldonation_certificates"]
    real = type(storage)._save

    def save_until_full(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(content.read()[:4096])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(storage), "_save", save_until_full)
    before = set(storage.listdir("certificates")[1]) if storage.exists("certificates") else set()
    yield lambda: (set(storage.listdir("certificates")[1]) if storage.exists("certificates") else set()) - before
    monkeypatch.setattr(type(storage), "_save", real)


def completed_application(mission, name):
    volunteer = Volunteer.objects.create(first_name=name, last_name="P", email=f"{name}@example.org")
    application = Application.objects.create(mission=mission, volunteer=volunteer)
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=3, notify=False)
    return application


def test_issuing_on_a_full_disk_leaves_nothing_and_says_so(admin_client, open_mission, full_disk):
    application = completed_application(open_mission, "lea")
    response = admin_client.post(
        reverse("wagtail_skilldonation_certificates:issue", args=[application.pk]), follow=True
    )
    assert response.status_code == 200
    assert "The certificate could not be stored (disk full)" in response.content.decode()
    assert not Certificate.objects.exists()
    assert full_disk() == set()  # no truncated PDF left behind


def test_a_batch_on_a_full_disk_ends_and_says_what_is_left(admin_client, open_mission, superuser, full_disk):
    ids = [completed_application(open_mission, name).pk for name in ("noe", "ana")]
    batch = CertificateBatch.objects.create(id=uuid.uuid4(), application_ids=ids, created_by=superuser)
    assert issue_all(ids, superuser.pk, batch.pk.hex) == 0
    page = admin_client.get(reverse("wagtail_skilldonation_certificates:batch", args=[batch.pk.hex]))
    html = page.content.decode()
    assert "2 certificates could not be issued" in html
    assert len(re.findall(r"could not be stored \(disk full\)", html)) == 2
    assert 'http-equiv="refresh"' not in html  # it has ended: no "the work goes on"
    assert not Certificate.objects.exists()
    assert full_disk() == set()


def test_the_daily_purge_removes_the_files_an_interrupted_issue_left(completed):
    """A worker killed while issuing leaves a written file whose certificate row rolled
    back: ``skilldonation_purge`` removes it once it is an hour old, never a file a
    certificate names, nor one being issued right now."""
    import datetime

    from django.core.management import call_command

    from wagtail_skilldonation.certificates.files import orphan_files
    from wagtail_skilldonation.certificates.issuing import issue

    storage = storages["skilldonation_certificates"]
    kept = issue(completed, notify=False)
    old = storage.save("certificates/KILLED-MID-ISSUE.pdf", ContentFile(b"%PDF-1.7 half"))
    fresh = storage.save("certificates/BEING-ISSUED.pdf", ContentFile(b"%PDF-1.7 now"))
    long_ago = 946684800  # 2000-01-01: more than an hour old by any clock (CI runs one a year ahead)
    for name in (old, kept.pdf.name):
        os.utime(storage.path(name), (long_ago, long_ago))
    # Half an hour after the file system wrote the fresh one: only the old orphan.
    written = storage.get_modified_time(fresh)
    assert orphan_files(now=written + datetime.timedelta(minutes=30)) == [old]
    storage.delete(fresh)
    out = StringIO()
    call_command("skilldonation_purge", stdout=out)
    assert not storage.exists(old)
    assert storage.exists(kept.pdf.name)
    # Other tests' rolled-back certificates left files in this process's storage too:
    # as many as are an hour old by this clock go with it.
    assert re.search(r"\b[1-9]\d* certificate files? no certificate names removed", out.getvalue())

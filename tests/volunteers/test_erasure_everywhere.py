"""Forgetting a volunteer reaches every copy of their name and address: every text
column of every table (Wagtail's as well as ours), every stored file, the API, the
sitemap and the search backend.

The fixture seeds every kind of record a person leaves: applications and what was typed,
the conversation both ways, hours, both sides' feedback, a certificate and its PDF, mails,
an invitation, an editor's edit of their record, and a testimonial page drawn from their
feedback, published twice (two revisions, page log entries, a search index entry).
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision

from wagtail_skilldonation.followup.feedback import link_url, to_testimonial
from wagtail_skilldonation.models import Feedback, TestimonialPage
from wagtail_skilldonation.volunteers.retention import forget

NAME, ADDRESS = "ancien", "ancien@example.org"  # the fixture's first name and e-mail


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):  # PostgreSQL's JSON columns come back decoded
        return json.dumps(value, ensure_ascii=False)
    return ""


def text_left_in_database(*markers):
    """Every (table, column, value) holding a marker, in every table of the database."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = _text(value).lower()
                    if any(marker in text for marker in markers):
                        found.append((table, column, text[:160]))
    return found


def stored_files():
    """Every file in the storages: public media and the certificates' private one."""
    roots = [Path(settings.MEDIA_ROOT)]
    for options in (backend.get("OPTIONS", {}) for backend in settings.STORAGES.values()):
        if options.get("location"):
            roots.append(Path(options["location"]))
    return {path for root in roots for path in root.rglob("*") if path.is_file()}


@pytest.fixture(autouse=True)
def earlier_files():
    """The storages are shared by the tests of one process: what earlier tests left
    there (their own volunteers' PDFs) is not this test's (autouse: read first)."""
    return stored_files()


def files_left(earlier, *markers):
    """Every file stored since ``earlier`` whose text holds a marker; PDFs are read as
    a reader would, through their text."""
    found = []
    for path in sorted(stored_files() - earlier):
        data = path.read_bytes()
        text = data.decode("utf-8", "ignore")
        if data.startswith(b"%PDF"):
            text = " ".join(page.extract_text() for page in PdfReader(path).pages)
        if any(marker in text.lower() for marker in markers):
            found.append(str(path))
    return found


@pytest.fixture
def named_everywhere(old_volunteer, testimonial_index, admin_user, django_capture_on_commit_callbacks):
    """The volunteer of ``old_volunteer`` also quoted on a published testimonial (two
    revisions) and edited once by an editor."""
    with django_capture_on_commit_callbacks(execute=True):
        feedback = Feedback.objects.get(role="volunteer")
        page = to_testimonial(feedback, admin_user)
        page.save_revision(user=admin_user).publish(user=admin_user)
        page.quote += " Merci à toute l'équipe, Ancien."
        page.save_revision(user=admin_user).publish(user=admin_user)
        log(old_volunteer, "wagtail.edit", user=admin_user)
    return page


def test_forgetting_leaves_their_name_and_address_nowhere(
    earlier_files, named_everywhere, old_volunteer, client, django_capture_on_commit_callbacks
):
    page = named_everywhere
    application = old_volunteer.applications.get()
    feedback_link = link_url(application, "volunteer")
    public_url = page.get_url()
    # Before: the name is in the tables, the files, on the public page, in the API,
    # the sitemap and the search backend (else this test could not fail).
    before = {table for table, _column, _value in text_left_in_database(NAME, ADDRESS)}
    assert {"wagtailcore_page", "wagtailcore_revision", "wagtailcore_pagelogentry"} <= before
    assert "wagtailcore_modellogentry" in before  # the editor's edit of their record
    assert files_left(earlier_files, NAME)  # the certificate's PDF
    assert Revision.objects.filter(object_id=str(page.pk)).count() >= 2
    assert NAME in client.get(public_url, follow=True).content.decode().lower()
    assert NAME in client.get("/sitemap.xml", follow=True).content.decode().lower()
    assert NAME in client.get("/api/v2/testimonials/?fields=*", follow=True).content.decode().lower()
    assert TestimonialPage.objects.live().search("Ancien").count() == 1
    opened = client.get(feedback_link, follow=True)
    assert opened.status_code == 200
    assert "The team has read your feedback" in opened.content.decode()  # the link opens

    with django_capture_on_commit_callbacks(execute=True):
        forget(old_volunteer)

    assert text_left_in_database(NAME, ADDRESS) == []
    assert files_left(earlier_files, NAME, ADDRESS) == []
    assert client.get(public_url, follow=True).status_code == 404
    for url in ("/sitemap.xml", "/api/v2/testimonials/?fields=*"):
        answer = client.get(url, follow=True)
        assert answer.status_code == 200
        assert NAME not in answer.content.decode().lower(), url
    assert list(Page.objects.search("Ancien")) == []
    assert list(TestimonialPage.objects.search("Ancien")) == []
    # The page stays for the editors' records, withdrawn and nameless, with its history.
    page = TestimonialPage.objects.get(pk=page.pk)
    assert not page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish").exists()
    # Their feedback link stops working (the form would speak for someone forgotten).
    answer = client.get(feedback_link, follow=True)
    assert answer.status_code in (404, 410)
    assert "The team has read your feedback" not in answer.content.decode()


def test_a_testimonial_written_by_someone_else_stays(
    named_everywhere, old_volunteer, testimonial_index, django_capture_on_commit_callbacks
):
    """Only what came from their feedback is withdrawn: another testimonial on the
    same mission is left as it is."""
    other = TestimonialPage(
        title="Mme Jardin", quote="Une belle collaboration", author_name="Mme Jardin", mission=named_everywhere.mission
    )
    testimonial_index.add_child(instance=other)
    with django_capture_on_commit_callbacks(execute=True):
        forget(old_volunteer)
    other.refresh_from_db()
    assert (other.live, other.title, other.quote) == (True, "Mme Jardin", "Une belle collaboration")


def test_every_signed_link_of_theirs_stops_after_forgetting(client, accepted, django_capture_on_commit_callbacks):
    """Erased while on a mission: their hours link, their space's session and the
    sign-in link they had asked for open nothing any more."""
    from wagtail_skilldonation.followup.hours import link_url as hours_link
    from wagtail_skilldonation.volunteers import access

    volunteer = accepted.volunteer
    hours = hours_link(accepted).replace("http://testserver", "")
    assert client.get(hours, follow=True).status_code == 200
    session = access.VolunteerAccess.objects.create(volunteer=volunteer)
    access.use(session)
    cookie = access.cookie_value(session)
    asked = access.VolunteerAccess.objects.create(volunteer=volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        forget(volunteer)
    assert client.get(hours, follow=True).status_code in (404, 410)
    assert access.access_for_cookie(cookie) is None
    sign_in = access.link_url(asked).replace("http://testserver", "")
    assert client.post(sign_in).status_code in (404, 410)
    assert "skilldonation_volunteer" not in client.post(sign_in).cookies

"""The public application form generated from the mission page."""

import datetime
import re

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES

from tests.conftest import form_data
from wagtail_skilldonation.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    MissionFormField,
    MissionStatus,
    Submission,
    Volunteer,
)


def not_the_cache(callbacks):
    """What waits for the commit besides the cached pages' refresh (the first visit
    creates the portal settings, which renews the cached parts)."""
    from wagtail_skilldonation.cache import is_cache_refresh

    return [c for c in callbacks if not is_cache_refresh(c)]


def post(client, mission, **overrides):
    return client.post(mission.url, form_data(mission, **overrides), follow=True)


def test_form_shows_fixed_fields_and_mission_skills_first(client, open_mission):
    response = client.get(open_mission.url)
    html = response.content.decode()
    for name in [
        "first_name",
        "last_name",
        "email",
        "phone",
        "postcode",
        "city",
        "format",
        "availability_hours",
        "skills",
        "message",
        "proposals",
    ]:
        assert f'name="{name}"' in html, name
    assert "Skills sought for this mission" in html
    assert html.index("Graphisme") < html.index("Développement web")
    assert "keeps the details you give here to process your application" in html  # the notice
    assert 'name="proposals" required' not in html
    assert 'name="proposals"' in html
    assert "2 places left" in html
    assert "private" in response["Cache-Control"]


def test_applying_needs_no_consent_box_and_proposals_are_opt_in(client, open_mission, skills):
    """CNIL: processing the application is the contract asked for; being proposed
    other missions is a separate, optional choice (#16)."""
    response = post(client, open_mission, proposals=None)
    assert response.status_code == 200
    assert "Thank you for your application" in response.content.decode()
    volunteer = Volunteer.objects.get()
    assert volunteer.consent_at is None  # not proposed missions
    application = Application.objects.get()
    assert application.consent_at is not None
    assert application.consent_version == "2026-11"
    from wagtail_skilldonation.matching.engine import rank_volunteers

    assert volunteer.pk not in [m.volunteer.pk for m in rank_volunteers(open_mission)]


def test_apply_creates_volunteer_and_application(client, open_mission, skills):
    response = post(client, open_mission, skills=[skills["Graphisme"].pk, skills["Mentorat"].pk])
    assert response.status_code == 200
    assert "Thank you for your application" in response.content.decode()
    assert "private" in response["Cache-Control"]
    volunteer = Volunteer.objects.get()
    assert (volunteer.first_name, volunteer.email, volunteer.format) == (
        "Camille",
        "camille.martin@example.org",
        "remote",
    )
    assert volunteer.availability_hours == 8
    assert volunteer.consent_at is not None
    assert volunteer.consent_version == "2026-11"
    assert {s.name for s in volunteer.skills.all()} == {"Graphisme", "Mentorat"}
    application = Application.objects.get()
    assert application.mission_id == open_mission.pk
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.message == "Je serais ravie d'aider."
    assert {s.name for s in application.skills_offered.all()} == {"Graphisme", "Mentorat"}
    event = ApplicationEvent.objects.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "submitted", None)


def test_extra_questions_of_every_type_are_rendered_and_stored(client, open_mission):
    values = {
        "singleline": ("Langues", "Français, anglais"),
        "multiline": ("Expérience", "Dix ans\nde bénévolat"),
        "email": ("E-mail pro", "pro@example.org"),
        "number": ("Années", "7"),
        "url": ("Portfolio", "https://example.org/portfolio"),
        "checkbox": ("Permis", "on"),
        "checkboxes": ("Jours", ["Lundi", "Jeudi"]),
        "dropdown": ("Niveau", "Expert"),
        "multiselect": ("Outils", ["Figma", "Canva"]),
        "radio": ("Rythme", "Hebdomadaire"),
        "date": ("Disponible dès", "2026-12-01"),
        "datetime": ("Entretien", "2026-12-01 10:00"),
        "hidden": ("Source", "portail"),
    }
    choices = {
        "checkboxes": "Lundi\nMardi\nJeudi",
        "dropdown": "Débutant\nExpert",
        "multiselect": "Figma\nCanva\nInkscape",
        "radio": "Ponctuel\nHebdomadaire",
    }
    assert set(values) == {t for t, _ in FORM_FIELD_CHOICES}
    for i, (field_type, (label, _value)) in enumerate(values.items()):
        MissionFormField.objects.create(
            page=open_mission,
            sort_order=i,
            label=label,
            field_type=field_type,
            required=False,
            choices=choices.get(field_type, ""),
        )
    html = client.get(open_mission.url).content.decode()
    assert "A few questions about this mission" in html
    for label, _value in values.values():
        if label != "Source":
            assert label in html

    fields = {f.label: f.clean_name for f in open_mission.form_fields.all()}
    extra = {f"q_{fields[label]}": value for label, value in values.values()}
    response = post(client, open_mission, **extra)
    assert "Thank you" in response.content.decode()
    answers = Application.objects.get().answers
    got = {a["label"]: a["value"] for a in answers.values()}
    assert got["Langues"] == "Français, anglais"
    assert got["Années"] == "7"
    assert got["Permis"] is True
    assert got["Jours"] == ["Lundi", "Jeudi"]
    assert got["Outils"] == ["Figma", "Canva"]
    assert got["Disponible dès"] == "2026-12-01"
    assert got["Entretien"].startswith("2026-12-01T10:00")
    assert got["Source"] == "portail"
    assert dict(Application.objects.get().answer_list())["Jours"] == "Lundi, Jeudi"


def test_required_extra_question(client, open_mission):
    MissionFormField.objects.create(page=open_mission, label="Pourquoi ?", field_type="singleline", required=True)
    response = post(client, open_mission)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Application.objects.exists()


def test_resubmission_answers_the_same_page_and_keeps_one_record(client, open_mission, skills):
    first = post(client, open_mission, message="Premier message")
    second = post(
        client,
        open_mission,
        email="CAMILLE.Martin@Example.org",
        message="Second message",
        skills=[skills["Rédaction"].pk],
        first_name="Camille-Anne",
    )

    # Same page both times: nothing tells the visitor this e-mail had applied before.
    def normalise(r):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())

    assert normalise(first) == normalise(second)
    assert Volunteer.objects.count() == 1
    assert Application.objects.count() == 1
    # What happens to the second post (kept, waiting for the address's owner) is
    # tests/applications/test_takeover.py's subject.
    assert Application.objects.get().submissions.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"first_name": ""}, "first_name", "This field is required."),
        ({"availability_hours": "0"}, "availability_hours", "greater than or equal to 1"),
        ({"format": "teleport"}, "format", "Select a valid choice"),
        ({"skills": ["999999"]}, "skills", "Select a valid choice"),
    ],
)
def test_invalid_input_is_redisplayed_with_accessible_errors(
    client, open_mission, overrides, field, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, open_mission, **dict({"last_name": "Durand-<Typed>"}, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    error_id = f"id_{field}_error"
    assert f'id="{error_id}"' in html
    assert message in html
    if field not in ("format", "skills"):  # grouped inputs describe the fieldset
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in tag
        assert error_id in tag
    # What was typed is kept (and escaped).
    assert 'value="Durand-&lt;Typed&gt;"' in html
    assert not Application.objects.exists()
    assert not Volunteer.objects.exists()
    assert not_the_cache(callbacks) == []
    assert mail.outbox == []


def test_errors_are_translated(client, open_mission):
    response = client.post(
        open_mission.url, form_data(open_mission, email="nope"), HTTP_ACCEPT_LANGUAGE="fr", follow=True
    )
    html = response.content.decode()
    assert re.search(r"Saisissez une adresse (de courriel|e-mail) valide", html)  # Django's or DRF's wording
    assert "Veuillez corriger les erreurs ci-dessous" in html


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": MissionStatus.CLOSED}, "This mission is closed"),
        ({"status": MissionStatus.COMPLETED}, "This mission is completed"),
        ({"application_deadline": datetime.date(2020, 1, 1)}, "The deadline to apply to this mission has passed"),
    ],
)
def test_no_form_when_mission_does_not_take_applications(client, make_mission, fields, reason):
    mission = make_mission(**fields)
    html = client.get(mission.url).content.decode()
    assert reason in html
    assert 'name="email"' not in html
    response = client.post(mission.url, form_data(mission), follow=True)
    assert reason in response.content.decode()
    assert not Application.objects.exists()
    assert not Volunteer.objects.exists()


def test_full_mission_takes_waiting_list_applications(client, open_mission, django_capture_on_commit_callbacks):
    from wagtail_skilldonation import applications
    from wagtail_skilldonation.models import Volunteer

    for i in range(2):
        v = Volunteer.objects.create(first_name="V", last_name=str(i), email=f"v{i}@example.org")
        app = Application.objects.create(mission=open_mission, volunteer=v)
        applications.change_status(app, "accepted", notify=False)
    html = client.get(open_mission.url).content.decode()
    assert "All places of this mission are taken" in html
    assert "Join the waiting list" in html
    with django_capture_on_commit_callbacks(execute=True):
        landing = post(client, open_mission)
    assert Application.objects.get(volunteer__email="camille.martin@example.org").status == "waiting_list"
    # The thank-you page and the mail say "waiting list", not the usual next steps.
    assert "new applications go onto its waiting list" in landing.content.decode()
    received = next(m for m in mail.outbox if m.to == ["camille.martin@example.org"])
    assert "your application is on its waiting list" in received.body
    assert "answer you by e-mail, usually within a week" not in received.body
    index_html = client.get(open_mission.get_parent().url + "?status=full").content.decode()
    assert "Campagne" in index_html


def test_the_waiting_list_mail_says_full_only_when_it_is(open_mission, django_capture_on_commit_callbacks):
    from wagtail_skilldonation import applications
    from wagtail_skilldonation.models import Volunteer

    volunteer = Volunteer.objects.create(first_name="V", last_name="W", email="w@example.org")
    application = Application.objects.create(mission=open_mission, volunteer=volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        applications.change_status(application, "waiting_list")  # 2 places, none taken
    (message,) = mail.outbox
    assert "are taken" not in message.body
    assert "on its waiting list" in message.body


def test_a_filled_honeypot_is_kept_as_suspected_spam_not_dropped(
    client, open_mission, skills, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        good = post(client, open_mission, email="someone@example.org")
    assert len(mail.outbox) == 2  # a real application is acknowledged and announced
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        held = post(client, open_mission, website="http://spam.example", email="maybe@example.org")
    assert held.status_code == 200
    assert held.templates[0].name == good.templates[0].name
    assert "We have kept your application" in held.content.decode()
    # Kept as typed, apart: no volunteer, no application, nobody e-mailed.
    (spam,) = Submission.objects.filter(state="spam")
    assert (spam.mission_id, spam.application_id, spam.details["email"]) == (open_mission.pk, None, "maybe@example.org")
    assert spam.skill_ids == [skills["Graphisme"].pk]
    assert spam.consent_at is not None
    assert Application.objects.count() == 1
    assert Volunteer.objects.count() == 1
    assert mail.outbox == []


def test_too_fast_submission_comes_back_with_what_was_typed(client, open_mission, django_capture_on_commit_callbacks):
    """Autofill and a quick click: maybe a person. Nobody is dropped behind a fake
    "thank you": the form comes back, filled in, and nothing is stored yet."""
    import time

    from django.core import signing

    from wagtail_skilldonation.applications.forms import STARTED_SALT, started_token

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        quick = post(client, open_mission, started=started_token(open_mission))
        forged = post(client, open_mission, started="1700000000")
    for response in (quick, forged):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Thank you" not in html
        assert "This form was sent very quickly after it appeared" in html
        assert 'value="Martin"' in html
        assert "Je serais ravie d&#x27;aider." in html
        fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
        assert signing.loads(fresh, salt=STARTED_SALT)["t"] > time.time() - 5  # the clock restarts
    assert not Application.objects.exists()
    assert not_the_cache(callbacks) == []
    assert mail.outbox == []


def test_minimum_fill_time_is_a_setting(client, open_mission, settings):
    settings.WAGTAIL_SKILLDONATION = {"MIN_FILL_SECONDS": 60}
    post(client, open_mission)  # filled in 30 s
    assert not Application.objects.exists()
    settings.WAGTAIL_SKILLDONATION = {"MIN_FILL_SECONDS": 10}
    post(client, open_mission)
    assert Application.objects.exists()


def test_rate_limit_per_ip(client, open_mission, settings):
    from django.core.cache import cache

    cache.clear()
    settings.WAGTAIL_SKILLDONATION = {"RATE_LIMIT_PER_IP": (2, 600)}
    for i in range(2):
        assert post(client, open_mission, email=f"p{i}@example.org").status_code == 200
    limited = post(client, open_mission, email="p3@example.org")
    assert limited.status_code == 429
    assert "Too many applications" in limited.content.decode()
    assert Application.objects.count() == 2
    # Another address is not affected; the IP itself is never stored in clear.
    other = client.post(
        open_mission.url, form_data(open_mission, email="p4@example.org"), REMOTE_ADDR="10.1.2.3", follow=True
    )
    assert other.status_code == 200
    assert Application.objects.count() == 3
    assert not any("127.0.0.1" in str(key) for key in cache._cache.keys())


def test_colleagues_behind_one_office_network_are_not_one_visitor(client, make_mission, settings):
    """#18: the limit is per address *and* e-mail; the same person sending again and
    again is limited, their colleagues are not."""
    settings.WAGTAIL_SKILLDONATION = {"RATE_LIMIT": (2, 600)}
    missions = [make_mission(title=f"M{i}", places_available=5) for i in range(4)]
    assert [post(client, m, email="same@example.org").status_code for m in missions[:3]] == [200, 200, 429]
    assert [post(client, m, email=f"colleague{i}@example.org").status_code for i, m in enumerate(missions)] == [200] * 4


def test_the_client_address_behind_trusted_proxies(client, open_mission, settings):
    """With no trusted proxy (the default) a forged X-Forwarded-For changes nothing;
    with one, the address our proxy saw is the visitor's."""
    from django.test import RequestFactory

    from wagtail_skilldonation.throttle import client_ip

    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(forged) == "10.0.0.1"
    settings.WAGTAIL_SKILLDONATION = {"TRUSTED_PROXIES": 1}
    assert client_ip(forged) == "203.0.113.7"  # what our proxy appended, not what the client wrote
    settings.WAGTAIL_SKILLDONATION = {"TRUSTED_PROXIES": 2}
    assert client_ip(forged) == "6.6.6.6"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"  # no header: the socket
    # Behind one proxy, two visitors are two, although the socket is the proxy's.
    settings.WAGTAIL_SKILLDONATION = {"TRUSTED_PROXIES": 1, "RATE_LIMIT_PER_IP": (1, 600)}
    assert (
        client.post(
            open_mission.url, form_data(open_mission, email="a@example.org"), HTTP_X_FORWARDED_FOR="198.51.100.1"
        ).status_code
        == 302  # kept, then the thank-you page
    )
    assert (
        client.post(
            open_mission.url, form_data(open_mission, email="b@example.org"), HTTP_X_FORWARDED_FOR="198.51.100.2"
        ).status_code
        == 302  # kept, then the thank-you page
    )
    assert (
        client.post(
            open_mission.url, form_data(open_mission, email="c@example.org"), HTTP_X_FORWARDED_FOR="198.51.100.2"
        ).status_code
        == 429
    )


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_xss_payloads_are_escaped_everywhere(client, admin_client, open_mission, django_capture_on_commit_callbacks):
    from django.urls import reverse

    MissionFormField.objects.create(page=open_mission, label="Question", field_type="singleline", required=False)
    with django_capture_on_commit_callbacks(execute=True):
        post(
            client,
            open_mission,
            first_name=XSS,
            last_name=XSS,
            city=XSS,
            postcode="<b>1</b>",
            message=XSS,
            q_question=XSS,
            email="xss@example.org",
        )
    # The volunteer's acknowledgement and the editors' notice, both naming the person.
    assert len(mail.outbox) == 2
    application = Application.objects.get()
    pages = [
        admin_client.get(reverse("wagtail_skilldonation_application_modeladmin_index")),
        admin_client.get(reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application.pk])),
        admin_client.get(
            reverse("wagtailsnippets_wagtail_skilldonation_volunteer:edit", args=[application.volunteer.pk])
        ),
        admin_client.get(reverse("wagtailsnippets_wagtail_skilldonation_volunteer:list")),
        admin_client.get(reverse("wagtailadmin_pages:edit", args=[open_mission.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    inspect = pages[1].content.decode()
    assert "&lt;script&gt;alert" in inspect
    # The redisplayed form (an invalid submission) escapes what was typed.
    again = post(client, open_mission, first_name=XSS, email="bad")
    assert "<script>alert" not in again.content.decode()
    for message in mail.outbox:
        ((content, mimetype),) = message.alternatives
        assert mimetype == "text/html"
        assert "<script>alert" not in content
        assert "<img src=x" not in content
        assert "&lt;script&gt;alert" in content  # shown as text, not dropped
        assert "\n" not in message.subject


def test_csrf_is_enforced(open_mission):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(open_mission.url, form_data(open_mission), follow=True)
    assert response.status_code == 403
    assert not Application.objects.exists()
    page = client.get(open_mission.url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    ok = client.post(open_mission.url, {**form_data(open_mission), "csrfmiddlewaretoken": token}, follow=True)
    assert ok.status_code == 200
    assert Application.objects.count() == 1


def test_forms_menu_leads_to_the_inbox(admin_client, open_mission):
    from django.urls import reverse

    response = admin_client.get(reverse("wagtailforms:list_submissions", args=[open_mission.pk]))
    assert response.status_code == 302
    assert f"mission__page_ptr__exact={open_mission.pk}" in response["Location"]


def test_the_honeypot_is_hidden_even_without_the_app_s_stylesheet(client, open_mission):
    html = client.get(open_mission.url).content.decode()
    trap = re.search(r'<div class="sd-trap"[^>]*>', html).group(0)
    assert 'aria-hidden="true"' in trap
    assert "left:-10000px" in trap


def test_a_display_time_names_its_mission_and_is_accepted_once(client, open_mission, make_mission):
    import time

    from wagtail_skilldonation.applications.forms import started_token

    other = make_mission(title="Autre", places_available=1)
    shown = started_token(other, at=time.time() - 30)  # shown on another mission's page
    moved = post(client, open_mission, started=shown)
    assert "This form was sent very quickly after it appeared" in moved.content.decode()
    assert not Application.objects.exists()
    token = started_token(open_mission, at=time.time() - 30)
    first = post(client, open_mission, started=token)
    assert "Thank you for your application" in first.content.decode()
    replay = post(client, open_mission, started=token, email="other@example.org")
    html = replay.content.decode()
    assert "This form was already sent. Please check your answers and send it again." in html
    assert 'value="other@example.org"' in html  # what was typed comes back
    assert Application.objects.count() == 1


def test_a_required_drop_down_asks_to_choose(client, open_mission):
    """#29: a required drop-down preselected its first answer, so nobody was asked."""
    from html.parser import HTMLParser

    field = MissionFormField.objects.create(
        page=open_mission, label="Niveau", field_type="dropdown", required=True, choices="Débutant\nExpert"
    )

    class Options(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.options = False, []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "select":
                self.inside = attrs.get("name") == f"q_{field.clean_name}"
            elif tag == "option" and self.inside:
                self.options.append((attrs.get("value"), "selected" in attrs))

        def handle_endtag(self, tag):
            if tag == "select":
                self.inside = False

    options = Options()
    options.feed(client.get(open_mission.url).content.decode())
    assert options.options[0] == ("", True)  # an empty line, chosen until the applicant chooses
    assert [value for value, _selected in options.options[1:]] == ["Débutant", "Expert"]
    response = post(client, open_mission)
    assert "This field is required." in response.content.decode()
    assert not Application.objects.exists()
    assert "Thank you" in post(client, open_mission, **{f"q_{field.clean_name}": "Expert"}).content.decode()


def test_the_thank_you_page_survives_a_reload(client, open_mission):
    """#29: reloading the thank-you page said "Error – this form was already sent… send it
    again" with the form refilled. Post/redirect/get: a reload shows the thank-you again
    and sends nothing; a forged or another page's token shows the form."""
    response = client.post(open_mission.url, form_data(open_mission))
    assert response.status_code == 302
    thanks = response["Location"]
    assert thanks.startswith(open_mission.url + "?sent=")
    for _reload in range(2):
        page = client.get(thanks)
        assert "Thank you for your application" in page.content.decode()
        assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert Application.objects.count() == 1
    other = open_mission.get_parent().add_child(instance=type(open_mission)(title="Autre", slug="autre"))
    for wrong in (other.url + "?sent=" + thanks.split("sent=")[1], open_mission.url + "?sent=forged"):
        html = client.get(wrong).content.decode()
        assert "Thank you for your application" not in html
        assert 'name="first_name"' in html

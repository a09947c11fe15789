"""The paths that protect people and records, pinned down exactly: who did what and
when, which record a change touches (and no other), the error each refusal gives.
Written against the survivors of `make mutation`."""

import datetime
import re
import time
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.utils import timezone

from tests.conftest import form_data
from wagtail_skilldonation import applications, certificates, reports
from wagtail_skilldonation.applications.forms import STARTED_SALT, started_token
from wagtail_skilldonation.followup import feedback, hours
from wagtail_skilldonation.models import (
    Application,
    Certificate,
    Feedback,
    HoursDeclaration,
    MissionCapacity,
    Volunteer,
)

TODAY = timezone.localdate()


def person(name):
    return Volunteer.objects.create(
        first_name=name, last_name="X", email=f"{name}@example.org", consent_at=timezone.now()
    )


def completed_on(mission, name, done=4):
    application = Application.objects.create(mission=mission, volunteer=person(name))
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=done, notify=False)
    return application


# Certificates ----------------------------------------------------------------------------


def test_no_certificate_before_completion(accepted):
    with pytest.raises(certificates.CertificateError) as refused:
        certificates.issue(accepted, notify=False)
    assert refused.value.code == "not_completed"
    assert refused.value.messages == ["Only completed applications get a certificate."]
    assert not Certificate.objects.exists()


def test_issuer_is_recorded_only_for_a_signed_in_user(open_mission, superuser):
    application = completed_on(open_mission, "lea")
    assert certificates.issue(application, user=superuser, notify=False).issued_by == superuser
    assert certificates.issue(application, user=AnonymousUser(), notify=False).issued_by is None
    assert certificates.issue(application, notify=False).issued_by is None


def test_reissue_and_revoke_touch_only_the_certificate_they_are_about(open_mission):
    lea, noe = completed_on(open_mission, "lea"), completed_on(open_mission, "noe")
    first = certificates.issue(lea, notify=False)
    certificates.revoke(first, "Nom mal orthographié")
    first.refresh_from_db()
    when = first.revoked_at
    other = certificates.issue(noe, notify=False)
    second = certificates.issue(lea, notify=False)
    third = certificates.issue(lea, notify=False)  # replaces the second, not the first again
    first.refresh_from_db(), second.refresh_from_db(), other.refresh_from_db()
    assert (first.revoked_reason, first.revoked_at) == ("Nom mal orthographié", when)
    assert second.revoked_reason == "Replaced by a new certificate"
    assert other.revoked_at is None
    assert third.revoked_at is None
    certificates.revoke(third, "Erreur")
    certificates.revoke(third, "Autre raison")  # already revoked: the first word stays
    third.refresh_from_db(), other.refresh_from_db()
    assert third.revoked_reason == "Erreur"
    assert other.revoked_at is None


# The hours ledger ---------------------------------------------------------------------


def declare(application, amount, day=TODAY):
    return HoursDeclaration.objects.create(application=application, date=day, hours=amount, description="x")


def test_reviews_record_who_and_when_and_touch_one_declaration(accepted, superuser):
    one, two, three = declare(accepted, 2), declare(accepted, 3), declare(accepted, 1)
    before = timezone.now()
    assert hours.approve(one, superuser) is True
    assert hours.approve(one, superuser) is False  # once
    assert hours.reject(one, superuser) is False  # approved stays approved
    assert hours.reject(two, superuser) is True
    assert hours.reject(two, superuser) is False
    one.refresh_from_db(), two.refresh_from_db(), three.refresh_from_db()
    assert (one.status, one.reviewed_by, two.status, two.reviewed_by) == ("approved", superuser, "rejected", superuser)
    assert one.reviewed_at >= before
    assert two.reviewed_at >= before
    assert three.status == "pending"
    assert three.reviewed_by is None
    assert three.reviewed_at is None
    assert accepted.approved_hours == Decimal("2")


def errors(form, field):
    return [(e.code, e.messages[0]) for e in form.errors.as_data().get(field, [])]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", [("negative", "Declare a positive number of hours.")]),
        ("1", []),
        ("24", []),
        ("24.5", [("absurd", "A day has 24 hours: declare at most 24 per date.")]),
    ],
)
def test_hours_per_declaration(accepted, amount, expected):
    form = hours.HoursForm({"date": TODAY.isoformat(), "hours": amount, "description": "x"}, application=accepted)
    assert form.is_valid() == (not expected)
    assert errors(form, "hours") == expected


def test_no_hours_in_the_future(accepted):
    tomorrow = TODAY + datetime.timedelta(days=1)
    form = hours.HoursForm({"date": tomorrow.isoformat(), "hours": "2", "description": "x"}, application=accepted)
    assert errors(form, "date") == [("future", "You cannot declare hours in the future.")]


def test_a_day_counts_what_was_declared_but_not_what_was_rejected(accepted, superuser):
    rejected = declare(accepted, 20)
    hours.reject(rejected, superuser)
    form = hours.HoursForm({"date": TODAY.isoformat(), "hours": "20", "description": "x"}, application=accepted)
    assert form.is_valid(), form.errors
    declare(accepted, 5)
    form = hours.HoursForm({"date": TODAY.isoformat(), "hours": "20", "description": "x"}, application=accepted)
    assert errors(form, "hours") == [
        (None, "With what is already declared for this date, that makes more than 24 hours.")
    ]


# Places --------------------------------------------------------------------------------


def test_places_are_counted_per_mission_and_never_below_zero(make_mission):
    a, b = make_mission(places_available=1), make_mission(places_available=2)
    on_a = Application.objects.create(mission=a, volunteer=person("a"))
    on_b = Application.objects.create(mission=b, volunteer=person("b"))
    applications.change_status(on_a, "accepted", notify=False)
    applications.change_status(on_b, "accepted", notify=False)
    late = Application.objects.create(mission=a, volunteer=person("c"))
    with pytest.raises(applications.CapacityError) as full:
        applications.change_status(late, "accepted", notify=False)
    assert full.value.code == "full"
    assert full.value.messages == ["All 1 places of this mission are taken."]
    applications.change_status(on_a, "declined", notify=False)
    assert (applications.places_taken(a), applications.places_taken(b)) == (0, 1)
    MissionCapacity.objects.filter(mission_id=b.pk).update(accepted=0)  # out of step
    applications.change_status(on_b, "declined", notify=False)
    assert applications.places_taken(b) == 0


# The public form -------------------------------------------------------------------------


def test_names_are_kept_on_one_line(client, open_mission):
    client.post(
        open_mission.url, form_data(open_mission, first_name="  Anne \t Marie ", last_name="Du\nPont"), follow=True
    )
    volunteer = Volunteer.objects.get()
    assert (volunteer.first_name, volunteer.last_name) == ("Anne Marie", "Du Pont")


def test_the_rate_limit_error_is_the_form_s(rf, open_mission, settings):
    from wagtail_skilldonation.applications.forms import ApplicationForm

    settings.WAGTAIL_SKILLDONATION = {"RATE_LIMIT": (0, 600)}
    form_class = open_mission.get_form_class()
    request = rf.post("/", REMOTE_ADDR="192.0.2.9")
    form = form_class(form_data(open_mission), page=open_mission, user=AnonymousUser(), request=request)
    assert isinstance(form, ApplicationForm)
    assert not form.is_valid()
    assert [(e.code, e.messages[0]) for e in form.non_field_errors().as_data()] == [
        ("rate_limited", "Too many applications were sent from your connection. Please try again in a few minutes.")
    ]


def test_an_expired_form_comes_back_ready_to_send(client, open_mission, settings, monkeypatch):
    settings.WAGTAIL_SKILLDONATION = {"FORM_MAX_AGE": 3600, "MIN_FILL_SECONDS": 3}
    now = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: now - 7200)
        old = started_token(open_mission, at=now - 7200)
    response = client.post(open_mission.url, form_data(open_mission, started=old), follow=True)
    html = response.content.decode()
    assert (
        '<p class="sd-error">This form was open for too long. Please check your answers and send it again.</p>' in html
    )
    token = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert now - 5 <= signing.loads(token, salt=STARTED_SALT, max_age=60)["t"] <= time.time()
    with monkeypatch.context() as patch:  # sent again a little later: kept
        patch.setattr(time, "time", lambda: now + 10)
        again = client.post(open_mission.url, form_data(open_mission, started=token), follow=True)
    assert "Thank you for your application" in again.content.decode()
    assert Application.objects.count() == 1


# Feedback links --------------------------------------------------------------------------


def test_a_feedback_link_opens_its_own_application_once_completed(client, make_mission):
    mission = make_mission(places_available=5)
    lea, noe = completed_on(mission, "lea"), completed_on(mission, "noe")
    running = Application.objects.create(mission=mission, volunteer=person("ana"))
    applications.change_status(running, "accepted", notify=False)
    assert feedback.open_link(urlsplit(feedback.link_url(noe, "volunteer")).path.split("/")[-2]) == (noe, "volunteer")
    assert feedback.open_link(urlsplit(feedback.link_url(lea, "beneficiary")).path.split("/")[-2]) == (
        lea,
        "beneficiary",
    )
    path = urlsplit(feedback.link_url(running, "volunteer")).path
    assert client.get(path, follow=True).status_code == 404  # not completed: nothing to say yet
    assert not Feedback.objects.exists()


# Impact figures --------------------------------------------------------------------------


def test_hours_add_up_per_mission_and_category(make_mission, skills, superuser):
    web = make_mission(title="Site", skills=[skills["Développement web"]], places_available=5)
    app = make_mission(title="Appli", skills=[skills["Développement web"]], places_available=5)
    completed_on(web, "a", done=3)
    completed_on(web, "b", done=4)
    busy = Application.objects.create(mission=app, volunteer=person("c"))
    applications.change_status(busy, "accepted", notify=False)
    for amount in (2, 1.5):
        hours.approve(declare(busy, amount), superuser)
    other = Application.objects.create(mission=web, volunteer=person("d"))
    applications.change_status(other, "accepted", notify=False)
    hours.approve(declare(other, 5), superuser)
    figures = reports.impact()
    assert figures.hours_by_category == {"technical": Decimal("15.5")}
    assert figures.hours == Decimal("15.50")
    assert figures.volunteers_engaged == 4


def test_figures_follow_the_need_and_the_period(make_mission, make_need, skills):
    need = make_need(title="Besoin")
    served = make_mission(title="Servi", need=need, places_available=5)
    elsewhere = make_mission(title="Ailleurs", places_available=5)
    lea, noe = completed_on(served, "lea", done=6), completed_on(elsewhere, "noe", done=9)
    Feedback.objects.create(application=lea, role="volunteer", rating=5)
    Feedback.objects.create(application=noe, role="volunteer", rating=1)
    assert reports.impact(need=need).hours == Decimal("6.00")
    assert reports.impact(need=need).volunteers_engaged == 1
    assert reports.impact(need=need).rating_volunteers == 5
    assert reports.impact().rating_volunteers == 3
    past = TODAY - datetime.timedelta(days=400)
    Feedback.objects.filter(application=noe).update(created_at=timezone.now() - datetime.timedelta(days=400))
    assert reports.impact(start=TODAY).rating_volunteers == 5
    assert reports.impact(start=past, end=past).volunteers_engaged == 0


def test_a_code_spells_out_all_its_random_bits(monkeypatch):
    from wagtail_skilldonation.certificates import codes

    digits = sum(i * 32**i for i in range(16))  # 0, 1, … F, least significant first
    monkeypatch.setattr(codes.secrets, "randbits", lambda bits: digits)
    assert codes.new_code() == "0123-4567-89AB-CDEF"


def test_nobody_edits_an_application_by_hand(admin_client, accepted):
    url = f"/admin/wagtail_skilldonation/application/edit/{accepted.pk}/"
    assert admin_client.get(url).status_code in (302, 403, 404)
    assert admin_client.post(url, {"message": "changed"}).status_code in (302, 403, 404)
    accepted.refresh_from_db()
    assert accepted.message == ""


def test_only_accepted_or_completed_volunteers_are_engaged(make_mission, skills):
    mission = make_mission(skills=[skills["Graphisme"]], places_available=5)
    completed_on(mission, "lea")
    Application.objects.create(mission=mission, volunteer=person("noe"))  # only applied
    declined = Application.objects.create(mission=mission, volunteer=person("ana"))
    applications.change_status(declined, "declined", notify=False)
    assert reports.impact().volunteers_engaged == 1


def test_the_skills_table_follows_the_category(make_mission, skills):
    make_mission(skills=[skills["Graphisme"], skills["Développement web"]])
    technical = reports.impact(category="technical").skills
    assert [row["skill"].name for row in technical] == ["Développement web"]
    assert {row["skill"].name for row in reports.impact().skills} == {"Graphisme", "Développement web"}


def test_the_minimum_fill_time_is_inclusive(client, open_mission, settings, monkeypatch):
    settings.WAGTAIL_SKILLDONATION = {"MIN_FILL_SECONDS": 3}
    now = time.time()
    started = started_token(open_mission, at=now - 3)
    monkeypatch.setattr(time, "time", lambda: now)
    client.post(open_mission.url, form_data(open_mission, started=started), follow=True)
    assert Application.objects.count() == 1


def test_the_form_s_rate_limit_window_passes(client, open_mission, settings, monkeypatch):
    settings.WAGTAIL_SKILLDONATION = {"RATE_LIMIT_PER_IP": (1, 600)}
    assert client.post(open_mission.url, form_data(open_mission, email="a@example.org"), follow=True).status_code == 200
    assert client.post(open_mission.url, form_data(open_mission, email="b@example.org"), follow=True).status_code == 429
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 601)
    data = form_data(open_mission, email="c@example.org", started=started_token(open_mission, at=now + 500))
    assert client.post(open_mission.url, data, follow=True).status_code == 200
    assert Application.objects.count() == 2


def test_the_valuation_uses_the_site_s_rates(make_mission, skills, home):
    from wagtail.models import Site

    from wagtail_skilldonation.models import PortalSettings

    completed_on(make_mission(skills=[skills["Développement web"]], places_available=5), "lea", done=2)
    default = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    default.rate_technical = Decimal(50)
    default.save()
    other = Site.objects.create(hostname="autre.example", root_page=home)
    theirs = PortalSettings.for_site(other)
    theirs.rate_technical = Decimal(80)
    theirs.save()
    assert reports.impact().valuation == Decimal("100.00")
    assert reports.impact(site=other).valuation == Decimal("160.00")


def test_status_changes_refuse_with_their_own_errors(make_mission, monkeypatch):
    mission = make_mission(places_available=3)
    application = Application.objects.create(mission=mission, volunteer=person("lea"))
    assert applications.allowed_transitions("no such status") == set()
    with pytest.raises(applications.TransitionError) as refused:
        applications.change_status(application, "completed", notify=False)
    assert refused.value.code == "transition"
    assert refused.value.messages == ["An application cannot go from “Submitted” to “Completed”."]
    applications.change_status(application, "accepted", notify=False)
    with pytest.raises(applications.TransitionError) as negative:
        applications.change_status(application, "completed", hours=-1, notify=False)
    assert (negative.value.code, negative.value.messages) == ("hours", ["Hours cannot be negative."])
    applications.change_status(application, "completed", hours=0, notify=False)  # zero is a number
    application.refresh_from_db()
    assert application.status == "completed"
    assert application.approved_hours == 0
    assert not application.hours_declarations.exists()  # nothing to add: no line


def test_a_status_changed_meanwhile_is_not_overwritten(make_mission, monkeypatch):
    mission = make_mission(places_available=3)
    application = Application.objects.create(mission=mission, volunteer=person("lea"))
    stale = Application.objects.select_related("mission").get(pk=application.pk)
    Application.objects.filter(pk=application.pk).update(status="declined")  # someone else

    class RacedRead:  # what this request read before the other one committed
        def select_related(self, *names):
            return self

        def get(self, **lookup):
            return stale

    monkeypatch.setattr(type(Application.objects), "select_for_update", lambda manager: RacedRead())
    with pytest.raises(applications.TransitionError) as refused:
        applications.change_status(application, "accepted", notify=False)
    assert refused.value.code == "concurrent"
    assert refused.value.messages == ["This application was changed by someone else; reload and try again."]
    application.refresh_from_db()
    assert application.status == "declined"
    assert applications.places_taken(mission) == 0


def test_automatic_certificates_name_their_issuer_and_stay_quiet_when_asked(
    make_mission, superuser, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.WAGTAIL_SKILLDONATION = {"AUTO_ISSUE_CERTIFICATES": True}
    mission = make_mission(places_available=3)
    quiet = Application.objects.create(mission=mission, volunteer=person("lea"))
    applications.change_status(quiet, "accepted", notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        applications.change_status(quiet, "completed", actor=superuser, notify=False)
    assert Certificate.objects.get(application=quiet).issued_by == superuser
    assert mail.outbox == []
    certificate = Certificate.objects.get(application=quiet)
    certificates.revoke(certificate)
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == ""

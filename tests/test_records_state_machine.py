"""Random lives of applications (issue #12): whatever the order of submissions,
confirmations, decisions, hours, certificates and edits, the records never contradict
each other.

After every step: the ledger's total = the application's total = the inbox's column =
its share of the impact report; every issued certificate keeps its facts and its
file's SHA-256; accepted ≤ places; every application has its submission event and its
form; a volunteer's name changes only by their confirmation or an editor's edit.
"""

import hashlib
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.conftest import add_page
from wagtail_skilldonation import applications, certificates, reports
from wagtail_skilldonation.applications.inbox import ApplicationAdmin
from wagtail_skilldonation.certificates.files import stored_pdf
from wagtail_skilldonation.followup import hours as ledger
from wagtail_skilldonation.models import (
    Application,
    ApplicationStatus,
    Certificate,
    HoursDeclaration,
    MissionCapacity,
    MissionPage,
    Organisation,
    Submission,
    Volunteer,
)

# Long (properties, migrations, the demo): left out of .ci/year_ahead.sh's quick run.
pytestmark = pytest.mark.slow

FACTS = (
    "holder_name",
    "mission_title",
    "organisation_name",
    "issuer",
    "period_start",
    "period_end",
    "hours",
    "skills",
    "objectives",
    "language",
    "sha256",
    "size",
)
PEOPLE = ["ana@example.org", "bao@example.org", "chloe@example.org"]
NAMES = ["Ana", "Bao", "Chloé", "Mallory"]
S = ApplicationStatus


class Records(RuleBasedStateMachine):
    mission_index = None  # set by the test
    skills = ()

    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint rolled back at the end: a clean slate.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.issued = {}  # certificate pk → its facts when issued
        self.names = {}  # volunteer pk → the name they should have

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    missions = Bundle("missions")
    awaiting = Bundle("awaiting")

    @initialize(target=missions, places=st.lists(st.integers(1, 2), min_size=2, max_size=2))
    def make_missions(self, places):
        self.organisation = Organisation.objects.create(name="Asso état")
        pages = []
        for n, count in enumerate(places):
            page = add_page(
                self.mission_index,
                MissionPage(
                    title=f"Mission {n}",
                    slug=f"sm-{n}",
                    organisation=self.organisation,
                    places_available=count,
                ),
                self.skills[:1],
            )
            pages.append(page)
        return tuple(pages)

    # Rules ----------------------------------------------------------------------------

    @rule(
        target=awaiting,
        missions=missions,
        which=st.integers(0, 1),
        person=st.sampled_from(PEOPLE),
        name=st.sampled_from(NAMES),
    )
    def submit(self, missions, which, person, name):
        mission = MissionPage.objects.get(pk=missions[which].pk)
        submission = applications.submit(
            mission,
            volunteer_data={"email": person, "first_name": name, "last_name": "X"},
            skills=list(self.skills[:1]),
            message=f"{name} écrit",
            notify=False,
        )
        volunteer = submission.application.volunteer
        self.names.setdefault(volunteer.pk, volunteer.first_name)
        return submission

    @rule(submission=consumes(awaiting))
    def confirm(self, submission):
        submission.refresh_from_db()
        try:
            applications.confirm(submission)
        except applications.ConfirmationError:
            assert submission.state != Submission.State.AWAITING
            return
        self.names[submission.application.volunteer_id] = submission.details["first_name"]

    @precondition(lambda self: Application.objects.exists())
    @rule(data=st.data(), to=st.sampled_from([S.ACCEPTED, S.ACCEPTED, S.DECLINED, S.WAITING_LIST, S.WITHDRAWN]))
    def decide(self, data, to):
        application = self._pick(data, Application.objects.all())
        if application is not None:
            try:
                applications.change_status(application, to, notify=False)
            except applications.TransitionError:
                pass

    @precondition(lambda self: Application.objects.filter(status=S.ACCEPTED).exists())
    @rule(data=st.data(), total=st.decimals(0, 40, places=2))
    def complete(self, data, total):
        application = self._pick(data, Application.objects.filter(status=S.ACCEPTED))
        if application is not None:
            try:
                applications.change_status(application, S.COMPLETED, hours=total, notify=False)
            except applications.TransitionError as refused:
                assert refused.code in ("hours_contradict", "hours_pending")

    @precondition(lambda self: Application.objects.filter(status=S.ACCEPTED).exists())
    @rule(data=st.data(), amount=st.decimals("0.25", 8, places=2))
    def declare(self, data, amount):
        application = self._pick(data, Application.objects.filter(status=S.ACCEPTED))
        if application is not None:
            HoursDeclaration.objects.create(
                application=application, date=timezone.localdate(), hours=amount, description="Atelier"
            )

    @precondition(lambda self: HoursDeclaration.objects.filter(status="pending").exists())
    @rule(data=st.data(), approve=st.booleans())
    def review(self, data, approve):
        line = self._pick(data, HoursDeclaration.objects.filter(status="pending"))
        if line is not None:
            (ledger.approve if approve else ledger.reject)(line, None)

    @precondition(lambda self: Application.objects.filter(status=S.COMPLETED).exists())
    @rule(data=st.data())
    def issue(self, data):
        application = self._pick(data, Application.objects.filter(status=S.COMPLETED))
        if application is not None:
            certificate = certificates.issue(application, notify=False)
            self.issued[certificate.pk] = self._facts(certificate)
            assert hashlib.sha256(stored_pdf(certificate)).hexdigest() == certificate.sha256

    @precondition(lambda self: Certificate.objects.filter(revoked_at__isnull=True).exists())
    @rule(data=st.data())
    def revoke(self, data):
        certificate = self._pick(data, Certificate.objects.filter(revoked_at__isnull=True))
        if certificate is not None:
            certificates.revoke(certificate, "Erreur")

    @rule(data=st.data(), name=st.sampled_from(NAMES))
    def edit_volunteer(self, data, name):
        volunteer = self._pick(data, Volunteer.objects.all())
        if volunteer is not None:
            volunteer.first_name = name
            volunteer.save()
            self.names[volunteer.pk] = name

    @rule(missions=missions, which=st.integers(0, 1), title=st.sampled_from(["Refonte", "Atelier"]))
    def edit_mission(self, missions, which, title):
        mission = MissionPage.objects.get(pk=missions[which].pk)
        mission.title = title
        mission.save_revision().publish()
        self.organisation.name = f"Asso {title}"
        self.organisation.save()

    # Invariants -----------------------------------------------------------------------

    @invariant()
    def one_hours_total_everywhere(self):
        inbox = {a.pk: a for a in ApplicationAdmin().get_queryset(_Request())}
        total = Decimal(0)
        for application in Application.objects.all():
            lines = sum(
                (line.hours for line in application.hours_declarations.all() if line.status == "approved"),
                Decimal(0),
            )
            assert application.approved_hours == lines
            assert Decimal(inbox[application.pk].ledger_hours or 0) == lines
            total += lines
        assert reports.impact(organisation=self.organisation).hours == total

    @invariant()
    def issued_certificates_never_change(self):
        for certificate in Certificate.objects.filter(pk__in=list(self.issued)):
            assert self._facts(certificate) == self.issued[certificate.pk]
            assert hashlib.sha256(stored_pdf(certificate)).hexdigest() == certificate.sha256

    @invariant()
    def places_are_never_overbooked(self):
        for mission in MissionPage.objects.filter(organisation__name__startswith="Asso"):
            holding = Application.objects.filter(mission=mission, status__in=[S.ACCEPTED, S.COMPLETED]).count()
            counted = MissionCapacity.objects.filter(mission=mission).values_list("accepted", flat=True).first() or 0
            assert holding == counted <= mission.places_available

    @invariant()
    def every_application_has_its_submission(self):
        for application in Application.objects.all():
            first = application.events.order_by("created_at", "pk").first()
            assert first is not None
            assert first.from_status == ""
            assert first.to_status in (S.UNCONFIRMED, S.SUBMITTED, S.WAITING_LIST)
            assert application.submissions.exists()

    @invariant()
    def names_change_only_by_their_owner_or_an_editor(self):
        for pk, name in self.names.items():
            assert Volunteer.objects.get(pk=pk).first_name == name

    # Helpers --------------------------------------------------------------------------

    def _pick(self, data, queryset):
        rows = list(queryset.order_by("pk"))
        return data.draw(st.sampled_from(rows)) if rows else None

    def _facts(self, certificate):
        certificate.refresh_from_db()
        return tuple(getattr(certificate, name) for name in FACTS)


class _Request:
    """What ``ApplicationAdmin.get_queryset`` reads of a request."""

    class user:
        is_superuser = True


@pytest.mark.django_db
def test_records_never_contradict_each_other(mission_index, skills):
    Records.mission_index = mission_index
    Records.skills = tuple(skills.values())
    run_state_machine_as_test(
        Records,
        settings=settings(
            # 20 sequences of 30 steps; fewer under `make mutation`'s profile (10) and
            # in CI's repeated runs (5).
            max_examples=min(20, settings.default.max_examples),
            stateful_step_count=30,
            deadline=None,
            # A failing run prints its steps; shrinking them can take many minutes.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )

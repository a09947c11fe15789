"""Every admin URL the app adds or inherits, found in the URL resolver (not listed by
hand), tried with GET and POST by every role: who gets through is asserted against
``RULES``, so a new view without a rule fails here, and a rule that is not enforced
(wagtail-modeladmin's history view admitted every admin user) goes red."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.models import (
    Application,
    CertificateBatch,
    Feedback,
    HoursDeclaration,
    NeedProposal,
    OutgoingMail,
    Skill,
    Submission,
    Volunteer,
)

pytestmark = pytest.mark.django_db

READ = {"view_application", "change_application"}
CHANGE = {"change_application"}
PEOPLE = {"view_volunteer", "change_volunteer"}
NOBODY = set()  # not even a superuser: applications come from volunteers
TRIAGE = {"triage_needproposal"}
ADMIN = "admin access"
SNIPPET = {  # Wagtail's snippet views, by what each does with the model
    "list": "any",
    "list_results": "any",
    "choose": "any",
    "choose_results": "any",
    "chosen": "any",
    "chosen_multiple": "any",
    "add": "add",
    "create": "add",
    "edit": "change",
    "copy": "add",
    "delete": "delete",
    "usage": "manage",  # Wagtail's: what uses it, and its log, to whoever may change it
    "history": "manage",
    "history_results": "manage",
    "inspect": "any",
}

# (URL name) → the app permissions of which one lets a user through, per method
# (one set for both methods unless a dict says otherwise).
RULES = {
    "wagtail_skilldonation_application_modeladmin_index": READ,
    "wagtail_skilldonation_application_modeladmin_create": NOBODY,
    "wagtail_skilldonation_application_modeladmin_edit": NOBODY,
    "wagtail_skilldonation_application_modeladmin_delete": NOBODY,
    "wagtail_skilldonation_application_modeladmin_inspect": READ,
    "wagtail_skilldonation_application_modeladmin_history": READ,
    "wagtail_skilldonation_application_modeladmin_transition": CHANGE,
    "wagtail_skilldonation_application_modeladmin_bulk": READ,  # a decision needs CHANGE (test_permissions)
    "wagtail_skilldonation_application_modeladmin_message": CHANGE,
    "wagtail_skilldonation_application_modeladmin_confirm_again": CHANGE,
    "skilldonation_missions:index": "pages",
    "skilldonation_missions:index_results": "pages",
    "skilldonation_missions:choose_parent": ADMIN,  # Wagtail's: lists only where the user may add
    "wagtail_skilldonation_certificates:issue": CHANGE,
    "wagtail_skilldonation_certificates:pdf": READ,
    "wagtail_skilldonation_certificates:revoke": CHANGE,
    "wagtail_skilldonation_certificates:batch_start": CHANGE,
    "wagtail_skilldonation_certificates:batch": CHANGE,
    "wagtail_skilldonation_followup:hours_review": CHANGE,
    "wagtail_skilldonation_followup:hours_add": CHANGE,
    "wagtail_skilldonation_followup:feedback_testimonial": CHANGE,  # and the page right (test_permissions_of_people)
    "wagtail_skilldonation_followup:feedback_reviewed": CHANGE,
    "wagtail_skilldonation_mail:failures": READ,
    "wagtail_skilldonation_mail:resend": CHANGE,
    "wagtail_skilldonation_matching:invite": "people and pages",
    "wagtail_skilldonation_reports:impact": READ,
    "wagtail_skilldonation_reports:impact_results": READ,
    "wagtail_skilldonation_spam:list": READ,
    "wagtail_skilldonation_spam:release": CHANGE,
    "wagtail_skilldonation_spam:delete": CHANGE,
    "wagtail_skilldonation_proposals:index": TRIAGE,
    "wagtail_skilldonation_proposals:detail": TRIAGE,
    "wagtail_skilldonation_proposals:accept": TRIAGE,
    "wagtail_skilldonation_proposals:decline": TRIAGE,
    "wagtail_skilldonation_proposals:mark": TRIAGE,
    "wagtail_skilldonation_proposals:write": TRIAGE,
    # The conversation with an organisation: whoever triages proposals or changes organisations.
    "wagtail_skilldonation_proposals:conversation": TRIAGE | {"change_organisation"},
}

ROLES = [
    "no admin access",
    "admin access",
    "Editors",
    "Moderators",
    "view_application",
    "change_application",
    "view_volunteer",
    "change_volunteer",
    "superuser",
]


def app_admin_urls():
    """(name, pattern, kwarg names) of every admin URL of ours: its name, its view's
    module or its namespace says so."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
                )
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and prefix.startswith("admin/"):
                view = getattr(entry.callback, "view_class", entry.callback)
                name = f"{namespace}:{entry.name}" if namespace else entry.name or ""
                if "skilldonation" in f"{name} {view.__module__}":
                    found.append((name, list(entry.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "", "")
    return found


def rule_for(name):
    if name in RULES:
        return RULES[name]
    namespace, _sep, view = name.partition(":")
    if namespace.startswith("wagtailsnippetchoosers_"):
        # Choosing a skill or an organisation (public vocabulary) is for every admin
        # user, as Wagtail has it; choosing a volunteer lists people: not for everyone,
        # and nobody creates one there (volunteers come by applying).
        if namespace.endswith("_volunteer"):
            return NOBODY if view == "create" else PEOPLE
        return ("snippet", namespace.rsplit("_", 1)[-1], "add") if view == "create" else ADMIN
    if namespace.startswith(
        ("wagtailsnippets_wagtail_skilldonation_", "wagtailsnippetchoosers_wagtail_skilldonation_")
    ):
        return ("snippet", namespace.rsplit("_", 1)[-1], SNIPPET[view])
    raise AssertionError(f"{name}: an admin URL of the app with no rule in RULES")


@pytest.fixture
def objects(open_mission, testimonial_index, superuser):
    lea = Volunteer.objects.create(first_name="Léa", last_name="B", email="lea@example.org", consent_at=timezone.now())
    done = Application.objects.create(mission=open_mission, volunteer=lea)
    applications.change_status(done, "accepted", notify=False)
    applications.change_status(done, "completed", hours=5, notify=False)
    certificate = certificates.issue(done, notify=False)
    declaration = HoursDeclaration.objects.create(application=done, date=timezone.localdate(), hours=1, description="x")
    feedback = Feedback.objects.create(
        application=done, role="volunteer", rating=5, worked="Bien", consent_publish=True, author_name="Léa B"
    )
    mail = OutgoingMail.objects.create(kind="declined", recipient=lea.email, application=done, status="failed")
    spam = Submission.objects.create(mission=open_mission, details={"email": "x@example.org"}, state="spam")
    batch = CertificateBatch.objects.create(id=uuid.uuid4(), application_ids=[done.pk], created_by=superuser)
    noe = Volunteer.objects.create(first_name="Noé", last_name="C", email="noe@example.org", consent_at=timezone.now())
    skill = Skill.objects.first()
    proposal = NeedProposal.objects.create(
        organisation_name="Les Jardins",
        contact_name="Amel",
        contact_email="amel@example.org",
        need="Un site",
        consent_at=timezone.now(),
    )
    return {
        "instance_pk": done.pk,
        "application_id": done.pk,
        "certificate_id": certificate.pk,
        "batch_id": str(batch.pk),
        "declaration_id": declaration.pk,
        "decision": "approve",
        "feedback_id": feedback.pk,
        "mail_id": mail.pk,
        "submission_id": spam.pk,
        "mission_id": open_mission.pk,
        "volunteer_id": noe.pk,
        "organisation_id": open_mission.organisation_id,
        "pk": {
            "volunteer": lea.pk,
            "organisation": open_mission.organisation_id,
            "skill": skill.pk,
            "proposals": proposal.pk,
        },
    }


def user_for(role, django_user_model):
    if role == "superuser":
        return django_user_model.objects.create_superuser("root", "root@example.org", "x")
    user = django_user_model.objects.create_user(role.replace(" ", "_"), f"{role.replace(' ', '')}@example.org", "x")
    if role in ("Editors", "Moderators"):
        user.groups.add(Group.objects.get(name=role))
        return user
    if role == "no admin access":
        return user
    codenames = ["access_admin"] + ([] if role == "admin access" else [role])
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def allowed(user, rule, model=None):
    if user.is_superuser:
        return rule != NOBODY
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if rule == ADMIN:
        return True
    pages = PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])
    if rule == "pages":
        return pages  # the missions' listing: Wagtail's page listing, for page editors
    if rule == "people and pages":
        return pages and any(user.has_perm(f"wagtail_skilldonation.{codename}") for codename in PEOPLE)
    if isinstance(rule, tuple):
        _snippet, model, action = rule
        actions = {"any": ["add", "change", "delete", "view"], "manage": ["add", "change", "delete"]}.get(
            action, [action]
        )
        return any(user.has_perm(f"wagtail_skilldonation.{a}_{model}") for a in actions)
    return any(user.has_perm(f"wagtail_skilldonation.{codename}") for codename in rule)


def denied(response):
    location = response.get("Location", "")
    return response.status_code == 403 or (
        response.status_code == 302
        and (location == reverse("wagtailadmin_home") or location.startswith(reverse("wagtailadmin_login")))
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_of_the_app_lets_through_exactly_whom_its_rule_says(
    client, django_user_model, objects, role, django_capture_on_commit_callbacks
):
    urls = app_admin_urls()
    assert len(urls) > 60  # the resolver was read (snippets, modeladmin, viewsets)
    user = user_for(role, django_user_model)
    client.force_login(user)
    wrong = []
    for method in ("get", "post"):  # every read before anything is changed
        for name, kwarg_names in urls:
            rule = rule_for(name)
            model = name.partition(":")[0].rsplit("_", 1)[-1]  # a snippet's: volunteer, skill…
            kwargs = {k: objects[k][model] if k == "pk" else objects[k] for k in kwarg_names}
            with django_capture_on_commit_callbacks(execute=True):
                response = getattr(client, method)(reverse(name, kwargs=kwargs))
            expected = allowed(user, rule)
            if response.status_code == 405:
                continue  # this method is not served at all: nothing to see or change
            if denied(response) == expected:
                wrong.append((method, name, response.status_code, response.get("Location")))
    assert wrong == [], f"{role}: {wrong}"

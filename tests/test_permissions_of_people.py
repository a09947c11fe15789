"""Who may see people and act on them (issue #13, permissions): seeing volunteers
needs a volunteer permission, a testimonial needs the right to add it, and whoever
may issue a certificate may download it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission

from wagtail_skilldonation import applications
from wagtail_skilldonation.models import (
    Application,
    Certificate,
    Feedback,
    Invitation,
    TestimonialPage,
    Volunteer,
)


def user_with(django_user_model, name, codenames=(), pages=()):
    """A user whose group has these model permissions and edit rights on these pages."""
    user = django_user_model.objects.create_user(name, password="x")
    group = Group.objects.create(name=name)
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    for page, action in pages:
        GroupPagePermission.objects.create(group=group, page=page, permission_type=action)
    user.groups.add(group)
    return user


@pytest.fixture
def candidate(open_mission, skills):
    volunteer = Volunteer.objects.create(
        first_name="Camille",
        last_name="Secret",
        email="camille@example.org",
        city="Montreuil",
        consent_at=open_mission.first_published_at,
    )
    volunteer.skills.add(skills["Graphisme"])
    return volunteer


@pytest.mark.parametrize("may_see", [False, True])
def test_the_matching_tab_and_invitations_need_a_volunteer_permission(
    client, django_user_model, open_mission, candidate, may_see
):
    editor = user_with(
        django_user_model,
        "page-editor",
        ["view_volunteer"] if may_see else [],
        pages=[(open_mission.get_parent(), "change")],
    )
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[open_mission.pk]))
    assert edit.status_code == 200  # they may edit the page itself
    html = edit.content.decode()
    assert ("Camille Secret" in html) is may_see
    assert ("Montreuil" in html) is may_see
    assert ("Matching volunteers" in html) is may_see
    invite = reverse("wagtail_skilldonation_matching:invite", args=[open_mission.pk, candidate.pk])
    page = client.get(invite)
    assert (page.status_code == 200) is may_see
    assert ("Camille Secret" in page.content.decode()) is may_see
    client.post(invite, {"message": "Bonjour"})
    assert Invitation.objects.exists() is may_see


@pytest.fixture
def quotable(open_mission, testimonial_index):
    volunteer = Volunteer.objects.create(first_name="Léa", last_name="B", email="lea@example.org")
    application = Application.objects.create(mission=open_mission, volunteer=volunteer)
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", notify=False)
    return Feedback.objects.create(
        application=application,
        role="volunteer",
        rating=5,
        worked="Une belle équipe",
        consent_publish=True,
        show_name=True,
        author_name="Léa B",
    )


@pytest.mark.parametrize("may_add", [False, True])
def test_a_testimonial_needs_the_right_to_add_it(client, django_user_model, quotable, testimonial_index, may_add):
    user = user_with(
        django_user_model,
        "inbox-editor",
        ["view_application", "change_application"],
        pages=[(testimonial_index, "add")] if may_add else [],
    )
    client.force_login(user)
    client.post(reverse("wagtail_skilldonation_followup:feedback_testimonial", args=[quotable.pk]))
    assert TestimonialPage.objects.exists() is may_add


def test_whoever_may_issue_a_certificate_may_download_it(client, django_user_model, quotable):
    user = user_with(django_user_model, "issuer", ["change_application"])
    client.force_login(user)
    client.post(reverse("wagtail_skilldonation_certificates:issue", args=[quotable.application_id]))
    certificate = Certificate.objects.get()
    response = client.get(reverse("wagtail_skilldonation_certificates:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")

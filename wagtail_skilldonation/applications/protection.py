"""Records others rely on are not deleted by accident: a mission page or a volunteer
that applications refer to is kept, and the editor is told why (the models also say
``on_delete=PROTECT``, so nothing slips through another path)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from ..models import Application, MissionSkill, NeedSkill, Skill, Volunteer, VolunteerSkill


def applications_under(page):
    """Applications to ``page`` or to any mission below it (deleting a page deletes
    its subtree)."""
    return Application.objects.filter(mission__path__startswith=page.path)


def refuse_page_delete(request, page):
    """``before_delete_page``: keep a page whose missions have applications."""
    if not _refused(request, page):
        return None
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def refuse_bulk_page_delete(request, action_type, objects, action):
    """``before_bulk_action``: Wagtail's bulk delete runs no ``before_delete_page``;
    keep every page of the selection when one of them is held."""
    if action_type != "delete" or not all(isinstance(obj, Page) for obj in objects):
        return None
    held = [page for page in objects if _refused(request, page)]
    if not held:
        return None
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return redirect(next_url or reverse("wagtailadmin_explore", args=[held[0].get_parent().pk]))


def _refused(request, page):
    """Tell the editor when applications hold ``page``; True when they do."""
    count = applications_under(page).count()
    if not count:
        return False
    messages.error(
        request,
        ngettext(
            "“%(title)s” cannot be deleted: %(count)d application refers to it. Close the mission or unpublish "
            "it instead.",
            "“%(title)s” cannot be deleted: %(count)d applications refer to it. Close the mission or unpublish "
            "it instead.",
            count,
        )
        % {"title": page.get_admin_display_title(), "count": count},
    )
    return True


def refuse_volunteer_delete(request, instances):
    """``before_delete_snippet``: keep volunteers who applied; their data is erased
    through the retention path, which keeps the records."""
    held = [v for v in instances if isinstance(v, Volunteer) and v.applications.exists()]
    if not held:
        return None
    for volunteer in held:
        messages.error(
            request,
            _(
                "%(name)s cannot be deleted: their applications, hours and certificates "
                "must stay. Make them inactive, or erase their personal data with "
                "skilldonation_purge."
            )
            % {"name": volunteer.full_name or volunteer.pk},
        )
    return redirect("wagtailsnippets_wagtail_skilldonation_volunteer:list")


def skill_uses(skill):
    """Who holds ``skill``: volunteers, missions, needs and applications (the skills
    offered)."""
    return {
        "volunteers": VolunteerSkill.objects.filter(tag=skill).count(),
        "missions": MissionSkill.objects.filter(tag=skill).count(),
        "needs": NeedSkill.objects.filter(tag=skill).count(),
        "applications": Application.objects.filter(skills_offered=skill).count(),
    }


def refuse_skill_delete(request, instances):
    """``before_delete_snippet``: deleting a skill in use stripped it silently from
    every volunteer, mission and need (and blinded the matching); keep it, say who
    holds it."""
    held = [(skill, skill_uses(skill)) for skill in instances if isinstance(skill, Skill)]
    held = [(skill, uses) for skill, uses in held if any(uses.values())]
    if not held:
        return None
    for skill, uses in held:
        messages.error(
            request,
            _(
                "“%(name)s” cannot be deleted while in use (volunteers: %(volunteers)d, "
                "missions: %(missions)d, needs: %(needs)d, applications: %(applications)d). "
                "Rename it, or move its holders to another skill first."
            )
            % {"name": skill.label, **uses},
        )
    return redirect("wagtailsnippets_wagtail_skilldonation_skill:list")

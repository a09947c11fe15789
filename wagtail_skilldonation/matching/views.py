"""Editors invite a matching volunteer to apply to a mission."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from ..conf import get_setting
from ..mail import outbox
from ..mail.admin_views import tell_editor
from ..models import MissionPage, Volunteer
from .invitations import InvitationError, can_invite, invite, recent_count, refusal


class InvitationForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def invite_view(request, mission_id, volunteer_id):
    mission = get_object_or_404(MissionPage, id=mission_id)  # by id: any number (see portal.feeds)
    volunteer = get_object_or_404(Volunteer, pk=volunteer_id)
    if not can_invite(request.user, mission):
        raise PermissionDenied
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("wagtailadmin_pages:edit", args=[mission.pk])
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with outbox.watch() as mails:
                invite(mission, volunteer, request.user, message=form.cleaned_data["message"])
        except InvitationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(volunteer)s is invited to “%(mission)s”.") % {"volunteer": volunteer, "mission": mission.title},
            )
            tell_editor(request, mails)
            return redirect(back)
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/invite.html",
        {
            "mission": mission,
            "volunteer": volunteer,
            "form": form,
            "back": back,
            "recent": recent_count(volunteer),
            "limit": get_setting("INVITATIONS_PER_30_DAYS"),
            # Said before the form: an invitation that cannot go is not offered.
            "refused": None if request.method == "POST" else refusal(mission, volunteer),
        },
    )


class MatchingViewSet(ViewSet):
    """Inviting a volunteer to a mission (``/admin/skilldonation/invite/``)."""

    name = "wagtail_skilldonation_matching"
    url_prefix = "skilldonation/invite"

    def get_urlpatterns(self):
        return [path("<int:mission_id>/<int:volunteer_id>/", invite_view, name="invite")]

"""The editors' screens for need proposals (``/admin/skilldonation/proposals/``): the
list by status, one proposal as the organisation typed it, and the team's answers
(accept into a draft need, decline with a reason, being assessed, duplicate). Only
whoever may triage proposals gets in."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ..mail import outbox
from ..mail.admin_views import tell_editor
from ..models import NeedProposal
from ..validators import NUL_MESSAGE, has_nul
from .triage import TriageError, accept, decline, mark

PERMISSION = "wagtail_skilldonation.triage_needproposal"


def can_triage(user):
    return user.has_perm(PERMISSION)


def _require(request):
    if not can_triage(request.user):
        raise PermissionDenied


def proposals_view(request):
    _require(request)
    statuses = dict(NeedProposal.Status.choices)
    status = request.GET.get("status", "open")
    proposals = NeedProposal.objects.filter(suspected_spam=request.GET.get("spam") == "1")
    if status == "open":
        proposals = proposals.filter(status__in=[NeedProposal.Status.NEW, NeedProposal.Status.ASSESSING])
    elif status in statuses:
        proposals = proposals.filter(status=status)
    else:
        status = "all"
    page = Paginator(proposals.select_related("organisation"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/proposals.html",
        {"page": page, "status": status, "statuses": statuses, "spam": request.GET.get("spam") == "1"},
    )


def proposal_view(request, pk):
    _require(request)
    proposal = get_object_or_404(NeedProposal.objects.select_related("organisation", "need_page"), pk=pk)
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/proposal.html",
        {"proposal": proposal, "mails": proposal.mails.all(), "skills": proposal.skills.all()},
    )


@require_POST
def accept_view(request, pk):
    _require(request)
    proposal = get_object_or_404(NeedProposal, pk=pk)
    try:
        page, organisation, created = accept(proposal, user=request.user)
    except TriageError as error:
        messages.error(request, str(error))
        return redirect("wagtail_skilldonation_proposals:detail", pk=pk)
    if created:
        messages.success(request, _("Organisation “%(name)s” created.") % {"name": organisation.name})
    else:
        messages.warning(
            request,
            _(
                "Linked to the organisation “%(name)s” already known by its identifier; its record was not "
                "changed: compare it with what the proposal says."
            )
            % {"name": organisation.name},
        )
    messages.success(request, _("Draft need created: assess it, then publish it."))
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def decline_view(request, pk):
    _require(request)
    proposal = get_object_or_404(NeedProposal, pk=pk)
    note = request.POST.get("note", "")[:5000]
    if has_nul(note):
        messages.error(request, NUL_MESSAGE)
        return redirect("wagtail_skilldonation_proposals:detail", pk=pk)
    try:
        with outbox.watch() as mails:
            decline(proposal, note, user=request.user)
    except TriageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Proposal declined; the organisation is told why by e-mail."))
        tell_editor(request, mails)
    return redirect("wagtail_skilldonation_proposals:detail", pk=pk)


@require_POST
def mark_view(request, pk):
    _require(request)
    proposal = get_object_or_404(NeedProposal, pk=pk)
    try:
        mark(proposal, request.POST.get("status", ""), user=request.user)
    except TriageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Proposal marked."))
    return redirect("wagtail_skilldonation_proposals:detail", pk=pk)


class ProposalViewSet(ViewSet):
    name = "wagtail_skilldonation_proposals"
    url_prefix = "skilldonation/proposals"

    def get_urlpatterns(self):
        return [
            path("", proposals_view, name="index"),
            path("<int:pk>/", proposal_view, name="detail"),
            path("<int:pk>/accept/", accept_view, name="accept"),
            path("<int:pk>/decline/", decline_view, name="decline"),
            path("<int:pk>/mark/", mark_view, name="mark"),
        ]


class ProposalsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_triage(request.user)


def menu_item():
    return ProposalsMenuItem(
        gettext_lazy("Proposed needs"),
        reverse("wagtail_skilldonation_proposals:index"),
        name="skilldonation-proposals",
        icon_name="clipboard-list",
        order=260,
    )

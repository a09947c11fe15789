"""The editors' screens for need proposals (``/admin/skilldonation/proposals/``): the
list by status, one proposal as the organisation typed it, and the team's answers
(accept into a draft need, decline with a reason, being assessed, duplicate, a
question to its contact). Only whoever may triage proposals gets in. Beside them, the
conversation with each organisation (its space's messages)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
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
from ..models import NeedProposal, Organisation, OrganisationMessage
from ..validators import NUL_MESSAGE, has_nul
from . import conversation
from .triage import TriageError, accept, decline, mark

Author = OrganisationMessage.Author

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
        {
            "proposal": proposal,
            "mails": proposal.mails.all(),
            "skills": proposal.skills.all(),
            "thread": conversation.thread(proposal=proposal),
        },
    )


def _write(request, **about):
    """The team's message, from the admin: kept, and e-mailed to the contact."""
    try:
        with outbox.watch() as mails:
            conversation.post(Author.TEAM, request.POST.get("body", ""), user=request.user, **about)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, _("Message sent."))
    tell_editor(request, mails)
    return True


@require_POST
def proposal_write_view(request, pk):
    """A question to a proposal's contact (they answer by e-mail: its Reply-To is the
    team's address)."""
    _require(request)
    _write(request, proposal=get_object_or_404(NeedProposal, pk=pk))
    return redirect(reverse("wagtail_skilldonation_proposals:detail", args=[pk]) + "#messages")


def can_talk(user):
    """Who speaks for the team to organisations: whoever triages proposals or may
    change the organisations' records."""
    return can_triage(user) or user.has_perm("wagtail_skilldonation.change_organisation")


def conversation_view(request, organisation_id):
    """The partnership's conversation with one organisation (its space's messages)."""
    if not can_talk(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if request.method == "POST" and _write(request, organisation=organisation):
        return redirect(request.path)
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/organisation_conversation.html",
        {"organisation": organisation, "thread": conversation.thread(organisation=organisation)},
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
            path("<int:pk>/write/", proposal_write_view, name="write"),
            path("organisations/<int:organisation_id>/messages/", conversation_view, name="conversation"),
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

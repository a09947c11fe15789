"""The public pages of organisations: proposing a need (the form, and the thank-you
page that follows it, post/redirect/get; a suspected spam is kept and answered
alike), and an organisation's own page when it is turned on."""

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from ..models import MissionPage, NeedPage, Organisation, TestimonialPage
from ..models.pages import taking_applications_q
from ..portal.context import not_found, public_context
from . import emails
from .forms import ProposalForm


@never_cache
def propose(request):
    form = ProposalForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            proposal = form.save()
            if not proposal.suspected_spam:  # its address may not be the sender's: nobody is mailed
                emails.notify(proposal, "proposal_received")
                emails.notify(proposal, "proposal_new")
        return redirect(reverse("wagtail_skilldonation:need_proposed"))
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "wagtail_skilldonation/organisations/propose.html", public_context(form=form), status=status
    )


def proposed(request):
    return TemplateResponse(request, "wagtail_skilldonation/organisations/proposed.html", public_context())


def organisation_page(request, pk):
    """An organisation's public page, when an editor turned it on (off by default):
    what it does, its open needs and missions, the testimonials about its missions.
    Nothing about its contact."""
    organisation = Organisation.objects.filter(pk=pk, public_page=True).select_related("logo").first()
    if organisation is None:
        return not_found(request)
    missions = MissionPage.objects.live().public().one_per_mission().filter(organisation=organisation)
    open_missions = [m.localized for m in missions.filter(taking_applications_q()).order_by("application_deadline")]
    needs = NeedPage.objects.live().public().filter(organisation=organisation, locale=Locale.get_active())
    testimonials = (
        TestimonialPage.objects.live()
        .public()
        .filter(mission__in=missions, locale=Locale.get_active())
        .order_by("-first_published_at")
    )
    return TemplateResponse(
        request,
        "wagtail_skilldonation/organisations/organisation.html",
        public_context(
            organisation=organisation,
            missions=open_missions,
            needs=needs.order_by("title"),
            testimonials=testimonials[:6],
        ),
    )

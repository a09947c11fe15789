"""The public pages of an organisation proposing a need: the form, and the thank-you
page that follows it (post/redirect/get). A suspected spam is kept and answered alike."""

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..portal.context import public_context
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

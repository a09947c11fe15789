"""The organisation's space at ``/portal/organisation/``: sign in by e-mailed link to
the contact address, follow proposals, needs and missions, see the volunteers who
help (first name and the skills they bring, nothing else), write to the team, give
feedback per volunteer and objective, say what lasted, erase the contact's details.

Every page reads the organisations from the session (``access.organisations_of``)
and looks what it shows up *among theirs*: another organisation's id is a 404.
"""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from ..followup.feedback import FeedbackForm
from ..links import LinkExpired
from ..models import (
    Application,
    ApplicationStatus,
    Feedback,
    ImpactFollowUp,
    MissionPage,
    MissionSkill,
    NeedPage,
    NeedProposal,
    OrganisationMessage,
    VolunteerSkill,
)
from ..portal.context import bad_link, not_found, public_context
from ..portal.sessions import LinkUsed
from . import conversation, followups
from .access import SESSIONS, organisations_of, request_link
from .forms import ContactSignInForm, FollowUpForm, OrganisationMessageForm
from .retention import forget_contact

S = ApplicationStatus
HELPING = [S.ACCEPTED, S.COMPLETED]


def page(request, template, status=200, **context):
    """A page of the space, never cached."""
    context.setdefault("organisations", getattr(request, "organisations", None))
    response = TemplateResponse(
        request, f"wagtail_skilldonation/organisation_space/{template}.html", public_context(**context), status=status
    )
    response["Cache-Control"] = "private, no-store"
    return response


def contact_required(view):
    """The session as ``request.organisation_access``, the organisations it opens as
    ``request.organisations``; else back to the sign-in page, then on to this one."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "organisation_access", None) is None:  # space() may have found it already
            request.organisation_access = SESSIONS.for_cookie(request.COOKIES.get(SESSIONS.cookie_name))
        if request.organisation_access is None:
            going = SESSIONS.next_path(request.get_full_path()) if request.method == "GET" else ""
            query = f"?{urlencode({'next': going})}" if going else ""
            return redirect(SESSIONS.home_path() + query)
        request.organisations = list(organisations_of(request.organisation_access.email))
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # not theirs, or gone
            return not_found(request)
        if request.organisation_access is not None and SESSIONS.cookie_name not in response.cookies:
            SESSIONS.set_cookie(request, response, request.organisation_access)
        return response

    return wrapped


def own_organisation(request, pk):
    for organisation in request.organisations:
        if organisation.pk == pk:
            return organisation
    raise Http404


def own_missions(request):
    return MissionPage.objects.one_per_mission().filter(organisation__in=request.organisations)


def space(request):
    """The sign-in form, or the space itself for a signed-in contact."""
    request.organisation_access = SESSIONS.for_cookie(request.COOKIES.get(SESSIONS.cookie_name))
    if request.organisation_access is not None:
        going = SESSIONS.next_path(request.GET.get("next"))
        if going and going != request.path:
            return redirect(going)
        return home(request)
    form = ContactSignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not SESSIONS.ask(request, form.cleaned_data["email"].strip().lower(), request_link):
            return page(request, "sign_in", status=429, form=form, too_many=True)
        return redirect(SESSIONS.home_path() + "?sent=1")
    return page(request, "sign_in", form=form, sent=request.GET.get("sent") == "1")


def open_link(request, token):
    """The e-mailed link: a button signs in (a GET does not, so a mail program that
    opens links to scan them does not use it up)."""
    try:
        opened = SESSIONS.for_link(token)
    except LinkExpired:
        return page(request, "link_used", status=410, expired=True)
    except LinkUsed:
        return page(request, "link_used", status=410)
    if opened is None:
        return bad_link(request)
    if request.method != "POST":
        return page(request, "open_link", named=list(organisations_of(opened.email)))
    if not SESSIONS.use(opened):
        return page(request, "link_used", status=410)
    going = SESSIONS.next_path(request.GET.get("next")) or SESSIONS.home_path()
    return SESSIONS.set_cookie(request, redirect(going), opened)


@require_POST
@contact_required
def sign_out(request):
    SESSIONS.end(request.organisation_access)
    request.organisation_access = None
    return SESSIONS.delete_cookie(redirect(SESSIONS.home_path() + "?signed_out=1"))


def _helping(missions):
    """The volunteers accepted on ``missions``: (application, skills they bring), the
    skills being those the mission asks that the volunteer has."""
    applications = list(
        Application.objects.filter(mission__in=missions, status__in=HELPING)
        .select_related("volunteer", "mission")
        .order_by("mission__title", "volunteer__first_name", "pk")
    )
    asked = {}
    for mission_id, skill_id, name in MissionSkill.objects.filter(content_object__in=missions).values_list(
        "content_object", "tag", "tag__name"
    ):
        asked.setdefault(mission_id, {})[skill_id] = name
    has = {}
    for volunteer_id, skill_id in VolunteerSkill.objects.filter(
        content_object__in=[a.volunteer_id for a in applications]
    ).values_list("content_object", "tag"):
        has.setdefault(volunteer_id, set()).add(skill_id)
    rows = []
    for application in applications:
        wanted = asked.get(application.mission_id, {})
        rows.append((application, sorted(wanted[s] for s in has.get(application.volunteer_id, ()) if s in wanted)))
    return rows


def _needs(organisations):
    """One page per need, in the reader's language when it has one."""
    language = (get_language() or "").split("-")[0]
    chosen = {}
    for need in NeedPage.objects.filter(organisation__in=organisations).select_related("locale").order_by("title"):
        key = need.translation_key
        if key not in chosen or need.locale.language_code.split("-")[0] == language:
            chosen[key] = need
    return list(chosen.values())


@contact_required
def home(request):
    organisations = request.organisations
    missions = list(own_missions(request).live().order_by("-start_date", "title"))
    helping = _helping(missions)
    given = set(
        Feedback.objects.filter(application__in=[a for a, _ in helping], role=Feedback.Role.BENEFICIARY).values_list(
            "application", flat=True
        )
    )
    proposals = NeedProposal.objects.filter(
        Q(organisation__in=organisations) | Q(contact_email__iexact=request.organisation_access.email),
        suspected_spam=False,
    )
    threads = [
        (
            organisation,
            conversation.thread(organisation=organisation),
            OrganisationMessageForm(prefix=f"o{organisation.pk}"),
        )
        for organisation in organisations
    ]
    return page(
        request,
        "home",
        proposals=proposals,
        needs=_needs(organisations),
        missions=[mission.localized for mission in missions],
        helping=helping,
        to_give=[(a, skills) for a, skills in helping if a.status == S.COMPLETED and a.pk not in given],
        followups=ImpactFollowUp.objects.filter(organisation__in=organisations).select_related("mission"),
        threads=threads,
        saved=request.GET.get("saved", ""),
    )


@require_POST
@contact_required
def write(request, pk):
    """A message to the team about the partnership with one of their organisations."""
    organisation = own_organisation(request, pk)
    form = OrganisationMessageForm(request.POST, prefix=f"o{pk}")
    if form.is_valid():
        try:
            conversation.post(
                OrganisationMessage.Author.ORGANISATION, form.cleaned_data["body"], organisation=organisation
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            return redirect(reverse("wagtail_skilldonation:organisation_space") + f"?saved=message#messages-{pk}")
    return page(request, "write", status=400, organisation=organisation, form=form)


@contact_required
def give_feedback(request, pk):
    """Their word on one volunteer's part in a completed mission, per objective."""
    application = (
        Application.objects.select_related("mission", "volunteer")
        .filter(pk=pk, status=S.COMPLETED, mission__in=own_missions(request))
        .first()
    )
    if application is None:
        raise Http404
    mission = application.mission.specific
    existing = Feedback.objects.filter(application=application, role=Feedback.Role.BENEFICIARY).first()
    if existing and existing.reviewed_at:
        return page(request, "feedback_reviewed", mission=mission.localized, application=application)
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        instance=existing
        or Feedback(
            application=application,
            role=Feedback.Role.BENEFICIARY,
            author_name=mission.organisation.contact_name if mission.organisation else "",
        ),
        objectives=mission.objectives.all(),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(reverse("wagtail_skilldonation:organisation_space") + "?saved=feedback")
    return page(
        request,
        "feedback",
        status=400 if form.errors else 200,
        mission=mission.localized,
        application=application,
        form=form,
    )


@contact_required
def answer_followup(request, pk):
    followup = (
        ImpactFollowUp.objects.select_related("mission").filter(pk=pk, organisation__in=request.organisations).first()
    )
    if followup is None:
        raise Http404
    form = FollowUpForm(request.POST if request.method == "POST" else None, instance=followup)
    if request.method == "POST" and form.is_valid():
        followups.answer(followup, form.cleaned_data["still_used"], form.cleaned_data["what_changed"])
        return redirect(reverse("wagtail_skilldonation:organisation_space") + "?saved=followup")
    return page(
        request,
        "followup",
        status=400 if form.errors else 200,
        followup=followup,
        mission=followup.mission.specific.localized,
        form=form,
    )


@contact_required
def erase(request):
    """Erase the contact's details from their organisations (after a confirmation)."""
    if request.method == "POST" and request.POST.get("confirm") == "erase":
        forget_contact(request.organisation_access.email)  # ends the sessions too
        request.organisation_access = None
        return SESSIONS.delete_cookie(page(request, "erased", organisations=None))
    return page(request, "erase", asked=request.method == "POST")

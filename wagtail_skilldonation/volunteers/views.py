"""The volunteer's space at ``/portal/me/``: sign in by e-mailed link, follow one's
applications, write to the team, keep one's certificates, change one's details and
choices, download or erase what is kept.

Every page reads the volunteer from the session cookie (``access.access_for_cookie``)
and looks applications up *among theirs*: an id from someone else is a 404.
"""

import json
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..applications import conversation, lifecycle
from ..certificates import sharing
from ..certificates.links import download_url, verification_url
from ..certificates.passport import choose as choose_passport
from ..certificates.passport import live_certificates
from ..certificates.sharing import passport_url
from ..conf import get_setting
from ..followup import feedback as feedback_links
from ..followup import hours as hours_links
from ..links import LinkExpired
from ..mail.way_out import read_stop_token, stop
from ..matching.engine import rank_missions
from ..models import Application, ApplicationMessage, ApplicationStatus, MissionPage, Submission
from ..portal.context import bad_link, not_found, public_context
from . import access, data
from .forms import ChoicesForm, MessageForm, PassportForm, ProfileForm, QuickApplyForm, SignInForm, WithdrawForm
from .retention import forget

S = ApplicationStatus
WITHDRAWABLE = {S.SUBMITTED, S.WAITING_LIST, S.ACCEPTED}


def _page(request, template, status=200, **context):
    signed_in = getattr(request, "space", None)
    if signed_in is not None:
        context.setdefault("volunteer", signed_in.volunteer)  # the space's menu shows
    response = TemplateResponse(
        request, f"wagtail_skilldonation/space/{template}.html", public_context(**context), status=status
    )
    response["Cache-Control"] = "private, no-store"
    return response


def volunteer_required(view):
    """The signed-in volunteer as ``request.space``; else back to the sign-in page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "space", None) is None:  # space() may have found it already
            request.space = access.access_for_cookie(request.COOKIES.get(access.COOKIE_NAME))
        if request.space is None:
            # Signed out: sign in first, then on to this page (the link in the e-mail
            # carries it), never to the space's home instead.
            going = access.next_path(request.get_full_path()) if request.method == "GET" else ""
            query = f"?{urlencode({'next': going})}" if going else ""
            return redirect(reverse("wagtail_skilldonation:space") + query)
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # not theirs, or gone: the portal's page, in every mode
            return not_found(request)
        if request.space is not None and access.COOKIE_NAME not in response.cookies:
            _with_cookie(request, response, request.space)
        return response

    return wrapped


def _own_application(request, pk):
    application = (
        Application.objects.select_related("mission", "volunteer")
        .filter(pk=pk, volunteer=request.space.volunteer)
        .first()
    )
    if application is None:
        raise Http404
    return application


def space(request):
    """The sign-in form, or the space itself for a signed-in volunteer."""
    request.space = access.access_for_cookie(request.COOKIES.get(access.COOKIE_NAME))
    if request.space is not None:
        # Already signed in (another tab did it): on to the page asked for, if any.
        going = access.next_path(request.GET.get("next"))
        if going and going != request.path:
            return redirect(going)
        return home(request)
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not access.SESSIONS.ask(request, form.cleaned_data["email"].strip().lower(), access.request_link):
            return _page(request, "sign_in", status=429, form=form, too_many=True)
        return redirect(reverse("wagtail_skilldonation:space") + "?sent=1")
    return _page(request, "sign_in", form=form, sent=request.GET.get("sent") == "1")


def open_link(request, token):
    """The link from the e-mail: a button signs in (a GET does not, so a mail
    program that opens links to scan them does not use it up)."""
    try:
        opened = access.access_for_link(token)
    except LinkExpired:
        return _page(request, "link_used", status=410, expired=True)
    except access.LinkUsed:
        return _page(request, "link_used", status=410)
    if opened is None:
        return bad_link(request)
    if request.method != "POST":
        return _page(request, "open_link", owner=opened.volunteer)
    if not access.use(opened):
        return _page(request, "link_used", status=410)
    going = access.next_path(request.GET.get("next")) or reverse("wagtail_skilldonation:space")
    return _with_cookie(request, redirect(going), opened)


def _with_cookie(request, response, opened):
    return access.SESSIONS.set_cookie(request, response, opened)


@require_POST
@volunteer_required
def sign_out(request):
    access.end(request.space)
    response = redirect(reverse("wagtail_skilldonation:space") + "?signed_out=1")
    return access.SESSIONS.delete_cookie(response)


@volunteer_required
def home(request):
    volunteer = request.space.volunteer
    applications = Application.objects.filter(volunteer=volunteer).select_related("mission").order_by("-created_at")
    # Forms sent with their address that wait for their word (knowing an address
    # proves nothing; being signed in does).
    pending = [
        (submission, submission.differences(volunteer))
        for submission in Submission.objects.filter(
            application__volunteer=volunteer, state=Submission.State.AWAITING
        ).select_related("application__mission")
    ]
    return _page(
        request,
        "home",
        volunteer=volunteer,
        applications=applications,
        pending=pending,
        saved=request.GET.get("saved", ""),
    )


@require_POST
@volunteer_required
def confirm_pending(request, pk):
    submission = Submission.objects.filter(
        pk=pk, application__volunteer=request.space.volunteer, state=Submission.State.AWAITING
    ).first()
    if submission is None:
        raise Http404
    try:
        lifecycle.confirm(submission)
    except lifecycle.ConfirmationError:
        pass  # used or replaced meanwhile: the list below says how things are
    return redirect(reverse("wagtail_skilldonation:space") + "?saved=confirmed")


@volunteer_required
def missions(request):
    """The open missions that fit them best, with the matching's reasons."""
    volunteer = request.space.volunteer
    return _page(request, "missions", matches=rank_missions(volunteer, limit=20))


@volunteer_required
def mission_apply(request, pk):
    """Apply with one's profile; the mission's own questions are still asked."""
    mission = MissionPage.objects.live().filter(id=pk).first()  # by id: any number (see feeds)
    if mission is None:
        raise Http404
    mission = mission.canonical
    form_class = QuickApplyForm.for_mission(mission)
    form = form_class(request.POST if request.method == "POST" else None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            application = lifecycle.apply_as(
                request.space.volunteer,
                mission,
                message=form.cleaned_data.get("message", ""),
                answers=form.answers(),
                language=get_language() or "",
            )
        except lifecycle.TransitionError as error:
            refused = " ".join(error.messages)
        else:
            return redirect(reverse("wagtail_skilldonation:space_application", args=[application.pk]) + "?applied=1")
    return _page(
        request,
        "apply",
        status=400 if form.errors or refused else 200,
        mission=mission.localized,
        form=form,
        refused=refused or mission.application_closed_reason(),
    )


@volunteer_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    message_form = MessageForm(request.POST if request.method == "POST" else None, prefix="message")
    if request.method == "POST" and message_form.is_valid():
        try:
            conversation.post(application, ApplicationMessage.Author.VOLUNTEER, message_form.cleaned_data["body"])
        except ValidationError as error:
            message_form.add_error("body", error)
        else:
            return redirect(reverse("wagtail_skilldonation:space_application", args=[pk]) + "?sent=1#messages")
    status = S(application.status)
    certificate = application.certificates.filter(revoked_at__isnull=True, holder_withheld_at__isnull=True).first()
    return _page(
        request,
        "application",
        status=400 if message_form.errors else 200,
        application=application,
        mission=application.mission,
        events=application.events.order_by("created_at"),
        messages_list=application.messages.all(),
        message_form=message_form,
        withdraw_form=WithdrawForm(prefix="withdraw") if status in WITHDRAWABLE else None,
        hours_url=hours_links.link_url(application) if hours_links.takes_hours(application) else "",
        feedback_url=feedback_links.link_url(application, "volunteer") if status == S.COMPLETED else "",
        certificate=certificate,
        certificate_download_url=download_url(certificate) if certificate else "",
        certificate_verification_url=verification_url(certificate) if certificate else "",
        **(sharing.links(certificate) if certificate else {}),
        sent=request.GET.get("sent") == "1",
    )


@require_POST
@volunteer_required
def withdraw(request, pk):
    application = _own_application(request, pk)
    form = WithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid() or S(application.status) not in WITHDRAWABLE:
        return redirect("wagtail_skilldonation:space_application", pk)
    word = form.cleaned_data["body"].strip() or _("I withdraw my application.")
    with transaction.atomic():
        try:
            lifecycle.change_status(application, S.WITHDRAWN)
        except lifecycle.TransitionError:
            return redirect("wagtail_skilldonation:space_application", pk)
        conversation.post(application, ApplicationMessage.Author.VOLUNTEER, word)
    return redirect(reverse("wagtail_skilldonation:space_application", args=[pk]) + "?withdrawn=1")


@volunteer_required
def profile(request):
    volunteer = request.space.volunteer
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(reverse("wagtail_skilldonation:space") + "?saved=profile")
    return _page(request, "profile", status=400 if form.errors else 200, form=form, volunteer=volunteer)


@volunteer_required
def choices(request):
    volunteer = request.space.volunteer
    form = ChoicesForm(
        request.POST if request.method == "POST" else None,
        initial={"proposals": bool(volunteer.consent_at), "alerts": bool(volunteer.alerts_at)},
    )
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        if form.cleaned_data["proposals"] and not volunteer.consent_at:
            volunteer.consent_at, volunteer.consent_version = now, get_setting("CONSENT_VERSION")
        elif not form.cleaned_data["proposals"]:
            volunteer.consent_at, volunteer.consent_version = None, ""
        if form.cleaned_data["alerts"] and not volunteer.alerts_at:
            volunteer.alerts_at = now
        elif not form.cleaned_data["alerts"]:
            volunteer.alerts_at = None
        volunteer.save()
        return redirect(reverse("wagtail_skilldonation:space") + "?saved=choices")
    return _page(request, "choices", form=form, volunteer=volunteer)


@volunteer_required
def passport(request):
    """The volunteer passport: on or off, and which certificates it shows."""
    volunteer = request.space.volunteer
    form = PassportForm(
        request.POST if request.method == "POST" else None,
        volunteer=volunteer,
        initial={
            "public": bool(volunteer.passport_key),
            "certificates": live_certificates(volunteer).filter(code__in=volunteer.passport_codes or []),
        },
    )
    if request.method == "POST" and form.is_valid():
        choose_passport(volunteer, form.cleaned_data["public"], form.cleaned_data["certificates"])
        return redirect(reverse("wagtail_skilldonation:space_passport") + "?saved=1")
    return _page(
        request,
        "passport",
        status=400 if form.errors else 200,
        form=form,
        volunteer=volunteer,
        passport_url=passport_url(volunteer),
        saved=request.GET.get("saved") == "1",
    )


@volunteer_required
def download(request):
    """Everything kept about the volunteer, as JSON."""
    volunteer = request.space.volunteer
    response = HttpResponse(
        json.dumps(data.export(volunteer), ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@volunteer_required
def erase(request):
    volunteer = request.space.volunteer
    if request.method == "POST" and request.POST.get("confirm") == "erase":
        forget(volunteer)  # ends their sessions and links too
        request.space = None  # nobody is signed in any more
        response = _page(request, "erased")
        return access.SESSIONS.delete_cookie(response)
    return _page(request, "erase", volunteer=volunteer, asked=request.method == "POST")


@csrf_exempt  # the signed link is the proof; mail programs post here (RFC 8058)
def stop_receiving(request, token):
    """The one-click way out in alert and invitation e-mails: a page with a button
    (a GET changes nothing), or a mail program's one-click POST."""
    found = read_stop_token(token)
    if found is None:
        return bad_link(request)
    volunteer, what = found
    if request.method == "POST":
        stop(volunteer, what)
        return _page(request, "stopped", what=what, done=True)
    return _page(request, "stopped", what=what, done=False)

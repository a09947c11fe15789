"""The inbox's screens: the list (with its export and bulk form), an application's
page, and the POST-only actions on it (status, message, bulk decision)."""

from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import lookup_field
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail_modeladmin.views import IndexView, InspectView, InstanceSpecificView, WMABaseView

from ...exports import SafeExportMixin
from ...followup.hours import HoursForm, outside_the_mission
from ...mail import outbox
from ...mail.admin_views import tell_editor
from ...models import Application, ApplicationMessage, ApplicationStatus, Submission
from ...models.languages import contract
from ...models.space import MESSAGE_MAX_LENGTH
from ...validators import has_nul
from .. import conversation, emails, lifecycle, unconfirmed
from .confirm import ACTION_LABELS, confirm_completion, confirm_decision


class ApplicationIndexView(SafeExportMixin, IndexView):
    # ``selected``: the rows ticked for a bulk export (BulkView), not a model filter.
    IGNORED_PARAMS = IndexView.IGNORED_PARAMS + ("selected",)

    def dispatch(self, request, *args, **kwargs):
        """A filter or a search the list cannot read (a NUL, a date or an id that is
        none) answers 400 with a way back, not a 500 (PostgreSQL refuses a NUL)."""
        if any(has_nul(*values) for _name, values in request.GET.lists()):
            return self.unreadable(request)
        try:
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # the list is read here: inside the ``try``
        except (ValueError, ValidationError, DataError, IncorrectLookupParameters):
            return self.unreadable(request)
        return response

    def unreadable(self, request):
        return TemplateResponse(
            request,
            "wagtail_skilldonation/admin/unreadable_filter.html",
            {"index_url": self.url_helper.index_url},
            status=400,
        )

    def get_queryset(self, request=None):
        queryset = super().get_queryset(request)
        selected = [pk for pk in self.params.get("selected", "").split(",") if pk.isdigit()]
        return queryset.filter(pk__in=selected) if selected else queryset

    def get_context_data(self, **kwargs):
        # Suspected spam is not in the list (it is no application yet): a link says it waits.
        return super().get_context_data(
            spam_count=Submission.objects.filter(state=Submission.State.SPAM).count(),
            spam_url=reverse("wagtail_skilldonation_spam:list"),
            bulk_url=self.url_helper.get_action_url("bulk"),
            bulk_actions=BULK_ACTIONS,
            can_change=self.permission_helper.user_can_change_status(self.request.user),
            **kwargs,
        )

    def get_heading(self, queryset, field):
        # modeladmin title-cases headings ("E-Mail"); keep our labels as written.
        method = getattr(self.model_admin, field, None)
        label = getattr(method, "short_description", None)
        return capfirst(force_str(label)) if label else super().get_heading(queryset, field)

    def to_row_dict(self, item):
        """What is there: an empty cell when empty, 0 when zero (modeladmin writes "-"
        for both, which the CSV then had to neutralise as "'-")."""
        row = OrderedDict()
        for field in self.list_export:
            _field, _attr, value = lookup_field(field, item, self.model_admin)
            row[field] = "" if value is None else value
        return row


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ApplicationStatus.choices)
    note = forms.CharField(
        label=_("Internal note (optional)"),
        help_text=_("Kept in the history for the team; never sent to the volunteer. Write to them under Messages."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hours = forms.DecimalField(
        label=_("Hours done (when completing)"),
        help_text=_(
            "The approved total. A higher figure adds a line “entered at completion” "
            "for the difference, signed with your name."
        ),
        required=False,
        min_value=0,
        max_value=10000,
        decimal_places=2,
    )

    message = forms.CharField(
        label=_("Message to the volunteer, in the e-mail"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = lifecycle.allowed_transitions(application.status)
        self.fields["to_status"].choices = [
            (value, label) for value, label in ApplicationStatus.choices if value in allowed
        ]
        self.fields["hours"].initial = application.approved_hours


class ApplicationInspectView(InspectView):
    page_title = _("Application")

    def get_meta_title(self):
        return contract(_("Application of %(name)s") % {"name": self.instance.volunteer.full_name})

    def get_context_data(self, **kwargs):
        can_change = self.permission_helper.user_can_change_status(self.request.user)
        form = TransitionForm(application=self.instance) if can_change else None
        actions = [
            (value, ACTION_LABELS[value]) for value, _label in (form.fields["to_status"].choices if form else [])
        ]
        mission = self.instance.mission
        # Accept, decline, waiting list: the e-mail that will go, with the team's word
        # to edit before sending (the mission's text, else the portal's).
        answers = [
            (
                value,
                label,
                f"sd-answer-{value}",
                emails.default_answer(mission, lifecycle.NOTIFIED[value]),
                emails.build_message(
                    self.instance,
                    lifecycle.NOTIFIED[value],
                    personal=_("[your message, above]"),
                    preview=True,
                ).body,
            )
            for value, label in actions
            if value in lifecycle.NOTIFIED and not (value == ApplicationStatus.ACCEPTED and mission.places_left == 0)
        ]
        full = any(value == ApplicationStatus.ACCEPTED for value, _label in actions) and mission.places_left == 0
        return super().get_context_data(
            answers=answers,
            # Accepting cannot succeed while every place is taken: said before the click,
            # with what can be done instead.
            accept_refusal=_(
                "All %(places)s places of this mission are taken: accept once one frees up "
                "(an accepted volunteer withdraws or is declined), or put this application "
                "on the waiting list."
            )
            % {"places": mission.canonical.places_available}
            if full
            else "",
            application=self.instance,
            events=self.instance.events.select_related("actor"),
            transition_form=form,
            actions=actions,
            transition_url=self.url_helper.get_action_url("transition", self.pk_quoted),
            certificates=list(self.instance.certificates.all()),
            hours_declarations=[
                (line, outside_the_mission(line))  # what to look at twice before approving
                for line in self.instance.hours_declarations.select_related("author", "reviewed_by")
            ],
            approved_hours=self.instance.approved_hours,
            submissions=list(self.instance.submissions.all()),
            awaiting=[
                (submission, submission.differences(self.instance.volunteer), unconfirmed.link_expires_at(submission))
                for submission in self.instance.submissions.filter(state=Submission.State.AWAITING)
            ],
            confirm_again_url=self.url_helper.get_action_url("confirm_again", self.pk_quoted),
            feedback=list(self.instance.feedback.order_by("role")),
            mails=list(self.instance.mails.all()),
            conversation=list(self.instance.messages.select_related("author_user")),
            message_url=self.url_helper.get_action_url("message", self.pk_quoted),
            here=self.request.get_full_path(),
            hours_form=HoursForm(prefix=HoursForm.ADMIN_PREFIX),
            can_change=can_change,
            **kwargs,
        )


class MessageView(InstanceSpecificView):
    """POST only: write to the volunteer about one application (kept with it, e-mailed)."""

    http_method_names = ["post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_change_status(user)

    def post(self, request, *args, **kwargs):
        inspect_url = self.url_helper.get_action_url("inspect", self.pk_quoted)
        try:
            with outbox.watch() as mails:
                conversation.post(
                    self.instance, ApplicationMessage.Author.TEAM, request.POST.get("body"), user=request.user
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(inspect_url + "#sd-app-messages")
        messages.success(request, _("Message sent to %(volunteer)s.") % {"volunteer": self.instance.volunteer})
        tell_editor(request, mails)
        return redirect(inspect_url + "#sd-app-messages")


class ConfirmAgainView(InstanceSpecificView):
    """POST only: a fresh confirmation link to the address on record (the owner lost
    or missed the first one)."""

    http_method_names = ["post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_change_status(user)

    def post(self, request, *args, **kwargs):
        submission = self.instance.submissions.filter(pk=request.POST.get("submission") or None).first()
        with outbox.watch() as mails:
            sent = unconfirmed.send_again(submission) if submission is not None else None
        if sent is None:
            messages.error(request, _("This form no longer waits for a confirmation."))
        else:
            messages.success(
                request,
                _("A new confirmation link is on its way to %(address)s.") % {"address": self.instance.volunteer.email},
            )
            tell_editor(request, mails)
        return redirect(self.url_helper.get_action_url("inspect", self.pk_quoted) + "#sd-app-awaiting")


class TransitionView(InstanceSpecificView):
    """POST only: change the status of one application."""

    http_method_names = ["post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_change_status(user)

    def post(self, request, *args, **kwargs):
        application = self.instance
        inspect_url = self.url_helper.get_action_url("inspect", self.pk_quoted)
        form = TransitionForm(request.POST, application=application)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(inspect_url)
        to_status = form.cleaned_data["to_status"]
        if to_status in lifecycle.NOTIFIED and not request.POST.get("confirmed"):
            return confirm_decision(
                request,
                [application],
                to_status,
                message=form.cleaned_data["message"] if "message" in request.POST else None,
                hidden=[("to_status", to_status), ("note", form.cleaned_data["note"])],
                post_url=request.path,
                back_url=inspect_url,
            )
        hours = form.cleaned_data["hours"] if to_status == ApplicationStatus.COMPLETED else None
        if to_status == ApplicationStatus.COMPLETED and not request.POST.get("confirmed"):
            try:  # what would refuse the completion is said now, not after the confirm step
                lifecycle.hours_to_enter(application, hours)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return redirect(inspect_url)
            return confirm_completion(
                request,
                application,
                hidden=[
                    ("to_status", to_status),
                    ("note", form.cleaned_data["note"]),
                    ("hours", "" if hours is None else hours),
                ],
                post_url=request.path,
                back_url=inspect_url,
            )
        try:
            with outbox.watch() as mails:
                lifecycle.change_status(
                    application,
                    to_status,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    hours=hours,
                    # The e-mail as the editor left it (even emptied); without the
                    # field (the plain buttons), the mission's or portal's text.
                    message=form.cleaned_data["message"] if "message" in request.POST else None,
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(volunteer)s: application now “%(status)s”.")
                % {"volunteer": application.volunteer, "status": ApplicationStatus(to_status).label},
            )
            tell_editor(request, mails)
        return redirect(inspect_url)


BULK_ACTIONS = [
    (ApplicationStatus.ACCEPTED.value, _("Accept")),
    (ApplicationStatus.DECLINED.value, _("Decline")),
    (ApplicationStatus.WAITING_LIST.value, _("Put on the waiting list")),
    ("export", _("Export the selection (CSV)")),
]


class BulkView(WMABaseView):
    """POST only: one decision for the ticked rows of the inbox, taken one application
    at a time (oldest first: the first to apply gets the first free place), each with
    its own e-mail; what could not be done is said, with what can be done instead."""

    http_method_names = ["post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)

    def next_url(self, request):
        """The list as it was filtered; never another site."""
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return target
        return self.url_helper.index_url

    def back(self, request):
        return redirect(self.next_url(request))

    def post(self, request, *args, **kwargs):
        index_url = self.url_helper.index_url
        ids = [pk for pk in request.POST.getlist("selected") if pk.isdigit()]
        action = request.POST.get("action", "")
        if not ids or action not in dict(BULK_ACTIONS):
            messages.error(request, _("Tick at least one application and choose what to do."))
            return self.back(request)
        if action == "export":
            return redirect(f"{index_url}?export=csv&selected={','.join(ids)}")
        if not self.permission_helper.user_can_change_status(request.user):
            raise PermissionDenied
        message = request.POST.get("message", "").strip() or None
        if message and len(message) > MESSAGE_MAX_LENGTH:
            # Never cut what the editor wrote: say so, change nothing.
            messages.error(
                request,
                _("The message is too long (%(count)s characters; at most %(max)s).")
                % {
                    "count": len(message),
                    "max": MESSAGE_MAX_LENGTH,
                },
            )
            return self.back(request)
        if action in lifecycle.NOTIFIED and not request.POST.get("confirmed"):
            chosen = list(
                Application.objects.filter(pk__in=ids)
                .select_related("volunteer", "mission")
                .order_by("created_at", "pk")
            )
            if chosen:
                return confirm_decision(
                    request,
                    chosen,
                    action,
                    message=request.POST.get("message", ""),
                    hidden=[("selected", a.pk) for a in chosen]
                    + [("action", action), ("next", self.next_url(request))],
                    post_url=request.path,
                    back_url=self.next_url(request),
                )
        done, refused, full = [], [], []
        with outbox.watch() as mails:
            for application in (
                Application.objects.filter(pk__in=ids).select_related("volunteer").order_by("created_at", "pk")
            ):
                try:
                    lifecycle.change_status(application, action, actor=request.user, message=message)
                except lifecycle.CapacityError:
                    full.append(application)
                except ValidationError as error:
                    refused.append((application, " ".join(error.messages)))
                else:
                    done.append(application)
        tell_editor(request, mails)
        label = ApplicationStatus(action).label
        if done:
            messages.success(
                request,
                ngettext(
                    "%(count)s application now “%(status)s”.",
                    "%(count)s applications now “%(status)s”.",
                    len(done),
                )
                % {"count": len(done), "status": label},
            )
        for application, reason in refused:
            messages.error(request, format_html("{}: {}", application.volunteer, reason))
        if full:
            # Offer the waiting list for those the places did not cover.
            return TemplateResponse(
                request,
                "wagtail_skilldonation/admin/bulk_full.html",
                {
                    "view": self,
                    "full": full,
                    "done": done,
                    "bulk_url": self.url_helper.get_action_url("bulk"),
                    "index_url": index_url,
                },
            )
        return self.back(request)

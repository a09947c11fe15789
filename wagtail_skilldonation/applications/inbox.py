"""The applications inbox in the admin, built with wagtail-modeladmin.

Editors list, filter, search, export and inspect applications, and move them through
their statuses (with a note, and hours when completing). Creating or editing an
application by hand is not offered: applications come from volunteers.
"""

from collections import OrderedDict
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import lookup_field
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.urls import re_path, reverse
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView, InstanceSpecificView, WMABaseView

from ..exports import SafeExportMixin
from ..followup.hours import HoursForm
from ..mail import outbox
from ..mail.admin_views import tell_editor
from ..models import Application, ApplicationMessage, ApplicationStatus, HoursDeclaration, Submission
from ..portal.languages import language_name
from ..models.space import MESSAGE_MAX_LENGTH
from . import conversation, emails, lifecycle, waiting

def admin_column(label):
    """Give a ModelAdmin method its column heading (list and export)."""

    def decorate(method):
        method.short_description = label
        return method

    return decorate


def inspect_url_of(application_id):
    """The application's page in the inbox, where editors' actions lead back to."""
    return reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application_id])


class WaitingFilter(SimpleListFilter):
    """The work the admin home counts (``waiting``), one click from each count."""

    title = _("what is waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [(key, label) for key, label, _q in waiting.kinds()]

    def queryset(self, request, queryset):
        condition = waiting.condition(self.value())
        return queryset.filter(condition) if condition is not None else queryset


class LanguageFilter(SimpleListFilter):
    """The languages applications were written in, each by its name (an application
    from before languages were recorded has none: "Not recorded", never an empty link)."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = Application.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(code or "-", language_name(code) or _("Not recorded")) for code in codes]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(language="" if value == "-" else value)


class ApplicationPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return self.user_has_specific_permission(user, "view_application") or (
            self.user_has_specific_permission(user, "change_application")
        )

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False  # a record others rely on: withdraw or decline instead

    def user_can_change_status(self, user):
        return self.user_has_specific_permission(user, "change_application")


class ApplicationIndexView(SafeExportMixin, IndexView):
    # ``selected``: the rows ticked for a bulk export (BulkView), not a model filter.
    IGNORED_PARAMS = IndexView.IGNORED_PARAMS + ("selected",)

    def get_queryset(self, request=None):
        queryset = super().get_queryset(request)
        selected = [pk for pk in self.params.get("selected", "").split(",") if pk.isdigit()]
        return queryset.filter(pk__in=selected) if selected else queryset

    def get_context_data(self, **kwargs):
        # Suspected spam is not in the list (it is no application yet): a link says it waits.
        return super().get_context_data(
            spam_count=Submission.objects.filter(state=Submission.State.SPAM).count(),
            spam_url=reverse("wagtail_skilldonation_spam"),
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
        help_text=_("The approved total. A higher figure adds a line “entered at completion” "
                    "for the difference, signed with your name."),
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


ACTION_LABELS = {
    ApplicationStatus.ACCEPTED: _("Accept"),
    ApplicationStatus.DECLINED: _("Decline"),
    ApplicationStatus.WAITING_LIST: _("Put on the waiting list"),
    ApplicationStatus.COMPLETED: _("Mark completed"),
    ApplicationStatus.WITHDRAWN: _("Mark withdrawn"),
    ApplicationStatus.SUBMITTED: _("Reopen"),
}


class ApplicationButtonHelper(ButtonHelper):
    """Wagtail-modeladmin's generic wording ("Inspecter ce/cette candidature" in French)
    replaced by ours."""

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        button.update(label=pgettext_lazy("button", "Open"), title=_("Open this application"))
        return button


class ApplicationInspectView(InspectView):
    page_title = _("Application")

    def get_meta_title(self):
        return _("Application of %(name)s") % {"name": self.instance.volunteer.full_name}

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
                value, label, f"sd-answer-{value}",
                emails.default_answer(mission, lifecycle.NOTIFIED[value]),
                emails.build_message(
                    self.instance, lifecycle.NOTIFIED[value], personal=_("[your message, above]"), preview=True,
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
            ) % {"places": mission.canonical.places_available} if full else "",
            application=self.instance,
            events=self.instance.events.select_related("actor"),
            transition_form=form,
            actions=actions,
            transition_url=self.url_helper.get_action_url("transition", self.pk_quoted),
            certificates=list(self.instance.certificates.all()),
            hours_declarations=list(self.instance.hours_declarations.select_related("author", "reviewed_by")),
            approved_hours=self.instance.approved_hours,
            submissions=list(self.instance.submissions.all()),
            awaiting=[
                (submission, submission.differences(self.instance.volunteer))
                for submission in self.instance.submissions.filter(state=Submission.State.AWAITING)
            ],
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
                conversation.post(self.instance, ApplicationMessage.Author.TEAM, request.POST.get("body"), user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(inspect_url + "#sd-app-messages")
        messages.success(request, _("Message sent to %(volunteer)s.") % {"volunteer": self.instance.volunteer})
        tell_editor(request, mails)
        return redirect(inspect_url + "#sd-app-messages")


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
        hours = form.cleaned_data["hours"] if to_status == ApplicationStatus.COMPLETED else None
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

    def back(self, request):
        """Back to the list as it was filtered; never to another site."""
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return redirect(target)
        return redirect(self.url_helper.index_url)

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
            messages.error(request, _("The message is too long (%(count)s characters; at most %(max)s).") % {
                "count": len(message), "max": MESSAGE_MAX_LENGTH,
            })
            return self.back(request)
        done, refused, full = [], [], []
        with outbox.watch() as mails:
            for application in Application.objects.filter(pk__in=ids).select_related("volunteer").order_by("created_at", "pk"):
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
            messages.success(request, ngettext(
                "%(count)s application now “%(status)s”.", "%(count)s applications now “%(status)s”.", len(done),
            ) % {"count": len(done), "status": label})
        for application, reason in refused:
            messages.error(request, format_html("{}: {}", application.volunteer, reason))
        if full:
            # Offer the waiting list for those the places did not cover.
            return TemplateResponse(request, "wagtail_skilldonation/admin/bulk_full.html", {
                "view": self, "full": full, "done": done, "bulk_url": self.url_helper.get_action_url("bulk"),
                "index_url": index_url,
            })
        return self.back(request)


class ApplicationAdmin(ModelAdmin):
    model = Application
    menu_label = _("Applications")
    menu_icon = "mail"
    menu_order = 240
    add_to_admin_menu = True
    inspect_view_enabled = True
    permission_helper_class = ApplicationPermissionHelper
    button_helper_class = ApplicationButtonHelper
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    inspect_template_name = "wagtail_skilldonation/admin/application_inspect.html"
    index_template_name = "wagtail_skilldonation/admin/application_index.html"
    index_view_extra_css = ["wagtail_skilldonation/css/admin.css"]
    # The volunteer's cell holds the box of the bulk form, and the e-mail and town
    # that tell two namesakes apart; the places say whether accepting can succeed.
    # (The skills offered are on the application's page, the export and a filter: the
    # list stays narrow enough for its filters beside it.)
    list_display = (
        "volunteer_cell", "mission_title", "places_label", "status_label", "created_at", "language_label",
    )
    list_filter = (WaitingFilter, "status", "mission", "skills_offered", LanguageFilter, "created_at")
    search_fields = (
        "volunteer__first_name",
        "volunteer__last_name",
        "volunteer__email",
        "mission__title",
        "message",
    )
    ordering = ("-created_at",)
    list_per_page = 50
    list_export = (
        "volunteer_name",
        "volunteer_email",
        "mission_title",
        "status_label",
        "created_at",
        "skills_list",
        "approved_hours",
        "message",
        "answers_text",
        "language_label",
        "volunteer_town",  # last: spreadsheets built on the earlier columns keep working
    )
    export_filename = "applications"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("volunteer", "mission", "mission__capacity")
            .prefetch_related("skills_offered")
            # A subquery, not a join: list filters join other tables.
            .annotate(
                ledger_hours=Subquery(
                    HoursDeclaration.objects.approved()
                    .filter(application=OuterRef("pk"))
                    .order_by()
                    .values("application")
                    .annotate(total=Sum("hours"))
                    .values("total")
                )
            )
        )

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("transition"),
                self.transition_view,
                name=self.url_helper.get_action_url_name("transition"),
            ),
            re_path(
                self.url_helper._get_action_url_pattern("bulk"),
                self.bulk_view,
                name=self.url_helper.get_action_url_name("bulk"),
            ),
            re_path(
                self.url_helper.get_action_url_pattern("message"),
                self.message_view,
                name=self.url_helper.get_action_url_name("message"),
            ),
        )

    def bulk_view(self, request):
        return BulkView.as_view(model_admin=self)(request)

    def message_view(self, request, instance_pk):
        return MessageView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def transition_view(self, request, instance_pk):
        return TransitionView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    # Columns (list and export) ---------------------------------------------------------

    @admin_column(_("Volunteer"))
    def volunteer_cell(self, obj):
        """A box tied to the bulk form above the list (HTML's ``form`` attribute), the
        name, then the e-mail and town."""
        volunteer = obj.volunteer
        return format_html(
            '<label class="sd-select"><input type="checkbox" name="selected" value="{}" form="sd-bulk"> {}</label>'
            '<span class="sd-contact">{}{}</span>',
            obj.pk, volunteer.full_name, volunteer.email,
            format_html(" · {}", town) if (town := self.volunteer_town(obj)) else "",
        )

    @admin_column(_("Volunteer"))
    def volunteer_name(self, obj):
        return obj.volunteer.full_name

    @admin_column(_("E-mail"))
    def volunteer_email(self, obj):
        return obj.volunteer.email

    @admin_column(_("Town"))
    def volunteer_town(self, obj):
        return obj.volunteer.city or obj.volunteer.postcode

    @admin_column(_("Mission"))
    def mission_title(self, obj):
        return obj.mission.title

    @admin_column(_("Places taken"))
    def places_label(self, obj):
        """Taken / total, as the page's places are counted (``MissionCapacity``)."""
        return f"{obj.mission.places_taken} / {obj.mission.places_available}"

    @admin_column(_("Status"))
    def status_label(self, obj):
        return obj.get_status_display()

    @admin_column(_("Skills offered"))
    def skills_list(self, obj):
        return ", ".join(skill.label for skill in obj.skills_offered.all())

    @admin_column(_("Language"))
    def language_label(self, obj):
        """The language the volunteer applied in (a mission has one inbox for all)."""
        return language_name(obj.language)

    @admin_column(_("Approved hours"))
    def approved_hours(self, obj):
        # The ledger's total, summed in the list's own query.
        return Decimal(obj.ledger_hours or 0).quantize(Decimal("0.01"))

    @admin_column(_("Answers"))
    def answers_text(self, obj):
        return "\n".join(f"{label}: {value}" for label, value in obj.answer_list())

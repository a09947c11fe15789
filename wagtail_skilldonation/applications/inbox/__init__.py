"""The applications inbox in the admin, built with wagtail-modeladmin.

Editors list, filter, search, export and inspect applications, and move them through
their statuses (with a note, and hours when completing). Creating or editing an
application by hand is not offered: applications come from volunteers.
"""

from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.template.loader import render_to_string
from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView

from ...models import Application, HoursDeclaration
from ...models.languages import language_name
from .filters import LanguageFilter, WaitingFilter
from .views import (
    ApplicationIndexView,
    ApplicationInspectView,
    BulkView,
    ConfirmAgainView,
    MessageView,
    TransitionView,
)


def admin_column(label):
    """Give a ModelAdmin method its column heading (list and export)."""

    def decorate(method):
        method.short_description = label
        return method

    return decorate


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


class ApplicationHistoryView(HistoryView):
    """Who applied to which mission, and what happened: for whoever may read
    applications (wagtail-modeladmin's history view admits every admin user)."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


class ApplicationButtonHelper(ButtonHelper):
    """Wagtail-modeladmin's generic wording ("Inspecter ce/cette candidature" in French)
    replaced by ours."""

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        button.update(label=pgettext_lazy("button", "Open"), title=_("Open this application"))
        return button


class ApplicationURLHelper(AdminURLHelper):
    """``bulk`` acts on the ticked rows, not on one application: no pk in its URL."""

    collection_actions = ("bulk",)

    def get_action_url_pattern(self, action):
        if action in self.collection_actions:
            return rf"^{self.base_url_path}/{action}/$"
        if action in ("index", "create", "choose_parent"):
            return super().get_action_url_pattern(action)
        # An application's id is a number: anything else is not found (it was a 500).
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>\d+)/$"


class ApplicationAdmin(ModelAdmin):
    model = Application
    url_helper_class = ApplicationURLHelper
    menu_label = _("Applications")
    menu_icon = "mail"
    menu_order = 240
    add_to_admin_menu = True
    inspect_view_enabled = True
    permission_helper_class = ApplicationPermissionHelper
    button_helper_class = ApplicationButtonHelper
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    history_view_class = ApplicationHistoryView
    inspect_template_name = "wagtail_skilldonation/admin/application_inspect.html"
    index_template_name = "wagtail_skilldonation/admin/application_index.html"
    index_view_extra_css = ["wagtail_skilldonation/css/admin.css"]
    # The volunteer's cell holds the box of the bulk form, and the e-mail and town
    # that tell two namesakes apart; the places say whether accepting can succeed.
    # (The skills offered are on the application's page, the export and a filter: the
    # list stays narrow enough for its filters beside it.)
    list_display = (
        "volunteer_cell",
        "mission_title",
        "places_label",
        "status_label",
        "created_at",
        "language_label",
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
                self.url_helper.get_action_url_pattern("confirm_again"),
                self.confirm_again_view,
                name=self.url_helper.get_action_url_name("confirm_again"),
            ),
            re_path(
                self.url_helper.get_action_url_pattern("bulk"),
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

    def confirm_again_view(self, request, instance_pk):
        return ConfirmAgainView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def transition_view(self, request, instance_pk):
        return TransitionView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    # Columns (list and export) ---------------------------------------------------------

    @admin_column(_("Volunteer"))
    def volunteer_cell(self, obj):
        """A box tied to the bulk form above the list (HTML's ``form`` attribute), the
        name, then the e-mail and town."""
        return render_to_string(
            "wagtail_skilldonation/admin/includes/volunteer_cell.html",
            {"application": obj, "volunteer": obj.volunteer, "town": self.volunteer_town(obj)},
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

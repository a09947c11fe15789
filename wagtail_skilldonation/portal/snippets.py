"""Admin viewsets for the snippets: skills, volunteers, organisations."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from ..exports import SafeExportMixin
from ..models import Organisation, Skill, SkillCategory, Volunteer, WorkFormat


class SafeIndexView(SafeExportMixin, IndexView):
    """The snippet listing whose CSV and XLSX exports anyone's text cannot break."""


class CreateView(chooser.SnippetCreateView):
    """Wagtail's chooser "create" without a creation form (none of ours has one)
    answered a POST with a 500: not found instead."""

    def dispatch(self, request, *args, **kwargs):
        if self.can_create() and self.get_creation_form_class() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ChooserViewSet(chooser.SnippetChooserViewSet):
    create_view_class = CreateView


class SkillViewSet(SnippetViewSet):
    model = Skill
    chooser_viewset_class = ChooserViewSet
    index_view_class = SafeIndexView
    inspect_view_enabled = True
    icon = "tag"
    menu_label = _("Skills")
    list_display = ["name", "category"]
    list_filter = ["category"]
    list_export = ["name", "slug", "category", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["category", "name"]


class VolunteerFilterSet(WagtailFilterSet):
    skills = django_filters.ModelMultipleChoiceFilter(
        label=_("Skills"),
        field_name="skill_items__tag",
        queryset=Skill.objects.order_by("name"),
        distinct=True,
    )
    skill_category = django_filters.ChoiceFilter(
        label=_("Skill category"),
        field_name="skill_items__tag__category",
        choices=SkillCategory.choices,
        distinct=True,
    )
    format = django_filters.ChoiceFilter(label=_("Format"), choices=WorkFormat.choices)

    class Meta:
        model = Volunteer
        fields = ["skills", "skill_category", "format", "is_active"]


class ForWhoeverMayReadPeople:
    """Wagtail's snippet chooser lists a model's rows to every admin user: for
    volunteers (names, addresses) only to whoever may view or change them."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (
            user.has_perm("wagtail_skilldonation.view_volunteer")
            or user.has_perm("wagtail_skilldonation.change_volunteer")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class VolunteerChooseView(ForWhoeverMayReadPeople, chooser.ChooseView):
    pass


class VolunteerChooseResultsView(ForWhoeverMayReadPeople, chooser.ChooseResultsView):
    pass


class VolunteerChosenView(ForWhoeverMayReadPeople, chooser.SnippetChosenView):
    pass


class VolunteerChosenMultipleView(ForWhoeverMayReadPeople, chooser.SnippetChosenMultipleView):
    pass


class VolunteerCreateView(chooser.SnippetCreateView):
    """Volunteers come by applying (with their consent): none is made in a chooser."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class VolunteerChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = VolunteerChooseView
    choose_results_view_class = VolunteerChooseResultsView
    chosen_view_class = VolunteerChosenView
    chosen_multiple_view_class = VolunteerChosenMultipleView
    create_view_class = VolunteerCreateView


class VolunteerViewSet(SnippetViewSet):
    model = Volunteer
    chooser_viewset_class = VolunteerChooserViewSet
    index_view_class = SafeIndexView
    inspect_view_enabled = True
    icon = "user"
    menu_label = _("Volunteers")
    list_display = [
        "full_name",
        "email",
        "city",
        "format",
        "availability_hours",
        BooleanColumn("is_active", label=_("Active")),
    ]
    filterset_class = VolunteerFilterSet
    list_export = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "postcode",
        "city",
        "format",
        "availability_hours",
        "consent_at",
        "consent_version",
        "is_active",
        "created_at",
    ]
    search_fields = ["first_name", "last_name", "email", "city"]
    search_backend_name = None
    ordering = ["last_name", "first_name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = ChooserViewSet
    index_view_class = SafeIndexView
    inspect_view_enabled = True
    icon = "site"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "city", "siret", "rna"]
    list_filter = ["kind"]
    list_export = [
        "name",
        "kind",
        "siret",
        "rna",
        "address",
        "postcode",
        "city",
        "contact_name",
        "contact_email",
        "website",
    ]
    search_fields = ["name", "city", "siret", "rna"]
    search_backend_name = None


class SkillDonationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Skill donation")
    # Named, not left to Wagtail's slug of the label: that is taken once per process,
    # in the language of the first admin page served ("don-de-competences" for all).
    menu_name = "skill-donation"
    menu_icon = "group"
    menu_order = 250
    items = (VolunteerViewSet, OrganisationViewSet, SkillViewSet)

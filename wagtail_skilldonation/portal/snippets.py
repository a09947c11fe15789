"""Admin viewsets for the snippets: skills, volunteers, organisations."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from ..exports import SafeExportMixin
from ..models import Organisation, Skill, SkillCategory, Volunteer, WorkFormat


class SafeIndexView(SafeExportMixin, IndexView):
    """The snippet listing whose CSV and XLSX exports anyone's text cannot break."""


class SkillViewSet(SnippetViewSet):
    model = Skill
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


class VolunteerViewSet(SnippetViewSet):
    model = Volunteer
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

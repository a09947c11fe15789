"""Needs: what an organisation needs, assessed before any mission is offered."""

from django.apps import apps
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..api_fields import need_api_fields
from ..choices import NeedPriority, NeedStatus
from ..forms import PortalPageForm
from ..skills import NeedSkill
from .base import IndexPageMixin, PortalPageMixin


class NeedPageMixin(PortalPageMixin, models.Model):
    base_form_class = PortalPageForm
    api_fields = need_api_fields()

    organisation = models.ForeignKey(
        "wagtail_skilldonation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context = RichTextField(_("context"), blank=True)
    expected_outcome = RichTextField(_("expected outcome"), blank=True)
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=NeedPriority.choices,
        default=NeedPriority.MEDIUM,
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=NeedStatus.choices,
        default=NeedStatus.IDENTIFIED,
        db_index=True,
    )

    need_panels = [
        FieldPanel("organisation"),
        FieldPanel("context"),
        FieldPanel("expected_outcome"),
        FieldPanel("skills"),
        FieldRowPanel([FieldPanel("priority"), FieldPanel("status")]),
    ]
    search_fields = [
        index.SearchField("context"),
        index.SearchField("expected_outcome"),
        index.SearchField("search_text"),
        index.FilterField("status"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    class Meta:
        abstract = True

    def search_text_parts(self):
        organisation = self.organisation.name if self.organisation_id else ""
        return [self.title, strip_tags(self.context), strip_tags(self.expected_outcome), organisation]

    def get_missions(self):
        mission_model = apps.get_model("wagtail_skilldonation", "MissionPage")
        return (
            mission_model.objects.live()
            .filter(need=self)
            .select_related("organisation", "capacity")  # a card's status reads its places
            .with_skill_list()
            .order_by("-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["missions"] = self.get_missions()
        return context


class NeedIndexPageMixin(IndexPageMixin):
    listing_context_name = "needs"

    class Meta:
        abstract = True

    def get_listing(self, request):
        return (
            super()
            .get_listing(request)
            .select_related("organisation")
            .prefetch_related("skills")
            .annotate(
                _priority_rank=Case(
                    When(priority=NeedPriority.HIGH, then=Value(0)),
                    When(priority=NeedPriority.MEDIUM, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("_priority_rank", "-first_published_at", "pk")
        )


class NeedIndexPage(NeedIndexPageMixin, Page):
    listing_model = "wagtail_skilldonation.NeedPage"
    subpage_types = ["wagtail_skilldonation.NeedPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + IndexPageMixin.content_panels
    search_fields = Page.search_fields + IndexPageMixin.search_fields

    class Meta:
        verbose_name = _("need index")
        verbose_name_plural = _("need indexes")


class NeedPage(NeedPageMixin, Page):
    skills = ClusterTaggableManager(through=NeedSkill, blank=True, verbose_name=_("skills"), help_text="")

    parent_page_types = ["wagtail_skilldonation.NeedIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + NeedPageMixin.need_panels
    search_fields = Page.search_fields + NeedPageMixin.search_fields

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")

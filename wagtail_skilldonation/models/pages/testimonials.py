"""Testimonials: a volunteer's, a beneficiary's or a partner's words on a mission."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from ..api_fields import testimonial_api_fields
from ..choices import AuthorRole
from .base import PAGE_MODEL, IndexPageMixin, PortalPageMixin


class TestimonialPageMixin(PortalPageMixin, models.Model):
    api_fields = testimonial_api_fields()
    quote = models.TextField(_("quote"))
    author_name = models.CharField(_("author name"), max_length=200)
    author_role = models.CharField(
        _("author role"),
        max_length=15,
        choices=AuthorRole.choices,
        default=AuthorRole.VOLUNTEER,
    )
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mission = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The feedback it was drawn from, if any: forgetting its author withdraws the page.
    source_feedback = models.ForeignKey(
        "wagtail_skilldonation.Feedback",
        verbose_name=_("drawn from feedback"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    testimonial_panels = [
        FieldPanel("quote"),
        FieldRowPanel([FieldPanel("author_name"), FieldPanel("author_role")]),
        FieldPanel("photo"),
        PageChooserPanel("mission", "wagtail_skilldonation.MissionPage"),
    ]
    search_fields = [
        index.SearchField("quote"),
        index.SearchField("author_name"),
        index.FilterField("author_role"),
    ]

    class Meta:
        abstract = True


class TestimonialIndexPageMixin(IndexPageMixin):
    listing_context_name = "testimonials"

    class Meta:
        abstract = True

    def get_listing(self, request):
        return super().get_listing(request).select_related("photo", "mission").order_by("-first_published_at", "pk")


class TestimonialIndexPage(TestimonialIndexPageMixin, Page):
    listing_model = "wagtail_skilldonation.TestimonialPage"
    subpage_types = ["wagtail_skilldonation.TestimonialPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + IndexPageMixin.content_panels
    search_fields = Page.search_fields + IndexPageMixin.search_fields

    class Meta:
        verbose_name = _("testimonial index")
        verbose_name_plural = _("testimonial indexes")


class TestimonialPage(TestimonialPageMixin, Page):
    parent_page_types = ["wagtail_skilldonation.TestimonialIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + TestimonialPageMixin.testimonial_panels
    search_fields = Page.search_fields + TestimonialPageMixin.search_fields

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

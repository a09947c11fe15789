"""Information pages: the legal notice, the privacy notice, how to reach the team.

The portal's footer links the first two (portal settings) and the application form
links the privacy notice: a site with its own text page type may use it instead.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import PortalPageMixin


class InformationPageMixin(PortalPageMixin, models.Model):
    body = RichTextField(_("body"))

    content_panels = [FieldPanel("body")]
    search_fields = [index.SearchField("body")]

    class Meta:
        abstract = True


class InformationPage(InformationPageMixin, Page):
    subpage_types = []

    content_panels = Page.content_panels + InformationPageMixin.content_panels
    search_fields = Page.search_fields + InformationPageMixin.search_fields

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

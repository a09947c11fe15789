from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_skilldonation.models.pages import PortalPageMixin


class HomePage(PortalPageMixin, Page):
    """The example site's home: an introduction and links to the portal sections."""

    intro = RichTextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().in_menu().specific()
        return context

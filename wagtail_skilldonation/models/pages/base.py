"""What every public page of the portal shares: the site's base template, a paginated
index of children, the place of an orderable child."""

import swapper
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from ...conf import get_setting
from ...links import page_url
from ..places import search_words

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class PortalPageMixin:
    """Every public page of the portal extends the base template the site chose, and
    its absolute address (the sitemap's, the API's ``html_url``) follows the rule the
    e-mails follow: ``WAGTAILADMIN_BASE_URL``, not the Site's hostname."""

    def get_full_url(self, request=None):
        if not getattr(settings, "WAGTAILADMIN_BASE_URL", ""):
            return super().get_full_url(request)
        return page_url(self)

    full_url = property(get_full_url)

    def get_view_restrictions(self):
        """Wagtail's answer in one query where it takes two (the ancestors, then their
        restrictions; every visit and every application asks): the ancestors are the
        prefixes of the page's tree path, and an alias among them answers with its
        source page's restrictions, as in Wagtail."""
        from wagtail.models import Page, PageViewRestriction

        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        chain = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            models.Q(page__in=chain.filter(alias_of__isnull=True))
            | models.Q(page__in=chain.filter(alias_of__isnull=False).values("alias_of"))
        )

    def search_text(self):
        """The page's words as ``places.search_words`` reads them, indexed beside the
        fields: the search box's words are read the same way (``portal.filters``), so
        plurals, accents, hyphens and postcodes match on SQLite as on PostgreSQL."""
        return search_words(" ".join(str(part or "") for part in self.search_text_parts()))

    def search_text_parts(self):
        return [self.title]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["skilldonation_base_template"] = get_setting("BASE_TEMPLATE")
        return context


class IndexPageMixin(PortalPageMixin, models.Model):
    """A page listing its live children of one type, paginated.

    Subclasses name the listed model in ``listing_model`` and may narrow or order the
    queryset in ``get_listing(request)``.
    """

    intro = RichTextField(_("introduction"), blank=True)

    listing_model = None
    listing_context_name = "items"

    content_panels = [FieldPanel("intro")]
    search_fields = [index.SearchField("intro")]

    class Meta:
        abstract = True

    def get_listing_model(self):
        model = self.listing_model
        return apps.get_model(model) if isinstance(model, str) else model

    def get_listing(self, request):
        return self.get_listing_model().objects.child_of(self).live()

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, get_setting("INDEX_PAGE_SIZE"))
        return paginator.get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the template uses them: a listing served from the cache reads nothing.
        page_obj = SimpleLazyObject(lambda: self.paginate(request, self.get_listing(request)))
        context.update(
            {
                "page_obj": page_obj,
                self.listing_context_name: SimpleLazyObject(lambda: page_obj.object_list),
                # Filters survive pagination links.
                "querystring": _querystring_without_page(request),
            }
        )
        return context


def _querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class KeepsItsPlace:
    """An orderable child created in code (``page.objectives = [...]``, a revision
    published) gets the next place among its siblings: with no ``sort_order`` the
    editor's formset reordered it (the objective edited jumped to the end)."""

    parent_field = "page"

    def save(self, *args, **kwargs):
        if self.sort_order is None:
            parent_id = getattr(self, f"{self.parent_field}_id")
            siblings = type(self)._default_manager.filter(**{f"{self.parent_field}_id": parent_id}).exclude(pk=self.pk)
            last = siblings.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)

"""Template tags a host site uses to carry the portal in its own design.

``{% skilldonation_head %}`` links the portal's stylesheet (once per page, whichever
block calls it first) and what a page says of itself; a base without a head block
still gets the stylesheet from ``{% skilldonation_styles %}`` at the top of the page's
content, or from the menu or footer tags on the host's own pages.
``{% skilldonation_menu %}`` lists the portal's index pages of the current site;
``{% skilldonation_breadcrumbs %}`` the current page's ancestors;
``{% skilldonation_footer %}`` the association's contact, legal notice and privacy
links from the portal settings.
"""

import json

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from .. import cache
from ..models import MissionIndexPage, NeedIndexPage, PortalSettings, TestimonialIndexPage
from ..models.languages import contract, long_date
from ..portal import structured_data
from .skilldonation_widgets import text

register = template.Library()

_HEAD_DONE = "_skilldonation_head_done"


def _stylesheet_once(context):
    # The page's own context (its first dict), shared by every block and include of
    # this render: the second call, from whichever block or tag, writes nothing.
    page_state = context.dicts[0]
    if page_state.get(_HEAD_DONE):
        return ""
    page_state[_HEAD_DONE] = True
    return format_html('<link rel="stylesheet" href="{}">', static("wagtail_skilldonation/css/portal.css"))


@register.simple_tag(takes_context=True)
def skilldonation_styles(context):
    """The stylesheet alone, where a base has no head block (a ``<link rel=stylesheet>``
    may stand in the body); nothing if the head already has it."""
    return _stylesheet_once(context)


@register.simple_tag(takes_context=True)
def skilldonation_head(context):
    stylesheet = _stylesheet_once(context)
    if not stylesheet:
        return ""
    # What the page says of itself to feeds, calendars, link previews and search
    # engines (``head_template`` on the portal's page types).
    head_template = getattr(context.get("page"), "head_template", None)
    if not head_template:
        return stylesheet
    return stylesheet + get_template(head_template).render(context.flatten(), context.get("request"))


@register.filter(expects_localtime=True, is_safe=False)
def sd_date(value, format_name="DATE_FORMAT"):
    """``|date`` in full, as the language writes it ("1er décembre" in French)."""
    return long_date(value, format_name)


@register.simple_tag(takes_context=True)
def skill_list(context, skills):
    """``{% skill_list skills %}``: skills as a list of labels (nothing when there are
    none). Written here rather than in a template: a template included per mission card
    was about a twentieth of a cold mission index."""
    language = get_language() or ""
    items = "".join(
        f'<li class="sd-skill sd-skill--{text(skill.category)}">{text(skill.name_in(language))}</li>'
        for skill in skills
    )
    if not items:
        return ""
    return mark_safe(f'<ul class="sd-skills"{ui_lang(context)} aria-label="{text(gettext("Skills"))}">{items}</ul>')


@register.filter(is_safe=True)
def sd_contract(text):
    """A sentence with names in, as the language writes it ("d'Élodie", "des Jardins")."""
    return contract(text)


@register.filter
def mission_event(mission, url):
    """The mission's schema.org description at ``url`` (``portal.structured_data``)."""
    return structured_data.mission_event(mission, url)


@register.filter
def ld_json(data):
    """``data`` as a schema.org JSON-LD script, escaped as ``json_script`` escapes."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)),
    )


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else Site.objects.filter(is_default_site=True).first()


def menu_items(site, request=None):
    """(title, url) of the portal's live index pages in ``site`` (one query: the site's
    root URL path comes from Wagtail's cached list), then the certificate check."""
    items = []
    roots = [r for r in Site.get_site_root_paths() if site and r.site_id == site.pk]
    # A multilingual site has a root per language: the visitor's, else the first.
    language = (get_language() or "").split("-")[0]
    root = next(
        (r.root_path for r in roots if r.language_code.split("-")[0] == language), roots[0].root_path if roots else None
    )
    if root:
        types = ContentType.objects.get_for_models(MissionIndexPage, NeedIndexPage, TestimonialIndexPage)
        pages = (
            Page.objects.live()
            .filter(url_path__startswith=root, content_type__in=types.values())
            .only("id", "title", "url_path", "path", "depth")
            .order_by("path")
        )
        items = [(page.title, page.get_url(request)) for page in pages]
    try:
        items.append((None, reverse("wagtail_skilldonation:certificate_lookup")))
    except NoReverseMatch:  # the portal's URLs are not included (check E002 says so)
        pass
    return items


@register.inclusion_tag("wagtail_skilldonation/includes/menu.html", takes_context=True)
def skilldonation_menu(context):
    request = context.get("request")
    current = request.path if request else ""
    site = _site(context)
    items = cache.cached("menu", request, [site.pk if site else ""], lambda: menu_items(site, request))
    return {
        # The host's own pages may load nothing of ours: the menu brings its styles.
        "stylesheet": _stylesheet_once(context),
        "items": [
            (title, url, bool(url) and (current == url or current.startswith(url) and url != "/"))
            for title, url in items
        ],
    }


@register.simple_tag(takes_context=True)
def skilldonation_breadcrumbs(context, page=None):
    page = page or context.get("page")
    request = context.get("request")

    def render():
        ancestors = list(page.get_ancestors().filter(depth__gt=1).live()) if page and page.pk else []
        return get_template("wagtail_skilldonation/includes/breadcrumbs.html").render(
            {"ancestors": ancestors, "current": page}, request
        )

    if not (page and page.pk):
        return render()
    return cache.cached("breadcrumbs", request, [page.pk], render)


def _languages(context):
    """(the page's content language, the interface's): on a site of one language its
    pages are in ``LANGUAGE_CODE`` whatever the visitor's browser asks for the
    interface; under ``i18n_patterns`` the address's prefix sets both."""
    ui = get_language() or settings.LANGUAGE_CODE
    if context.get("page") is None:
        return ui, ui
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return ui, ui
    return get_supported_content_language_variant(settings.LANGUAGE_CODE), ui


@register.simple_tag(takes_context=True)
def skilldonation_lang(context):
    """The ``lang`` of ``<html>``: what the page's content is written in, so that a
    screen reader reads a French page with a French voice in an English browser."""
    return _languages(context)[0]


@register.simple_tag(takes_context=True)
def ui_lang(context):
    """`` lang="…"`` on the interface's parts (labels, forms, menus) when they are
    in another language than the page's content; nothing when both agree."""
    content, ui = _languages(context)
    return format_html(' lang="{}"', ui) if content.split("-")[0] != ui.split("-")[0] else ""


@register.simple_tag(takes_context=True)
def skilldonation_contact(context):
    """Whom to write to, said where it is needed (a host's base template may have no
    footer of ours)."""
    request = context.get("request")
    portal = PortalSettings.for_request(request) if request is not None else None
    return get_template("wagtail_skilldonation/includes/contact.html").render({"portal": portal}, request)


@register.simple_tag(takes_context=True)
def skilldonation_footer(context):
    request = context.get("request")
    site = _site(context)

    def render():
        if request is not None:
            portal = PortalSettings.for_request(request)  # kept on the request: read once
        else:
            portal = PortalSettings.for_site(site) if site else None
        try:
            lookup_url = reverse("wagtail_skilldonation:certificate_lookup")
        except NoReverseMatch:
            lookup_url = ""
        return get_template("wagtail_skilldonation/includes/footer.html").render(
            {"portal": portal, "lookup_url": lookup_url}, request
        )

    footer = cache.cached("footer", request, [site.pk if site else ""], render)
    return format_html("{}{}", _stylesheet_once(context), footer)


class PortalCacheNode(template.Node):
    # Set while a part is computed: a part inside it is then kept with it, not on its own.
    COMPUTING = "_skilldonation_computing_part"

    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        if context.get(self.COMPUTING):
            # A mission card inside a listing being computed: the cache was asked for
            # each card and kept each (two round trips per card on a shared cache), for
            # a fragment the listing keeps anyway.
            return self.nodelist.render(context)

        def compute():
            with context.push({self.COMPUTING: True}):
                return self.nodelist.render(context)

        return cache.cached(
            self.name, context.get("request"), [str(var.resolve(context)) for var in self.vary_on], compute
        )


@register.tag
def portal_cache(parser, token):
    """``{% portal_cache "name" var… %}…{% endportal_cache %}``: the enclosed markup,
    kept until an editor changes content (see ``wagtail_skilldonation.cache``), per language and
    per value of each ``var``. Put nothing in it that differs between visitors."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("portal_cache needs a fragment name")
    nodelist = parser.parse(("endportal_cache",))
    parser.delete_first_token()
    return PortalCacheNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])

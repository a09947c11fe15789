"""System checks (``manage.py check``): what would make the portal wrong without an
error anywhere. Each says how to fix it. Checks that read the database run with
``check --database default`` (and at ``migrate``), as Django's own database checks do.

- E001 a required app is missing from INSTALLED_APPS
- E002 the portal URLs are not included; E003 Wagtail's catch-all comes before them
- E004 BASE_TEMPLATE cannot be loaded, or lacks a block the public pages fill
- E005 WAGTAILADMIN_BASE_URL unset, or a placeholder host (``check --deploy`` only)
- E006 a key of WAGTAIL_SKILLDONATION unknown (a typo) or of the wrong kind
- W002 a key of WAGTAIL_SKILLDONATION written as a top-level setting (ignored)
- W003 BASE_TEMPLATE has no head block for the portal's stylesheet
- W004 WAGTAILADMIN_BASE_URL unset or a placeholder host (ordinary checks: a host
  site's ``manage.py test`` runs with DEBUG off and must not stop there)
- W005 no issuing association in the default site's portal settings
- W006 the default Site's address is not WAGTAILADMIN_BASE_URL's (the host's own pages
  in the sitemap and the API's links would name another host than e-mails)
- W001 the matching's copy of volunteer columns is out of step
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from .conf import DEFAULTS, SETTINGS_NAME, get_setting, problems
from .matching.copy import drift
from .portal.base_template import block_names, uses_tag

REQUIRED_APPS = ("wagtail.contrib.forms", "wagtail.contrib.settings", "wagtail_modeladmin", "taggit", "modelcluster")
# Blocks the public templates fill: the base template must define them.
REQUIRED_BLOCKS = ("title", "content")
HEAD_BLOCKS = ("extra_head", "extra_css")
PLACEHOLDER_HOSTS = {"example.com", "www.example.com", "localhost", "127.0.0.1", "0.0.0.0", ""}


@register()
def required_apps(app_configs=None, installed=None, **kwargs):
    """``installed``: INSTALLED_APPS to judge (the running ones by default)."""
    is_installed = apps.is_installed if installed is None else set(installed).__contains__
    return [
        Error(
            _("%(app)s is not in INSTALLED_APPS: the portal needs it.") % {"app": app},
            hint=_('Add "%(app)s" to INSTALLED_APPS (see the README, "Add to your Wagtail site").') % {"app": app},
            id="wagtail_skilldonation.E001",
        )
        for app in REQUIRED_APPS
        if not is_installed(app)
    ]


@register(Tags.urls)
def portal_urls(app_configs=None, **kwargs):
    try:
        path = reverse("wagtail_skilldonation:certificate_lookup")
    except NoReverseMatch:
        return [
            Error(
                _("The portal's URLs are not included: certificate checks and e-mailed links answer 404."),
                hint=_(
                    'Add path("portal/", include("wagtail_skilldonation.urls")) to urlpatterns, before Wagtail\'s own.'
                ),
                id="wagtail_skilldonation.E002",
            )
        ]
    try:
        match = resolve(path)
    except Resolver404:  # pragma: no cover - reverse() found it
        return []
    if match.namespace != "wagtail_skilldonation":
        return [
            Error(
                _("Wagtail's page URLs come before the portal's: %(path)s is served as a page (404).") % {"path": path},
                hint=_(
                    'Move path("portal/", include("wagtail_skilldonation.urls")) above path("", include(wagtail_urls)).'
                ),
                id="wagtail_skilldonation.E003",
            )
        ]
    return []


@register()
def settings_dict(app_configs=None, **kwargs):
    messages = []
    for key, expected in problems():
        if key is None:
            text = _("%(dict)s must be a dict.") % {"dict": SETTINGS_NAME}
            hint = _('%(dict)s = {"BASE_TEMPLATE": "base.html", …}') % {"dict": SETTINGS_NAME}
        elif expected is None:
            text = _("%(dict)s has an unknown key %(key)s: it is ignored.") % {"dict": SETTINGS_NAME, "key": key}
            hint = _("Known keys: %(keys)s.") % {"keys": ", ".join(DEFAULTS)}
        else:
            text = _('%(dict)s["%(key)s"] is not %(expected)s.') % {
                "dict": SETTINGS_NAME,
                "key": key,
                "expected": expected,
            }
            hint = _('The default is %(default)r (see the manual, "Settings reference").') % {"default": DEFAULTS[key]}
        messages.append(Error(text, hint=hint, id="wagtail_skilldonation.E006"))
    return messages


@register(Tags.templates)
def base_template(app_configs=None, **kwargs):
    messages = [
        Warning(
            _("%(name)s is a top-level setting: the portal ignores it.") % {"name": name},
            hint=_('Write it as a key of the %(dict)s dict: %(dict)s = {"%(name)s": …}.')
            % {"dict": SETTINGS_NAME, "name": name},
            id="wagtail_skilldonation.W002",
        )
        for name in DEFAULTS
        if hasattr(settings, name)
    ]
    name = get_setting("BASE_TEMPLATE")
    try:
        blocks = block_names(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        return messages + [
            Error(
                _("BASE_TEMPLATE %(name)s cannot be loaded: %(error)s") % {"name": name, "error": error},
                hint=_('Point WAGTAIL_SKILLDONATION["BASE_TEMPLATE"] at your site\'s base template.'),
                id="wagtail_skilldonation.E004",
            )
        ]
    missing = [block for block in REQUIRED_BLOCKS if block not in blocks]
    if missing:
        messages.append(
            Error(
                _("BASE_TEMPLATE %(name)s has no block %(blocks)s: the portal's pages would be empty.")
                % {"name": name, "blocks": ", ".join(missing)},
                hint=_(
                    "Add the missing blocks to it (content: the page; title: inside <title>), or use the "
                    "portal's own base template."
                ),
                id="wagtail_skilldonation.E004",
            )
        )
    if not any(block in blocks for block in HEAD_BLOCKS) and not uses_tag(name, "skilldonation_head"):
        messages.append(
            Warning(
                _(
                    "BASE_TEMPLATE %(name)s has neither an extra_css nor an extra_head block: the portal's "
                    "pages would load their stylesheet inside the page and lose their link previews and feed links."
                )
                % {"name": name},
                hint=_(
                    "In its <head>, load skilldonation_tags and add the skilldonation_head tag (or an empty "
                    "extra_css block)."
                ),
                id="wagtail_skilldonation.W003",
            )
        )
    return messages


def _placeholder_base_url(kind, check_id):
    url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    host = (urlsplit(url).hostname or "").lower()
    if host not in PLACEHOLDER_HOSTS:
        return []
    text = (
        _("WAGTAILADMIN_BASE_URL is not set: links in e-mails and the QR code on certificates have no host.")
        if not url
        else _("WAGTAILADMIN_BASE_URL is %(url)s: e-mailed links and the QR code printed on certificates lead there.")
        % {"url": url}
    )
    hint = _('Set WAGTAILADMIN_BASE_URL to your site\'s public address, e.g. "https://benevolat.example.org".')
    return [kind(text, hint=hint, id=check_id)]


@register()
def base_url(app_configs=None, **kwargs):
    """A warning wherever the site runs (a development machine, a host site's tests)."""
    return _placeholder_base_url(Warning, "wagtail_skilldonation.W004")


@register(Tags.security, deploy=True)
def base_url_deployed(app_configs=None, **kwargs):
    """An error where it is about to serve people (``manage.py check --deploy``)."""
    return _placeholder_base_url(Error, "wagtail_skilldonation.E005")


@register(Tags.database)
def portal_settings(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from wagtail.models import Site  # the database checks run after the apps are ready

    from .models import PortalSettings

    try:
        site = Site.objects.filter(is_default_site=True).first()
        portal = PortalSettings.objects.filter(site=site).first() if site else None
    except DatabaseError:  # not migrated yet
        return []
    if portal is not None and portal.association_name:
        return []
    return [
        Warning(
            _(
                "The default site has no issuing association in its portal settings: certificates and e-mails "
                "name nobody."
            ),
            hint=_(
                "Fill in Settings › Skill donation portal in the admin (python manage.py skilldonation_setup "
                "says what is left)."
            ),
            id="wagtail_skilldonation.W005",
        )
    ]


@register(Tags.database)
def site_address(app_configs=None, databases=None, **kwargs):
    """The portal's pages, e-mails and feeds use WAGTAILADMIN_BASE_URL; Wagtail builds
    the other pages' absolute addresses (sitemap, API) from the Site's hostname."""
    url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if not databases or (urlsplit(url).hostname or "").lower() in PLACEHOLDER_HOSTS:
        return []  # W004 already says the base URL is a placeholder
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []
    wanted = urlsplit(url)
    if site is None or urlsplit(site.root_url)[:2] == (wanted.scheme, wanted.netloc):
        return []
    return [
        Warning(
            _(
                "The default Site's address is %(site)s but WAGTAILADMIN_BASE_URL is %(url)s: the sitemap and "
                "the API give your other pages the Site's address, e-mails and the portal's pages the setting's."
            )
            % {"site": site.root_url, "url": url},
            hint=_("Set the Site's hostname and port (Settings › Sites) to those of WAGTAILADMIN_BASE_URL."),
            id="wagtail_skilldonation.W006",
        )
    ]


@register(Tags.database)
def matching_copy_in_step(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    try:
        found = drift()
    except DatabaseError:  # not migrated yet: nothing to compare
        return []
    if not any(found.values()):
        return []
    return [
        Warning(
            _(
                "The matching's copy of volunteer columns is out of step (%(volunteers)d "
                "volunteers, %(rows)d skill rows, %(counts)d rarity counts): rankings and their "
                "explanations read stale data."
            )
            % {"volunteers": found["volunteers"], "rows": found["skill_rows"], "counts": found["rarity_counts"]},
            hint=_(
                "Run `python manage.py skilldonation_rebuild_matching` (after bulk imports, "
                "QuerySet.update() or raw SQL on volunteers or applications)."
            ),
            id="wagtail_skilldonation.W001",
        )
    ]

"""What the public pages follow: the cached parts (``wagtail_skilldonation.cache``) are
forgotten when an editor changes content or a place is taken or freed, and search
follows what a publish adds to a page's children (``portal.search``)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .. import cache
from ..models.signals import places_changed
from .search import reindex_after_publish

# Besides pages, what a visitor reads on them.
CONTENT_MODELS = (
    "Skill",
    "Organisation",
    "PortalSettings",
    "MissionObjective",
    "MissionFormField",
    "MissionSkill",
    "NeedSkill",
)


def register_signal_handlers():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(cache.bump, dispatch_uid=f"sd-fragments-{id(signal)}")
    content = [Site, Locale] + [apps.get_model("wagtail_skilldonation", name) for name in CONTENT_MODELS]
    for model in content:
        for signal in (post_save, post_delete):
            signal.connect(cache.bump, sender=model, dispatch_uid=f"sd-fragments-{model.__name__}-{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(cache.page_changed, dispatch_uid=f"sd-fragments-page-{id(signal)}")
    places_changed.connect(cache.places_changed, dispatch_uid="sd-fragments-places")
    for name in ("MissionPage", "NeedPage"):
        model = apps.get_model("wagtail_skilldonation", name)
        page_published.connect(reindex_after_publish, sender=model, dispatch_uid=f"sd-reindex-{name}")

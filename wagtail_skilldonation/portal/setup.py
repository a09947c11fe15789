"""What an empty Wagtail site needs to become a portal, created once (``manage.py
skilldonation_setup``): the three index pages under the home page, in its menu, a
starter skill vocabulary in the four service kinds (named in the site's language, with
the other one's name where the site has it as a content language), the portal settings
row; and the list of what is left for a person to do, the way to the portal included."""

import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from ..conf import get_setting
from ..models import (
    MissionIndexPage,
    NeedIndexPage,
    PortalSettings,
    Skill,
    SkillCategory,
    TestimonialIndexPage,
    languages,
)
from .base_template import uses_tag

OWN_BASE = "wagtail_skilldonation/base.html"
MENU_TAG = "{% load skilldonation_tags %}{% skilldonation_menu %}"

STARTER_SKILLS = {
    SkillCategory.STRATEGY: [
        "Stratégie et gouvernance",
        "Gestion de projet",
        "Finance et comptabilité",
        "Levée de fonds",
        "Droit des associations",
        "Ressources humaines",
    ],
    SkillCategory.TRAINING: [
        "Formation au numérique",
        "Mentorat entrepreneurial",
        "Pédagogie pour les jeunes",
        "Coaching professionnel",
        "Animation d'ateliers",
    ],
    SkillCategory.TECHNICAL: [
        "Développement web",
        "Analyse de données",
        "Bureautique",
        "Réseaux et sécurité",
        "Gestion de site Wagtail",
    ],
    SkillCategory.COMMUNICATION: [
        "Rédaction",
        "Graphisme",
        "Réseaux sociaux",
        "Vidéo",
        "Relations presse",
    ],
}

# Their names in English, for an English site (or English beside French).
STARTER_SKILLS_IN_ENGLISH = {
    "Stratégie et gouvernance": "Strategy and governance",
    "Gestion de projet": "Project management",
    "Finance et comptabilité": "Finance and accounting",
    "Levée de fonds": "Fundraising",
    "Droit des associations": "Non-profit law",
    "Ressources humaines": "Human resources",
    "Formation au numérique": "Digital skills training",
    "Mentorat entrepreneurial": "Entrepreneur mentoring",
    "Pédagogie pour les jeunes": "Teaching young people",
    "Coaching professionnel": "Career coaching",
    "Animation d'ateliers": "Workshop facilitation",
    "Développement web": "Web development",
    "Analyse de données": "Data analysis",
    "Bureautique": "Office software",
    "Réseaux et sécurité": "Networks and security",
    "Gestion de site Wagtail": "Wagtail site management",
    "Rédaction": "Copywriting",
    "Graphisme": "Graphic design",
    "Réseaux sociaux": "Social media",
    "Vidéo": "Video",
    "Relations presse": "Press relations",
}


def ascii_slug(text):
    return slugify(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def index_page(root, model, title):
    """The site's index page of this type, or a new one under ``root``, published and
    shown in menus. Returns ``(page, created)``."""
    existing = model.objects.descendant_of(root, inclusive=True).first()
    if existing is not None:
        return existing, False
    page = model(title=title, slug=ascii_slug(title), show_in_menus=True)
    root.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def starter_skills():
    """The starter vocabulary, only into an empty one, named in the site's language
    (French, else English) and, where the site has the other as a content language,
    named in it too (an editor renames either afterwards). Returns how many were created."""
    if Skill.objects.exists():
        return 0
    french = languages.default_content_language().split("-")[0] == "fr"
    others = {code.split("-")[0] for code, _label in languages.other_content_languages()}
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    for category, names in STARTER_SKILLS.items():
        for french_name in names:
            english_name = STARTER_SKILLS_IN_ENGLISH[french_name]
            name, other, other_name = (french_name, "en", english_name) if french else (english_name, "fr", french_name)
            Skill.objects.create(
                name=name,
                slug=ascii_slug(name),
                category=category,
                names={other: other_name} if other in others and i18n else {},
            )
    return sum(len(names) for names in STARTER_SKILLS.values())


def setup(site=None):
    """Create what is missing; return ``(done, todo)``: lines saying what was created
    and what a person still has to do."""
    done, todo = [], []
    with transaction.atomic():
        site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return done, [_("Create a Wagtail Site (Settings › Sites) with a home page, then run this again.")]
        root = site.root_page.specific
        missions = None
        for model, title in (
            (MissionIndexPage, _("Missions")),
            (NeedIndexPage, _("Needs")),
            (TestimonialIndexPage, _("Testimonials")),
        ):
            page, created = index_page(root, model, title)
            missions = missions or page
            if created:
                done.append(
                    _("Created the page “%(title)s” (%(url)s), shown in menus.")
                    % {"title": page.title, "url": page.url}
                )
        count = starter_skills()
        if count:
            done.append(
                ngettext(
                    "Created %(count)d skill in four service kinds (Skill donation › Skills).",
                    "Created %(count)d skills in four service kinds (Skill donation › Skills).",
                    count,
                )
                % {"count": count}
            )
        portal = PortalSettings.for_site(site)
        if portal.pk is None:
            portal.save()
    if not portal.association_name:
        todo.append(
            _(
                "Fill in Settings › Skill donation portal: the association's name, RNA, SIRET, address, "
                "signatory (printed on certificates) and contact."
            )
        )
    if not (
        portal.from_email or getattr(settings, "DEFAULT_FROM_EMAIL", "webmaster@localhost") != "webmaster@localhost"
    ):
        todo.append(_("Set the sender address of e-mails (portal settings) or DEFAULT_FROM_EMAIL."))
    host = (urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname or "").lower()
    if host in {"", "example.com", "www.example.com", "localhost", "127.0.0.1"}:
        todo.append(
            _(
                "Set WAGTAILADMIN_BASE_URL to the site's public address: e-mailed links and certificates' QR "
                "codes use it."
            )
        )
    base = get_setting("BASE_TEMPLATE")
    try:
        linked = base == OWN_BASE or uses_tag(base, "skilldonation_menu")
    except (TemplateDoesNotExist, TemplateSyntaxError):
        linked = True  # `check` says what is wrong with the template (E004)
    if not linked:
        todo.append(
            _(
                "Nothing in %(template)s links to the portal yet: add %(tag)s to its header (the portal's pages "
                "and the certificate check), or link the page “%(title)s” (%(url)s) from your menu."
            )
            % {"template": base, "tag": MENU_TAG, "title": missions.title, "url": missions.url}
        )
    if not site.site_name:
        todo.append(_("Give the Site a name (Settings › Sites): page titles and e-mails show it."))
    return done, todo

"""The demo's English version, for a multilingual site (``WAGTAIL_I18N_ENABLED`` with
English among the content languages).

The pages are translated as an editor would with Wagtail's *Translate* action
(``copy_for_translation``, then the texts written in English and published): the
English mission is the same mission as the French one (one set of places, one
inbox), and the skills get their English names.
"""

from django.conf import settings
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page

from ..models import Skill
from ..portal.setup import STARTER_SKILLS_IN_ENGLISH

SKILLS = STARTER_SKILLS_IN_ENGLISH

# slug -> the English texts of the page (objectives and questions in their order).
PAGES = {
    "missions": {"title": "Missions"},
    "besoins": {"title": "Needs of the organisations"},
    "temoignages": {"title": "Testimonials"},
    "plan-strategique-ong": {
        "title": "Structure the 2027-2030 strategic plan",
        "context": "<p>The NGO has doubled in size in three years without reviewing its governance or its "
        "priorities.</p>",
        "expected_outcome": "<p>A strategic plan shared by the board and the team.</p>",
    },
    "competences-numeriques-jeunes": {
        "title": "Give digital skills to 16-25 year-olds",
        "context": "<p>Many of the young people we support have never used a spreadsheet or written a CV online.</p>",
        "expected_outcome": "<p>Regular workshops and young people who handle their own paperwork.</p>",
    },
    "visibilite-jardins-partages": {
        "title": "Make the neighbourhood's shared gardens known",
        "context": "<p>The gardens lack volunteers and are little known by the residents.</p>",
        "expected_outcome": "<p>An awareness campaign and twice as many residents signed up.</p>",
    },
    "accompagnement-entrepreneurs": {
        "title": "Support the workshop's project leaders",
        "context": "<p>Twelve social entrepreneurs launch their business this year.</p>",
        "expected_outcome": "<p>Every project leader has a mentor and a sound forecast.</p>",
    },
    "site-web-atelier": {
        "title": "Modernise the workshop's website",
        "context": "<p>The current site is no longer maintained and cannot be read on a phone.</p>",
        "expected_outcome": "<p>An accessible site the team updates on its own.</p>",
    },
    "consultation-strategie-ong": {
        "title": "Strategy consulting for NGOs",
        "intro": "Help a growing NGO clarify its priorities and its governance.",
        "objectives": [
            ("Assess the organisation", "A written assessment approved by the board"),
            ("Set three strategic priorities", "Priorities voted by the board of directors"),
            ("Build the roadmap", "A three-year roadmap with its budget"),
        ],
    },
    "formation-informatique-jeunes": {
        "title": "Computer training for young people",
        "intro": "Run digital workshops for young people aged 16 to 25.",
        "objectives": [
            ("Run six two-hour workshops", "Six workshops held, with attendance sheets"),
            ("Make the young people independent", "80% of participants create their online CV on their own"),
        ],
        "questions": [
            {"label": "Have you ever run a workshop?", "choices": "Yes, often\nSometimes\nNever"},
            {
                "label": "Which days are you available?",
                "choices": "Monday\nTuesday\nWednesday\nThursday\nFriday\nSaturday",
            },
        ],
    },
    "campagnes-sensibilisation": {
        "title": "Awareness campaigns",
        "intro": "Design a campaign to make the shared gardens known.",
        "objectives": [
            ("Write the key messages", "A message guide approved by the association"),
            ("Produce the visuals", "A poster, three social media visuals, a short video"),
            ("Launch the campaign", "Published on three channels, sign-ups followed"),
        ],
    },
    "mentorat-entrepreneurs-sociaux": {
        "title": "Mentoring social entrepreneurs",
        "intro": "Support a project leader for six months, one hour a week.",
        "objectives": [
            ("Validate the business model", "A three-year forecast reviewed by the mentor"),
            ("Prepare the launch", "Launch date set and first customers identified"),
        ],
        "questions": [
            {"label": "Have you started a business yourself?", "help_text": "In which sector, and when?"},
        ],
    },
    "refonte-site-atelier": {
        "title": "Rebuilding the cooperative workshop's website",
        "intro": "Rebuild an accessible site with Wagtail and train the team.",
        "objectives": [
            ("Put the new site online", "Site published, RGAA level AA compliant"),
            ("Train the team", "Two employees publish a news item on their own"),
        ],
    },
    "tableau-de-bord-jardins": {
        "title": "Shared gardens dashboard",
        "intro": "Follow sign-ups and harvests in a simple dashboard.",
        "objectives": [("Build the dashboard", "Shared dashboard updated every month")],
    },
    "temoignage-claire": {
        "title": "“I found meaning in my job again”",
        "quote": "Putting my management control skills at the service of an NGO gave my work meaning again. In "
        "ten weeks, we built a roadmap the whole team made its own.",
    },
    "temoignage-samir": {
        "title": "“A real outside view”",
        "quote": "The volunteers of Savoir partagé brought us an outside view and tools we still use every week.",
    },
    "temoignage-partenaire": {
        "title": "“A lasting partnership”",
        "quote": "Skills sponsorship with Savoir partagé lets our employees commit concretely, with clear "
        "objectives and serious follow-up.",
    },
}


def wanted():
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False) and "en" in get_content_languages()


def build(site):
    """Name the skills in English and translate the demo's pages; idempotent."""
    for skill in Skill.objects.filter(name__in=SKILLS):
        if "en" not in skill.names:
            skill.names = {**skill.names, "en": SKILLS[skill.name]}
            skill.save(update_fields=["names"])
    english, _created = Locale.objects.get_or_create(language_code="en")
    pages = Page.objects.descendant_of(site.root_page).filter(slug__in=PAGES).exclude(locale=english).order_by("path")
    for page in pages.specific():
        if page.get_translation_or_none(english) is None:
            translate(page.specific, english)


def translate(page, locale):
    copy = page.copy_for_translation(locale, copy_parents=True)
    _publish_copied_parents(copy)
    texts = PAGES[page.slug]
    for field in ("title", "intro", "context", "expected_outcome", "quote"):
        if field in texts:
            setattr(copy, field, texts[field])
    for objective, (title, indicator) in zip(_children(copy, "objectives"), texts.get("objectives", []), strict=False):
        objective.title, objective.success_indicator = title, indicator
        objective.save()
    # Questions keep their field names (answers from both languages stay in one column).
    for field, question in zip(_children(copy, "form_fields"), texts.get("questions", []), strict=False):
        for name, value in question.items():
            setattr(field, name, value)
        field.save()
    copy.save()
    copy.save_revision().publish()
    return copy


def _children(page, relation):
    return list(getattr(page, relation).all()) if hasattr(page, relation) else []


def _publish_copied_parents(copy):
    """``copy_parents`` leaves the copied ancestors (the English home) as drafts."""
    for parent in copy.get_ancestors().filter(depth__gt=1, live=False, alias_of__isnull=True).specific():
        parent.save_revision().publish()

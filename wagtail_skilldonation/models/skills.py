"""One skill vocabulary shared by volunteers, needs and missions.

Each tagged model has its own through model (taggit ``ItemBase``) so the tables stay
small and indexed on the object they tag; they all point to the one ``Skill`` tag.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import PanelPlaceholder
from wagtail.search import index

from .applications import Application
from .choices import SkillCategory
from .languages import name_in


class Skill(index.Indexed, TagBase):
    # Editors curate the vocabulary: tag widgets only offer existing skills, so a typo
    # never splits one skill in two (which would blind the matching).
    free_tagging = False

    # taggit fills it from the name on save: editors need not type it.
    slug = models.SlugField(
        _("slug"),
        unique=True,
        max_length=100,
        allow_unicode=True,
        blank=True,
        help_text=_("Filled from the name when left empty."),
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=SkillCategory.choices,
        default=SkillCategory.OTHER,
        db_index=True,
    )
    description = models.TextField(_("description"), blank=True)
    # The name in the other content languages, {"en": "Accounting"}; ``name`` is the
    # default language's. One skill, many names: the matching never splits by language.
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_("Left empty, visitors reading another language see the name above."),
    )

    panels = [
        FieldPanel("name"),
        PanelPlaceholder("wagtail_skilldonation.portal.panels.SkillNamesPanel", ["names"], {}),
        FieldPanel("category"),
        FieldPanel("description"),
        FieldPanel("slug"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("other_names"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
    ]

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.names = self.names or {}  # a form's emptied boxes arrive as None
        super().save(*args, **kwargs)

    @property
    def label(self):
        """The name in the active language, else the default language's."""
        return name_in(self.names, self.name)

    def name_in(self, language):
        return name_in(self.names, self.name, language)

    def other_names(self):
        return " ".join((self.names or {}).values())


class SkillsField(TaggableManager):
    """A volunteer's skills. Wagtail's reference index ignores taggit's through
    models (pages reach their skills through their child relations, volunteers have
    none), so a skill's *Used by* listed no volunteer: the field reports its skills."""

    def extract_references(self, value):
        for tag in value:
            yield self.remote_field.model, str(tag.pk), "", str(tag.pk)


class VolunteerSkill(ItemBase):
    """A volunteer's skill, with a copy of the few volunteer columns matching scores.

    The copy lets ``matching.rank_volunteers`` score every holder of the required
    skills from one covering index, without reading the volunteers' rows. It is
    refreshed whenever the volunteer is saved (``Volunteer.save``); the number of
    active missions they hold follows their applications and those missions' status
    (``refresh_active_missions``, called by ``applications`` and signal receivers).
    The city is stored case-folded and the département is spelled out, so comparing
    places needs no function in SQL.
    """

    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="volunteer_items")
    content_object = models.ForeignKey(
        "wagtail_skilldonation.Volunteer",
        on_delete=models.CASCADE,
        related_name="skill_items",
    )
    eligible = models.BooleanField(default=False, editable=False)
    format = models.CharField(max_length=10, blank=True, editable=False)
    postcode = models.CharField(max_length=10, blank=True, editable=False)
    department = models.CharField(max_length=3, blank=True, editable=False)
    city = models.CharField(max_length=100, blank=True, editable=False)
    availability_hours = models.PositiveSmallIntegerField(default=0, editable=False)
    active_missions = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("volunteer skill")
        verbose_name_plural = _("volunteer skills")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="skilldonation_volunteerskill_uniq")
        ]
        indexes = [
            models.Index(
                fields=[
                    "tag",
                    "eligible",
                    "content_object",
                    "format",
                    "postcode",
                    "department",
                    "city",
                    "availability_hours",
                    "active_missions",
                ],
                name="sd_volunteerskill_match",
            )
        ]

    def save(self, *args, **kwargs):
        # taggit creates these rows with the volunteer at hand: copy its columns.
        volunteer = self.content_object
        for field, value in volunteer.matching_columns().items():
            setattr(self, field, value)
        super().save(*args, **kwargs)

    @classmethod
    def refresh_active_missions(cls, volunteers):
        """Recount, from the applications, the active missions of ``volunteers``
        (ids or a queryset of ids), on them and on their skill rows: two UPDATEs
        whatever their number."""
        volunteer_model = cls._meta.get_field("content_object").related_model
        held = Application.objects.places_held_by
        volunteer_model.objects.filter(pk__in=volunteers).update(active_missions=held("pk"))
        cls.objects.filter(content_object_id__in=volunteers).update(active_missions=held("content_object_id"))


class NeedSkill(ItemBase):
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="need_items")
    content_object = ParentalKey(
        "wagtail_skilldonation.NeedPage",
        on_delete=models.CASCADE,
        related_name="skill_items",
    )

    class Meta:
        verbose_name = _("need skill")
        verbose_name_plural = _("need skills")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="skilldonation_needskill_uniq")]


class MissionSkill(ItemBase):
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="mission_items")
    content_object = ParentalKey(
        "wagtail_skilldonation.MissionPage",
        on_delete=models.CASCADE,
        related_name="skill_items",
    )

    class Meta:
        verbose_name = _("mission skill")
        verbose_name_plural = _("mission skills")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="skilldonation_missionskill_uniq")
        ]


class RarityCount(models.Model):
    """How many eligible volunteers hold a skill (``key``: its pk), or how many are
    eligible at all (``key`` 0): the sum of its rows. Each change of a volunteer or of
    their skills adds a row in the transaction that makes the change (``matching.
    statistics``), so the counts are exact, survive restarts and are read by any
    process in one query; no row is ever updated in place, so people applying at the
    same moment never wait on one another. ``statistics.fold`` sums rows up."""

    ELIGIBLE = 0

    key = models.PositiveIntegerField(db_index=True, editable=False)
    delta = models.IntegerField(editable=False)

    class Meta:
        verbose_name = _("rarity count")
        verbose_name_plural = _("rarity counts")

"""One skill vocabulary shared by volunteers, needs and missions.

Each tagged model has its own through model (taggit ``ItemBase``) so the tables stay
small and indexed on the object they tag; they all point to the one ``Skill`` tag.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.search import index

from .applications import Application
from .choices import SkillCategory


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

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
    ]

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]


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

    tag = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="volunteer_items"
    )
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
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="skilldonation_volunteerskill_uniq"
            )
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
        cls.objects.filter(content_object_id__in=volunteers).update(
            active_missions=held("content_object_id")
        )


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
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="skilldonation_needskill_uniq"
            )
        ]


class MissionSkill(ItemBase):
    tag = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="mission_items"
    )
    content_object = ParentalKey(
        "wagtail_skilldonation.MissionPage",
        on_delete=models.CASCADE,
        related_name="skill_items",
    )

    class Meta:
        verbose_name = _("mission skill")
        verbose_name_plural = _("mission skills")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="skilldonation_missionskill_uniq"
            )
        ]

"""A skill's "Used by" counts the volunteers who hold it (``volunteers.references``)."""

from django.db.models.signals import m2m_changed

from ..models import VolunteerSkill
from .references import volunteer_skills_changed


def register_signal_handlers():
    m2m_changed.connect(volunteer_skills_changed, sender=VolunteerSkill, dispatch_uid="sd-vskill-references")

"""A skill's "Used by" counts the volunteers who hold it (``volunteers.references``)."""

from django.db.models.signals import m2m_changed

from ..models import Volunteer, VolunteerSkill
from ..models.signals import skills_given
from .references import volunteer_skills_changed, volunteer_skills_given


def register_signal_handlers():
    m2m_changed.connect(volunteer_skills_changed, sender=VolunteerSkill, dispatch_uid="sd-vskill-references")
    skills_given.connect(volunteer_skills_given, sender=Volunteer, dispatch_uid="sd-volunteer-given-references")

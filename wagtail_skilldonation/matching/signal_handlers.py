"""The matching keeps rarity statistics (counted step by step as volunteers and their
skills change; from scratch when skills change) and a copy of volunteer columns,
including the active missions they hold (``matching.statistics``)."""

from django.db.models.signals import post_delete, post_save, pre_save

from ..models import Application, MissionPage, MissionSkill, Skill, Volunteer, VolunteerSkill
from ..models.signals import skills_given
from . import statistics


def register_signal_handlers():
    pre_save.connect(statistics.volunteer_saving, sender=Volunteer, dispatch_uid="sd-volunteer-saving")
    post_save.connect(statistics.volunteer_saved, sender=Volunteer, dispatch_uid="sd-volunteer-saved")
    post_delete.connect(statistics.volunteer_deleted, sender=Volunteer, dispatch_uid="sd-volunteer-deleted")
    skills_given.connect(statistics.skills_given, sender=Volunteer, dispatch_uid="sd-volunteer-skills-given")
    for signal in (post_save, post_delete):
        created = signal is post_save
        signal.connect(statistics.volunteer_skill_changed, sender=VolunteerSkill, dispatch_uid=f"sd-vskill-{created}")
        signal.connect(statistics.forget_statistics, sender=Skill, dispatch_uid=f"sd-skill-{created}")
        signal.connect(statistics.mission_skills_changed, sender=MissionSkill, dispatch_uid=f"sd-mskill-{created}")
    post_save.connect(statistics.mission_saved, sender=MissionPage, dispatch_uid="sd-mission-saved")
    post_save.connect(statistics.application_changed, sender=Application, dispatch_uid="sd-app-saved")
    post_delete.connect(statistics.application_changed, sender=Application, dispatch_uid="sd-app-deleted")

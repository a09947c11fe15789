from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSkillDonationAppConfig(AppConfig):
    name = "wagtail_skilldonation"
    label = "wagtail_skilldonation"
    verbose_name = _("Skill donation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        # Django's rule: nothing that needs the models is imported before ready().
        from . import checks, conf  # noqa: F401  (register the checks, the setting_changed receiver)
        from .matching import engine as matching

        # Every kind of e-mail has its builder registered before a worker sends one.
        from .applications import emails as _applications  # noqa: F401
        from .certificates import emails as _certificates  # noqa: F401
        from .followup import emails as _followup  # noqa: F401
        from .matching import emails as _matching  # noqa: F401
        from .volunteers import alerts as _alerts, emails as _volunteers  # noqa: F401

        # The matching caches rarity statistics (counted step by step as volunteers
        # and their skills change; from scratch when skills change) and keeps a copy
        # of volunteer columns, including the active missions they hold.
        volunteer, volunteer_skill, skill = (
            self.get_model(name) for name in ("Volunteer", "VolunteerSkill", "Skill")
        )
        pre_save.connect(matching.volunteer_saving, sender=volunteer, dispatch_uid="sd-volunteer-saving")
        post_save.connect(matching.volunteer_saved, sender=volunteer, dispatch_uid="sd-volunteer-saved")
        post_delete.connect(matching.volunteer_deleted, sender=volunteer, dispatch_uid="sd-volunteer-deleted")
        for signal in (post_save, post_delete):
            signal.connect(matching.volunteer_skill_changed, sender=volunteer_skill, dispatch_uid=f"sd-vskill-{signal is post_save}")
            signal.connect(matching.forget_statistics, sender=skill, dispatch_uid=f"sd-skill-{signal is post_save}")
        mission = self.get_model("MissionPage")
        post_save.connect(matching.mission_saved, sender=mission, dispatch_uid="sd-mission-saved")
        mission_skill = self.get_model("MissionSkill")
        for signal in (post_save, post_delete):
            signal.connect(matching.mission_skills_changed, sender=mission_skill, dispatch_uid=f"sd-mskill-{signal is post_save}")
        # Search follows what a publish adds to a page's children (see portal.search).
        from wagtail.signals import page_published

        from .portal.search import reindex_after_publish

        for name in ("MissionPage", "NeedPage"):
            page_published.connect(reindex_after_publish, sender=self.get_model(name), dispatch_uid=f"sd-reindex-{name}")
        application = self.get_model("Application")
        post_save.connect(matching.application_changed, sender=application, dispatch_uid="sd-app-saved")
        post_delete.connect(matching.application_changed, sender=application, dispatch_uid="sd-app-deleted")
        # A skill's "Used by" counts the volunteers who hold it.
        from django.db.models.signals import m2m_changed

        from .volunteers.references import volunteer_skills_changed

        m2m_changed.connect(volunteer_skills_changed, sender=volunteer_skill, dispatch_uid="sd-vskill-references")
        # Cached parts of public pages are forgotten when an editor changes content.
        from .portal import fragments
        from wagtail.models import Locale, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(fragments.bump, dispatch_uid=f"sd-fragments-{id(signal)}")
        content = [Site, Locale] + [
            self.get_model(name) for name in (
                "Skill", "Organisation", "PortalSettings", "MissionObjective", "MissionFormField", "MissionSkill", "NeedSkill",
            )
        ]
        for model in content:
            for signal in (post_save, post_delete):
                signal.connect(fragments.bump, sender=model, dispatch_uid=f"sd-fragments-{model.__name__}-{id(signal)}")
        for signal in (post_save, post_delete):
            signal.connect(fragments.page_changed, dispatch_uid=f"sd-fragments-page-{id(signal)}")

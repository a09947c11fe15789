from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSkillDonationAppConfig(AppConfig):
    name = "wagtail_skilldonation"
    label = "wagtail_skilldonation"
    verbose_name = _("Skill donation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import conf  # noqa: F401  (connects the setting_changed receiver)
        from .matching import forget_eligible_count

        # Rarity weights need the number of eligible volunteers, which is cached.
        volunteer = self.get_model("Volunteer")
        post_save.connect(forget_eligible_count, sender=volunteer, dispatch_uid="sd-count-save")
        post_delete.connect(forget_eligible_count, sender=volunteer, dispatch_uid="sd-count-del")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSkillDonationAppConfig(AppConfig):
    name = "wagtail_skilldonation"
    label = "wagtail_skilldonation"
    verbose_name = _("Skill donation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import conf  # noqa: F401  (connects the setting_changed receiver)

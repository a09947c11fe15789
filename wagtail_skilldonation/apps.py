from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSkillDonationAppConfig(AppConfig):
    name = "wagtail_skilldonation"
    label = "wagtail_skilldonation"
    verbose_name = _("Skill donation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's rule: nothing that needs the models is imported before ready().
        from . import checks, conf  # noqa: F401  (register the checks, the setting_changed receiver)

        # Every kind of e-mail has its builder registered before a worker sends one.
        from .applications import emails as _applications  # noqa: F401
        from .certificates import emails as _certificates  # noqa: F401
        from .followup import emails as _followup  # noqa: F401
        from .mail.signal_handlers import register_signal_handlers as register_mail
        from .matching import emails as _matching  # noqa: F401
        from .matching.signal_handlers import register_signal_handlers as register_matching
        from .organisations import access as _organisation_access  # noqa: F401
        from .organisations import emails as _organisations  # noqa: F401
        from .portal.signal_handlers import register_signal_handlers as register_portal
        from .volunteers import alerts as _alerts  # noqa: F401
        from .volunteers import emails as _volunteers  # noqa: F401
        from .volunteers.signal_handlers import register_signal_handlers as register_volunteers

        # Each feature wires its own receivers (as wagtailmedia does).
        register_mail()
        register_portal()
        register_matching()
        register_volunteers()

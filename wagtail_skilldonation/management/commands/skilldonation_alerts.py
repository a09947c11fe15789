from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ...volunteers.alerts import send_alerts


class Command(BaseCommand):
    help = "Queue the weekly alert of new matching missions for each volunteer who asked for it (run daily from cron)."

    def handle(self, *args, **options):
        count = send_alerts()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(count)d alert queued.", "%(count)d alerts queued.", count) % {"count": count}
            )
        )

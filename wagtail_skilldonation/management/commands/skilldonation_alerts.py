from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ...matching.statistics import fold
from ...organisations.followups import send_due
from ...portal.search import analyze_database
from ...volunteers.alerts import send_alerts


class Command(BaseCommand):
    help = (
        "Queue the weekly alert of new matching missions for each volunteer who asked for it, and the "
        "lasting-impact follow-ups due to organisations, sum up the matching's rarity counts and refresh "
        "the query planner's statistics where nothing else does (run daily from cron)."
    )

    def handle(self, *args, **options):
        fold()  # upkeep: each key's rows summed up once they are many (matching.statistics)
        count = send_alerts()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(count)d alert queued.", "%(count)d alerts queued.", count) % {"count": count}
            )
        )
        count = send_due()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(count)d follow-up queued.", "%(count)d follow-ups queued.", count) % {"count": count}
            )
        )
        # Upkeep last: the planner's statistics (portal.search), after what people wait for.
        analyze_database()

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _, ngettext

from ...volunteers.retention import forget_if_stale, retention_months, stale_volunteers


class Command(BaseCommand):
    help = "Forget the volunteers inactive for longer than the portal's data retention (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count who would be forgotten.")
        parser.add_argument("--months", type=int, help="Override the retention set in the portal settings.")

    def handle(self, *args, dry_run=False, months=None, **options):
        if months is not None and months < 1:
            raise CommandError(_("The retention must be at least one month."))
        months = months or retention_months()
        stale = list(stale_volunteers(months))
        if not dry_run:
            # Each is checked again under a lock: someone may have applied meanwhile.
            stale = [volunteer for volunteer in stale if forget_if_stale(volunteer, months)]
        message = (
            ngettext(
                "%(count)d volunteer inactive for %(months)d months would be forgotten (dry run).",
                "%(count)d volunteers inactive for %(months)d months would be forgotten (dry run).",
                len(stale),
            )
            if dry_run
            else ngettext(
                "%(count)d volunteer inactive for %(months)d months forgotten.",
                "%(count)d volunteers inactive for %(months)d months forgotten.",
                len(stale),
            )
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": len(stale), "months": months}))

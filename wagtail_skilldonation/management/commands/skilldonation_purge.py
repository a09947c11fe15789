from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...applications.unconfirmed import lapse_unconfirmed
from ...certificates.files import orphan_files, remove_orphan_files
from ...conf import get_setting
from ...volunteers.retention import (
    forget_if_stale,
    purge_spam,
    retention_months,
    stale_spam,
    stale_volunteers,
    wake_up,
)


class Command(BaseCommand):
    help = (
        "Forget the volunteers inactive for longer than the portal's data retention, "
        "delete the suspected spam nobody released, and lapse the forms their address's "
        "owner did not confirm in time, and remove certificate files no certificate names (run it daily)."
    )

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
        if not dry_run:
            back = wake_up()
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext("%(count)d volunteer available again.", "%(count)d volunteers available again.", back)
                    % {"count": back}
                )
            )
        days = get_setting("SPAM_RETENTION_DAYS")
        spam = stale_spam().count() if dry_run else purge_spam()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)d suspected spam older than %(days)d days deleted.",
                    "%(count)d suspected spams older than %(days)d days deleted.",
                    spam,
                )
                % {"count": spam, "days": days}
                + (" " + _("(dry run: nothing deleted)") if dry_run else "")
            )
        )
        if not dry_run:
            lapsed = lapse_unconfirmed()
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "%(count)d form not confirmed in time lapsed (kept as typed).",
                        "%(count)d forms not confirmed in time lapsed (kept as typed).",
                        lapsed,
                    )
                    % {"count": lapsed}
                )
            )
        # PDFs no certificate names: a worker killed while issuing (its row rolled back).
        orphans = len(orphan_files()) if dry_run else remove_orphan_files()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)d certificate file no certificate names removed (left by an interrupted issue).",
                    "%(count)d certificate files no certificate names removed (left by an interrupted issue).",
                    orphans,
                )
                % {"count": orphans}
                + (" " + _("(dry run: nothing deleted)") if dry_run else "")
            )
        )

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ...mail.outbox import due, failures, retry_due


class Command(BaseCommand):
    help = (
        "Send the e-mails that are due again: failures whose next attempt has come, and "
        "e-mails stuck waiting (run it every few minutes from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due.")

    def handle(self, *args, dry_run=False, **options):
        count = due().count() if dry_run else retry_due()
        message = (
            ngettext("%(count)d e-mail due to be sent.", "%(count)d e-mails due to be sent.", count)
            if dry_run
            else ngettext(
                "%(count)d e-mail handed to the task backend.", "%(count)d e-mails handed to the task backend.", count
            )
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": count}))
        still = failures().count()
        if still:
            self.stdout.write(
                self.style.WARNING(
                    ngettext(
                        "%(count)d e-mail not sent: editors see it under Reports › E-mails not sent.",
                        "%(count)d e-mails not sent: editors see them under Reports › E-mails not sent.",
                        still,
                    )
                    % {"count": still}
                )
            )

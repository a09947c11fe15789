from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...matching.copy import drift, rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the matching's copy of volunteer columns (after bulk imports, "
        "QuerySet.update() or raw SQL). --check only reports, and fails when it is stale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report drift; change nothing.")

    def report(self, found):
        self.stdout.write(
            _("Out of step: %(volunteers)d volunteers, %(rows)d skill rows, %(counts)d rarity counts.")
            % {"volunteers": found["volunteers"], "rows": found["skill_rows"], "counts": found["rarity_counts"]}
        )

    def handle(self, *args, check=False, **options):
        found = drift()
        self.report(found)
        if check:
            if any(found.values()):
                raise CommandError(_("The matching copy is stale: run skilldonation_rebuild_matching."))
            return
        rebuild()
        self.stdout.write(_("Rebuilt."))
        self.report(drift())

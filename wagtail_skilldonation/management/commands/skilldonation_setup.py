from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...portal.setup import setup


class Command(BaseCommand):
    help = (
        "Make an empty Wagtail site a skill donation portal: index pages, starter skills, "
        "portal settings (idempotent); then say what is left to do."
    )

    def handle(self, *args, **options):
        done, todo = setup()
        for line in done:
            self.stdout.write(self.style.SUCCESS(line))
        if not done:
            self.stdout.write(_("Nothing to create: the portal's pages and skills are there."))
        if todo:
            self.stdout.write(_("Left to do:"))
            for line in todo:
                self.stdout.write(self.style.WARNING(f"- {line}"))

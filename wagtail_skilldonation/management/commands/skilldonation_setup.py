from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...certificates import keys
from ...portal.setup import setup


class Command(BaseCommand):
    help = (
        "Make an empty Wagtail site a skill donation portal: index pages, starter skills, "
        "portal settings, the key that signs open credentials (idempotent); then say what is left to do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-credential-key",
            action="store_true",
            help="Rotate the open credentials' key: a new key signs from now on; the old ones stay published.",
        )

    def handle(self, *args, **options):
        done, todo = setup()
        if options["new_credential_key"] or not keys.kids():
            done.append(_("Key for signing open credentials created: %(kid)s") % {"kid": keys.create()})
        for line in done:
            self.stdout.write(self.style.SUCCESS(line))
        if not done:
            self.stdout.write(_("Nothing to create: the portal's pages and skills are there."))
        if todo:
            self.stdout.write(_("Left to do:"))
            for line in todo:
                self.stdout.write(self.style.WARNING(f"- {line}"))

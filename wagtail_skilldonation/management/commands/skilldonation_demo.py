from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...demo import build


class Command(BaseCommand):
    help = "Create (or complete) the demo content of the skill-donation portal."

    def handle(self, *args, **options):
        counts = build()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(_("Demo content is ready.")))

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.demo import demo_load
from directory.management.progress import progress_bar


class Command(BaseCommand):
    help = "Create the fictional demo directory (about 150 published offers). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed: int, **options):
        created = demo_load(seed=seed, progress=progress_bar(_("Demo offers")))
        if created:
            self.stdout.write(
                self.style.SUCCESS(_("%(count)s demo offers created.") % {"count": created})
            )
        else:
            self.stdout.write(_("Demo data is already loaded."))

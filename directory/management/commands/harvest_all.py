from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.interchange.hsds_harvest import harvest_source_run
from directory.management.commands.harvest_hsds import write_report
from directory.management.progress import progress_bar
from directory.models import HarvestSource


class Command(BaseCommand):
    help = (
        "Harvest every directory registered under Directory → Harvested directories (for "
        "cron, e.g. nightly). Sources no longer harvested have their offers withdrawn."
    )

    def handle(self, *args, **options):
        for source in HarvestSource.objects.all():
            report = harvest_source_run(
                source=source, progress=progress_bar(_("Harvesting %(name)s") % {"name": source})
            )
            write_report(self, source, report)

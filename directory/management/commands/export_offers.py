from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.exporting import offers_export_csv
from directory.management.progress import progress_bar
from directory.models import Offer


class Command(BaseCommand):
    help = "Export all offers (drafts included) in the import's CSV format (CONTRACT §1)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, file: Path, **options):
        progress = progress_bar(_("Exporting"), total=Offer.objects.count())
        try:
            with file.open("w", encoding="utf-8", newline="") as stream:
                count = offers_export_csv(file=stream, progress=progress)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        self.stdout.write(self.style.SUCCESS(_("%(count)s offers exported.") % {"count": count}))

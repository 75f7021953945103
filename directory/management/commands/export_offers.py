from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from directory.interchange.csv_export import offers_export_csv
from directory.interchange.hsds_export import offers_export_hsds
from directory.management.progress import progress_bar
from directory.models import Offer


class Command(BaseCommand):
    help = (
        "Export offers (docs/csv-format.md): all of them, drafts included, in the import's CSV "
        "format, or the published ones as Open Referral HSDS 3.0 JSON (open data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "hsds"], default="csv")

    def handle(self, *args, file: Path, format: str, **options):
        offers = Offer.objects.published() if format == "hsds" else Offer.objects.all()
        progress = progress_bar(_("Exporting"), total=offers.count())
        exporter = offers_export_hsds if format == "hsds" else offers_export_csv
        try:
            # Open data is in the directory's source language, whatever the shell's locale.
            with (
                file.open("w", encoding="utf-8", newline="") as stream,
                translation.override(settings.LANGUAGE_CODE),
            ):
                count = exporter(file=stream, progress=progress)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        self.stdout.write(self.style.SUCCESS(_("%(count)s offers exported.") % {"count": count}))

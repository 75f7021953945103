from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.interchange.csv_import import offers_import_csv
from directory.interchange.hsds_import import offers_import_hsds
from directory.interchange.report import ImportFileError
from directory.management.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Import offers from a CSV file (docs/csv-format.md) or Open Referral HSDS 3.0 JSON. "
        "All rows or none are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="UTF-8 CSV file with a header row, or JSON")
        parser.add_argument(
            "--format",
            choices=["csv", "hsds"],
            help="default: hsds for .json files, otherwise csv",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report; write nothing"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the offers (default: drafts)"
        )

    def handle(self, *args, file: Path, dry_run: bool, publish: bool, **options):
        hsds = (options["format"] or ("hsds" if file.suffix == ".json" else "csv")) == "hsds"
        importer = offers_import_hsds if hsds else offers_import_csv
        try:
            with file.open("rb") as stream:
                report = importer(
                    file=stream,
                    publish=publish,
                    dry_run=dry_run,
                    progress=progress_bar(_("Importing")),
                )
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except ImportFileError as error:  # HSDS file errors are ImportFileErrors too
            raise CommandError(str(error)) from error

        for error in report.errors:
            self.stderr.write(str(error))
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        summary = _(
            "created: %(created)s / updated: %(updated)s / unchanged: %(unchanged)s / "
            "errors: %(errors)s"
        ) % {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "errors": len(report.errors),
        }
        if report.errors:
            raise CommandError(_("Nothing was imported. %(summary)s") % {"summary": summary})
        if dry_run:
            self.stdout.write(_("Dry run, nothing written. %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(summary))

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.interchange.hsds_harvest import harvest_source_for_url, harvest_source_run
from directory.management.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Harvest another directory's Open Referral HSDS 3.0 API: its services become "
        "read-only offers marked with their source. The source is registered on first use."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="the HSDS API address, e.g. https://example.org/api/hsds/")
        parser.add_argument("--name", default="", help="name shown as the offers' source")

    def handle(self, *args, url: str, name: str, **options):
        try:
            source = harvest_source_for_url(api_url=url, name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        report = harvest_source_run(source=source, progress=progress_bar(_("Harvesting")))
        write_report(self, source, report)
        if report.errors and not (report.created or report.updated or report.unchanged):
            raise CommandError(_("Nothing could be harvested from %(url)s.") % {"url": url})


def write_report(command: BaseCommand, source, report) -> None:
    for error in report.errors:
        command.stderr.write(f"{source}: {error}")
    style = command.style.WARNING if report.errors else command.style.SUCCESS
    command.stdout.write(style(f"{source}: {report.summary()}"))

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.management.progress import progress_bar
from directory.services.geocoding import geocoder, locations_locate


class Command(BaseCommand):
    help = (
        "Find positions for offer locations without an exact one: from the geocoding "
        "service (GEOCODER_URL), else the centre of the postcode or the district."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Also look up locations that have a position from the address already.",
        )

    def handle(self, *args, **options):
        if geocoder() is None:
            self.stderr.write(
                _(
                    "No geocoding service configured (GEOCODER_URL): using postcode and "
                    "district centres."
                )
            )
        run = locations_locate(everything=options["all"], progress=progress_bar(_("Locating")))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(exact)s locations exact, %(rough)s only approximate, %(without)s "
                    "without position."
                )
                % {"exact": run.exact, "rough": run.rough, "without": run.without}
            )
        )

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.management.progress import progress_bar
from search.engines import SearchUnavailable
from search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the database (Elasticsearch: new index + alias swap)."

    def handle(self, *args, **options):
        try:
            counts = search_index_rebuild(progress=progress_bar(_("Indexing")))
        except SearchUnavailable as error:
            raise CommandError(
                _("The search engine is not reachable: %(error)s") % {"error": error}
            ) from error
        for engine, count in counts.items():
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(engine)s: %(count)s documents indexed.")
                    % {"engine": engine, "count": count}
                )
            )

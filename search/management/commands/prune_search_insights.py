from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.insights import insights_prune


class Command(BaseCommand):
    help = "Delete search counts older than SEARCH_INSIGHTS_RETENTION_DAYS. Run daily (cron)."

    def handle(self, *args, **options):
        deleted = insights_prune()
        self.stdout.write(
            _("%(count)s weekly counts older than %(days)s days deleted.")
            % {"count": deleted, "days": settings.SEARCH_INSIGHTS_RETENTION_DAYS}
        )

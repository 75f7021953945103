from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.services.sharing import shared_lists_delete_expired


class Command(BaseCommand):
    help = "Delete expired share links and their personal notes. Run daily (cron)."

    def handle(self, *args, **options):
        deleted = shared_lists_delete_expired()
        self.stdout.write(_("%(count)s expired share links deleted.") % {"count": deleted})

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

USERNAME = "admin"
PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create the local-only admin login admin/admin. Refuses to run unless DEBUG is on."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("The local admin login is only for development (DEBUG=True)."))
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(_("Local admin login exists: admin / admin"))
            return
        user_model.objects.create_superuser(USERNAME, "admin@localhost", PASSWORD)
        self.stdout.write(self.style.SUCCESS(_("Local admin login created: admin / admin")))

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate, create the cache table, load demo data, create the local admin login, "
        "index (for make run)."
    )

    # One process instead of three: each Django start-up costs about three seconds.
    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        call_command("createcachetable")  # the shared cache (rate limits) is a table
        call_command("load_demo")
        call_command("create_local_admin")
        # Cheap for the demo data, and it repairs an index from before an upgrade.
        call_command("rebuild_search_index")

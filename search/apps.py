from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    # The label names the database tables (directory_search_…) and the migration
    # history; renaming it would need every table and history row renamed in every
    # deployment, so it stays.
    label = "directory_search"
    verbose_name = _("Directory search")

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401 - registers the checks

        signal_handlers.register()

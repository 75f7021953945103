from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .shortlist import shortlist_merge_on_login

        user_logged_in.connect(shortlist_merge_on_login, dispatch_uid="shortlist_merge_on_login")

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.management.progress import progress_bar
from directory.services.freshness import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail providers a signed link to confirm their stale listings, and pass "
        "unanswered reminders to the editors. Run daily (cron)."
    )

    def handle(self, *args, **options):
        run = reminders_send(progress=progress_bar(_("Sending")))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(sent)s e-mails about %(offers)s offers sent, %(escalated)s reminders "
                    "passed to the editors, %(missing)s stale offers without an e-mail address."
                )
                % {
                    "sent": run.sent,
                    "offers": run.offers,
                    "escalated": run.escalated,
                    "missing": run.without_address,
                }
            )
        )

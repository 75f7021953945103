"""Admin components: the freshness badge in the offer editor and the dashboard panel."""

from django.utils import timezone
from wagtail.admin.panels import HelpPanel
from wagtail.admin.ui.components import Component

from ..access import offers_for
from ..models import FreshnessReminder, Offer, ProblemReport


class FreshnessPanel(HelpPanel):
    """Tells the editor whether the offer is due for verification, and the last reminder."""

    class BoundPanel(HelpPanel.BoundPanel):
        def is_shown(self):
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["offer"] = self.instance
            context["reminder"] = self.instance.reminders.first()
            return context


class DirectoryDashboardPanel(Component):
    """Counts an editor acts on: offers to verify, waiting for approval, answers."""

    name = "directory"
    order = 50
    template_name = "directory/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        month_ago = timezone.now() - timezone.timedelta(days=30)
        published = offers_for(self.user, Offer.objects.published())
        reports = offers_for(self.user, ProblemReport.objects.all(), "offer__provider")
        return {
            "published": published.count(),
            "stale": published.stale().count(),
            "drafts": offers_for(self.user, Offer.objects.filter(live=False)).count(),
            "changed": published.filter(has_unpublished_changes=True).count(),
            "reminders_sent": FreshnessReminder.objects.filter(sent_at__gte=month_ago).count(),
            "changes_reported": FreshnessReminder.objects.filter(
                answer=FreshnessReminder.Answer.UPDATE_REQUESTED, answered_at__gte=month_ago
            ).count(),
            "unanswered": FreshnessReminder.objects.filter(answered_at__isnull=True).count(),
            "reports_new": reports.filter(status=ProblemReport.Status.NEW).count(),
            "reports_open": reports.filter(status=ProblemReport.Status.IN_PROGRESS).count(),
        }

"""Admin components: the freshness badge in the offer editor and the dashboard panel."""

from django.utils import timezone
from wagtail import hooks
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


class LocationMapPanel(HelpPanel):
    """The offer's locations on the server-drawn district map (no tiles, no third party),
    so the editor sees at a glance whether a pin is in the right place. Clicking the map
    sets the first location's position by hand (static/js/admin_location_map.js).

    The public site (a layer above) draws maps; it answers the hook MAP_HOOK with a
    function (locations) → map, as it does for the offer preview.
    """

    MAP_HOOK = "directory_location_map"

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "directory/admin/location_map_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            located = [loc for loc in self.instance.locations.all() if loc.latitude is not None]
            context["map"] = next(
                (draw(located) for draw in hooks.get_hooks(LocationMapPanel.MAP_HOOK)), None
            )
            context["locations"] = located
            return context

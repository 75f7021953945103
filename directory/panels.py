"""Admin components: the freshness badge in the offer editor and the dashboard panel."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import HelpPanel
from wagtail.admin.ui.components import Component

from .access import offers_for
from .maps import Marker, static_map
from .models import District, FreshnessReminder, Offer, ProblemReport


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


class AdminPageMenuItem(MenuItem):
    """A menu item for one of our AdminPages, shown to those the page lets in."""

    def __init__(self, page, label, url_name: str, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)
        self.permissions = page.permissions

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)


class LocationMapPanel(HelpPanel):
    """The offer's locations on the server-drawn district map (no tiles, no third party),
    so the editor sees at a glance whether a pin is in the right place. Clicking the map
    sets the first location's position by hand (static/js/admin_location_map.js)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "directory/admin/location_map_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            located = [loc for loc in self.instance.locations.all() if loc.latitude is not None]
            markers = [
                Marker(float(loc.latitude), float(loc.longitude), str(loc) or loc.name)
                for loc in located
            ]
            context["map"] = static_map(list(District.objects.all()), markers)
            context["locations"] = located
            return context

"""Registers the directory's admin with Wagtail; the parts live in `directory.admin`."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin.base import AdminPageMenuItem
from .admin.bulk_actions import ApproveOffersBulkAction
from .admin.panels import DirectoryDashboardPanel
from .admin.views import GapReportView, InvitationView, OfferImportView, warn_about_duplicates
from .admin.viewsets import DirectoryViewSetGroup

register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/gaps/", GapReportView.as_view(), name="directory_gap_report"),
        path("directory/import/", OfferImportView.as_view(), name="directory_offer_import"),
        path("directory/invite/", InvitationView.as_view(), name="directory_invite"),
    ]


@hooks.register("register_reports_menu_item")
def register_gap_report_menu_item():
    return AdminPageMenuItem(
        GapReportView, _("Gap report"), "directory_gap_report", icon_name="table", order=100
    )


@hooks.register("construct_homepage_panels")
def add_directory_panel(request, panels):
    if request.user.has_perm("directory.change_offer") or request.user.has_perm(
        "directory.view_offer"
    ):
        panels.append(DirectoryDashboardPanel(request.user))


hooks.register("after_create_snippet", warn_about_duplicates)
hooks.register("after_edit_snippet", warn_about_duplicates)
hooks.register("register_bulk_action", ApproveOffersBulkAction)


@hooks.register("register_settings_menu_item")
def register_invitation_menu_item():
    return AdminPageMenuItem(
        InvitationView, _("Invite an editor"), "directory_invite", icon_name="user", order=610
    )

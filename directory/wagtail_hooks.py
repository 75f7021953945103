"""Registers the directory's admin with Wagtail; the parts live in `directory.admin`."""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .access import OfferPermissionPolicy, provider_scope
from .admin.base import AdminPageMenuItem
from .admin.bulk_actions import ApproveOffersBulkAction, DeleteOffersBulkAction
from .admin.panels import DirectoryDashboardPanel
from .admin.views import (
    GapReportView,
    InvitationView,
    OfferImportTemplateView,
    OfferImportView,
    explain_repaired_slug,
    warn_about_duplicates,
)
from .admin.viewsets import DirectoryViewSetGroup
from .models import Offer

# Before the snippets: their views take the policy registered for the model.
register_permission_policy(Offer, OfferPermissionPolicy(Offer))
register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/gaps/", GapReportView.as_view(), name="directory_gap_report"),
        path("directory/import/", OfferImportView.as_view(), name="directory_offer_import"),
        path(
            "directory/import/vorlage.csv",
            OfferImportTemplateView.as_view(),
            name="directory_offer_import_template",
        ),
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
hooks.register("after_create_snippet", explain_repaired_slug)
hooks.register("after_edit_snippet", explain_repaired_slug)
hooks.register("register_bulk_action", ApproveOffersBulkAction)
# After Wagtail's own delete action (order 0), so this one answers for offers.
hooks.register("register_bulk_action", DeleteOffersBulkAction, order=1)


@hooks.register("register_settings_menu_item")
def register_invitation_menu_item():
    return AdminPageMenuItem(
        InvitationView, _("Invite an editor"), "directory_invite", icon_name="user", order=610
    )


@hooks.register("insert_editor_js")
def editor_scripts():
    # The map pin by click, and the search box over long checkbox lists.
    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("js/admin_location_map.js"),
        static("js/admin_choosers.js"),
    )


@hooks.register("insert_global_admin_css")
def admin_style():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("construct_reports_menu")
def hide_site_history_from_provider_editors(request, menu_items):
    if provider_scope(request.user) is not None:
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]

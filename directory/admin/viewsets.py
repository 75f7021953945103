"""The directory's snippets in the admin, in one "Verzeichnis" menu group: listings,
filters, exports and views; the offer editor's tabs and panels are in `offer_editor`."""

import uuid
from functools import partial

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import (
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from ..access import guard_urlpatterns, offers_for
from ..interchange.csv_export import offers_export_csv
from ..models import (
    District,
    FreshnessReminder,
    HarvestSource,
    Offer,
    ProblemReport,
    Provider,
    Topic,
)
from .base import PrefilledCreateView
from .filters import OfferFilterSet
from .forms import SlugRepairingForm
from .offer_editor import OFFER_EDIT_HANDLER
from .views import csv_download

checkboxes = forms.CheckboxSelectMultiple


class SlugRepairingViewSet(SnippetViewSet):
    """Snippets with a name and a slug: the slug is spelled and repaired the German way."""

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=SlugRepairingForm).bind_to_model(self.model)


class OfferIndexView(IndexView):
    """The offers listing: filtered exports safe for spreadsheets, and the import."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # CSV is the import format (formula-safe cells), so a downloaded listing can be
        # edited and imported again; the XLSX is the overview with labels for Excel.
        if spreadsheet_format == self.FORMAT_CSV:
            return csv_download(
                partial(offers_export_csv, offers=queryset), "angebote-importformat.csv"
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    @cached_property
    def header_more_buttons(self):
        buttons = [
            button for button in super().header_more_buttons if "export=" not in (button.url or "")
        ]
        buttons += [
            Button(
                _("Download CSV (import format)"),
                url=self.csv_export_url,
                icon_name="download",
                priority=90,
            ),
            Button(
                _("Download overview as Excel (XLSX)"),
                url=self.xlsx_export_url,
                icon_name="download",
                priority=91,
            ),
        ]
        if self.request.user.has_perm("directory.add_offer"):
            buttons.append(
                Button(
                    _("Import CSV or HSDS"),
                    url=reverse("directory_offer_import"),
                    icon_name="upload",
                    priority=80,
                )
            )
        return buttons


class OfferCreateView(PrefilledCreateView):
    prefill_fields = ("name",)  # "create offer" from the search insights

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Autosave on the add form stores the offer as soon as the required fields pass,
        # before the editor decided to save; a later failed or abandoned attempt then
        # leaves a draft nobody asked for. Autosave stays on once the offer exists.
        self.autosave_enabled = False

    def save_instance(self):
        # CSV rows are matched by external_id; an offer entered by hand gets one of its
        # own, so the listing's CSV export imports again as the same offer.
        if not self.form.instance.external_id:
            self.form.instance.external_id = f"verzeichnis-{uuid.uuid4().hex[:12]}"
        return super().save_instance()


class OfferEditView(EditView):
    """Editing (and reverting) asks the permission policy about this very offer, so a
    harvested one stays read-only (its inspect view shows it)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("change", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _OwnOffersInChooser:
    """The offer chooser lists (and returns) only offers the user may see."""

    def get_object_list(self):
        return offers_for(self.request.user, super().get_object_list())


class OfferChooseView(_OwnOffersInChooser, ChooseView):
    pass


class OfferChooseResultsView(_OwnOffersInChooser, ChooseResultsView):
    pass


class OfferChosenView(SnippetChosenView):
    def get_object(self, pk):
        return get_object_or_404(offers_for(self.request.user, self.model_class.objects), pk=pk)


class OfferChooserViewSet(SnippetChooserViewSet):
    choose_view_class = OfferChooseView
    choose_results_view_class = OfferChooseResultsView
    chosen_view_class = OfferChosenView


class OfferViewSet(SnippetViewSet):
    chooser_viewset_class = OfferChooserViewSet
    model = Offer
    index_view_class = OfferIndexView
    add_view_class = OfferCreateView
    edit_view_class = OfferEditView
    list_export = [
        "name",
        "provider",
        "life_stage_names",
        "sector_names",
        "district_names",
        "get_cost_display",
        "phone",
        "email",
        "website",
        "last_verified",
        "status_string",
        "external_id",
    ]
    export_headings = {
        "life_stage_names": _("Life stages"),
        "sector_names": _("Sectors"),
        "district_names": _("Districts"),
        "status_string": _("Status"),
        "get_cost_display": _("Cost"),
    }
    export_filename = "angebote"
    icon = "clipboard-list"
    menu_label = _("Offers")
    menu_order = 100
    filterset_class = OfferFilterSet
    list_display = [
        "name",
        "provider",
        Column("life_stage_names", label=_("Life stages")),
        DateColumn("last_verified", label=_("Last verified")),
        # In words, and "fällig" stands out: a check mark for "due" read as "all fine".
        StatusTagColumn(
            "is_stale",
            label=_("Verification"),
            accessor=lambda offer: _("due") if offer.is_stale else _("up to date"),
            primary=lambda offer: offer.is_stale,
        ),
        Column("status_string", label=_("Status")),
    ]
    list_per_page = 50
    copy_view_enabled = True
    inspect_view_enabled = True

    def get_queryset(self, request):
        offers = self.model.objects.select_related("provider").prefetch_related(
            "life_stages", "sectors", "locations__district"
        )
        return offers_for(request.user, offers)

    def get_urlpatterns(self):
        # Every view of one offer is checked against the user's providers, so no direct
        # URL (edit, history, revisions, preview, workflow actions …) bypasses the scope.
        return guard_urlpatterns(super().get_urlpatterns())

    edit_handler = OFFER_EDIT_HANDLER


class ProviderViewSet(SlugRepairingViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    menu_order = 200
    list_display = ["name", "website", "email"]
    panels = [
        TitleFieldPanel("name", targets=["slug"]),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("website"),
        FieldPanel("editors", widget=forms.CheckboxSelectMultiple),
    ]


class TopicViewSet(SlugRepairingViewSet):
    model = Topic
    icon = "tag"
    menu_order = 300
    panels = [TitleFieldPanel("name", targets=["slug"]), FieldPanel("slug")]


class DistrictViewSet(SlugRepairingViewSet):
    model = District
    icon = "site"
    menu_order = 400
    panels = [TitleFieldPanel("name", targets=["slug"]), FieldPanel("slug"), FieldPanel("outline")]


class FreshnessReminderViewSet(SnippetViewSet):
    """The log of reminders: what was sent to whom, and what came back."""

    model = FreshnessReminder
    icon = "mail"
    menu_order = 500
    list_display = ["offer", "sent_to", "sent_at", "answer", "answered_at", "escalated_at"]
    list_filter = ["answer"]
    inspect_view_enabled = True
    panels = [FieldPanel("message")]


class ProblemReportViewSet(SnippetViewSet):
    """The editors' queue of reported problems; provider editors see their own."""

    model = ProblemReport
    icon = "warning"
    menu_order = 450
    list_display = ["offer", "kind", "status", "from_professional", "created_at"]
    list_filter = ["status", "kind", "from_professional"]
    inspect_view_enabled = True
    inspect_view_fields = ["offer", "kind", "text", "email", "from_professional", "created_at"]
    panels = [FieldPanel("status")]

    def get_queryset(self, request):
        return offers_for(
            request.user, ProblemReport.objects.select_related("offer"), "offer__provider"
        )

    def get_urlpatterns(self):
        return guard_urlpatterns(
            super().get_urlpatterns(), model=ProblemReport, provider_lookup="offer__provider"
        )


class HarvestSourceViewSet(SnippetViewSet):
    """Neighbouring directories whose HSDS APIs `harvest_all` takes in (cron)."""

    model = HarvestSource
    icon = "download"
    menu_order = 600
    list_display = ["name", "api_url", "active", "show_in_search", "last_harvested_at"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("name"),
        FieldPanel("api_url"),
        FieldPanel("website"),
        FieldPanel("active"),
        FieldPanel("show_in_search"),
        FieldPanel("gap_report_districts", widget=checkboxes),
        FieldPanel("last_report", read_only=True),
    ]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (
        OfferViewSet,
        ProviderViewSet,
        TopicViewSet,
        DistrictViewSet,
        ProblemReportViewSet,
        FreshnessReminderViewSet,
        HarvestSourceViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Directory")
    menu_name = "directory"
    menu_order = 150

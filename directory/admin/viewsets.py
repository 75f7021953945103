"""The directory's snippets in the admin, in one "Verzeichnis" menu group: listings,
filters, exports and the offer editor's tabs."""

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from ..access import guard_urlpatterns, offers_for
from ..interchange.spreadsheet import safe_cell
from ..models import District, FreshnessReminder, Offer, ProblemReport, Provider, Topic
from .base import PrefilledCreateView
from .filters import OfferFilterSet
from .forms import OfferAdminForm
from .panels import FreshnessPanel

checkboxes = forms.CheckboxSelectMultiple


class OfferIndexView(IndexView):
    """The offers listing: filtered exports safe for spreadsheets, and the import."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # XLSX cells are typed as text by Wagtail; CSV cells need the apostrophe.
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
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


class OfferViewSet(SnippetViewSet):
    model = Offer
    index_view_class = OfferIndexView
    add_view_class = OfferCreateView
    list_export = [
        "name",
        "provider",
        "life_stage_names",
        "sector_names",
        "district_names",
        "cost",
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
        BooleanColumn("is_stale", label=_("Needs verification")),
        "status_string",
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

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FreshnessPanel(template="directory/admin/freshness_panel.html"),
                    TitleFieldPanel("name", targets=["slug"]),
                    FieldPanel("provider"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldPanel("easy_read"),
                    MultiFieldPanel(
                        [
                            FieldPanel("life_stages", widget=checkboxes),
                            FieldPanel("sectors", widget=checkboxes),
                            FieldPanel("topics", widget=checkboxes),
                        ],
                        heading=_("Place in the prevention chain"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                            FieldPanel("target_group"),
                            FieldPanel("eligibility"),
                        ],
                        heading=_("For whom"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("professionals_only"), FieldPanel("internal_note")],
                        heading=_("For professionals"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("access"),
                            FieldRowPanel([FieldPanel("cost"), FieldPanel("cost_note")]),
                            FieldPanel("languages"),
                        ],
                        heading=_("How to get it"),
                    ),
                ],
                heading=_("Offer"),
            ),
            ObjectList(
                [InlinePanel("locations", heading=_("Locations"), label=_("Location"))],
                heading=_("Locations"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "translations",
                        heading=_("Translations"),
                        label=_("Translation"),
                        help_text=_(
                            "Texts in other languages of the site. Empty fields show the "
                            "German text, marked as such."
                        ),
                    )
                ],
                heading=_("Translations"),
            ),
            ObjectList(
                [
                    FieldPanel("contact_name"),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldPanel("website"),
                ],
                heading=_("Contact"),
            ),
            ObjectList(
                [
                    FieldPanel("last_verified"),
                    FieldPanel("slug"),
                    FieldPanel("external_id"),
                ],
                heading=_("Administration"),
            ),
        ],
        base_form_class=OfferAdminForm,
    )


class ProviderViewSet(SnippetViewSet):
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


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_order = 300
    panels = [TitleFieldPanel("name", targets=["slug"]), FieldPanel("slug")]


class DistrictViewSet(SnippetViewSet):
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


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (
        OfferViewSet,
        ProviderViewSet,
        TopicViewSet,
        DistrictViewSet,
        ProblemReportViewSet,
        FreshnessReminderViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Directory")
    menu_name = "directory"
    menu_order = 150

"""The offer editor's tabs and panels: what an editor fills in, in which order, on which
tab (Offer, Locations, Translations, Contact, Administration). Kept apart from the
viewsets (`viewsets.OfferViewSet` uses `OFFER_EDIT_HANDLER`) so the listing, exports and
permissions there stay readable."""

from django import forms
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

from .forms import AccessibilitySelect, FilterableCheckboxes, OfferAdminForm
from .panels import FreshnessPanel, LocationMapPanel

checkboxes = forms.CheckboxSelectMultiple


LOCATION_PANELS = [
    FieldPanel("name"),
    FieldPanel("street"),
    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
    FieldPanel("district"),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            FieldPanel("position_source", read_only=True),
        ],
        heading=_("Position on the map"),
        help_text=_(
            "Leave empty: the position is found from the address on saving. Or click on "
            "the map below to set it by hand."
        ),
    ),
    FieldRowPanel(
        [
            FieldPanel("wheelchair_accessible", widget=AccessibilitySelect),
            FieldPanel("accessibility_note"),
        ]
    ),
    FieldPanel("opening_hours"),
]


OFFER_EDIT_HANDLER = TabbedInterface(
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
                        FieldPanel("topics", widget=FilterableCheckboxes),
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
                        FieldPanel("languages", widget=FilterableCheckboxes),
                    ],
                    heading=_("How to get it"),
                ),
            ],
            heading=_("Offer"),
        ),
        ObjectList(
            [
                InlinePanel(
                    "locations",
                    heading=_("Locations"),
                    label=_("Location"),
                    panels=LOCATION_PANELS,
                ),
                LocationMapPanel(heading=_("Map")),
            ],
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

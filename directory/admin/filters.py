"""Listing filters for the editors' offer list (django-filter through Wagtail)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from ..models import Cost, District, Language, LifeStage, Offer, Sector


class PublicationStatus:
    LIVE = "live"
    DRAFT = "draft"
    CHANGED = "changed"
    CHOICES = [
        (LIVE, _("Published")),
        (DRAFT, _("Draft, never published")),
        (CHANGED, _("Published, with unpublished changes")),
    ]


def _checkboxes(label, queryset, **options) -> django_filters.ModelMultipleChoiceFilter:
    """A filter by several of a taxonomy's values, as checkboxes."""
    return django_filters.ModelMultipleChoiceFilter(
        label=label,
        queryset=queryset,
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
        **options,
    )


class OfferFilterSet(WagtailFilterSet):
    life_stages = _checkboxes(_("Life stage"), LifeStage.objects.all())
    sectors = _checkboxes(_("Sector"), Sector.objects.all())
    district = _checkboxes(_("District"), District.objects.all(), field_name="locations__district")
    languages = django_filters.ModelMultipleChoiceFilter(
        label=_("Language"),
        field_name="languages__code",
        to_field_name="code",
        queryset=Language.objects.filter(offers__isnull=False).distinct(),
        distinct=True,
    )
    cost = django_filters.ChoiceFilter(label=_("Cost"), choices=Cost.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Publication status"),
        choices=PublicationStatus.CHOICES,
        method="filter_status",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    stale = django_filters.BooleanFilter(
        label=_("Needs verification"),
        method="filter_stale",
        widget=BooleanRadioSelect,
        help_text=_("Not verified within the configured period, or never."),
    )

    class Meta:
        model = Offer
        fields = [
            "life_stages",
            "sectors",
            "district",
            "languages",
            "cost",
            "status",
            "stale",
            "provider",
        ]

    def filter_status(self, queryset, name, value):
        if value == PublicationStatus.LIVE:
            return queryset.filter(live=True)
        if value == PublicationStatus.DRAFT:
            return queryset.filter(live=False)
        if value == PublicationStatus.CHANGED:
            return queryset.filter(live=True, has_unpublished_changes=True)
        return queryset

    def filter_stale(self, queryset, name, value):
        condition = Offer.stale_condition()
        return queryset.filter(condition) if value else queryset.exclude(condition)

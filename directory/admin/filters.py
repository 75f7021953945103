"""Listing filters for the editors' offer list (django-filter through Wagtail)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from ..models import Cost, District, Language, LifeStage, Offer, PositionSource, Sector


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
    # Choices in words ("fällig"/"aktuell"), so the chip over the listing reads
    # "Prüfung: fällig" rather than "Prüfung fällig: True"; the values stay URL-stable.
    stale = django_filters.ChoiceFilter(
        label=_("Verification"),
        method="filter_stale",
        choices=[("true", _("due")), ("false", _("up to date"))],
        empty_label=_("All"),
        widget=forms.RadioSelect,
        help_text=_("Due: not verified within the configured period, or never."),
    )
    position = django_filters.ChoiceFilter(
        label=_("Position on the map"),
        method="filter_position",
        choices=[
            ("rough", _("not exact (postcode, district or none)")),
            ("none", _("none")),
        ],
        empty_label=_("All"),
        widget=forms.RadioSelect,
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
            "position",
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
        return queryset.filter(condition) if value == "true" else queryset.exclude(condition)

    def filter_position(self, queryset, name, value):
        without = Q(locations__latitude__isnull=True) | Q(locations__isnull=True)
        if value == "rough":
            without |= ~Q(locations__position_source__in=PositionSource.exact())
        return queryset.filter(without).distinct()

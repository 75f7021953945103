"""What the results page shows, built from a search response: filter options with counts,
removable chips and links that keep every other parameter. Presentation only."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.blocks import WEEKDAYS
from directory.labels import language_label, life_stage_label, sector_label
from directory.models import District, Topic
from directory.selectors import Place, place_list
from directory.translation import translated_names_by
from search.forms import OPEN_NOW
from search.query import FACETS, SearchQuery, SearchResponse

# Stored labels are German; these show life stages, sectors and languages in the UI's.
LOCALIZED_LABELS = {
    "life_stage": life_stage_label,
    "sector": sector_label,
    "language": language_label,
}

WEEKDAY_NAMES = dict(WEEKDAYS)

FACET_PARAMETERS = {
    "life_stage": "life_stage",
    "sector": "sector",
    "topic": "topic",
    "district": "district",
    "language": "language",
}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FilterGroup:
    parameter: str
    legend: str
    options: list[Option]


@dataclass
class Chip:
    label: str
    remove_url: str
    is_text: bool = False  # the search words themselves, not a filter


@dataclass
class FilterHint:
    label: str
    url: str


def link(params: QueryDict, **changes) -> str:
    """`?…` with the given parameters replaced (None removes one); paging restarts."""
    data = params.copy()
    data.pop("page", None)
    for name, value in changes.items():
        data.pop(name, None)
        if value is not None:
            data.setlist(name, value if isinstance(value, list) else [value])
    return "?" + urlencode(sorted(data.lists()), doseq=True)


def offer_url(slug: str) -> str:
    """The offer page in the current language (the index stores the German URL)."""
    return reverse("offer_detail", kwargs={"slug": slug})


def page_link(params: QueryDict, page: int) -> str:
    data = params.copy()
    data["page"] = str(page)
    return "?" + urlencode(sorted(data.lists()), doseq=True)


def without_value(params: QueryDict, name: str, value: str) -> str:
    remaining = [item for item in params.getlist(name) if item != value]
    return link(params, **{name: remaining or None})


def editor_labels() -> dict[str, dict[str, str]]:
    """Translated names of the editors' own vocabularies, by slug (read once per page)."""
    language = get_language()
    return {
        "topic": translated_names_by(Topic, "slug", language),
        "district": translated_names_by(District, "slug", language),
    }


def facet_label(facet: str, value: str, stored: str, editors: dict | None = None) -> str:
    localize = LOCALIZED_LABELS.get(facet)
    if localize:
        return localize(value, stored)
    return (editors or {}).get(facet, {}).get(value, stored)


RADIUS_OPTIONS_KM = (1, 2, 5, 10, 20)


def radius_options(current: float) -> list[float]:
    """Distances to choose from for "near": the usual ones and the one in the address."""
    return sorted({*RADIUS_OPTIONS_KM, current})


def open_options() -> list[tuple[str, str]]:
    return [(OPEN_NOW, _("Open now"))] + [(code, str(name)) for code, name in WEEKDAY_NAMES.items()]


def open_label(value: str) -> str:
    if value == OPEN_NOW:
        return _("Open now")
    return _("Open on %(weekday)s") % {"weekday": WEEKDAY_NAMES[value]}


@dataclass
class Places:
    districts: list[Place]
    postcodes: list[Place]

    def get(self, value: str) -> Place | None:
        return next((p for p in self.districts + self.postcodes if p.value == value), None)


def places() -> Places:
    return Places(*place_list())


def resolve_place(params: QueryDict, known: Places) -> tuple[QueryDict, Place | None, list[str]]:
    """`place` (a district slug or postcode from the list) becomes the `near` position,
    unless the browser already sent one; returns the parameters to search with."""
    value = params.get("place", "")
    if not value or params.get("near"):
        return params, None, []
    place = known.get(value)
    if place is None:
        return params, None, [_("Unknown district or postcode: “%(value)s”.") % {"value": value}]
    resolved = params.copy()
    resolved["near"] = f"{place.lat:.6f},{place.lon:.6f}"
    return resolved, place, []


def filter_groups(response: SearchResponse, query: SearchQuery) -> list[FilterGroup]:
    legends = {
        "life_stage": _("Life stage"),
        "sector": _("Sector"),
        "topic": _("Topic"),
        "district": _("District"),
        "language": _("Language"),
    }
    selected = query.facet_filters()
    editors = editor_labels()
    return [
        FilterGroup(
            parameter=FACET_PARAMETERS[facet],
            legend=legends[facet],
            options=[
                Option(
                    value.value,
                    facet_label(facet, value.value, value.label, editors),
                    value.count,
                    value.value in selected[facet],
                )
                for value in response.facets.get(facet, [])
            ],
        )
        for facet in FACETS
        if facet in FACET_PARAMETERS and response.facets.get(facet)
    ]


def chips(
    params: QueryDict, query: SearchQuery, response: SearchResponse, place: Place | None = None
) -> list[Chip]:
    """One removable chip per active filter value."""
    editors = editor_labels()
    labels = {
        facet: {
            value.value: facet_label(facet, value.value, value.label, editors) for value in values
        }
        for facet, values in response.facets.items()
    }
    result = []
    for facet, values in query.facet_filters().items():
        if facet == "cost":
            continue
        for value in values:
            label = labels.get(facet, {}).get(value, value)
            result.append(Chip(label, without_value(params, FACET_PARAMETERS[facet], value)))
    if query.age is not None:
        result.append(Chip(_("Age: %(age)s") % {"age": query.age}, link(params, age=None)))
    if query.free_only:
        result.append(Chip(_("Free of charge"), link(params, cost=None)))
    if query.accessible_only:
        result.append(Chip(_("Wheelchair accessible"), link(params, accessible=None)))
    if query.open_at is not None and params.get("open") in WEEKDAY_NAMES.keys() | {OPEN_NOW}:
        result.append(Chip(open_label(params["open"]), link(params, open=None)))
    # The radius is part of the chip: 19 results silently becoming 13 must have a reason.
    radius = {"radius": f"{query.radius_km:g}"}
    if place is not None:
        result.append(
            Chip(
                _("Near %(place)s, within %(radius)s km") % {"place": place.label, **radius},
                link(params, place=None, sort=None, radius_km=None),
            )
        )
    elif query.near is not None:
        result.append(
            Chip(
                _("Near my location, within %(radius)s km") % radius,
                link(params, near=None, sort=None, radius_km=None),
            )
        )
    if query.text:
        label = _("Search: “%(text)s”") % {"text": query.text}
        result.append(Chip(label, link(params, q=None), is_text=True))
    return result


def filter_hints(params: QueryDict, response: SearchResponse) -> list[FilterHint]:
    """One-tap filters the search words named ("kostenlos", "schwanger"), as links that
    add the filter and keep everything else."""
    hints = []
    for facet, value in response.filter_hints:
        if facet == "cost":
            hints.append(FilterHint(_("Free of charge"), link(params, cost=value)))
        elif facet in FACET_PARAMETERS:
            parameter = FACET_PARAMETERS[facet]
            label = next(
                (v.label for v in response.facets.get(facet, []) if v.value == value), value
            )
            selected = params.getlist(parameter)
            url = link(params, **{parameter: [*selected, value]})
            hints.append(FilterHint(facet_label(facet, value, label), url))
    return hints

"""What the results page shows, built from a search response: filter options with counts,
removable chips and links that keep every other parameter. Presentation only."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from search.query import FACETS, SearchQuery, SearchResponse

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


def link(params: QueryDict, **changes) -> str:
    """`?…` with the given parameters replaced (None removes one); paging restarts."""
    data = params.copy()
    data.pop("page", None)
    for name, value in changes.items():
        data.pop(name, None)
        if value is not None:
            data.setlist(name, value if isinstance(value, list) else [value])
    return "?" + urlencode(sorted(data.lists()), doseq=True)


def page_link(params: QueryDict, page: int) -> str:
    data = params.copy()
    data["page"] = str(page)
    return "?" + urlencode(sorted(data.lists()), doseq=True)


def without_value(params: QueryDict, name: str, value: str) -> str:
    remaining = [item for item in params.getlist(name) if item != value]
    return link(params, **{name: remaining or None})


def filter_groups(response: SearchResponse, query: SearchQuery) -> list[FilterGroup]:
    legends = {
        "life_stage": _("Life stage"),
        "sector": _("Sector"),
        "topic": _("Topic"),
        "district": _("District"),
        "language": _("Language"),
    }
    selected = query.facet_filters()
    return [
        FilterGroup(
            parameter=FACET_PARAMETERS[facet],
            legend=legends[facet],
            options=[
                Option(value.value, value.label, value.count, value.value in selected[facet])
                for value in response.facets.get(facet, [])
            ],
        )
        for facet in FACETS
        if facet in FACET_PARAMETERS and response.facets.get(facet)
    ]


def chips(params: QueryDict, query: SearchQuery, response: SearchResponse) -> list[Chip]:
    """One removable chip per active filter value."""
    labels = {
        facet: {value.value: value.label for value in values}
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
    if query.text:
        result.append(Chip(_("Search: “%(text)s”") % {"text": query.text}, link(params, q=None)))
    return result

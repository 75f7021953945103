"""The results page: search with filters, list or map, and suggestions when nothing is
found. Works without JavaScript; htmx swaps only the results region."""

import math
from dataclasses import replace

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language

from directory.roles import is_professional
from directory.selectors import (
    district_neighbours,
    district_outlines,
    life_stage_neighbours,
)
from directory.translation import translated_names
from search.forms import search_query_lenient
from search.insights import search_record
from search.query import MAX_PAGE_SIZE, SearchQuery, Sort
from search.services import offer_search

from .. import maps, results


def _query(params: QueryDict, places: results.Places, *, professional: bool = False):
    """The search a results URL asks for, with what was ignored (parameter → messages)."""
    resolved, place, place_errors = results.resolve_place(params, places)
    query, ignored = search_query_lenient(resolved)
    query = replace(query, include_professional=professional)
    if place_errors:
        ignored["place"] = place_errors
    if params.get("view") == "map":  # the map shows as many results as a page can hold
        query = replace(query, page_size=MAX_PAGE_SIZE)
    return query, place, ignored


def offer_list(request: HttpRequest) -> HttpResponse:
    """Search results with filters. Works without JavaScript; invalid filters are ignored
    with a message, never an error page."""
    places = results.places()
    professional = is_professional(request.user)
    query, place, ignored = _query(request.GET, places, professional=professional)
    response = offer_search(query=query)
    if query.page == 1 and not request.headers.get("HX-History-Restore-Request"):
        search_record(query, result_count=response.count)  # weekly counts, nothing personal
    pages = max(1, math.ceil(response.count / query.page_size))
    if query.page > pages:  # an old link past the last page shows the last page
        query = replace(query, page=pages)
        response = offer_search(query=query)
    names = translated_names([hit.id for hit in response.results], get_language())
    for hit in response.results:
        for field, value in names.get(hit.id, {}).items():
            setattr(hit, field, value)
    chips = results.chips(request.GET, query, response, place)
    map_view = request.GET.get("view") == "map"
    sort_options = [Sort.RELEVANCE] if query.text else []
    if query.near is not None:
        sort_options.append(Sort.DISTANCE)
    sort_options.append(Sort.NAME)
    context = {
        "query": query,
        "response": response,
        "ignored": ignored,
        "filter_groups": results.filter_groups(response, query),
        "chips": chips,
        "sort_options": sort_options,
        "pages": pages,
        "previous_url": results.page_link(request.GET, query.page - 1) if query.page > 1 else None,
        "next_url": results.page_link(request.GET, query.page + 1) if query.page < pages else None,
        "widen": _widen_suggestions(chips, places, professional) if not response.count else [],
        "nearby": _nearby_suggestions(request.GET, query, places, professional)
        if not response.count
        else [],
        "places": places,
        "place": place,
        "open_options": results.open_options(),
        "open_value": request.GET.get("open", "") if query.open_at else "",
        "map_view": map_view,
        "list_url": results.link(request.GET, view=None),
        "map_url": results.link(request.GET, view="map"),
    }
    if map_view:
        context.update(_results_map(response))
    template = "cms/offer_list.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        template = "cms/includes/results_region.html"  # htmx swaps only this part
    return render(request, template, context)


def _results_map(response) -> dict:
    districts = district_outlines()
    markers = [
        maps.Marker(point.lat, point.lon, hit.name, results.offer_url(hit.slug))
        for hit in response.results
        for point in hit.points[:1]
    ]
    return {
        "static_map": maps.static_map(districts, markers),
        "map_data": _map_data(districts, markers),
    }


def _map_data(districts, markers: list[maps.Marker]) -> dict:
    """What the interactive map draws: the same districts and markers, plus tile settings."""
    return {
        "districts": {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"name": d.name}, "geometry": d.outline}
                for d in districts
            ],
        },
        "markers": [{"lat": m.lat, "lon": m.lon, "label": m.label, "url": m.url} for m in markers],
        "tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    }


def _widen_suggestions(
    chips: list[results.Chip], places: results.Places, professional: bool
) -> list[dict]:
    """For an empty result: each active filter, with how many offers there are without it."""
    suggestions = []
    for chip in chips:
        params = QueryDict(chip.remove_url.lstrip("?"))
        relaxed, _place, _ignored = _query(params, places, professional=professional)
        count = offer_search(query=relaxed).count
        if count:
            suggestions.append({"chip": chip, "count": count})
    return suggestions


def _nearby_suggestions(
    params: QueryDict, query: SearchQuery, places: results.Places, professional: bool
) -> list[dict]:
    """For an empty result: the same search in neighbouring districts and life stages."""
    options = [
        (district.name, results.link(params, district=district.slug))
        for district in district_neighbours(list(query.districts))
    ] + [
        (stage.label, results.link(params, life_stage=stage.code))
        for stage in life_stage_neighbours(list(query.life_stages))
    ]
    suggestions = []
    for label, url in options:
        relaxed = _query(QueryDict(url.lstrip("?")), places, professional=professional)[0]
        count = offer_search(query=relaxed).count
        if count:
            suggestions.append({"label": label, "url": url, "count": count})
    return suggestions

import math
from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from directory.models import Offer
from directory.selectors import offer_get_published
from search.forms import search_query_lenient
from search.query import SearchQuery, Sort
from search.services import offer_search

from . import results


def offer_list(request: HttpRequest) -> HttpResponse:
    """Search results with filters. Works without JavaScript; invalid filters are ignored
    with a message, never an error page."""
    query, ignored = search_query_lenient(request.GET)
    response = offer_search(query=query)
    pages = max(1, math.ceil(response.count / query.page_size))
    if query.page > pages:  # an old link past the last page shows the last page
        query = replace(query, page=pages)
        response = offer_search(query=query)
    chips = results.chips(request.GET, query, response)
    return render(
        request,
        "directory/offer_list.html",
        {
            "query": query,
            "response": response,
            "ignored": ignored,
            "filter_groups": results.filter_groups(response, query),
            "chips": chips,
            "sort_options": [Sort.RELEVANCE, Sort.NAME] if query.text else [Sort.NAME],
            "pages": pages,
            "previous_url": results.page_link(request.GET, query.page - 1)
            if query.page > 1
            else None,
            "next_url": results.page_link(request.GET, query.page + 1)
            if query.page < pages
            else None,
            "widen": _widen_suggestions(query, chips) if not response.count else [],
        },
    )


def _widen_suggestions(query: SearchQuery, chips: list[results.Chip]) -> list[dict]:
    """For an empty result: each active filter, with how many offers there are without it."""
    suggestions = []
    for chip in chips:
        relaxed, _ignored = search_query_lenient(QueryDict(chip.remove_url.lstrip("?")))
        count = offer_search(query=relaxed).count
        if count:
            suggestions.append({"chip": chip, "count": count})
    return suggestions


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        offer = offer_get_published(slug=slug)
    except Offer.DoesNotExist as error:
        raise Http404 from error
    return render(request, "directory/offer_detail.html", {"offer": offer})

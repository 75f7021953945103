"""The HSDS 3.0 read API (`/api/hsds/`), as the official `openapi.json` describes it.

Thin: validate the parameters with a form, ask `queries` for the public records, turn
them into HSDS records with the serializer the export uses (`directory.hsds`), page.
"""

import json
import math
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from directory.interchange.hsds_export import (
    TAXONOMIES,
    organization_record,
    service_at_location_record,
    service_list_record,
    service_record,
    taxonomy_record,
    taxonomy_term_records,
)
from directory.interchange.hsds_validation import SCHEMA_DIR

from . import queries
from .http import errors_response, json_response, not_found, open_data
from .params import (
    OrganizationForm,
    OrganizationListForm,
    PageForm,
    ServiceAtLocationListForm,
    ServiceListForm,
    TaxonomyTermListForm,
)

HSDS_VERSION = "3.0"


def _page(items: list, *, form: PageForm, total: int | None = None) -> dict:
    """The spec's paging envelope around one page of `items` (all items unless `total`
    says the caller already sliced them)."""
    page, per_page = form.page_number, form.page_size
    if total is None:
        total = len(items)
        items = items[(page - 1) * per_page : page * per_page]
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": items,
    }


def _offer_filters(data: dict) -> queries.OfferFilters:
    return queries.OfferFilters(
        search=data["search"],
        taxonomy_term_id=data["taxonomy_term_id"],
        taxonomy_id=data["taxonomy_id"],
        organization_id=data["organization_id"],
        modified_after=data["modified_after"],
    )


@cache
def _official_description() -> dict:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


@open_data
def api_root(request: HttpRequest) -> HttpResponse:
    return json_response(
        {
            "version": HSDS_VERSION,
            "openapi_url": request.build_absolute_uri(reverse("hsds_openapi")),
        }
    )


@open_data
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The official API description, unchanged but for the address of this server."""
    server = request.build_absolute_uri(reverse("hsds_root")).rstrip("/")
    return json_response({**_official_description(), "servers": [{"url": server}]})


@open_data
def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceListForm(request.GET)
    if not form.is_valid():
        return errors_response(form.error_dict())
    offers = queries.offers_filtered(_offer_filters(form.cleaned_data))
    total = offers.count()
    start = (form.page_number - 1) * form.page_size
    chosen = offers[start : start + form.page_size]
    if form.cleaned_data["minimal"]:
        contents = [service_list_record(offer, minimal=True) for offer in chosen]
    elif form.cleaned_data["full"]:
        contents = [service_record(offer) for offer in chosen]
    else:
        contents = [service_list_record(offer) for offer in chosen]
    return json_response(
        _page(contents, form=form, total=total), last_modified=queries.last_change(offers)
    )


@open_data
def service_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    offer = queries.offer_by_service_id(identifier)
    if offer is None:
        return not_found()
    return json_response(service_record(offer), last_modified=offer.updated_at)


@open_data
def service_at_location_list(request: HttpRequest) -> HttpResponse:
    form = ServiceAtLocationListForm(request.GET)
    if not form.is_valid():
        return errors_response(form.error_dict())
    data = form.cleaned_data
    offers = queries.offers_filtered(_offer_filters(data))
    locations = queries.locations_of(offers)
    if data["postcode"]:
        locations = queries.locations_near(
            locations, postcode=data["postcode"], proximity=data["proximity"]
        )
    records = [
        service_at_location_record(location.offer, location, full=bool(data["full"]))
        for location in locations
    ]
    return json_response(_page(records, form=form), last_modified=queries.last_change(offers))


@open_data
def service_at_location_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    found = queries.service_at_location_by_id(identifier)
    if found is None:
        return not_found()
    offer, location = found
    return json_response(
        service_at_location_record(offer, location), last_modified=offer.updated_at
    )


def _organization(provider, *, full_service: bool) -> dict:
    offers = queries.offers_filtered(queries.OfferFilters()).filter(provider=provider)
    if full_service:
        services = [service_record(offer) for offer in offers]
    else:
        services = [
            {k: v for k, v in service_list_record(offer).items() if k != "organization"}
            for offer in offers
        ]
    return organization_record(provider, services=services)


@open_data
def organization_list(request: HttpRequest) -> HttpResponse:
    form = OrganizationListForm(request.GET)
    if not form.is_valid():
        return errors_response(form.error_dict())
    providers = queries.providers_filtered(form.cleaned_data["search"])
    total = providers.count()
    start = (form.page_number - 1) * form.page_size
    chosen = providers[start : start + form.page_size]
    full_service = bool(form.cleaned_data["full_service"])
    if form.cleaned_data["full"] or full_service:
        contents = [_organization(p, full_service=full_service) for p in chosen]
    else:
        contents = [organization_record(p, services=[]) for p in chosen]
        for record in contents:
            del record["services"]
    return json_response(_page(contents, form=form, total=total))


@open_data
def organization_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    form = OrganizationForm(request.GET)
    if not form.is_valid():
        return errors_response(form.error_dict())
    provider = queries.provider_by_organization_id(identifier)
    if provider is None:
        return not_found()
    full_service = bool(form.cleaned_data["full_service"])
    return json_response(_organization(provider, full_service=full_service))


def _matches(record: dict, search: str) -> bool:
    text = f"{record['name']} {record.get('description', '')}".casefold()
    return all(word.casefold() in text for word in search.split())


@open_data
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    form = PageForm(request.GET)
    if not form.is_valid():
        return errors_response(form.error_dict())
    records = [taxonomy_record(kind) for kind in TAXONOMIES]
    records = [r for r in records if _matches(r, form.cleaned_data["search"])]
    return json_response(_page(records, form=form))


@open_data
def taxonomy_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    record = next((r for r in map(taxonomy_record, TAXONOMIES) if r["id"] == identifier), None)
    return json_response(record) if record else not_found()


@open_data
def taxonomy_term_list(request: HttpRequest) -> HttpResponse:
    form = TaxonomyTermListForm(request.GET)
    if not form.is_valid():
        return errors_response(form.error_dict())
    data = form.cleaned_data
    records = [r for r in taxonomy_term_records() if _matches(r, data["search"])]
    if data["taxonomy_id"]:
        records = [r for r in records if r["taxonomy_id"] == data["taxonomy_id"]]
    if data["parent_id"]:
        records = []  # our taxonomies are flat: no term has a parent
    return json_response(_page(records, form=form))


@open_data
def taxonomy_term_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    record = next((r for r in taxonomy_term_records() if r["id"] == identifier), None)
    return json_response(record) if record else not_found()

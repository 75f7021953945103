"""Open data in Open Referral HSDS 3.0 (`export_offers --format hsds`).

The file is the HSDS API's page of full service records (`total_items` … `contents`),
one page holding every published offer, so any HSDS consumer can read it. Each record
nests its organization, service_at_locations with locations, addresses, schedules and
accessibility, languages, cost options and phones. Life stages, sectors and topics are
terms of our own published taxonomies, attached as attributes.

Identifiers are UUIDs derived from the deployment's address and our primary keys, so a
second export gives every record the same id; offers imported from another HSDS source
keep that source's id (stored as external_id `hsds:<uuid>`).
"""

import json
import uuid
from collections.abc import Callable, Iterable
from functools import cache

from django.conf import settings
from django.utils import translation

from ..labels import LIFE_STAGE_LABELS, SECTOR_LABELS
from ..models import (
    Access,
    Cost,
    Offer,
)
from ..opening_hours import WEEKDAY_CODES
from ..selectors import offer_list_public_with_relations

HSDS_ID_PREFIX = "hsds:"
BYDAY = dict(zip(WEEKDAY_CODES, ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], strict=True))
TAXONOMIES = {
    "life_stage": (
        "Lebensphasen der Präventionskette",
        "Sechs Lebensphasen von der Schwangerschaft bis zum Berufseinstieg.",
    ),
    "sector": ("Handlungsfelder", "Gesundheit, Bildung, Kinder- und Jugendhilfe, Soziales."),
    "topic": ("Themen", "Von der Redaktion gepflegte Themen der Angebote."),
}


@cache
def _namespace() -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, settings.WAGTAILADMIN_BASE_URL.rstrip("/"))


def hsds_id(kind: str, key) -> str:
    """A stable UUID for one of our records, e.g. hsds_id("service", 12)."""
    return str(uuid.uuid5(_namespace(), f"{kind}:{key}"))


def service_id(offer: Offer) -> str:
    if offer.external_id.startswith(HSDS_ID_PREFIX):
        return offer.external_id.removeprefix(HSDS_ID_PREFIX)
    return hsds_id("service", offer.pk)


def _taxonomy_detail(kind: str) -> dict:
    name, description = TAXONOMIES[kind]
    return {
        "id": hsds_id("taxonomy", kind),
        "name": name,
        "description": description,
        "uri": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/taxonomie/{kind}/",
        "version": "1",
    }


def _attribute(service: str, kind: str, code: str, name: str, description: str) -> dict:
    term_id = hsds_id(f"term:{kind}", code)
    return {
        "id": hsds_id("attribute", f"{service}:{kind}:{code}"),
        "link_id": service,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": name,
            "description": description,
            "taxonomy": TAXONOMIES[kind][0],
            "taxonomy_id": hsds_id("taxonomy", kind),
            "taxonomy_detail": _taxonomy_detail(kind),
            "language": "de",
        },
    }


def _schedules(location, location_id: str) -> list[dict]:
    schedules = []
    for block in location.opening_hours:
        value = block.value
        if block.block_type == "regular":
            schedules.append(
                {
                    "id": hsds_id("schedule", f"{location_id}:{block.id}"),
                    "location_id": location_id,
                    "freq": "WEEKLY",
                    "byday": BYDAY[value["weekday"]],
                    "opens_at": value["opens"].strftime("%H:%M"),
                    "closes_at": value["closes"].strftime("%H:%M"),
                }
            )
        else:
            ends_on = value["ends_on"] or value["starts_on"]
            schedule = {
                "id": hsds_id("schedule", f"{location_id}:{block.id}"),
                "location_id": location_id,
                "valid_from": value["starts_on"].isoformat(),
                "valid_to": ends_on.isoformat(),
                "description": ("geschlossen" if value["closed"] else "geänderte Zeiten")
                + (f": {value['note']}" if value["note"] else ""),
            }
            if not value["closed"]:
                schedule["opens_at"] = value["opens"].strftime("%H:%M")
                schedule["closes_at"] = value["closes"].strftime("%H:%M")
            schedules.append(schedule)
    return schedules


def _location(offer: Offer, service: str, location) -> dict:
    location_id = hsds_id("location", location.pk)
    record = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organization", offer.provider_id),
        "name": location.name or offer.provider.name,
        "addresses": [
            {
                "id": hsds_id("address", location.pk),
                "location_id": location_id,
                "address_1": location.street,
                "city": location.city,
                "region": location.district.name if location.district else "",
                "state_province": "",
                "postal_code": location.postcode,
                "country": "DE",
                "address_type": "physical",
            }
        ],
        "schedules": _schedules(location, location_id),
    }
    if location.latitude is not None:
        record["latitude"] = float(location.latitude)
        record["longitude"] = float(location.longitude)
    if location.wheelchair_accessible is not None or location.accessibility_note:
        description = {True: "rollstuhlgerecht", False: "nicht rollstuhlgerecht", None: ""}[
            location.wheelchair_accessible
        ]
        record["accessibility"] = [
            {
                "id": hsds_id("accessibility", location.pk),
                "location_id": location_id,
                "description": description,
                "details": location.accessibility_note,
            }
        ]
    return {
        "id": hsds_id("service_at_location", f"{service}:{location.pk}"),
        "service_id": service,
        "location_id": location_id,
        "location": record,
    }


def _cost_options(service: str, offer: Offer) -> list[dict]:
    if not offer.cost:
        return []
    option = {
        "id": hsds_id("cost_option", service),
        "service_id": service,
        "option": offer.cost,
        "currency": "EUR",
        "amount_description": offer.cost_note or str(Cost(offer.cost).label),
    }
    if offer.cost == Cost.FREE:
        option["amount"] = 0
    return [option]


def service_record(offer: Offer) -> dict:
    """One offer as a full HSDS service record, in German (the source language) whatever
    the language of the person exporting: the import reads German labels, and compares
    records to find unchanged ones, so the file must not depend on who made it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _service_record(offer)


def _service_record(offer: Offer) -> dict:
    service = service_id(offer)
    provider = offer.provider
    organization = {
        "id": hsds_id("organization", provider.pk),
        "name": provider.name,
        "description": provider.description,
    }
    if provider.website:
        organization["website"] = provider.website
    if provider.email:
        organization["email"] = provider.email
    record = {
        "id": service,
        "organization_id": organization["id"],
        "name": offer.name,
        "alternate_name": offer.summary,
        "description": offer.description,
        "url": offer.website or None,
        "email": offer.email or None,
        "status": "active" if offer.live else "inactive",
        "application_process": str(Access(offer.access).label) if offer.access else "",
        "fees_description": offer.cost_note,
        "eligibility_description": "\n".join(
            part for part in (offer.target_group, offer.eligibility) if part
        ),
        "minimum_age": offer.min_age,
        "maximum_age": offer.max_age,
        "assured_date": offer.last_verified.isoformat() if offer.last_verified else None,
        "last_modified": offer.updated_at.isoformat() if offer.updated_at else None,
        "organization": organization,
        "phones": [{"id": hsds_id("phone", service), "service_id": service, "number": offer.phone}]
        if offer.phone
        else [],
        "contacts": [
            {"id": hsds_id("contact", service), "service_id": service, "name": offer.contact_name}
        ]
        if offer.contact_name
        else [],
        "languages": [
            {
                "id": hsds_id("language", f"{service}:{language.code}"),
                "service_id": service,
                "name": language.name,
                "code": language.code,
            }
            for language in offer.languages.all()
        ],
        "cost_options": _cost_options(service, offer),
        "service_at_locations": [
            _location(offer, service, location) for location in offer.locations.all()
        ],
        "attributes": [
            _attribute(service, "life_stage", s.code, s.name, str(LIFE_STAGE_LABELS[s.code]))
            for s in offer.life_stages.all()
        ]
        + [
            _attribute(service, "sector", s.code, s.name, str(SECTOR_LABELS[s.code]))
            for s in offer.sectors.all()
        ]
        + [_attribute(service, "topic", t.slug, t.name, t.name) for t in offer.topics.all()],
    }
    # HSDS wants absent values left out, not null (its schemas type them as strings).
    return {key: value for key, value in record.items() if value is not None}


def offers_export_hsds(*, file, progress: Callable[[Iterable], Iterable] = iter) -> int:
    """Write every published offer as one HSDS page of service records; returns how many."""
    offers = offer_list_public_with_relations()
    records = [service_record(offer) for offer in progress(offers)]
    json.dump(_page(records), file, ensure_ascii=False, indent=1)
    file.write("\n")
    return len(records)


def _page(records: list[dict]) -> dict:
    return {
        "total_items": len(records),
        "total_pages": 1,
        "page_number": 1,
        "size": len(records),
        "first_page": True,
        "last_page": True,
        "empty": not records,
        "contents": records,
    }

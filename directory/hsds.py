"""Open data in Open Referral HSDS 3.0 (CONTRACT §1, `export_offers --format hsds`).

The file is the HSDS API's page of full service records (`total_items` … `contents`),
one page holding every published offer, so any HSDS consumer can read it. Each record
nests its organization, service_at_locations with locations, addresses, schedules and
accessibility, languages, cost options and phones. Life stages, sectors and topics are
terms of our own published taxonomies, attached as attributes.

Identifiers are UUIDs derived from the deployment's address and our primary keys, so a
second export gives every record the same id; offers imported from another HSDS source
keep that source's id (stored as external_id `hsds:<uuid>`).
"""

import datetime
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from .access import ImportPermissions
from .importing import MAX_FILE_BYTES, ImportReport, named
from .labels import LIFE_STAGE_LABELS, SECTOR_LABELS
from .models import (
    MAX_AGE,
    MIN_AGE,
    Access,
    Cost,
    District,
    Language,
    LifeStage,
    Location,
    Offer,
    Provider,
    Sector,
    Topic,
)
from .opening_hours import WEEKDAY_CODES
from .selectors import offer_list_public_with_relations, offer_list_with_record_relations
from .services import offer_latest_content, offer_save, unique_slug

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"
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
    """One offer as a full HSDS service record (German texts, the source language)."""
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


# --- validation against the official schemas ------------------------------------------
@cache
def _registry() -> Registry:
    resources = [
        # The schema files name no draft; HSDS 3.0 is written for 2020-12.
        (path.name, DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(schema: str = "service.json") -> Draft202012Validator:
    contents = json.loads((SCHEMA_DIR / schema).read_text(encoding="utf-8"))
    return Draft202012Validator(
        {**contents, "$id": schema}, registry=_registry(), format_checker=FormatChecker()
    )


def record_errors(record: dict, schema: str = "service.json") -> list[str]:
    """Schema violations of one record, as "path: message" lines (empty when valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(record)'}: {error.message}"
        for error in sorted(validator(schema).iter_errors(record), key=lambda e: list(e.path))
    ]


# --- import -------------------------------------------------------------------------
class HsdsFileError(Exception):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class RecordError:
    record: int  # 1-based position in the file
    path: str
    message: str

    def __str__(self) -> str:
        return _("Record %(record)s, field “%(path)s”: %(message)s") % {
            "record": self.record,
            "path": self.path,
            "message": self.message,
        }


def read_hsds(file) -> list[dict]:
    """Service records from an HSDS page (`contents`), a list, or one service record."""
    raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise HsdsFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise HsdsFileError(
            _("The file is not UTF-8 encoded (byte %(position)s).") % {"position": error.start}
        ) from error
    except json.JSONDecodeError as error:
        raise HsdsFileError(
            _("The file is not valid JSON (line %(line)s): %(error)s")
            % {"line": error.lineno, "error": error.msg}
        ) from error
    except RecursionError as error:
        raise _too_deep() from error
    if _nesting_depth(data) > MAX_NESTING:
        raise _too_deep()  # the schema validation would recurse as deep
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        records = data["contents"]
    elif isinstance(data, list):
        records = data
    elif isinstance(data, dict) and "name" in data and "id" in data:
        records = [data]
    else:
        raise HsdsFileError(
            _("Expected HSDS service records: a page with “contents”, a list or one service.")
        )
    if not all(isinstance(record, dict) for record in records):
        raise HsdsFileError(_("Every HSDS service record must be a JSON object."))
    return records


# An HSDS page nests about eight levels (page → service → location → address …).
MAX_NESTING = 32


def _too_deep() -> HsdsFileError:
    return HsdsFileError(
        _("The file is nested more than %(depth)s levels deep; HSDS data never is.")
        % {"depth": MAX_NESTING}
    )


def _nesting_depth(data) -> int:
    """How deep lists and objects nest, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _comparable(record: dict) -> dict:
    """A record without what changes on every save (ids of new rows, timestamps)."""
    ignored = {"last_modified"}
    return {key: value for key, value in record.items() if key not in ignored}


def offers_import_hsds(
    *,
    file,
    publish: bool = False,
    dry_run: bool = False,
    user=None,
    progress: Callable[[Iterable], Iterable] = iter,
) -> ImportReport:
    """Validate every record against the HSDS 3.0 schema, then write all or none.

    Records we exported come back to the same offer (by id); others are matched by their
    HSDS id stored as external_id `hsds:<id>`, or created. Unchanged records write nothing.
    """
    records = read_hsds(file)
    report = ImportReport(dry_run=dry_run)
    by_id = {service_id(offer): offer for offer in offer_list_with_record_relations()}
    permissions = ImportPermissions(user)
    planned: list[tuple[dict, Offer | None]] = []
    for number, record in enumerate(progress(records), start=1):
        errors = [RecordError(number, *e.split(": ", 1)) for e in record_errors(record)]
        minimum = record.get("minimum_age")
        if not errors and minimum is not None and not MIN_AGE <= minimum <= MAX_AGE:
            errors.append(
                RecordError(
                    number,
                    "minimum_age",
                    _("Ages between %(min)s and %(max)s are supported.")
                    % {"min": MIN_AGE, "max": MAX_AGE},
                )
            )
        existing = by_id.get(record["id"])
        if not errors:
            refusals = permissions.refusals(
                provider_name=_provider_name(record.get("organization") or {}), existing=existing
            )
            fields = {"external_id": "id", "provider": "organization/name"}
            errors += [RecordError(number, fields[field], text) for field, text in refusals]
        if errors:
            report.errors.extend(errors)
            continue
        report.warnings.extend(str(w) for w in _adjustments(number, record))
        label = record["name"]
        if existing is None:
            report.created.append(label)
        elif _comparable(service_record(offer_latest_content(existing))) == _comparable(
            record
        ) and (existing.live or not publish):
            report.unchanged.append(label)
            continue
        else:
            report.updated.append(label)
        planned.append((record, existing))
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for record, existing in progress(planned):
            offer_save(offer=_offer_from(record, existing), user=user, publish=publish)
    report.written = True
    return report


def _ellipsis(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length] + "…"


def _valid_point(location: dict) -> bool:
    latitude, longitude = location.get("latitude"), location.get("longitude")
    return (
        latitude is not None
        and longitude is not None
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )


def _limited_texts(record: dict):
    """(path in the record, its text, the model field it goes to) for every text the
    import cuts to the field's length (see _offer_from, _location_from, _provider)."""
    organization = record.get("organization") or {}
    yield "organization/name", organization.get("name"), (Provider, "name")
    yield "name", record.get("name"), (Offer, "name")
    yield "alternate_name", record.get("alternate_name"), (Offer, "summary")
    yield "fees_description", record.get("fees_description"), (Offer, "cost_note")
    phones = record.get("phones") or []
    if phones:
        yield "phones/0/number", phones[0].get("number"), (Offer, "phone")
    contacts = [c for c in record.get("contacts") or [] if c.get("name")]
    if contacts:
        yield "contacts/0/name", contacts[0]["name"], (Offer, "contact_name")
    for index, link in enumerate(record.get("service_at_locations") or []):
        location = link.get("location") or {}
        path = f"service_at_locations/{index}/location"
        address = (location.get("addresses") or [{}])[0]
        accessibility = (location.get("accessibility") or [{}])[0]
        yield f"{path}/name", location.get("name"), (Location, "name")
        yield f"{path}/addresses/0/address_1", address.get("address_1"), (Location, "street")
        yield f"{path}/addresses/0/postal_code", address.get("postal_code"), (Location, "postcode")
        yield f"{path}/addresses/0/city", address.get("city"), (Location, "city")
        yield (
            f"{path}/accessibility/0/details",
            accessibility.get("details"),
            (Location, "accessibility_note"),
        )


def _adjustments(number: int, record: dict) -> list[RecordError]:
    """What the import changes to fit the directory, reported as warnings."""
    notes = []
    for path, text, (model, field_name) in _limited_texts(record):
        limit = model._meta.get_field(field_name).max_length
        if isinstance(text, str) and len(text) > limit:
            notes.append(
                RecordError(
                    number,
                    path,
                    _("%(length)s characters, cut to %(limit)s: “%(end)s” is left out.")
                    % {"length": len(text), "limit": limit, "end": _ellipsis(text[limit:])},
                )
            )
    maximum = record.get("maximum_age")
    if maximum is not None and maximum > MAX_AGE:
        notes.append(
            RecordError(
                number,
                "maximum_age",
                _("%(age)s is above %(max)s: imported without an upper age limit.")
                % {"age": maximum, "max": MAX_AGE},
            )
        )
    for index, link in enumerate(record.get("service_at_locations") or []):
        location = link.get("location") or {}
        has_point = location.get("latitude") is not None or location.get("longitude") is not None
        if has_point and not _valid_point(location):
            notes.append(
                RecordError(
                    number,
                    f"service_at_locations/{index}/location",
                    _("Coordinates outside WGS84 ranges: the location is imported without them."),
                )
            )
    return notes


def _offer_from(record: dict, existing: Offer | None) -> Offer:
    if existing is None:
        offer = Offer(
            external_id=f"{HSDS_ID_PREFIX}{record['id']}",
            slug=unique_slug(Offer, record["name"]),
        )
    else:
        offer = offer_latest_content(existing)
    organization = record.get("organization") or {}
    offer.provider = _provider(organization)
    offer.name = record["name"][:200]
    offer.summary = (record.get("alternate_name") or "")[:300]
    offer.description = record.get("description") or record["name"]
    offer.website = record.get("url") or ""
    offer.email = record.get("email") or ""
    offer.cost_note = (record.get("fees_description") or "")[:200]
    offer.eligibility = record.get("eligibility_description") or ""
    offer.target_group = ""
    offer.min_age = record.get("minimum_age")
    maximum = record.get("maximum_age")
    offer.max_age = maximum if maximum is not None and maximum <= MAX_AGE else None
    offer.last_verified = _date(record.get("assured_date"))
    offer.access = _choice_by_label(Access, record.get("application_process"))
    costs = record.get("cost_options") or []
    offer.cost = next((c["option"] for c in costs if c.get("option") in Cost.values), "")
    if not offer.cost and any(c.get("amount") == 0 for c in costs):
        offer.cost = Cost.FREE
    phones = record.get("phones") or []
    offer.phone = phones[0]["number"][:50] if phones else ""
    contacts = [c for c in record.get("contacts") or [] if c.get("name")]
    offer.contact_name = contacts[0]["name"][:200] if contacts else ""
    codes = {"life_stage": [], "sector": [], "topic": []}
    for attribute in record.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        for kind in codes:
            if term.get("taxonomy_id") == hsds_id("taxonomy", kind) and term.get("code"):
                codes[kind].append((term["code"], term.get("name") or term["code"]))
    offer.life_stages = list(
        LifeStage.objects.filter(code__in=[c for c, _n in codes["life_stage"]])
    )
    offer.sectors = list(Sector.objects.filter(code__in=[c for c, _n in codes["sector"]]))
    offer.topics = [named(Topic, name) for _code, name in codes["topic"]]
    language_codes = [
        language.get("code", "")[:2].lower() for language in record.get("languages") or []
    ]
    offer.languages = list(Language.objects.filter(code__in=language_codes))
    offer.locations = [
        _location_from(link["location"])
        for link in record.get("service_at_locations") or []
        if link.get("location")
    ]
    return offer


def _location_from(data: dict) -> Location:
    address = (data.get("addresses") or [{}])[0]
    accessibility = (data.get("accessibility") or [{}])[0]
    wheelchair = {"rollstuhlgerecht": True, "nicht rollstuhlgerecht": False}.get(
        accessibility.get("description", "")
    )
    latitude, longitude = data.get("latitude"), data.get("longitude")
    both = _valid_point(data)
    return Location(
        name=(data.get("name") or "")[:200],
        street=(address.get("address_1") or "")[:200],
        postcode=(address.get("postal_code") or "")[:10],
        city=(address.get("city") or "")[:100],
        district=named(District, address["region"]) if address.get("region") else None,
        latitude=Decimal(str(round(latitude, 6))) if both else None,
        longitude=Decimal(str(round(longitude, 6))) if both else None,
        wheelchair_accessible=wheelchair,
        accessibility_note=(accessibility.get("details") or "")[:300],
        opening_hours=_opening_hours_from(data.get("schedules") or []),
    )


def _opening_hours_from(schedules: list[dict]) -> list[dict]:
    days = {byday: code for code, byday in BYDAY.items()}
    blocks = []
    for schedule in schedules:
        opens, closes = schedule.get("opens_at"), schedule.get("closes_at")
        if schedule.get("freq") == "WEEKLY" and opens and closes:
            for byday in (schedule.get("byday") or "").split(","):
                if byday.strip() in days:
                    value = {
                        "weekday": days[byday.strip()],
                        "opens": opens[:5],
                        "closes": closes[:5],
                    }
                    blocks.append({"type": "regular", "value": value})
        elif schedule.get("valid_from"):
            description = schedule.get("description") or ""
            closed = description.startswith("geschlossen") or not (opens and closes)
            note = description.split(": ", 1)[1] if ": " in description else ""
            blocks.append(
                {
                    "type": "exception",
                    "value": {
                        "starts_on": schedule["valid_from"][:10],
                        "ends_on": (schedule.get("valid_to") or "")[:10] or None,
                        "closed": closed,
                        "opens": None if closed else opens[:5],
                        "closes": None if closed else closes[:5],
                        "note": note[:200],
                    },
                }
            )
    return blocks


def _provider_name(organization: dict) -> str:
    return (organization.get("name") or _("Unknown provider"))[:200]


def _provider(organization: dict) -> Provider:
    return named(
        Provider,
        _provider_name(organization),
        description=organization.get("description") or "",
        website=organization.get("website") or "",
        email=organization.get("email") or "",
    )


def _choice_by_label(choices, label: str | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return next((value for value, text in choices.choices if str(text) == label), "")


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None

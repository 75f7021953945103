"""Reading Open Referral HSDS 3.0 service records into offers: our own export, another
directory's page of records, a list, or one record. Every record is validated against
the official schema first; then all are written or none."""

import datetime
import json
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import (
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
from ..selectors import offer_list_with_record_relations
from ..services import named, offer_latest_content, offer_save, unique_slug
from .hsds_export import BYDAY, HSDS_ID_PREFIX, hsds_id, service_id, service_record
from .hsds_validation import record_errors
from .report import EntryError, ImportFileError, ImportReport, file_read


class HsdsFileError(ImportFileError):
    """The file as a whole cannot be read."""


def _problem(number: int, path: str, message: str) -> EntryError:
    """A problem with the record at position `number`, in the field at `path`."""
    return EntryError(number, path, message, record=True)


def read_hsds(file) -> list[dict]:
    """Service records from an HSDS page (`contents`), a list, or one service record."""
    raw = file_read(file)
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
    planned: list[tuple[dict, Offer | None]] = []
    for number, record in enumerate(progress(records), start=1):
        errors = [_problem(number, *e.split(": ", 1)) for e in record_errors(record)]
        minimum = record.get("minimum_age")
        if not errors and minimum is not None and not MIN_AGE <= minimum <= MAX_AGE:
            errors.append(
                _problem(
                    number,
                    "minimum_age",
                    _("Ages between %(min)s and %(max)s are supported.")
                    % {"min": MIN_AGE, "max": MAX_AGE},
                )
            )
        if errors:
            report.errors.extend(errors)
            continue
        report.warnings.extend(str(w) for w in _adjustments(number, record))
        existing = by_id.get(record["id"])
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


def _valid_point(location: dict) -> bool:
    latitude, longitude = location.get("latitude"), location.get("longitude")
    return (
        latitude is not None
        and longitude is not None
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )


def _adjustments(number: int, record: dict) -> list[EntryError]:
    """What the import changes to fit the directory, reported as warnings."""
    notes = []
    maximum = record.get("maximum_age")
    if maximum is not None and maximum > MAX_AGE:
        notes.append(
            _problem(
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
                _problem(
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


def _provider(organization: dict) -> Provider:
    return named(
        Provider,
        (organization.get("name") or _("Unknown provider"))[:200],
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

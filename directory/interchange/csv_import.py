"""CSV import of offers (docs/csv-format.md): all-or-nothing per file, with a complete report."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ..duplicates import likely_duplicates
from ..models import District, Language, LifeStage, Location, Offer, Provider, Sector, Topic
from ..selectors import offer_list_with_record_relations
from ..services import named, offer_latest_content, offer_save, unique_slug
from .csv_format import (
    COLUMNS,
    LOCATION_COLUMNS,
    REQUIRED_COLUMNS,
    YES,
    OfferRowForm,
    offer_to_record,
)
from .report import EntryError, ImportFileError, ImportReport, file_read
from .spreadsheet import looks_like_formula, unescape_cell

FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it


@dataclass
class _ValidRow:
    row: int
    form: OfferRowForm
    offer: Offer | None  # the stored offer with this external_id, if any


def read_csv(file: BinaryIO) -> list[dict[str, str]]:
    """Decode and parse; raises ImportFileError with a message for people."""
    raw = file_read(file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is not UTF-8 encoded (byte %(position)s). Save it as “CSV UTF-8”.")
            % {"position": error.start}
        ) from error
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise ImportFileError(
                _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        reader.fieldnames = header
        rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        if None in row:  # more cells than header columns
            raise ImportFileError(
                _("Row %(row)s has more cells than the header has columns.") % {"row": number}
            )
    return rows


def offers_import_csv(
    *,
    file: BinaryIO,
    publish: bool = False,
    dry_run: bool = False,
    user=None,
    progress: Callable[[Iterable], Iterable] = iter,
) -> ImportReport:
    """Validate every row, then write all of them or none.

    `progress` wraps the row iterations (e.g. with tqdm) so a terminal shows progress.
    """
    rows = read_csv(file)
    report = ImportReport(dry_run=dry_run)
    valid_rows = _validate(rows, report, progress)
    for valid in valid_rows:
        action = _classify(valid, publish=publish)
        getattr(report, action).append(valid.form.cleaned_data["external_id"])
        if action == "created":
            report.warnings.extend(_duplicate_warnings(valid))
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for valid in progress(valid_rows):
            if valid.form.cleaned_data["external_id"] not in report.unchanged:
                _write(valid, publish=publish, user=user)
    report.written = True
    return report


def _validate(rows, report: ImportReport, progress) -> list[_ValidRow]:
    seen_ids: dict[str, int] = {}
    forms: list[tuple[int, OfferRowForm]] = []
    for number, row in enumerate(progress(rows), start=FIRST_DATA_ROW):
        cells = {column: row.get(column) or "" for column in COLUMNS}
        formulas = [column for column, value in cells.items() if looks_like_formula(value)]
        for column in formulas:
            report.errors.append(
                EntryError(
                    number,
                    column,
                    _(
                        "Starts like a spreadsheet formula (= or @) and is refused. "
                        "If it is meant as text, put an apostrophe in front: '%(value)s"
                    )
                    % {"value": cells[column][:40]},
                )
            )
        if formulas:
            continue
        form = OfferRowForm(data={column: unescape_cell(value) for column, value in cells.items()})
        if not form.is_valid():
            for column, messages in form.errors.items():
                report.errors.extend(EntryError(number, column, message) for message in messages)
            continue
        external_id = form.cleaned_data["external_id"]
        if external_id in seen_ids:
            report.errors.append(
                EntryError(
                    number,
                    "external_id",
                    _("The same external_id is already used in row %(row)s.")
                    % {"row": seen_ids[external_id]},
                )
            )
            continue
        seen_ids[external_id] = number
        forms.append((number, form))
    existing = {
        offer.external_id: offer
        for offer in offer_list_with_record_relations().filter(external_id__in=list(seen_ids))
    }
    return [
        _ValidRow(number, form, existing.get(form.cleaned_data["external_id"]))
        for number, form in forms
    ]


def _duplicate_warnings(valid: _ValidRow) -> list[str]:
    data = valid.form.cleaned_data
    provider = Provider.objects.filter(name__iexact=data["provider"]).first()
    duplicates = likely_duplicates(
        name=data["name"],
        provider_id=provider.pk if provider else None,
        addresses=[(data["street"], data["postcode"])],
    )
    return [
        _("Row %(row)s: possibly the same as “%(name)s” (%(url)s).")
        % {
            "row": valid.row,
            "name": duplicate.offer.name,
            "url": reverse("wagtailsnippets_directory_offer:edit", args=[duplicate.offer.pk]),
        }
        for duplicate in duplicates
    ]


def _classify(valid: _ValidRow, *, publish: bool) -> str:
    if valid.offer is None:
        return "created"
    same_content = offer_to_record(offer_latest_content(valid.offer)) == valid.form.to_record()
    already_published = valid.offer.live and not valid.offer.has_unpublished_changes
    if same_content and (already_published or not publish):
        return "unchanged"
    return "updated"


def _write(valid: _ValidRow, *, publish: bool, user) -> Offer:
    data = valid.form.cleaned_data
    if valid.offer is None:
        offer = Offer(external_id=data["external_id"], slug=unique_slug(Offer, data["name"]))
    else:
        offer = offer_latest_content(valid.offer)
    offer.name = data["name"]
    offer.provider = named(Provider, data["provider"])
    offer.description = data["description"]
    offer.min_age, offer.max_age = data["min_age"], data["max_age"]
    offer.cost = data["cost"]
    offer.phone, offer.email, offer.website = data["phone"], data["email"], data["website"]
    offer.sectors = list(Sector.objects.filter(code__in=data["sectors"]))
    offer.life_stages = list(LifeStage.objects.filter(code__in=data["life_stages"]))
    offer.languages = list(Language.objects.filter(code__in=data["languages"]))
    offer.topics = [named(Topic, name) for name in data["topics"]]
    offer.locations = _locations(offer, data)
    offer_save(offer=offer, user=user, publish=publish)
    return offer


def _locations(offer: Offer, data) -> list[Location]:
    """The CSV describes the first location; further ones are kept as they are."""
    locations = list(offer.locations.all())
    first, others = (locations[0], locations[1:]) if locations else (Location(), [])
    if not any(data[column] not in ("", None) for column in LOCATION_COLUMNS):
        return others
    first.street, first.postcode, first.city = data["street"], data["postcode"], data["city"]
    first.district = named(District, data["district"]) if data["district"] else None
    first.latitude, first.longitude = data["lat"], data["lon"]
    first.wheelchair_accessible = (
        None if not data["wheelchair_accessible"] else data["wheelchair_accessible"] == YES
    )
    return [first, *others]

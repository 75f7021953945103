"""CSV import of offers (docs/csv-format.md): all-or-nothing per file, with a complete report."""

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ..access import ImportPermissions
from ..duplicates import likely_duplicates
from ..models import (
    District,
    Language,
    LifeStage,
    Location,
    Offer,
    OfferTranslation,
    Provider,
    Sector,
    Topic,
)
from ..selectors import offer_list_with_record_relations
from ..services import named, offer_latest_content, offer_save, unique_slug
from ..services.geocoding import locate_imported
from .csv_format import (
    COLUMNS,
    KEPT_WHEN_ABSENT,
    LOCATION_COLUMNS,
    REQUIRED_COLUMNS,
    TRANSLATED_FIELDS,
    TRANSLATION_LANGUAGES,
    YES,
    OfferRowForm,
    offer_to_record,
)
from .report import EntryError, ImportFileError, ImportReport, file_size_check
from .spreadsheet import looks_like_formula, unescape_cell

FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it
BLOCK_BYTES = 2**20  # files are read in blocks of this size, never whole
CHUNK_ROWS = 500  # rows validated and matched to stored offers together (one query)


@dataclass
class _ValidRow:
    row: int
    form: OfferRowForm
    offer: Offer | None  # the stored offer with this external_id, if any


def read_csv(file: BinaryIO) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with their spreadsheet row numbers, read as a stream.

    The file is checked as a whole first (size, encoding, header), so an unreadable file
    is refused before any row is looked at; raises ImportFileError with a message for
    people. Memory stays bounded by one row, whatever the file's size.
    """
    _check_size_and_encoding(file)
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text, strict=True)
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise ImportFileError(
                _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        reader.fieldnames = header
        for number, row in enumerate(reader, start=FIRST_DATA_ROW):
            if None in row:  # more cells than header columns
                raise ImportFileError(
                    _("Row %(row)s has more cells than the header has columns.") % {"row": number}
                )
            yield number, row
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    finally:
        text.detach()  # the caller owns the file


def _check_size_and_encoding(file: BinaryIO) -> None:
    """Read the file once in blocks: refuse it if too large or not UTF-8, then rewind."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    while block := file.read(BLOCK_BYTES):
        file_size_check(offset + len(block))
        try:
            decoder.decode(block)
        except UnicodeDecodeError as error:
            raise _not_utf8(offset + error.start) from error
        offset += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise _not_utf8(offset + error.start) from error
    file.seek(0)


def _not_utf8(position: int) -> ImportFileError:
    return ImportFileError(
        _("The file is not UTF-8 encoded (byte %(position)s). Save it as “CSV UTF-8”.")
        % {"position": position}
    )


def offers_import_csv(
    *,
    file: BinaryIO,
    publish: bool = False,
    dry_run: bool = False,
    user=None,
    progress: Callable[[Iterable], Iterable] = iter,
) -> ImportReport:
    """Validate every row, then write all of them or none.

    The file is read twice as a stream (checking, then writing), a chunk of rows at a
    time, so memory does not grow with the number of rows; the report keeps only the
    external ids and messages. `progress` wraps each pass over the rows (e.g. with tqdm,
    or the admin's progress display).
    """
    report = ImportReport(dry_run=dry_run)
    permissions = ImportPermissions(user)
    for chunk in _valid_chunks(progress(read_csv(file)), report, permissions):
        for valid in chunk:
            action = _classify(valid, publish=publish)
            external_id = valid.form.cleaned_data["external_id"]
            getattr(report, action).append(external_id)
            report.names[external_id] = valid.form.cleaned_data["name"]
            if action == "created":
                report.warnings.extend(_duplicate_warnings(valid))
    if report.errors or dry_run:
        return report
    file.seek(0)
    unchanged = set(report.unchanged)
    with transaction.atomic():
        # The rows were valid a moment ago; checking them again costs little and keeps
        # the "never with errors" promise if the directory changed meanwhile.
        again = ImportReport()
        for chunk in _valid_chunks(progress(read_csv(file)), again, permissions):
            for valid in chunk:
                if valid.form.cleaned_data["external_id"] not in unchanged:
                    _write(valid, publish=publish, user=user)
        if again.errors:
            transaction.set_rollback(True)
            report.errors = again.errors
            return report
    report.written = True
    return report


def _valid_chunks(
    rows: Iterable[tuple[int, dict]], report: ImportReport, permissions: ImportPermissions
):
    """Valid rows the user may write, CHUNK_ROWS at a time with their stored offers (one
    query per chunk); errors and refusals go to the report."""
    seen_ids: dict[str, int] = {}
    rows = iter(rows)
    while raw_chunk := list(islice(rows, CHUNK_ROWS)):
        ids = {(row.get("external_id") or "").strip() for _number, row in raw_chunk}
        existing = {
            offer.external_id: offer
            for offer in offer_list_with_record_relations().filter(external_id__in=ids - {""})
        }
        valid = []
        for number, row in raw_chunk:
            form = _valid_form(number, row, report, seen_ids, existing)
            if form is None:
                continue
            stored = existing.get(form.cleaned_data["external_id"])
            refusals = permissions.refusals(
                provider_name=form.cleaned_data["provider"], existing=stored
            )
            report.errors.extend(
                EntryError(number, column, message, name=form.cleaned_data["name"])
                for column, message in refusals
            )
            if not refusals:
                valid.append(_ValidRow(number, form, stored))
        yield valid


def _valid_form(
    number: int, row: dict, report: ImportReport, seen_ids: dict[str, int], existing: dict
) -> OfferRowForm | None:
    cells = {column: row.get(column) or "" for column in COLUMNS}
    name = unescape_cell(cells["name"]).strip()
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
                name=name,
            )
        )
    if formulas:
        return None
    data = {column: unescape_cell(value) for column, value in cells.items()}
    stored = existing.get(data["external_id"].strip())
    absent = [column for column in KEPT_WHEN_ABSENT if column not in row]
    if stored is not None and absent:  # an older file: these texts stay as they are
        record = offer_to_record(offer_latest_content(stored))
        data.update({column: record[column] for column in absent})
    form = OfferRowForm(data=data)
    if not form.is_valid():
        for column, messages in form.errors.items():
            report.errors.extend(
                EntryError(number, column, message, name=name) for message in messages
            )
        return None
    external_id = form.cleaned_data["external_id"]
    if external_id in seen_ids:
        report.errors.append(
            EntryError(
                number,
                "external_id",
                _("The same external_id is already used in row %(row)s.")
                % {"row": seen_ids[external_id]},
                name=name,
            )
        )
        return None
    seen_ids[external_id] = number
    return form


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
    offer.summary, offer.easy_read = data["summary"], data["easy_read"]
    offer.translations = _translations(offer, data)
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


def _translations(offer: Offer, data) -> list[OfferTranslation]:
    """One translation per language with any text; fields the CSV does not carry
    (target group, eligibility) are kept."""
    existing = {translation.language: translation for translation in offer.translations.all()}
    translations = []
    for language in TRANSLATION_LANGUAGES:
        texts = {name: data[f"{name}_{language}"] for name in TRANSLATED_FIELDS}
        translation = existing.get(language) or OfferTranslation(language=language)
        for name, text in texts.items():
            setattr(translation, name, text)
        if any(texts.values()) or translation.target_group or translation.eligibility:
            translations.append(translation)
    return translations


def _locations(offer: Offer, data) -> list[Location]:
    """The CSV describes the first location; further ones are kept as they are."""
    locations = list(offer.locations.all())
    first, others = (locations[0], locations[1:]) if locations else (Location(), [])
    if not any(data[column] not in ("", None) for column in LOCATION_COLUMNS):
        return others
    first.street, first.postcode, first.city = data["street"], data["postcode"], data["city"]
    first.district = named(District, data["district"]) if data["district"] else None
    if (first.latitude, first.longitude) != (data["lat"], data["lon"]):
        first.position_source = ""
    first.latitude, first.longitude = data["lat"], data["lon"]
    locate_imported(first)
    first.wheelchair_accessible = (
        None if not data["wheelchair_accessible"] else data["wheelchair_accessible"] == YES
    )
    return [first, *others]

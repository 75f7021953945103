"""CSV import of offers (CONTRACT §1): all-or-nothing per file, with a complete report."""

import codecs
import csv
import datetime
import io
import json
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .csv_format import (
    COLUMNS,
    LOCATION_COLUMNS,
    REQUIRED_COLUMNS,
    YES,
    OfferRowForm,
    offer_to_record,
)
from .duplicates import likely_duplicates
from .models import District, Language, LifeStage, Location, Offer, Provider, Sector, Topic
from .selectors import offer_list_with_record_relations
from .services import offer_latest_content, offer_save, unique_slug
from .spreadsheet import looks_like_formula, unescape_cell

# A file larger than this is refused before parsing: a directory has thousands of offers,
# not millions, and an accidental upload of a database dump must not exhaust memory.
MAX_FILE_BYTES = 50 * 1024 * 1024
FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it
BLOCK_BYTES = 2**20  # files are read in blocks of this size, never whole
CHUNK_ROWS = 500  # rows validated and matched to stored offers together (one query)


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header, size)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # adjusted, not refused
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


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
        if offset + len(block) > MAX_FILE_BYTES:
            raise ImportFileError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
            )
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
    for chunk in _valid_chunks(progress(read_csv(file)), report):
        for valid in chunk:
            action = _classify(valid, publish=publish)
            getattr(report, action).append(valid.form.cleaned_data["external_id"])
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
        for chunk in _valid_chunks(progress(read_csv(file)), again):
            for valid in chunk:
                if valid.form.cleaned_data["external_id"] not in unchanged:
                    _write(valid, publish=publish, user=user)
        if again.errors:
            transaction.set_rollback(True)
            report.errors = again.errors
            return report
    report.written = True
    return report


def _valid_chunks(rows: Iterable[tuple[int, dict]], report: ImportReport):
    """Valid rows, CHUNK_ROWS at a time with their stored offers (one query per chunk);
    errors go to the report."""
    seen_ids: dict[str, int] = {}
    chunk: list[tuple[int, OfferRowForm]] = []
    for number, row in rows:
        form = _valid_form(number, row, report, seen_ids)
        if form is not None:
            chunk.append((number, form))
        if len(chunk) == CHUNK_ROWS:
            yield _with_stored_offers(chunk)
            chunk = []
    if chunk:
        yield _with_stored_offers(chunk)


def _with_stored_offers(chunk: list[tuple[int, OfferRowForm]]) -> list[_ValidRow]:
    ids = [form.cleaned_data["external_id"] for _number, form in chunk]
    existing = {
        offer.external_id: offer
        for offer in offer_list_with_record_relations().filter(external_id__in=ids)
    }
    return [
        _ValidRow(number, form, existing.get(form.cleaned_data["external_id"]))
        for number, form in chunk
    ]


def _valid_form(
    number: int, row: dict, report: ImportReport, seen_ids: dict[str, int]
) -> OfferRowForm | None:
    cells = {column: row.get(column) or "" for column in COLUMNS}
    formulas = [column for column, value in cells.items() if looks_like_formula(value)]
    for column in formulas:
        report.errors.append(
            RowError(
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
        return None
    form = OfferRowForm(data={column: unescape_cell(value) for column, value in cells.items()})
    if not form.is_valid():
        for column, messages in form.errors.items():
            report.errors.extend(RowError(number, column, message) for message in messages)
        return None
    external_id = form.cleaned_data["external_id"]
    if external_id in seen_ids:
        report.errors.append(
            RowError(
                number,
                "external_id",
                _("The same external_id is already used in row %(row)s.")
                % {"row": seen_ids[external_id]},
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


def named(model, name: str, **details):
    """A provider, topic or district by name (case-insensitive), created if unknown
    (with `details` then)."""
    instance = model.objects.filter(name__iexact=name).first()
    if instance is None:
        instance = model.objects.create(name=name, slug=unique_slug(model, name), **details)
    return instance


# --- staged imports: the admin's upload → check → preview → confirm → import ---------
# The file waits in the default storage under imports/ with a small JSON file holding the
# state and the report; the checking and the writing run as background tasks
# (directory.tasks), which report their progress in a third file. The upload itself is
# deleted as soon as it is refused or imported; what is left of abandoned imports is
# deleted after STAGED_MAX_AGE.


class StagedImportMissing(Exception):
    """The token names no staged import of this user (expired, done or forged)."""


class Stage:
    CHECKING = "checking"  # queued or running: the dry run
    CHECKED = "checked"  # preview shown, waiting for the confirmation
    REFUSED = "refused"  # the file or a row has errors; nothing is written
    IMPORTING = "importing"  # queued or running: the import
    DONE = "done"
    FAILED = "failed"  # an unexpected error; nothing was written (one transaction)


RUNNING = (Stage.CHECKING, Stage.IMPORTING)


@dataclass
class StagedImport:
    token: str
    path: str  # of the uploaded file, in the default storage
    name: str
    hsds: bool
    publish: bool
    stage: str = Stage.CHECKING
    report: dict | None = None  # report_to_dict()
    error: str = ""  # why the file as a whole was refused

    @property
    def meta_path(self) -> str:
        return f"{self.path}.json"

    @property
    def progress_path(self) -> str:
        return f"{self.path}.progress"


STAGED_DIR = "imports"
STAGED_MAX_AGE = datetime.timedelta(days=1)
PROGRESS_EVERY_ROWS = 200


def report_to_dict(report: ImportReport) -> dict:
    """The report as JSON, with messages as text (in the language active now)."""
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [str(error) for error in report.errors],
        "warnings": [str(warning) for warning in report.warnings],
        "dry_run": report.dry_run,
        "written": report.written,
    }


def report_from_dict(data: dict) -> ImportReport:
    return ImportReport(**data)


def staged_import_create(*, upload, user, publish: bool) -> StagedImport:
    """Keep an uploaded file until it is checked and the editor confirms (or not)."""
    staged_imports_prune()
    if upload.size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    token = secrets.token_urlsafe(24)
    staged = StagedImport(
        token,
        f"{STAGED_DIR}/{user.pk}-{token}",
        upload.name,
        upload.name.lower().endswith(".json"),
        publish,
    )
    default_storage.save(staged.path, upload)
    _save_meta(staged)
    return staged


def _save_meta(staged: StagedImport) -> None:
    data = {key: value for key, value in asdict(staged).items() if key not in ("token", "path")}
    if default_storage.exists(staged.meta_path):
        default_storage.delete(staged.meta_path)
    default_storage.save(staged.meta_path, ContentFile(json.dumps(data).encode()))


def staged_import_get(token: str, *, user) -> StagedImport:
    """The staged import behind a token, only for the user who uploaded it."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        raise StagedImportMissing
    path = f"{STAGED_DIR}/{user.pk}-{token}"
    try:
        with default_storage.open(f"{path}.json") as meta:
            data = json.loads(meta.read().decode())
    except (FileNotFoundError, ValueError) as error:
        raise StagedImportMissing from error
    return StagedImport(token, path, **data)


def staged_import_progress(staged: StagedImport) -> dict:
    """How far the running check or import is: {"done": rows, "total": rows or None}."""
    try:
        with default_storage.open(staged.progress_path) as file:
            return json.loads(file.read().decode())
    except (FileNotFoundError, ValueError):  # not started yet, or being rewritten
        return {"done": 0, "total": None}


def _progress_writer(staged: StagedImport, total: int | None):
    """A `progress` wrapper for the importers that writes the row count every few rows."""

    def write(done: int) -> None:
        if default_storage.exists(staged.progress_path):
            default_storage.delete(staged.progress_path)
        payload = json.dumps({"done": done, "total": total}).encode()
        default_storage.save(staged.progress_path, ContentFile(payload))

    def wrap(items: Iterable) -> Iterator:
        write(0)
        done = 0
        for done, item in enumerate(items, start=1):
            if done % PROGRESS_EVERY_ROWS == 0:
                write(done)
            yield item
        write(done)

    return wrap


def _estimated_rows(staged: StagedImport) -> int | None:
    """Rows of a CSV file, counted in a quick pass (no validation), for the progress bar."""
    if staged.hsds:
        return None
    with default_storage.open(staged.path, "rb") as file:
        text = io.TextIOWrapper(file, encoding="utf-8-sig", errors="replace", newline="")
        try:
            return max(sum(1 for _row in csv.reader(text)) - 1, 0)
        except csv.Error:
            return None  # the check itself says what is wrong
        finally:
            text.detach()


def staged_import_check(staged: StagedImport, *, user) -> StagedImport:
    """The dry run: the preview's report, or the reasons for refusing the file."""
    return _run(staged, user=user, dry_run=True)


def staged_import_apply(staged: StagedImport, *, user) -> StagedImport:
    """The import the editor confirmed; the upload is deleted afterwards in every case."""
    return _run(staged, user=user, dry_run=False)


def _run(staged: StagedImport, *, user, dry_run: bool) -> StagedImport:
    from .hsds import HsdsFileError, offers_import_hsds  # hsds builds on this module

    importer = offers_import_hsds if staged.hsds else offers_import_csv
    progress = _progress_writer(staged, _estimated_rows(staged))
    try:
        with default_storage.open(staged.path, "rb") as file:
            report = importer(
                file=file, publish=staged.publish, dry_run=dry_run, user=user, progress=progress
            )
    except (ImportFileError, HsdsFileError) as error:
        staged.stage, staged.error = Stage.REFUSED, str(error)
    except Exception:
        staged.stage = Stage.FAILED
        _save_meta(staged)
        _delete_upload(staged)
        raise
    else:
        staged.report = report_to_dict(report)
        if not report.ok:
            staged.stage = Stage.REFUSED
        else:
            staged.stage = Stage.CHECKED if dry_run else Stage.DONE
    _save_meta(staged)
    if staged.stage != Stage.CHECKED:
        _delete_upload(staged)
    return staged


def staged_import_start(staged: StagedImport) -> StagedImport:
    """Mark a checked import as confirmed (the task then writes it)."""
    staged.stage = Stage.IMPORTING
    _save_meta(staged)
    if default_storage.exists(staged.progress_path):  # the check's count is not the import's
        default_storage.delete(staged.progress_path)
    return staged


def _delete_upload(staged: StagedImport) -> None:
    for path in (staged.path, staged.progress_path):
        if default_storage.exists(path):
            default_storage.delete(path)


def staged_import_discard(staged: StagedImport) -> None:
    """Forget the import: the upload, its state and its progress."""
    _delete_upload(staged)
    if default_storage.exists(staged.meta_path):
        default_storage.delete(staged.meta_path)


def staged_imports_prune(*, older_than: datetime.timedelta = STAGED_MAX_AGE) -> int:
    """Delete what abandoned imports left behind (never confirmed, result never read)."""
    try:
        _directories, names = default_storage.listdir(STAGED_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    deleted = 0
    for name in names:
        path = f"{STAGED_DIR}/{name}"
        try:
            modified = default_storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError):
            continue
        if modified < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted

"""Staged imports, the admin's upload → check → preview → confirm → import.

The uploaded file waits in the default storage under imports/ with a small JSON file
holding the state and the report; the checking and the writing run as background tasks
(directory.interchange.tasks), which report their progress in a third file. The upload itself is
deleted as soon as it is refused or imported; what is left of abandoned imports is
deleted after STAGED_MAX_AGE.
"""

import csv
import datetime
import io
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .csv_import import offers_import_csv
from .hsds_import import offers_import_hsds
from .report import ImportFileError, ImportReport, file_size_check


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
        "errors": [_named_message(error) for error in report.errors],
        "warnings": [str(warning) for warning in report.warnings],
        "dry_run": report.dry_run,
        "written": report.written,
        "names": report.names,
    }


def _named_message(error) -> str:
    """The message with the offer's name in front, so the preview says which offer it is."""
    name = getattr(error, "name", "")
    return f"{name} – {error}" if name else str(error)


def report_from_dict(data: dict) -> ImportReport:
    return ImportReport(**data)


def staged_import_create(*, upload, user, publish: bool) -> StagedImport:
    """Keep an uploaded file until it is checked and the editor confirms (or not)."""
    staged_imports_prune()
    file_size_check(upload.size)
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
    importer = offers_import_hsds if staged.hsds else offers_import_csv
    progress = _progress_writer(staged, _estimated_rows(staged))
    try:
        with default_storage.open(staged.path, "rb") as file:
            report = importer(
                file=file, publish=staged.publish, dry_run=dry_run, user=user, progress=progress
            )
    except ImportFileError as error:
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

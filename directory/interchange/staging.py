"""Staged imports, the admin's upload → preview → confirm: the uploaded file is kept
(in the default storage, per user) until the editor confirms or drops the import."""

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .csv_import import offers_import_csv
from .hsds_import import offers_import_hsds
from .report import ImportReport, file_size_check


class StagedImportMissing(Exception):
    """The token names no staged import of this user (expired, done or forged)."""


@dataclass(frozen=True)
class StagedImport:
    token: str
    path: str  # in the default storage
    name: str
    hsds: bool
    publish: bool


STAGED_DIR = "imports"


def staged_import_create(*, upload, user, publish: bool) -> StagedImport:
    """Keep an uploaded file until the editor confirms (or not) the previewed import."""
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
    meta = f"{staged.name}\n{int(staged.hsds)}\n{int(staged.publish)}".encode()
    default_storage.save(f"{staged.path}.meta", ContentFile(meta))
    return staged


def staged_import_get(token: str, *, user) -> StagedImport:
    """The staged import behind a token, only for the user who uploaded it."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        raise StagedImportMissing
    path = f"{STAGED_DIR}/{user.pk}-{token}"
    if not default_storage.exists(path):
        raise StagedImportMissing
    with default_storage.open(f"{path}.meta") as meta:
        name, hsds, publish = meta.read().decode().split("\n")
    return StagedImport(token, path, name, hsds == "1", publish == "1")


def staged_import_run(staged: StagedImport, *, user, dry_run: bool) -> ImportReport:
    importer = offers_import_hsds if staged.hsds else offers_import_csv
    with default_storage.open(staged.path, "rb") as file:
        return importer(file=file, publish=staged.publish, dry_run=dry_run, user=user)


def staged_import_discard(staged: StagedImport) -> None:
    for path in (staged.path, f"{staged.path}.meta"):
        if default_storage.exists(path):
            default_storage.delete(path)

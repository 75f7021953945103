"""The admin import in the background: progress while a worker checks and writes, uploads
deleted once refused or done, and the real database worker doing the work."""

import subprocess
import sys
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from directory.interchange import staging
from directory.interchange.tasks import staged_import_apply_task, staged_import_check_task
from directory.models import Offer
from tests.directory.csv_helpers import csv_bytes, row
from tests.processes import ROOT, site_environment

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("directory_offer_import")


def upload(content: bytes, name: str = "angebote.csv", **fields) -> dict:
    return {"file": SimpleUploadedFile(name, content), **fields}


def staged_files() -> list[str]:
    try:
        return sorted(default_storage.listdir(staging.STAGED_DIR)[1])
    except FileNotFoundError:
        return []


def uploads_left() -> list[str]:
    """Uploaded files still kept (the small state and progress files are not uploads)."""
    return [name for name in staged_files() if not name.endswith((".json", ".progress"))]


@pytest.fixture(autouse=True)
def media_of_its_own(settings, tmp_path):
    """Each test sees only its own uploads."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def queue_only(settings):
    """Tasks are queued and not run, as when the worker is busy or not yet started."""
    settings.TASKS = {
        **settings.TASKS,
        "imports": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }


def test_the_page_shows_progress_until_the_worker_has_done_its_part(
    client, moderator, queue_only, monkeypatch
):
    # Progress is written every PROGRESS_EVERY_ROWS rows and at the end; a few rows with a
    # small step cross it twice, as a large file crosses the real step (each row imported
    # costs time, the step's size does not change the code path).
    monkeypatch.setattr(staging, "PROGRESS_EVERY_ROWS", 2)
    client.force_login(moderator)
    rows = [row(external_id=f"SRC-{n}", name=f"Angebot {n}") for n in range(5)]

    waiting = client.post(IMPORT_URL, upload(csv_bytes(*rows).getvalue()), follow=True)

    html = waiting.content.decode()
    assert "Prüfung von „angebote.csv“" in html
    assert "Warten auf den Hintergrunddienst" in html
    assert "data-import-progress" in html and "import-progress.js" in html
    token = waiting.request["QUERY_STRING"].split("token=")[1]

    staged_import_check_task.call(token=token, user_id=moderator.pk, language="de")
    staged = staging.staged_import_get(token, user=moderator)
    assert staging.staged_import_progress(staged) == {"done": 5, "total": 5}
    preview = client.get(IMPORT_URL, {"token": token})
    assert "5 neu, 0 geändert, 0 unverändert, 0 Fehler" in preview.content.decode()
    assert Offer.objects.count() == 0

    importing_page = client.post(IMPORT_URL, {"token": token, "confirm": "1"}, follow=True)
    assert "Import von „angebote.csv“" in importing_page.content.decode()
    assert "Warten auf den Hintergrunddienst" in importing_page.content.decode()
    assert Offer.objects.count() == 0

    staged_import_apply_task.call(token=token, user_id=moderator.pk, language="de")
    done = client.get(IMPORT_URL, {"token": token}, follow=True)
    assert "Import abgeschlossen: 5 angelegt" in done.content.decode()
    assert Offer.objects.count() == 5


def test_a_refused_file_is_deleted_at_once(client, moderator):
    client.force_login(moderator)

    response = client.post(IMPORT_URL, upload("name\n".encode("utf-16")), follow=True)

    assert response.status_code == 400
    assert "nicht UTF-8" in response.content.decode()
    assert uploads_left() == []


def test_a_file_with_row_errors_is_deleted_at_once(client, moderator):
    client.force_login(moderator)
    content = csv_bytes(row(), row(external_id="SRC-2", min_age="40")).getvalue()

    response = client.post(IMPORT_URL, upload(content), follow=True)

    assert response.status_code == 400
    assert uploads_left() == []


def test_an_imported_file_and_its_state_are_deleted(client, moderator):
    client.force_login(moderator)
    preview = client.post(IMPORT_URL, upload(csv_bytes(row()).getvalue()), follow=True)
    token = preview.content.decode().split('name="token" value="')[1].split('"')[0]
    assert len(uploads_left()) == 1  # kept until confirmed

    client.post(IMPORT_URL, {"token": token, "confirm": "1"}, follow=True)

    assert Offer.objects.count() == 1
    assert staged_files() == []


def test_abandoned_previews_are_deleted_after_a_day(moderator, settings):
    staged = staging.staged_import_create(
        upload=SimpleUploadedFile("a.csv", csv_bytes(row()).getvalue()),
        user=moderator,
        publish=False,
    )
    assert staging.staged_imports_prune() == 0
    assert staging.staged_imports_prune(older_than=staging.STAGED_MAX_AGE * -1) == 2
    assert staged_files() == []
    with pytest.raises(staging.StagedImportMissing):
        staging.staged_import_get(staged.token, user=moderator)


@pytest.mark.worker_process
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_checks_and_imports_in_its_own_process(
    client, superuser, settings, tmp_path
):
    """The real queue: tasks stored in the database, `manage.py db_worker` runs them."""
    if connection.vendor != "postgresql":
        pytest.skip("A worker process needs a database it can share; runs on PostgreSQL.")
    settings.TASKS = {**settings.TASKS, "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path
    database = connection.settings_dict
    env = site_environment(
        tmp_path / "unused.sqlite3",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        MEDIA_ROOT=str(tmp_path),
        DATABASE_URL=(
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
    )

    def work_off_the_queue():
        command = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "imports",
            "--batch",
            "--no-startup-delay",
        ]
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=300, capture_output=True)

    client.force_login(superuser)
    content = csv_bytes(row(), row(external_id="SRC-2", name="Stillcafé")).getvalue()
    queued = client.post(IMPORT_URL, upload(content, publish="on"), follow=True)
    assert "Warten auf den Hintergrunddienst" in queued.content.decode()
    token = queued.request["QUERY_STRING"].split("token=")[1]

    work_off_the_queue()
    preview = client.get(IMPORT_URL, {"token": token})
    assert "2 neu, 0 geändert, 0 unverändert, 0 Fehler" in preview.content.decode()
    assert Offer.objects.count() == 0

    client.post(IMPORT_URL, {"token": token, "confirm": "1"})
    started = time.monotonic()
    work_off_the_queue()
    done = client.get(IMPORT_URL, {"token": token}, follow=True)

    assert "Import abgeschlossen: 2 angelegt" in done.content.decode()
    assert set(Offer.objects.values_list("name", flat=True)) == {
        "Hebammensprechstunde Ost",
        "Stillcafé",
    }
    assert list(tmp_path.joinpath("imports").iterdir()) == []
    assert time.monotonic() - started < 300

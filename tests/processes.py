"""The site as separate processes (gunicorn workers, the task worker) on a copy of the
test database: for behaviour that only shows between processes, such as SQLite's one
write lock or a queue that another process works off."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def sqlite_file_copy(target: Path) -> Path:
    """The test database (committed state) as an SQLite file other processes can open."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking only shows on SQLite; this runs in the SQLite pass.")
    connection.ensure_connection()
    import sqlite3

    destination = sqlite3.connect(target)
    connection.connection.backup(destination)
    destination.close()
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(database: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ELASTICSEARCH_URL", "SEARCH_ENGINE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


@contextmanager
def gunicorn(database: Path, *, workers: int = 2, **extra: str):
    """gunicorn serving the site from this database; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=site_environment(database, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/de/angebote/", timeout=90).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()[-3000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)

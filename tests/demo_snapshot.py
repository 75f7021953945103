"""The demo directory loaded once, then restored.

Loading the demo directory into a flushed test database (`demo_load()`: some 170 offers
with revisions, translations and locations, indexed when its transaction commits) takes
10–20 s of CPU, once per pytest worker and pass (`demo_directory`, tests/conftest.py).
The first worker that loads it keeps a snapshot of the database right after; every later
one (the other worker, the other pass, the next run) restores that instead:

- SQLite: the whole database as a file (SQLite's backup API), copied back into the
  worker's database the same way.
- PostgreSQL: the rows of every table `flush` empties (COPY, text format) and the
  position of every sequence, put back into the emptied tables in one transaction. The
  foreign keys Django makes are deferred to the commit, so the order of the tables does
  not matter.

Either way the database is the one the load made: the same rows with the same ids, the
search index's tables included, and sequences where the load left them, so later inserts
get the ids they would have got. What a second load would make differently is only what
differs between any two loads: timestamps and random UUIDs.

The snapshots lie beside the migrated templates (tests/databases.py), in the user's cache.
Their name holds everything the result depends on: the templates' fingerprint (the apps'
code and data, the demo's included; every installed package; Python), this file and
tests/seeding.py (what the load does), the database (PostgreSQL's major version too) and
today's date — `demo_load()` dates offers and opening hours relative to today. A worker
that loads takes a lock first, so the other worker of the pass waits for its snapshot
instead of loading beside it; the snapshot is written under a temporary name and renamed.
"""

import fcntl
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.databases import ROOT, cache_directory, fingerprint

logger = logging.getLogger(__name__)
# What the load does besides the apps' code (which the fingerprint covers).
LOAD_FILES = ("tests/demo_snapshot.py", "tests/seeding.py")
# Snapshots of other code or of earlier days: how many stay besides the current one, and
# for how long at most.
KEPT_OTHERS = 2
STALE_AFTER_SECONDS = 24 * 3600


def demo_in_test_database(*, snapshots: bool = True) -> None:
    """The demo directory, committed in the test database: restored from a snapshot when
    there is one for today and this code, loaded (and kept as the snapshot) otherwise.
    Without `snapshots` (test databases made without migrations) it is always loaded."""
    if not snapshots or connection.vendor not in ("sqlite", "postgresql"):
        _load()
        return
    path = snapshot_path()
    if path.exists() and restore(path):
        return
    with _locked(path):
        # Another worker may have written it while this one waited for the lock.
        if path.exists() and restore(path):
            return
        _load()
        if snapshot_path() == path:  # else past midnight meanwhile: which day's demo?
            _write_atomically(path, keep)
    _remove_stale(path)


def _index_outside_database() -> None:
    """The load also fills an external search engine's index when the tests run with one
    (SEARCH_ENGINE=elasticsearch in the environment; scripts/test.sh runs them on the
    database engine, whose index is in the restored tables): so does a restore."""
    from search.engines import SearchUnavailable, get_database_engine, get_engine

    engine = get_engine()
    if engine.name == get_database_engine().name:
        return
    try:
        engine.rebuild()
    except SearchUnavailable as error:  # as search.services.offers_reindex after a load
        logger.warning("Could not fill %s with the restored demo: %s", engine.name, error)


def _load() -> None:
    from directory.demo import demo_load
    from tests.seeding import seed_after_flush

    call_command("flush", interactive=False, verbosity=0)
    _forget_cached()
    seed_after_flush()
    demo_load()  # indexed when its transaction commits (search.signal_handlers)
    _forget_cached()


def _forget_cached() -> None:
    """What this process (and the database cache) remembers of the database before: the
    search vocabulary, the content types (a flush makes them anew, a restore brings the
    loading worker's), Wagtail's site root paths and the like (Django's cache, a table
    that `flush` leaves alone; the load leaves it empty)."""
    from django.contrib.contenttypes.models import ContentType

    from search.vocabulary import clear_caches

    cache.clear()
    ContentType.objects.clear_cache()
    clear_caches()


def snapshot_path() -> Path:
    digest = hashlib.sha256(fingerprint().encode())
    for name in LOAD_FILES:
        digest.update((ROOT / name).read_bytes())
    database = connection.vendor
    if database == "postgresql":
        database += str(connection.pg_version // 10000)
    digest.update(database.encode())
    today = timezone.localdate().isoformat()
    return cache_directory() / f"demo-{database}-{today}-{digest.hexdigest()[:16]}.snapshot"


def keep(target: Path) -> None:
    """The test database's contents as a snapshot at `target`."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            # The settings' write-ahead log came along; a snapshot is only ever read, and
            # read-only readers of a WAL database leave its -wal and -shm files behind.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        return
    tables = _postgres_tables()
    with connection.cursor() as cursor:
        columns = _postgres_columns(cursor, tables)
        rows = []
        for table in tables:
            data = bytearray()
            with cursor.copy(f"COPY {_quoted(table)} ({columns[table]}) TO STDOUT") as copy:
                for block in copy:
                    data += block
            rows.append(bytes(data))
        sequences = _postgres_sequences(cursor)
    header = {
        "tables": [
            [table, columns[table], len(data)] for table, data in zip(tables, rows, strict=True)
        ],
        "sequences": sequences,
    }
    with target.open("wb") as file:
        file.write(json.dumps(header).encode() + b"\n")
        for data in rows:
            file.write(data)


def restore(source: Path) -> bool:
    """The test database as the snapshot at `source` holds it, and this process's caches
    emptied; False (and the database unchanged) when the snapshot is gone or does not fit
    the database."""
    if not _database_restored(source):
        return False
    _forget_cached()
    _index_outside_database()
    return True


def _database_restored(source: Path) -> bool:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        try:
            # Read-only: a snapshot removed meanwhile is an error, not an empty database.
            snapshot = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        except sqlite3.OperationalError:
            return False
        try:
            snapshot.backup(connection.connection)
        except sqlite3.DatabaseError:
            return False
        finally:
            snapshot.close()
        return True
    try:
        with source.open("rb") as file:
            header = json.loads(file.readline())
            tables = [
                (table, columns, file.read(size)) for table, columns, size in header["tables"]
            ]
    except (OSError, ValueError):
        return False
    if sorted(table for table, _columns, _data in tables) != _postgres_tables():
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"TRUNCATE {', '.join(_quoted(table) for table, _c, _d in tables)}")
            for table, columns, data in tables:
                with cursor.copy(f"COPY {_quoted(table)} ({columns}) FROM STDIN") as copy:
                    copy.write(data)
            for name, value, called in header["sequences"]:
                cursor.execute(
                    "SELECT setval(%s::regclass, %s, %s)", [_quoted(name), value, called]
                )
    except DatabaseError:
        return False
    return True


def _postgres_tables() -> list[str]:
    """The tables `flush` empties: those of the installed models."""
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _postgres_columns(cursor, tables: list[str]) -> dict[str, str]:
    """Each table's stored columns, named (COPY's own order would tie a snapshot to the
    order in which migrations added them)."""
    cursor.execute(
        "SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)"
        " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(%s)"
        " AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
        " GROUP BY c.relname",
        [tables],
    )
    return dict(cursor.fetchall())


def _postgres_sequences(cursor) -> list[list]:
    """Every sequence's position: where the load left it, which for tables whose rows it
    replaced (revisions' parts) is past the highest id."""
    cursor.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
    names = [name for (name,) in cursor.fetchall()]
    if not names:
        return []
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT %s, last_value, is_called FROM {_quoted(name)}" for name in names
        ),
        names,
    )
    return [list(row) for row in cursor.fetchall()]


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One loading worker at a time per snapshot (the lock goes with the process)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(f"{path.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _write_atomically(path: Path, write) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _remove_stale(current: Path) -> None:
    """Snapshots of other code or other days: the newest few stay (other checkouts sharing
    the cache may be using theirs), the others go, and any older than a day."""
    database = current.name.split("-")[1]
    snapshots = current.parent.glob(f"demo-{database}-*.snapshot")
    written = {path: _mtime(path) for path in snapshots if path != current}
    now = time.time()
    for rank, path in enumerate(sorted(written, key=written.get, reverse=True)):
        if rank >= KEPT_OTHERS or now - written[path] > STALE_AFTER_SECONDS:
            for part in path.parent.glob(f"{path.name}*"):  # its lock too
                part.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # another worker removed it meanwhile
        return 0.0

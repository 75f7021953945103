"""Test databases migrated once, then copied.

Migrating an empty database takes about 20 s of CPU (Django renders the model state again
for each of some 60 data migrations, Wagtail's included), and a full run needs one per
pytest worker and pass, plus the task worker's run and the neighbouring instance of the
harvesting test. The first migrated database is kept as a template, keyed by everything a
migration can depend on; later ones are copies:

- SQLite: a file in the user's cache, copied into the worker's in-memory database
  (SQLite's backup API).
- PostgreSQL: a template database in the same cluster (`CREATE DATABASE … TEMPLATE …`).

`python -m tests.databases [postgres://…]` makes the template ahead of time;
scripts/test.sh does so while the services boot.

A copy is the same database the migrations make: the same tables, the same seeded
vocabularies, groups and pages. Any change to a migration, to the code and data files
of the project's apps or to an installed package gives a new key, so a stale template is
never used.
"""

import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What migrations may read: the apps' code and data (the data migrations import roles,
# read word lists and compiled translations), and every installed package's migrations.
APP_DIRECTORIES = ("config", "cms", "directory", "search", "opendata", "locale")
SOURCE_SUFFIXES = {".py", ".json", ".mo", ".txt", ".csv", ".toml"}


def cache_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "praeventionskette" / "test-databases"


@cache
def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in APP_DIRECTORIES:
        for path in sorted((ROOT / name).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    packages = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in distributions())
    digest.update("\n".join(packages).encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def sqlite_template() -> Path:
    return cache_directory() / f"sqlite-{fingerprint()}.sqlite3"


def _postgres_template() -> str:
    return f"test_template_{fingerprint()}"


@contextmanager
def migrated_once(*, enabled: bool = True) -> Iterator[None]:
    """While active, test databases are copied from a template when there is one (and
    the first one migrated becomes the template). Not with `--no-migrations` (enabled
    False), whose databases are made differently."""
    if not enabled:
        yield
        return
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.create_test_db

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        vendor = self.connection.vendor
        migrates = self.connection.settings_dict["TEST"].get("MIGRATE", True)
        if keepdb or not migrates or vendor not in ("sqlite", "postgresql"):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        if vendor == "sqlite" and not self.is_in_memory_db(self._get_test_db_name()):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        if _template_exists(self.connection):
            return _copy_of_template(self, serialize)
        name = original(self, verbosity, autoclobber, serialize, keepdb)
        _keep_as_template(self.connection)
        return name

    BaseDatabaseCreation.create_test_db = create_test_db
    try:
        yield
    finally:
        BaseDatabaseCreation.create_test_db = original


def _template_exists(connection) -> bool:
    if connection.vendor == "sqlite":
        return sqlite_template().exists()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_postgres_template()])
        return cursor.fetchone() is not None


def _copy_of_template(creation, serialize: bool) -> str:
    """What `create_test_db` does, with a copy instead of the migrations."""
    from django.conf import settings

    connection = creation.connection
    name = creation._get_test_db_name()
    connection.close()
    if connection.vendor == "postgresql":
        quoted = connection.ops.quote_name
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted(name)}")
            template = quoted(_postgres_template())
            cursor.execute(f"CREATE DATABASE {quoted(name)} TEMPLATE {template}")
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(sqlite_template())
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()
    return name


def _keep_as_template(connection) -> None:
    """Store the freshly migrated test database as the template (once: when two workers
    migrate at the same time, the second finds the template there and keeps nothing)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        _write_sqlite_template(lambda target: connection.connection.backup(target))
        return
    from django.db.utils import DatabaseError

    name = connection.settings_dict["NAME"]
    quoted = connection.ops.quote_name
    connection.close()  # a template must have no other session
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'test_template_%%'"
            " AND datname NOT LIKE '%%_making_%%' AND datname <> %s",
            [_postgres_template()],
        )
        for (stale,) in cursor.fetchall():
            with suppress(DatabaseError):
                cursor.execute(f"DROP DATABASE {quoted(stale)}")
        template = quoted(_postgres_template())
        with suppress(DatabaseError):  # another worker was quicker
            cursor.execute(f"CREATE DATABASE {template} TEMPLATE {quoted(name)}")


def _write_sqlite_template(write) -> None:
    target = sqlite_template()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    destination = sqlite3.connect(partial)
    try:
        write(destination)
    finally:
        destination.close()
    os.replace(partial, target)
    for stale in target.parent.glob("sqlite-*.sqlite3"):
        if stale != target:
            stale.unlink(missing_ok=True)


def sqlite_file_from_template(target: Path) -> bool:
    """A migrated SQLite database file at `target` from the template, if there is one."""
    template = sqlite_template()
    if not template.exists():
        return False
    source = sqlite3.connect(template)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
    return True


def _migrate(database_url: str) -> None:
    """Migrate an empty database as pytest-django makes a test database: the migrations,
    then the cache table."""
    import subprocess

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["DATABASE_URL"] = database_url
    code = (
        "from django.core.management import call_command; "
        "call_command('migrate', verbosity=0, interactive=False, run_syncdb=True); "
        "call_command('createcachetable', verbosity=0)"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
    )


def make_sqlite_template() -> None:
    target = sqlite_template()
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    migrated = target.with_name(f"{target.name}.{os.getpid()}.migrating")
    _migrate(f"sqlite:///{migrated}")
    os.replace(migrated, target)


def make_postgres_template(database_url: str) -> None:
    """The template database in the cluster of `database_url` (migrated under another
    name, then renamed: a half-made template is never found)."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(database_url)
    server = {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "user": parts.username,
        "password": parts.password,
        "dbname": "postgres",
        "autocommit": True,
    }
    template = _postgres_template()
    building = f"{template}_making_{os.getpid()}"
    with psycopg.connect(**server) as connection:
        if connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [template]
        ).fetchone():
            return
        connection.execute(f'CREATE DATABASE "{building}"')
    _migrate(parts._replace(path=f"/{building}").geturl())
    with psycopg.connect(**server) as connection:
        try:
            connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        except psycopg.errors.DuplicateDatabase:  # pytest made one meanwhile
            connection.execute(f'DROP DATABASE "{building}"')
        stale = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'test_template_%%'"
            " AND datname NOT LIKE '%%_making_%%' AND datname <> %s",
            [template],
        ).fetchall()
        for (name,) in stale:  # templates of earlier code
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    # python -m tests.databases [postgres://…]: make the template ahead of time.
    if len(sys.argv) > 1:
        make_postgres_template(sys.argv[1])
    else:
        make_sqlite_template()

"""pytest plugin for the database-dependent mutation runs (scripts/mutation.py).

mutmut starts a pytest session for every mutant; migrating a fresh test database each
time (about 20 s) would cost more than the tests. Instead the first session migrates one
SQLite file, the template, and every session works on a copy of it (milliseconds), which
is thrown away at its end: mutants running side by side never share a database.

Loaded only with `-p tests.mutation_database` and the template path in
MUTATION_DATABASE_TEMPLATE; the ordinary test runs never see it.
"""

import os
import shutil
import types
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections


def _use(path: Path) -> None:
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = str(path)


def pytest_configure(config):
    # Registered after pytest-django's plugin, so this django_db_setup replaces its own.
    plugin = types.ModuleType("mutation_template_database")
    plugin.django_db_setup = pytest.fixture(scope="session", name="django_db_setup")(
        _session_database
    )
    config.pluginmanager.register(plugin)


def _session_database(django_db_blocker):
    """One pytest session's database: a fresh copy of the migrated template."""
    template = Path(os.environ["MUTATION_DATABASE_TEMPLATE"])
    assert connections["default"].vendor == "sqlite", "mutation runs use SQLite (DATABASE_URL)"
    with django_db_blocker.unblock():
        if not template.exists():
            _use(template)
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
        copy = template.with_name(f"session-{uuid.uuid4().hex}.sqlite3")
        connections["default"].close()
        shutil.copyfile(template, copy)
        _use(copy)
    yield
    with django_db_blocker.unblock():
        connections["default"].close()
    copy.unlink(missing_ok=True)

"""The demo directory's snapshot (tests/demo_snapshot.py): a restore is the loaded demo."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import search.engines
from directory.models import Offer, Provider
from tests import demo_snapshot
from tests.seeding import seed_after_flush


def _contents() -> dict:
    """Every table's rows and every sequence's position, as a later test would meet them
    (but Django's cache: a restore empties it, as anything may)."""
    quoted = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == "django_cache":
                continue
            cursor.execute(f"SELECT * FROM {quoted(table)}")
            found[table] = sorted(map(repr, cursor.fetchall()))
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
            found["sequences"] = sorted(cursor.fetchall())
        else:
            cursor.execute(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
            )
            sequences = []
            for (name,) in cursor.fetchall():
                cursor.execute(f"SELECT last_value, is_called FROM {quoted(name)}")
                sequences.append((name, *cursor.fetchone()))
            found["sequences"] = sorted(sequences)
    return found


class ExternalEngine:
    """Stands in for Elasticsearch when the tests run with it (SEARCH_ENGINE)."""

    name = "elasticsearch"

    def __init__(self):
        self.offers_indexed: list[int] = []

    def rebuild(self, **kwargs) -> int:
        self.offers_indexed = list(Offer.objects.published().values_list("pk", flat=True))
        return len(self.offers_indexed)


def test_a_restored_demo_is_the_one_kept(demo_directory, django_db_blocker, tmp_path, monkeypatch):
    """Not in a rolled-back transaction like the demo's other tests: a restore replaces
    committed data (SQLite's backup API refuses a database inside a transaction). It
    leaves the demo as it found it, or the demo's later tests fail too."""
    snapshot = tmp_path / "demo.snapshot"
    with django_db_blocker.unblock():
        kept = _contents()
        demo_snapshot.keep(snapshot)
        # What another worker's database holds before: every table emptied (sequences
        # reset), then other data in some.
        call_command("flush", interactive=False, verbosity=0)
        seed_after_flush()
        Provider.objects.create(name="Nach dem Schnappschuss")
        assert _contents() != kept
        external = ExternalEngine()
        monkeypatch.setattr(search.engines, "get_engine", lambda: external)

        assert demo_snapshot.restore(snapshot)

        assert _contents() == kept
        # The load fills an external engine's index too (on commit): so does a restore.
        assert len(external.offers_indexed) == Offer.objects.published().count() >= 150


@pytest.mark.django_db
def test_a_snapshot_of_today_is_not_used_tomorrow(monkeypatch):
    """The demo dates offers relative to the day it is loaded (last verified, the
    Christmas closure's year): another day is another snapshot."""
    today = timezone.localdate()
    name_today = demo_snapshot.snapshot_path().name
    monkeypatch.setattr(timezone, "localdate", lambda: today + datetime.timedelta(days=1))

    assert demo_snapshot.snapshot_path().name != name_today

"""Search insights: weekly counts only, thresholds that hide single searches, a chart,
and one-click actions for searches without results."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from search.insights import Kind, insights_prune, top_values, week_of
from search.models import SearchWeekCount

pytestmark = pytest.mark.django_db
RESULTS = "/de/angebote/"
REPORT = "/admin/reports/search/"


def counts(kind: str) -> dict[str, int]:
    return dict(SearchWeekCount.objects.filter(kind=kind).values_list("value", "count"))


def test_results_page_counts_terms_filters_and_empty_searches(client, indexed_directory):
    client.get(RESULTS, {"q": "Hebamme"})
    client.get(RESULTS, {"q": " hebamme  ", "life_stage": "infant"})
    client.get(RESULTS, {"q": "Zahnspange"})
    client.get(RESULTS, {"near": "50.7753,6.0839", "radius_km": "50", "q": "Hebamme"})
    client.get(RESULTS, {"q": "Hebamme", "page": "2"})  # paging is the same search

    assert counts(Kind.SEARCH) == {"": 4}
    assert counts(Kind.TERM) == {"hebamme": 3, "zahnspange": 1}
    assert counts(Kind.FILTER) == {"life_stage=infant": 1, "near": 1}
    assert counts(Kind.ZERO) == {"zahnspange": 1}
    assert set(SearchWeekCount.objects.values_list("week", flat=True)) == {
        week_of(timezone.localdate())
    }
    stored = " ".join(SearchWeekCount.objects.values_list("value", flat=True))
    assert "50.77" not in stored  # never a position


def test_rare_and_short_terms_are_not_shown():
    week = week_of(timezone.localdate())
    for value, count in [("kita", 5), ("ab", 9), ("zahnarzt", 2), ("logopaedie", 3)]:
        SearchWeekCount.objects.create(week=week, kind=Kind.ZERO, value=value, count=count)
    assert [(r.value, r.count) for r in top_values(Kind.ZERO)] == [("kita", 5), ("logopaedie", 3)]


def test_report_draws_the_chart_and_offers_actions(client, superuser):
    this_week = week_of(timezone.localdate())
    for weeks_ago, searches, zero in [(2, 40, 6), (1, 55, 4), (0, 30, 3)]:
        week = this_week - datetime.timedelta(weeks=weeks_ago)
        SearchWeekCount.objects.create(week=week, kind=Kind.SEARCH, value="", count=searches)
        SearchWeekCount.objects.create(week=week, kind=Kind.ZERO, value="", count=zero)
    SearchWeekCount.objects.create(week=this_week, kind=Kind.ZERO, value="logopaedie", count=3)
    client.force_login(superuser)

    html = client.get(REPORT).content.decode()

    assert html.count("<polyline") == 2 and 'role="img"' in html
    assert "<td>logopaedie</td><td>3</td>" in html
    synonym = "/admin/snippets/directory_search/synonymgroup/add/?terms=logopaedie"
    assert synonym in html
    assert "/admin/snippets/directory/offer/add/?name=logopaedie" in html
    form = client.get(synonym).content.decode()
    assert "\nlogopaedie</textarea>" in form
    offer_form = client.get("/admin/snippets/directory/offer/add/?name=logopaedie").content
    assert b'value="logopaedie"' in offer_form


def test_only_editors_see_the_report(client, django_user_model):
    from django.contrib.auth.models import Permission

    guest = django_user_model.objects.create_user("gast", "g@example.org", "pw")
    guest.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(guest)
    assert client.get(REPORT)["Location"] == "/admin/"


@pytest.fixture
def old_and_recent_counts(settings):
    settings.SEARCH_INSIGHTS_RETENTION_DAYS = 30
    today = timezone.localdate()
    for days_ago, value in [(60, "alt"), (45, "älter als 30 Tage"), (0, "neu")]:
        week = week_of(today - datetime.timedelta(days=days_ago))
        SearchWeekCount.objects.create(week=week, kind=Kind.TERM, value=value, count=4)


def test_counts_older_than_the_retention_are_deleted(old_and_recent_counts):
    assert insights_prune() == 2
    assert list(SearchWeekCount.objects.values_list("value", flat=True)) == ["neu"]
    assert insights_prune() == 0


def test_the_daily_command_deletes_them_and_says_how_many(old_and_recent_counts):
    out = io.StringIO()
    call_command("prune_search_insights", stdout=out)
    assert list(SearchWeekCount.objects.values_list("value", flat=True)) == ["neu"]
    assert out.getvalue().startswith("2 ")
    assert "30" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_results_pages_answer_while_an_import_holds_the_sqlite_write_lock(tmp_path):
    """SQLite has one write lock per file. An import holding it for longer than a page
    may wait must not turn the insights counter into a 500 ("database is locked")."""
    import sqlite3
    import threading
    import urllib.error
    import urllib.request

    from tests.processes import gunicorn, sqlite_file_copy
    from tests.search.fixtures import create_search_directory

    create_search_directory()
    call_command("rebuild_search_index", stdout=io.StringIO())
    database = sqlite_file_copy(tmp_path / "site.sqlite3")
    holding, done = threading.Event(), threading.Event()

    def long_import():  # what an import's transaction does to the lock, for 7 s
        writer = sqlite3.connect(database, isolation_level=None, timeout=30)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE directory_offer SET name = name")
        holding.set()
        done.wait(7)
        writer.execute("COMMIT")
        writer.close()

    def status(url: str) -> int:
        try:
            with urllib.request.urlopen(url, timeout=90) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with gunicorn(database) as site:
        writer = threading.Thread(target=long_import)
        writer.start()
        holding.wait(10)
        try:
            during = [status(f"{site}/de/angebote/?q=Beratung{n}") for n in range(4)]
        finally:
            done.set()
            writer.join()
        after = status(f"{site}/de/angebote/?q=Hebamme")

    assert during == [200, 200, 200, 200]
    assert after == 200
    reader = sqlite3.connect(database)
    counted = dict(
        reader.execute(
            "SELECT value, count FROM directory_search_searchweekcount WHERE kind = 'term'"
        )
    )
    reader.close()
    assert counted.get("hebamme") == 1  # once the lock is free, searches are counted again

"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import os
import shutil
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import setup_databases, teardown_databases
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Site
from wagtail.rich_text import RichText

from cms.models import ContentPage
from directory.demo import demo_data
from directory.models import District, FreshnessReminder
from directory.services.freshness import reminder_token
from search.engines.database import DatabaseEngine
from tests.search.fixtures import create_search_directory
from tests.seeding import seed_after_flush

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls
# (fixtures) are still synchronous and safe, Django just cannot tell.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing: `make test` installs Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} missing; `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def public_server(django_db_setup, django_db_blocker):
    """A live server (as pytest-django's `live_server`) for this worker's browser tests.

    Not `live_server` itself: that makes every test transactional, flushing and re-seeding
    the database after each one (seconds per test). The browser tests share committed
    data instead (`site`) and must leave it as they found it; they run after the tests
    that use rolled-back transactions (pytest-django orders tests without `db` last), so
    those never see it.
    """
    with _test_database(django_db_blocker):
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        yield server
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            _end_other_sessions()


def _end_other_sessions() -> None:
    """End every other session of this worker's test database (PostgreSQL).

    Playwright's sync API runs an event loop in the test thread, and Django keeps its
    connections per async context: ORM calls of the browser fixtures left a session open
    that no connection handler of the main context knows, so dropping the test database
    at the end failed ("being accessed by other users"). Each worker has a database of
    its own, so no other process's session is ended."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@contextmanager
def _test_database(django_db_blocker):
    """The test database, also when only browser tests run (`make screenshots`).

    pytest-django creates it for the tests that ask for `db`; browser tests do not (see
    `public_server`), so when no such test is in the run it is created here.
    """
    name = str(connection.settings_dict["NAME"])
    if name.startswith("test_") or "mode=memory" in name:  # pytest-django made it
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def site(public_server, django_db_blocker):
    """The live server with the search fixture directory, indexed, once per worker."""
    with django_db_blocker.unblock():
        if not Site.objects.exists():
            seed_after_flush()
        offers = create_search_directory()
        for district in demo_data()["districts"]:  # the demo's outlines, for the maps
            District.objects.filter(name=district["name"]).update(outline=district["outline"])
        DatabaseEngine().rebuild()
        public_server.offers = offers
        public_server.content_path = _content_page().url_path.removeprefix("/home")
        reminder = FreshnessReminder.objects.create(
            offer=offers["Jugendberufsagentur"], sent_to="jba@example.org"
        )
        public_server.freshness_path = f"/aktuell/{reminder_token(reminder)}/"
        yield public_server


def _content_page() -> ContentPage:
    home = Site.objects.get(is_default_site=True).root_page
    return home.add_child(
        instance=ContentPage(
            title="Über uns",
            slug="ueber-uns",
            intro="Wer hinter diesem Verzeichnis steht.",
            body=[
                ("heading", "Kontakt"),
                ("paragraph", RichText("<p>Schreiben Sie uns: <b>familie@example.org</b></p>")),
            ],
        )
    )


def settle(page) -> None:
    """Wait until a page is ready to inspect: loaded, its web fonts in, the map drawn.

    Explicit conditions instead of `networkidle`, which waits for half a second of network
    silence on every page.
    """
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    if page.locator("#map-data").count():
        page.wait_for_selector("#interactive-map.leaflet-container")


@pytest.fixture(scope="session")
def demo_site(public_server, demo_directory, django_db_blocker):
    """The live server with the demo directory (Aachen), as `make run` shows it, loaded
    once per worker: the editors' journeys, the reflow walk and the screenshots share it
    (each journey removes what an earlier one created; the others only read). The tests
    read and change the committed data directly, as the server does."""
    with django_db_blocker.unblock():
        yield public_server


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser):
    context = browser.new_context(viewport=request.param, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    """One desktop page, for flows whose layout does not matter."""
    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    yield context.new_page()
    context.close()

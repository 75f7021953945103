"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from search.engines.database import DatabaseEngine
from tests.search.fixtures import create_search_directory

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


@pytest.fixture
def site(live_server):
    """The live server with the search fixture directory, indexed.

    Tests using it need `django_db(transaction=True, serialized_rollback=True)`: the live
    server needs committed data, so the database is flushed afterwards, and serialized
    rollback restores what the migrations seeded (site tree, life stages …).
    """
    offers = create_search_directory()
    DatabaseEngine().rebuild()
    live_server.offers = offers
    return live_server


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser):
    context = browser.new_context(viewport=request.param, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()

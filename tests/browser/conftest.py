"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import importlib
import os
import shutil

import pytest
from playwright.sync_api import sync_playwright
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from directory.demo import demo_data, demo_load
from directory.models import District
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


def _seed_after_flush() -> None:
    """What migrations seed, put back after a transactional test flushed the database.

    Uses the data migrations' own functions for the vocabularies, so the data is the same.
    """
    from django.apps import apps

    seed_taxonomies = importlib.import_module("directory.migrations.0002_seed_taxonomies")
    seed_synonyms = importlib.import_module("search.migrations.0002_default_synonyms")
    seed_taxonomies.seed(apps, None)
    seed_synonyms.create(apps, None)
    Locale.objects.get_or_create(language_code="de")
    root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(
        instance=HomePage(title="Hilfe und Unterstützung für Familien", slug="home")
    )
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Präventionskette",
    )
    life_stage_pages = importlib.import_module("cms.migrations.0006_create_life_stage_pages")
    life_stage_pages.create_life_stage_pages(apps, None)
    help_contacts = importlib.import_module("cms.migrations.0004_default_help_contacts")
    help_contacts.create(apps, None)
    translations = importlib.import_module("cms.migrations.0008_seed_translations")
    translations.seed(apps, None)


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the search fixture directory, indexed.

    The live server needs committed data, so each test flushes the database afterwards;
    the next test seeds it again.
    """
    if not Site.objects.exists():
        _seed_after_flush()
    offers = create_search_directory()
    for district in demo_data()["districts"]:  # the demo's outlines, for the maps
        District.objects.filter(name=district["name"]).update(outline=district["outline"])
    DatabaseEngine().rebuild()
    live_server.offers = offers
    return live_server


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the demo directory (Aachen), as `make run` shows it."""
    if not Site.objects.exists():
        _seed_after_flush()
    demo_load()
    DatabaseEngine().rebuild()
    return live_server


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

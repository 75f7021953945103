"""The data migrations seed, put back into a flushed test database."""

import importlib

from wagtail.models import Locale, Page, Site

from cms.models import HomePage


def seed_after_flush() -> None:
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

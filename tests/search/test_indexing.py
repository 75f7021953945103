"""The index follows the directory: publish, unpublish, delete, and edits of related data."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils.text import slugify

from directory.interchange.csv_import import offers_import_csv
from search.engines.database import DatabaseEngine
from search.query import SearchQuery
from tests.directory.csv_helpers import csv_bytes, row
from tests.factories import draft_offer

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return [hit.name for hit in DatabaseEngine().search(SearchQuery(text=text)).results]


def test_publishing_makes_an_offer_findable_and_unpublishing_removes_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = draft_offer(name="Stillcafé Ost")
    assert found("Stillcafé") == []

    with django_capture_on_commit_callbacks(execute=True):
        offer.latest_revision.publish()
    assert found("Stillcafé") == ["Stillcafé Ost"]

    offer.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        offer.unpublish()
    assert found("Stillcafé") == []


def test_offers_published_in_one_transaction_are_all_found_after_it(
    django_capture_on_commit_callbacks,
):
    # One reindex for the whole transaction (search.signal_handlers): none may be left out.
    names = ["Stillcafé Ost", "Stillcafé West", "Stillcafé Süd"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for name in names:
            draft_offer(name=name, slug=slugify(name)).latest_revision.publish()
    assert sorted(found("Stillcafé")) == sorted(names)
    reindexes = [hook for hook in callbacks if getattr(hook, "__name__", "") == "reindex"]
    assert len(reindexes) == 1


def test_a_rolled_back_publish_does_not_keep_later_ones_out_of_the_index(
    django_capture_on_commit_callbacks,
):
    class Abandon(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Abandon), transaction.atomic():
            draft_offer(name="Stillcafé Nord", slug="nord").latest_revision.publish()
            raise Abandon  # its on-commit callback is discarded with the savepoint
        draft_offer(name="Stillcafé Ost").latest_revision.publish()
    assert found("Stillcafé") == ["Stillcafé Ost"]


def test_deleting_an_offer_removes_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        offer = draft_offer(name="Stillcafé Ost")
        offer.latest_revision.publish()
    with django_capture_on_commit_callbacks(execute=True):
        offer.delete()
    assert found("Stillcafé") == []


def test_editing_a_live_offer_changes_the_index_only_when_published(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = draft_offer(name="Stillcafé Ost")
        offer.latest_revision.publish()
    offer.name = "Zwillingstreff Ost"
    with django_capture_on_commit_callbacks(execute=True):
        revision = offer.save_revision()
    assert found("Zwillingstreff") == [] and found("Stillcafé") == ["Stillcafé Ost"]
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert found("Zwillingstreff") == ["Zwillingstreff Ost"] and found("Stillcafé") == []


def test_renaming_the_provider_updates_its_offers(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        offer = draft_offer(name="Stillcafé Ost")
        offer.latest_revision.publish()
    provider = offer.provider
    provider.name = "Lichtblick Familienzentren"
    with django_capture_on_commit_callbacks(execute=True):
        provider.save()
    assert found("Lichtblick") == ["Stillcafé Ost"]
    hit = DatabaseEngine().search(SearchQuery(text="Lichtblick")).results[0]
    assert hit.provider == "Lichtblick Familienzentren"


def test_imported_and_published_offers_are_indexed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        offers_import_csv(file=csv_bytes(row()), publish=True)
    assert found("Hebammensprechstunde") == ["Hebammensprechstunde Ost"]


def test_rebuild_command_reports_documents(capsys):
    call_command("generate_offers", "25", "--seed", "4")
    call_command("rebuild_search_index")
    assert "database: 25 Dokumente indiziert" in capsys.readouterr().out
    assert DatabaseEngine().search(SearchQuery()).count == 25

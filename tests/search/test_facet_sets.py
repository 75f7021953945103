"""The database engine keeps facet values per combination that offers share
(SearchFacetSet): counts and filters must follow an offer whose values change. And a
rebuild leaves its index readable from the index alone (PostgreSQL)."""

import threading
import time

import psycopg
import pytest
from django.db import connection

from search.engines.database import DatabaseEngine, _wait_for_older_transactions
from search.models import SearchFacetSet
from search.query import SearchQuery
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def stage_counts(**filters) -> dict[str, int]:
    facets = DatabaseEngine().search(SearchQuery(**filters)).facets
    return {value.value: value.count for value in facets["life_stage"]}


def test_offers_with_the_same_values_share_one_combination():
    offers = [OfferFactory(life_stages=["infant"]) for _ in range(3)]
    DatabaseEngine().index_offers(offer.pk for offer in offers)
    assert SearchFacetSet.objects.count() == 1
    assert stage_counts() == {"infant": 3}


def test_an_offer_whose_life_stage_changes_is_counted_and_found_under_the_new_one_only():
    first, second = OfferFactory(life_stages=["infant"]), OfferFactory(life_stages=["infant"])
    engine = DatabaseEngine()
    engine.index_offers([first.pk, second.pk])

    second.life_stages.set(second.life_stages.model.objects.filter(code="secondary"))
    second.save()  # parental relations are written with the offer
    engine.index_offers([second.pk])

    assert stage_counts() == {"infant": 1, "secondary": 1}
    found = engine.search(SearchQuery(life_stages=("secondary",))).results
    assert [hit.name for hit in found] == [second.name]
    # The combination the second offer left still holds the first: nothing was lost.
    assert [hit.name for hit in engine.search(SearchQuery(life_stages=("infant",))).results] == [
        first.name
    ]


def test_a_combination_no_offer_uses_any_more_is_neither_counted_nor_found():
    offer = OfferFactory(life_stages=["pregnancy"])
    engine = DatabaseEngine()
    engine.index_offers([offer.pk])
    offer.life_stages.set(offer.life_stages.model.objects.filter(code="primary"))
    offer.save()
    engine.index_offers([offer.pk])

    assert SearchFacetSet.objects.count() == 2  # the old one waits for the next rebuild
    assert stage_counts() == {"primary": 1}
    assert engine.search(SearchQuery(life_stages=("pregnancy",))).count == 0
    engine.rebuild()
    assert SearchFacetSet.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="VACUUM and other transactions' snapshots are PostgreSQL's; SQLite has neither",
)
def test_a_rebuild_waits_for_transactions_that_began_before_it_ended():
    # A snapshot held by another session (autovacuum's ANALYZE after a large import, in
    # practice) keeps VACUUM from marking the rebuilt index visible to all; the rebuild
    # waits for it to end before it vacuums.
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
        autocommit=True,
    )
    other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    other.execute("SELECT COUNT(*) FROM directory_offer")  # takes the snapshot
    ended = []

    def end_later():
        time.sleep(0.5)
        ended.append(time.monotonic())
        other.execute("COMMIT")

    ender = threading.Thread(target=end_later)
    ender.start()
    _wait_for_older_transactions(timeout_s=30)
    returned = time.monotonic()
    ender.join()
    other.close()
    assert ended and ended[0] <= returned

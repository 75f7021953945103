"""What only the Elasticsearch engine has: the alias swap, incremental updates, the fallback.

These need a node (started by `make test`); the contract suite covers the search itself.
"""

import logging
import socket
import threading

import pytest
from django.core.checks import run_checks

from search.engines import SearchUnavailable, get_engine
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import SearchQuery
from search.services import offer_search
from tests.factories import draft_offer
from tests.search.fixtures import create_search_directory

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


def test_rebuild_swaps_the_alias_and_searches_keep_working_meanwhile(elasticsearch_engine):
    create_search_directory()
    engine = elasticsearch_engine
    engine.rebuild()
    [first_index] = engine._indices_behind_alias()
    during: list[int] = []

    def search_while_indexing(documents):
        for number, document in enumerate(documents):
            if number == 3:  # the new index is half full; the alias still shows the old one
                during.append(engine.search(SearchQuery()).count)
            yield document

    assert engine.rebuild(progress=search_while_indexing) == 12
    [second_index] = engine._indices_behind_alias()
    assert during == [12]
    assert second_index != first_index
    assert not engine.client.indices.exists(index=first_index)
    assert engine.search(SearchQuery()).count == 12


def test_a_failed_rebuild_leaves_the_live_index_and_no_half_built_one(elasticsearch_engine):
    create_search_directory()
    engine = elasticsearch_engine
    engine.rebuild()
    indices_before = set(engine.client.indices.get(index=f"{engine.alias}-*"))

    class Interrupted(Exception):
        pass

    def interrupted_after_three(documents):
        for number, document in enumerate(documents):
            if number == 3:
                raise Interrupted
            yield document

    with pytest.raises(Interrupted):
        engine.rebuild(progress=interrupted_after_three)
    assert set(engine.client.indices.get(index=f"{engine.alias}-*")) == indices_before
    assert engine.search(SearchQuery()).count == 12


def test_publish_and_unpublish_update_elasticsearch_after_commit(
    configured_elasticsearch, django_capture_on_commit_callbacks
):
    engine = configured_elasticsearch
    engine.rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        offer = draft_offer(name="Stillcafé Ost")
        offer.latest_revision.publish()
    assert [hit.name for hit in engine.search(SearchQuery(text="Stillcafe")).results] == [
        "Stillcafé Ost"
    ]
    offer.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        offer.unpublish()
    assert engine.search(SearchQuery(text="Stillcafe")).count == 0


def test_first_publish_creates_the_index_when_none_exists(
    configured_elasticsearch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft_offer(name="Stillcafé Ost").latest_revision.publish()
    assert configured_elasticsearch.search(SearchQuery()).count == 1


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers: a hanging cluster."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    connections = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connections.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in connections:
        connection.close()
    server.close()


@pytest.mark.parametrize("failure", ["refused", "timeout"])
def test_unreachable_elasticsearch_falls_back_to_the_database(
    settings, client, caplog, failure, request
):
    create_search_directory()
    DatabaseEngine().rebuild()
    port = _dead_port() if failure == "refused" else request.getfixturevalue("silent_server")
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.SEARCH_TIMEOUT_SECONDS = 0.5
    get_engine.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="search.services"):
            response = client.get("/api/v1/search/", {"q": "Beratung"})
    finally:
        get_engine.cache_clear()

    assert response.status_code == 200
    body = response.json()
    assert body["engine"] == "database"
    assert body["count"] > 0
    assert "unavailable, answering from the database" in caplog.text


def test_publishing_still_works_when_elasticsearch_is_down(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_dead_port()}"
    get_engine.cache_clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            draft_offer(name="Stillcafé Ost").latest_revision.publish()
    finally:
        get_engine.cache_clear()
    assert "Could not update elasticsearch" in caplog.text
    # The database index is current, so the fallback finds the new offer.
    assert DatabaseEngine().search(SearchQuery(text="Stillcafé")).count == 1


def test_unreachable_cluster_is_reported_as_unavailable():
    engine = ElasticsearchEngine(
        url=f"http://127.0.0.1:{_dead_port()}", index_prefix="x", timeout=1
    )
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery())


@pytest.mark.parametrize(
    ("overrides", "error_id"),
    [
        ({"SEARCH_ENGINE": "solr"}, "search.E001"),
        ({"SEARCH_ENGINE": "elasticsearch", "ELASTICSEARCH_URL": ""}, "search.E002"),
        ({"SEARCH_TIMEOUT_SECONDS": 0}, "search.E003"),
    ],
)
def test_system_checks_report_a_misconfigured_engine(settings, overrides, error_id):
    for name, value in overrides.items():
        setattr(settings, name, value)
    assert error_id in {message.id for message in run_checks()}


def test_offer_search_uses_the_configured_engine(configured_elasticsearch):
    create_search_directory()
    configured_elasticsearch.rebuild()
    assert offer_search(query=SearchQuery()).engine == "elasticsearch"

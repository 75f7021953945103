"""The circuit breaker around Elasticsearch: a hung or refused node costs one wait, not many.

The hung node is a real TCP server on 127.0.0.1 that accepts connections and never
answers; every request the engine sends to it opens a new connection (the client drops
a connection that timed out), so the number of accepted connections is the number of
times a page waited for the engine.
"""

import socket
import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command

from search.breaker import Decision, EngineBreaker, breaker_for
from search.engines import get_engine
from search.engines.database import DatabaseEngine
from search.query import SearchQuery
from search.services import offer_search
from tests.search.fixtures import create_search_directory

pytestmark = pytest.mark.django_db

# Nothing matches this text, so the results page asks again per filter chip and for the
# neighbouring districts and life stages.
EMPTY_RESULTS = {"q": "Quarkstrudel", "district": "mitte", "life_stage": "pregnancy", "free": "1"}


class HungNode:
    """Accepts every connection and never says a word."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.server.settimeout(0.05)
        self.connections: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def _accept(self):
        while not self.stop.is_set():
            try:
                self.connections.append(self.server.accept()[0])
            except OSError:
                continue

    def close(self):
        self.stop.set()
        self.thread.join()
        for connection in self.connections:
            connection.close()
        self.server.close()


@pytest.fixture
def hung_site(settings):
    """The site configured for an Elasticsearch node that hangs."""
    create_search_directory()
    DatabaseEngine().rebuild()
    node = HungNode()
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = node.url
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_TIMEOUT_SECONDS = 0.3
    settings.SEARCH_BREAKER_COOLDOWN_SECONDS = 30
    get_engine.cache_clear()
    yield node
    get_engine.cache_clear()
    node.close()


def _connections_after(node: HungNode, before: int) -> int:
    time.sleep(0.1)  # let the accepting thread catch up
    return len(node.connections) - before


def test_an_empty_results_page_waits_for_a_hung_engine_only_once(client, hung_site):
    response = client.get("/de/angebote/", EMPTY_RESULTS)

    assert response.status_code == 200
    assert response.context["response"].count == 0
    # The page ran an extra search per filter chip and per neighbour (all empty here,
    # since the words match nothing anywhere), and still connected to the node once.
    assert len([chip for chip in response.context["chips"] if not chip.is_text]) >= 2
    assert _connections_after(hung_site, 0) == 1


def test_during_the_cool_down_no_request_waits_for_the_engine(client, hung_site):
    client.get("/api/v1/search/", {"q": "Beratung"})
    started = time.monotonic()
    responses = [client.get("/api/v1/search/", {"q": "Beratung"}) for _ in range(5)]
    elapsed = time.monotonic() - started

    assert [r.json()["engine"] for r in responses] == ["database"] * 5
    assert all(r.json()["count"] > 0 for r in responses)
    assert _connections_after(hung_site, 0) == 1
    assert elapsed < 0.3 * 5  # none of them waited the timeout


def test_after_the_cool_down_one_request_probes_again(client, hung_site, settings):
    settings.SEARCH_BREAKER_COOLDOWN_SECONDS = 0.5
    client.get("/api/v1/search/", {"q": "Beratung"})
    time.sleep(0.6)
    client.get("/api/v1/search/", {"q": "Beratung"})  # the probe: waits, fails, reopens
    client.get("/api/v1/search/", {"q": "Beratung"})

    assert _connections_after(hung_site, 0) == 2


def test_a_refused_connection_opens_the_breaker_too(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    get_engine.cache_clear()
    try:
        create_search_directory()
        DatabaseEngine().rebuild()
        assert offer_search(query=SearchQuery()).engine == "database"
        assert breaker_for(get_engine().breaker_key).decide() is Decision.SKIP
    finally:
        get_engine.cache_clear()


def test_the_breaker_state_is_shared_through_the_database_cache(settings):
    """Two workers are two processes: each has its own breaker object, one shared cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_breaker_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    key = f"elasticsearch:{uuid.uuid4().hex}"
    first_worker, second_worker = EngineBreaker(key), EngineBreaker(key)
    assert second_worker.decide() is Decision.ASK

    first_worker.failed(TimeoutError("timed out"))

    assert caches["default"].get(first_worker.key) is not None
    assert second_worker.decide() is Decision.SKIP


def test_a_probe_that_succeeds_closes_the_breaker(settings, elasticsearch_url):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_BREAKER_COOLDOWN_SECONDS = 0.2
    get_engine.cache_clear()
    engine = get_engine()
    try:
        create_search_directory()
        engine.rebuild()
        breaker = breaker_for(engine.breaker_key)
        breaker.failed(TimeoutError("timed out"))
        assert offer_search(query=SearchQuery()).engine == "database"
        time.sleep(0.3)

        assert offer_search(query=SearchQuery()).engine == "elasticsearch"  # the probe
        assert offer_search(query=SearchQuery()).engine == "elasticsearch"
        assert breaker.decide() is Decision.ASK
    finally:
        engine.drop()
        get_engine.cache_clear()

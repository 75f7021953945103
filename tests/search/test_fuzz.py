"""Tampered search parameters never give a server error, on either engine.

A bounded number of examples keeps this fast; the load benchmark (scripts/load/bench.py)
sends 800 tampered requests per endpoint and engine to a real gunicorn.
"""

import uuid
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.engines import get_engine
from search.engines.database import DatabaseEngine
from tests.search.fixtures import create_search_directory

pytestmark = pytest.mark.django_db
PARAMETERS = [
    "q", "page", "page_size", "life_stage", "sector", "topic", "district", "language",
    "cost", "age", "accessible", "free", "open", "near", "radius_km", "sort", "view",
    "place", "postcode",
]  # fmt: skip
VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**64).map(str),
    st.sampled_from(["", "NaN", "inf", "1e309", "١٢", "²", "4001", "10000", "0", "-1"]),
    st.text(max_size=60),
    st.sampled_from(["50.77,6.08", "91,181", "-999,abc", ",", "1e3,1e3", "mon-10", "sun"]),
    st.sampled_from(["\x00", "%00", "<script>", "{{7*7}}", "a" * 5000, "relevance", "map"]),
)
QUERIES = st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), min_size=1, max_size=6)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _no_server_error(client, pairs):
    query = urlencode([(key, value.replace("\x00", "")) for key, value in pairs])
    for path in ("/api/v1/search/", "/de/angebote/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, query)


@pytest.fixture
def database_site(db):
    create_search_directory()
    DatabaseEngine().rebuild()


@FUZZ
@given(pairs=QUERIES)
def test_tampered_searches_never_fail_on_the_database_engine(client, database_site, pairs):
    _no_server_error(client, pairs)


@pytest.fixture
def elasticsearch_site(db, settings, elasticsearch_url):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_TIMEOUT_SECONDS = 30  # a busy test machine must not fall back
    get_engine.cache_clear()
    create_search_directory()
    DatabaseEngine().rebuild()
    get_engine().rebuild()
    yield
    get_engine().drop()
    get_engine.cache_clear()


@FUZZ
@given(pairs=QUERIES)
def test_tampered_searches_never_fail_on_elasticsearch(client, elasticsearch_site, pairs):
    _no_server_error(client, pairs)

import os
import uuid

import pytest

from search.engines import get_engine
from search.engines.elasticsearch import ElasticsearchEngine


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    """The test node that `make test` starts (or ELASTICSEARCH_URL of an existing cluster)."""
    url = os.environ.get("ELASTICSEARCH_TEST_URL") or os.environ.get("ELASTICSEARCH_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("No Elasticsearch node: CI must run the suite through `make test`.")
    pytest.skip("No Elasticsearch node; `make test` starts one (or set ELASTICSEARCH_URL).")


def index_prefix() -> str:
    """Apart per test, and per pytest-xdist worker when workers share the node."""
    return f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:12]}"


def _engine_with_own_indices(url: str) -> ElasticsearchEngine:
    return ElasticsearchEngine(url=url, index_prefix=index_prefix(), timeout=10)


@pytest.fixture
def elasticsearch_engine(elasticsearch_url):
    """An engine with indices of its own, deleted after the test."""
    engine = _engine_with_own_indices(elasticsearch_url)
    yield engine
    engine.drop()


@pytest.fixture(scope="class")
def elasticsearch_engine_for_class(elasticsearch_url):
    """An engine with indices of its own for a test class (the engine contract)."""
    engine = _engine_with_own_indices(elasticsearch_url)
    yield engine
    engine.drop()


@pytest.fixture
def configured_elasticsearch(settings, elasticsearch_url):
    """The site configured for Elasticsearch, as CONTRACT §2 describes."""
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_PREFIX = index_prefix()
    get_engine.cache_clear()
    engine = get_engine()
    yield engine
    engine.drop()
    get_engine.cache_clear()

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


@pytest.fixture
def elasticsearch_engine(elasticsearch_url):
    """An engine with indices of its own, deleted after the test."""
    engine = ElasticsearchEngine(
        url=elasticsearch_url, index_prefix=f"test-{uuid.uuid4().hex[:12]}", timeout=10
    )
    yield engine
    engine.drop()


@pytest.fixture
def configured_elasticsearch(settings, elasticsearch_url):
    """The site configured for Elasticsearch, as CONTRACT §2 describes."""
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    get_engine.cache_clear()
    engine = get_engine()
    yield engine
    engine.drop()
    get_engine.cache_clear()

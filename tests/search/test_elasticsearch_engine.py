import pytest

from tests.search.contract import EngineContract


class TestElasticsearchEngine(EngineContract):
    @pytest.fixture
    def engine(self, elasticsearch_engine):
        return elasticsearch_engine

import pytest

from tests.search.contract import EngineContract

pytestmark = pytest.mark.elasticsearch


class TestElasticsearchEngine(EngineContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls, elasticsearch_engine_for_class):
        return elasticsearch_engine_for_class

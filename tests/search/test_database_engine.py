import pytest

from search.engines.database import DatabaseEngine
from tests.search.contract import EngineContract


class TestDatabaseEngine(EngineContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls):
        return DatabaseEngine()

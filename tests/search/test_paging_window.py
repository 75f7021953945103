"""Paging stops at the result window (10,000 results) on both engines: the API says so in
German with a 400, the results page shows a page it can reach — never a server error."""

import pytest

from search.engines.database import DatabaseEngine
from search.query import MAX_RESULT_WINDOW
from tests.search.fixtures import create_search_directory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings):
    create_search_directory()
    DatabaseEngine().rebuild()
    if request.param == "database":
        settings.SEARCH_ENGINE = "database"
        yield DatabaseEngine()
        return
    engine = request.getfixturevalue("configured_elasticsearch")
    engine.rebuild()
    yield engine


def test_the_api_refuses_pages_beyond_the_window_in_german(client, engine):
    response = client.get("/api/v1/search/", {"page": 4001, "page_size": 50})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "page": [
                "Es lassen sich nur die ersten 10000 Treffer durchblättern: bei 50 pro Seite "
                "ist die letzte Seite 200."
            ]
        }
    }
    last = client.get("/api/v1/search/", {"page": MAX_RESULT_WINDOW // 50, "page_size": 50})
    assert last.status_code == 200 and last.json()["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"page": 4001, "page_size": 50},
        {"page": 10_000},
        {"page": 150, "view": "map"},  # the map shows 100 per page
    ],
)
def test_the_results_page_never_fails_on_a_far_page(client, engine, params):
    response = client.get("/de/angebote/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Familienhebammen im Quartier" in html  # a real page of results

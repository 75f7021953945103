"""`/api/schema/`: the search API's OpenAPI 3.1 document, generated from the forms, is
accurate: schemathesis runs it against the live API with every check on."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from directory.models import LifeStage, Topic
from search.engines.database import DatabaseEngine
from search.forms import SearchParametersForm
from tests.search.fixtures import create_search_directory


@pytest.fixture
def live_search_api(transactional_db, live_server):
    create_search_directory()
    DatabaseEngine().rebuild()
    return live_server.url


# `sort=distance` needs `near`: a rule between two parameters that OpenAPI cannot state,
# so a request valid parameter by parameter may rightly get 400. Every other check runs,
# including documented status codes and response schemas.
CROSS_PARAMETER_RULES = [positive_data_acceptance]


def test_the_search_api_does_what_its_description_says(live_search_api):
    # The document depends on the directory's codes, so it is read from the live server.
    described = schemathesis.openapi.from_url(f"{live_search_api}/api/schema/")
    operations = [result.ok() for result in described.get_all_operations()]
    assert [op.path for op in operations] == ["/search/", "/suggest/"]
    statuses = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call_and_validate(
                base_url=f"{live_search_api}/api/v1", excluded_checks=CROSS_PARAMETER_RULES
            )
            statuses.append(response.status_code)

        check()
    # Both valid and invalid requests were made.
    assert statuses.count(200) > 10 and statuses.count(400) > 0, statuses


def test_the_description_follows_the_forms_and_the_directory(client, db):
    document = client.get("/api/schema/").json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/api/v1"}]
    parameters = {p["name"]: p for p in document["paths"]["/search/"]["get"]["parameters"]}
    # Every parameter the form validates is described, with the form's bounds …
    assert set(parameters) <= set(SearchParametersForm.base_fields)
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    # … and codes as the directory has them now.
    codes = parameters["life_stage"]["schema"]["items"]["enum"]
    assert codes == sorted(LifeStage.objects.values_list("code", flat=True))
    assert "topic" not in parameters  # no topics yet: no valid value to describe
    Topic.objects.create(name="Stillen", slug="stillen")
    again = client.get("/api/schema/").json()["paths"]["/search/"]["get"]["parameters"]
    topic = next(p for p in again if p["name"] == "topic")
    assert topic["schema"]["items"]["enum"] == ["stillen"] and topic["explode"] is True

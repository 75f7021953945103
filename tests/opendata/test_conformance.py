"""Conformance with the unmodified official HSDS 3.0 API description.

schemathesis reads `directory/hsds_schema/openapi.json` as published (only the server
address is given, as the base URL of the live test server), generates requests for every
operation and checks every answer: no server errors, JSON where JSON is promised, bodies
valid against the official schemas, invalid parameters refused.
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator, FormatChecker
from schemathesis.core.jsonschema import resolver
from schemathesis.specs.openapi.checks import positive_data_acceptance, status_code_conformance

from directory.interchange.hsds_export import service_id
from directory.models import Location, Offer
from tests.factories import OfferFactory, ProviderFactory, TopicFactory

from .official_schemas import OPENAPI, official_document, workspace_copy

# The official description's schemas by web address, answered from our copy (see
# official_schemas): the only change to how schemathesis reads the document.
resolver._load_remote_uri = official_document

schema = schemathesis.openapi.from_path(OPENAPI)

# The official description documents only the 200 answers and types parameters loosely
# (`page` any integer, `modified_after` any string), so our correct 400 for `page=0` and
# 404 for an unknown id would be counted against "documented status" and "valid input
# accepted". Every other check runs, including the response schemas and the rejection of
# invalid input.
NOT_APPLICABLE = [status_code_conformance, positive_data_acceptance]


@pytest.fixture
def directory_online(transactional_db, live_server, settings):
    settings.HSDS_API_RATE_LIMIT = 0  # hundreds of requests a minute from one client
    provider = ProviderFactory(name="Familienzentrum Nord", description="Beratung.")
    offer = OfferFactory(name="Elterncafé", provider=provider, life_stages=["infant"])
    offer.topics.add(TopicFactory(name="Erziehung", slug="erziehung"))
    offer.save()
    Location.objects.create(offer=offer, street="Weg 2", postcode="52062", city="Aachen")
    OfferFactory(name="Lernhilfe", life_stages=["primary"], sectors=["education"])
    return f"{live_server.url}/api/hsds"


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_conforms_to_the_official_description(case, directory_online):
    case.call_and_validate(base_url=directory_online, excluded_checks=NOT_APPLICABLE)


def test_every_service_validates_against_the_official_service_schema(directory_online):
    """Each `/services/{id}` answer: by schemathesis against the official description,
    and with jsonschema against the official self-contained `compiled/service.json`."""
    operation = schema["/services/{id}"]["GET"]
    compiled = workspace_copy()
    validator = compiled and Draft202012Validator(
        json.loads((compiled / "compiled" / "service.json").read_text(encoding="utf-8")),
        format_checker=FormatChecker(),
    )
    offers = list(Offer.objects.public())
    assert len(offers) == 2
    for offer in offers:
        case = operation.Case(path_parameters={"id": service_id(offer)})
        response = case.call_and_validate(base_url=directory_online, timeout=10)
        assert response.status_code == 200 and response.json()["name"] == offer.name
        if validator:
            assert [error.message for error in validator.iter_errors(response.json())] == []
    # An invalid record is caught, so the validation above can fail.
    if validator:
        assert not validator.is_valid({"id": "x", "name": "Elterncafé"})

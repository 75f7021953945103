"""The HSDS 3.0 read API: what other systems see, and what they never see."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from directory.interchange.hsds_export import hsds_id, service_id
from directory.interchange.hsds_validation import record_errors
from directory.models import LifeStage, Location, Offer, Sector, Topic
from tests.factories import OfferFactory, ProviderFactory, TopicFactory

pytestmark = pytest.mark.django_db

API = "/api/hsds"


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    return response


@pytest.fixture
def offers():
    midwives = ProviderFactory(name="Hebammenzentrum Ost", description="Hebammen.")
    stillcafe = OfferFactory(
        name="Stillcafé Ost",
        provider=midwives,
        life_stages=["infant"],
        sectors=["health"],
        internal_note="Nur dienstags besetzt – intern",
    )
    Location.objects.create(
        offer=stillcafe,
        street="Marktplatz 1",
        postcode="52062",
        city="Aachen",
        latitude=50.77,
        longitude=6.08,
    )
    homework = OfferFactory(
        name="Hausaufgabenhilfe", life_stages=["primary"], sectors=["education"]
    )
    homework.topics.add(TopicFactory(name="Lernen", slug="lernen"))
    homework.save()  # parental relations are written with the offer
    only_pros = OfferFactory(name="Fallberatung für Fachkräfte", professionals_only=True)
    draft = OfferFactory(name="Entwurf", live=False)
    return {"stillcafe": stillcafe, "homework": homework, "pros": only_pros, "draft": draft}


def test_services_page_through_public_offers_only(client, offers):
    body = get(client, "/services", per_page=1).json()
    assert body["total_items"] == 2 and body["total_pages"] == 2
    assert body["first_page"] and not body["last_page"] and body["size"] == 1
    second = get(client, "/services", per_page=1, page=2).json()
    assert second["last_page"] and not second["first_page"]
    names = {body["contents"][0]["name"], second["contents"][0]["name"]}
    assert names == {"Stillcafé Ost", "Hausaufgabenhilfe"}
    # The list holds one-to-one fields only; `full` nests everything.
    assert "service_at_locations" not in body["contents"][0]
    full = get(client, "/services", full="true").json()["contents"]
    assert all("service_at_locations" in record for record in full)


def test_offers_for_professionals_drafts_and_internal_notes_never_leave(client, offers):
    text = get(client, "/services", full="true", per_page=500).content.decode()
    text += get(client, "/service_at_locations", full="true").content.decode()
    text += get(client, "/organizations", full_service="true").content.decode()
    assert "Stillcafé Ost" in text
    for hidden in ("Fallberatung für Fachkräfte", "Entwurf", "Nur dienstags besetzt"):
        assert hidden not in text
    for offer in (offers["pros"], offers["draft"]):
        assert get(client, f"/services/{service_id(offer)}").status_code == 404


def test_service_detail_is_the_export_record_and_valid(client, offers):
    offer = offers["stillcafe"]
    record = get(client, f"/services/{service_id(offer)}").json()
    assert record["name"] == "Stillcafé Ost"
    assert record["organization"]["name"] == "Hebammenzentrum Ost"
    assert record_errors(record) == []


def test_filters_by_term_taxonomy_organization_search_and_time(client, offers):
    infant = hsds_id("term:life_stage", "infant")
    names = lambda **p: {r["name"] for r in get(client, "/services", **p).json()["contents"]}  # noqa: E731
    assert names(taxonomy_term_id=infant) == {"Stillcafé Ost"}
    assert names(taxonomy_term_id=hsds_id("term:topic", "lernen")) == {"Hausaufgabenhilfe"}
    assert names(taxonomy_id=hsds_id("taxonomy", "topic")) == {"Hausaufgabenhilfe"}
    assert names(taxonomy_term_id="no-such-term") == set()
    organization = hsds_id("organization", offers["stillcafe"].provider_id)
    assert names(organization_id=organization) == {"Stillcafé Ost"}
    assert names(search="stillcafé ost") == {"Stillcafé Ost"}
    Offer.objects.filter(pk=offers["homework"].pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert names(modified_after=since) == {"Stillcafé Ost"}
    minimal = get(client, "/services", minimal="true").json()["contents"]
    assert all(set(record) == {"id", "name", "status", "last_modified"} for record in minimal)


def test_life_stages_and_sectors_are_taxonomies_with_stable_ids(client, offers):
    taxonomies = get(client, "/taxonomies").json()["contents"]
    assert {t["name"] for t in taxonomies} == {
        "Lebensphasen der Präventionskette",
        "Handlungsfelder",
        "Themen",
    }
    stages = hsds_id("taxonomy", "life_stage")
    terms = get(client, "/taxonomy_terms", taxonomy_id=stages, per_page=100).json()["contents"]
    assert [t["code"] for t in terms] == list(LifeStage.objects.values_list("code", flat=True))
    # The ids are UUID 5 of the deployment's address and the code: the same tomorrow.
    assert terms[0]["id"] == hsds_id("term:life_stage", terms[0]["code"])
    sector = Sector.objects.get(code="health")
    term = get(client, f"/taxonomy_terms/{hsds_id('term:sector', 'health')}").json()
    assert term["name"] == sector.name and term["taxonomy_id"] == hsds_id("taxonomy", "sector")
    assert get(client, f"/taxonomies/{stages}").json()["id"] == stages
    assert Topic.objects.count() == 1  # the topic term list reflects the editors' topics
    all_terms = get(client, "/taxonomy_terms", per_page=100).json()
    assert all_terms["total_items"] == LifeStage.objects.count() + Sector.objects.count() + 1


def test_service_at_locations_and_postcode_proximity(client, offers):
    listing = get(client, "/service_at_locations").json()
    assert listing["total_items"] == 1
    sal = listing["contents"][0]
    assert sal["location"]["addresses"][0]["postal_code"] == "52062"
    detail = get(client, f"/service_at_locations/{sal['id']}").json()
    assert detail["service"]["name"] == "Stillcafé Ost"
    assert get(client, "/service_at_locations", postcode="52062").json()["total_items"] == 1
    assert get(client, "/service_at_locations", postcode="10115").json()["total_items"] == 0
    near = get(client, "/service_at_locations", postcode="52062", proximity="500").json()
    assert near["total_items"] == 1


def test_organizations_with_their_public_services(client, offers):
    listing = get(client, "/organizations").json()
    assert listing["total_items"] == 2  # the provider of the professionals' offer has none public
    organization = hsds_id("organization", offers["stillcafe"].provider_id)
    record = get(client, f"/organizations/{organization}", full_service="true").json()
    assert [s["name"] for s in record["services"]] == ["Stillcafé Ost"]
    assert "service_at_locations" in record["services"][0]


@pytest.mark.parametrize(
    "path, params, parameter",
    [
        ("/services", {"page": "0"}, "page"),
        ("/services", {"per_page": "10000"}, "per_page"),
        ("/services", {"page": "eins"}, "page"),
        ("/services", {"per_page": ""}, "per_page"),
        ("/services", {"full": "vielleicht"}, "full"),
        ("/services", {"modified_after": "gestern"}, "modified_after"),
        ("/services", {"format": "xml"}, "format"),
        ("/service_at_locations", {"proximity": "100"}, "proximity"),
        ("/taxonomy_terms", {"top_only": "ja"}, "top_only"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, offers, path, params, parameter):
    response = get(client, path, **params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_ids_answer_404_in_json(client, offers):
    response = get(client, "/services/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and "errors" in response.json()


def test_read_only_cors_and_conditional_get(client, offers):
    response = get(client, "/services")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    again = client.get(f"{API}/services", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    since = client.get(f"{API}/services", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    posted = client.post(f"{API}/services", {})
    assert posted.status_code == 405 and "Access-Control-Allow-Origin" not in posted
    # A change makes the old ETag stale.
    OfferFactory(name="Neues Angebot")
    assert client.get(f"{API}/services", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


@override_settings(HSDS_API_RATE_LIMIT=3)
def test_a_client_over_the_rate_limit_waits(client, offers):
    from django.core.cache import cache

    cache.clear()
    statuses = [get(client, "/taxonomies").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = get(client, "/taxonomies")
    assert 0 < int(limited["Retry-After"]) <= 60 and "rate_limit" in limited.json()["errors"]
    other = client.get(f"{API}/taxonomies", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # per client


def test_root_points_to_the_official_description_with_our_server(client):
    root = client.get(f"{API}/").json()
    assert root["version"] == "3.0"
    document = client.get(root["openapi_url"]).json()
    assert document["servers"] == [{"url": "http://testserver/api/hsds"}]
    assert "/services/{id}" in document["paths"]

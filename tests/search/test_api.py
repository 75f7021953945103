"""The JSON search API, CONTRACT §3: shape, parameters, and bad input → 400, never 500."""

import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import District, Language, Offer, Topic
from search.vocabulary import clear_caches
from tests.search.fixtures import MITTE, closure_tuesday, opening_hours

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_directory")]
SEARCH = "/api/v1/search/"
SUGGEST = "/api/v1/suggest/"


def test_response_has_the_contract_shape(client, search_directory):
    response = client.get(SEARCH, {"q": "Beratung", "near": "50.7753,6.0839", "radius_km": "20"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {
        "count",
        "page",
        "page_size",
        "engine",
        "results",
        "facets",
        "complete_count",
        "unmatched_words",
        "filter_hints",
        "suggestions",
    }
    assert (body["page"], body["page_size"], body["engine"]) == (1, 20, "database")
    assert body["count"] == len(body["results"]) > 0
    first = body["results"][0]
    assert set(first) == {
        "id",
        "slug",
        "name",
        "provider",
        "summary",
        "url",
        "life_stages",
        "sectors",
        "district",
        "distance_km",
    }
    assert set(body["facets"]) == {"life_stage", "sector", "topic", "district", "language", "cost"}
    assert set(body["facets"]["life_stage"][0]) == {"value", "label", "count"}


def test_the_answer_names_missing_words_filter_hints_and_alternatives(client, search_directory):
    body = client.get(SEARCH, {"q": "kostenlos Stillcafé Zauberwürfel"}).json()
    assert body["count"] > 0 and body["unmatched_words"] == ["zauberwürfel"]
    assert body["filter_hints"] == [{"facet": "cost", "value": "free"}]
    assert body["complete_count"] < body["count"]
    empty = client.get(SEARCH, {"q": "Kta"}).json()
    assert empty["count"] == 0 and "Kita" in empty["suggestions"]


def test_distance_is_only_reported_with_near(client, search_directory):
    result = client.get(SEARCH, {"q": "Beratung"}).json()["results"][0]
    assert "distance_km" not in result


def test_repeatable_parameters_combine_with_or(client, search_directory):
    query = urlencode([("life_stage", "pregnancy"), ("life_stage", "transition")])
    names = {r["name"] for r in client.get(f"{SEARCH}?{query}").json()["results"]}
    assert names == {
        "Schwangerschaftsberatung Mitte",
        "Familienhebammen im Quartier",
        "Jugendberufsagentur",
        "Schuldnerberatung für junge Erwachsene",
    }


def test_filters_and_paging_reach_the_engine(client, search_directory):
    body = client.get(
        SEARCH,
        {
            "cost": "free",
            "accessible": "true",
            "age": "0",
            "sort": "name",
            "page_size": "2",
            "page": "2",
        },
    ).json()
    assert body["count"] == 4
    assert [r["name"] for r in body["results"]] == [
        "Schwangerschaftsberatung Mitte",
        "Stillcafé am Markt",
    ]


def found(client, **params) -> list[str]:
    return [r["name"] for r in client.get(SEARCH, {"page_size": 100, **params}).json()["results"]]


def published(**lookups) -> set[str]:
    return set(Offer.objects.filter(live=True, **lookups).values_list("name", flat=True))


def test_each_filter_parameter_narrows_the_results_as_named(client, search_directory):
    assert set(found(client, cost="free")) == published(cost="free") != published()
    assert set(found(client, sector="health")) == published(sectors__code="health")
    open_on_tuesdays = {
        name
        for name, hours in opening_hours().items()
        if any(hour["type"] == "regular" and hour["value"]["weekday"] == "tue" for hour in hours)
    }
    assert set(found(client, open="tue")) == open_on_tuesdays
    topic = Topic.objects.get(name="Finanzielle Hilfen")
    assert set(found(client, topic=topic.slug)) == published(topics=topic)
    district = District.objects.get(name="Mitte")
    assert set(found(client, district=district.slug)) == published(locations__district=district)
    language = Language.objects.filter(offers__live=True).order_by("code").first()
    assert set(found(client, language=language.code)) == published(languages=language)
    assert published(languages=language) != published()


@pytest.mark.parametrize("near", ["90,180", "-90,-180", "0,0"])
def test_the_edges_of_the_globe_are_valid_points(client, search_directory, near):
    assert client.get(SEARCH, {"near": near}).status_code == 200


def test_sort_by_distance_with_near_puts_the_nearest_first(client, search_directory):
    body = client.get(SEARCH, {"near": f"{MITTE[0]},{MITTE[1]}", "sort": "distance"}).json()
    distances = [r["distance_km"] for r in body["results"]]
    assert body["count"] > 1 and distances == sorted(distances)
    invalid_near = client.get(SEARCH, {"near": "abc", "sort": "distance"}).json()
    assert list(invalid_near["errors"]) == ["near"]  # not also "sorting needs near"


def test_the_last_page_of_the_result_window_can_be_asked_for(client, search_directory):
    assert client.get(SEARCH, {"page": "200", "page_size": "50"}).status_code == 200


def test_radius_km_narrows_the_circle_around_near(client, search_directory):
    near = f"{MITTE[0]},{MITTE[1]}"
    within_1_km = set(found(client, near=near, radius_km="1"))
    assert within_1_km == published(locations__district__name="Mitte")
    assert within_1_km < set(found(client, near=near))  # the default radius is 5 km


def test_sort_by_name_overrides_relevance(client, search_directory):
    by_relevance = found(client, q="Beratung")
    by_name = found(client, q="Beratung", sort="name")
    assert by_name == sorted(by_relevance, key=lambda n: n.replace("Ä", "A")) != by_relevance


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("tuesday 14:10", {"Ärztlicher Kinderschutz", "Jugendberufsagentur"}),
        ("tuesday 17:50", {"Ärztlicher Kinderschutz", "Jugendberufsagentur"}),
        ("tuesday 18:00", set()),
        ("closed tuesday 10:00", {"Ärztlicher Kinderschutz"}),  # the Stillcafé's day off
    ],
)
def test_open_now_means_this_minute_on_this_day(
    client, search_directory, monkeypatch, moment, expected
):
    day = closure_tuesday() + datetime.timedelta(days=0 if moment.startswith("closed") else 7)
    hours, minutes = map(int, moment.split()[-1].split(":"))
    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hours, minutes)))
    monkeypatch.setattr(timezone, "localtime", lambda value=None, timezone=None: now)
    assert set(found(client, open="now")) == expected


def test_drafts_are_never_returned(client, search_directory):
    names = {
        r["name"] for r in client.get(SEARCH, {"q": "Geheime", "page_size": 100}).json()["results"]
    }
    assert names == set()


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"life_stage": "baby"}, "life_stage", "keine gültige Auswahl"),
        ({"sector": "sport"}, "sector", "keine gültige Auswahl"),
        ({"topic": "gibt-es-nicht"}, "topic", "keine gültige Auswahl"),
        ({"district": "atlantis"}, "district", "keine gültige Auswahl"),
        ({"language": "xx"}, "language", "keine gültige Auswahl"),
        ({"page": "0"}, "page", "größer oder gleich 1"),
        ({"page": "eins"}, "page", "ganze Zahl"),
        ({"page_size": "1000"}, "page_size", "kleiner oder gleich 100"),
        ({"age": "99"}, "age", "kleiner oder gleich 27"),
        ({"age": "-1"}, "age", "größer oder gleich 0"),
        ({"near": "abc"}, "near", "Breitengrad,Längengrad"),
        ({"near": "91,6"}, "near", "zwischen -90 und 90"),
        ({"near": "-90.5,6"}, "near", "zwischen -90 und 90"),
        ({"near": "50,180.5"}, "near", "zwischen -180 und 180"),
        ({"near": "50,-180.5"}, "near", "zwischen -180 und 180"),
        ({"near": "50.7,6.0,1"}, "near", "Breitengrad,Längengrad"),
        ({"near": "50.7,6.0", "radius_km": "-1"}, "radius_km", "größer oder gleich 0.1"),
        ({"near": "50.7,6.0", "radius_km": "nan"}, "radius_km", "Zahl"),
        ({"cost": "cheap"}, "cost", "keine gültige Auswahl"),
        ({"accessible": "ja"}, "accessible", "keine gültige Auswahl"),
        ({"sort": "random"}, "sort", "keine gültige Auswahl"),
        ({"sort": "distance"}, "sort", "„near“"),
    ],
)
def test_bad_parameters_answer_400_in_german(client, search_directory, params, parameter, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [parameter]
    assert message in errors[parameter][0], errors


def test_a_topic_added_in_another_process_is_a_valid_filter_at_once(client, search_directory):
    """Codes are checked against the facet labels in memory; one they do not know yet is
    looked up in its table, so a topic an editor just added is never refused."""
    known = Topic.objects.first().slug
    assert client.get(SEARCH, {"topic": known}).status_code == 200  # labels now in memory
    # bulk_create sends no signal, so this process's labels are not cleared: as when
    # another worker saves the topic.
    Topic.objects.bulk_create([Topic(name="Babyschwimmen", slug="babyschwimmen")])
    try:
        response = client.get(SEARCH, {"topic": "babyschwimmen"})
    finally:
        clear_caches()
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 0


def test_a_topic_deleted_in_this_process_is_refused_at_once(client, search_directory):
    topic = Topic.objects.create(name="Babyschwimmen", slug="babyschwimmen")
    assert client.get(SEARCH, {"topic": "babyschwimmen"}).status_code == 200
    topic.delete()
    response = client.get(SEARCH, {"topic": "babyschwimmen"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["topic"]


def test_errors_are_in_english_for_english_browsers(client, search_directory):
    response = client.get(SEARCH, {"page_size": "1000"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "less than or equal to 100" in response.json()["errors"]["page_size"][0]


def test_every_bad_parameter_is_reported_at_once(client, search_directory):
    errors = client.get(SEARCH, {"page": "0", "page_size": "1000", "sector": "x"}).json()["errors"]
    assert set(errors) == {"page", "page_size", "sector"}


def test_unknown_parameters_are_ignored(client, search_directory):
    plain = client.get(SEARCH, {"q": "Beratung"})
    tagged = client.get(SEARCH, {"q": "Beratung", "utm_source": "flyer"})
    assert tagged.status_code == 200
    assert tagged.json() == plain.json() and plain.json()["count"] > 0


def test_only_get_is_allowed(client, search_directory):
    for url in (SEARCH, SUGGEST):
        response = client.post(url, {"q": "Beratung"})
        assert response.status_code == 405
        assert response["Allow"] == "GET"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "q",
                    "life_stage",
                    "sector",
                    "topic",
                    "district",
                    "language",
                    "age",
                    "cost",
                    "accessible",
                    "near",
                    "radius_km",
                    "sort",
                    "page",
                    "page_size",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=6,
    )
)
def test_no_query_string_causes_a_server_error(client, search_directory, params):
    response = client.get(f"{SEARCH}?{urlencode(params)}")
    body = response.json()
    if response.status_code == 400:  # the errors name parameters that were sent
        assert body["errors"] and set(body["errors"]) <= {name for name, _value in params}
    else:
        assert response.status_code == 200
        assert len(body["results"]) <= body["count"] and body["page"] >= 1


def test_suggest_completes_topics_and_offer_names(client, search_directory):
    body = client.get(SUGGEST, {"q": "Schuld"}).json()
    assert body == {"q": "Schuld", "suggestions": ["Schuldnerberatung für junge Erwachsene"]}
    assert len(client.get(SUGGEST, {"q": "Be"}).json()["suggestions"]) <= 10


def test_suggest_without_text_is_a_400(client, search_directory):
    response = client.get(SUGGEST)
    assert response.status_code == 400
    assert "Suchbegriff" in response.json()["errors"]["q"][0]


def test_lenient_parsing_drops_only_the_invalid_parameters(search_directory):
    from django.http import QueryDict

    from search.forms import search_query_lenient

    query, ignored = search_query_lenient(
        QueryDict("q=Beratung&life_stage=infant&life_stage=baby&page=0&near=abc&sort=distance")
    )
    assert (query.text, query.life_stages, query.page, query.near) == (
        "Beratung",
        ("infant",),
        1,
        None,
    )
    assert set(ignored) == {"life_stage", "page", "near", "sort"}


def test_validating_leaves_the_shared_form_fields_as_they_were(search_directory):
    """The form's instances share its fields (search.forms.SharedFields): a field that kept
    anything of one request would change how the next one is validated."""
    from django.http import QueryDict

    from search.forms import SearchParametersForm, search_query_lenient

    def state() -> dict:
        return {
            name: (dict(vars(field)), dict(vars(field.widget)))
            for name, field in SearchParametersForm.base_fields.items()
        }

    before = state()
    for query_string in [
        "q=Beratung&life_stage=infant&sector=health&topic=x&district=mitte&language=tr",
        "life_stage=baby&page=0&page_size=1000&age=99&near=91,6&radius_km=nan&sort=distance",
        "cost=free&accessible=true&open=now&near=50.77,6.08&radius_km=3&sort=distance&page=2",
        "open=mon&cost=cheap&accessible=ja&sort=random&q=%00",
    ]:
        form = SearchParametersForm(QueryDict(query_string))
        if form.is_valid():
            form.to_query()
        form.error_dict()
        search_query_lenient(QueryDict(query_string))
    assert state() == before

"""The results page's place, opening-hours, map, htmx and language features, on the
search fixture directory (built once for this module)."""

import json
import re

import pytest

from directory.models import District, OfferTranslation
from tests.cms.test_family_pages import MITTE_OUTLINE, result_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_directory")]


@pytest.fixture
def mitte_outline(search_directory):
    District.objects.filter(slug="mitte").update(outline=MITTE_OUTLINE)
    return search_directory


def test_near_a_district_sorts_by_distance_and_shows_it(client, mitte_outline):
    html = client.get("/de/angebote/", {"place": "mitte", "sort": "distance"}).content.decode()
    assert 'value="mitte" selected' in html
    assert "In der Nähe von Mitte" in html  # a removable chip
    assert '<option value="distance" selected>' in html
    distances = [float(d.replace(",", ".")) for d in re.findall(r"([\d,]+) km entfernt", html)]
    assert distances and distances == sorted(distances)
    assert max(distances) <= 5  # the default radius


def test_unknown_place_and_bad_opening_value_are_ignored_with_a_message(client, mitte_outline):
    response = client.get("/de/angebote/", {"place": "atlantis", "open": "someday"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unbekannter Stadtteil oder unbekannte Postleitzahl: „atlantis“." in html
    assert "<code>open</code>" in html
    assert "12 Angebote gefunden" in html


def test_open_on_a_weekday_filter_has_a_chip(client, search_directory):
    html = client.get("/de/angebote/", {"open": "thu"}).content.decode()
    assert set(result_names(html)) == {"Ärztlicher Kinderschutz", "Jugendberufsagentur"}
    assert "Geöffnet am Donnerstag" in html
    assert '<option value="thu" selected>' in html


def test_map_view_draws_markers_and_hands_the_same_data_to_the_interactive_map(
    client, mitte_outline
):
    html = client.get("/de/angebote/", {"view": "map", "district": "mitte"}).content.decode()

    assert html.count('class="marker"') == 4
    data = json.loads(re.search(r'id="map-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert len(data["markers"]) == 4
    assert all(m["url"].startswith("/de/angebote/") for m in data["markers"])
    assert data["districts"]["features"][0]["properties"]["name"] == "Mitte"
    assert data["tiles"]["url"] == ""  # no third-party tiles unless configured
    assert "leaflet.js" in html and "htmx.min.js" not in html
    assert "Als Liste zeigen" in html


def test_htmx_request_gets_only_the_results_region(client, search_directory):
    full = client.get("/de/angebote/", {"life_stage": "infant"}).content.decode()
    partial = client.get(
        "/de/angebote/", {"life_stage": "infant"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert partial.lstrip().startswith('<div id="results-region"')
    assert "<html" not in partial and "<html" in full
    assert result_names(partial) == result_names(full)


def test_language_switcher_keeps_the_page_and_its_filters(client, search_directory):
    html = client.get("/de/angebote/", {"life_stage": "infant", "cost": "free"}).content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    assert 'href="/ar/angebote/?life_stage=infant&amp;cost=free" lang="ar"' in switcher
    assert 'href="/de/angebote/?life_stage=infant&amp;cost=free"' in switcher
    assert 'aria-current="true">Deutsch' in switcher


def test_results_show_translated_names_where_they_exist(client, search_directory):
    offer = search_directory["Stillcafé am Markt"]
    OfferTranslation.objects.create(offer=offer, language="tr", name="Emzirme kafesi")
    html = client.get("/tr/angebote/", {"q": "Stillcafé"}).content.decode()
    assert result_names(html) == ["Emzirme kafesi"]


def test_empty_result_suggests_the_neighbouring_life_stage_with_its_count(client, search_directory):
    html = client.get("/de/angebote/", {"life_stage": "pregnancy", "district": "haaren"})
    html = html.content.decode()
    assert "0 Angebote gefunden" in html
    link, label, count = re.search(
        r'<a href="(\?district=haaren&amp;life_stage=infant)">([^:<]+): (\d+) Angebot', html
    ).groups()
    assert label == "Baby &amp; Kleinkind (0–3)"
    followed = client.get("/de/angebote/" + link.replace("&amp;", "&")).content.decode()
    assert f"{count} Angebot" in followed and int(count) > 0

"""The results page: filters with counts, chips, paging, empty results, bad parameters."""

import re
from urllib.parse import urlencode

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_directory")]
URL = "/de/angebote/"


def result_names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


def test_filters_show_counts_and_narrow_the_results(client, search_directory):
    html = client.get(URL, {"life_stage": "pregnancy"}).content.decode()

    assert set(result_names(html)) == {
        "Schwangerschaftsberatung Mitte",
        "Familienhebammen im Quartier",
    }
    assert "2 Angebote gefunden" in html
    assert re.search(
        r'value="pregnancy" checked>\s*<label[^>]*>Schwangerschaft &amp; Geburt '
        r'<span class="count">\(2\)</span>',
        html,
    )
    # Counts of other life stages ignore the selected one, so a family can widen it.
    assert re.search(r'Baby &amp; Kleinkind \(0–3\) <span class="count">\(6\)</span>', html)


def test_text_search_and_chips_remove_one_filter_each(client, search_directory):
    response = client.get(URL, {"q": "Beratung", "district": "brand", "cost": "free"})
    html = response.content.decode()

    assert set(result_names(html)) == {
        "Schuldnerberatung für junge Erwachsene",
        "Familienhebammen im Quartier",
    }
    chips = dict(
        (label.strip(), href.replace("&amp;", "&"))
        for href, label in re.findall(r'<ul class="chips">.*?</ul>', html, re.S)
        and re.findall(r'<li><a href="([^"]+)" aria-label="[^"]+">([^<]+)<span', html)
    )
    assert set(chips) == {"Brand", "Kostenlos", "Suche: „Beratung“"}
    assert chips["Brand"] == "?" + urlencode([("cost", "free"), ("q", "Beratung")])


def test_paging_keeps_the_filters(client, search_directory):
    html = client.get(URL, {"sector": "health", "page_size": "2"}).content.decode()
    assert "Seite 1 von 3" in html
    next_url = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert next_url == "?" + urlencode([("page", "2"), ("page_size", "2"), ("sector", "health")])
    assert "Seite 2 von 3" in client.get(URL + next_url).content.decode()


def test_empty_results_suggest_leaving_out_a_filter(client, search_directory):
    html = client.get(URL, {"life_stage": "transition", "district": "haaren"}).content.decode()
    assert "Kein Angebot passt zu allen Ihren Angaben." in html
    assert "ohne „Haaren“: 2 Angebote" in html
    assert "ohne „Übergang Schule – Beruf (15–27)“: 2 Angebote" in html


def test_a_search_that_finds_nothing_offers_spelling_never_dropping_it(client, search_directory):
    html = client.get(URL, {"q": "Kta", "district": "haaren"}).content.decode()
    assert "Kein Angebot passt zu allen Ihren Angaben." in html
    assert "Meinten Sie:" in html and ">Kita</a>" in html
    assert "ohne „Suche" not in html and "„Suche: „" not in html  # no nested quotes either


def test_words_nothing_matches_are_named_and_filters_are_offered(client, search_directory):
    html = client.get(URL, {"q": "kostenlos Stillcafé Zauberwürfel"}).content.decode()
    assert "Stillcafé am Markt" in result_names(html)
    assert "Nicht gefunden: zauberwürfel." in html
    assert re.search(r'Eingrenzen:.*href="\?[^"]*cost=free[^"]*"[^>]*>Kostenlos</a>', html)


@pytest.mark.parametrize(
    "params",
    [
        [("life_stage", "baby")],
        [("life_stage", "infant"), ("life_stage", "<script>alert(1)</script>")],
        [("age", "99999999999999999999")],
        [("near", "999,999")],
        [("near", "abc"), ("sort", "distance")],
        [("page", "-3")],
        [("page_size", "100000")],
        [("q", "Beratung"), ("q", "Kita")],
        [("district", "atlantis"), ("topic", "x" * 500)],
        [("open", "now"), ("open", "<b>sunday</b>")],
        [("place", "\x00"), ("place", "52062")],
        [("view", "map"), ("page_size", "5"), ("near", "50.7,")],
        [("open", "yesterday")],
    ],
)
def test_tampered_parameters_are_ignored_with_a_message(client, search_directory, params):
    response = client.get(f"{URL}?{urlencode(params)}")
    html = response.content.decode()
    assert response.status_code == 200
    if params != [("q", "Beratung"), ("q", "Kita")]:
        assert "wurden ignoriert" in html
    assert "<script>alert(1)</script>" not in html
    assert result_names(html)


def test_a_tampered_place_shows_every_offer_with_a_message(client, search_directory):
    html = client.get(URL, {"place": "<script>"}).content.decode()
    assert "Unbekannter Stadtteil oder unbekannte Postleitzahl: „&lt;script&gt;“." in html
    assert "12 Angebote gefunden" in html


def test_a_page_past_the_end_shows_the_last_page(client, search_directory):
    html = client.get(URL, {"page": "50", "page_size": "5"}).content.decode()
    assert "Seite 3 von 3" in html and len(result_names(html)) == 2


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["offers found", "Apply filters", "Baby &amp; toddler (0–3)"]),
        ("tr", ["hizmet bulundu", "Filtreleri uygula", "Bebek ve küçük çocuk (0–3)"]),
        ("ar", ["تطبيق التصفية", "الرضيع والطفل الصغير (0–3)", 'dir="rtl"']),
        ("uk", ["Застосувати фільтри", "Немовля і маля (0–3)"]),
    ],
)
def test_results_page_speaks_every_ui_language(client, search_directory, language, words):
    html = client.get(f"/{language}/angebote/", {"life_stage": "infant"}).content.decode()
    assert f'<html lang="{language}"' in html
    for word in words:
        assert word in html
    # Result links stay in the language the family chose.
    assert f'href="/{language}/angebote/' in html

"""Life-stage pages, provider pages, offer page extras and translations."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from directory.models import District, Location, OfferTranslation
from tests.factories import OfferFactory, ProviderFactory, TopicFactory

pytestmark = pytest.mark.django_db

# A square around Aachen-Mitte (lon, lat), enough to test projection and centres.
MITTE_OUTLINE = {
    "type": "Polygon",
    "coordinates": [[[6.06, 50.76], [6.11, 50.76], [6.11, 50.79], [6.06, 50.79], [6.06, 50.76]]],
}


def result_names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+"[^>]*>([^<]+)</a></h3>', html)


# --- life-stage pages ----------------------------------------------------------------
def test_life_stage_page_groups_offers_by_sector_and_links_its_neighbours(client):
    OfferFactory(name="Familienhebamme", life_stages=["infant"], sectors=["health", "youth"])
    OfferFactory(name="Krabbelgruppe", life_stages=["infant"], sectors=["social"])
    OfferFactory(name="Entwurf", life_stages=["infant"], live=False)
    OfferFactory(name="Lernhilfe", life_stages=["primary"], sectors=["education"])

    html = client.get("/de/baby-und-kleinkind/").content.decode()

    sections = dict(re.findall(r'<h2 id="sector-(\w+)">.*?</h2>(.*?)</section>', html, re.S))
    assert list(sections) == ["health", "education", "youth", "social"]  # chain order
    assert result_names(sections["health"]) == ["Familienhebamme"]
    assert result_names(sections["youth"]) == ["Familienhebamme"]  # in both of its sectors
    assert result_names(sections["social"]) == ["Krabbelgruppe"]
    assert "noch keine Angebote" in sections["education"]  # the gap is visible
    assert "Entwurf" not in html and "Lernhilfe" not in html
    assert 'href="/de/schwangerschaft-und-geburt/" rel="prev"' in html
    assert 'href="/de/kita-alter/" rel="next"' in html


def test_first_and_last_life_stage_have_one_neighbour(client):
    first = client.get("/de/schwangerschaft-und-geburt/").content.decode()
    last = client.get("/de/uebergang-schule-beruf/").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_life_stage_page_in_arabic_reads_right_to_left_with_its_arabic_intro(client):
    html = client.get("/ar/kita-alter/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>سن الروضة (3–6)</h1>" in html
    assert '<p class="lead">الحضانة والرعاية النهارية' in html  # seeded translation


# --- provider pages --------------------------------------------------------------------
def test_provider_page_lists_its_published_offers(client):
    provider = ProviderFactory(name="Familienzentrum Ost", slug="fz-ost", phone="0241 1")
    OfferFactory(name="Elterncafé", provider=provider)
    OfferFactory(name="Entwurf", provider=provider, live=False)
    OfferFactory(name="Fremdes Angebot")

    response = client.get("/de/anbieter/fz-ost/")

    html = response.content.decode()
    assert response.status_code == 200
    assert result_names(html) == ["Elterncafé"]
    assert 'href="tel:02411"' in html


def test_unknown_provider_or_one_without_published_offers_is_404(client):
    provider = ProviderFactory(slug="nur-entwuerfe")
    OfferFactory(provider=provider, live=False)
    for url in ["/de/anbieter/nur-entwuerfe/", "/de/anbieter/gibt-es-nicht/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Seite nicht gefunden" in response.content.decode()


def test_not_found_page_speaks_the_language_of_the_address(client):
    response = client.get("/uk/angebote/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


# --- offer page ------------------------------------------------------------------------
def test_offer_page_ranks_related_offers_by_topics_then_district_then_life_stage(client):
    stillen, ernaehrung = TopicFactory(name="Stillen"), TopicFactory(name="Ernährung")
    mitte, brand = (District.objects.create(name=n, slug=n.lower()) for n in ("Mitte", "Brand"))

    def offer(name, stages, topics=(), district=None):
        created = OfferFactory(name=name, life_stages=stages)
        created.topics.set(topics)
        created.save()  # parental relations are written with the offer
        if district:
            Location.objects.create(offer=created, street="Markt 1", district=district)
        return created

    viewed = offer("Stillberatung", ["infant"], [stillen, ernaehrung], mitte)
    # Names run against the ranking, so an order by name cannot pass.
    offer("Zwei gemeinsame Themen", ["transition"], [stillen, ernaehrung], brand)
    offer("Yoga mit einem Thema", ["primary"], [stillen])
    offer("Xylophon im selben Stadtteil", ["infant"], district=mitte)
    offer("Babymassage", ["infant"])  # only the life stage: after the others
    offer("Wiegenlieder", ["infant"], district=brand)  # the same, later by name: not shown
    offer("Bewerbungstraining", ["transition"], district=mitte)  # nothing to share

    html = client.get(viewed.get_absolute_url()).content.decode()
    related = result_names(html[html.index('id="related"') :])

    assert related == [
        "Zwei gemeinsame Themen",
        "Yoga mit einem Thema",
        "Xylophon im selben Stadtteil",
        "Babymassage",
    ]


def test_offer_page_has_schema_org_data_that_text_cannot_break_out_of(client):
    offer = OfferFactory(name="Hilfe </script><script>alert(1)</script>", cost="free", min_age=0)
    Location.objects.create(
        offer=offer, street="Markt 1", postcode="52062", city="Aachen", latitude=50.7, longitude=6.1
    )
    html = client.get(offer.get_absolute_url()).content.decode()

    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)[1]
    data = json.loads(block)
    assert data["@type"] == "Service" and data["name"] == offer.name
    assert data["offers"]["price"] == 0
    assert data["audience"]["suggestedMinAge"] == 0
    assert data["availableChannel"]["serviceLocation"][0]["address"]["postalCode"] == "52062"
    assert "<script>alert" not in html


def test_offer_page_shows_translation_and_marks_german_fallback(client):
    offer = OfferFactory(name="Hebammensprechstunde", description="Hebammen beantworten Fragen.")
    OfferTranslation.objects.create(offer=offer, language="ar", name="استشارة القابلة")

    arabic = client.get(f"/ar/angebote/{offer.slug}/").content.decode()
    english = client.get(f"/en/angebote/{offer.slug}/").content.decode()
    german = client.get(f"/de/angebote/{offer.slug}/").content.decode()

    assert "<h1>استشارة القابلة</h1>" in arabic
    assert '<div class="description" lang="de" dir="ltr"><p>Hebammen' in arabic
    assert "لم تُترجم بعد" in arabic  # "not yet translated" notice
    assert '<h1 lang="de" dir="ltr">Hebammensprechstunde</h1>' in english
    assert "<h1>Hebammensprechstunde</h1>" in german and "not yet translated" not in german


def test_offer_page_shows_easy_read_text_when_present(client):
    plain = OfferFactory()
    easy = OfferFactory(easy_read="Sie haben ein Baby.\nWir helfen.")
    assert "Leichte Sprache" not in client.get(plain.get_absolute_url()).content.decode()
    html = client.get(easy.get_absolute_url()).content.decode()
    assert '<h2 id="easy-read">Leichte Sprache</h2>' in html and "Wir helfen." in html


def test_offer_page_map_marks_the_location_in_its_district(client):
    district = District.objects.create(name="Mitte", slug="mitte", outline=MITTE_OUTLINE)
    offer = OfferFactory()
    Location.objects.create(
        offer=offer, street="Markt 1", district=district, latitude=50.775, longitude=6.085
    )
    html = client.get(offer.get_absolute_url()).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'class="district highlighted"' in svg and "<title>Mitte</title>" in svg
    x, y = map(float, re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg).groups())
    assert 0 < x < 600 and y > 0  # inside the drawing, with a decimal point in any language


def test_district_outline_must_be_a_geojson_polygon():
    for outline in [
        {"type": "Point", "coordinates": [6.0, 50.0]},
        {"type": "Polygon", "coordinates": [[[6.0, 50.0], [6.1, 50.0]]]},
        {"type": "Polygon", "coordinates": [[[600, 50], [6.1, 50], [6.1, 51], [600, 50]]]},
        "nonsense",
    ]:
        with pytest.raises(ValidationError):
            District(name="X", slug="x", outline=outline).full_clean()
    district = District(name="Mitte", slug="mitte", outline=MITTE_OUTLINE)
    district.full_clean()
    lat, lon = district.centre
    assert lat == pytest.approx(50.775) and lon == pytest.approx(6.085)


def test_root_redirects_by_the_browsers_language(client):
    assert client.get("/", headers={"accept-language": "ar"})["Location"] == "/ar/"
    assert client.get("/", headers={"accept-language": "fr"})["Location"] == "/de/"

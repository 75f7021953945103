"""What a family sees without logging in: the home page, offer lists and offer pages."""

import pytest
from wagtail.models import Site

from cms.models import HomePage
from directory.models import Location
from tests.factories import OfferFactory, draft_offer

pytestmark = pytest.mark.django_db


def test_fresh_install_has_a_home_page_as_site_root(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/de/")
    assert response.status_code == 200
    assert "Hilfe und Unterstützung für Familien" in response.content.decode()


def test_home_page_shows_the_chain_with_published_offer_counts(client):
    OfferFactory(life_stages=["infant", "preschool"])
    OfferFactory(life_stages=["infant"])
    OfferFactory(life_stages=["infant"], live=False)

    html = client.get("/de/").content.decode()

    assert html.index("Schwangerschaft &amp; Geburt") < html.index("Baby &amp; Kleinkind")
    assert 'href="/de/baby-und-kleinkind/"' in html  # the life-stage page
    assert 'action="/de/angebote/" role="search"' in html
    assert "2 Angebote" in html and "1 Angebot" in html


def test_offer_page_shows_what_where_when_and_contact(client):
    offer = OfferFactory(
        name="Stillcafé Ost",
        min_age=0,
        max_age=1,
        cost="free",
        phone="0241 123 45",
        email="still@example.org",
    )
    Location.objects.create(
        offer=offer,
        street="Marktplatz 1",
        postcode="52062",
        city="Aachen",
        wheelchair_accessible=True,
        opening_hours=[
            {"type": "regular", "value": {"weekday": "tue", "opens": "14:00", "closes": "16:00"}},
            {"type": "regular", "value": {"weekday": "mon", "opens": "09:00", "closes": "12:00"}},
            {
                "type": "exception",
                "value": {"starts_on": "2026-12-24", "ends_on": "2027-01-01", "closed": True},
            },
        ],
    )
    html = client.get(offer.get_absolute_url()).content.decode()

    assert "<h1>Stillcafé Ost</h1>" in html
    assert "0–1 Jahr<" in html and "kostenlos" in html
    assert html.index("Montag") < html.index("Dienstag")
    assert "09:00–\u206012:00" in html and "14:00–\u206016:00" in html
    assert "geschlossen" in html and "Rollstuhlgerecht" in html
    assert 'href="tel:024112345"' in html and 'href="mailto:still@example.org"' in html


def test_draft_and_unknown_offers_answer_404_in_german(client):
    offer = draft_offer()
    for url in [offer.get_absolute_url(), "/de/angebote/gibt-es-nicht/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Seite nicht gefunden" in response.content.decode()


def test_every_page_shows_the_help_strip_with_callable_numbers(client):
    for url in ["/de/", "/de/angebote/", "/de/angebote/gibt-es-nicht/"]:
        html = client.get(url).content.decode()
        assert 'href="#hilfe"' in html
        assert '<aside id="hilfe"' in html
        assert '<a href="tel:116117" dir="ltr">116 117</a>' in html
        assert "Nummer gegen Kummer" in html


def test_editors_change_the_help_strip_in_the_site_settings(client):
    from cms.models import HelpSettings

    settings = HelpSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contacts = [
        {"type": "contact", "value": {"label": "Kindernotdienst Stadt", "phone": "0241 432 0"}}
    ]
    settings.save()
    html = client.get("/de/").content.decode()
    assert '<a href="tel:02414320" dir="ltr">0241 432 0</a>' in html
    assert "116 117" not in html


def test_without_contacts_there_is_no_empty_strip(client):
    from cms.models import HelpSettings

    settings = HelpSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contacts = []
    settings.save()
    html = client.get("/de/").content.decode()
    assert 'id="hilfe"' not in html and 'href="#hilfe"' not in html

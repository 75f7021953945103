"""What a family needs to act on an offer: ages as people say them, the way there, easy
German where expected, the radius of "near", the sheet's practical facts and the shared
list on the family's phone."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from cms.models import HelpSettings
from directory.models import District, Language, Location
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


AGE_LABEL = {"de": "<dt>Alter</dt>", "ar": "<dt>العمر</dt>", "en": "<dt>Age</dt>"}


def age_text(client, offer, language: str) -> str:
    html = client.get(f"/{language}/angebote/{offer.slug}/").content.decode()
    return re.search(r"<dd>([^<]*)</dd>", html.split(AGE_LABEL[language])[1]).group(1)


@pytest.mark.parametrize(
    ("ages", "language", "expected"),
    [
        ((None, 0), "de", "unter 1 Jahr"),
        ((0, 0), "de", "unter 1 Jahr"),
        ((None, 3), "de", "0–3 Jahre"),
        ((16, None), "de", "ab 16 Jahren"),
        ((6, 6), "de", "6 Jahre"),
        ((None, 0), "en", "under 1 year"),
        ((3, 6), "en", "3–6 years"),
        ((0, 3), "ar", "من 0 إلى 3 سنوات"),
    ],
)
def test_ages_read_as_people_say_them(client, ages, language, expected):
    offer = OfferFactory(min_age=ages[0], max_age=ages[1])
    assert age_text(client, offer, language) == expected


def located_offer(**fields):
    offer = OfferFactory(name="Elterncafé Brand", **fields)
    district = District.objects.create(name="Brand", slug="brand")
    Location.objects.create(
        offer=offer,
        street="Marktplatz 59",
        postcode="52078",
        city="Aachen",
        district=district,
        latitude="50.748300",
        longitude="6.164200",
        transport_note="Bus 35 bis Brand Markt",
        opening_hours=[
            {"type": "regular", "value": {"weekday": "mon", "opens": "09:00", "closes": "12:00"}},
            {"type": "regular", "value": {"weekday": "mon", "opens": "14:00", "closes": "17:00"}},
        ],
    )
    return offer


def test_the_address_links_to_routes_in_map_apps_and_names_the_bus(client):
    offer = located_offer()
    html = client.get(f"/ar/angebote/{offer.slug}/").content.decode()

    assert 'href="geo:50.748300%2C6.164200?q=50.748300%2C6.164200(' in html
    assert 'href="https://www.openstreetmap.org/directions?route=%3B50.748300%2C6.164200"' in html
    assert "google.com/maps/dir/?api=1&amp;destination=50.748300%2C6.164200" in html
    assert '<span lang="de" dir="ltr">Bus 35 bis Brand Markt</span>' in html
    # The street and "postcode city" stay intact inside the Arabic page.
    assert '<bdi dir="ltr">Marktplatz 59</bdi><br><bdi dir="ltr">52078 Aachen</bdi>' in html


def test_easy_german_leads_on_the_german_page_and_follows_the_facts_elsewhere(client):
    offer = OfferFactory(easy_read="Hier können Eltern mit Babys hin.")
    german = client.get(f"/de/angebote/{offer.slug}/").content.decode()
    ukrainian = client.get(f"/uk/angebote/{offer.slug}/").content.decode()

    assert german.index('id="easy-read"') < german.index('id="for-whom"')
    assert ukrainian.index('id="how"') < ukrainian.index('id="easy-read"')
    assert "Проста німецька мова" in ukrainian


def test_language_names_in_arabic_include_ukrainian(client):
    offer = OfferFactory()
    offer.languages.set(Language.objects.filter(code__in=["uk", "ar"]))
    offer.save()
    html = client.get(f"/ar/angebote/{offer.slug}/").content.decode()
    assert "الأوكرانية" in html and "Ukrainian" not in html


def test_favicon_exists(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")


@pytest.mark.parametrize(
    ("language", "wording"),
    [("tr", "Kaydedilenler"), ("ar", "قائمتي"), ("uk", "Обране"), ("de", "Merkliste")],
)
def test_the_shortlist_is_named_as_people_say_it(client, language, wording):
    assert (
        f'{wording} <span class="badge">' in client.get(f"/{language}/merkliste/").content.decode()
    )


def test_long_german_words_carry_soft_hyphens_even_on_an_arabic_page():
    offer = OfferFactory(name="Bewegungskindergarten Nachmittag")
    html = Client().get(f"/ar/angebote/{offer.slug}/").content.decode()
    assert '<h1 lang="de" dir="ltr">Be\xadwe\xadgungs\xadkin\xadder\xadgar\xadten' in html


def test_the_sheet_has_cost_closures_ahead_and_emergency_numbers_in_its_language(client):
    today = timezone.localdate()
    offer = located_offer(cost="free", access="referral")
    location = offer.locations.get()
    location.opening_hours = [
        *location.opening_hours.raw_data,
        {
            "type": "exception",
            "value": {"starts_on": str(today + datetime.timedelta(days=10)), "closed": True},
        },
        {
            "type": "exception",
            "value": {"starts_on": str(today + datetime.timedelta(days=60)), "closed": True},
        },
    ]
    location.save()
    client.post("/de/merkliste/aendern/", {"offer": offer.slug, "action": "add"})

    sheet = client.post("/de/merkliste/bogen/", {"language": "ar", "html": "1"}).content.decode()

    soon = (today + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    later = (today + datetime.timedelta(days=60)).strftime("%d/%m/%Y")
    assert "التكلفة:</span> مجاني" in sheet
    assert f'<bdi dir="ltr">\u202a{soon}\u202c</bdi>: مغلق' in sheet
    assert later not in sheet  # beyond four weeks
    assert '<span>الشرطة</span>: <span class="phone"><bdi dir="ltr">\u202a110\u202c</bdi>' in sheet
    assert '<bdi dir="ltr">\u202aMarktplatz 59, 52078 Aachen\u202c</bdi>' in sheet
    arabic_comma = "\u060c "
    first, second = "09:00–\u206012:00", "14:00–\u206017:00"  # never broken after the dash
    assert f'\u202a{first}\u202c</bdi>{arabic_comma}<bdi dir="ltr">\u202a{second}' in sheet


def test_the_shared_list_shows_address_hours_phone_and_a_route(client):
    offer = located_offer(phone="0241 555 12")
    client.post("/de/merkliste/aendern/", {"offer": offer.slug, "action": "add"})
    url = client.post("/de/merkliste/bogen/", {"language": "tr", "share": "1"})["Location"]

    phone = Client().get(url).content.decode()

    assert "Marktplatz 59, 52078 Aachen" in phone
    assert "09:00–\u206012:00" in phone
    assert 'href="tel:024155512"' in phone
    assert 'href="geo:50.748300%2C6.164200' in phone


def test_only_who_made_the_share_link_is_shown_how_to_pass_it_on_in_their_language(client):
    """The maker (German site) gets the link, a copy button, the QR code and the way back
    in German on the Turkish list; the family's page is the list alone."""
    offer = located_offer(phone="0241 555 12")
    client.post("/de/merkliste/aendern/", {"offer": offer.slug, "action": "add"})
    url = client.post("/de/merkliste/bogen/", {"language": "tr", "share": "1"})["Location"]

    maker = client.get(url).content.decode()
    family = Client().get(url).content.decode()

    assert 'class="share-box" lang="de" dir="ltr">' in maker
    assert "Diesen Link der Familie schicken" in maker and ">Link kopieren</button>" in maker
    assert f'data-copy="http://testserver{url}"' in maker
    assert 'href="/de/merkliste/"' in maker and "<svg" in maker  # the way back, the QR code
    assert "share-box" not in family and "data-copy" not in family and "<svg" not in family
    assert "Marktplatz 59, 52078 Aachen" in family
    # the offer has no Turkish texts: the family is told why it reads German
    assert '<p class="hint" role="note">Kısmen Almanca: henüz çevrilmedi.</p>' in family


def test_the_help_strip_settings_keep_numbers_when_words_are_translated():
    settings = HelpSettings.objects.get()
    numbers = [contact.value["phone"] for contact in settings.contacts]
    assert numbers == ["110", "112", "116 117", "116 111", "0800 111 0 550", "116 016"]
    assert all(contact.value["label_ar"] for contact in settings.contacts)

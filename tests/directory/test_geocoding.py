"""Every address gets a position: from the geocoding service (a local stand-in speaking
Nominatim's format), else the postcode's or the district's centre, with its source."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import Location, Offer, PositionSource
from directory.services.geocoding import geocode_address, position_for
from tests.directory.test_admin import ADD_URL, edit_url, filled_add_form, form_data
from tests.factories import DistrictFactory, OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db

SQUARE = {  # a district of 0.02° × 0.02° around (50.78, 6.09)
    "type": "Polygon",
    "coordinates": [[[6.08, 50.77], [6.10, 50.77], [6.10, 50.79], [6.08, 50.79], [6.08, 50.77]]],
}


def located(postcode: str, lat: str, lon: str) -> Location:
    return Location.objects.create(
        offer=OfferFactory(),
        street="Irgendwo 1",
        postcode=postcode,
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        position_source=PositionSource.ADDRESS,
    )


def test_an_address_is_located_by_the_service_and_asked_only_once(nominatim):
    first = geocode_address("Adalbertsteinweg 100", "52070", "Aachen")
    again = geocode_address("Adalbertsteinweg 100", "52070", "Aachen")

    assert first == again == (Decimal("50.7712"), Decimal("6.1109"))
    searches = [r for r in nominatim.requests if "street" in r]
    assert len(searches) == 1  # the second answer came from the cache
    assert searches[0]["postalcode"] == "52070" and searches[0]["countrycodes"] == "de"


def test_without_a_service_the_postcode_centre_of_our_own_addresses_stands_in(settings):
    settings.GEOCODER_URL = ""
    located("52062", "50.770000", "6.080000")
    located("52062", "50.780000", "6.090000")
    located("52064", "50.700000", "6.000000")  # another postcode does not count

    position = position_for(Location(street="Neu 3", postcode="52062"))

    assert (position.latitude, position.longitude) == (Decimal("50.775"), Decimal("6.085"))
    assert position.source == PositionSource.POSTCODE


def test_an_unreachable_service_falls_back_to_the_district_centre(settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9"  # discard port: nothing answers
    settings.GEOCODER_TIMEOUT_SECONDS = 1
    district = DistrictFactory(outline=SQUARE)

    position = position_for(Location(street="Neu 3", postcode="99999", district=district))

    assert position.source == PositionSource.DISTRICT
    assert (round(position.latitude, 4), round(position.longitude, 4)) == (
        Decimal("50.78"),
        Decimal("6.09"),
    )


def test_an_offer_saved_without_coordinates_gets_its_position_and_its_source_is_shown(
    client, editor, nominatim
):
    client.force_login(editor)
    data = filled_add_form(client, ProviderFactory())
    data.update(
        {
            "locations-TOTAL_FORMS": "1",
            "locations-0-street": "Adalbertsteinweg 100",
            "locations-0-postcode": "52070",
            "locations-0-city": "Aachen",
            "locations-0-opening_hours-count": "0",
            "locations-0-ORDER": "1",
        }
    )

    assert client.post(ADD_URL, data).status_code == 302

    location = Offer.objects.get().locations.get()
    assert (location.latitude, location.longitude) == (Decimal("50.7712"), Decimal("6.1109"))
    assert location.position_source == PositionSource.ADDRESS
    page = client.get(edit_url(location.offer)).content.decode()
    assert "Position aus der Adresse" in page


def test_coordinates_typed_by_the_editor_are_kept_as_set_by_hand(client, moderator, nominatim):
    offer = OfferFactory()
    Location.objects.create(offer=offer, street="Adalbertsteinweg 100", postcode="52070")
    client.force_login(moderator)
    data = form_data(client, edit_url(offer))
    data.update({"locations-0-latitude": "50.7700", "locations-0-longitude": "6.1000"})

    assert client.post(edit_url(offer), data).status_code == 302

    offer.refresh_from_db()
    location = offer.get_latest_revision_as_object().locations.get()
    assert location.latitude == Decimal("50.7700")
    assert location.position_source == PositionSource.MANUAL


def test_listing_filter_shows_offers_without_an_exact_position(client, moderator, settings):
    settings.GEOCODER_URL = ""
    rough = OfferFactory(name="Grob verortet")
    Location.objects.create(
        offer=rough, latitude=1, longitude=1, position_source=PositionSource.DISTRICT
    )
    exact = OfferFactory(name="Genau verortet")
    Location.objects.create(offer=exact, latitude=1, longitude=1, position_source="address")
    client.force_login(moderator)

    response = client.get(reverse("wagtailsnippets_directory_offer:list"), {"position": "rough"})

    names = [offer.name for offer in response.context["object_list"]]
    assert names == ["Grob verortet"]


def test_command_locates_existing_offers(nominatim):
    district = DistrictFactory(outline=SQUARE)
    by_address = Location.objects.create(
        offer=OfferFactory(), street="Adalbertsteinweg 100", postcode="52070"
    )
    by_district = Location.objects.create(
        offer=OfferFactory(), street="Unbekannt 1", postcode="00000", district=district
    )
    by_hand = located("52070", "50.1", "6.1")
    by_hand.position_source = PositionSource.MANUAL
    by_hand.save()

    call_command("locate_offers")

    by_address.refresh_from_db(), by_district.refresh_from_db(), by_hand.refresh_from_db()
    assert by_address.position_source == PositionSource.ADDRESS
    assert by_address.latitude == Decimal("50.7712")
    assert by_district.position_source == PositionSource.DISTRICT
    assert by_hand.latitude == Decimal("50.1")  # never overwritten

"""Duplicate warnings: same provider and similar name, or same address and similar name;
on save in the admin and on import. Never blocking."""

import pytest

from directory.duplicates import likely_duplicates
from directory.interchange.csv_import import offers_import_csv
from directory.models import Location
from tests.directory.csv_helpers import csv_bytes, row
from tests.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def elterncafe():
    provider = ProviderFactory(name="Familienzentrum Ost")
    offer = OfferFactory(name="Elterncafé am Markt", provider=provider)
    Location.objects.create(offer=offer, street="Marktplatz 1", postcode="52062")
    return offer


@pytest.mark.parametrize(
    ("name", "same_provider", "address", "expected"),
    [
        ("Elterncafe am Markt", True, None, "provider"),  # accent and case differ
        ("Eltern-Café Am Markt", True, None, "provider"),
        ("Hausaufgabenhilfe", True, None, None),
        ("Elterncafé Markt", False, ("marktplatz 1", "52062"), "address"),
        ("Elterncafé Markt", False, ("Marktplatz 1", "52064"), None),  # other postcode
        ("Elterncafé am Markt", False, None, None),  # other provider, no address: a chain
    ],
)
def test_likely_duplicates(elterncafe, name, same_provider, address, expected):
    found = likely_duplicates(
        name=name,
        provider_id=elterncafe.provider_id if same_provider else ProviderFactory().pk,
        addresses=[address] if address else [],
    )
    assert [d.reason for d in found] == ([expected] if expected else [])
    if expected:
        assert found[0].offer == elterncafe


def test_an_offer_is_not_its_own_duplicate(elterncafe):
    assert (
        likely_duplicates(
            name=elterncafe.name,
            provider_id=elterncafe.provider_id,
            addresses=[],
            exclude_pk=elterncafe.pk,
        )
        == []
    )


def test_import_warns_about_a_likely_duplicate_and_still_imports(elterncafe):
    report = offers_import_csv(
        file=csv_bytes(row(name="Elterncafe am Markt", provider="Familienzentrum Ost")),
        publish=True,
    )
    assert report.written and report.created == ["SRC-1"]
    (warning,) = report.warnings
    assert warning.startswith("Zeile 2: möglicherweise dasselbe wie „Elterncafé am Markt“")
    assert f"/admin/snippets/directory/offer/edit/{elterncafe.pk}/" in warning


def test_saving_in_the_admin_shows_a_warning_with_a_link(client, moderator, elterncafe):
    from tests.directory.test_admin import ADD_URL, filled_add_form

    client.force_login(moderator)
    data = filled_add_form(client, elterncafe.provider)
    data["name"] = "Elterncafe am Markt"
    response = client.post(ADD_URL, data, follow=True)
    html = response.content.decode()
    assert "Mögliche Dublette: „Elterncafé am Markt“ (gleicher Träger, ähnlicher Name)." in html
    assert f"/admin/snippets/directory/offer/edit/{elterncafe.pk}/" in html

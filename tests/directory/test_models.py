"""The database itself rejects impossible values, whatever writes them."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from directory.models import LifeStage, Location, Offer, Sector
from tests.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_life_stages_are_seeded_in_chain_order():
    assert list(LifeStage.objects.values_list("code", flat=True)) == [
        "pregnancy",
        "infant",
        "preschool",
        "primary",
        "secondary",
        "transition",
    ]
    infant = LifeStage.objects.get(code="infant")
    assert (infant.name, infant.min_age, infant.max_age) == ("Baby & Kleinkind (0–3)", 0, 2)


def test_sectors_are_the_four_fields_of_action():
    assert dict(Sector.objects.values_list("code", "name")) == {
        "health": "Gesundheit",
        "education": "Bildung",
        "youth": "Kinder- und Jugendhilfe",
        "social": "Soziales",
    }


def _update_must_fail(model, pk, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=pk).update(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"min_age": 28},
        {"max_age": 99},
        {"min_age": 10, "max_age": 3},
        {"cost": "cheap"},
        {"access": "sometimes"},
    ],
)
def test_database_rejects_impossible_offer_values(fields):
    offer = OfferFactory()
    _update_must_fail(Offer, offer.pk, **fields)
    offer.refresh_from_db()
    assert offer.min_age is None and offer.cost == ""


def test_open_and_equal_age_bounds_are_allowed():
    offer = OfferFactory()
    Offer.objects.filter(pk=offer.pk).update(min_age=3, max_age=3)
    Offer.objects.filter(pk=offer.pk).update(min_age=None, max_age=27)
    offer.refresh_from_db()
    assert (offer.min_age, offer.max_age) == (None, 27)


@pytest.mark.parametrize(
    "fields",
    [
        {"latitude": Decimal("90.5"), "longitude": Decimal("6")},
        {"latitude": Decimal("50"), "longitude": Decimal("-181")},
        {"latitude": Decimal("50"), "longitude": None},
    ],
)
def test_database_rejects_impossible_coordinates(fields):
    location = Location.objects.create(offer=OfferFactory(), street="Markt 1")
    _update_must_fail(Location, location.pk, **fields)


def test_slugs_are_unique():
    OfferFactory(slug="stillcafe")
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(slug="stillcafe")


def test_external_ids_are_unique_but_many_offers_may_have_none():
    OfferFactory(external_id="")
    OfferFactory(external_id="")
    OfferFactory(external_id="SRC-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(external_id="SRC-1")
    assert Offer.objects.count() == 3


def test_provider_names_are_unique_regardless_of_case():
    ProviderFactory(name="Familienwege e.V.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory(name="FAMILIENWEGE E.V.")


def test_offer_is_stale_after_the_configured_period(settings):
    settings.DIRECTORY_STALE_AFTER_DAYS = 365
    today = timezone.localdate()
    fresh = OfferFactory(last_verified=today - datetime.timedelta(days=365))
    old = OfferFactory(last_verified=today - datetime.timedelta(days=366))
    never = OfferFactory(last_verified=None)
    assert (fresh.is_stale, old.is_stale, never.is_stale) == (False, True, True)
    assert set(Offer.objects.stale()) == {old, never}


def test_public_offers_are_what_families_see_unless_the_reader_is_a_professional():
    """Asking for public offers without naming the reader gives the families' view, so a
    forgotten argument can never leak an offer for professionals only."""
    for_everyone = OfferFactory()
    for_professionals = OfferFactory(professionals_only=True)
    OfferFactory(live=False)
    assert list(Offer.objects.public()) == [for_everyone]
    assert set(Offer.objects.public(professional=True)) == {for_everyone, for_professionals}

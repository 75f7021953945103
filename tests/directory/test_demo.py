"""Demo and benchmark data: realistic, complete across the chain, deterministic."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from directory.demo import demo_data
from directory.models import LifeStage, Location, Offer, PositionSource, Sector
from directory.services.geocoding import position_for

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_directory")
class TestDemoDirectory:
    """The demo as `load_demo` makes it (once per worker); each test reads it in its own
    savepoint."""

    def test_covers_every_life_stage_and_sector_cell(self):
        published = Offer.objects.published()
        assert published.count() >= 150
        for stage in LifeStage.objects.all():
            for sector in Sector.objects.all():
                cell = published.filter(life_stages=stage, sectors=sector)
                assert cell.exists(), f"no demo offer for {stage.code} × {sector.code}"
        assert published.filter(languages__code="ar").distinct().count() >= 10
        assert published.filter(languages__code="tr").distinct().count() >= 10
        assert all(offer.revisions.count() == 1 for offer in published[:20])

    def test_locations_lie_in_their_district(self):
        centres = {d["name"]: d for d in demo_data()["districts"]}
        locations = Location.objects.select_related("district")
        assert locations.count() >= 150
        for location in locations:
            centre = centres[location.district.name]
            assert abs(location.latitude - Decimal(str(centre["lat"]))) < Decimal("0.01")
            assert abs(location.longitude - Decimal(str(centre["lon"]))) < Decimal("0.015")
            assert location.regular_hours(), "every demo location has opening hours"

    def test_a_new_address_is_placed_at_its_postcode_without_a_geocoder(self, settings):
        settings.GEOCODER_URL = ""
        postcode = Location.objects.first().postcode
        new = Location(street="Trierer Straße 1", postcode=postcode, city="Aachen")

        position = position_for(new)

        assert position is not None and position.source == PositionSource.POSTCODE

    def test_loading_again_changes_nothing(self, capsys):
        count = Offer.objects.count()
        call_command("load_demo")
        assert Offer.objects.count() == count
        assert "bereits geladen" in capsys.readouterr().out


def test_generate_offers_is_deterministic_per_seed(capsys):
    call_command("generate_offers", "120", "--seed", "7", "--batch-size", "50")
    first = list(Offer.objects.order_by("slug").values_list("slug", "name", "min_age"))
    assert len(first) == 120

    call_command("generate_offers", "120", "--seed", "7")
    assert list(Offer.objects.order_by("slug").values_list("slug", "name", "min_age")) == first

    call_command("generate_offers", "120", "--seed", "8")
    assert Offer.objects.count() == 240
    assert "120 Angebote erzeugt" in capsys.readouterr().out


def test_generated_offers_are_complete_and_published():
    call_command("generate_offers", "30", "--seed", "3")
    for offer in Offer.objects.prefetch_related("life_stages", "sectors", "locations"):
        assert offer.live
        assert offer.life_stages.exists() and offer.sectors.exists()
        assert offer.locations.count() == 1


@pytest.mark.parametrize("bad", ["0", "-5", "zehn"])
def test_generate_offers_rejects_bad_counts(bad):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("generate_offers", bad)
    assert not Offer.objects.exists()

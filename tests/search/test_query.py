"""The engine-neutral request: distances both engines report."""

import math

import pytest

from search.query import GeoPoint


def test_opposite_points_on_earth_are_half_its_circumference_apart():
    """For some antipodes rounding pushes the haversine term a hair above 1; the distance
    must still come out (half the circumference), not fail."""
    here = GeoPoint(-6.377647337239125, -146.93007968748378)
    opposite = GeoPoint(6.377647337239125, 33.06992031251622)
    assert here.distance_km(opposite) == pytest.approx(math.pi * 6371.0088)
    assert opposite.distance_km(here) == pytest.approx(math.pi * 6371.0088)

"""Registers the public site's parts that the admin uses."""

from wagtail import hooks

from directory.admin.panels import LocationMapPanel
from directory.models import District, Offer

from .maps import Marker, static_map
from .views.offers import offer_page

# The offer preview in the admin is the public offer page.
hooks.register(Offer.PUBLIC_PAGE_HOOK, offer_page)


def location_map(locations):
    """The district map with an offer's locations, for the offer editor."""
    markers = [
        Marker(float(loc.latitude), float(loc.longitude), str(loc) or loc.name) for loc in locations
    ]
    return static_map(list(District.objects.all()), markers)


hooks.register(LocationMapPanel.MAP_HOOK, location_map)

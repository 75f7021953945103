"""Registers the public site's parts that the admin uses."""

from wagtail import hooks

from directory.models import Offer

from .views.offers import offer_page

# The offer preview in the admin is the public offer page.
hooks.register(Offer.PUBLIC_PAGE_HOOK, offer_page)

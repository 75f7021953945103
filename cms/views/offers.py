"""The public offer page; the admin preview renders the same page with the same context."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from directory.models import Offer
from directory.roles import is_professional
from directory.selectors import district_outlines, offer_get_published, offer_list_related
from directory.translation import offer_texts

from .. import maps, structured_data


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        offer = offer_get_published(slug=slug, professional=is_professional(request.user))
    except Offer.DoesNotExist as error:
        raise Http404 from error
    return render(request, *offer_page(request, offer))


def offer_page(request: HttpRequest, offer: Offer) -> tuple[str, dict]:
    """The offer page's template and context; the admin preview renders the same."""
    return "cms/offer_detail.html", offer_page_context(request, offer)


def offer_page_context(request: HttpRequest, offer: Offer) -> dict:
    """What the offer page shows; also used by the admin preview, which shows the same."""
    texts = offer_texts(offer, get_language())
    professional = is_professional(request.user)
    related = offer_list_related(offer, professional=professional) if offer.live else []
    return {
        "offer": offer,
        "texts": texts,
        "static_map": maps.offer_map(offer, district_outlines),
        "related": related,
        "professional": professional,
        "json_ld": structured_data.offer_json_ld(request, offer, texts),
    }

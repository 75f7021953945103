from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from directory.models import LifeStage, Offer, Sector
from directory.selectors import offer_get_published, offer_list_published

OFFERS_PER_PAGE = 20


def offer_list(request: HttpRequest) -> HttpResponse:
    # Unknown codes are ignored rather than answered with an error page: a family
    # following an old link should still see offers.
    life_stage = LifeStage.objects.filter(code=request.GET.get("life_stage", "")).first()
    sector = Sector.objects.filter(code=request.GET.get("sector", "")).first()
    offers = offer_list_published(
        life_stage=life_stage.code if life_stage else None,
        sector=sector.code if sector else None,
    )
    page = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/offer_list.html",
        {"page": page, "life_stage": life_stage, "sector": sector},
    )


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        offer = offer_get_published(slug=slug)
    except Offer.DoesNotExist as error:
        raise Http404 from error
    return render(request, "directory/offer_detail.html", {"offer": offer})

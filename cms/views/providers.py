"""A provider's public page with its published offers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from directory.models import Provider
from directory.roles import is_professional
from directory.selectors import provider_get_with_offers


def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        provider, offers = provider_get_with_offers(
            slug=slug, professional=is_professional(request.user)
        )
    except Provider.DoesNotExist as error:
        raise Http404 from error
    if not offers:  # a provider without published offers has no public page
        raise Http404
    return render(request, "cms/provider_detail.html", {"provider": provider, "offers": offers})

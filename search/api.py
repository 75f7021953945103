"""The public JSON search API (docs/api.md). Thin: validate, call the service, serialise."""

from dataclasses import replace

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from directory.roles import is_professional

from .forms import SearchParametersForm, SuggestParametersForm
from .openapi import search_api_description
from .services import offer_search, offer_suggest

JSON_OPTIONS = {"ensure_ascii": False}


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    form = SearchParametersForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.error_dict()}, status=400)
    # Offers for professionals only are in the answer only for a logged-in professional.
    query = replace(form.to_query(), include_professional=is_professional(request.user))
    response = offer_search(query=query)
    return JsonResponse(response.as_dict(), json_dumps_params=JSON_OPTIONS)


@require_GET
def suggest_api(request: HttpRequest) -> JsonResponse:
    form = SuggestParametersForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.error_dict()}, status=400)
    text = form.cleaned_data["q"]
    return JsonResponse(
        {
            "q": text,
            "suggestions": offer_suggest(text=text, professional=is_professional(request.user)),
        },
        json_dumps_params=JSON_OPTIONS,
    )


@require_GET
def api_description(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 document of this API, built from the forms that validate it."""
    server = request.build_absolute_uri(reverse("search_api")).removesuffix("search/")
    return JsonResponse(
        search_api_description(server=server.rstrip("/")), json_dumps_params=JSON_OPTIONS
    )

"""The public JSON search API (docs/api.md). Thin: validate, call the service, serialise."""

from dataclasses import replace

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.roles import is_professional

from .forms import SearchParametersForm
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
    text = request.GET.get("q", "").strip()
    if not text:
        return JsonResponse({"errors": {"q": [_("Please enter a search term.")]}}, status=400)
    return JsonResponse(
        {"q": text, "suggestions": offer_suggest(text=text)}, json_dumps_params=JSON_OPTIONS
    )

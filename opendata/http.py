"""What every HSDS API answer shares: read-only CORS, caching headers with conditional
GET, a per-client rate limit, and JSON in one place."""

import datetime
import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

READ_METHODS = ("GET", "HEAD")
RATE_WINDOW_SECONDS = 60


def json_response(
    data, *, status: int = 200, last_modified: datetime.datetime | None = None
) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def errors_response(errors: dict[str, list[str]], *, status: int = 400) -> JsonResponse:
    return json_response({"errors": errors}, status=status)


def not_found() -> JsonResponse:
    return errors_response({"id": [_("No public record has this id.")]}, status=404)


def _client_key(request: HttpRequest) -> str:
    # Hashed so the shared cache holds no readable addresses.
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]
    return f"hsds-api-rate:{digest}:{int(time.time() // RATE_WINDOW_SECONDS)}"


def _seconds_until_allowed(request: HttpRequest) -> int | None:
    """None while the client is within HSDS_API_RATE_LIMIT requests per minute."""
    limit = settings.HSDS_API_RATE_LIMIT
    if not limit:
        return None
    key = _client_key(request)
    cache.add(key, 0, RATE_WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, RATE_WINDOW_SECONDS + 5)
        count = 1
    if count <= limit:
        return None
    return RATE_WINDOW_SECONDS - int(time.time() % RATE_WINDOW_SECONDS)


def _preflight() -> HttpResponse:
    """A browser asks before sending conditional headers from another origin."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Max-Age"] = "86400"
    return response


def open_data(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an HSDS API view: GET and HEAD only, CORS for any origin (read-only data, no
    cookies), Cache-Control, ETag and Last-Modified with 304 answers, and the rate limit."""

    @csrf_exempt  # no cookies, no writes: other methods get 405, not a CSRF 403
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            return _preflight()
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed(READ_METHODS)
        wait = _seconds_until_allowed(request)
        if wait is not None:
            response = errors_response(
                {"rate_limit": [_("Too many requests. Please wait a minute.")]}, status=429
            )
            response["Retry-After"] = str(wait)
        else:
            response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.HSDS_API_MAX_AGE)
            set_response_etag(response)
            modified = response.get("Last-Modified")
            response = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(modified) if modified else None,
                response=response,
            )
        else:
            patch_cache_control(response, no_store=True)
            # Without this, the language middleware would answer our JSON 404 with a
            # redirect to /de/api/hsds/…: it reads the URLconf from the request.
            request.urlconf = "opendata.urls"
        # Set last: a 304 answer copies only the caching headers of the full one.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped

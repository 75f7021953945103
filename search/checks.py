"""Start-up checks: a misconfigured search engine is reported before the first request."""

from django.conf import settings
from django.core.checks import Error, register

from .engines import ENGINES


@register()
def search_engine_configured(app_configs, **kwargs) -> list[Error]:
    errors = []
    if settings.SEARCH_ENGINE not in ENGINES:
        errors.append(
            Error(
                f"SEARCH_ENGINE is {settings.SEARCH_ENGINE!r}.",
                hint=f"Use one of: {', '.join(ENGINES)}.",
                id="search.E001",
            )
        )
    elif settings.SEARCH_ENGINE == "elasticsearch" and not settings.ELASTICSEARCH_URL:
        errors.append(
            Error(
                "SEARCH_ENGINE is 'elasticsearch' but ELASTICSEARCH_URL is not set.",
                hint="Set ELASTICSEARCH_URL, e.g. http://127.0.0.1:9200.",
                id="search.E002",
            )
        )
    if settings.SEARCH_TIMEOUT_SECONDS <= 0:
        errors.append(Error("SEARCH_TIMEOUT_SECONDS must be positive.", id="search.E003"))
    return errors

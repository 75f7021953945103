"""The Content-Security-Policy of each area of the site (django-csp does the work).

The public site runs under a strict policy: scripts and styles only from our own origin
or with the response's nonce, no inline handlers, no eval. Street-map tiles, when a city
configures them (MAP_TILE_URL), are the only images from another origin.

Wagtail's admin renders a few inline ``<script>`` blocks and ``style`` attributes of its
own (inline panels, date pickers) that cannot carry our nonce, so the admin gets its own
policy with ``'unsafe-inline'`` — still limited to our origin, so no third-party script,
style, image or connection can load there (docs/security.md).
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class AreaCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing ``ADMIN_CONTENT_SECURITY_POLICY`` under /admin/."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts  # a view chose its own policy (django-csp's decorators)
        if is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        elif tile_origin := map_tile_origin():
            parts.update = {**(parts.update or {}), "img-src": [tile_origin]}
        return parts


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


def map_tile_origin() -> str:
    """The origin of the configured street-map tiles ('' without tiles)."""
    if not settings.MAP_TILE_URL:
        return ""
    parts = urlsplit(settings.MAP_TILE_URL.replace("{", "").replace("}", ""))
    return f"{parts.scheme}://{parts.netloc}"

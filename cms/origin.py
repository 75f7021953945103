"""Cross-site request forgery protection for forms that must not set a cookie.

The shortlist's forms work without JavaScript and without a CSRF token, because a token
means a cookie on every results page, and the site sets none until a family uses the
shortlist. Its POSTs are checked by where the browser says they come from instead
(OWASP's Fetch-Metadata and Origin checks): every current browser sends
``Sec-Fetch-Site`` or ``Origin`` with a POST, so a form on another site is refused.
Requests with neither header do not come from a browser (e.g. curl) and carry no
visitor's session to misuse.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied


def posted_from_this_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")  # "none": the user's own action
    own = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("Referer")
    if referer is not None:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" == own
    return True


def same_origin_post(view):
    """Refuse (403) a POST that another site's page sent to this view."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and not posted_from_this_site(request):
            raise PermissionDenied("Cross-site POST refused.")
        return view(request, *args, **kwargs)

    return checked

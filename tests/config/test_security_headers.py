"""Every response carries the Content-Security-Policy of its area and a
Permissions-Policy (config/security.py); the nonce reaches the inline blocks that need it."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_public_pages_have_a_strict_policy_with_a_nonce_for_json_ld(client):
    offer = OfferFactory()
    for path in ("/de/", "/de/angebote/", f"/de/angebote/{offer.slug}/", "/de/anmelden/"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        for kind in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[kind] and "'unsafe-eval'" not in policy[kind]
        assert "geolocation=(self)" in response.headers["Permissions-Policy"]
        assert "camera=()" in response.headers["Permissions-Policy"]
    # The offer page's JSON-LD carries the nonce of its own response, new every time.
    nonces = []
    for _ in range(2):
        response = client.get(f"/de/angebote/{offer.slug}/")
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
        assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_admin_has_its_own_policy_still_limited_to_our_origin(client):
    client.force_login(get_user_model().objects.create_superuser("chefin", "c@example.org", "x"))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]


def test_map_tiles_origin_is_allowed_only_when_configured(client, settings):
    assert "tiles.example.org" not in client.get("/de/angebote/").headers["Content-Security-Policy"]
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    policy = directives(client.get("/de/angebote/"))
    assert policy["img-src"] == ["'self'", "data:", "https://tiles.example.org"]

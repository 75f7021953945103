"""Screenshots of the family pages for the README (docs/screenshots/), from the demo data.

Run by `make screenshots`; not part of `make test`, which must not rewrite tracked files.
"""

import os
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE

SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not SCREENSHOTS_DIR, reason="set SCREENSHOTS_DIR (make screenshots) to write them"
    ),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(demo_site, browser, language, device, viewport):
    from directory.models import Offer

    offer = Offer.objects.get(name="Hebammensprechstunde Mitte")
    pages = {
        "home": "/",
        "results": "/angebote/?life_stage=infant&cost=free",
        "offer": f"/angebote/{offer.slug}/",
    }
    if device == "desktop":
        pages["map"] = "/angebote/?view=map&life_stage=infant"
        pages["life-stage"] = "/baby-und-kleinkind/"
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    target = Path(SCREENSHOTS_DIR)
    target.mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        response = page.goto(f"{demo_site.url}/{language}{path}")
        assert response.status == 200
        page.wait_for_load_state("networkidle")
        page.screenshot(path=target / f"{name}-{device}-{language}.png", full_page=False)
    context.close()

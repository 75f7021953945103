"""Families' pages in a real browser: accessibility (axe-core, WCAG 2.1 AA), privacy
(no request leaves our origin) and a keyboard-only search."""

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def public_urls(site) -> dict[str, str]:
    offer = site.offers["Familienhebammen im Quartier"]
    return {
        "home": "/",
        "results with filters": "/angebote/?q=Beratung&life_stage=infant&cost=free",
        "empty results": "/angebote/?life_stage=transition&district=haaren",
        "offer page": offer.get_absolute_url(),
        "not found": "/angebote/gibt-es-nicht/",
    }


def test_public_pages_have_no_accessibility_violations(site, page):
    axe = Axe()
    for name, path in public_urls(site).items():
        response = page.goto(site.url + path)
        assert response.status == (404 if name == "not found" else 200), name
        result = axe.run(page, options=WCAG_21_AA)
        violations = [(v["id"], v["help"]) for v in result.response["violations"]]
        assert violations == [], f"{name}: {violations}"


def test_no_request_leaves_our_origin(site, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in public_urls(site).values():
        page.goto(site.url + path)
    own = urlparse(site.url).netloc
    assert requested
    assert [url for url in requested if urlparse(url).netloc != own] == []


def test_keyboard_only_search_filter_open_and_back(site, page):
    assert page.goto(site.url + "/").status == 200
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"

    page.keyboard.press("Enter")  # the skip link moves focus to <main>
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("Beratung")
    page.keyboard.press("Enter")
    page.wait_for_url("**/angebote/?q=Beratung")
    assert "Offene Beratung für Eltern" in page.content()

    tab_to(page, "#life_stage-infant")
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Filter anwenden')")
    page.keyboard.press("Enter")
    page.wait_for_url("**life_stage=infant**")
    results_url = page.url
    names = page.locator(".offer-list h3 a").all_inner_texts()
    assert "Offene Beratung für Eltern" in names
    assert "Schuldnerberatung für junge Erwachsene" not in names

    tab_to(page, "a:has-text('Offene Beratung für Eltern')")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Offene Beratung für Eltern')")

    page.go_back()
    assert page.url == results_url
    assert page.locator("#life_stage-infant").is_checked()
    assert page.locator(".offer-list h3 a").all_inner_texts() == names


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has focus, as a keyboard user would; fail if it never does."""
    target = page.locator(selector).first.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("element => element === document.activeElement", target):
            return
    pytest.fail(f"{selector} cannot be reached with Tab")


def test_focus_is_visible(site, page):
    page.goto(site.url + "/angebote/")
    page.focus("#q")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    border = page.evaluate("getComputedStyle(document.activeElement).borderStyle")
    assert outline != "none" or border != "none"

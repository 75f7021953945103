"""Families' pages in a real browser: accessibility (axe-core, WCAG 2.1 AA) in German and
Arabic, privacy (no request leaves our origin), keyboard use, filters without reloads,
the map, right-to-left layout and page weight."""

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_21_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],  # 2.2: target size
    }
}
LANGUAGES = ["de", "en", "tr", "ar", "uk"]
RESULTS_BUDGET_BYTES = 150_000
OFFER_BUDGET_BYTES = 100_000


def visible_text(locator) -> str:
    """Text as read: without the soft hyphens long words carry (shown only at a break)."""
    return locator.inner_text().replace("\u00ad", "")


def public_paths(site) -> dict[str, str]:
    """Every kind of public page, without the language prefix."""
    offer = site.offers["Familienhebammen im Quartier"]
    return {
        "home": "/",
        "results with filters": "/angebote/?q=Beratung&life_stage=infant&cost=free",
        "results on the map": "/angebote/?view=map&life_stage=infant",
        "empty results": "/angebote/?life_stage=transition&district=haaren",
        "offer page": f"/angebote/{offer.slug}/",
        "provider page": f"/anbieter/{offer.provider.slug}/",
        "life-stage page": "/baby-und-kleinkind/",
        "shortlist": "/merkliste/",
        "not found": "/angebote/gibt-es-nicht/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_accessibility_violations(site, page, language):
    axe = Axe()
    for name, path in public_paths(site).items():
        response = page.goto(f"{site.url}/{language}{path}")
        assert response.status == (404 if name == "not found" else 200), name
        page.wait_for_load_state("networkidle")  # the map draws after its script loads
        assert page.get_attribute("html", "lang") == language
        result = axe.run(page, options=WCAG_21_AA)
        violations = [
            (v["id"], [node["target"] for node in v["nodes"]])
            for v in result.response["violations"]
        ]
        assert violations == [], f"{language} {name}: {violations}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_sheet_and_shared_list_have_no_accessibility_violations(site, desktop, language):
    axe = Axe()
    for offer in list(site.offers.values())[:3]:
        desktop.request.post(
            f"{site.url}/de/merkliste/aendern/", form={"offer": offer.slug, "action": "add"}
        )
    violations = {}
    for button in ("html", "share"):
        desktop.goto(f"{site.url}/{language}/merkliste/")
        desktop.select_option("#id_language", language)
        desktop.click(f"button[name={button}]")
        assert desktop.get_attribute("html", "lang") == language
        result = axe.run(desktop, options=WCAG_21_AA)
        violations[button] = [(v["id"], v["help"]) for v in result.response["violations"]]
    assert violations == {"html": [], "share": []}


def test_no_request_leaves_our_origin(site, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for language in ("de", "ar"):
        for path in public_paths(site).values():
            page.goto(f"{site.url}/{language}{path}")
            page.wait_for_load_state("networkidle")
    own = urlparse(site.url).netloc
    assert any("leaflet.js" in url for url in requested)
    assert [url for url in requested if urlparse(url).netloc != own] == []
    assert page.context.cookies() == []  # nothing to consent to: no cookie at all


def test_street_map_tiles_load_only_after_opt_in_which_is_remembered(site, desktop, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    tile_requests: list[str] = []

    def refuse_tile(route):
        tile_requests.append(route.request.url)
        route.abort()

    desktop.route("https://tiles.example.org/**", refuse_tile)
    url = f"{site.url}/de/angebote/?view=map"
    desktop.goto(url)
    desktop.wait_for_load_state("networkidle")
    assert tile_requests == []
    assert desktop.context.cookies() == []  # and no cookie either

    desktop.get_by_role("button", name="Stadtplan laden").click()
    desktop.wait_for_load_state("networkidle")
    assert tile_requests, "opting in loads the street map"

    tile_requests.clear()
    desktop.goto(url)
    desktop.wait_for_load_state("networkidle")
    assert tile_requests, "the choice is remembered in this browser"
    desktop.get_by_role("button", name="Stadtplan ausblenden").click()
    tile_requests.clear()
    desktop.goto(url)
    desktop.wait_for_load_state("networkidle")
    assert tile_requests == []


def test_map_markers_lead_to_the_offers(site, desktop):
    desktop.goto(f"{site.url}/de/angebote/?view=map&district=mitte")
    markers = desktop.locator("#interactive-map path.leaflet-interactive[fill='#b35c00']")
    markers.first.wait_for()
    assert markers.count() == 4
    assert desktop.locator(".static-map").is_hidden()  # replaced by the interactive map
    markers.first.click(force=True)
    link = desktop.locator(".leaflet-popup-content a")
    name = link.inner_text().split(". ", 1)[1]
    link.click()
    desktop.wait_for_selector(f"h1:has-text('{name}')")


def test_without_javascript_the_map_is_drawn_by_the_server(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/de/angebote/?view=map&district=mitte")
    assert page.locator(".static-map circle.marker").count() == 4
    marker = page.locator(".static-map a").last  # drawn last, so on top of the others
    name = marker.get_attribute("aria-label")
    marker.click()
    assert visible_text(page.locator("h1")) == name
    assert "/de/angebote/" in page.url and "view=map" not in page.url
    context.close()


def test_keyboard_only_search_filter_open_and_back(site, page):
    assert page.goto(site.url + "/de/").status == 200
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"

    page.keyboard.press("Enter")  # the skip link moves focus to <main>
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("Beratung")
    page.keyboard.press("Enter")
    page.wait_for_url("**/de/angebote/?q=Beratung")
    assert "Offene Beratung für Eltern" in page.content()

    tab_to(page, "#life_stage-infant")
    page.keyboard.press("Space")
    page.wait_for_url("**life_stage=infant**")
    page.wait_for_selector("#life_stage-infant:checked")
    # The filter applied in place: focus stays on the checkbox for the next choice.
    assert page.evaluate("document.activeElement.id") == "life_stage-infant"
    results_url = page.url
    names = page.locator(".offer-list h3 a").all_inner_texts()
    assert "Offene Beratung für Eltern" in names
    assert "Schuldnerberatung für junge Erwachsene" not in names

    # Results come before the filters: back up with Shift+Tab to the result.
    tab_to(page, "a:has-text('Offene Beratung für Eltern')", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Offene Beratung für Eltern')")

    page.go_back()
    page.wait_for_selector(".offer-list")
    assert page.url == results_url
    assert page.locator("#life_stage-infant").is_checked()
    assert page.locator(".offer-list h3 a").all_inner_texts() == names


def test_filters_apply_without_reloading_and_the_back_button_undoes_them(site, desktop):
    desktop.goto(site.url + "/de/angebote/")
    desktop.evaluate("window.samePage = true")
    total = desktop.locator(".results .result-count").inner_text()

    desktop.check("#cost")
    desktop.wait_for_url("**cost=free**")
    desktop.wait_for_selector(".chips")
    assert desktop.evaluate("window.samePage") is True  # no full page load
    assert desktop.locator(".results .result-count").inner_text() != total
    assert "Kostenlos" in desktop.locator(".chips").inner_text()

    desktop.go_back()
    desktop.wait_for_function("!location.search.includes('cost=free')")
    desktop.wait_for_selector("#cost:not(:checked)")
    assert desktop.locator(".results .result-count").inner_text() == total


def test_a_family_finds_an_offer_by_life_stage_in_arabic(site, page):
    page.goto(site.url + "/ar/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.get_by_role("link", name="الرضيع والطفل الصغير (0–3)").click()
    page.wait_for_selector("h1:has-text('الرضيع والطفل الصغير')")
    page.get_by_role("link", name="Familienhebammen im Quartier").first.click()  # 2 sectors
    assert visible_text(page.locator("h1")) == "Familienhebammen im Quartier"
    assert page.locator("h1").get_attribute("lang") == "de"  # not translated: marked German
    assert "لم تُترجم بعد" in page.locator(".notice").inner_text()


def test_on_a_phone_results_come_first_with_a_jump_to_the_filters(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(site.url + "/de/angebote/?life_stage=infant")
    results = page.locator(".offer-list").bounding_box()
    filters = page.locator(".filters").bounding_box()
    assert results["y"] < filters["y"] and results["y"] < 812  # visible without scrolling
    page.get_by_role("link", name="Filter ändern (1 aktiv)").click()
    assert page.evaluate("location.hash") == "#filters"
    context.close()


def test_arabic_layout_runs_right_to_left(site, desktop):
    desktop.goto(site.url + "/ar/angebote/")
    filters = desktop.locator(".filters").bounding_box()
    results = desktop.locator(".results").bounding_box()
    assert filters["x"] > results["x"]  # the filter column is on the right
    label = desktop.locator("label[for=cost]").bounding_box()
    checkbox = desktop.locator("#cost").bounding_box()
    assert checkbox["x"] > label["x"]  # checkbox before its label, reading right to left


def test_near_me_uses_the_browsers_position_for_distance(site, browser):
    context = browser.new_context(
        geolocation={"latitude": 50.7753, "longitude": 6.0839}, permissions=["geolocation"]
    )
    page = context.new_page()
    page.goto(site.url + "/de/angebote/")
    page.get_by_role("button", name="Meinen Standort verwenden").click()
    page.wait_for_url("**sort=distance**")
    page.wait_for_selector(".chips:has-text('In meiner Nähe')")
    first = page.locator(".offer-list .provider").first.inner_text()
    assert "km entfernt" in first
    context.close()


def transferred_bytes(page, url: str) -> int:
    """Bytes the browser fetched for a page: the document and everything it loaded."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate(
        """() => performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'))
            .reduce((sum, entry) => sum + (entry.transferSize || entry.encodedBodySize), 0)"""
    )


def test_pages_stay_within_their_weight_budget(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    offer = site.offers["Familienhebammen im Quartier"]
    results = transferred_bytes(page, site.url + "/de/angebote/?life_stage=infant")
    offer_page = transferred_bytes(page, f"{site.url}/de/angebote/{offer.slug}/")
    context.close()
    print(f"\nresults page {results} B, offer page {offer_page} B (uncompressed)")
    assert 0 < results <= RESULTS_BUDGET_BYTES
    assert 0 < offer_page <= OFFER_BUDGET_BYTES


def tab_to(page, selector: str, limit: int = 80, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `selector` has focus, as a keyboard user would;
    fail if it never does."""
    target = page.locator(selector).first.element_handle()
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("element => element === document.activeElement", target):
            return
    pytest.fail(f"{selector} cannot be reached with Tab")


def test_focus_is_visible(site, page):
    page.goto(site.url + "/de/angebote/")
    page.focus("#q")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    border = page.evaluate("getComputedStyle(document.activeElement).borderStyle")
    assert outline != "none" or border != "none"

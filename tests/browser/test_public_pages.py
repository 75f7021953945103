"""Public pages in a real browser: accessibility (axe-core, WCAG 2.2 A/AA) and privacy (no
request leaves our origin) on every page kind and state in all five languages at phone and
desktop width; keyboard use, filters without reloads, the map, right-to-left layout, focus
and page weight."""

import datetime
from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest
from django.utils import timezone

from directory.models import SharedList

from .conftest import DESKTOP, PHONE, settle

pytestmark = pytest.mark.browser

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
# WCAG 2.2 A and AA (axe-core tags the criteria by the version that introduced them).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations", "incomplete"],  # passes are not needed: faster
}
# axe-core reports as "incomplete" what it cannot decide alone. Here that is only colour
# contrast where something lies under the text (the map, an SVG shape, a sticky header) or
# the glyph is an icon; `contrast_under` decides those from the colours actually painted
# under the text's centre. Any other incomplete result fails until someone reviews it
# (docs/testing.md lists the reviews).
CONTRAST_UNDER = (Path(__file__).parent / "contrast_under.js").read_text()
LANGUAGES = ["de", "en", "tr", "ar", "uk"]
AT_ZIP_CODE = {"latitude": 50.7753, "longitude": 6.0839}  # Aachen-Mitte
RESULTS_BUDGET_BYTES = 150_000
OFFER_BUDGET_BYTES = 100_000


def visible_text(locator) -> str:
    """Text as read: without the soft hyphens long words carry (shown only at a break)."""
    return locator.inner_text().replace("\u00ad", "")


def _undecided_checks(node: dict) -> list[str]:
    """What axe-core could not decide about one element: its message ids (or check ids)."""
    keys = []
    for check in node["any"] + node["all"] + node["none"]:
        data = check.get("data")
        keys.append(data.get("messageKey") if isinstance(data, dict) else None or check["id"])
    return sorted({key or "" for key in keys})


class PageAudit:
    """Checks every page a visit passes through: axe-core (WCAG 2.2 A/AA) on the page as
    it is now, and every request the browser made, in the same page loads."""

    def __init__(self, page, language: str):
        self.page = page
        self.language = language
        self.requests: list[str] = []
        self.violations: list[str] = []
        self.incomplete: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def visit(self, server, path: str, status: int = 200) -> None:
        response = self.page.goto(f"{server.url}/{self.language}{path}")
        assert response.status == status, f"{self.language}{path}: {response.status}"
        self.check(path)

    def check(self, name: str) -> None:
        settle(self.page)
        assert self.page.get_attribute("html", "lang") == self.language, name
        result = self.page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]]
            self.violations.append(f"{name}: {violation['id']} {violation['help']} {targets}")
        for rule in result["incomplete"]:
            for node in rule["nodes"]:
                problem = self.undecided_problem(rule["id"], node)
                if problem:
                    self.incomplete.append(f"{name}: {rule['id']} {node['target']}: {problem}")

    def undecided_problem(self, rule: str, node: dict) -> str | None:
        """Decide what axe-core left open, or say why it still needs a person."""
        if rule != "color-contrast" or len(node["target"]) != 1:
            return ", ".join(_undecided_checks(node))
        found = self.page.evaluate(CONTRAST_UNDER, node["target"][0])
        if "problem" in found:
            return found["problem"]
        if found["ratio"] < found["needed"]:
            return f"contrast {found['ratio']:.2f}, needs {found['needed']}"
        return None

    def foreign_requests(self, server) -> list[str]:
        own = urlparse(server.url).netloc
        return [url for url in self.requests if urlparse(url).netloc != own]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_accessible_and_private(site, browser, language, viewport):
    """Every kind of public page and state, as a family and a professional use them, in
    one browser context: axe-core finds nothing, no request leaves our origin, and
    browsing sets no cookie until the visitor keeps a shortlist or sends a form."""
    context = browser.new_context(
        viewport=viewport,
        locale=language,
        geolocation=AT_ZIP_CODE,
        permissions=["geolocation"],
    )
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    audit = PageAudit(page, language)
    offer = site.offers["Familienhebammen im Quartier"]

    audit.visit(site, "/")
    page.fill("#q", "Schuld")  # suggestions come from our own API, into a <datalist>
    page.wait_for_selector("#q-suggestions option", state="attached")
    assert page.locator("#q-suggestions option").first.get_attribute("value") == (
        "Schuldnerberatung für junge Erwachsene"
    )
    audit.visit(site, "/angebote/?q=Beratung&life_stage=infant&cost=free")
    audit.visit(site, "/angebote/?view=map&life_stage=infant")
    audit.visit(site, "/angebote/?life_stage=transition&district=haaren")
    audit.visit(site, f"/angebote/{offer.slug}/")
    audit.visit(site, f"/anbieter/{offer.provider.slug}/")
    audit.visit(site, "/baby-und-kleinkind/")
    audit.visit(site, site.content_path)
    audit.visit(site, "/angebote/gibt-es-nicht/", status=404)

    # Filters apply in place (htmx): the same document, new results.
    audit.visit(site, "/angebote/?q=Beratung")
    page.evaluate("window.samePage = true")
    page.check("#cost")
    page.wait_for_url("**cost=free**")
    page.wait_for_selector(".chips")
    assert page.evaluate("window.samePage") is True
    audit.check("results after a filter")

    # Near me: the browser's position sorts by distance (and is not stored).
    page.click("#near-me")
    page.wait_for_url("**sort=distance**")
    page.wait_for_selector(".offer-list .provider")
    assert page.locator("#sort").input_value() == "distance"
    assert "near=50.77530%2C6.08390" in page.url

    assert context.cookies() == []  # nothing to consent to while browsing

    # Forms set Django's CSRF cookie (needed, so no consent either) from here on.
    audit.visit(site, "/passwort/")
    audit.visit(site, site.freshness_path)

    audit.visit(site, "/anmelden/")
    page.fill("#id_username", "niemand")
    page.fill("#id_password", "falsch")
    with page.expect_navigation():
        page.click(".account-form button[type=submit]")
    assert page.locator("[role=alert]").count() == 1
    audit.check("login with an error")

    audit.visit(site, f"/angebote/{offer.slug}/problem/")
    with page.expect_navigation():
        page.click(".problem-form button[type=submit]")
    assert page.locator(".problem-form [aria-invalid=true]").count() >= 1
    audit.check("problem report with errors")

    audit.visit(site, "/merkliste/")
    audit.visit(site, "/angebote/?q=Beratung")
    for _ in range(2):
        with page.expect_navigation():
            page.locator(".offer-list button[form=shortlist-add]").first.click()
    assert page.locator(".shortlist-link .badge").inner_text() == "2"
    audit.visit(site, "/merkliste/")
    assert page.locator(".offer-list h3 a").count() == 2
    with page.expect_navigation():
        page.click("button[name=html]")
    audit.check("referral sheet")
    page.go_back()
    with page.expect_navigation():
        page.click("button[name=share]")
    audit.check("shared list")
    shared_path = urlparse(page.url).path
    SharedList.objects.filter(token=shared_path.rstrip("/").rsplit("/", 1)[1]).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert page.goto(site.url + shared_path).status == 410
    audit.check("shared list after it expired")
    context.close()

    assert audit.violations == []
    assert audit.incomplete == [], "\n".join(audit.incomplete)
    assert any("leaflet.js" in url for url in audit.requests)  # the map was drawn
    assert audit.foreign_requests(site) == []


def test_street_map_tiles_load_only_after_opt_in_which_is_remembered(site, desktop, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    tile_requests: list[str] = []

    def refuse_tile(route):
        tile_requests.append(route.request.url)
        route.abort()

    desktop.route("https://tiles.example.org/**", refuse_tile)
    url = f"{site.url}/de/angebote/?view=map"
    desktop.goto(url)
    settle(desktop)
    assert tile_requests == []
    assert desktop.context.cookies() == []  # and no cookie either

    with desktop.expect_request("https://tiles.example.org/**"):
        desktop.get_by_role("button", name="Stadtplan laden").click()

    tile_requests.clear()
    with desktop.expect_request("https://tiles.example.org/**"):
        desktop.goto(url)  # the choice is remembered in this browser
    desktop.get_by_role("button", name="Stadtplan ausblenden").click()
    tile_requests.clear()
    desktop.goto(url)
    settle(desktop)
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


def transferred_bytes(page, url: str) -> int:
    """Bytes the browser fetched for a page: the document and everything it loaded."""
    page.goto(url)
    settle(page)
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


FOCUS_RING = """element => {
  const style = getComputedStyle(element);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          colour: style.outlineColor, shadow: style.boxShadow};
}"""


@pytest.mark.parametrize(
    "selector",
    ["#q", ".offer-list h3 a", ".shortlist-button", "#cost", "#sort", ".language-switcher a"],
)
def test_keyboard_focus_is_clearly_visible(site, desktop, selector):
    """Each kind of control shows a focus ring of its own when reached with Tab: at least
    2 px, not there before, so it is the focus that shows and not a permanent border."""
    desktop.goto(site.url + "/de/angebote/?q=Beratung")
    element = desktop.locator(selector).first
    before = element.evaluate(FOCUS_RING)
    tab_to(desktop, selector, limit=150)
    focused = element.evaluate(FOCUS_RING)
    assert focused["style"] != "none" and focused["width"] >= 2, focused
    assert (focused["style"], focused["colour"]) != (before["style"], before["colour"])


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_filter_label_sits_beside_its_checkbox_at_desktop_width(site, desktop, language):
    # Seen at 1280 px: „Schwangerschaft & Geburt (13)“ wrapped below its box instead of
    # beside it. Each label starts on its checkbox's line, on the reading side of it.
    desktop.goto(f"{site.url}/{language}/angebote/")
    misplaced = desktop.evaluate(
        """rtl => [...document.querySelectorAll('.filters input[type=checkbox] + label')]
        .map(label => {
          const box = label.previousElementSibling.getBoundingClientRect();
          const text = label.getBoundingClientRect();
          const beside = rtl ? text.right <= box.left + 1 : text.left >= box.right - 1;
          const sameLine = text.top < box.bottom && text.bottom > box.top;
          return beside && sameLine ? null : label.textContent.trim();
        }).filter(Boolean)""",
        language == "ar",
    )
    assert desktop.locator(".filters input[type=checkbox] + label").count() > 20
    assert misplaced == []

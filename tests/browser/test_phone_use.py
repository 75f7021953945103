"""A family on a phone: controls big enough to hit (WCAG 2.2, 2.5.8: 24 × 24 px) and
filters that show their effect where the family is looking."""

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
# Visible controls a finger has to hit (links inside sentences are exempt in 2.5.8;
# the problem form's hidden field for bots is no control).
CONTROLS = (
    "main input:not([type=hidden]), main select, main button, main .chips a, main summary, "
    # Links that stand alone: emergency numbers, an offer's phone and e-mail, "report".
    ".help-strip a, main .contact a, main .report-link a, main a.call"
)
TOO_SMALL = """selector => [...document.querySelectorAll(selector)]
  .filter(el => el.getClientRects().length && !el.closest('[aria-hidden=true]'))
  .map(el => [el.id || el.name || el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
  .filter(([, box]) => box.width < 24 || box.height < 24)
  .map(([name, box]) => `${name}: ${Math.round(box.width)}×${Math.round(box.height)}`)"""


@pytest.mark.parametrize("language", ["de", "ar"])
def test_controls_on_public_pages_are_at_least_24_px(site, browser, language):
    offer = site.offers["Familienhebammen im Quartier"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    small = {}
    for path in (
        "/angebote/?life_stage=infant&cost=free",
        f"/angebote/{offer.slug}/",
        f"/angebote/{offer.slug}/problem/",
        "/",
    ):
        page.goto(f"{site.url}/{language}{path}")
        if found := page.evaluate(TOO_SMALL, CONTROLS):
            small[path] = found
    context.close()
    assert small == {}


def test_after_a_filter_change_on_a_phone_the_new_count_is_in_view_and_announced(site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site.url + "/de/angebote/")
    before = page.locator(".results .result-count").inner_text()
    # One step from the top of the results to the filters, with focus moved there.
    page.get_by_role("link", name="Ergebnisse filtern").click()
    assert page.evaluate("document.activeElement.id") == "filters"
    heading = page.locator("#filters h2").bounding_box()
    assert 0 <= heading["y"] < PHONE["height"]
    page.locator("label[for=cost]").click()
    page.wait_for_function(
        "before => document.querySelector('#results-announcer').textContent.trim()"
        " && document.querySelector('#results-announcer').textContent !== before",
        arg=before,
    )
    after = page.locator(".results .result-count").inner_text()
    assert after != before
    # The announcer says the new number, and the sticky summary shows it on screen.
    assert page.locator("#results-announcer").inner_text() == after
    summary = page.locator(".filter-summary .result-count")
    assert summary.inner_text() == after
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    # …and one tap takes the family back to the list.
    page.get_by_role("link", name="Ergebnisse anzeigen").click()
    assert page.evaluate("document.activeElement.id") == "results"
    context.close()

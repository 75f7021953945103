"""The Content-Security-Policy in a real browser: editors' text cannot run as script on
public pages, and neither public pages nor Wagtail's admin break under the policy."""

import pytest
from django.contrib.auth import get_user_model

from directory.models import District

pytestmark = pytest.mark.browser

XSS_NAME = "Laurensberg<img src=x onerror=window.__xss=1>"

# Registered before any page script runs (Playwright injects it outside the page's CSP):
# every violation the browser reports is kept for the test to read.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def watch(page) -> list[str]:
    """Console errors about the policy; securitypolicyviolation events are in the page."""
    errors: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def keep(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(message.text)

    page.on("console", keep)
    return errors


def test_a_district_name_with_markup_is_shown_as_text_on_the_map(site, desktop):
    District.objects.filter(name="Laurensberg").update(name=XSS_NAME)
    errors = watch(desktop)
    desktop.goto(f"{site.url}/de/angebote/?view=map")
    tooltip = desktop.locator(".district-tooltip", has_text="Laurensberg")
    tooltip.wait_for()
    desktop.wait_for_load_state("networkidle")
    assert tooltip.inner_text() == XSS_NAME  # the name as the editor typed it, as text
    assert desktop.locator("#interactive-map img[src='x']").count() == 0
    assert desktop.evaluate("window.__xss") is None
    assert desktop.evaluate("window.__violations") == []
    assert errors == []


def test_public_pages_run_without_policy_violations(site, desktop):
    errors = watch(desktop)
    offer = site.offers["Familienhebammen im Quartier"]
    for path in (
        "/de/",
        "/de/angebote/?q=Beratung&view=map",
        f"/de/angebote/{offer.slug}/",
        "/ar/angebote/?life_stage=infant",
    ):
        response = desktop.goto(site.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        desktop.wait_for_load_state("networkidle")
        assert desktop.evaluate("window.__violations") == [], path
    # htmx still applies a filter in place under the policy (no eval, no inline style).
    desktop.goto(f"{site.url}/de/angebote/")
    desktop.locator("#life_stage-infant").check()
    desktop.wait_for_url("**life_stage=infant**")
    assert desktop.evaluate("window.__violations") == []
    assert errors == []


def test_the_admin_offer_editor_works_under_its_policy(site, desktop):
    get_user_model().objects.create_superuser("chefin", "chefin@example.org", "geheim-123")
    errors = watch(desktop)
    desktop.goto(f"{site.url}/admin/login/")
    desktop.fill("#id_username", "chefin")
    desktop.fill("#id_password", "geheim-123")
    desktop.get_by_role("button", name="Anmelden").click()
    desktop.wait_for_url("**/admin/")
    offer = site.offers["Familienhebammen im Quartier"]
    response = desktop.goto(f"{site.url}/admin/snippets/directory/offer/edit/{offer.pk}/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "'unsafe-eval'" not in policy
    desktop.wait_for_load_state("networkidle")
    # Tabs and the inline panel of locations are Wagtail's scripts (some inline): they
    # must run. Adding a location adds a form to the panel.
    desktop.get_by_role("tab", name="Standorte").click()
    forms = desktop.locator("#id_locations-FORMS > *")
    before = forms.count()
    desktop.get_by_role("button", name="Standort hinzufügen").last.click()
    assert forms.count() == before + 1
    assert desktop.evaluate("window.__violations") == []
    assert errors == []

"""Editors' everyday work in a real browser, on the demo site: an offer with a German
name and only an address is created, submitted, approved and then found by text, near
its district and on the results map; the admin asks no other origin."""

import csv
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from playwright.sync_api import expect

from directory.models import District, Offer, PositionSource, Provider
from tests.conftest import roles_after_flush
from tests.nominatim_server import NominatimStandIn

from .conftest import DESKTOP

pytestmark = pytest.mark.browser
NAME = "Elterncafé für Mütter & Väter – Spielgruppe (0–3 Jahre)"
STREET = "Alt-Haarener Straße 300"
# The journeys' screenshots go to docs/screenshots only when asked for
# (`SCREENSHOTS_DIR=$PWD/docs/screenshots make test`, which also takes the family pages'):
# a test run must not change tracked files.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "editor-journeys"
)


def _person(username: str, group: str):
    get_user_model().objects.filter(username=username).delete()  # from an earlier test
    user = get_user_model().objects.create_user(username, f"{username}@stadt.example", "pw")
    user.groups.add(Group.objects.get(name=group))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def geocoder(settings):
    """A Nominatim stand-in that knows the street, in the middle of Haaren."""
    haaren = District.objects.get(name="Haaren").centre
    cache.clear()
    with NominatimStandIn({STREET: haaren}) as server:
        settings.GEOCODER_URL = server.url
        yield server
    cache.clear()


@pytest.fixture
def people(demo_site):
    """Committed (not in a test transaction), so the live server's thread sees them. Each
    journey starts without the offer an earlier one created (the demo is loaded once per
    worker)."""
    roles_after_flush()
    Offer.objects.filter(name=NAME).delete()
    provider = Provider.objects.get(name="Familienwege e.V.")
    provider_editor = _person("traeger", "Provider editors")
    provider.editors.add(provider_editor)
    get_user_model().objects.filter(username="admin").delete()
    return {
        "editor": _person("redaktion", "Editors"),
        "moderator": _person("freigabe", "Moderators"),
        "provider_editor": provider_editor,
        "admin": get_user_model().objects.create_superuser("admin", "a@stadt.example", "pw"),
    }


class Session:
    """One person's browser, recording every request that leaves our origin."""

    def __init__(self, browser, server_url: str, username: str):
        self.origin = server_url
        self.context = browser.new_context(viewport=DESKTOP, locale="de-DE", accept_downloads=True)
        self.page = self.context.new_page()
        self.elsewhere: list[str] = []
        self.page.on("request", self._record)
        self.page.goto(f"{server_url}/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", "pw")
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{server_url}/admin/")

    def _record(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.elsewhere.append(request.url)

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"admin-{name}.png")

    def close(self) -> None:
        self.context.close()


def create_and_submit(session: Session, *, choose_provider: bool) -> Offer:
    page = session.page
    page.goto(f"{session.origin}/admin/snippets/directory/offer/add/")
    page.fill("#id_name", NAME)
    page.keyboard.press("Tab")
    # The web address as Germans write it, while typing (Wagtail's slug script).
    expect(page.locator("#id_slug")).to_have_value(
        "elterncafe-fuer-muetter-vaeter-spielgruppe-0-3-jahre"
    )
    if choose_provider:
        page.locator("#id_provider-chooser .chooser__choose-button").click()
        page.locator(".modal a", has_text="Familienwege e.V.").first.click()
        page.wait_for_selector("#id_provider-chooser:not(.blank)")
    page.fill("#id_description", "Offener Treff für Eltern mit Babys und Kleinkindern.")
    page.get_by_label("Baby & Kleinkind (0–3)").check()
    page.get_by_label("Soziales").check()
    page.get_by_role("tab", name="Standorte").click()
    page.get_by_role("button", name="Standort hinzufügen").click()
    page.fill("#id_locations-0-street", STREET)
    page.fill("#id_locations-0-postcode", "52080")
    page.fill("#id_locations-0-city", "Aachen")
    session.shot("offer-location-before-save")
    page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").first.click()
    with page.expect_navigation():
        page.locator('button[name="action-submit"]').click()
    offer = Offer.objects.get(name=NAME)
    location = offer.get_latest_revision_as_object().locations.get()
    assert location.position_source == PositionSource.ADDRESS
    return offer


def approve(session: Session, offer: Offer) -> None:
    page = session.page
    page.goto(f"{session.origin}/admin/snippets/directory/offer/edit/{offer.pk}/")
    page.get_by_role("tab", name="Standorte").click()
    assert page.get_by_text("Position aus der Adresse").first.is_visible()
    page.locator("[data-location-map]").scroll_into_view_if_needed()
    session.shot("offer-map-pin")
    page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name=re.compile("Freigeben")).first.click()
    dialog_button = page.locator(".w-dialog button[type=submit], .modal button[type=submit]")
    if dialog_button.count():
        with page.expect_navigation():
            dialog_button.first.click()
    else:
        page.wait_for_load_state("networkidle")


def found_by_text_near_and_on_the_map(session: Session) -> None:
    page = session.page
    page.goto(f"{session.origin}/de/angebote/?q=Elterncafé Spielgruppe")
    assert NAME in page.locator(".offer-list").inner_text().replace("\u00ad", "")
    page.goto(f"{session.origin}/de/angebote/?place=haaren&sort=distance")
    heading = page.locator(".offer-list h3").first.inner_text()
    assert heading.replace("\u00ad", "").strip() == NAME  # without soft hyphens
    page.goto(f"{session.origin}/de/angebote/?q=Spielgruppe&view=map")
    labels = page.locator(".static-map circle title, .static-map a").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('aria-label') || n.textContent)"
    )
    assert NAME in labels


def test_municipal_editor_creates_a_german_offer_with_an_address_that_is_found_after_approval(
    demo_site, people, browser, geocoder
):
    editor = Session(browser, demo_site.url, "redaktion")
    offer = create_and_submit(editor, choose_provider=True)
    editor.shot("offer-submitted")
    moderator = Session(browser, editor.origin, "freigabe")
    approve(moderator, offer)

    offer.refresh_from_db()
    assert offer.live and offer.last_verified is not None and not offer.is_stale
    found_by_text_near_and_on_the_map(moderator)
    assert editor.elsewhere == [] and moderator.elsewhere == []
    editor.close(), moderator.close()


def test_provider_editor_does_the_same_through_approval(demo_site, people, browser, geocoder):
    provider_editor = Session(browser, demo_site.url, "traeger")
    offer = create_and_submit(provider_editor, choose_provider=False)
    assert offer.provider.name == "Familienwege e.V." and not offer.live
    moderator = Session(browser, demo_site.url, "freigabe")
    approve(moderator, offer)

    offer.refresh_from_db()
    assert offer.live
    found_by_text_near_and_on_the_map(moderator)
    assert provider_editor.elsewhere == [] and moderator.elsewhere == []
    provider_editor.close(), moderator.close()


def _csv_rows(path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _check_file(page, path) -> str:
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Datei prüfen").click()
    return page.locator("main").inner_text()


def test_csv_template_to_import_to_export_and_back_unchanged(
    demo_site, people, browser, geocoder, tmp_path
):
    session = Session(browser, demo_site.url, "freigabe")
    page = session.page
    page.goto(f"{demo_site.url}/admin/directory/import/")
    assert page.get_by_role("cell", name="external_id").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Vorlage mit Beispielzeile herunterladen").click()
    columns, (example,) = _csv_rows(download.value.path())
    rows = [
        {**example, "external_id": "EC-1", "name": NAME, "street": STREET, "postcode": "52080"},
        {**example, "external_id": "EC-2", "name": "Krabbelgruppe Haaren", "name_en": "Toddlers"},
        {**example, "external_id": "EC-3", "name": "Stillcafé Brand", "max_age": "99"},
    ]
    upload = tmp_path / "angebote.csv"
    _write_csv(upload, columns, rows)

    text = _check_file(page, upload)
    session.shot("import-preview-with-error")
    assert "Stillcafé Brand – Zeile 4, Spalte „max_age“" in text
    assert NAME in text and "Krabbelgruppe Haaren" in text
    assert page.locator('button[name="confirm"]').count() == 0  # nothing to confirm

    rows[2]["max_age"] = "3"
    _write_csv(upload, columns, rows)
    text = _check_file(page, upload)
    session.shot("import-preview")
    assert "3 neu, 0 geändert, 0 unverändert, 0 Fehler" in text
    for row in rows:
        assert f"{row['name']} ({row['external_id']})" in text
    with page.expect_navigation():
        page.locator('button[name="confirm"]').click()
    assert Offer.objects.filter(external_id__startswith="EC-").count() == 3

    page.goto(f"{demo_site.url}/admin/snippets/directory/offer/")
    page.get_by_role("button", name="Aktionen").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV herunterladen (Importformat)").click()
    exported = tmp_path / "export.csv"
    download.value.save_as(exported)
    assert _csv_rows(exported)[0] == columns  # the import format

    page.goto(f"{demo_site.url}/admin/directory/import/")
    text = _check_file(page, exported)
    count = Offer.objects.count()
    assert f"0 neu, 0 geändert, {count} unverändert, 0 Fehler" in text
    assert session.elsewhere == []
    session.close()


ADMIN_PAGES = [
    "/admin/",
    "/admin/snippets/directory/offer/",
    "/admin/snippets/directory/offer/add/",
    "/admin/snippets/directory/offer/edit/{offer}/",
    "/admin/snippets/directory/offer/history/{offer}/",
    "/admin/directory/import/",
    "/admin/snippets/directory_search/synonymgroup/",
    "/admin/reports/gaps/",
    "/admin/account/",
    "/admin/users/",
]


def test_admin_pages_ask_no_other_origin(demo_site, people, browser):
    session = Session(browser, demo_site.url, "admin")
    offer = Offer.objects.published().first()
    for path in ADMIN_PAGES:
        response = session.page.goto(demo_site.url + path.format(offer=offer.pk))
        assert response.status == 200, path
        session.page.wait_for_load_state("networkidle")
    session.shot("users-local-avatars")  # the last page: avatars drawn locally
    assert session.elsewhere == []  # no gravatar.com, no releases.wagtail.org
    session.close()


def test_clicking_the_editors_map_sets_the_pin_by_hand(demo_site, people, browser):
    offer = Offer.objects.published().filter(locations__isnull=False).first()
    haaren = District.objects.get(name="Haaren")
    session = Session(browser, demo_site.url, "freigabe")
    page = session.page
    page.goto(f"{demo_site.url}/admin/snippets/directory/offer/edit/{offer.pk}/")
    page.get_by_role("tab", name="Standorte").click()
    district = page.locator("[data-location-map] path.district", has_text="Haaren")
    district.scroll_into_view_if_needed()
    box = page.locator("[data-location-map] text.district-label", has_text="Haaren").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 4)

    latitude = float(page.input_value("#id_locations-0-latitude"))
    longitude = float(page.input_value("#id_locations-0-longitude"))
    centre_lat, centre_lon = haaren.centre
    assert abs(latitude - centre_lat) < 0.01 and abs(longitude - centre_lon) < 0.01
    with page.expect_navigation():
        page.get_by_role("button", name="Entwurf speichern").click()
    location = Offer.objects.get(pk=offer.pk).get_latest_revision_as_object().locations.first()
    assert location.position_source == PositionSource.MANUAL
    assert abs(float(location.latitude) - latitude) < 1e-5
    session.close()

"""The professional's flow in a real browser: search → shortlist three offers → referral
sheet in Arabic → PDF → share link, copied for a message, on a fresh browser → after
expiry 410, note gone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from directory.models import SharedList

from .conftest import DESKTOP

pytestmark = pytest.mark.browser
NOTE = "Bitte am Mittwoch anrufen"


def test_shortlist_to_sheet_pdf_and_expiring_share_link(site, browser):
    context = browser.new_context(viewport=DESKTOP, locale="de-DE", accept_downloads=True)
    page = context.new_page()
    page.goto(site.url + "/de/angebote/?q=Beratung")
    names = page.locator(".offer-list h3 a").all_inner_texts()[:3]
    assert len(names) == 3
    for name in names:
        item = page.locator(".offer-list li").filter(has_text=name).first
        with page.expect_navigation():
            item.get_by_role("button", name=re.compile("^Auf die Merkliste")).click()
    assert page.locator(".shortlist-link .badge").inner_text() == "3"
    assert "q=Beratung" in page.url  # back on the same results

    page.goto(site.url + "/de/merkliste/")
    assert page.locator(".offer-list h3 a").all_inner_texts() == names
    page.select_option("#id_language", "ar")
    page.fill("#id_note", NOTE)
    with page.expect_download() as download:
        page.get_by_role("button", name="Als PDF herunterladen").click()
    reader = PdfReader(download.value.path())
    # Soft hyphens (invisible unless a word breaks) are part of the extracted text.
    text = " ".join(p.extract_text() for p in reader.pages).replace("\u00ad", "")
    assert all(name.replace("\u00ad", "") in text for name in names)
    assert "خدمات لك" in text and NOTE in text  # heading in Arabic, the note

    page.get_by_role("button", name="Bogen zum Drucken zeigen").click()
    page.wait_for_selector("html[lang=ar][dir=rtl]")
    assert NOTE in page.content()

    page.goto(site.url + "/de/merkliste/")
    page.select_option("#id_language", "ar")
    page.fill("#id_note", NOTE)
    page.get_by_role("button", name="Link und QR-Code zum Teilen erstellen").click()
    page.wait_for_url(re.compile(r".*/ar/liste/[\w-]{43,}/$"))
    share_url = page.url
    assert page.locator(".qr svg").count() == 1
    # The link goes to the family in a message: one tap copies it, and says so, in the
    # professional's German on the family's Arabic page.
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.get_by_role("button", name="Link kopieren").click()
    expect(page.locator("#copy-status")).to_have_text(re.compile("^Link kopiert"))
    assert page.evaluate("navigator.clipboard.readText()") == share_url
    context.close()

    phone = browser.new_context(viewport={"width": 375, "height": 812})  # the family's phone
    family = phone.new_page()
    assert family.goto(share_url).status == 200
    assert family.locator(".offer-list h2 a").all_inner_texts() == names  # with details
    assert NOTE in family.content()
    assert family.locator("button[form], form[action*=merkliste]").count() == 0  # read only
    assert family.locator(".share-box, .qr").count() == 0  # the maker's box is not theirs

    SharedList.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    gone = family.goto(share_url)
    assert gone.status == 410
    assert not SharedList.objects.filter(note=NOTE).exists()
    phone.close()

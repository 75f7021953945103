"""Referral sheet (HTML and PDF in the family's language) and share links with expiry."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from directory.models import Location, OfferTranslation, SharedList
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
SHEET = "/de/merkliste/bogen/"


def shortlist(client, offers) -> None:
    for offer in offers:
        client.post("/de/merkliste/aendern/", {"offer": offer.slug, "action": "add"})


@pytest.fixture
def three(db):
    offers = [
        OfferFactory(name="Hebammensprechstunde", phone="0241 1"),
        OfferFactory(name="Elterncafé"),
        OfferFactory(name="Kita-Beratung"),
    ]
    OfferTranslation.objects.create(offer=offers[0], language="ar", name="استشارة القابلة")
    Location.objects.create(
        offer=offers[1],
        street="Markt 1",
        postcode="52062",
        city="Aachen",
        latitude=50.77,
        longitude=6.08,
    )
    return offers


def test_sheet_in_arabic_with_note_and_german_fallback(client, three):
    shortlist(client, three)
    html = client.post(SHEET, {"language": "ar", "note": "Bitte Mittwoch anrufen", "html": "1"})
    html = html.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "استشارة القابلة" in html  # translated
    assert '<h2 lang="de" dir="ltr">Elterncafé</h2>' in html  # German, marked
    assert "Bitte Mittwoch anrufen" in html
    assert "Markt 1, 52062 Aachen" in html
    assert timezone.localdate().strftime("%Y") in html


def test_pdf_contains_the_offers_even_with_thirty(client):
    offers = [OfferFactory(name=f"Angebot Nummer {n}") for n in range(30)]
    shortlist(client, offers)
    response = client.post(SHEET, {"language": "uk", "note": "", "pdf": "1"})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert all(f"Angebot Nummer {n}" in text for n in range(30))
    assert "Послуги для вас" in text  # the sheet's heading in Ukrainian


def test_share_link_opens_read_only_elsewhere_then_expires_with_its_note(client, three):
    shortlist(client, three)
    response = client.post(SHEET, {"language": "tr", "note": "Notiz für Familie", "share": "1"})
    assert response.status_code == 303
    url = response["Location"]
    token = re.fullmatch(r"/tr/liste/([\w-]+)/", url).group(1)
    assert len(token) >= 43  # 32 random bytes

    from tests.conftest import ReadingClient

    phone = ReadingClient()  # the family's phone: no session, no login
    page = phone.get(url).content.decode()
    assert "Notiz für Familie" in page and "Elterncafé" in page
    assert 'name="action"' not in page  # no editing
    assert "<svg" not in page  # the QR code is for whoever made the link (test_family_details)

    SharedList.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    gone = phone.get(url)
    assert gone.status_code == 410
    assert "abgelaufen" in gone.content.decode() or "süresi" in gone.content.decode()
    assert not SharedList.objects.exists()  # the note is gone with it
    assert phone.get("/de/liste/erfunden/").status_code == 404


def test_cleanup_command_deletes_expired_links_only(three):
    from directory.services.sharing import shared_list_create

    old = shared_list_create(offers=three, note="alt", language="de")
    shared_list_create(offers=three, note="neu", language="de")
    SharedList.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    out = io.StringIO()
    call_command("delete_expired_share_links", stdout=out)
    assert "1 abgelaufene" in out.getvalue()
    assert list(SharedList.objects.values_list("note", flat=True)) == ["neu"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"language": "fr", "html": "1"}, "gültige Auswahl"),
        ({"language": "de", "note": "x" * 1001, "html": "1"}, "höchstens 1000 Zeichen"),
    ],
)
def test_bad_sheet_requests_are_refused(client, three, data, message):
    shortlist(client, three)
    response = client.post(SHEET, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not SharedList.objects.exists()


def test_an_empty_shortlist_makes_no_sheet(client):
    assert client.post(SHEET, {"language": "de", "html": "1"}).status_code == 400
    assert client.get(SHEET)["Location"] == "/de/merkliste/"


@pytest.mark.parametrize("language, comma", [("ar", "\u060c "), ("de", ", ")])
def test_the_sheet_lists_a_days_hours_with_the_languages_comma(client, three, language, comma):
    # Arabic readers separate list items with "،"; a Latin comma looks out of place there.
    Location.objects.filter(offer=three[1]).update(
        opening_hours=[
            {"type": "regular", "value": {"weekday": "mon", "opens": "09:00", "closes": "12:00"}},
            {"type": "regular", "value": {"weekday": "mon", "opens": "14:00", "closes": "17:00"}},
        ]
    )
    shortlist(client, three)
    html = client.post(SHEET, {"language": language, "note": "", "html": "1"}).content.decode()
    between = re.search(r"09:00–\u206012:00\W*</bdi>(.*?)<bdi[^>]*>\W*14:00–\u206017:00", html)
    assert between and between.group(1) == comma

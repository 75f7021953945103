"""Import and export in the admin: upload → preview → confirm, nothing written before
the confirmation or while errors remain; filtered listing exports safe for spreadsheets."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Offer
from tests.directory.csv_helpers import csv_bytes, row
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("directory_offer_import")
LIST_URL = reverse("wagtailsnippets_directory_offer:list")


def upload(name: str, content: bytes, **fields) -> dict:
    return {"file": SimpleUploadedFile(name, content), **fields}


def test_preview_writes_nothing_and_confirm_imports(client, moderator):
    client.force_login(moderator)
    content = csv_bytes(row(), row(external_id="SRC-2", name="Stillcafé")).getvalue()

    preview = client.post(IMPORT_URL, upload("angebote.csv", content, publish="on"))

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 neu, 0 geändert, 0 unverändert, 0 Fehler" in html
    assert Offer.objects.count() == 0  # nothing before the confirmation
    token = html.split('name="token" value="')[1].split('"')[0]

    done = client.post(IMPORT_URL, {"token": token, "confirm": "1"}, follow=True)

    assert "Import abgeschlossen: 2 angelegt" in done.content.decode()
    assert set(Offer.objects.values_list("name", flat=True)) == {
        "Hebammensprechstunde Ost",
        "Stillcafé",
    }
    assert all(Offer.objects.values_list("live", flat=True))  # moderators may publish
    again = client.post(IMPORT_URL, {"token": token, "confirm": "1"}, follow=True)
    assert "abgelaufen oder wurde bereits ausgeführt" in again.content.decode()
    assert Offer.objects.count() == 2


def test_errors_block_the_import_and_are_listed_per_row(client, moderator):
    client.force_login(moderator)
    content = csv_bytes(row(), row(external_id="SRC-2", min_age="40")).getvalue()
    response = client.post(IMPORT_URL, upload("angebote.csv", content))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Zeile 3, Spalte „min_age“" in html
    assert 'name="confirm"' not in html
    assert Offer.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "name\n".encode("utf-16"), "nicht UTF-8"),
        ("x.csv", b"name;provider\nA;B\n", "Pflichtspalten fehlen"),
        ("x.json", b"{", "kein gültiges JSON"),
        ("x.csv", b"", "Die übertragene Datei ist leer"),
    ],
)
def test_unreadable_uploads_are_refused_with_a_message(client, moderator, name, content, message):
    client.force_login(moderator)
    response = client.post(IMPORT_URL, upload(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_editors_import_drafts_only_and_others_may_not_import(client, editor, django_user_model):
    client.force_login(editor)
    preview = client.post(IMPORT_URL, upload("a.csv", csv_bytes(row()).getvalue(), publish="on"))
    token = preview.content.decode().split('name="token" value="')[1].split('"')[0]
    client.post(IMPORT_URL, {"token": token, "confirm": "1"})
    assert Offer.objects.get().live is False  # publishing needs the moderators' right

    from django.contrib.auth.models import Permission

    guest = django_user_model.objects.create_user("gast", "g@example.org", "pw")
    guest.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(guest)
    assert client.get(IMPORT_URL).status_code == 302
    forged = client.post(IMPORT_URL, {"token": token, "confirm": "1"})
    assert forged.status_code == 302 and Offer.objects.count() == 1


def test_hsds_json_can_be_imported_in_the_admin(client, moderator):
    client.force_login(moderator)
    page = {
        "contents": [
            {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "name": "Treff", "status": "active"}
        ]
    }
    preview = client.post(IMPORT_URL, upload("open.json", json.dumps(page).encode()))
    assert "1 neu" in preview.content.decode()


def test_listing_exports_the_filtered_offers_as_csv_and_excel(client, moderator):
    client.force_login(moderator)
    OfferFactory(name='=HYPERLINK("https://evil.example","klick")', life_stages=["infant"])
    OfferFactory(name="Jugendberufsagentur", life_stages=["transition"])
    infant = Offer.objects.get(life_stages__code="infant").life_stages.get().pk

    response = client.get(LIST_URL, {"export": "csv", "life_stages": infant})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Name"
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("https://evil.example","klick")']

    response = client.get(LIST_URL, {"export": "xlsx"})
    sheet = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content)
            if hasattr(response, "streaming_content")
            else response.content
        )
    ).active
    names = [cell.value for cell in sheet["A"][1:]]
    assert sorted(names) == sorted(
        ['=HYPERLINK("https://evil.example","klick")', "Jugendberufsagentur"]
    )
    assert all(cell.data_type == "s" for cell in sheet["A"])  # text, never a formula


def test_oversize_uploads_are_refused_before_parsing(client, moderator, monkeypatch):
    from directory.interchange import report

    monkeypatch.setattr(report, "MAX_FILE_BYTES", 100)
    client.force_login(moderator)
    response = client.post(IMPORT_URL, upload("gross.csv", b"x" * 101))
    assert response.status_code == 400
    assert "größer als" in response.content.decode()
    assert Offer.objects.count() == 0

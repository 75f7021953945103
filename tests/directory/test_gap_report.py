"""The prevention-chain gap report: numbers against a known directory, filters,
drill-down, CSV, print version, permissions and bad filters."""

import csv
import io
import re

import pytest
from django.urls import reverse

from directory.models import Language, Location
from directory.reports import GapFilters, gap_report
from tests.factories import DistrictFactory, OfferFactory

pytestmark = pytest.mark.django_db
URL = reverse("directory_gap_report")


@pytest.fixture
def chain():
    """3 × infant/health (one in Nord, in Arabic, free), 1 × infant/social, 1 draft
    infant/education, 1 × transition/education in Süd."""
    nord, sued = DistrictFactory(name="Nord"), DistrictFactory(name="Süd")
    arabic = Language.objects.get(code="ar")
    special = OfferFactory(
        name="Hebamme Nord", life_stages=["infant"], sectors=["health"], cost="free"
    )
    special.languages.set([arabic])
    special.save()
    Location.objects.create(offer=special, district=nord)
    OfferFactory(name="Kinderarzt", life_stages=["infant"], sectors=["health"])
    OfferFactory(name="Stillcafé", life_stages=["infant"], sectors=["health"], cost="paid")
    OfferFactory(name="Krabbelgruppe", life_stages=["infant"], sectors=["social"])
    OfferFactory(name="Geheimer Kurs", life_stages=["infant"], sectors=["education"], live=False)
    jba = OfferFactory(
        name="Jugendberufsagentur", life_stages=["transition"], sectors=["education"]
    )
    Location.objects.create(offer=jba, district=sued)
    return {"nord": nord, "sued": sued, "arabic": arabic}


def cell(report, stage: str, sector: str):
    row = next(r for r in report.rows if r.stage.code == stage)
    return next(c for c in row.cells if c.sector.code == sector)


def test_counts_published_offers_per_cell_and_marks_gaps(chain):
    report = gap_report(GapFilters())
    assert (cell(report, "infant", "health").count, cell(report, "infant", "health").level) == (
        3,
        "ok",
    )
    assert (cell(report, "infant", "social").count, cell(report, "infant", "social").level) == (
        1,
        "thin",
    )
    assert cell(report, "infant", "education").level == "empty"  # the draft does not count
    assert cell(report, "transition", "education").count == 1
    assert report.total == 5
    assert report.empty_cells == 24 - 3 and report.thin_cells == 2


def test_filters_by_district_language_and_cost(chain):
    nord = gap_report(GapFilters(district=chain["nord"]))
    assert nord.total == 1 and cell(nord, "infant", "health").count == 1
    assert cell(nord, "transition", "education").count == 0
    arabic_free = gap_report(GapFilters(language=chain["arabic"], free_only=True))
    assert arabic_free.total == 1
    assert [c.count for r in arabic_free.rows for c in r.cells].count(0) == 23


def test_admin_page_draws_the_heat_map_with_drill_down(client, moderator, chain):
    client.force_login(moderator)
    html = client.get(URL).content.decode()
    assert "5 veröffentlichte Angebote" in html
    assert html.count('class="gap-cell empty"') == 21
    link = re.search(r'<td class="gap-cell ok"[^>]*>\s*<a href="([^"]+)">3</a>', html).group(1)
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert all(name in listing for name in ("Hebamme Nord", "Kinderarzt", "Stillcafé"))
    assert "Krabbelgruppe" not in listing and "Geheimer Kurs" not in listing


def test_drill_down_keeps_the_filters(client, moderator, chain):
    client.force_login(moderator)
    html = client.get(URL, {"district": chain["nord"].pk, "language": "ar", "free": "on"})
    link = re.search(r'<a href="([^"]+)">1</a>', html.content.decode()).group(1)
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Hebamme Nord" in listing and "Kinderarzt" not in listing


def test_csv_export_and_print_version(client, moderator, chain):
    client.force_login(moderator)
    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Lebensphase",
        "Gesundheit",
        "Bildung",
        "Kinder- und Jugendhilfe",
        "Soziales",
        "Angebote gesamt",
    ]
    baby = next(r for r in rows if r[0].startswith("Baby"))
    assert baby[1:] == ["3", "0", "0", "1", "4"]
    assert rows[-1] == ["Gesamt", "3", "1", "0", "1", "5"]
    printable = client.get(URL, {"print": "1"}).content.decode()
    assert "<h1>Lückenbericht der Präventionskette</h1>" in printable
    assert "wagtailadmin" not in printable  # no admin chrome on paper


def test_bad_filters_answer_400_with_a_message(client, moderator, chain):
    client.force_login(moderator)
    response = client.get(URL, {"district": "999999", "language": "xx"})
    assert response.status_code == 400
    assert "Bitte korrigieren Sie die Filter" in response.content.decode()


def test_people_without_offer_rights_cannot_see_it(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("gast", "g@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    refused = client.get(URL)  # Wagtail sends the user back to the dashboard with a message
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.logout()
    assert client.get(URL)["Location"].startswith("/admin/login/")


def test_the_menu_shows_the_reports_to_those_who_may_open_them(client, moderator, editor):
    client.force_login(moderator)
    menu = client.get("/admin/").content.decode()
    assert "Lückenbericht" in menu and "Suchanalyse" in menu and "Redaktion einladen" in menu
    client.force_login(editor)
    menu = client.get("/admin/").content.decode()
    assert "Lückenbericht" in menu and "Redaktion einladen" not in menu

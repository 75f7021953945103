"""CSV import (docs/csv-format.md): every error class, all-or-nothing, dry run, drafts
vs. publish."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.interchange.csv_import import offers_import_csv
from directory.interchange.report import ImportFileError
from directory.models import District, Offer, Provider, Topic
from tests.directory.csv_helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_valid_row_creates_a_draft_offer_with_everything_from_the_row():
    report = offers_import_csv(file=csv_bytes(row()))

    assert (report.created, report.errors, report.written) == (["SRC-1"], [], True)
    offer = Offer.objects.get(external_id="SRC-1")
    assert offer.live is False
    assert offer.revisions.count() == 1
    assert offer.description == "Offene Sprechstunde.\nOhne Termin."
    assert offer.provider.name == "Hebammennetz e.V."
    assert [s.code for s in offer.life_stages.all()] == ["pregnancy", "infant"]
    assert [s.code for s in offer.sectors.all()] == ["health"]
    assert sorted(t.name for t in offer.topics.all()) == ["Hebammenhilfe", "Stillberatung"]
    assert sorted(lang.code for lang in offer.languages.all()) == ["de", "tr"]
    assert (offer.min_age, offer.max_age, offer.cost) == (None, 1, "free")
    location = offer.locations.get()
    assert (location.street, location.district.name, location.wheelchair_accessible) == (
        "Marktplatz 1",
        "Mitte",
        True,
    )
    assert (str(location.latitude), str(location.longitude)) == ("50.775300", "6.083900")


def test_publish_makes_imported_offers_live():
    offers_import_csv(file=csv_bytes(row()), publish=True)
    offer = Offer.objects.get(external_id="SRC-1")
    assert offer.live and not offer.has_unpublished_changes


def test_reimport_updates_the_same_offer_and_never_duplicates():
    offers_import_csv(file=csv_bytes(row()), publish=True)
    report = offers_import_csv(file=csv_bytes(row(name="Hebammensprechstunde Mitte")), publish=True)

    assert report.updated == ["SRC-1"]
    assert Offer.objects.count() == 1
    assert Offer.objects.get().name == "Hebammensprechstunde Mitte"
    assert Offer.objects.get().locations.count() == 1


def test_reimport_without_publish_keeps_the_live_version_and_stores_a_draft():
    offers_import_csv(file=csv_bytes(row()), publish=True)
    offers_import_csv(file=csv_bytes(row(name="Neuer Name")))

    offer = Offer.objects.get()
    assert offer.name == "Hebammensprechstunde Ost"  # what families see is unchanged
    assert offer.has_unpublished_changes
    assert offer.get_latest_revision_as_object().name == "Neuer Name"


def test_identical_reimport_is_reported_unchanged_and_writes_no_revision():
    offers_import_csv(file=csv_bytes(row()), publish=True)
    report = offers_import_csv(file=csv_bytes(row()), publish=True)
    assert (report.created, report.updated, report.unchanged) == ([], [], ["SRC-1"])
    assert Offer.objects.get().revisions.count() == 1


def test_provider_topic_and_district_are_matched_case_insensitively():
    offers_import_csv(file=csv_bytes(row()))
    offers_import_csv(
        file=csv_bytes(
            row(
                external_id="SRC-2",
                provider="HEBAMMENNETZ E.V.",
                topics="stillberatung",
                district="mitte",
            )
        )
    )
    assert Provider.objects.count() == 1
    assert Topic.objects.filter(name__iexact="stillberatung").count() == 1
    assert District.objects.count() == 1


ROW_ERRORS = [
    # (column, bad value, words the message must contain)
    ("external_id", "", "ausgefüllt"),
    ("name", "", "ausgefüllt"),
    ("provider", "", "ausgefüllt"),
    ("description", "", "ausgefüllt"),
    ("sectors", "", "ausgefüllt"),
    ("sectors", "health;sport", "sport"),
    ("life_stages", "baby", "baby"),
    ("min_age", "drei", "ganze Zahl"),
    ("min_age", "-1", "größer oder gleich 0"),
    ("max_age", "28", "kleiner oder gleich 27"),
    ("max_age", "1.5", "ganze Zahl"),
    ("cost", "cheap", "cheap"),
    ("languages", "de;xx", "xx"),
    ("lat", "91", "kleiner oder gleich 90"),
    ("lat", "north", "Zahl"),
    ("lon", "-180.5", "größer oder gleich -180"),
    ("wheelchair_accessible", "maybe", "maybe"),
    ("email", "info(at)example", "E-Mail"),
    ("website", "not a url", "gültige Adresse"),
]


@pytest.mark.parametrize(("column", "value", "expected"), ROW_ERRORS)
def test_each_row_error_names_row_column_and_reason_and_nothing_is_written(column, value, expected):
    file = csv_bytes(row(external_id="OK-1"), row(**{"external_id": "BAD-1", column: value}))

    report = offers_import_csv(file=file)

    assert not report.written
    assert [(error.row, error.column) for error in report.errors] == [(3, column)]
    assert expected in report.errors[0].message
    assert "Zeile 3" in str(report.errors[0]) and column in str(report.errors[0])
    assert Offer.objects.count() == 0
    assert Provider.objects.count() == 0


def test_min_age_above_max_age_is_a_row_error():
    report = offers_import_csv(file=csv_bytes(row(min_age="10", max_age="3")))
    assert [(e.row, e.column) for e in report.errors] == [(2, "max_age")]


def test_latitude_without_longitude_is_a_row_error():
    report = offers_import_csv(file=csv_bytes(row(lon="")))
    assert [(e.row, e.column) for e in report.errors] == [(2, "lon")]


def test_duplicate_external_id_within_one_file_is_a_row_error():
    report = offers_import_csv(file=csv_bytes(row(), row(name="Anderes Angebot")))
    assert [(e.row, e.column) for e in report.errors] == [(3, "external_id")]
    assert "Zeile 2" in report.errors[0].message


def test_report_lists_every_error_not_only_the_first():
    file = csv_bytes(
        row(external_id="A", sectors="sport", email="kaputt"),
        row(external_id="B"),
        row(external_id="C", lat="200"),
    )
    report = offers_import_csv(file=file)
    assert sorted((e.row, e.column) for e in report.errors) == [
        (2, "email"),
        (2, "sectors"),
        (4, "lat"),
    ]
    assert report.created == ["B"]  # what would have happened, but did not
    assert Offer.objects.count() == 0


def test_dry_run_reports_and_writes_nothing():
    report = offers_import_csv(file=csv_bytes(row(), row(external_id="SRC-2")), dry_run=True)
    assert report.created == ["SRC-1", "SRC-2"]
    assert not report.written
    assert (Offer.objects.count(), Provider.objects.count(), Topic.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name;provider\nx;y\n", "Pflichtspalten fehlen"),
        (b"external_id,name\n" + "ä".encode("latin-1"), "UTF-8"),
        (b"", "Pflichtspalten fehlen"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(content, message):
    with pytest.raises(ImportFileError, match=message):
        offers_import_csv(file=io.BytesIO(content))
    assert Offer.objects.count() == 0


def test_row_with_more_cells_than_columns_is_refused():
    content = csv_bytes(row()).getvalue() + b"SRC-9,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v\n"
    with pytest.raises(ImportFileError, match="Zeile 3"):
        offers_import_csv(file=io.BytesIO(content))


def test_excel_byte_order_mark_is_accepted():
    content = b"\xef\xbb\xbf" + csv_bytes(row()).getvalue()
    assert offers_import_csv(file=io.BytesIO(content)).created == ["SRC-1"]


def test_command_prints_summary_and_fails_with_every_error(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(row()).getvalue())
    call_command("import_offers", str(good), "--publish")
    assert "angelegt: 1 / aktualisiert: 0 / unverändert: 0 / Fehler: 0" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(row(external_id="X", cost="teuer"), row(lat="999")).getvalue())
    with pytest.raises(CommandError, match="Nichts wurde importiert"):
        call_command("import_offers", str(bad))
    errors = capsys.readouterr().err
    assert "Zeile 2" in errors and "cost" in errors and "Zeile 3" in errors and "lat" in errors


def test_command_dry_run_says_so(tmp_path, capsys):
    file = tmp_path / "offers.csv"
    file.write_bytes(csv_bytes(row()).getvalue())
    call_command("import_offers", str(file), "--dry-run")
    assert "Probelauf" in capsys.readouterr().out
    assert Offer.objects.count() == 0


def test_command_reports_missing_file_clearly(tmp_path):
    with pytest.raises(CommandError, match="nicht lesen"):
        call_command("import_offers", str(tmp_path / "missing.csv"))


def test_the_documented_example_file_imports_cleanly_and_round_trips():
    """docs/examples/offers-example.csv is what docs/csv-format.md points people to."""
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "offers-example.csv"
    with example.open("rb") as file:
        report = offers_import_csv(file=file, publish=True)

    assert (report.errors, report.warnings, report.written) == ([], [], True)
    assert report.created == ["BSP-001", "BSP-002", "BSP-003"]
    hebammen = Offer.objects.get(external_id="BSP-001")
    assert hebammen.live and "\nOhne Termin" in hebammen.description
    assert hebammen.locations.get().district.name == "Mitte"
    lernen = Offer.objects.get(external_id="BSP-003")
    assert lernen.website == "https://bildungswerk.example/lernen"  # the scheme is added
    assert not lernen.locations.exists()  # no address columns, no location
    with example.open("rb") as file:
        again = offers_import_csv(file=file, publish=True)
    assert again.unchanged == ["BSP-001", "BSP-002", "BSP-003"]

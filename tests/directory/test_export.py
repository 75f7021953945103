"""CSV export, CONTRACT §1: the same columns the import reads; the round trip is a no-op."""

import csv
import io

import pytest
from django.core.management import call_command

from directory.interchange.csv_export import offers_export_csv
from directory.interchange.csv_format import COLUMNS, KEPT_WHEN_ABSENT
from directory.interchange.csv_import import offers_import_csv
from directory.models import Offer
from tests.directory.csv_helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


def _export() -> str:
    out = io.StringIO()
    offers_export_csv(file=out)
    return out.getvalue()


def test_export_writes_the_contract_columns_and_values():
    offers_import_csv(file=csv_bytes(row()), publish=True)
    rows = list(csv.DictReader(io.StringIO(_export())))
    assert list(rows[0]) == COLUMNS
    assert rows[0] == {
        **{column: "" for column in COLUMNS},  # no translations, no summary in row()
        **row(),
        "life_stages": "pregnancy;infant",
        "topics": "Hebammenhilfe;Stillberatung",
        "languages": "de;tr",
    }


@pytest.mark.usefixtures("demo_directory")
def test_export_then_import_changes_nothing_on_the_demo_directory():
    exported = _export()
    revisions_before = {o.pk: o.revisions.count() for o in Offer.objects.all()}

    report = offers_import_csv(file=io.BytesIO(exported.encode()), publish=True)

    assert (len(report.created), len(report.updated), report.errors) == (0, 0, [])
    assert len(report.unchanged) == Offer.objects.count() >= 150
    assert {o.pk: o.revisions.count() for o in Offer.objects.all()} == revisions_before
    assert _export() == exported


def test_export_contains_drafts_with_their_latest_content():
    offers_import_csv(file=csv_bytes(row()), publish=True)
    offers_import_csv(file=csv_bytes(row(name="Entwurfsname")))
    exported = list(csv.DictReader(io.StringIO(_export())))
    assert exported[0]["name"] == "Entwurfsname"


def test_export_command_writes_a_file_that_imports_unchanged(tmp_path, capsys):
    offers_import_csv(file=csv_bytes(row(), row(external_id="SRC-2")), publish=True)
    target = tmp_path / "export.csv"
    call_command("export_offers", str(target))
    assert "2 Angebote exportiert" in capsys.readouterr().out
    call_command("import_offers", str(target), "--publish")
    assert "unverändert: 2" in capsys.readouterr().out


def test_cells_that_would_run_as_formulas_are_escaped_and_import_back_unchanged():
    offers_import_csv(
        file=csv_bytes(row(name="'=Mehr als Beratung", phone="+49 241 123456")), publish=True
    )
    assert Offer.objects.get().name == "=Mehr als Beratung"  # the apostrophe marked text
    exported = next(iter(csv.DictReader(io.StringIO(_export()))))
    assert exported["name"] == "'=Mehr als Beratung"
    assert exported["phone"] == "'+49 241 123456"
    again = offers_import_csv(file=io.BytesIO(_export().encode()), publish=True)
    assert len(again.unchanged) == 1 and not again.errors


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("name", '=HYPERLINK("https://evil.example","Hier klicken")'),
        ("provider", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("topics", "=1+1;Stillen"),
        ("name", '\t=HYPERLINK("https://evil.example","Hier klicken")'),
        ("description", "\r=1+1"),
        ("city", " \t @SUM(1+1)"),
    ],
)
def test_import_refuses_formulas_and_writes_nothing(column, value):
    report = offers_import_csv(file=csv_bytes(row(**{column: value})), publish=True)
    assert not report.written and Offer.objects.count() == 0
    (error,) = report.errors
    assert error.column == column and "Tabellenformel" in error.message


def test_translations_and_easy_read_travel_in_their_own_columns_and_round_trip():
    translated = row(
        summary="Hilfe rund um die Geburt.",
        easy_read="Eine Hebamme hilft.\nSie kommt zu Ihnen.",
        name_en="Midwife consultation",
        description_en="Help before and after birth.",
        name_ar="استشارة القابلة",
        description_tr="Doğumdan önce ve sonra yardım.",
    )
    offers_import_csv(file=csv_bytes(translated), publish=True)
    offer = Offer.objects.get()
    texts = {t.language: (t.name, t.description) for t in offer.translations.all()}
    assert texts == {
        "en": ("Midwife consultation", "Help before and after birth."),
        "tr": ("", "Doğumdan önce ve sonra yardım."),
        "ar": ("استشارة القابلة", ""),
    }
    assert offer.easy_read == "Eine Hebamme hilft.\nSie kommt zu Ihnen."
    exported = _export()
    revisions = offer.revisions.count()

    report = offers_import_csv(file=io.BytesIO(exported.encode()), publish=True)

    assert (report.created, report.updated, report.unchanged) == ([], [], ["SRC-1"])
    assert offer.revisions.count() == revisions and _export() == exported


def test_a_file_without_the_translation_columns_keeps_the_translations():
    offers_import_csv(file=csv_bytes(row(name_en="Midwife")), publish=True)

    older_columns = [column for column in COLUMNS if column not in KEPT_WHEN_ABSENT]
    report = offers_import_csv(file=csv_bytes(row(), columns=older_columns), publish=True)

    assert report.unchanged == ["SRC-1"]
    assert Offer.objects.get().translations.get().name == "Midwife"

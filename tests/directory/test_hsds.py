"""Open data in HSDS 3.0: every exported record validates against the official schemas,
our own export and the official examples import, and the round trip changes nothing."""

import filecmp
import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from directory.interchange.hsds_export import offers_export_hsds
from directory.interchange.hsds_import import HsdsFileError, offers_import_hsds
from directory.interchange.hsds_validation import SCHEMA_DIR, record_errors
from directory.models import Language, Location, Offer, Topic
from tests.factories import OfferFactory, draft_offer

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "hsds_examples"
REPOSITORY = Path(__file__).resolve().parents[2]


def official_hsds_release() -> Path:
    """The official HSDS 3.0 release (its schema/ and examples/ folders).

    HSDS_OFFICIAL_DIR names it; otherwise a `shared/hsds-3.0` folder beside the checkout
    or any folder above it. CI provides it there, so CI fails without it; a developer's
    checkout without it skips, saying where it looked.
    """
    if os.environ.get("HSDS_OFFICIAL_DIR"):
        candidates = [Path(os.environ["HSDS_OFFICIAL_DIR"])]
    else:
        candidates = [parent / "shared" / "hsds-3.0" for parent in REPOSITORY.parents]
    for candidate in candidates:
        if (candidate / "schema").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    if os.environ.get("CI"):
        pytest.fail(f"The official HSDS 3.0 release is missing (looked in {looked}).")
    pytest.skip(
        f"The official HSDS 3.0 release is not here (looked in {looked}); set HSDS_OFFICIAL_DIR."
    )


def export() -> dict:
    out = io.StringIO()
    offers_export_hsds(file=out)
    return json.loads(out.getvalue())


def as_file(data) -> io.BytesIO:
    return io.BytesIO(json.dumps(data).encode())


def test_the_shipped_schemas_are_the_official_ones_unchanged():
    official = official_hsds_release()
    names = [p.name for p in SCHEMA_DIR.glob("*.json")]
    match, mismatch, errors = filecmp.cmpfiles(SCHEMA_DIR, official / "schema", names, False)
    assert (mismatch, errors) == ([], []) and len(match) == 22  # 21 schemas + openapi.json
    for example in EXAMPLES.glob("*.json"):
        assert filecmp.cmp(example, official / "examples" / example.name, shallow=False)


@pytest.mark.usefixtures("demo_directory")
class TestDemoDirectoryInHsds:
    def test_every_exported_record_validates(self):
        page = export()
        assert page["total_items"] == len(page["contents"]) == Offer.objects.published().count()
        problems = [e for record in page["contents"] for e in record_errors(record)]
        assert problems == []

    def test_export_import_round_trip_changes_nothing_and_ids_are_stable(self):
        first = export()
        revisions = {o.pk: o.revisions.count() for o in Offer.objects.all()}

        report = offers_import_hsds(file=as_file(first), publish=True)

        assert report.ok and report.written
        assert (len(report.created), len(report.updated)) == (0, 0)
        assert len(report.unchanged) == first["total_items"]
        assert {o.pk: o.revisions.count() for o in Offer.objects.all()} == revisions
        second = export()
        assert [r["id"] for r in second["contents"]] == [r["id"] for r in first["contents"]]


def test_the_official_example_is_valid_and_a_broken_record_is_not():
    assert record_errors(json.loads((EXAMPLES / "service_full.json").read_text())) == []
    errors = record_errors({"id": "12", "name": 3})
    assert "(record): 'status' is a required property" in errors
    assert "id: '12' is not a 'uuid'" in errors


def test_export_carries_the_chain_taxonomies_hours_costs_and_languages():
    offer = OfferFactory(
        name="Stillcafé",
        life_stages=["infant"],
        sectors=["health", "social"],
        cost="free",
        min_age=0,
        max_age=1,
        phone="0241 1",
    )
    offer.languages.set(Language.objects.filter(code__in=["de", "ar"]))
    offer.topics.set([Topic.objects.create(name="Stillen", slug="stillen")])
    offer.save()  # parental relations are written with the offer
    Location.objects.create(
        offer=offer,
        street="Markt 1",
        postcode="52062",
        city="Aachen",
        latitude=50.77,
        longitude=6.08,
        wheelchair_accessible=True,
        opening_hours=[
            {"type": "regular", "value": {"weekday": "tue", "opens": "09:00", "closes": "12:00"}},
            {
                "type": "exception",
                "value": {"starts_on": "2026-12-24", "ends_on": "2026-12-31", "closed": True},
            },
        ],
    )
    draft_offer(name="Entwurf")

    (record,) = export()["contents"]

    assert record["name"] == "Stillcafé" and record["status"] == "active"
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in record["attributes"]
    }
    assert terms == {
        ("Lebensphasen der Präventionskette", "infant"),
        ("Handlungsfelder", "health"),
        ("Handlungsfelder", "social"),
        ("Themen", "stillen"),
    }
    assert record["cost_options"][0]["amount"] == 0
    assert (record["minimum_age"], record["maximum_age"]) == (0, 1)
    assert sorted(language["code"] for language in record["languages"]) == ["ar", "de"]
    location = record["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "52062"
    assert location["accessibility"][0]["description"] == "rollstuhlgerecht"
    weekly, closure = location["schedules"]
    assert (weekly["byday"], weekly["opens_at"], weekly["closes_at"]) == ("TU", "09:00", "12:00")
    assert (closure["valid_from"], closure["valid_to"]) == ("2026-12-24", "2026-12-31")
    assert record_errors(record) == []


def test_a_changed_record_updates_its_offer():
    offer = OfferFactory(name="Elterncafé")
    page = export()
    page["contents"][0]["name"] = "Elterncafé am Markt"
    report = offers_import_hsds(file=as_file(page), publish=True)
    assert report.updated == ["Elterncafé am Markt"]
    offer.refresh_from_db()
    assert offer.name == "Elterncafé am Markt" and Offer.objects.count() == 1


@pytest.mark.parametrize("example", ["service_full.json", "service_list.json"])
def test_official_examples_import_as_drafts_and_then_round_trip(example):
    with (EXAMPLES / example).open("rb") as file:
        report = offers_import_hsds(file=file)
    assert report.ok and len(report.created) == 1
    assert any("maximum_age" in warning for warning in report.warnings)
    offer = Offer.objects.get()
    assert not offer.live  # imported offers are drafts unless published
    assert offer.external_id.startswith("hsds:")
    assert offer.provider.name and offer.max_age is None and offer.min_age == 12

    call_command("import_offers", str(EXAMPLES / example), "--publish", stdout=io.StringIO())
    again = offers_import_hsds(file=as_file(export()))
    assert len(again.unchanged) == 1 and Offer.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"contents": [', "kein gültiges JSON"),
        ("[]".encode("utf-16"), "nicht UTF-8-kodiert"),
        (b'{"hello": "world"}', "Erwartet werden HSDS-Service-Einträge"),
        (b"[1, 2]", "muss ein JSON-Objekt sein"),
        (b"[" * 100_000 + b"]" * 100_000, "mehr als 32 Ebenen tief verschachtelt"),
        (b'[{"id": "x", "name": "y", "a": ' + b"[" * 500 + b"]" * 500 + b"}]", "32 Ebenen"),
    ],
    ids=["not json", "utf-16", "not hsds", "not objects", "recursion", "deep"],
)
def test_unreadable_files_are_refused_with_a_message(content, message):
    with pytest.raises(HsdsFileError, match=message):
        offers_import_hsds(file=io.BytesIO(content))


def test_invalid_records_are_all_reported_and_nothing_is_written():
    page = {
        "contents": [
            {"id": "not-a-uuid", "name": "Kurs", "status": "active"},
            {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "name": "Treff"},
            {
                "id": "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2",
                "name": "Gut",
                "status": "active",
                "minimum_age": 40,
            },
        ]
    }
    report = offers_import_hsds(file=as_file(page))
    messages = [str(error) for error in report.errors]
    assert any(m.startswith("Eintrag 1, Feld „id“") for m in messages)
    assert any(m.startswith("Eintrag 2, Feld „(record)“") for m in messages)
    assert any(m.startswith("Eintrag 3, Feld „minimum_age“") for m in messages)
    assert not report.written and Offer.objects.count() == 0


def test_commands_write_and_read_hsds_files(tmp_path):
    OfferFactory(name="Hausaufgabenhilfe")
    target = tmp_path / "open-data.json"
    out = io.StringIO()
    call_command("export_offers", str(target), "--format", "hsds", stdout=out)
    assert "1 Angebote exportiert" in out.getvalue() or "1 Angebot" in out.getvalue()
    out = io.StringIO()
    call_command("import_offers", str(target), "--dry-run", stdout=out)
    assert "unverändert: 1" in out.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(CommandError, match="kein gültiges JSON"):
        call_command("import_offers", str(bad))


def test_an_export_reimports_unchanged_whatever_the_admin_languages():
    """Labels (how to get it, cost, life stages, sectors) are written in German whoever
    exports, so an editor whose admin speaks English or Arabic re-imports an export as
    unchanged, and so does one who exported in another language."""
    offer = OfferFactory(
        name="Elternberatung",
        life_stages=["infant"],
        sectors=["social"],
        access="appointment",
        cost="reduced",
        cost_note="",
    )
    languages = ["de", "en", "ar"]
    exports = {}
    for language in languages:
        with translation.override(language):
            exports[language] = export()
    assert exports["en"] == exports["de"] == exports["ar"]
    for exported_in in languages:
        for imported_in in languages:
            with translation.override(imported_in):
                report = offers_import_hsds(file=as_file(exports[exported_in]), dry_run=True)
            assert report.ok, report.errors
            assert (report.unchanged, report.updated) == ([offer.name], []), (
                exported_in,
                imported_in,
            )


def test_long_texts_are_cut_with_a_warning_per_field():
    name = "Familienberatung " + "sehr " * 60  # 317 characters
    record = {
        "id": "5b0a4c8e-2f8d-4b7e-9d0a-6c1e2f3a4b5c",
        "name": name,
        "status": "active",
        "fees_description": "Kostenlos. " * 30,
    }
    report = offers_import_hsds(file=as_file({"contents": [record]}))

    assert report.ok
    assert report.warnings == [
        f"Eintrag 1, Feld „name“: {len(name)} Zeichen, auf 200 gekürzt: „{name[200:240]}…“ fehlt.",
        f"Eintrag 1, Feld „fees_description“: 330 Zeichen, auf 200 gekürzt: "
        f"„{('Kostenlos. ' * 30)[200:240]}…“ fehlt.",
    ]
    offer = Offer.objects.get()
    assert offer.name == name[:200] and len(offer.cost_note) == 200

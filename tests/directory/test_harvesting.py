"""Harvesting a neighbouring directory's HSDS API.

The source is a second instance of this project: gunicorn serving its own SQLite
database on loopback, filled through its own CSV import. Odd sources (bad records, a
vanished API) are small local HTTP servers speaking the HSDS page format.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from directory.access import OfferPermissionPolicy
from directory.interchange.hsds_export import service_record
from directory.interchange.hsds_harvest import harvest_source_run
from directory.models import District, HarvestSource, Location, Offer
from directory.reports import GapFilters, gap_report
from search.engines.database import DatabaseEngine
from tests.databases import sqlite_file_from_template
from tests.factories import DistrictFactory, OfferFactory, ProviderFactory

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8170, 8180)  # this branch's ports on the shared machine
SOURCE_CSV = """external_id,name,provider,description,sectors,life_stages,city
n1,Stillcafé Nachbarstadt,Familienzentrum Nachbarstadt,Treff für Stillende.,health,infant,Würselen
n2,Hausaufgabenhilfe Nachbarstadt,Jugendhaus Nachbarstadt,Hausaufgaben.,education,primary,Würselen
n3,Elternberatung Nachbarstadt,Familienzentrum Nachbarstadt,Beratung.,social,preschool,Würselen
"""


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8170–8179")


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def neighbour(tmp_path_factory):
    """A second instance of the directory with three published offers, served on loopback."""
    folder = tmp_path_factory.mktemp("neighbour")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'neighbour.sqlite3'}",
        "BASE_URL": "http://nachbarstadt.test",  # its ids differ from ours
        "HSDS_API_RATE_LIMIT": "0",
    }
    env.pop("ELASTICSEARCH_URL", None)
    port = _free_port()
    # gunicorn boots (imports the site, once: --preload) while the database is made (a
    # copy of the migrated template, tests/databases.py, or migrated here) and filled in
    # one more process; nobody asks it anything before that is done.
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "--preload"),
            *("-b", f"127.0.0.1:{port}", "-w", "2"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/hsds/"
    try:
        (folder / "offers.csv").write_text(SOURCE_CSV, encoding="utf-8")
        migrated = sqlite_file_from_template(folder / "neighbour.sqlite3")
        fill = (
            "from django.core.management import call_command; "
            + ("" if migrated else "call_command('migrate', verbosity=0); ")
            + f"call_command('import_offers', {str(folder / 'offers.csv')!r}, publish=True)"
        )
        _manage(env, "shell", "--verbosity", "0", "-c", fill)
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the neighbouring instance did not start")

        def run(code: str) -> None:
            _manage(env, "shell", "--verbosity", "0", "-c", code)

        yield url, run
    finally:
        server.terminate()
        server.wait(timeout=10)


def harvest(url: str, capsys) -> str:
    with translation.override("en"):
        call_command("harvest_hsds", url, "--name", "Nachbarstadt")
    return capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_neighbouring_instance_is_harvested_kept_and_withdrawn(neighbour, capsys, client):
    url, run_at_source = neighbour
    ours = OfferFactory(
        name="Stillcafé Nachbarstadt",
        description="Unser eigener Text.",
        provider=ProviderFactory(name="Familienzentrum Nachbarstadt"),
    )

    first = harvest(url, capsys)
    assert "3 created, 0 updated, 0 unchanged, 0 withdrawn, 0 errors" in first
    harvested = Offer.objects.filter(harvest_source__isnull=False, live=True)
    assert sorted(harvested.values_list("name", flat=True)) == [
        "Elternberatung Nachbarstadt",
        "Hausaufgabenhilfe Nachbarstadt",
        "Stillcafé Nachbarstadt",
    ]
    ours.refresh_from_db()
    assert ours.description == "Unser eigener Text." and ours.harvest_source is None
    still = harvested.get(name="Stillcafé Nachbarstadt")
    assert still.description == "Treff für Stillende."
    assert still.source_url.startswith(url.rstrip("/") + "/services/")

    second = harvest(url, capsys)
    assert "0 created, 0 updated, 3 unchanged, 0 withdrawn, 0 errors" in second

    # The neighbour withdraws one offer and edits another.
    run_at_source(
        "from directory.models import Offer; "
        "Offer.objects.get(external_id='n2').unpublish(); "
        "o = Offer.objects.get(external_id='n3'); o.description = 'Neu: auch online.'; "
        "o.save(); o.save_revision().publish()"
    )
    third = harvest(url, capsys)
    assert "0 created, 1 updated, 1 unchanged, 1 withdrawn, 0 errors" in third
    assert not Offer.objects.get(name="Hausaufgabenhilfe Nachbarstadt").live
    assert Offer.objects.get(name="Elternberatung Nachbarstadt").description == (
        "Neu: auch online."
    )
    page = client.get("/de/angebote/?q=Hausaufgabenhilfe").content.decode()
    assert "Hausaufgabenhilfe Nachbarstadt" not in page

    # The public page names the source and links home.
    detail = client.get(f"/de/angebote/{still.slug}/").content.decode()
    assert "Quelle" in detail and "Nachbarstadt" in detail and url in detail

    # A harvested offer is not passed on as our open data.
    ids = {r["id"] for r in client.get("/api/hsds/services?per_page=500").json()["contents"]}
    assert service_record(ours)["id"] in ids and len(ids) == 1


class _Source(BaseHTTPRequestHandler):
    """An HSDS API in a test: answers /services with the page set on the server."""

    def do_GET(self):
        status, body = self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_source():
    server = ThreadingHTTPServer(("127.0.0.1", _free_port()), _Source)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _page(records: list) -> dict:
    return {"total_items": len(records), "total_pages": 1, "page_number": 1, "contents": records}


GOOD = {
    "id": "6c2f5c3e-5a4e-4f3b-9f0a-2b1d3c4e5f60",
    "name": "Babyschwimmen",
    "description": "Im Hallenbad.",
    "status": "active",
    "organization": {
        "id": "0d6a3f1e-2b4c-4d5e-8f90-a1b2c3d4e5f6",
        "name": "Schwimmverein",
        "description": "",
    },
}


@pytest.mark.django_db
def test_bad_records_are_reported_and_skipped_and_a_vanished_source_withdraws(fake_source):
    source = HarvestSource.objects.create(
        name="Kreis", api_url=f"http://127.0.0.1:{fake_source.server_port}/api/hsds/"
    )
    broken = {"id": "not-a-uuid", "name": 5}
    fake_source.answer = (200, _page([GOOD, broken]))
    report = harvest_source_run(source=source)
    assert report.created == ["Babyschwimmen"], report.errors
    assert len(report.errors) >= 2
    assert any("'status' is a required property" in error for error in report.errors)

    fake_source.answer = (503, {})  # unreachable this time: nothing changes
    report = harvest_source_run(source=source)
    assert report.withdrawn == [] and "HTTP 503" in report.errors[0]
    assert Offer.objects.get(name="Babyschwimmen").live

    fake_source.answer = (410, {})  # gone for good
    report = harvest_source_run(source=source)
    assert report.withdrawn == ["Babyschwimmen"]
    assert not Offer.objects.get(name="Babyschwimmen").live
    source.refresh_from_db()
    assert "1 zurückgezogen" in source.last_report  # stored in the site language


@pytest.mark.django_db
def test_editors_choose_visibility_and_gap_report_districts_per_source(
    client, django_capture_on_commit_callbacks
):
    north, south = DistrictFactory(name="Nord"), DistrictFactory(name="Süd")
    source = HarvestSource.objects.create(name="Kreis", api_url="http://127.0.0.1:1/")
    harvested = OfferFactory(name="Nachbarangebot", harvest_source=source, sectors=["health"])
    mine = OfferFactory(name="Eigenes Angebot", sectors=["health"])
    Location.objects.create(offer=mine, street="Weg 1", district=north)
    DatabaseEngine().rebuild()

    def found() -> tuple[int, list[str]]:
        answer = client.get("/api/v1/search/", {"q": "Angebot"}).json()
        return answer["count"], sorted(result["name"] for result in answer["results"])

    assert set(Offer.objects.public()) == {harvested, mine}
    assert found() == (2, ["Eigenes Angebot", "Nachbarangebot"])
    with django_capture_on_commit_callbacks(execute=True):
        source.show_in_search = False
        source.save()
    assert list(Offer.objects.public()) == [mine]
    assert found() == (1, ["Eigenes Angebot"])  # the index followed the editors' choice

    # No districts chosen: harvested offers are not counted at all.
    assert gap_report(GapFilters()).total == 1
    source.gap_report_districts.set([south])
    assert gap_report(GapFilters()).total == 2
    assert gap_report(GapFilters(district=south)).total == 1
    assert gap_report(GapFilters(district=north)).total == 1  # only ours
    assert District.objects.count() == 2


@pytest.mark.django_db
def test_nobody_edits_a_harvested_offer_in_the_admin(client, superuser):
    source = HarvestSource.objects.create(name="Kreis", api_url="http://127.0.0.1:1/")
    harvested = OfferFactory(name="Nachbarangebot", harvest_source=source)
    mine = OfferFactory(name="Eigenes Angebot")
    client.force_login(superuser)
    edit = "/admin/snippets/directory/offer/edit/{}/"
    assert client.get(edit.format(mine.pk)).status_code == 200
    response = client.get(edit.format(harvested.pk))
    assert response.status_code in (302, 403)
    assert client.get(f"/admin/snippets/directory/offer/inspect/{harvested.pk}/").status_code == 200


@pytest.mark.django_db
def test_lists_of_offers_one_may_change_leave_out_harvested_ones(moderator):
    """What Wagtail asks the permission policy when it lists the offers a user may act on:
    harvested offers are there to look at, never to change or delete."""
    source = HarvestSource.objects.create(name="Kreis", api_url="http://127.0.0.1:1/")
    harvested = OfferFactory(name="Nachbarangebot", harvest_source=source)
    mine = OfferFactory(name="Eigenes Angebot")
    policy = OfferPermissionPolicy(Offer)
    assert set(policy.instances_user_has_permission_for(moderator, "view")) == {harvested, mine}
    assert set(policy.instances_user_has_permission_for(moderator, "change")) == {mine}
    changeable = policy.instances_user_has_any_permission_for(moderator, ["change", "delete"])
    assert set(changeable) == {mine}


@pytest.mark.django_db
def test_municipal_editors_manage_harvested_directories_in_the_admin(client, moderator, editor):
    district = DistrictFactory(name="Nord")
    client.force_login(moderator)
    add = "/admin/snippets/directory/harvestsource/add/"
    form = client.get(add).content.decode()
    assert (
        "counts in the gap report for" in form.lower() or "zählt im lückenbericht" in form.lower()
    )
    response = client.post(
        add,
        {
            "name": "Nachbarstadt",
            "api_url": "https://nachbarstadt.example/api/hsds/",
            "website": "https://nachbarstadt.example/",
            "active": "on",
            "gap_report_districts": [district.pk],
        },
    )
    assert response.status_code == 302
    source = HarvestSource.objects.get()
    assert not source.show_in_search and list(source.gap_report_districts.all()) == [district]
    bad = client.post(add, {"name": "Datei", "api_url": "file:///etc/passwd"})
    assert bad.status_code == 200 and HarvestSource.objects.count() == 1
    client.force_login(editor)
    assert client.get(add).status_code in (302, 403)

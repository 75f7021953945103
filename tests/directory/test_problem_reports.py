"""Report a problem: anyone can, spam is kept out without third parties, the editors'
queue shows reports with status, professionals' reports are marked, provider editors
see only their own."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from directory.models import ProblemReport
from tests.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def report_url(offer) -> str:
    return f"/de/angebote/{offer.slug}/problem/"


def test_anyone_reports_a_problem_once_even_with_a_double_click(client):
    offer = OfferFactory(name="Elterncafé")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert f'href="{report_url(offer)}"' in page
    data = {"kind": "phone", "text": "Die Nummer ist nicht mehr vergeben.", "email": ""}

    first = client.post(report_url(offer), data)
    second = client.post(report_url(offer), data)  # double submission

    assert first.status_code == second.status_code == 303
    thanks = client.get(first["Location"]).content.decode()
    assert "Vielen Dank! Die Redaktion prüft den Eintrag." in thanks
    report = ProblemReport.objects.get()
    assert (report.kind, report.status, report.from_professional) == ("phone", "new", False)


def test_bots_filling_the_hidden_field_are_thanked_and_ignored(client):
    offer = OfferFactory()
    response = client.post(report_url(offer), {"kind": "other", "website": "http://spam"})
    assert response.status_code == 303 and ProblemReport.objects.count() == 0


def test_too_many_reports_from_one_address_are_refused(client):
    offer = OfferFactory()
    for number in range(5):
        client.post(report_url(offer), {"kind": "other", "text": f"Hinweis {number}"})
    refused = client.post(report_url(offer), {"kind": "other", "text": "noch einer"})
    assert refused.status_code == 429
    assert "Zu viele Meldungen" in refused.content.decode()
    assert ProblemReport.objects.count() == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "", "text": "x"}, "Dieses Feld muss ausgefüllt werden."),
        ({"kind": "broken"}, "gültige Auswahl"),
        ({"kind": "other", "text": "x" * 1001}, "höchstens 1000 Zeichen"),
        ({"kind": "other", "email": "keine-adresse"}, "gültige E-Mail-Adresse"),
    ],
)
def test_bad_reports_are_refused_with_a_message(client, data, message):
    offer = OfferFactory()
    response = client.post(report_url(offer), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert ProblemReport.objects.count() == 0


def test_unknown_or_unpublished_offers_cannot_be_reported(client):
    draft = OfferFactory(live=False)
    assert client.get(report_url(draft)).status_code == 404
    assert client.post("/de/angebote/gibt-es-nicht/problem/", {"kind": "other"}).status_code == 404


def test_professionals_reports_are_marked(client, django_user_model):
    professional = django_user_model.objects.create_user("sozialarbeit", "s@example.org", "pw")
    professional.groups.add(Group.objects.get_or_create(name="Fachkraft")[0])
    client.force_login(professional)
    client.post(report_url(OfferFactory()), {"kind": "closed"})
    assert ProblemReport.objects.get().from_professional is True


def test_editors_queue_with_status_and_counts(client, moderator):
    offer = OfferFactory(name="Elterncafé")
    ProblemReport.objects.create(offer=offer, kind="closed", text="Gibt es nicht mehr")
    done = ProblemReport.objects.create(offer=offer, kind="phone", status="done")
    client.force_login(moderator)

    dashboard = client.get("/admin/").content.decode()
    assert "1 neue Meldung" in dashboard
    queue = client.get("/admin/snippets/directory/problemreport/?status=new").content.decode()
    assert "Elterncafé" in queue and "Das Angebot gibt es nicht mehr" in queue
    client.post(
        f"/admin/snippets/directory/problemreport/edit/{done.pk}/", {"status": "in_progress"}
    )
    done.refresh_from_db()
    assert done.status == "in_progress"


def test_provider_editors_see_only_their_own_reports(client, django_user_model):
    own, other = ProviderFactory(), ProviderFactory()
    user = django_user_model.objects.create_user("ost", "ost@example.org", "pw")
    user.groups.add(Group.objects.get(name="Provider editors"))
    own.editors.add(user)
    mine = ProblemReport.objects.create(offer=OfferFactory(provider=own, name="Mein"), kind="other")
    theirs = ProblemReport.objects.create(
        offer=OfferFactory(provider=other, name="Fremd"), kind="other"
    )
    client.force_login(user)
    queue = client.get("/admin/snippets/directory/problemreport/").content.decode()
    assert "Mein" in queue and "Fremd" not in queue
    for action in ("edit", "inspect"):
        url = f"/admin/snippets/directory/problemreport/{action}/{theirs.pk}/"
        assert client.get(url)["Location"] == "/admin/"
        assert (
            client.get(f"/admin/snippets/directory/problemreport/{action}/{mine.pk}/").status_code
            == 200
        )

"""Professional accounts: families (anonymous) never see internal notes or offers for
professionals only — not in pages, search, the API or sheets; professionals do."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from search.engines.database import DatabaseEngine
from tests.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db
SECRET = "Wartezeit 6 Wochen, Zuweisung über Frau Meier, Durchwahl -12"


@pytest.fixture
def offers(db):
    provider = ProviderFactory(name="Beratungsstelle", slug="beratungsstelle")
    public = OfferFactory(
        name="Offene Elternberatung",
        provider=provider,
        life_stages=["infant"],
        internal_note=SECRET,
    )
    hidden = OfferFactory(
        name="Clearingstelle Kinderschutz",
        provider=provider,
        life_stages=["infant"],
        professionals_only=True,
    )
    DatabaseEngine().rebuild()
    return {"public": public, "hidden": hidden}


@pytest.fixture
def professional(django_user_model):
    user = django_user_model.objects.create_user("sozial", "s@amt.example", "pw")
    user.groups.add(Group.objects.get(name="Fachkraft"))
    return user


def visible_pages(client, offers) -> dict[str, str]:
    return {
        "results": client.get("/de/angebote/", {"q": "Kinderschutz"}).content.decode(),
        "all results": client.get("/de/angebote/").content.decode(),
        "api": client.get("/api/v1/search/", {"q": "Clearingstelle"}).content.decode(),
        "suggestions": client.get("/api/v1/suggest/", {"q": "Clearing"}).content.decode(),
        "life stage": client.get("/de/baby-und-kleinkind/").content.decode(),
        "provider": client.get("/de/anbieter/beratungsstelle/").content.decode(),
        "related": client.get(offers["public"].get_absolute_url()).content.decode(),
    }


def test_families_never_see_internal_notes_or_professional_offers(client, offers):
    for name, html in visible_pages(client, offers).items():
        assert "Clearingstelle" not in html, name
        assert SECRET not in html, name
    assert client.get(offers["hidden"].get_absolute_url()).status_code == 404
    home = client.get("/de/").content.decode()
    assert re.search(r"Baby &amp; Kleinkind \(0–3\)</a>\s*<span class=\"count\">1 Angebot<", home)


def test_professionals_see_them_everywhere(client, offers, professional):
    client.force_login(professional)
    pages = visible_pages(client, offers)
    for name in ("results", "api", "life stage", "provider", "related"):
        assert "Clearingstelle" in pages[name], name
    offer_page = client.get(offers["hidden"].get_absolute_url()).content.decode()
    assert "Nur für Fachkräfte" in offer_page
    public_page = client.get(offers["public"].get_absolute_url()).content.decode()
    assert SECRET in public_page and "Hinweis für Fachkräfte" in public_page


def test_sheets_carry_internal_information_only_when_chosen(client, offers, professional):
    client.force_login(professional)
    for offer in offers.values():
        client.post("/de/merkliste/aendern/", {"offer": offer.slug})

    family = client.post("/de/merkliste/bogen/", {"language": "de", "html": "1"}).content
    chosen = client.post(
        "/de/merkliste/bogen/", {"language": "de", "html": "1", "for_professionals": "on"}
    ).content
    shared = client.post(
        "/de/merkliste/bogen/", {"language": "de", "share": "1", "for_professionals": "on"}
    )

    assert SECRET.encode() not in family and b"Clearingstelle" not in family
    assert SECRET.encode() in chosen and b"Clearingstelle" in chosen
    family_phone = client.get(shared["Location"]).content.decode()
    assert SECRET not in family_phone and "Clearingstelle" not in family_phone


def test_anonymous_sheets_ignore_the_professional_option(client, offers):
    client.post("/de/merkliste/aendern/", {"offer": offers["public"].slug})
    sheet = client.post(
        "/de/merkliste/bogen/", {"language": "de", "html": "1", "for_professionals": "on"}
    ).content
    assert SECRET.encode() not in sheet


def test_professionals_log_in_and_reset_their_password_by_email(client, professional):
    page = client.get("/de/anmelden/").content.decode()
    assert "Anmelden für Fachkräfte" in page
    response = client.post("/de/anmelden/", {"username": "sozial", "password": "pw"})
    assert response["Location"] == "/de/angebote/"
    client.post("/de/abmelden/")
    wrong = client.post("/de/anmelden/", {"username": "sozial", "password": "falsch"})
    assert wrong.status_code == 200 and 'role="alert"' in wrong.content.decode()

    client.post("/de/passwort/", {"email": "s@amt.example"})
    (message,) = mail.outbox
    link = re.search(r"http://\S+/de/passwort/neu/\S+/", message.body).group(0)
    form = client.get(link.split("testserver")[-1], follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Neues-Passwort-2026!", "new_password2": "Neues-Passwort-2026!"},
    )
    assert client.login(username="sozial", password="Neues-Passwort-2026!")

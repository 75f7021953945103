"""The shortlist: works without JavaScript or login, kept in the session only, survives
navigation and language switches, sets no cookie until used."""

import re

import pytest

from tests.factories import OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_directory")]
CHANGE = "/de/merkliste/aendern/"


def names_on(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+"[^>]*>([^<]+)</a></h3>', html)


def test_add_from_results_and_offer_page_then_remove(client, search_directory):
    results = client.get("/de/angebote/", {"life_stage": "infant"})
    assert "sessionid" not in results.cookies and "csrftoken" not in results.cookies
    first = search_directory["Stillcafé am Markt"]
    second = search_directory["Ärztlicher Kinderschutz"]

    back = "/de/angebote/?life_stage=infant"
    response = client.post(CHANGE, {"offer": first.slug, "action": "add", "next": back})
    assert (response.status_code, response["Location"]) == (303, back)
    client.post(CHANGE, {"offer": second.slug, "action": "add", "next": second.get_absolute_url()})
    client.post(CHANGE, {"offer": second.slug, "action": "add"})  # twice is once

    page = client.get("/de/merkliste/").content.decode()
    assert names_on(page) == ["Stillcafé am Markt", "Ärztlicher Kinderschutz"]
    assert '<span class="badge">2</span>' in page
    arabic = client.get("/ar/merkliste/").content.decode()  # another language, same list
    assert len(names_on(arabic)) == 2

    client.post(CHANGE, {"offer": first.slug, "action": "remove"})
    assert names_on(client.get("/de/merkliste/").content.decode()) == ["Ärztlicher Kinderschutz"]
    offer_page = client.get(second.get_absolute_url()).content.decode()
    assert "Von der Merkliste nehmen" in offer_page


def test_bad_shortlist_requests(client, search_directory):
    assert client.post(CHANGE, {"offer": "gibt-es-nicht", "action": "add"}).status_code == 404
    assert client.get(CHANGE).status_code == 405
    evil = client.post(
        CHANGE,
        {"offer": search_directory["Jugendberufsagentur"].slug, "next": "https://evil.example/"},
    )
    assert evil["Location"] == "/de/merkliste/"  # never off to another site


def test_unpublished_offers_cannot_be_added_and_drop_off_the_list(client, search_directory):
    draft = search_directory["Entwurf: Geheime Beratung"]
    assert client.post(CHANGE, {"offer": draft.slug}).status_code == 404
    offer = OfferFactory(name="Bald weg")
    client.post(CHANGE, {"offer": offer.slug})
    offer.live = False
    offer.save()
    assert "Bald weg" not in client.get("/de/merkliste/").content.decode()


def test_the_list_is_limited(client, search_directory, monkeypatch):
    from directory import shortlist

    monkeypatch.setattr(shortlist, "MAX_OFFERS", 1)
    offers = list(search_directory.values())
    client.post(CHANGE, {"offer": offers[0].slug})
    full = client.post(CHANGE, {"offer": offers[1].slug})
    assert full.status_code == 400 and "Merkliste ist voll" in full.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://boese.example"},
        {"HTTP_ORIGIN": "https://boese.example"},
        {"HTTP_REFERER": "https://boese.example/seite"},
    ],
    ids=["fetch metadata", "origin", "referer"],
)
def test_other_sites_cannot_post_to_the_shortlist(client, search_directory, headers):
    offer = search_directory["Stillcafé am Markt"]
    client.post(CHANGE, {"offer": offer.slug}, HTTP_ORIGIN="http://testserver")
    session_before = client.cookies["sessionid"].value

    forged = client.post(CHANGE, {"offer": offer.slug, "action": "remove"}, **headers)

    assert forged.status_code == 403
    assert "sessionid" not in forged.cookies  # the visitor's session is not replaced
    assert client.cookies["sessionid"].value == session_before
    assert names_on(client.get("/de/merkliste/").content.decode()) == ["Stillcafé am Markt"]


def test_the_shortlist_works_for_forms_of_our_own_pages(client, search_directory):
    offer = search_directory["Stillcafé am Markt"]
    same_site = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
    response = client.post(CHANGE, {"offer": offer.slug}, **same_site)
    assert response.status_code == 303
    response = client.post(CHANGE, {"offer": offer.slug}, HTTP_REFERER="http://testserver/de/")
    assert response.status_code == 303
    assert names_on(client.get("/de/merkliste/").content.decode()) == ["Stillcafé am Markt"]


def test_personal_pages_are_never_cached(client, search_directory):
    offer = search_directory["Stillcafé am Markt"]
    client.post(CHANGE, {"offer": offer.slug})
    sheet = client.post("/de/merkliste/bogen/", {"language": "de", "note": "Frau A., Di 10 Uhr"})
    share = client.post("/de/merkliste/bogen/", {"language": "de", "share": "1", "note": "x"})
    for response in (client.get("/de/merkliste/"), sheet, client.get(share["Location"])):
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives

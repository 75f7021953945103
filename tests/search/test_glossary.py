"""The multilingual glossary: seeded, editable by the municipal editors, used at once."""

import pytest

from search.engines.database import DatabaseEngine
from search.models import GlossaryEntry, SynonymGroup
from search.query import SearchQuery
from search.services import offer_search

pytestmark = pytest.mark.django_db

GLOSSARY_ADMIN = "/admin/snippets/directory_search/glossaryentry/"


def test_the_glossary_ships_at_least_150_concepts_in_five_languages():
    entries = GlossaryEntry.objects.all()
    assert entries.count() >= 150
    complete = [e for e in entries if all(e.terms(lang) for lang in ("de", "en", "tr", "ar", "uk"))]
    assert len(complete) == entries.count()
    kita = GlossaryEntry.objects.get(german__startswith="Kita,")
    assert "kreş" in kita.terms("tr") and "روضة" in kita.terms("ar")


def test_no_practice_is_a_paediatrician_by_default():
    groups = [group.term_list() for group in SynonymGroup.objects.all()]
    assert not any("Kinderarzt" in terms and "Praxis" in terms for terms in groups)


def test_moderators_edit_the_glossary_and_searches_use_it_at_once(
    client, moderator, indexed_directory, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    assert client.get(GLOSSARY_ADMIN).status_code == 200
    engine = DatabaseEngine()
    assert engine.search(SearchQuery(text="piscine", language="en")).count == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            GLOSSARY_ADMIN + "add/",
            {
                "german": "Babyschwimmen",
                "english": "piscine",
                "turkish": "",
                "arabic": "",
                "ukrainian": "",
            },
        )
    assert response.status_code == 302
    found = engine.search(SearchQuery(text="piscine", language="en"))
    assert [hit.name for hit in found.results] == ["Babyschwimmen"]


def test_suggestions_follow_the_page_language(indexed_directory):
    ukrainian = offer_search(query=SearchQuery(text="дитсадк", language="uk"))
    assert ukrainian.count == 0 and "дитсадок" in ukrainian.suggestions
    german_page = offer_search(query=SearchQuery(text="дитсадк", language="de"))
    assert "дитсадок" not in german_page.suggestions  # a German page suggests German terms

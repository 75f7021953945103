"""The search contract every engine fulfils (CONTRACT §3, DESIGN "one interface, two engines").

Subclassed once per engine (test_database_engine.py, test_elasticsearch_engine.py); each
subclass provides the `engine` fixture. A known gap of one engine would be an explicit,
commented xfail in its subclass, never a missing test. There are none today.
"""

import datetime
import math
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import Location, Offer, OfferTranslation, Topic
from search.engines.database import DatabaseEngine
from search.models import SynonymGroup
from search.query import GeoPoint, OpenAt, SearchQuery, Sort
from search.vocabulary import clear_caches
from tests.conftest import built_once
from tests.factories import OfferFactory
from tests.search.fixtures import MITTE, closure_tuesday, create_search_directory

PUBLISHED = 12
MITTE_POINT = GeoPoint(float(MITTE[0]), float(MITTE[1]))


# Offers single tests created and indexed; removed from the engine before the next test.
_indexed_by_tests: list[int] = []


class EngineContract:
    """Each subclass provides a class-scoped `engine` fixture."""

    pytestmark = [pytest.mark.django_db]

    @pytest.fixture(scope="class")
    @classmethod
    def directory(cls, request, engine, django_db_setup, django_db_blocker):
        """Built and indexed once per engine; each test reads it in its own savepoint.

        Tests that change the database are undone by their savepoint; a test that changes
        a search index outside the database puts it back itself.
        """
        with built_once(request, django_db_blocker, "directory"):
            offers = create_search_directory()
            # The database index also holds the vocabulary for typo corrections, for every
            # engine.
            DatabaseEngine().rebuild()
            if not isinstance(engine, DatabaseEngine):
                engine.rebuild()
            yield offers

    @pytest.fixture(autouse=True)
    def fresh_vocabulary(self, engine):
        """Synonyms a test adds are rolled back with it; so must their cached copy be. Offers
        a test indexed are rolled back too, but not from Elasticsearch: indexing their ids
        again once they are gone deletes them there."""
        if _indexed_by_tests:
            engine.index_offers(_indexed_by_tests)
            _indexed_by_tests.clear()
        yield
        clear_caches()

    def index(self, engine, offers) -> None:
        ids = [offer.pk for offer in offers]
        _indexed_by_tests.extend(ids)
        DatabaseEngine().index_offers(ids)
        engine.index_offers(ids)
        clear_caches()

    def names(self, engine, **query) -> list[str]:
        return [hit.name for hit in engine.search(SearchQuery(**query)).results]

    def found(self, engine, text: str, **query) -> set[str]:
        return set(self.names(engine, text=text, page_size=100, **query))

    # --- what is searchable ---------------------------------------------------------
    def test_finds_only_published_offers(self, engine, directory):
        response = engine.search(SearchQuery(page_size=100))
        assert response.count == PUBLISHED
        assert "Entwurf: Geheime Beratung" not in {hit.name for hit in response.results}
        assert "Entwurf: Geheime Beratung" not in self.found(engine, "Beratung")

    def test_response_names_the_engine_and_the_page(self, engine, directory):
        response = engine.search(SearchQuery(page=2, page_size=5))
        assert (response.engine, response.page, response.page_size) == (engine.name, 2, 5)

    def test_result_carries_what_a_result_line_shows(self, engine, directory):
        hit = engine.search(SearchQuery(text="Jugendberufsagentur")).results[0]
        offer = directory["Jugendberufsagentur"]
        assert (hit.id, hit.slug, hit.name) == (offer.pk, offer.slug, "Jugendberufsagentur")
        assert hit.provider == "Stadt Musterstadt"
        assert hit.summary.startswith("Berufswahl")
        assert hit.url == offer.get_absolute_url()
        assert (hit.life_stages, hit.sectors, hit.district) == (
            ["transition"],
            ["education", "social"],
            "Mitte",
        )
        assert hit.distance_km is None

    # --- German text handling -------------------------------------------------------
    def test_offers_with_every_word_come_first_then_those_with_some(self, engine, directory):
        response = engine.search(SearchQuery(text="Beratung Brand", page_size=100))
        names = [hit.name for hit in response.results]
        both = {"Schuldnerberatung für junge Erwachsene", "Familienhebammen im Quartier"}
        assert set(names[:2]) == both and response.complete_count == 2
        assert "Offene Beratung für Eltern" in names[2:]  # "Beratung" only: follows
        assert response.unmatched == []

    def test_a_word_nothing_matches_is_named_and_the_rest_still_finds(self, engine, directory):
        response = engine.search(SearchQuery(text="Stillcafé Zauberwürfel", page_size=100))
        assert "Stillcafé am Markt" in {hit.name for hit in response.results}
        assert response.unmatched == ["zauberwürfel"]
        assert response.complete_count == 0

    def test_rare_words_count_more_than_common_ones(self, engine, directory):
        common = [
            OfferFactory(name=f"Angebot {n}", description="Treffen in der Gruppe.")
            for n in range(6)
        ]
        rare = OfferFactory(name="Zeit für Eltern", description="Für Eltern von Zwillingen.")
        self.index(engine, [*common, rare])
        names = self.names(engine, text="Gruppe Zwillinge", page_size=100)
        assert names[0] == "Zeit für Eltern"  # alphabetically last, but its word is rare
        assert {offer.name for offer in common} <= set(names)

    def test_the_typed_word_outranks_its_synonyms(self, engine, directory):
        # "Kindertagesstätte" is a synonym of "Kita" and would come first by name.
        names = self.names(engine, text="Kita", page_size=100)
        assert names[:2] == ["Kita-Sprachförderung", "Kindertagesstätte Sonnenschein"]

    def test_equal_matches_are_ordered_by_freshness_not_alphabet(self, engine, directory):
        today = timezone.localdate()
        old = OfferFactory(
            name="Adlerhorst",
            description="Zwillingstreff.",
            last_verified=today - datetime.timedelta(days=700),
        )
        fresh = OfferFactory(name="Zugvogel", description="Zwillingstreff.", last_verified=today)
        self.index(engine, [old, fresh])
        assert self.names(engine, text="Zwillingstreff") == ["Zugvogel", "Adlerhorst"]

    def test_a_word_naming_a_filter_boosts_without_hiding(self, engine, directory):
        response = engine.search(SearchQuery(text="Lernen kostenlos", page_size=100))
        names = [hit.name for hit in response.results]
        assert names[0] == "Hausaufgabenhilfe im Jugendtreff"  # free, and about learning
        assert "Lernförderung Mathematik" in names  # not free: still shown
        assert response.filter_hints == [("cost", "free")]
        selected = engine.search(SearchQuery(text="Lernen kostenlos", free_only=True))
        assert selected.filter_hints == []

    def test_the_glossary_maps_a_family_language_to_german_terms(self, engine, directory):
        for text, language in [("midwife", "en"), ("ebe", "tr"), ("акушерка", "uk")]:
            found = self.found(engine, text, language=language)
            assert "Familienhebammen im Quartier" in found, text

    def test_translated_descriptions_are_searched(self, engine, directory):
        offer = directory["Stillcafé am Markt"]
        OfferTranslation.objects.create(
            offer=offer, language="uk", name="Кафе для годування", description="Після пологів."
        )
        self.index(engine, [offer])
        # Another form of the word, found through Ukrainian lemmas on a Ukrainian page.
        assert "Stillcafé am Markt" in self.found(engine, "пологи", language="uk")

    def test_compound_parts_come_from_the_german_noun_list(self, engine, directory):
        # "Gewöhnung" is in no hand-made list; german-nouns knows it.
        assert "Babyschwimmen" in self.found(engine, "Gewöhnung")

    def test_an_empty_result_suggests_real_alternatives(self, engine, directory):
        assert engine.search(SearchQuery(text="Kta")).count == 0
        assert "Kita" in engine.alternatives(SearchQuery(text="Kta"))

    @pytest.mark.parametrize(
        ("query", "finds"),
        [
            (SearchQuery(text="Hebamme"), True),
            (SearchQuery(text="Kta"), False),
            # a word that matches, but not under the filters
            (SearchQuery(text="Hebamme", life_stages=("transition",)), False),
            (SearchQuery(text="Hebamme", near=GeoPoint(50.0, 8.0), radius_km=1), False),
            (SearchQuery(text="Hebamme", near=MITTE_POINT, radius_km=20), True),
            (SearchQuery(life_stages=("pregnancy",), sectors=("education",)), False),
            (SearchQuery(life_stages=("pregnancy",)), True),
        ],
    )
    def test_whether_a_search_finds_anything(self, engine, directory, query, finds):
        """The probes behind "did you mean" ask only this; it agrees with the search."""
        assert engine.finds_any(query) is finds
        assert (engine.search(query).count > 0) is finds

    def test_part_finds_the_compound(self, engine, directory):
        assert {
            "Schwangerschaftsberatung Mitte",
            "Schuldnerberatung für junge Erwachsene",
        } <= self.found(engine, "Beratung")
        assert "Familienhebammen im Quartier" in self.found(engine, "Hebamme")

    def test_compound_finds_its_parts(self, engine, directory):
        assert "Offene Beratung für Eltern" in self.found(engine, "Elternberatung")

    def test_name_matches_rank_above_description_matches(self, engine, directory):
        names = self.names(engine, text="Beratung", page_size=100)
        assert names.index("Offene Beratung für Eltern") < names.index(
            "Familienhebammen im Quartier"
        )

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("Lernfoerderung", "Lernförderung Mathematik"),
            ("lernförderung", "Lernförderung Mathematik"),
            ("Aerztlicher", "Ärztlicher Kinderschutz"),
            ("Stillcafe", "Stillcafé am Markt"),
            ("Muetter", "Stillcafé am Markt"),
            ("KINDERTAGESSTÄTTE", "Kindertagesstätte Sonnenschein"),
        ],
    )
    def test_case_umlauts_and_accents_are_folded(self, engine, directory, typed, expected):
        assert expected in self.found(engine, typed)

    def test_inflections_are_stemmed(self, engine, directory):
        assert "Familienhebammen im Quartier" in self.found(engine, "Hausbesuch")
        assert "Lernförderung Mathematik" in self.found(engine, "Gruppe")

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("Schuldnerbertung", "Schuldnerberatung für junge Erwachsene"),
            ("Hebame", "Familienhebammen im Quartier"),
            ("Babyschwimen", "Babyschwimmen"),
            ("Jugendberufsagnetur", "Jugendberufsagentur"),
        ],
    )
    def test_typos_in_longer_words_are_tolerated(self, engine, directory, typed, expected):
        assert expected in self.found(engine, typed)

    def test_exact_matches_rank_above_typo_corrections(self, engine, directory):
        # One word, two matches in offer names: through an editors' synonym exactly
        # ("Stillcafé am Markt"), and as a typo one edit from "Familienhebammen im Quartier".
        # By name the midwives would come first; the exact match must.
        SynonymGroup.objects.create(terms="Hebame, Stillcafé")
        clear_caches()
        names = self.names(engine, text="Hebame", page_size=100)
        assert names.index("Stillcafé am Markt") < names.index("Familienhebammen im Quartier")

    def test_short_words_are_not_fuzzy(self, engine, directory):
        assert self.found(engine, "Kta") == set()

    def test_synonyms_from_the_default_list(self, engine, directory):
        assert {"Kindertagesstätte Sonnenschein"} <= self.found(engine, "Kindergarten")
        assert {"Hausaufgabenhilfe im Jugendtreff", "Lernförderung Mathematik"} <= self.found(
            engine, "Nachhilfe"
        )

    def test_multi_word_synonym_needs_all_its_words(self, engine, directory):
        SynonymGroup.objects.create(terms="Wasserspaß, warmes Becken, kaltes Wasser")
        clear_caches()
        # "warmes Becken" is in the Babyschwimmen description; "kaltes Wasser" nowhere whole.
        assert self.found(engine, "Wasserspaß") == {"Babyschwimmen"}
        assert "Familienhebammen im Quartier" in self.found(engine, "Babylotse")

    def test_edited_synonyms_apply_without_reindexing(
        self, engine, directory, django_capture_on_commit_callbacks
    ):
        assert self.found(engine, "Planschen") == set()
        with django_capture_on_commit_callbacks(execute=True):
            SynonymGroup.objects.create(terms="Planschen, Wassergewöhnung")
        assert self.found(engine, "Planschen") == {"Babyschwimmen"}

    @pytest.mark.parametrize(
        ("text", "same_as"),
        [
            ('"Beratung', "Beratung"),  # a quote starts no phrase
            ("Beratung " * 2000, "Beratung"),  # repeated words count once, nothing breaks
            ("🤱 Stillen 👶", "Stillen"),
            ("Stillen (Kita OR Hort)", "Stillen Kita or Hort"),  # no OR: every word counts
            ("Beratung AND NOT *", "Beratung and not"),  # no NOT, no wildcard
            ("title:Beratung^5 ~2 \\ / ? *", "title Beratung 5 2"),  # no fields, boosts
            ("<script>alert(1)</script>", "script alert 1 script"),
        ],
    )
    def test_any_text_is_text_never_query_syntax(self, engine, directory, text, same_as):
        assert self.found(engine, text) == self.found(engine, same_as)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Beratung", {"Schwangerschaftsberatung Mitte", "Offene Beratung für Eltern"}),
            ("Stillen", {"Stillcafé am Markt"}),
            # Forgiving search: words no offer has ("Hort", "and", "title") do not empty the
            # result; the offers with the other words are still found.
            ("Stillen Kita or Hort", {"Stillcafé am Markt"}),
            ("Beratung and not", {"Schwangerschaftsberatung Mitte", "Offene Beratung für Eltern"}),
            (
                "title Beratung 5 2",
                {"Schwangerschaftsberatung Mitte", "Offene Beratung für Eltern"},
            ),
            ("script alert 1 script", set()),
            # The glossary takes the family's own language to the German words.
            ("استشارة الحمل", {"Schwangerschaftsberatung Mitte"}),  # pregnancy counselling
            ("Консультація для батьків", {"Offene Beratung für Eltern"}),  # parents' counselling
        ],
    )
    def test_what_the_plain_words_find(self, engine, directory, text, expected):
        """The comparisons above mean something: the plain words find these."""
        assert expected <= self.found(engine, text)
        if not expected:
            assert self.found(engine, text) == set()

    @settings(
        max_examples=25,
        deadline=None,
        # One test, one subclass per engine: that is the design of this suite, and the
        # `directory` fixture is read-only for these examples.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(text=st.text(max_size=200))
    def test_random_text_never_breaks_search(self, engine, directory, text):
        response = engine.search(SearchQuery(text=text, page_size=100))
        names = {hit.name for hit in response.results}
        assert response.count == len(response.results) <= PUBLISHED
        assert "Entwurf: Geheime Beratung" not in names

    # --- filters --------------------------------------------------------------------
    def test_filters_are_or_within_and_and_across_parameters(self, engine, directory):
        assert set(self.names(engine, life_stages=("pregnancy", "transition"))) == {
            "Schwangerschaftsberatung Mitte",
            "Familienhebammen im Quartier",
            "Jugendberufsagentur",
            "Schuldnerberatung für junge Erwachsene",
        }
        assert set(
            self.names(engine, life_stages=("pregnancy", "transition"), sectors=("health",))
        ) == {
            "Schwangerschaftsberatung Mitte",
            "Familienhebammen im Quartier",
        }

    def test_topic_district_and_language_filters(self, engine, directory):
        learning = Topic.objects.get(name="Lernen").slug
        assert set(self.names(engine, topics=(learning,))) == {
            "Hausaufgabenhilfe im Jugendtreff",
            "Lernförderung Mathematik",
        }
        assert set(self.names(engine, districts=("brand",))) == {
            "Familienhebammen im Quartier",
            "Schuldnerberatung für junge Erwachsene",
        }
        assert set(self.names(engine, languages=("ar",))) == {
            "Schwangerschaftsberatung Mitte",
            "Hausaufgabenhilfe im Jugendtreff",
            "Jugendberufsagentur",
        }

    @pytest.mark.parametrize(
        ("age", "expected"),
        [
            (
                0,
                {
                    "Schwangerschaftsberatung Mitte",
                    "Familienhebammen im Quartier",
                    "Offene Beratung für Eltern",
                    "Babyschwimmen",
                    "Stillcafé am Markt",
                    "Ärztlicher Kinderschutz",
                },
            ),
            (
                16,
                {
                    "Schwangerschaftsberatung Mitte",
                    "Hausaufgabenhilfe im Jugendtreff",
                    "Lernförderung Mathematik",
                    "Jugendberufsagentur",
                    "Ärztlicher Kinderschutz",
                },
            ),
            (27, {"Schwangerschaftsberatung Mitte", "Schuldnerberatung für junge Erwachsene"}),
        ],
    )
    def test_age_matches_ranges_with_open_bounds(self, engine, directory, age, expected):
        assert set(self.names(engine, age=age, page_size=100)) == expected

    def test_free_and_accessible_filters(self, engine, directory):
        free = set(self.names(engine, free_only=True, page_size=100))
        assert "Lernförderung Mathematik" not in free and "Babyschwimmen" not in free
        assert len(free) == 8
        accessible = set(self.names(engine, accessible_only=True, free_only=True, page_size=100))
        assert accessible == {
            "Schwangerschaftsberatung Mitte",
            "Offene Beratung für Eltern",
            "Hausaufgabenhilfe im Jugendtreff",
            "Jugendberufsagentur",
            "Stillcafé am Markt",
            "Ärztlicher Kinderschutz",
        }

    @pytest.mark.parametrize(
        ("weekday", "expected"),
        [
            (1, {"Stillcafé am Markt", "Ärztlicher Kinderschutz", "Jugendberufsagentur"}),
            (3, {"Ärztlicher Kinderschutz", "Jugendberufsagentur"}),
            (5, set()),
        ],
    )
    def test_open_on_a_weekday(self, engine, directory, weekday, expected):
        assert set(self.names(engine, open_at=OpenAt(weekday), page_size=100)) == expected

    @pytest.mark.parametrize(
        ("time", "expected"),
        [
            ("08:00", {"Ärztlicher Kinderschutz"}),
            ("11:59", {"Stillcafé am Markt", "Ärztlicher Kinderschutz"}),
            ("12:00", {"Ärztlicher Kinderschutz"}),  # closing time is no longer open
            ("15:30", {"Ärztlicher Kinderschutz", "Jugendberufsagentur"}),
            ("18:30", set()),
        ],
    )
    def test_open_at_a_moment(self, engine, directory, time, expected):
        hours, minutes = map(int, time.split(":"))
        an_open_tuesday = closure_tuesday() + datetime.timedelta(days=7)
        moment = OpenAt(1, hours * 60 + minutes, an_open_tuesday)
        assert set(self.names(engine, open_at=moment, page_size=100)) == expected

    def test_a_dated_closure_hides_the_offer_on_that_day_only(self, engine, directory):
        closed_day = OpenAt(1, 10 * 60, closure_tuesday())
        assert set(self.names(engine, open_at=closed_day, page_size=100)) == {
            "Ärztlicher Kinderschutz"
        }
        # The filter combines with the others (AND) and facets count what is open.
        response = engine.search(SearchQuery(open_at=OpenAt(1), free_only=True))
        assert response.count == 3
        stage_counts = {v.value: v.count for v in response.facets["life_stage"]}
        assert stage_counts == {
            "infant": 2,
            "preschool": 1,
            "primary": 1,
            "secondary": 1,
            "transition": 1,
        }

    @pytest.fixture
    def professionals_only_offer(self, engine, directory):
        """One offer for professionals only; its index entry is put back afterwards."""
        offer = directory["Ärztlicher Kinderschutz"]
        Offer.objects.filter(pk=offer.pk).update(professionals_only=True)
        DatabaseEngine().index_offers([offer.pk])
        engine.index_offers([offer.pk])
        yield offer
        Offer.objects.filter(pk=offer.pk).update(professionals_only=False)
        engine.index_offers([offer.pk])

    def test_offers_for_professionals_only_need_a_professional(
        self, engine, directory, professionals_only_offer
    ):
        offer = professionals_only_offer
        public = engine.search(SearchQuery(page_size=100))
        professional = engine.search(SearchQuery(page_size=100, include_professional=True))

        assert offer.name not in {hit.name for hit in public.results}
        assert public.count == PUBLISHED - 1 and professional.count == PUBLISHED
        assert offer.name in self.found(engine, "Kinderschutz", include_professional=True)
        assert offer.name not in self.found(engine, "Kinderschutz")
        counts = {v.value: v.count for v in public.facets["sector"]}
        all_counts = {v.value: v.count for v in professional.facets["sector"]}
        assert counts["health"] == all_counts["health"] - 1  # facets do not give it away

    def test_near_limits_by_radius_and_reports_distance(self, engine, directory):
        response = engine.search(SearchQuery(near=MITTE_POINT, radius_km=1, page_size=100))
        assert {hit.district for hit in response.results} == {"Mitte"}
        assert response.count == 4
        assert all(
            hit.distance_km is not None and hit.distance_km < 0.01 for hit in response.results
        )

    def test_near_is_a_circle_not_the_square_around_it(self, engine, directory):
        """0.9 km east of the point lies within 1 km; 1.2 km north-east does not, although
        it lies inside the square around that circle."""
        lat, lon = 50.0, 8.0  # far from the directory's offers around Aachen
        km_per_degree = 2 * math.pi * 6371.0088 / 360  # of latitude, on the mean sphere
        km_per_degree_east = km_per_degree * math.cos(math.radians(lat))
        step = 1.2 / math.sqrt(2)
        east = self.offer_at("Treff im Osten", lat, lon + 0.9 / km_per_degree_east)
        north_east = self.offer_at(
            "Treff im Nordosten", lat + step / km_per_degree, lon + step / km_per_degree_east
        )
        self.index(engine, [east, north_east])

        within_1 = engine.search(SearchQuery(near=GeoPoint(lat, lon), radius_km=1))
        assert [hit.name for hit in within_1.results] == ["Treff im Osten"]
        assert 0.89 < within_1.results[0].distance_km < 0.91
        within_1_5 = self.names(engine, near=GeoPoint(lat, lon), radius_km=1.5, sort=Sort.NAME)
        assert within_1_5 == ["Treff im Nordosten", "Treff im Osten"]

    @staticmethod
    def offer_at(name: str, lat: float, lon: float) -> Offer:
        offer = OfferFactory(name=name)
        Location.objects.create(
            offer=offer, latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lon:.6f}")
        )
        return offer

    def test_sort_by_distance(self, engine, directory):
        response = engine.search(
            SearchQuery(near=MITTE_POINT, radius_km=20, sort=Sort.DISTANCE, page_size=100)
        )
        distances = [hit.distance_km for hit in response.results]
        assert response.count == PUBLISHED
        assert distances == sorted(distances)
        assert response.results[-1].name == "Stillcafé am Markt"  # Kornelimünster, ~8 km
        assert 7 < distances[-1] < 9

    # --- sort, paging, facets -------------------------------------------------------
    def test_sort_by_name_folds_umlauts_and_pages(self, engine, directory):
        names = self.names(engine, sort=Sort.NAME, page_size=100)
        assert names == sorted(names, key=lambda n: n.replace("Ä", "A").casefold())
        assert names[0] == "Ärztlicher Kinderschutz"
        assert self.names(engine, sort=Sort.NAME, page=2, page_size=3) == names[3:6]
        assert engine.search(SearchQuery(page=9, page_size=3)).results == []

    def test_without_text_results_are_sorted_by_name(self, engine, directory):
        names = self.names(engine, page_size=100)
        assert names == self.names(engine, sort=Sort.NAME, page_size=100)

    def test_facet_counts_ignore_their_own_filter(self, engine, directory):
        facets = engine.search(SearchQuery(life_stages=("pregnancy",))).facets
        stage_counts = {value.value: value.count for value in facets["life_stage"]}
        sector_counts = {value.value: value.count for value in facets["sector"]}
        assert stage_counts["pregnancy"] == 2 and stage_counts["infant"] == 6
        assert sector_counts == {"health": 2, "social": 1, "youth": 1}

    def test_facets_have_labels_and_chain_order(self, engine, directory):
        facets = engine.search(SearchQuery()).facets
        assert [value.value for value in facets["life_stage"]] == [
            "pregnancy",
            "infant",
            "preschool",
            "primary",
            "secondary",
            "transition",
        ]
        assert facets["life_stage"][0].label == "Schwangerschaft & Geburt"
        languages = {value.value: (value.label, value.count) for value in facets["language"]}
        assert languages["ar"] == ("Arabisch", 3)
        costs = {value.value: value.count for value in facets["cost"]}
        assert costs == {"free": 8, "reduced": 2, "paid": 2}

    def test_selected_value_without_offers_stays_in_its_facet(self, engine, directory):
        response = engine.search(SearchQuery(languages=("uk",)))
        assert (response.count, response.results) == (0, [])
        facets = response.facets
        assert [(v.value, v.count) for v in facets["language"] if v.value == "uk"] == [("uk", 0)]

    def test_with_two_facets_selected_each_counts_under_the_other_only(self, engine, directory):
        def counts(response, facet):
            return {value.value: value.count for value in response.facets[facet]}

        both = engine.search(SearchQuery(life_stages=("pregnancy",), sectors=("health",)))
        stage_only = engine.search(SearchQuery(life_stages=("pregnancy",)))
        sector_only = engine.search(SearchQuery(sectors=("health",)))
        # Each facet ignores its own selection, never the other one's.
        assert counts(both, "life_stage") == counts(sector_only, "life_stage")
        assert counts(both, "sector") == counts(stage_only, "sector")
        assert both.count == counts(stage_only, "sector")["health"] > 0
        assert both.count < sector_only.count  # the life stage narrows the sector
        assert sum(counts(both, "cost").values()) == both.count  # every offer has a cost

    def test_facets_follow_text_search(self, engine, directory):
        response = engine.search(SearchQuery(text="Beratung", page_size=100))
        districts = {value.value: value.count for value in response.facets["district"]}
        assert sum(districts.values()) == response.count

    # --- suggestions ----------------------------------------------------------------
    def test_suggestions_complete_word_starts(self, engine, directory):
        suggestions = engine.suggest("Schuld")
        assert suggestions == ["Schuldnerberatung für junge Erwachsene"]
        assert "Frühe Hilfen" in engine.suggest("Früh")
        assert len(engine.suggest("e")) == 0

"""Our German text handling (search/text.py, search/morphology.py), independent of any
engine."""

import pytest

from search.documents import BODY_WEIGHT
from search.morphology import compound_parts, stem, word_tokens
from search.text import (
    MAX_QUERY_WORDS,
    PART,
    SYNONYM,
    TRANSLATED,
    TYPED,
    TYPO,
    TYPO_SYNONYM,
    Group,
    QueryTerm,
    Scoring,
    analyze_document,
    analyze_phrase,
    analyze_query,
    facet_token,
    fold,
    idf,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mütter", "Muetter"),
        ("Ärzte", "Aerzte"),
        ("Straße", "Strasse"),
        ("Café", "Cafe"),
        ("FÖRDERUNG", "förderung"),
        ("Beratungen", "Beratung"),
        ("Hebammen", "Hebamme"),
    ],
)
def test_spellings_and_inflections_meet_in_one_stem(a, b):
    assert stem(fold(a)) == stem(fold(b))


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Schwangerschaftsberatung", ("schwangerschaft", "berat")),
        ("Familienhebammen", ("famili", "hebamm")),
        ("Erziehungsberatungsstelle", ("erzieh", "beratungsstell", "berat", "stell")),
        ("Hausaufgabenhilfe", ("hausaufgab", "hilf")),
        ("Kindertagesstätte", ("kind", "tagesstatt", "tag", "statt")),
        ("Kinderwunschberatung", ("kinderwunsch", "berat")),
        ("Krabbelgruppe", ("krabbel", "grupp")),
        ("Kinderkrippe", ("kind", "kripp")),
        ("Bewerbungsmappe", ("bewerb", "mapp")),
        ("Gesundheitscheck", ("gesund", "check")),
        ("Logopädie", ()),
        ("Grundschule", ("grund", "schul")),
        ("Fortbildung", ("fort", "bildung")),
        ("Beratung", ()),
        ("Hebamme", ()),
        ("Ausbildung", ()),
        ("Aufenthalt", ()),
        ("Bewegung", ()),
    ],
)
def test_compounds_split_into_lexicon_parts(word, parts):
    assert compound_parts(fold(word)) == parts


def test_documents_carry_whole_words_and_parts():
    tokens = analyze_document("Schwangerschaftsberatung und Hebammensprechstunde")
    assert {"schwangerschaftsberat", "hebammensprechstund"} <= tokens.whole
    assert {"schwangerschaft", "berat", "hebamm", "sprechstund"} <= tokens.parts
    assert "und" not in tokens.all()


def test_query_terms_hold_options_and_groups():
    [term] = analyze_query(
        "Elternberatung",
        synonyms=lambda s: [("familienberat",), ("hilf", "famili")] if s == "elternberat" else [],
    )
    assert term.options == {"elternberat": TYPED, "familienberat": SYNONYM}
    assert set(term.groups) == {
        Group((frozenset({"elt"}), frozenset({"berat"})), PART),
        Group((frozenset({"hilf"}), frozenset({"famili"})), SYNONYM),
    }


def test_synonyms_apply_to_compound_parts():
    [term] = analyze_query("Babygruppe", synonyms=lambda s: [("saugling",)] if s == "baby" else [])
    assert Group((frozenset({"baby", "saugling"}), frozenset({"grupp"})), PART) in term.groups


def test_typo_corrections_only_for_unknown_words_of_five_letters_or_more():
    asked = []

    def corrections(stem_, max_edits):
        asked.append((stem_, max_edits))
        return ["korrigiert"]

    terms = analyze_query(
        "Kta Hebame Schuldnerbertung Krabbelgruppe Kindertagesstätte", corrections=corrections
    )
    assert [term.word for term in terms][:3] == ["kta", "hebame", "schuldnerbertung"]
    # Known words and compounds of known nouns are never "corrected".
    assert asked == [("hebame", 1), ("schuldnerbertung", 2)]
    assert terms[0].typos == set() and terms[1].typos == {"korrigiert"}


def test_synonyms_apply_to_typo_corrections():
    [term] = analyze_query(
        "Hebame",
        corrections=lambda s, n: ["hebamm"],
        synonyms=lambda s: [("geburtshelferin",)] if s == "hebamm" else [],
    )
    assert term.options == {"hebam": TYPED, "hebamm": TYPO, "geburtshelferin": TYPO_SYNONYM}


@pytest.mark.parametrize(
    ("typed", "other"),
    [("Babys", "Baby"), ("Kitas", "Kita"), ("schreit", "schreien"), ("schläft", "Schlaf")],
)
def test_lemmas_join_plurals_and_verb_forms(typed, other):
    assert set(word_tokens(typed.casefold()).whole) & set(word_tokens(other.casefold()).whole)


def test_fillers_negations_and_request_words_are_dropped():
    assert [t.word for t in analyze_query("mein Baby schreit nicht viel")] == ["baby", "schreit"]
    assert [t.word for t in analyze_query("Hilfe Bewerbung")] == ["bewerbung"]
    assert [t.word for t in analyze_query("Hilfe")] == ["hilfe"]  # all there is: kept
    [term] = analyze_query("Ausbildungsplatzsuche")
    assert Group((frozenset({"ausbildungsplatz"}),), PART) in term.groups


def test_words_naming_a_filter_also_match_the_filter_token():
    [term] = analyze_query(
        "kostenlos", filter_words=lambda w: [("cost", "free")] if w == "kostenlos" else []
    )
    assert term.options[facet_token("cost", "free")] == TYPED


def test_glossary_phrases_become_one_concept_with_the_german_terms():
    def translations(words):
        found = words[:2] == ["ödev", "yardımı"]
        return (2, ["Hausaufgabenhilfe"], TRANSLATED) if found else None

    [term] = analyze_query("ödev yardımı", translations=translations)
    assert term.word == "ödev yardımı"
    assert term.options["hausaufgabenhilf"] == TRANSLATED


def test_stop_words_repeats_and_overlong_queries_are_trimmed():
    assert analyze_query("und oder für") == []
    assert len(analyze_query("Beratung Beratungen Beratung")) == 1
    many = " ".join(f"wort{i}" for i in range(50))
    assert len(analyze_query(many)) == MAX_QUERY_WORDS


def test_points_prefer_typed_over_synonym_over_typo_and_rare_over_common():
    scoring = Scoring({"rare": 1, "common": 90}, total=100)
    assert scoring.token_points("rare", TYPED, 8) > scoring.token_points("rare", SYNONYM, 8)
    assert scoring.token_points("rare", SYNONYM, 8) > scoring.token_points("rare", TYPO, 8)
    assert scoring.token_points("rare", TYPED, 2) > scoring.token_points("common", TYPED, 2)


def test_every_matched_concept_outweighs_any_weight():
    scoring = Scoring({"a": 1, "b": 99, "c": 99}, total=100)
    [a, b, c] = [QueryTerm(word, {word: TYPED}) for word in "abc"]
    strong_single = scoring.score([a, b, c], {"a": 8})
    weak_pair = scoring.score([a, b, c], {"b": 1, "c": 1})
    assert weak_pair > strong_single


def test_the_fast_scorer_gives_the_same_points():
    scoring = Scoring({"elternberat": 3, "elt": 40, "berat": 60}, total=100)
    terms = analyze_query("Elternberatung Mathe", synonyms=lambda s: [])
    documents = [{"elternberat": 8}, {"elt": 2, "berat": 4}, {"mathe": 1, "berat": 8}, {}]
    fast = scoring.scorer(terms)
    assert [fast(doc) for doc in documents] == [scoring.score(terms, doc) for doc in documents]


def test_phrases_keep_their_order():
    assert analyze_phrase("Frühe Hilfen") == ("fruh", "hilf")


# --- found by `make mutation` (mutants that survived before these tests) ----------------
def test_a_document_matches_on_whole_words_and_on_parts():
    tokens = analyze_document("Schwangerschaftsberatung")
    assert {"schwangerschaftsberat", "schwangerschaft", "berat"} <= tokens.all()


def test_typo_tolerance_starts_at_five_letters_and_two_edits_at_eight():
    asked = []

    def corrections(stem_, max_edits):
        asked.append((len(stem_), max_edits))
        return []

    # Unknown words only: a known one ("Stift") is never "corrected".
    for word in ("Stif", "Stifx", "Beratnx", "Beratnxy"):  # 4, 5, 7 and 8 letters
        asked.clear()
        analyze_query(word, corrections=corrections)
        edits = [max_edits for _length, max_edits in asked]
        assert edits == {"Stif": [], "Stifx": [1], "Beratnx": [1], "Beratnxy": [2]}[word], word


def test_a_repeated_word_does_not_end_the_query():
    terms = analyze_query("Beratung Beratung Hebamme")
    assert [term.word for term in terms] == ["beratung", "hebamme"]


def test_a_verb_also_finds_the_noun_made_from_it_when_the_index_has_it():
    # "impfen" finds offers about "Impfung"; only a noun the index knows is added.
    impfung = stem("impfung")
    [term] = analyze_query("impfen", known=lambda token: token == impfung)
    assert term.options[impfung] == SYNONYM
    [unknown] = analyze_query("impfen")
    assert impfung not in unknown.options


GUESS = lambda token, max_edits: ["tippfehlerwort"]  # noqa: E731  (a guess for every word)


@pytest.mark.parametrize(
    "word, index_tokens",
    [
        # Both parts are words of the directory's index: no typo, though "fahrrad" is not
        # in our own lexicon.
        ("Fahrradgruppe", {"fahrrad", "grupp"}),
        # "grupp" is in our own lexicon, which counts like the index.
        ("Fahrradgruppe", {"fahrrad"}),
        # Not a compound, but the index has the whole word.
        ("Tigerzoo", {"tigerzoo"}),
    ],
)
def test_words_the_index_knows_are_not_corrected(word, index_tokens):
    [term] = analyze_query(word, corrections=GUESS, known=index_tokens.__contains__)
    assert TYPO not in term.options.values()


def test_a_compound_of_unknown_parts_is_corrected():
    [term] = analyze_query("Fahrradgruppe", corrections=GUESS)
    assert term.options["tippfehlerwort"] == TYPO


@pytest.mark.parametrize(
    "documents, total, expected",
    [
        # Elasticsearch's BM25: ln(1 + (N − n + 0.5) / (n + 0.5)); both engines rank with it.
        (1, 100, 4.2097),  # a rare word
        (50, 100, 0.6931),  # in half the directory
        (100, 100, 0.0050),  # in every offer: almost nothing, never below 0
        (0, 100, 5.3083),  # a word no offer has
    ],
)
def test_rare_words_weigh_as_elasticsearch_weighs_them(documents, total, expected):
    assert idf(documents, total) == pytest.approx(expected, abs=1e-4)


def test_an_unknown_word_weighs_more_than_a_word_in_one_offer():
    scoring = Scoring(frequencies={"kita": 1}, total=100)
    assert scoring.idf("unbekannt") == idf(0, 100) > scoring.idf("kita") == idf(1, 100)


# --- the rest of issue #16's "text" set (see docs/testing.md) ----------------------------
@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("fördern", "Förderung"),  # -ern verbs keep their "er": not "Fördung"
        ("lösen", "Lösung"),
        ("üben", "Übung"),  # the shortest verbs the rule takes: four letters (was five)
    ],
)
def test_a_verb_finds_the_noun_made_from_it(verb, noun):
    token = stem(fold(noun))
    [term] = analyze_query(verb, known=lambda index_token: index_token == token)
    assert term.options[token] == SYNONYM


def test_a_typed_word_counts_as_typed_when_a_synonym_group_also_lists_it():
    # Editors often list plurals too; "Kitas" is then both typed and a synonym of "Kita"
    # (the typed word's lemma), and an offer named "Kitas" must get the typed points.
    group = [analyze_phrase(text) for text in ("Kita", "Kitas", "Kindertagesstätte")]

    def synonyms(token):
        return [phrase for phrase in group if phrase != (token,)] if (token,) in group else []

    [term] = analyze_query("Kitas", synonyms=synonyms)
    assert term.options == {"kitas": TYPED, "kita": TYPED, "kindertagesstatt": SYNONYM}


def test_an_offer_text_in_another_language_keeps_every_word_and_its_base_form():
    tokens = analyze_document("Babies and toddlers welcome", language="en")
    assert {"babies", "baby", "toddlers", "toddler", "welcome"} <= tokens.whole
    assert tokens.parts == set()  # no German compound splitting of English words


def test_a_compound_matches_by_its_parts_only_when_every_part_is_there():
    [term] = analyze_query("Elternberatung")
    scoring = Scoring({}, total=100)
    assert scoring.score([term], {"elt": 2, "berat": 2}) > 0
    assert scoring.score([term], {"berat": 2}) == 0
    assert scoring.score([term], {"kita": 2}) == 0


def test_a_phrase_counts_like_a_word_of_its_mean_rarity_in_the_description():
    # A complete group (all words of a phrase, all parts of a compound) counts like body
    # text, by how rare its words are on average.
    scoring = Scoring({"fruh": 5, "hilf": 5, "kita": 5, "haus": 40}, total=100)

    def phrase(*tokens):
        return scoring.group_points(Group(tuple(frozenset({t}) for t in tokens), TYPED))

    def word(token):
        return scoring.token_points(token, TYPED, BODY_WEIGHT)

    assert phrase("fruh", "hilf") == word("kita")  # all three equally rare
    assert word("haus") < phrase("fruh", "haus") < word("fruh")


def test_the_fast_scorer_gives_each_offer_the_points_of_its_own_fields():
    # It reuses the points of a token, factor and weight for later offers; an offer with
    # the word in its description must not get the points of one with it in its name.
    scoring = Scoring({"kita": 10, "kripp": 10}, total=100)
    terms = [QueryTerm("kita", {"kita": TYPED, "kripp": SYNONYM})]
    offers = [{"kita": 8}, {"kita": 2}, {"kripp": 8}, {"kita": 2, "kripp": 8}]
    fast = scoring.scorer(terms)
    points = [fast(offer) for offer in offers]
    assert points == [scoring.score(terms, offer) for offer in offers]
    assert points[0] > points[1]


def test_a_query_in_another_language_matches_its_words_and_their_base_forms():
    # Translated offer texts carry these tokens (see analyze_document above).
    [term] = analyze_query("babies", language="en")
    assert term.options["babies"] == term.options["baby"] == TYPED


def test_a_glossary_phrase_matches_its_own_words_together_or_its_german_terms():
    def translations(words):
        if words[:2] == ["ödev", "yardımı"]:
            return 2, ["Hausaufgabenhilfe", "Hilfe bei den Hausaufgaben"], TRANSLATED
        return None

    def slots(*words):
        return tuple(frozenset(word_tokens(word).whole) for word in words)

    [term] = analyze_query("ödev yardımı", translations=translations)
    # Neither Turkish word alone stands for the phrase; both together do.
    assert term.options == {"hausaufgabenhilf": TRANSLATED}
    assert {
        Group(slots("ödev", "yardımı"), TYPED),
        Group(slots("hilfe", "hausaufgaben"), TRANSLATED),
    } <= set(term.groups)  # besides the parts of "Hausaufgabenhilfe"


def test_a_one_word_glossary_entry_keeps_the_typed_word_typed():
    # "Kindergarten" is English and German: the family's own word gets the typed points.
    def translations(words):
        return (1, ["Kindergarten", "Kita"], TRANSLATED) if words[0] == "kindergarten" else None

    [term] = analyze_query("Kindergarten", translations=translations)
    assert term.options == {"kindergart": TYPED, "kita": TRANSLATED}


def test_phrases_anywhere_in_the_query_are_one_concept_each_and_only_once():
    def translations(words):
        # An editors' synonym phrase counts as a synonym, not as a translation.
        return (2, ["Bürgergeld"], SYNONYM) if words[:2] == ["hartz", "iv"] else None

    terms = analyze_query("Beratung Hartz IV Miete", translations=translations)
    assert [term.word for term in terms] == ["beratung", "hartz iv", "miete"]
    assert terms[1].options == {stem("burgergeld"): SYNONYM}
    terms = analyze_query("Hartz IV Hartz IV Miete", translations=translations)
    assert [term.word for term in terms] == ["hartz iv", "miete"]


def test_a_pasted_text_is_read_only_up_to_twice_the_word_limit():
    # Repeats do not count as concepts, but they still count towards the words read.
    text = " ".join(["Kita"] * (MAX_QUERY_WORDS * 2) + ["Hebamme"])
    assert [term.word for term in analyze_query(text)] == ["kita"]

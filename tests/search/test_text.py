"""Our German text handling (search/text.py), independent of any engine."""

import pytest

from search.text import (
    MAX_QUERY_WORDS,
    QueryTerm,
    analyze_document,
    analyze_phrase,
    analyze_query,
    compound_parts,
    fold,
    stem,
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
        ("Erziehungsberatungsstelle", ("erzieh", "berat", "stell")),
        ("Hausaufgabenhilfe", ("hausaufgab", "hilf")),
        ("Kindertagesstätte", ("kind", "tag", "statt")),
        ("Kinderwunschberatung", ("kinderwunsch", "berat")),
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


def test_query_terms_hold_alternatives_and_groups():
    [term] = analyze_query(
        "Elternberatung",
        synonyms=lambda s: [("familienberat",), ("hilf", "famili")] if s == "elternberat" else [],
    )
    assert term.exact == {"elternberat", "familienberat"}
    assert set(term.groups) == {frozenset({"elt", "berat"}), frozenset({"hilf", "famili"})}


def test_typo_corrections_only_for_words_of_five_letters_or_more():
    asked = []

    def corrections(stem_, max_edits):
        asked.append((stem_, max_edits))
        return ["korrigiert"]

    terms = analyze_query("Kta Hebame Schuldnerbertung", corrections=corrections)
    assert [term.word for term in terms] == ["kta", "hebame", "schuldnerbertung"]
    assert asked == [("hebam", 1), ("schuldnerbert", 2)]
    assert terms[0].typos == set() and terms[1].typos == {"korrigiert"}


def test_stop_words_repeats_and_overlong_queries_are_trimmed():
    assert analyze_query("und oder für") == []
    assert len(analyze_query("Beratung Beratungen Beratung")) == 1
    many = " ".join(f"wort{i}" for i in range(50))
    assert len(analyze_query(many)) == MAX_QUERY_WORDS


def test_score_prefers_exact_over_typo_over_group():
    [term] = analyze_query(
        "Elternberatung", corrections=lambda s, n: ["elternbera"], synonyms=lambda s: []
    )
    assert term.score({"elternberat": 8}) == 8
    assert term.score({"elternbera": 8}) == 4
    assert term.score({"elt": 8, "berat": 2}) == 1
    assert term.score({"berat": 8}) == 0


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

    for word in ("Stif", "Stift", "Beratnx", "Beratnxy"):  # 4, 5, 7 and 8 letters
        asked.clear()
        analyze_query(word, corrections=corrections)
        edits = [max_edits for _length, max_edits in asked]
        assert edits == {"Stif": [], "Stift": [1], "Beratnx": [1], "Beratnxy": [2]}[word], word


def test_a_repeated_word_does_not_end_the_query():
    terms = analyze_query("Beratung Beratung Hebamme")
    assert [term.word for term in terms] == ["beratung", "hebamme"]


def test_score_without_exact_words_or_without_typo_guesses():
    only_exact = QueryTerm("kita", frozenset({"kita"}), (), frozenset({"kita"}))
    only_typos = QueryTerm("ktia", frozenset({"kita"}), (), frozenset())
    assert only_exact.score({"kita": 4}) == 4 and only_exact.score({"hort": 4}) == 0
    assert only_typos.score({"kita": 4}) == 2 and only_typos.score({"hort": 4}) == 0

"""Query-time vocabulary: editor synonyms, the glossary, filter words and the index's
terms with their document frequencies (for typo corrections and IDF weights).

All are cached per process for a short time; the process that changes them clears its
cache at once, others see the change within CACHE_SECONDS (no reindex needed).
"""

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import GlossaryEntry, SearchDocument, SearchTerm, SynonymGroup
from .morphology import DATA_DIR, lemma, stem
from .text import (
    FACET_TOKEN_PREFIX,
    SYNONYM,
    TRANSLATED,
    TYPO_TWO_EDITS_LENGTH,
    Scoring,
    analyze_phrase,
    fold,
)

CACHE_SECONDS = 60
MAX_CORRECTIONS = 5
MAX_PHRASE_WORDS = 4
LANGUAGES = ("de", "en", "tr", "ar", "uk")
SYNONYM_PHRASE = "synonym"


class Expiring:
    """A value computed on first use and recomputed after CACHE_SECONDS or `clear()`."""

    def __init__(self, load: Callable):
        self._load = load
        self._value = None
        self._loaded_at = 0.0

    def get(self):
        if self._value is None or time.monotonic() - self._loaded_at > CACHE_SECONDS:
            self._value = self._load()
            self._loaded_at = time.monotonic()
        return self._value

    def clear(self) -> None:
        self._value = None


def _load_synonyms() -> dict[str, list[tuple[str, ...]]]:
    by_stem: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for group in SynonymGroup.objects.all():
        phrases = [phrase for phrase in map(analyze_phrase, group.term_list()) if phrase]
        for phrase in phrases:
            if len(phrase) == 1:
                by_stem[phrase[0]].extend(other for other in phrases if other != phrase)
    return dict(by_stem)


@dataclass(frozen=True)
class Terms:
    tokens: list[str]  # words only (no facet tokens): what typo corrections choose from
    frequencies: dict[str, int]
    documents: int


def _load_terms() -> Terms:
    frequencies = dict(SearchTerm.objects.values_list("token", "documents"))
    words = [token for token in frequencies if not token.startswith(FACET_TOKEN_PREFIX)]
    return Terms(words, frequencies, SearchDocument.objects.count())


def _phrase_key(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in text.split())


def _load_glossary() -> dict[tuple[str, ...], dict[str, list[str]]]:
    """Folded phrase in any language → {language: German terms}; editors' multi-word
    synonyms ("Hartz IV") are phrases of the language "synonym"."""
    phrases: dict[tuple[str, ...], dict[str, list[str]]] = defaultdict(dict)
    for group in SynonymGroup.objects.all():
        terms = group.term_list()
        for term in terms:
            key = _phrase_key(term)
            if len(key) > 1:
                others = [other for other in terms if other != term]
                phrases[key].setdefault(SYNONYM_PHRASE, [])
                phrases[key][SYNONYM_PHRASE] += others
    for entry in GlossaryEntry.objects.all():
        german = entry.terms("de")
        for language in LANGUAGES[1:]:
            for term in entry.terms(language):
                key = _phrase_key(term)
                if key:
                    phrases[key].setdefault(language, [])
                    phrases[key][language] += german
    return dict(phrases)


synonym_cache = Expiring(_load_synonyms)


def _load_taxonomy_labels() -> dict[str, dict[str, str]]:
    """Facet labels: the names of life stages, sectors, topics, districts, languages."""
    from directory.models import District, Language, LifeStage, Sector, Topic

    return {
        "life_stage": dict(LifeStage.objects.values_list("code", "name")),
        "sector": dict(Sector.objects.values_list("code", "name")),
        "topic": dict(Topic.objects.order_by("name").values_list("slug", "name")),
        "district": dict(District.objects.order_by("name").values_list("slug", "name")),
        "language": dict(Language.objects.order_by("name").values_list("code", "name")),
    }


term_cache = Expiring(_load_terms)
taxonomy_label_cache = Expiring(_load_taxonomy_labels)
glossary_cache = Expiring(_load_glossary)


def _load_display_terms() -> dict[str, list[str]]:
    """Terms worth suggesting, per page language: the glossary's terms in that language
    and, for every language, the German topics, synonyms and glossary terms."""
    from directory.models import Topic

    german = list(Topic.objects.values_list("name", flat=True))
    for group in SynonymGroup.objects.all():
        german += group.term_list()
    entries = list(GlossaryEntry.objects.all())
    for entry in entries:
        german += entry.terms("de")
    by_language = {"de": list(dict.fromkeys(german))}
    for language in LANGUAGES[1:]:
        own = [term for entry in entries for term in entry.terms(language)]
        by_language[language] = list(dict.fromkeys(own + by_language["de"]))
    return by_language


display_cache = Expiring(_load_display_terms)


def display_terms(language: str) -> list[str]:
    terms = display_cache.get()
    return terms.get(language, terms["de"])


def clear_caches() -> None:
    for cached in (synonym_cache, term_cache, glossary_cache, display_cache, taxonomy_label_cache):
        cached.clear()


def synonyms_of(stem: str) -> list[tuple[str, ...]]:
    return synonym_cache.get().get(stem, [])


def _closest(text: str, tokens: list[str], max_edits: int) -> list[str]:
    matches = process.extract(
        text, tokens, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=MAX_CORRECTIONS
    )
    return [match for match, _distance, _index in matches]


def corrections_of(word: str, max_edits: int) -> list[str]:
    """Indexed tokens within `max_edits` edits of an unknown folded word.

    Compares the word's stem and the word itself (a typo in an ending confuses the
    stemmer: "bewerbungstrainig" stems to "bewerbungstrain"); failing both, the word
    without a garbled ending ("erziehungsberatnug" → "erziehungsbera…"), one edit only.
    """
    terms = term_cache.get()
    stemmed = stem(word)
    if not terms.tokens or stemmed in terms.frequencies:
        return []
    found = _closest(stemmed, terms.tokens, max_edits)
    found += [t for t in _closest(word, terms.tokens, max_edits) if t not in found]
    if not found and len(word) >= TYPO_TWO_EDITS_LENGTH:
        found = _closest(word[:-3], terms.tokens, 1)
    return found[:MAX_CORRECTIONS]


def is_indexed(token: str) -> bool:
    return token in term_cache.get().frequencies


def scoring() -> Scoring:
    terms = term_cache.get()
    return Scoring(terms.frequencies, terms.documents)


def translations_for(
    language: str,
) -> Callable[[list[str]], tuple[int, list[str], int] | None]:
    """A lookup of the longest glossary phrase at the start of some query words: in the
    page's language first, then in any language; returns (words used, German terms,
    factor). A synonym phrase of the editors counts as a synonym."""

    def translate(words: list[str]) -> tuple[int, list[str], int] | None:
        glossary = glossary_cache.get()
        for size in range(min(MAX_PHRASE_WORDS, len(words)), 0, -1):
            found = glossary.get(tuple(fold(word) for word in words[:size]))
            if not found:
                continue
            if set(found) == {SYNONYM_PHRASE}:
                return size, found[SYNONYM_PHRASE], SYNONYM
            german = found.get(language) or [
                term for key, terms in found.items() if key != SYNONYM_PHRASE for term in terms
            ]
            # On German pages a glossary hit is more likely a loanword ("Sport", "Job").
            factor = SYNONYM if language == "de" else TRANSLATED
            return size, list(dict.fromkeys(german)), factor
        return None

    return translate


@cache
def _filter_words() -> dict[str, list[tuple[str, str]]]:
    lines = (DATA_DIR / "filter_words.tsv").read_text(encoding="utf-8").splitlines()
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in lines:
        if line.strip() and not line.startswith("#"):
            word, facet, value = line.split("\t")
            found[fold(word)].append((facet, value))
    return dict(found)


def filters_named_by(word: str) -> list[tuple[str, str]]:
    """(facet, value) pairs a query word names: "kostenlos" → cost free, "Babys" → infant."""
    named = _filter_words()
    return named.get(fold(word)) or named.get(fold(lemma(word))) or []

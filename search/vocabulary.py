"""Query-time vocabulary: editor synonyms and the index's terms for typo corrections.

Both are cached per process for a short time; the process that changes them clears its
cache at once, others see the change within CACHE_SECONDS (no reindex needed).
"""

import time
from collections import defaultdict
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import SearchTerm, SynonymGroup
from .text import analyze_phrase

CACHE_SECONDS = 60
MAX_CORRECTIONS = 5


class _Expiring:
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


def _load_terms() -> tuple[list[str], frozenset[str]]:
    terms = list(SearchTerm.objects.values_list("token", flat=True))
    return terms, frozenset(terms)


synonym_cache = _Expiring(_load_synonyms)
term_cache = _Expiring(_load_terms)


def synonyms_of(stem: str) -> list[tuple[str, ...]]:
    return synonym_cache.get().get(stem, [])


def corrections_of(stem: str, max_edits: int) -> list[str]:
    """Indexed tokens within `max_edits` edits of an unknown stem (none if it is known)."""
    terms, known = term_cache.get()
    if not terms or stem in known:
        return []
    matches = process.extract(
        stem, terms, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=MAX_CORRECTIONS
    )
    return [match for match, _distance, _index in matches]

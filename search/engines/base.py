"""What every search engine offers; the rest of the project sees only this."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import ClassVar

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from directory.models import Cost, Offer, Topic

from ..query import FACETS, FacetValue, SearchQuery, SearchResponse
from ..text import QueryTerm, Scoring, analyze_query, fold
from ..vocabulary import (
    corrections_of,
    display_terms,
    filters_named_by,
    is_indexed,
    scoring,
    synonyms_of,
    taxonomy_label_cache,
    translations_for,
)

Progress = Callable[[Iterable], Iterable]
MAX_SUGGESTIONS = 10
MAX_ALTERNATIVES = 3
MAX_PROBES = 4
MIN_SIMILARITY = 0.6  # normalised Levenshtein similarity of a spelling suggestion


class SearchEngine(ABC):
    name: ClassVar[str]

    @property
    def breaker_key(self) -> str:
        """Names this engine's circuit breaker: one per cluster and index."""
        return self.name

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResponse: ...

    def count(self, query: SearchQuery) -> int:
        """How many offers a search finds (engines answer this more cheaply)."""
        return self.search(query).count

    def finds_any(self, query: SearchQuery) -> bool:
        """Whether a search finds anything (engines answer this more cheaply still)."""
        return self.count(query) > 0

    @abstractmethod
    def index_offers(self, offer_ids: Iterable[int]) -> None:
        """Bring these offers up to date: index the published ones, drop the rest."""

    @abstractmethod
    def rebuild(self, *, progress: Progress = iter) -> int:
        """Index every published offer afresh; returns the number of documents."""

    def analyze(self, text: str, language: str = "") -> list[QueryTerm]:
        return analyze_query(
            text,
            synonyms=synonyms_of,
            corrections=corrections_of,
            translations=translations_for(language or "de"),
            filter_words=filters_named_by,
            known=is_indexed,
            language=language or "de",
        )

    def scoring(self) -> Scoring:
        """Points per matched token from the collection's statistics (the database index
        keeps them for every engine, so both engines rank with the same numbers)."""
        return scoring()

    def alternatives(self, query: SearchQuery) -> list[str]:
        """For a search that found nothing: other texts that do find offers with the same
        filters, each word replaced by the closest term of the directory's vocabulary in
        the page's language (topics, synonyms, glossary) — corrected spelling."""
        terms = self.analyze(query.text, query.language)
        vocabulary = display_terms(query.language or "de")
        found: list[str] = []
        probes = MAX_PROBES  # each probe is a search: bounded, an empty result stays fast
        for term in terms:
            close = process.extract(
                term.word,
                vocabulary,
                processor=str.casefold,
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=MIN_SIMILARITY,
                limit=MAX_ALTERNATIVES * 2,
            )
            for candidate, _similarity, _index in close:
                others = [other.word for other in terms if other is not term]
                text = " ".join([candidate, *others])
                if text in found or candidate.casefold() == term.word:
                    continue
                probe = replace(query, text=text, page=1, page_size=1)
                probes -= 1
                if self.finds_any(probe):
                    found.append(text)
                if len(found) == MAX_ALTERNATIVES or not probes:
                    return found
        return found

    def suggest(
        self, text: str, *, limit: int = MAX_SUGGESTIONS, professional: bool = False
    ) -> list[str]:
        """Completions for a search box: topics first, then offer names, by word prefix.

        Read from the database for every engine: the lists are short and always current.
        Names of offers for professionals only are suggested only to professionals.
        """
        prefix = fold(text.strip())
        if len(prefix) < 2:
            return []
        suggestions: list[str] = []
        candidates = [
            Topic.objects.filter(name__icontains=text.strip()).values_list("name", flat=True),
            Offer.objects.public(professional=professional)
            .filter(name__icontains=text.strip())
            .order_by("name")
            .values_list("name", flat=True)[: limit * 5],
        ]
        for names in candidates:
            for name in names:
                starts_a_word = any(word.startswith(prefix) for word in fold(name).split())
                if starts_a_word and name not in suggestions:
                    suggestions.append(name)
        return suggestions[:limit]


def filter_hints(query: SearchQuery, terms: list[QueryTerm]) -> list[tuple[str, str]]:
    """Filters the query's words name that are not selected yet, in the query's order."""
    selected = query.facet_filters()
    hints = []
    for term in terms:
        for facet, value in filters_named_by(term.word):
            if value not in selected.get(facet, ()) and (facet, value) not in hints:
                hints.append((facet, value))
    return hints


def facet_values(
    query: SearchQuery, counts: dict[str, dict[str, int]]
) -> dict[str, list[FacetValue]]:
    """Labelled facet values in a stable order, from raw counts per facet and value.

    Values with no offers are left out unless selected, so a selection can be undone.
    Both engines call this, so their facets look the same.
    """
    labels = facet_labels()
    if any(value not in labels[name] for name, values in counts.items() for value in values):
        taxonomy_label_cache.clear()  # a value added in another process since they were read
        labels = facet_labels()
    selected = query.facet_filters()
    facets = {}
    for name in FACETS:
        values = dict(counts.get(name, {}))
        for value in selected[name]:
            values.setdefault(value, 0)
        ordered = [value for value in labels[name] if value in values]  # chain/label order
        ordered += sorted(value for value in values if value not in labels[name])
        if name not in ("life_stage", "sector", "cost"):
            ordered.sort(key=lambda value: -values[value])  # stable: ties keep label order
        facets[name] = [
            FacetValue(value, labels[name].get(value, value), values[value])
            for value in ordered
            if values[value] or value in selected[name]
        ]
    return facets


def facet_labels() -> dict[str, dict[str, str]]:
    """Labels per facet value: the taxonomies' names (cached with the vocabulary: six
    queries took a fifth of an Elasticsearch search's time) and the cost labels in the
    active language."""
    return {
        **taxonomy_label_cache.get(),
        "cost": {value: str(label) for value, label in Cost.choices},
    }

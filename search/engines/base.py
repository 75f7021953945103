"""What every search engine offers; the rest of the project sees only this."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import ClassVar

from directory.models import Cost, District, Language, LifeStage, Offer, Sector, Topic

from ..query import FACETS, FacetValue, SearchQuery, SearchResponse
from ..text import QueryTerm, analyze_query, fold
from ..vocabulary import corrections_of, synonyms_of

Progress = Callable[[Iterable], Iterable]
MAX_SUGGESTIONS = 10


class SearchEngine(ABC):
    name: ClassVar[str]

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResponse: ...

    @abstractmethod
    def index_offers(self, offer_ids: Iterable[int]) -> None:
        """Bring these offers up to date: index the published ones, drop the rest."""

    @abstractmethod
    def rebuild(self, *, progress: Progress = iter) -> int:
        """Index every published offer afresh; returns the number of documents."""

    def analyze(self, text: str) -> list[QueryTerm]:
        return analyze_query(text, synonyms=synonyms_of, corrections=corrections_of)

    def suggest(self, text: str, *, limit: int = MAX_SUGGESTIONS) -> list[str]:
        """Completions for a search box: topics first, then offer names, by word prefix.

        Read from the database for every engine: the lists are short and always current.
        """
        prefix = fold(text.strip())
        if len(prefix) < 2:
            return []
        suggestions: list[str] = []
        candidates = [
            Topic.objects.filter(name__icontains=text.strip()).values_list("name", flat=True),
            Offer.objects.public()
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


def facet_values(
    query: SearchQuery, counts: dict[str, dict[str, int]]
) -> dict[str, list[FacetValue]]:
    """Labelled facet values in a stable order, from raw counts per facet and value.

    Values with no offers are left out unless selected, so a selection can be undone.
    Both engines call this, so their facets look the same.
    """
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
    return {
        "life_stage": dict(LifeStage.objects.values_list("code", "name")),
        "sector": dict(Sector.objects.values_list("code", "name")),
        "topic": dict(Topic.objects.order_by("name").values_list("slug", "name")),
        "district": dict(District.objects.order_by("name").values_list("slug", "name")),
        "language": dict(Language.objects.order_by("name").values_list("code", "name")),
        "cost": {value: str(label) for value, label in Cost.choices},
    }

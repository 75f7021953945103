"""The engine-neutral search request and response (docs/api.md)."""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
DEFAULT_RADIUS_KM = 5.0
EARTH_RADIUS_KM = 6371.0088


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    NAME = "name"


# Facet names, in the order the API lists them.
FACETS = ("life_stage", "sector", "topic", "district", "language", "cost")


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float

    def distance_km(self, other: "GeoPoint") -> float:
        """Great-circle distance (haversine); both engines report this number."""
        lat1, lon1, lat2, lon2 = map(math.radians, (self.lat, self.lon, other.lat, other.lon))
        a = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class OpenAt:
    """Open on a weekday (0 = Monday) or, with `minute` and `date`, at one moment."""

    weekday: int
    minute: int | None = None  # minutes after midnight, local time
    date: datetime.date | None = None

    @property
    def minute_of_week(self) -> int | None:
        return None if self.minute is None else self.weekday * 24 * 60 + self.minute


@dataclass(frozen=True)
class SearchQuery:
    """What to search for. Facet filters are OR within a facet and AND across facets."""

    text: str = ""
    life_stages: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    age: int | None = None
    free_only: bool = False
    accessible_only: bool = False
    open_at: OpenAt | None = None
    include_professional: bool = False  # offers for professionals only, for their accounts
    near: GeoPoint | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    sort: Sort | None = None  # None: relevance with text, otherwise name
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def facet_filters(self) -> dict[str, tuple[str, ...]]:
        """The values selected per facet (cost is a facet whose filter is `free_only`)."""
        return {
            "life_stage": self.life_stages,
            "sector": self.sectors,
            "topic": self.topics,
            "district": self.districts,
            "language": self.languages,
            "cost": ("free",) if self.free_only else (),
        }

    @property
    def effective_sort(self) -> Sort:
        if self.sort is not None:
            return self.sort
        return Sort.RELEVANCE if self.text.strip() else Sort.NAME

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class SearchHit:
    id: int
    slug: str
    name: str
    provider: str
    summary: str
    url: str
    life_stages: list[str]
    sectors: list[str]
    district: str
    distance_km: float | None = None
    points: list[GeoPoint] = field(default_factory=list)

    @classmethod
    def of(cls, fields: Mapping, *, points: list[GeoPoint], near: GeoPoint | None) -> "SearchHit":
        """A hit from an indexed offer's fields (a document, or Elasticsearch's source),
        `distance_km` from `near` to the nearest of the offer's points."""
        distance = None
        if near is not None and points:
            distance = min(near.distance_km(point) for point in points)
        return cls(
            id=fields["id"],
            slug=fields["slug"],
            name=fields["name"],
            provider=fields["provider"],
            summary=fields["summary"],
            url=fields["url"],
            life_stages=fields["life_stages"],
            sectors=fields["sectors"],
            district=fields["district_name"],
            distance_km=distance,
            points=points,
        )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResponse:
    count: int
    page: int
    page_size: int
    engine: str
    results: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The JSON shape of the search API (docs/api.md)."""
        results = []
        for hit in self.results:
            item = {
                "id": hit.id,
                "slug": hit.slug,
                "name": hit.name,
                "provider": hit.provider,
                "summary": hit.summary,
                "url": hit.url,
                "life_stages": hit.life_stages,
                "sectors": hit.sectors,
                "district": hit.district,
            }
            if hit.distance_km is not None:
                item["distance_km"] = round(hit.distance_km, 2)
            results.append(item)
        return {
            "count": self.count,
            "page": self.page,
            "page_size": self.page_size,
            "engine": self.engine,
            "results": results,
            "facets": {
                name: [vars(value) for value in self.facets.get(name, [])] for name in FACETS
            },
        }

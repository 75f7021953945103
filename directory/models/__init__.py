"""The directory's domain model, one module per aggregate:

- `taxonomies`: life stages, sectors, languages, topics
- `places`: districts (with their outline geometry) and an offer's locations
- `providers`: the organisations that run offers
- `offers`: offers and their translations
- `feedback`: freshness reminders and problem reports about an offer
- `sharing`: shortlists shared by link

Everything is re-exported here, so `from directory.models import Offer` is the way to
import a model (and migrations keep their `directory.models.…` references).
"""

from .feedback import FreshnessReminder, ProblemReport
from .offers import (
    MAX_AGE,
    MIN_AGE,
    Access,
    Cost,
    Offer,
    OfferQuerySet,
    OfferTranslation,
    stale_cutoff,
)
from .places import District, Location, district_polygons, validate_outline
from .providers import Provider
from .sharing import SharedList
from .taxonomies import EditorTaxonomy, Language, LifeStage, Sector, Taxonomy, Topic

__all__ = [
    "MAX_AGE",
    "MIN_AGE",
    "Access",
    "Cost",
    "District",
    "EditorTaxonomy",
    "FreshnessReminder",
    "Language",
    "LifeStage",
    "Location",
    "Offer",
    "OfferQuerySet",
    "OfferTranslation",
    "ProblemReport",
    "Provider",
    "Sector",
    "SharedList",
    "Taxonomy",
    "Topic",
    "district_polygons",
    "stale_cutoff",
    "validate_outline",
]

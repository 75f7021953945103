"""Storage owned by the search boundary.

`SearchDocument`/`SearchToken` are the database engine's inverted index: derived data,
rebuilt from the directory at any time. `SynonymGroup` is editor-managed vocabulary,
applied when a query is analysed, so edits take effect without reindexing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from directory.models import Offer


class SearchDocument(models.Model):
    """One published offer as the database engine sees it: what filters and sorting read."""

    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    sort_name = models.CharField(max_length=200, db_index=True)
    min_age = models.PositiveSmallIntegerField(null=True)
    max_age = models.PositiveSmallIntegerField(null=True)
    accessible = models.BooleanField(default=False)
    professionals_only = models.BooleanField(default=False)
    verified = models.DateField(null=True)  # freshness breaks ties between equal scores
    # The document's facet values, as one of the combinations documents share.
    facet_set = models.ForeignKey(
        "SearchFacetSet", on_delete=models.PROTECT, related_name="documents"
    )

    class Meta:
        verbose_name = _("search document")

    def __str__(self) -> str:
        return self.sort_name


class SearchToken(models.Model):
    """An analysed token of a document with the weight of the best field it occurs in."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            # On PostgreSQL its index also carries the weight (migration 0010), so ranking
            # reads a query's tokens from the index alone, not from the table.
            models.UniqueConstraint(fields=["token", "document"], name="search_token_unique")
        ]

    def __str__(self) -> str:
        return f"{self.token} ({self.weight})"


class SearchFacetSet(models.Model):
    """One combination of facet values (life_stage=infant, district=brand, cost=free …)
    that any number of documents share.

    Offers of one kind in one district have the same values, so a directory of 100,000
    offers has a few hundred or thousand combinations. Filters and facet counts work on
    these few rows and a small integer per document, instead of on one row per value and
    document: counting the facets of 60,000 matching documents means grouping 60,000
    integers, not unpacking 400,000 values.
    """

    # sha1 of the sorted facet=value lines: the same combination is stored once.
    key = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("search facet combination")

    def __str__(self) -> str:
        return self.key


class SearchFacetSetValue(models.Model):
    """A facet value of a combination."""

    facet_set = models.ForeignKey(SearchFacetSet, on_delete=models.CASCADE, related_name="values")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "value", "facet_set"], name="search_facet_set_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchFacet(models.Model):
    """A date or weekday of a document the "open" filter reads (open_weekday=2,
    closed_on=2026-12-24). The facets shown on the results page are in SearchFacetSet."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["facet", "value", "document"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchPoint(models.Model):
    """A location of a document, for distance filters and sorting."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="points")
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.latitude},{self.longitude}"


class SearchOpening(models.Model):
    """A weekly opening range of a document, in minutes since Monday 00:00 (end exclusive)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="openings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


class SearchTerm(models.Model):
    """Every token ever indexed: the vocabulary that typo corrections are chosen from.

    Kept separately because a DISTINCT over all tokens is slow with 100,000 offers;
    rebuilt with the index, so tokens of removed offers disappear then.
    """

    token = models.CharField(max_length=64, primary_key=True)
    # How many documents carry the token: the collection statistics (IDF) both engines
    # rank with, so they agree; kept by the database index, which is always current.
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.token


class SynonymGroup(index.Indexed, models.Model):
    """Words that mean the same to a family or a social worker (Kita, Kindergarten …)."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Words or short phrases with the same meaning, separated by commas, "
            "e.g. “Kita, Kindertagesstätte, Kindergarten”."
        ),
    )

    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class GlossaryEntry(index.Indexed, models.Model):
    """One concept of the directory in the UI languages, so a family can search in theirs.

    A query in any of the languages (“day care”, “kreş”, “روضة”, “дитсадок”) also finds
    the offers with the German terms. Several words per language are separated by commas.
    """

    german = models.CharField(
        _("German"),
        max_length=300,
        help_text=_("The German terms offers use, e.g. “Kita, Kindertagesstätte”."),
    )
    english = models.CharField(_("English"), max_length=300, blank=True)
    turkish = models.CharField(_("Turkish"), max_length=300, blank=True)
    arabic = models.CharField(_("Arabic"), max_length=300, blank=True)
    ukrainian = models.CharField(_("Ukrainian"), max_length=300, blank=True)

    search_fields = [
        index.SearchField("german"),
        index.AutocompleteField("german"),
        index.SearchField("english"),
    ]

    LANGUAGE_FIELDS = {"en": "english", "tr": "turkish", "ar": "arabic", "uk": "ukrainian"}

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary")
        ordering = ["german"]

    def __str__(self) -> str:
        return self.german

    def terms(self, language: str) -> list[str]:
        """The entry's terms in a language ("de" or a key of LANGUAGE_FIELDS)."""
        value = self.german if language == "de" else getattr(self, self.LANGUAGE_FIELDS[language])
        return [term.strip() for term in value.split(",") if term.strip()]


class SearchWeekCount(models.Model):
    """How often something was searched in one week, and nothing else.

    No time of day, no IP address, no session: a count per calendar week of a search
    term, a filter value or a search without results, for the editors' search insights.
    """

    class Kind(models.TextChoices):
        SEARCH = "search", _("searches")
        TERM = "term", _("search term")
        FILTER = "filter", _("filter")
        ZERO = "zero", _("without results")

    week = models.DateField(_("week (Monday)"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    value = models.CharField(_("value"), max_length=100, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("search count")
        constraints = [
            models.UniqueConstraint(fields=["week", "kind", "value"], name="search_week_unique")
        ]
        indexes = [models.Index(fields=["kind", "week"])]

    def __str__(self) -> str:
        return f"{self.week} {self.kind} {self.value}: {self.count}"

"""The fixed vocabularies that place an offer on the prevention chain (life stage ×
sector), the languages it is offered in, and the tag lists editors keep (topics)."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..labels import language_label, life_stage_label, sector_label


class Taxonomy(models.Model):
    """Fixed, ordered vocabularies whose codes are public (URLs, API, imports)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), unique=True)

    class Meta:
        abstract = True
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


class LifeStage(Taxonomy):
    """A step of the prevention chain; seeded by a data migration."""

    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(Taxonomy.Meta):
        verbose_name = _("life stage")
        verbose_name_plural = _("life stages")

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return life_stage_label(self.code, self.name)


class Sector(Taxonomy):
    """One of the four fields of action (Handlungsfelder); seeded, never edited."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    @property
    def label(self) -> str:
        return sector_label(self.code, self.name)


class Language(models.Model):
    """ISO 639-1 languages, seeded with German names from pycountry."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return language_label(self.code, self.name)


class EditorTaxonomy(index.Indexed, models.Model):
    """Editor-managed tag lists: the slug is the public code in URLs and the API."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(EditorTaxonomy):
    class Meta(EditorTaxonomy.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(Lower("name"), name="topic_name_unique_ci")]

"""Offers, what families look for, with their translations.

Integrity rules that must hold whatever writes the data (admin, import, shell) are
database constraints; forms only repeat them with friendlier messages.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from ..roles import verifies_on_publish
from .harvesting import HarvestSource
from .providers import Provider
from .taxonomies import Language, LifeStage, Sector, Topic

MIN_AGE = 0
MAX_AGE = 27


def stale_cutoff(*, today: datetime.date | None = None) -> datetime.date:
    """Offers verified before this date need to be checked again."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)


class Cost(models.TextChoices):
    FREE = "free", _("free of charge")
    REDUCED = "reduced", _("reduced / income-related")
    PAID = "paid", _("paid")


class Access(models.TextChoices):
    WALK_IN = "walk_in", _("walk-in, no appointment needed")
    APPOINTMENT = "appointment", _("by appointment")
    REFERRAL = "referral", _("referral needed")


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)

    def listed(self):
        """Published offers families may find: harvested offers only when their source
        is shown to families."""
        return self.published().filter(
            Q(harvest_source__isnull=True) | Q(harvest_source__show_in_search=True)
        )

    def public(self, *, professional: bool = False):
        """Published offers as one reader may see them: offers for professionals only
        are left out unless the reader is a professional."""
        offers = self.listed()
        return offers if professional else offers.filter(professionals_only=False)

    def stale(self, *, today: datetime.date | None = None):
        return self.filter(Offer.stale_condition(today=today))


class Offer(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """What families look for: a service run by a provider at one or more locations."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address"),
        max_length=200,
        unique=True,
        help_text=_("Part of the offer's web address; filled in from the name."),
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        blank=True,
        help_text=_(
            "ID in the source system for CSV imports; offers entered here get one of their own."
        ),
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="offers"
    )
    summary = models.CharField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in search results."),
    )
    description = models.TextField(
        _("description"), help_text=_("What happens, for whom, and what families can expect.")
    )
    professionals_only = models.BooleanField(
        _("for professionals only"),
        default=False,
        help_text=_(
            "Shown only to professionals with an account, e.g. a referral-only service "
            "whose details families should get through their social worker."
        ),
    )
    internal_note = models.TextField(
        _("note for professionals"),
        blank=True,
        help_text=_(
            "Waiting times, referral channels, contact persons for professionals. Never "
            "shown to families."
        ),
    )
    easy_read = models.TextField(
        _("in easy-to-read German (Leichte Sprache)"),
        blank=True,
        help_text=_("Short sentences, one idea per line. Shown to families when present."),
    )
    life_stages = ParentalManyToManyField(
        LifeStage, verbose_name=_("life stages"), related_name="offers"
    )
    sectors = ParentalManyToManyField(Sector, verbose_name=_("sectors"), related_name="offers")
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("topics"), related_name="offers", blank=True
    )
    languages = ParentalManyToManyField(
        Language,
        verbose_name=_("languages"),
        related_name="offers",
        blank=True,
        help_text=_("Languages in which the offer can be used."),
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)],
        help_text=_("Age of the child in whole years. Leave empty if there is no lower limit."),
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)],
        help_text=_("Age of the child in whole years. Leave empty if there is no upper limit."),
    )
    target_group = models.TextField(
        _("target group"), blank=True, help_text=_("e.g. “Single parents with babies”.")
    )
    eligibility = models.TextField(
        _("eligibility"), blank=True, help_text=_("Who may use it and what is needed.")
    )
    access = models.CharField(_("how to get it"), max_length=20, choices=Access, blank=True)
    cost = models.CharField(_("cost"), max_length=10, choices=Cost, blank=True)
    cost_note = models.CharField(_("note on cost"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When the provider last confirmed that this information is correct."),
    )
    harvest_source = models.ForeignKey(
        HarvestSource,
        verbose_name=_("harvested from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="offers",
    )
    source_url = models.URLField(_("record at the source"), blank=True, editable=False)
    # A hash of the source's record: an unchanged record is not written again.
    harvest_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="offer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="offer",
        for_concrete_model=False,
    )

    objects = OfferQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("external_id"),
        index.RelatedFields("provider", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("provider"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="offer_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(min_age__gte=MIN_AGE, min_age__lte=MAX_AGE),
                name="offer_min_age_range",
            ),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__gte=MIN_AGE, max_age__lte=MAX_AGE),
                name="offer_max_age_range",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=models.F("max_age")),
                name="offer_min_age_lte_max_age",
                violation_error_message=_("The minimum age must not be above the maximum age."),
            ),
            models.CheckConstraint(
                condition=Q(cost__in=["", *Cost.values]), name="offer_cost_valid"
            ),
            models.CheckConstraint(
                condition=Q(access__in=["", *Access.values]), name="offer_access_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        # Repeats the database constraint so editors see the message next to the field.
        super().clean()
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError(
                {"max_age": _("The maximum age must not be below the minimum age.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("offer_detail", kwargs={"slug": self.slug})

    def publish(self, revision, user=None, **kwargs):
        # Publishing by a municipal editor (directly or by approving) is a check of the
        # content: the offer counts as verified today, so it is not "due" at once.
        if user is not None and verifies_on_publish(user):
            revision.content["last_verified"] = timezone.localdate().isoformat()
            revision.save(update_fields=["content"])
        return super().publish(revision, user=user, **kwargs)

    # Editors see what families see: the preview is the public offer page, which the
    # public site (a layer above) provides through the hook PUBLIC_PAGE_HOOK.
    PUBLIC_PAGE_HOOK = "directory_offer_public_page"

    def _public_page(self, request) -> tuple[str, dict]:
        for page in hooks.get_hooks(self.PUBLIC_PAGE_HOOK):
            return page(request, self)
        raise ImproperlyConfigured(f"No {self.PUBLIC_PAGE_HOOK} hook: nothing renders offers.")

    def get_preview_template(self, request, mode_name):
        return self._public_page(request)[0]

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(self._public_page(request)[1])
        return context

    @property
    def life_stage_names(self) -> str:
        return ", ".join(stage.name for stage in self.life_stages.all())

    @property
    def sector_names(self) -> str:
        return ", ".join(sector.name for sector in self.sectors.all())

    @property
    def district_names(self) -> str:
        names = {loc.district.name for loc in self.locations.all() if loc.district_id}
        return ", ".join(sorted(names))

    @staticmethod
    def stale_condition(*, today: datetime.date | None = None) -> Q:
        return Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff(today=today))

    @property
    def is_stale(self) -> bool:
        return self.last_verified is None or self.last_verified < stale_cutoff()


class OfferTranslation(Orderable):
    """The offer's texts in another UI language; empty fields fall back to German.

    Part of the offer (versioned, moderated and previewed with it), so a translation
    cannot go live without review and never drifts from the offer's facts.
    """

    offer = ParentalKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("language"), max_length=10, choices=[(c, n) for c, n in settings.LANGUAGES[1:]]
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "language"], name="offer_translation_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()}: {self.name}"

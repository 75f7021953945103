"""The directory's domain: offers, their providers and locations, and the taxonomies
that place an offer on the prevention chain (life stage × sector) and in the city.

Integrity rules that must hold whatever writes the data (admin, import, shell) are
database constraints; forms only repeat them with friendlier messages.
"""

import datetime
import itertools

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from .blocks import WEEKDAYS, OpeningHoursBlock
from .labels import language_label, life_stage_label, sector_label
from .languages import per_language

MIN_AGE = 0
MAX_AGE = 27


def stale_cutoff(*, today: datetime.date | None = None) -> datetime.date:
    """Offers verified before this date need to be checked again."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)


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
    """A step of the prevention chain; seeded by a data migration (DESIGN)."""

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
    name_en, name_tr, name_ar, name_uk = per_language(
        models.CharField, _("name"), max_length=100, blank=True
    )
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


def validate_outline(value) -> None:
    """A GeoJSON Polygon or MultiPolygon in WGS84 (longitude, latitude)."""
    try:
        polygons = district_polygons(value)
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            _("Enter a GeoJSON geometry of type Polygon or MultiPolygon."), code="invalid"
        ) from error
    for ring in (ring for polygon in polygons for ring in polygon):
        if len(ring) < 4 or any(not (-180 <= lon <= 180 and -90 <= lat <= 90) for lon, lat in ring):
            raise ValidationError(
                _("Each ring needs at least four [longitude, latitude] points in WGS84."),
                code="invalid",
            )


def district_polygons(geometry) -> list[list[list[tuple[float, float]]]]:
    """A GeoJSON Polygon/MultiPolygon as a list of polygons of rings of (lon, lat)."""
    if not geometry:
        return []
    kind, coordinates = geometry["type"], geometry["coordinates"]
    polygons = {"Polygon": [coordinates], "MultiPolygon": coordinates}[kind]
    return [
        [[(float(point[0]), float(point[1])) for point in ring] for ring in polygon]
        for polygon in polygons
    ]


class District(EditorTaxonomy):
    outline = models.JSONField(
        _("outline"),
        null=True,
        blank=True,
        validators=[validate_outline],
        help_text=_(
            "Boundary as a GeoJSON geometry (Polygon or MultiPolygon, WGS84), e.g. from the "
            "city's open data. Drawn on maps; its centre is used for “near this district”."
        ),
    )

    class Meta(EditorTaxonomy.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [models.UniqueConstraint(Lower("name"), name="district_name_unique_ci")]

    @property
    def centre(self) -> tuple[float, float] | None:
        """(latitude, longitude) of the outline's largest ring's area centroid."""
        rings = [polygon[0] for polygon in district_polygons(self.outline) if polygon]
        if not rings:
            return None
        ring = max(rings, key=lambda r: abs(_ring_area(r)))
        area = _ring_area(ring)
        if not area:
            return ring[0][1], ring[0][0]
        cx = cy = 0.0
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            cross = x1 * y2 - x2 * y1
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        return cy / (6 * area), cx / (6 * area)


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


class Provider(LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """The organisation (Träger) that runs offers."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en, description_tr, description_ar, description_uk = per_language(
        models.TextField, _("description"), blank=True
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("provider editors"),
        related_name="edited_providers",
        blank=True,
        help_text=_(
            "People of this provider who maintain its offers. Their changes need the "
            "approval of the municipal editors."
        ),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="provider")

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [models.UniqueConstraint(Lower("name"), name="provider_name_unique_ci")]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        return self._revisions


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

    def public(self, *, professional: bool = False):
        """Published offers as one reader may see them: offers for professionals only
        are left out unless the reader is a professional."""
        offers = self.published()
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
        help_text=_("ID in the source system for CSV imports. Leave empty for manual entries."),
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

    # Preview renders exactly the public offer page (DESIGN: editors see what families see).
    def get_preview_template(self, request, mode_name):
        return "directory/offer_detail.html"

    def get_preview_context(self, request, mode_name):
        # The preview is the public page itself, so it takes the page's own context.
        from cms.views import offer_page_context

        context = super().get_preview_context(request, mode_name)
        context.update(offer_page_context(request, self))
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


class Location(Orderable):
    """Where an offer takes place. Belongs to the offer, so it is versioned with it."""

    offer = ParentalKey(Offer, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(
        _("name of the place"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Familienzentrum Ost”. Optional."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS84 decimal degrees, e.g. 50.7753"),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("WGS84 decimal degrees, e.g. 6.0839"),
    )
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), null=True, blank=True)
    accessibility_note = models.CharField(
        _("note on accessibility"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Lift at the back entrance, accessible toilet”."),
    )
    transport_note = models.CharField(
        _("getting there by bus and train"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Bus 11 or 21 to the stop Markt, then 3 minutes on foot”."),
    )
    opening_hours = StreamField(
        OpeningHoursBlock(), verbose_name=_("opening hours"), blank=True, default=list
    )

    class Meta(Orderable.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_complete",
                violation_error_message=_("Enter both latitude and longitude, or neither."),
            ),
        ]

    def clean(self):
        # Repeats the database constraint so editors see the message next to the field.
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: _("Enter both latitude and longitude, or neither.")})

    def __str__(self) -> str:
        parts = [self.name, self.street, " ".join(filter(None, [self.postcode, self.city]))]
        return ", ".join(part for part in parts if part)

    def regular_hours(self) -> list[tuple[str, list[tuple[datetime.time, datetime.time]]]]:
        """Weekly hours in weekday order: [(weekday label, [(opens, closes), …]), …]."""
        ranges: dict[str, list] = {code: [] for code, _label in WEEKDAYS}
        for block in self.opening_hours:
            if block.block_type == "regular":
                ranges[block.value["weekday"]].append((block.value["opens"], block.value["closes"]))
        return [(label, sorted(ranges[code])) for code, label in WEEKDAYS if ranges[code]]

    def hour_exceptions(self) -> list:
        """Dated closures and special hours, soonest first."""
        exceptions = [b.value for b in self.opening_hours if b.block_type == "exception"]
        return sorted(exceptions, key=lambda value: value["starts_on"])

    def hour_exceptions_between(self, first: datetime.date, last: datetime.date) -> list:
        """Closures and special hours touching the days `first` to `last` (inclusive)."""
        return [
            value
            for value in self.hour_exceptions()
            if value["starts_on"] <= last and (value["ends_on"] or value["starts_on"]) >= first
        ]


class FreshnessReminder(models.Model):
    """One "is this still correct?" e-mail about one offer, and what came of it."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed as correct")
        UPDATE_REQUESTED = "update", _("changes reported")

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer, blank=True)
    message = models.TextField(_("message from the provider"), blank=True)
    escalated_at = models.DateTimeField(_("passed to the editors"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("freshness reminder")
        verbose_name_plural = _("freshness reminders")

    def __str__(self) -> str:
        return f"{self.offer} → {self.sent_to} ({self.sent_at:%Y-%m-%d})"


class ProblemReport(models.Model):
    """Someone noticed something wrong with a listing; the editors' queue."""

    class Kind(models.TextChoices):
        WRONG_PHONE = "phone", _("wrong phone number or address")
        CLOSED = "closed", _("the offer no longer exists")
        OUTDATED = "outdated", _("information is outdated")
        OTHER = "other", _("something else")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="problem_reports"
    )
    kind = models.CharField(_("what is wrong"), max_length=20, choices=Kind)
    text = models.TextField(_("details"), max_length=1000, blank=True)
    email = models.EmailField(
        _("e-mail for questions"),
        blank=True,
        help_text=_("Only if the reporter wants an answer. Deleted with the report."),
    )
    from_professional = models.BooleanField(_("reported by a professional"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self) -> str:
        return f"{self.offer}: {self.get_kind_display()}"


class SharedList(models.Model):
    """A read-only copy of a shortlist behind an unguessable link, for a family's phone.

    The personal note exists only here, only with this link, and is deleted with it when
    the link expires (`delete_expired_share_links`, daily by cron).
    """

    token = models.CharField(max_length=64, unique=True)
    offer_ids = models.JSONField(default=list)
    note = models.TextField(blank=True, max_length=1000)
    language = models.CharField(max_length=10, default="de")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("shared list")

    def __str__(self) -> str:
        return f"{len(self.offer_ids)} ({self.expires_at:%Y-%m-%d})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class SavedOffer(models.Model):
    """An offer on a professional's own shortlist, kept with their account so it
    survives the end of a session. Only the offer: nothing about any family."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_offers"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offer on a professional's shortlist")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "offer"], name="saved_offer_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.offer}"

"""Where offers happen: districts with their outlines (GeoJSON geometry) and the
locations of an offer with their opening hours."""

import datetime
import itertools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.fields import StreamField
from wagtail.models import Orderable

from ..blocks import WEEKDAYS, OpeningHoursBlock
from .taxonomies import EditorTaxonomy


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


class Location(Orderable):
    """Where an offer takes place. Belongs to the offer, so it is versioned with it."""

    offer = ParentalKey("directory.Offer", on_delete=models.CASCADE, related_name="locations")
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

"""The offer CSV format (docs/csv-format.md): columns, row validation and the canonical record.

A *record* is a row as the export writes it: every column a normalised string. Import
compares the record of an incoming row with the record of the stored offer, so
"unchanged" means exactly "the export would write the same row".
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import MAX_AGE, MIN_AGE, Cost, Language, LifeStage, Offer, Sector

COLUMNS = [
    "external_id",
    "name",
    "provider",
    "description",
    "sectors",
    "life_stages",
    "topics",
    "min_age",
    "max_age",
    "cost",
    "languages",
    "street",
    "postcode",
    "city",
    "district",
    "lat",
    "lon",
    "wheelchair_accessible",
    "phone",
    "email",
    "website",
]
REQUIRED_COLUMNS = ["external_id", "name", "provider", "description", "sectors", "life_stages"]
# The (first) location's columns: street … wheelchair_accessible.
LOCATION_COLUMNS = COLUMNS[COLUMNS.index("street") : COLUMNS.index("wheelchair_accessible") + 1]
LIST_SEPARATOR = ";"
YES, NO = "yes", "no"


def split_list(value: str) -> list[str]:
    """`a; b;;a` → ["a", "b"]: trimmed, no empties, first occurrence wins."""
    items = (item.strip() for item in value.split(LIST_SEPARATOR))
    return list(dict.fromkeys(item for item in items if item))


def join_list(items) -> str:
    return LIST_SEPARATOR.join(items)


def format_decimal(value: Decimal | None) -> str:
    """6 decimal places like the database stores them, without trailing zeros."""
    if value is None:
        return ""
    return format(Decimal(value).quantize(Decimal("0.000001")).normalize(), "f")


class CodeListField(forms.CharField):
    """A `;`-separated list of codes, each from a fixed vocabulary."""

    def __init__(self, *, vocabulary, list_allowed: bool = True, **kwargs):
        self.vocabulary = vocabulary  # a callable returning the allowed codes in order
        self.list_allowed = list_allowed  # False for long lists such as ISO 639-1
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        return split_list(super().to_python(value))

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        allowed = self.vocabulary()
        unknown = [code for code in value if code not in allowed]
        if unknown and not self.list_allowed:
            raise ValidationError(
                _("Unknown code %(unknown)s."),
                code="unknown_code",
                params={"unknown": ", ".join(unknown)},
            )
        if unknown:
            raise ValidationError(
                _("Unknown code %(unknown)s. Allowed: %(allowed)s."),
                code="unknown_code",
                params={"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)},
            )


class TagListField(forms.CharField):
    """Free `;`-separated tags, e.g. topics."""

    def to_python(self, value) -> list[str]:
        return split_list(super().to_python(value))

    def validate(self, value: list[str]) -> None:
        too_long = [tag for tag in value if len(tag) > 100]
        if too_long:
            raise ValidationError(
                _("A tag may have at most 100 characters: %(tag)s"),
                code="tag_too_long",
                params={"tag": too_long[0][:40] + "…"},
            )


def _life_stage_codes() -> list[str]:
    return list(LifeStage.objects.values_list("code", flat=True))


def _sector_codes() -> list[str]:
    return list(Sector.objects.values_list("code", flat=True))


def _language_codes() -> list[str]:
    return list(Language.objects.order_by("code").values_list("code", flat=True))


class OfferRowForm(forms.Form):
    """Validates one CSV row; field names are the CSV columns."""

    external_id = forms.CharField(max_length=100)
    name = forms.CharField(max_length=200)
    provider = forms.CharField(max_length=200)
    description = forms.CharField(strip=True)
    sectors = CodeListField(vocabulary=_sector_codes)
    life_stages = CodeListField(vocabulary=_life_stage_codes)
    topics = TagListField(required=False)
    min_age = forms.IntegerField(required=False, min_value=MIN_AGE, max_value=MAX_AGE)
    max_age = forms.IntegerField(required=False, min_value=MIN_AGE, max_value=MAX_AGE)
    cost = forms.ChoiceField(required=False, choices=[("", ""), *Cost.choices])
    languages = CodeListField(required=False, vocabulary=_language_codes, list_allowed=False)
    street = forms.CharField(required=False, max_length=200)
    postcode = forms.CharField(required=False, max_length=10)
    city = forms.CharField(required=False, max_length=100)
    district = forms.CharField(required=False, max_length=100)
    lat = forms.DecimalField(
        required=False, min_value=-90, max_value=90, max_digits=12, decimal_places=9
    )
    lon = forms.DecimalField(
        required=False, min_value=-180, max_value=180, max_digits=12, decimal_places=9
    )
    wheelchair_accessible = forms.ChoiceField(
        required=False, choices=[("", ""), (YES, YES), (NO, NO)]
    )
    phone = forms.CharField(required=False, max_length=50)
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        min_age, max_age = data.get("min_age"), data.get("max_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            self.add_error("max_age", _("The maximum age must not be below the minimum age."))
        has_lat, has_lon = data.get("lat") is not None, data.get("lon") is not None
        coordinates_valid = "lat" not in self.errors and "lon" not in self.errors
        if coordinates_valid and has_lat != has_lon:
            missing = "lon" if has_lat else "lat"
            self.add_error(missing, _("Enter both latitude and longitude, or neither."))
        return data

    def to_record(self) -> dict[str, str]:
        """The row as the export would write it (requires a valid form)."""
        data = self.cleaned_data
        record = {column: "" for column in COLUMNS}
        for column in ["external_id", "name", "provider", "street", "postcode", "city"]:
            record[column] = data[column]
        record.update(
            description=normalise_text(data["description"]),
            sectors=join_list(sorted(data["sectors"], key=_sector_codes().index)),
            life_stages=join_list(sorted(data["life_stages"], key=_life_stage_codes().index)),
            topics=join_list(sorted(data["topics"], key=str.casefold)),
            min_age="" if data["min_age"] is None else str(data["min_age"]),
            max_age="" if data["max_age"] is None else str(data["max_age"]),
            cost=data["cost"],
            languages=join_list(sorted(data["languages"])),
            district=data["district"],
            lat=format_decimal(data["lat"]),
            lon=format_decimal(data["lon"]),
            wheelchair_accessible=data["wheelchair_accessible"],
            phone=data["phone"],
            email=data["email"],
            website=data["website"],
        )
        return record


def normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def offer_to_record(offer: Offer) -> dict[str, str]:
    """The CSV row of an offer's latest content (drafts included)."""
    location = next(iter(offer.locations.all()), None)
    wheelchair = {True: YES, False: NO, None: ""}[
        location.wheelchair_accessible if location else None
    ]
    return {
        "external_id": offer.external_id,
        "name": offer.name,
        "provider": offer.provider.name,
        "description": normalise_text(offer.description),
        "sectors": join_list(s.code for s in sorted(offer.sectors.all(), key=_sort_order)),
        "life_stages": join_list(s.code for s in sorted(offer.life_stages.all(), key=_sort_order)),
        "topics": join_list(sorted((t.name for t in offer.topics.all()), key=str.casefold)),
        "min_age": "" if offer.min_age is None else str(offer.min_age),
        "max_age": "" if offer.max_age is None else str(offer.max_age),
        "cost": offer.cost,
        "languages": join_list(sorted(language.code for language in offer.languages.all())),
        "street": location.street if location else "",
        "postcode": location.postcode if location else "",
        "city": location.city if location else "",
        "district": location.district.name if location and location.district else "",
        "lat": format_decimal(location.latitude) if location else "",
        "lon": format_decimal(location.longitude) if location else "",
        "wheelchair_accessible": wheelchair,
        "phone": offer.phone,
        "email": offer.email,
        "website": offer.website,
    }


def _sort_order(item) -> int:
    return item.sort_order

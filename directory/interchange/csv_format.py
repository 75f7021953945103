"""The offer CSV format (docs/csv-format.md): columns, row validation and the canonical record.

A *record* is a row as the export writes it: every column a normalised string. Import
compares the record of an incoming row with the record of the stored offer, so
"unchanged" means exactly "the export would write the same row".
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import MAX_AGE, MIN_AGE, Cost, Language, LifeStage, Offer, Sector

# Per-language copies of the texts editors translate (tab "Übersetzungen"): name_en, …
TRANSLATION_LANGUAGES = [code for code, _name in settings.LANGUAGES[1:]]
TRANSLATED_FIELDS = ["name", "summary", "description"]
TRANSLATION_COLUMNS = [
    f"{field}_{language}" for language in TRANSLATION_LANGUAGES for field in TRANSLATED_FIELDS
]
KEPT_WHEN_ABSENT = ["summary", "easy_read", *TRANSLATION_COLUMNS]

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
    # Added later; a file without them leaves these texts of existing offers as they are.
    "summary",
    "easy_read",
    *TRANSLATION_COLUMNS,
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
    summary = forms.CharField(required=False, max_length=300)
    easy_read = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in TRANSLATION_COLUMNS:
            limit = {"name": 200, "summary": 300}.get(column.rsplit("_", 1)[0])
            self.fields[column] = forms.CharField(required=False, max_length=limit)

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
            summary=data["summary"],
            easy_read=normalise_text(data["easy_read"]),
        )
        for column in TRANSLATION_COLUMNS:
            record[column] = normalise_text(data[column])
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
        "summary": offer.summary,
        "easy_read": normalise_text(offer.easy_read),
        **translation_cells(offer),
    }


def translation_cells(offer: Offer) -> dict[str, str]:
    translations = {t.language: t for t in offer.translations.all()}
    return {
        f"{field}_{language}": normalise_text(getattr(translations[language], field))
        if language in translations
        else ""
        for language in TRANSLATION_LANGUAGES
        for field in TRANSLATED_FIELDS
    }


def _sort_order(item) -> int:
    return item.sort_order


# What each column means, for the import page and the template (German via gettext).
COLUMN_HELP = {
    "external_id": _("Your own stable ID of the offer; the same ID updates the offer."),
    "name": _("Name of the offer."),
    "provider": _("Name of the provider; created if unknown."),
    "description": _("What happens, for whom, and what families can expect."),
    "sectors": _("Codes, separated by “;”: %(codes)s"),
    "life_stages": _("Codes, separated by “;”: %(codes)s"),
    "topics": _("Topics, separated by “;”; unknown ones are created."),
    "min_age": _("Youngest age in whole years (0–27), or empty."),
    "max_age": _("Oldest age in whole years (0–27), or empty."),
    "cost": _("free, reduced or paid, or empty."),
    "languages": _("ISO 639-1 codes separated by “;”, e.g. de;tr;ar."),
    "street": _("Street and number of the (first) location."),
    "postcode": _("Postcode."),
    "city": _("City."),
    "district": _("District name; created if unknown."),
    "lat": _("Latitude (WGS84), or empty: found from the address."),
    "lon": _("Longitude (WGS84), or empty: found from the address."),
    "wheelchair_accessible": _("yes, no, or empty if not known."),
    "phone": _("Phone number."),
    "email": _("E-mail address."),
    "website": _("Website."),
    "summary": _("One or two sentences shown in search results."),
    "easy_read": _("The text in Leichte Sprache (easy-to-read German)."),
}

EXAMPLE_ROW = {
    "external_id": "ELTERNCAFE-1",
    "name": "Elterncafé für Mütter & Väter",
    "provider": "Familienzentrum Ost",
    "description": "Offener Treff für Eltern mit Babys. Kaffee, Austausch und Beratung.",
    "sectors": "social",
    "life_stages": "infant",
    "topics": "Elterncafé;Beratung",
    "min_age": "0",
    "max_age": "3",
    "cost": "free",
    "languages": "de;tr;ar",
    "street": "Marktplatz 1",
    "postcode": "52062",
    "city": "Aachen",
    "district": "Mitte",
    "lat": "",
    "lon": "",
    "wheelchair_accessible": "yes",
    "phone": "0241 123456",
    "email": "info@familienzentrum.example",
    "website": "https://familienzentrum.example",
    "summary": "Offener Treff für Eltern mit kleinen Kindern.",
    "easy_read": "Hier treffen sich Eltern. Sie trinken Kaffee und reden.",
    "name_en": "Parents' café",
    "description_en": "Open meeting place for parents with babies.",
}


def column_help() -> list[tuple[str, bool, str]]:
    """(column, required, meaning) for every column, translated columns summarised."""
    codes = {"sectors": _sector_codes, "life_stages": _life_stage_codes}
    rows = []
    for column in COLUMNS:
        if column in TRANSLATION_COLUMNS:
            continue
        meaning = COLUMN_HELP[column]
        if column in codes:
            meaning = meaning % {"codes": ", ".join(codes[column]())}
        rows.append((column, column in REQUIRED_COLUMNS, str(meaning)))
    rows.append(
        (
            "name_en, summary_en, description_en, … _tr, _ar, _uk",
            False,
            str(_("Translations of name, short description and description; empty: German.")),
        )
    )
    return rows

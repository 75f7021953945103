"""Offer texts in the reader's language, falling back to German field by field."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .languages import TARGET_LANGUAGES
from .models import Offer, OfferTranslation

TRANSLATED_FIELDS = ("name", "summary", "description", "target_group", "eligibility")


@dataclass(frozen=True)
class Text:
    """A text and the language it is really in."""

    value: str
    language: str
    fallback: bool  # German shown because no translation exists

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)

    @property
    def lang_attrs(self) -> SafeString:
        """`lang`/`dir` for an element holding fallback German inside another language,
        so screen readers pronounce it as German and it is laid out left to right."""
        if not self.fallback:
            return SafeString("")
        return format_html(' lang="{}" dir="ltr"', self.language)


@dataclass(frozen=True)
class OfferTexts:
    name: Text
    summary: Text
    description: Text
    target_group: Text
    eligibility: Text

    @property
    def any_fallback(self) -> bool:
        return any(getattr(self, field).fallback for field in TRANSLATED_FIELDS)


def _translation(offer: Offer, language: str) -> OfferTranslation | None:
    # Iterates the prefetched translations instead of querying per offer.
    return next((t for t in offer.translations.all() if t.language == language), None)


def offer_texts(offer: Offer, language: str) -> OfferTexts:
    source = settings.LANGUAGE_CODE
    translation = _translation(offer, language) if language != source else None
    texts = {}
    for field in TRANSLATED_FIELDS:
        original = getattr(offer, field)
        translated = getattr(translation, field, "") if translation else ""
        if translated:
            texts[field] = Text(translated, language, fallback=False)
        else:
            texts[field] = Text(original, source, fallback=language != source and bool(original))
    return OfferTexts(**texts)


def translated_names(offer_ids: list[int], language: str) -> dict[int, dict[str, str]]:
    """Translated name and summary per offer id (only those that exist), for result lists."""
    if language == settings.LANGUAGE_CODE:
        return {}
    rows = OfferTranslation.objects.filter(offer_id__in=offer_ids, language=language).values(
        "offer_id", "name", "summary"
    )
    return {
        row["offer_id"]: {k: v for k, v in row.items() if k != "offer_id" and v} for row in rows
    }


def translated(obj, field: str, language: str) -> Text:
    """`obj.<field>` in `language` (from `<field>_<language>`), else the German text,
    marked as a fallback. Works on models and on StreamField struct values alike."""
    source = settings.LANGUAGE_CODE

    def value(name: str) -> str:
        if isinstance(obj, Mapping):
            return obj.get(name) or ""
        return getattr(obj, name, "") or ""

    original = value(field)
    if language != source and (text := value(f"{field}_{language}")):
        return Text(text, language, fallback=False)
    return Text(original, source, fallback=language != source and bool(original))


def translated_names_by(model, key: str, language: str) -> dict[str, str]:
    """{slug or German name: name in `language`} for topics or districts that have one."""
    if language not in TARGET_LANGUAGES:
        return {}
    field = f"name_{language}"
    return dict(model.objects.exclude(**{field: ""}).values_list(key, field))

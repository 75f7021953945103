"""Names of the fixed vocabularies in the reader's language.

Life stages and sectors are stored with German names (the source language, used in
exports); the UI shows them through these translatable labels, keyed by their public
code. Language names come from pycountry's ISO 639 translations.
"""

import gettext
from functools import cache

import pycountry
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language
from django.utils.translation import gettext as django_gettext
from django.utils.translation import gettext_lazy as _

LIFE_STAGE_LABELS = {
    "pregnancy": _("Pregnancy & birth"),
    "infant": _("Baby & toddler (0–3)"),
    "preschool": _("Day-care age (3–6)"),
    "primary": _("Primary school age (6–10)"),
    "secondary": _("Youth & secondary school (10–16)"),
    "transition": _("School to work (15–27)"),
}

SECTOR_LABELS = {
    "health": _("Health"),
    "education": _("Education"),
    "youth": _("Child and youth services"),
    "social": _("Social services"),
}


def life_stage_label(code: str, fallback: str = "") -> str:
    return str(LIFE_STAGE_LABELS.get(code, fallback or code))


def sector_label(code: str, fallback: str = "") -> str:
    return str(SECTOR_LABELS.get(code, fallback or code))


@cache
def _iso639_catalog(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def language_label(code: str, fallback: str = "") -> str:
    """The name of an ISO 639-1 language in the current UI language, e.g. "ar" → "Arabisch"."""
    language = pycountry.languages.get(alpha_2=code)
    if language is None:
        return fallback or code
    ui_language = (get_language() or "de").split("-")[0]
    name = _iso639_catalog(ui_language).gettext(language.name)
    if name == language.name and ui_language != "en" and code in LANG_INFO:
        # pycountry's catalogues have gaps (its Arabic one lacks "Ukrainian"); Django's
        # own catalogue names every language Django supports, in every UI language.
        name = django_gettext(LANG_INFO[code]["name"])
    return name

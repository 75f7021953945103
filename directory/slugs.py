"""Web addresses (slugs) in ASCII, spelled the way Germans transliterate.

One table serves the server (`german_slugify`) and the editor's browser
(`GermanSlugInput` hands it to Wagtail's slug script as formatters), so the address an
editor sees while typing is the address that is saved.
"""

from django.utils.text import slugify
from wagtail.admin.widgets.slug import SlugInput

# Letters whose plain ASCII form would read wrong in German ("Muetter", not "Mutter");
# everything else is stripped of its accent by `slugify` (é → e, ç → c).
GERMAN_TRANSLITERATION = [
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("Ä", "Ae"),
    ("Ö", "Oe"),
    ("Ü", "Ue"),
    ("ß", "ss"),
    ("ẞ", "SS"),
    ("–", "-"),  # "0–3 Jahre" keeps its numbers apart: "0-3-jahre"
]
# The browser's slug script drops non-ASCII letters outright, so it gets these too.
_BROWSER_ONLY = [
    ("[àáâãå]", "a"),
    ("[èéêë]", "e"),
    ("[ìíîï]", "i"),
    ("[òóôõø]", "o"),
    ("[ùúûů]", "u"),
    ("[ç]", "c"),
    ("[ñ]", "n"),
    ("[ÀÁÂÃÅ]", "A"),
    ("[ÈÉÊË]", "E"),
    ("[ÒÓÔÕØ]", "O"),
    ("[ÙÚÛ]", "U"),
]
FALLBACK_SLUG = "eintrag"


def german_slugify(text: str, *, max_length: int = 200) -> str:
    """'Elterncafé für Mütter & Väter' → 'elterncafe-fuer-muetter-vaeter'."""
    for letter, replacement in GERMAN_TRANSLITERATION:
        text = text.replace(letter, replacement)
    return slugify(text)[:max_length].strip("-")


class GermanSlugInput(SlugInput):
    """Wagtail's slug field, ASCII only, with the German table applied first."""

    def __init__(self, attrs=None):
        formatters = [(letter, replacement, "g") for letter, replacement in GERMAN_TRANSLITERATION]
        formatters += [(pattern, replacement, "g") for pattern, replacement in _BROWSER_ONLY]
        super().__init__(
            attrs={"data-w-slug-allow-unicode-value": "false", **(attrs or {})},
            formatters=formatters,
        )

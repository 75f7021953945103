"""Folding German text for comparisons, shared by duplicate detection here and by the
search (which builds on the directory, so the one definition lives down here)."""

import unicodedata

from django.utils.text import slugify


def fold(text: str) -> str:
    """Lower case without diacritics: Müller → muller, Café → cafe, Straße → strasse.

    Dropping the umlaut dots agrees with Snowball German, which stems "Mütter" and
    "Muetter" alike; so ä, ae and a-with-typo all meet in the same stem.
    """
    folded = text.casefold().replace("ß", "ss")
    if folded.isascii():  # most text: nothing to decompose
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", stripped)


# Web addresses (slugs) in ASCII, spelled the way Germans transliterate. The same table
# goes to the editor's browser (directory.admin.forms.GermanSlugInput), so the address
# an editor sees while typing is the one that is saved.
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
BROWSER_TRANSLITERATION = [
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

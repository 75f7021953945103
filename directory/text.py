"""Folding German text for comparisons, shared by duplicate detection here and by the
search (which builds on the directory, so the one definition lives down here)."""

import unicodedata


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

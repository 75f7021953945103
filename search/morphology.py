"""German word morphology: the stem, the lemma and the compound parts of one word.

`search.text` builds on this to turn whole texts and queries into tokens; it is kept
apart because it is the self-contained, data-heavy part (Snowball German, simplemma's
dictionary, german-nouns' ~100,000 Wiktionary nouns and our own lexicon_de.txt) and
because it keeps text.py within the project's module size. Everything here is pure and
cached per process:

- `stem`: Snowball German of a folded word (Beratungen and Beratung meet),
- `lemma`: simplemma's dictionary form (Babys → Baby, schreit → schreien),
- `split_compound` / `compound_parts`: the known nouns a compound is made of
  (Schwangerschaftsberatung → schwangerschaft + beratung),
- `word_tokens`: all of these for one word, the same for documents and queries.
"""

import importlib.util
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import simplemma
import Stemmer

from directory.text import fold

DATA_DIR = Path(__file__).with_name("data")
MIN_PART_LENGTH = 3
MIN_NOUN_PART_LENGTH = 4  # german-nouns has many short rare nouns ("Heb", "Opa" in Logopädie)
MIN_UNKNOWN_HEAD_LENGTH = 4  # shorter unknown heads are usually prefixes (be-, ver-, aus-)
# German linking elements (Fugenelemente) between compound parts, longest first.
LINKING_ELEMENTS = ("ens", "es", "en", "er", "s", "n", "e")
# Nouns with these endings always join the next part with an s (Fugen-s).
S_LINKED_ENDINGS = ("ung", "heit", "keit", "schaft", "ion", "tät", "tat", "ling")
# Verb particles that are also nouns in Wiktionary ("das Aus"); never a compound's head.
PARTICLE_HEADS = frozenset({"ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "zu"})


def word_list(name: str) -> list[str]:
    """The words of a list in search/data/, without blank lines and # comments."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


_stemmer = Stemmer.Stemmer("german")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of a folded word."""
    return _stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case German word (itself if unknown)."""
    return simplemma.lemmatize(word, lang="de").casefold()


@lru_cache(maxsize=100_000)
def is_known_word(word: str) -> bool:
    """A German word simplemma or the noun lexicon knows (lower case, with umlauts)."""
    return simplemma.is_known(word, lang="de") or fold(word) in noun_forms()


def _german_nouns_index() -> Path | None:
    spec = importlib.util.find_spec("german_nouns")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "index.txt"
    return path if path.exists() else None


@cache
def noun_forms() -> frozenset[str]:
    """Every form of every noun german-nouns knows, folded (Gruppe, Gruppen, Krippe …)."""
    path = _german_nouns_index()
    if path is None:
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.split("\t", 1)[0]) for line in lines)


@cache
def own_lexicon() -> frozenset[str]:
    """Stems of the project's own part words (lexicon_de.txt), short ones included."""
    return frozenset(stem(fold(word)) for word in word_list("lexicon_de.txt"))


@cache
def noun_lexicon() -> frozenset[str]:
    """Stems of every German noun form german-nouns knows."""
    forms = [form for form in noun_forms() if len(form) >= MIN_NOUN_PART_LENGTH]
    return frozenset(_stemmer.stemWords(forms))


def is_part(text: str) -> bool:
    """Whether a piece of a folded word is a known noun: our own lexicon's words of any
    length (Tag, Amt, Not), german-nouns' only from four letters (no "Heb" + "Amme")."""
    return stem(text) in own_lexicon() or (
        len(text) >= MIN_NOUN_PART_LENGTH and stem(text) in noun_lexicon()
    )


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[tuple[str, ...], bool]:
    """Stems of the parts a folded word is made of (() if it is no compound), and whether
    every part is a known noun.

    Tries the longest known tail first, splits the head recursively (allowing a linking
    element such as the Fugen-s at its end) and the tail too, so that
    Erziehungsberatungsstelle → erziehung + beratung + stelle.
    """
    cuts = range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1)
    for cut in cuts:
        head, tail = word[:cut], word[cut:]
        if head in PARTICLE_HEADS or not is_part(tail):
            continue
        if head.endswith(S_LINKED_ENDINGS) and tail[0] == "s" and is_part(tail[1:]):
            continue  # Gesundheit-s-check, not Gesundheit + Scheck
        head_parts = _head_parts(head)
        if head_parts:
            tail_parts, tail_known = split_compound(tail)
            return (*head_parts, stem(tail), *(tail_parts if tail_known else ())), True
    # A known tail after an unknown head of some length is still a compound:
    # "Kinderwunschberatung" → kinderwunsch + beratung, so "Beratung" finds it.
    # Known words stay whole ("Aufenthalt" is no aufent + halt).
    if is_known_word(word):
        return (), False
    for cut in cuts:
        head, tail = word[:cut], word[cut:]
        long_enough = len(head) >= MIN_UNKNOWN_HEAD_LENGTH and len(tail) >= MIN_NOUN_PART_LENGTH
        if long_enough and is_part(tail):
            return (stem(head), stem(tail)), False
    return (), False


def compound_parts(word: str) -> tuple[str, ...]:
    """Stems of the parts of a folded compound, or () if it is none."""
    return split_compound(word)[0]


def _head_parts(head: str) -> tuple[str, ...]:
    candidates = [head] + [head[: -len(link)] for link in LINKING_ELEMENTS if head.endswith(link)]
    for candidate in candidates:
        if len(candidate) < MIN_PART_LENGTH or candidate in PARTICLE_HEADS:
            continue
        if is_part(candidate):
            return (stem(candidate),)
        nested, all_known = split_compound(candidate)
        if nested and all_known:
            return nested
    return ()


@dataclass(frozen=True)
class WordTokens:
    whole: tuple[str, ...]  # the word's stem and its lemma's stem
    parts: tuple[str, ...]  # compound parts (of the lemma)
    parts_known: bool  # every part is a known noun: a real compound, no typo


@lru_cache(maxsize=200_000)
def word_tokens(word: str) -> WordTokens:
    """Tokens of one lower-case word, the same for documents and queries."""
    folded = fold(word)
    whole = [stem(folded)]
    base = fold(lemma(word))
    if stem(base) not in whole:
        whole.append(stem(base))
    parts, known = split_compound(base)
    if not parts and base != folded:
        parts, known = split_compound(folded)
    return WordTokens(tuple(whole), tuple(p for p in parts if p not in whole), known)

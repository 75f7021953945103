"""German text handling shared by both search engines.

Documents and queries go through the same steps, so the Elasticsearch and the
database engine match exactly the same tokens:

1. fold: lower case, no diacritics, ß → ss (Snowball then stems ä, ae and a alike),
2. split into words; drop stop words,
3. stem with Snowball German,
4. split compounds into parts known from a lexicon (Schwangerschaftsberatung →
   schwangerschaft + beratung), so a part finds the whole and the whole its parts.

Synonyms and typo tolerance are applied to queries only (see `analyze_query`), so
editing a synonym needs no reindexing.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import Stemmer

from directory.text import fold

DATA_DIR = Path(__file__).with_name("data")
WORD_PATTERN = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 10  # a pasted essay must not become a thousand-clause query
MAX_WORD_LENGTH = 40
MIN_PART_LENGTH = 3
MIN_UNKNOWN_HEAD_LENGTH = 4  # shorter unknown heads are usually prefixes (be-, ver-, aus-)
# German linking elements (Fugenelemente) between compound parts, longest first.
LINKING_ELEMENTS = ("ens", "es", "en", "er", "s", "n", "e")
TYPO_MIN_LENGTH = 5  # the issue: typo tolerance for words of five or more letters
TYPO_TWO_EDITS_LENGTH = 8
GROUP_SCORE = 1


def _word_list(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


_stemmer = Stemmer.Stemmer("german")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of a folded word."""
    return _stemmer.stemWord(word)


@cache
def stop_words() -> frozenset[str]:
    return frozenset(fold(word) for word in _word_list("stopwords_de.txt"))


@cache
def lexicon() -> frozenset[str]:
    """Stems of the words the compound splitter may use as parts."""
    return frozenset(stem(fold(word)) for word in _word_list("lexicon_de.txt"))


def words(text: str) -> list[str]:
    """Folded words without stop words, each at most MAX_WORD_LENGTH characters."""
    return [
        word[:MAX_WORD_LENGTH]
        for word in WORD_PATTERN.findall(fold(text))
        if word not in stop_words() and not word.isspace()
    ]


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Stems of the lexicon parts a folded word is made of, or () if it is no compound.

    Tries the longest known tail first and splits the head recursively, allowing a
    linking element (Fugen-s etc.) at the end of the head.
    """
    known = lexicon()
    cuts = range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1)
    for cut in cuts:
        head, tail = word[:cut], word[cut:]
        if stem(tail) not in known:
            continue
        head_parts = _head_parts(head, known)
        if head_parts:
            return (*head_parts, stem(tail))
    # A known tail after an unknown head of some length is still a compound:
    # "Kinderwunschberatung" → kinderwunsch + beratung, so "Beratung" finds it.
    # Lexicon words themselves stay whole ("Aufenthalt" is no aufenth + alt).
    if stem(word) in known:
        return ()
    for cut in cuts:
        head, tail = word[:cut], word[cut:]
        if len(head) >= MIN_UNKNOWN_HEAD_LENGTH and stem(tail) in known:
            return (stem(head), stem(tail))
    return ()


def _head_parts(head: str, known: frozenset[str]) -> tuple[str, ...]:
    candidates = [head] + [head[: -len(link)] for link in LINKING_ELEMENTS if head.endswith(link)]
    for candidate in candidates:
        if len(candidate) < MIN_PART_LENGTH:
            continue
        if stem(candidate) in known or candidate in known:
            return (stem(candidate) if stem(candidate) in known else candidate,)
        nested = compound_parts(candidate)
        if nested:
            return nested
    return ()


@lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    whole = stem(word)
    parts = tuple(part for part in compound_parts(word) if part != whole)
    return (whole,), parts


@dataclass
class DocumentTokens:
    """Tokens of one text field: whole-word stems and compound-part stems."""

    whole: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)

    def all(self) -> set[str]:
        return self.whole | self.parts


def analyze_document(text: str) -> DocumentTokens:
    tokens = DocumentTokens()
    for word in words(text):
        whole, parts = _word_tokens(word)
        tokens.whole.update(whole)
        tokens.parts.update(parts)
    return tokens


@dataclass(frozen=True)
class QueryTerm:
    """One word the user typed: matches if any alternative, or all tokens of a group, match.

    `alternatives`: the word's stem, its single-word synonyms and typo corrections.
    `groups`: token sets that must all be present — the parts of a compound, or a
    multi-word synonym ("Frühe Hilfen").
    """

    word: str
    alternatives: frozenset[str]
    groups: tuple[frozenset[str], ...] = ()
    exact: frozenset[str] = frozenset()  # the alternatives that are not typo guesses

    @property
    def typos(self) -> frozenset[str]:
        return self.alternatives - self.exact

    def all_tokens(self) -> set[str]:
        tokens = set(self.alternatives)
        for group in self.groups:
            tokens |= group
        return tokens

    def score(self, tokens: dict[str, int]) -> float:
        """How well a document with these token weights matches; 0 if it does not.

        The best exact match counts its weight, a typo correction half of it, and a
        complete group (all compound parts or all words of a synonym phrase) counts
        GROUP_SCORE. The Elasticsearch engine builds the same arithmetic into its query.
        """
        best = max((tokens.get(token, 0) for token in self.exact), default=0)
        best = max(best, max((tokens.get(t, 0) / 2 for t in self.typos), default=0))
        if any(all(token in tokens for token in group) for group in self.groups):
            best = max(best, GROUP_SCORE)
        return best


Synonyms = Callable[[str], Iterable[tuple[str, ...]]]
Corrections = Callable[[str, int], Iterable[str]]


def analyze_query(
    text: str,
    *,
    synonyms: Synonyms = lambda stem_: (),
    corrections: Corrections = lambda stem_, max_edits: (),
) -> list[QueryTerm]:
    """The terms of a query, every one of which a matching offer must satisfy.

    `synonyms(stem)` yields token tuples of the synonyms of a stem (from the editors'
    list); `corrections(stem, max_edits)` yields index tokens within that many edits.
    """
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    for word in words(text)[:MAX_QUERY_WORDS]:
        whole, parts = _word_tokens(word)
        if whole[0] in seen:
            continue
        seen.add(whole[0])
        alternatives = set(whole)
        groups: list[frozenset[str]] = []
        if parts:
            groups.append(frozenset(parts))
        for synonym in synonyms(whole[0]):
            if len(synonym) == 1:
                alternatives.add(synonym[0])
            else:
                groups.append(frozenset(synonym))
        exact = frozenset(alternatives)
        if len(word) >= TYPO_MIN_LENGTH:
            max_edits = 2 if len(word) >= TYPO_TWO_EDITS_LENGTH else 1
            alternatives.update(corrections(whole[0], max_edits))
        terms.append(QueryTerm(word, frozenset(alternatives), tuple(groups), exact))
    return terms


def analyze_phrase(text: str) -> tuple[str, ...]:
    """Stems of a short phrase such as a synonym ("Frühe Hilfen" → ("fruh", "hilf"))."""
    return tuple(stem(word) for word in words(text))

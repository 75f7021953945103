"""German text handling shared by both search engines.

Documents and queries go through the same steps, so the Elasticsearch and the
database engine match exactly the same tokens:

1. fold: lower case, no diacritics, ß → ss (Snowball then stems ä, ae and a alike),
2. split into words; drop stop words (including everyday fillers and negations),
3. stem with Snowball German, and also stem the word's lemma (simplemma's German
   dictionary: Babys → Baby, schreit → schreien, schläft → schlafen),
4. split compounds into parts known as German nouns (german-nouns, Wiktionary's ~100,000
   nouns with all their forms, plus our own lexicon_de.txt): Schwangerschaftsberatung →
   schwangerschaft + beratung, so a part finds the whole and the whole its parts.

Steps 3 and 4, what happens to a single word, live in `search.morphology`; this module
holds the rest: texts to words and tokens, query analysis and scoring.

Queries are analysed further (see `analyze_query`): editor synonyms, also for compound
parts and typo corrections; typo corrections only for words that are neither known
German words nor compounds of known nouns; words that name a filter ("kostenlos",
"schwanger") also match offers carrying that filter value. None of this is stored, so
editing a synonym needs no reindexing.

How much a match counts comes from the collection (BM25's inverse document frequency)
and from how the word was found: typed > translated > synonym > typo guess > compound
part (see `Scoring`). Both engines rank with these same integers.
"""

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

import simplemma

from directory.text import fold

from .morphology import (
    WordTokens,
    is_known_word,
    lemma,
    own_lexicon,
    stem,
    word_list,
    word_tokens,
)

WORD_PATTERN = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 10  # a pasted essay must not become a thousand-clause query
MAX_WORD_LENGTH = 40
TYPO_MIN_LENGTH = 5  # typo tolerance for words of five or more letters
TYPO_TWO_EDITS_LENGTH = 8
FACET_TOKEN_PREFIX = "@"  # index tokens of facet values: "@cost:free", "@life_stage:infant"
FOREIGN_LANGUAGES = ("en", "tr", "ar", "uk")  # the UI languages besides German


@cache
def stop_words() -> frozenset[str]:
    return frozenset(fold(word) for word in word_list("stopwords_de.txt"))


@cache
def request_words() -> frozenset[str]:
    """Words that only say "I am looking for something" (Hilfe, Angebot …): dropped from a
    query that has other words."""
    return frozenset(fold(word) for word in word_list("request_words_de.txt"))


@cache
def _request_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in request_words())


def words(text: str) -> list[str]:
    """Lower-case words (umlauts kept) without stop words, each at most MAX_WORD_LENGTH."""
    return [
        word[:MAX_WORD_LENGTH]
        for word in WORD_PATTERN.findall(text.casefold())
        if fold(word) not in stop_words() and not word.isspace()
    ]


@dataclass
class DocumentTokens:
    """Tokens of one text field: whole-word stems and compound-part stems."""

    whole: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)

    def all(self) -> set[str]:
        return self.whole | self.parts


@lru_cache(maxsize=100_000)
def foreign_tokens(word: str, language: str) -> tuple[str, ...]:
    """Tokens of a word in another UI language: its folded form and its lemma in that
    language (simplemma: пологів → пологи, ödevler → ödev, babies → baby)."""
    folded = fold(word)
    base = fold(simplemma.lemmatize(word, lang=language).casefold())
    return (folded,) if base == folded else (folded, base)


def analyze_document(text: str, language: str = "de") -> DocumentTokens:
    tokens = DocumentTokens()
    for word in words(text):
        if language in FOREIGN_LANGUAGES:
            tokens.whole.update(foreign_tokens(word, language))
            continue
        analyzed = word_tokens(word)
        tokens.whole.update(analyzed.whole)
        tokens.parts.update(analyzed.parts)
    return tokens


def facet_token(facet: str, value: str) -> str:
    """The index token an offer with this facet value carries, so words can name filters."""
    return f"{FACET_TOKEN_PREFIX}{facet}:{value}"


# --- queries ---------------------------------------------------------------------------
# How much a way of finding a word counts (× field weight × IDF): the typed word most.
TYPED, TRANSLATED, SYNONYM, TYPO, PART, TYPO_SYNONYM = 10, 9, 7, 5, 4, 3
GROUP_FIELD_WEIGHT = 2  # a group (all parts, or all words of a phrase) counts like body text


@dataclass(frozen=True)
class Group:
    """Token slots that must all be present, each by any of its tokens: the parts of a
    compound (each part or its synonyms) or the words of a phrase ("Frühe Hilfen")."""

    slots: tuple[frozenset[str], ...]
    factor: int

    def matches(self, tokens: Mapping[str, int]) -> bool:
        return all(any(token in tokens for token in slot) for slot in self.slots)


@dataclass(frozen=True)
class QueryTerm:
    """One concept of the query: a word, or a phrase a glossary translated.

    `options`: single tokens and how they were found (TYPED, SYNONYM …); `groups`: token
    sets that must all be present. The term matches a document that has any option or
    all slots of any group.
    """

    word: str
    options: Mapping[str, int]
    groups: tuple[Group, ...] = ()

    @property
    def exact(self) -> frozenset[str]:
        return frozenset(token for token, factor in self.options.items() if factor > TYPO)

    @property
    def typos(self) -> frozenset[str]:
        guesses = (TYPO, TYPO_SYNONYM)
        return frozenset(token for token, factor in self.options.items() if factor in guesses)

    def all_tokens(self) -> set[str]:
        tokens = set(self.options)
        for group in self.groups:
            for slot in group.slots:
                tokens |= slot
        return tokens


Synonyms = Callable[[str], Iterable[tuple[str, ...]]]
Corrections = Callable[[str, int], Iterable[str]]
# A query's words (lower case) → (words consumed from the start, German phrases, factor:
# TRANSLATED for the glossary, SYNONYM for an editor's synonym phrase) or None.
Translations = Callable[[list[str]], tuple[int, list[str], int] | None]
FilterWords = Callable[[str], Iterable[tuple[str, str]]]


def _options_and_groups(
    tokens: WordTokens, factor: int, synonyms: Synonyms
) -> tuple[dict[str, int], list[Group]]:
    options: dict[str, int] = {}
    groups: list[Group] = []

    def add(token: str, value: int) -> None:
        options[token] = max(options.get(token, 0), value)

    for token in tokens.whole:
        add(token, factor)
        for synonym in synonyms(token):
            if len(synonym) == 1:
                add(synonym[0], min(factor, SYNONYM))
            else:
                groups.append(Group(tuple(frozenset({s}) for s in synonym), SYNONYM))
    # "Ausbildungsplatzsuche", "Jobsuche": the "-suche" only says that one is looking.
    parts = [part for part in tokens.parts if part not in _request_stems()]
    if parts:
        slots = []
        for part in parts:
            alternatives = {part}
            alternatives.update(s[0] for s in synonyms(part) if len(s) == 1)
            slots.append(frozenset(alternatives))
        groups.append(Group(tuple(slots), PART))
    return options, groups


def analyze_query(
    text: str,
    *,
    synonyms: Synonyms = lambda stem_: (),
    corrections: Corrections = lambda stem_, max_edits: (),
    translations: Translations = lambda words_: None,
    filter_words: FilterWords = lambda word: (),
    known: Callable[[str], bool] = lambda stem_: False,
    language: str = "de",
) -> list[QueryTerm]:
    """The concepts of a query; a matching offer has at least one, the best have all.

    `synonyms(stem)` yields token tuples of the synonyms of a stem (editors' list);
    `corrections(stem, max_edits)` yields index tokens within that many edits;
    `translations(words)` finds a glossary phrase at the start of the words;
    `filter_words(word)` yields (facet, value) a word names; `known(stem)` tells whether
    the index has a token (no typo guessing for those); `language` is the page's.
    """
    all_words = words(text)
    content = [word for word in all_words if fold(word) not in request_words()]
    query_words = (content or all_words)[: MAX_QUERY_WORDS * 2]
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    position = 0
    while position < len(query_words) and len(terms) < MAX_QUERY_WORDS:
        translated = translations(query_words[position:])
        if translated:
            consumed, phrases, factor = translated
            phrase = " ".join(query_words[position : position + consumed])
            position += consumed
            if phrase in seen:
                continue
            seen.add(phrase)
            terms.append(_translated_term(phrase, phrases, synonyms, factor))
            continue
        word = query_words[position]
        position += 1
        tokens = word_tokens(word)
        if tokens.whole[0] in seen:
            continue
        seen.add(tokens.whole[0])
        options, groups = _options_and_groups(tokens, TYPED, synonyms)
        if language in FOREIGN_LANGUAGES:  # translated offer texts carry these tokens
            options.update(dict.fromkeys(foreign_tokens(word, language), TYPED))
        for facet, value in filter_words(word):
            options[facet_token(facet, value)] = TYPED
        for noun in _derived_nouns(word):  # trennen → Trennung, impfen → Impfung
            if known(noun):
                options.setdefault(noun, SYNONYM)
        # A compound counts as real (no typo) when its parts are words of the directory:
        # "Babygruppe" is no typo, "Ernärungsberatung" (Erna + Rung + Beratung) is one.
        real_compound = tokens.parts_known and all(
            known(part) or part in own_lexicon() for part in tokens.parts
        )
        guessable = not (
            is_known_word(word) or real_compound or any(known(t) for t in tokens.whole)
        )
        if guessable and len(word) >= TYPO_MIN_LENGTH:
            max_edits = 2 if len(word) >= TYPO_TWO_EDITS_LENGTH else 1
            for correction in corrections(fold(word), max_edits):
                options.setdefault(correction, TYPO)
                for synonym in synonyms(correction):
                    if len(synonym) == 1:
                        options.setdefault(synonym[0], TYPO_SYNONYM)
        terms.append(QueryTerm(word, options, tuple(groups)))
    return terms


def _derived_nouns(word: str) -> list[str]:
    """Stems of the -ung nouns a verb's lemma makes (trennen → trennung)."""
    base = lemma(word)
    for ending, replacement in (("ern", "erung"), ("eln", "elung"), ("en", "ung")):
        if base.endswith(ending) and len(base) >= len(ending) + 2:
            return [stem(fold(base[: -len(ending)] + replacement))]
    return []


def _translated_term(
    phrase: str, german: list[str], synonyms: Synonyms, factor: int = TRANSLATED
) -> QueryTerm:
    """One concept for a phrase found in the glossary (or a synonym phrase): the phrase's
    own words (all of them) and its German equivalents."""
    literal = [frozenset(word_tokens(word).whole) for word in phrase.split()]
    options: dict[str, int] = {}
    groups: list[Group] = []
    if len(literal) == 1:
        options.update(dict.fromkeys(literal[0], TYPED))
    else:
        groups.append(Group(tuple(literal), TYPED))
    for text in german:
        phrase_words = words(text)
        if len(phrase_words) == 1:
            more_options, more_groups = _options_and_groups(
                word_tokens(phrase_words[0]), factor, synonyms
            )
            for token, factor in more_options.items():
                options[token] = max(options.get(token, 0), factor)
            groups += more_groups
        elif phrase_words:
            slots = tuple(frozenset(word_tokens(word).whole) for word in phrase_words)
            groups.append(Group(slots, factor))
    return QueryTerm(phrase, options, tuple(groups))


def analyze_phrase(text: str) -> tuple[str, ...]:
    """Stems of a short phrase such as a synonym ("Frühe Hilfen" → ("fruh", "hilf"))."""
    return tuple(word_tokens(word).whole[0] for word in words(text))


# --- scoring ---------------------------------------------------------------------------
COVERAGE = 10_000  # per matched concept: more concepts always rank higher
MAX_IDF = 12.0


def idf(documents: int, total: int) -> float:
    """BM25's inverse document frequency of a token found in `documents` of `total`."""
    value = math.log(1 + (total - documents + 0.5) / (documents + 0.5))
    return min(MAX_IDF, max(0.0, value))


@dataclass(frozen=True)
class Scoring:
    """Integer points per matched token, the same in both engines.

    A term scores COVERAGE plus its best match: field weight × factor × IDF for a
    single token, or GROUP_FIELD_WEIGHT × factor × the slots' mean IDF for a complete
    group. A document's score is the sum over the terms it matches. Integers keep the
    engines' sums (Python ints, Lucene floats) exactly equal.
    """

    frequencies: Mapping[str, int]
    total: int

    def idf(self, token: str) -> float:
        return idf(self.frequencies.get(token, 0), max(1, self.total))

    def token_points(self, token: str, factor: int, weight: int) -> int:
        return COVERAGE + round(weight * factor * self.idf(token) / 4)

    def group_points(self, group: Group) -> int:
        mean = sum(max(self.idf(t) for t in slot) for slot in group.slots) / len(group.slots)
        return COVERAGE + round(GROUP_FIELD_WEIGHT * group.factor * mean / 4)

    def term_score(self, term: QueryTerm, tokens: Mapping[str, int]) -> int:
        """How well a document with these token weights matches the term; 0 if not."""
        best = max(
            (
                self.token_points(token, factor, tokens[token])
                for token, factor in term.options.items()
                if token in tokens
            ),
            default=0,
        )
        for group in term.groups:
            if group.matches(tokens):
                best = max(best, self.group_points(group))
        return best

    def score(self, terms: list[QueryTerm], tokens: Mapping[str, int]) -> int:
        return sum(self.term_score(term, tokens) for term in terms)

    def scorer(self, terms: list[QueryTerm]) -> Callable[[Mapping[str, int]], int]:
        """`score` for many documents: the same points, with IDF and group points worked
        out once per query instead of once per document."""
        memo: dict[tuple[str, int, int], int] = {}
        compiled = [
            (term.options, [(group, self.group_points(group)) for group in term.groups])
            for term in terms
        ]

        def score(tokens: Mapping[str, int]) -> int:
            total = 0
            for options, groups in compiled:
                best = 0
                for token, weight in tokens.items():
                    factor = options.get(token)
                    if factor:
                        key = (token, factor, weight)
                        points = memo.get(key)
                        if points is None:
                            points = memo[key] = self.token_points(token, factor, weight)
                        best = max(best, points)
                for group, points in groups:
                    if points > best and group.matches(tokens):
                        best = points
                total += best
            return total

        return score

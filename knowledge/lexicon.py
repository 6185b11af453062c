"""The typo-tolerant vocabulary shared by the indexes, and the query tokens it reads texts into.

A ``Lexicon`` knows every word of every index and finds, for a misspelt word of six letters or
more that no French or English dictionary knows, the known words one edit away
(symmetric-delete: each known word is stored under all its one-letter deletions, so a lookup
costs a few dictionary hits whatever the vocabulary size).
A query is analysed once into ``QueryToken``s, which every index then scores.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge.stemming import light_stem, stems
from knowledge.text import Token, acronym_key, fold, raw_tokens, raw_words

TYPO_MIN_LENGTH = 6
SUBSTITUTION_MIN_LENGTH = 7
FIX_CACHE_SIZE = 50_000  # typo look-ups remembered, per lexicon
TYPO_FACTOR = 0.7  # a word matched through a typo counts a little less than a real match
WEAK_FACTOR = 0.35  # "tweet", "comment", "facebook": where it was seen, not what it is about


@dataclass(frozen=True, slots=True)
class QueryToken:
    """A content word of a query with the keys it matches and how much it may count."""

    word: str
    keys: tuple[str, ...]
    factor: float
    corrected: str | None = None  # the known word it was read as, for a typo
    hint: bool = False  # not in the text: named by a severity rule that recognised the incident
    light: tuple[str, ...] = ()  # inflection-only stems, for indexes of curated terms (``strict``)

    def strict(self, factor: float | None = None) -> QueryToken:
        """The same word keyed for a strict index (light stems first, see ``strict_keys``)."""
        return QueryToken(self.word, strict_keys(self.light or (light_stem(self.word),), self.keys),
                          self.factor if factor is None else factor, self.corrected, self.hint, self.light)


def strict_keys(light: tuple[str, ...], keys: tuple[str, ...]) -> tuple[str, ...]:
    """Keys of a word in a strict index: its light stems only (``keys``, its Snowball stems, are
    for the other indexes)."""
    return light

def is_dictionary_word(word: str) -> bool:
    """True when the folded ``word`` is a word of French or English."""
    return bool(languages_of(word))


def languages_of(word: str) -> tuple[str, ...]:
    """The languages ("fr", "en") whose word lists have the folded ``word``."""
    framed = f"\n{word}\n"
    start = word[:3]
    return tuple(language for language, groups in _dictionaries().items() if framed in groups.get(start, ""))


@cache
def _dictionaries() -> dict[str, dict[str, str]]:
    """The folded words (two letters or more) of the French and of the English word lists of
    ``pyspellchecker``, read once, when first needed; kept, per language, as one newline-framed
    string per first three letters (3.6 MB in all, a tenth of what sets of them take)."""
    from spellchecker import SpellChecker

    out: dict[str, dict[str, str]] = {}
    for language in ("fr", "en"):
        # most words are plain lower-case ASCII letters already: only the others need folding
        words = {word if word.isascii() and word.isalpha() and word.islower() else fold(word)
                 for word in SpellChecker(language=language, distance=1).word_frequency.keys() if len(word) >= 2}
        groups: dict[str, list[str]] = {}
        for word in words:  # a group is only searched, never read in order
            groups.setdefault(word[:3], []).append(word)
        out[language] = {start: "\n" + "\n".join(group) + "\n" for start, group in groups.items()}
    return out


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_inner_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one edit (insertion, deletion, substitution, swap of
    neighbours) that is not at the very end: a different last letter is an inflection or another
    word ("personne", "personnel"), not a typo; stemming already deals with endings. Short words
    differing by one substituted letter are too often two real words ("crient", "client"), so a
    substitution needs ``SUBSTITUTION_MIN_LENGTH`` letters."""
    la, lb = len(a), len(b)
    if a == b or abs(la - lb) > 1:
        return False
    if la == lb and la < SUBSTITUTION_MIN_LENGTH and sum(x != y for x, y in zip(a, b)) == 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if i >= min(la, lb) - 1:
        return la == lb and i == la - 2 and a[i] == b[i + 1] and a[i + 1] == b[i]
    if la == lb:
        return a[i + 1:] == b[i + 1:] or (a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if la > lb else a[i:] == b[i + 1:]


class Lexicon:
    """Every known word and key across indexes, with a deletion index for typo lookup."""

    def __init__(self, parent: Lexicon | None = None) -> None:
        self.parent = parent  # a shared vocabulary (the thesaurus) also known to this one
        self.keys: set[str] = set()
        self.words: dict[str, tuple[str, ...]] = {}
        self._deletes: dict[str, list[str]] = {}
        self._fixes: dict[str, list[str]] = {}
        self._read: dict[str, QueryToken] = {}
        self._read_raw: dict[str, tuple[QueryToken, ...]] = {}  # the same, by raw word of a text
        self.acronyms: set[str] = set()  # words a registry writes as an acronym (``text.term_tokens``)

    def add_acronym(self, word: str) -> None:
        """Make the folded ``word`` an acronym: a text's same word also gets its ``acronym_key``."""
        if word not in self.acronyms:
            self.acronyms.add(word)
            self._read.clear()
            self._read_raw.clear()

    def _acronym(self, word: str) -> str | None:
        """The acronym ``word`` is, itself or in the plural ("apis" for "API"), if any."""
        for candidate in (word, word[:-1] if word.endswith("s") else None):
            lexicon: Lexicon | None = self
            while candidate and lexicon is not None:
                if candidate in lexicon.acronyms:
                    return candidate
                lexicon = lexicon.parent
        return None

    def knows(self, token: Token) -> bool:
        """True when the word, or one of its stems, is known here or in the parent vocabulary."""
        if token.word in self.words or any(k in self.keys for k in token.keys):
            return True
        return self.parent is not None and self.parent.knows(token)

    def keys_of(self, word: str) -> tuple[str, ...]:
        """The keys of a known word (of this vocabulary or of its parent)."""
        keys = self.words.get(word)
        if keys is None and self.parent is not None:
            return self.parent.keys_of(word)
        return keys or ()

    def add(self, token: Token) -> None:
        """Make ``token``'s word known (its stems match exactly; the word is a typo target)."""
        if token.word in self.words:
            return
        keys = stems(token.word)  # whatever keys an index gives it, a typo is read as the word
        self.keys.update(keys)
        self.words[token.word] = keys
        self._fixes.clear()
        self._read.clear()
        self._read_raw.clear()
        if len(token.word) >= TYPO_MIN_LENGTH:
            for variant in _deletions(token.word) | {token.word}:
                self._deletes.setdefault(variant, []).append(token.word)

    def corrections(self, word: str) -> list[str]:
        """Known words one edit away from ``word`` (same first letter), for words of 6+ letters
        that are no word of French or English: "commence" is not a slip for "commente", nor
        "regarde" for "retarde"."""
        if len(word) < TYPO_MIN_LENGTH:
            return []
        cached = self._fixes.get(word)
        if cached is not None:
            return cached
        found: set[str] = set()
        if not is_dictionary_word(word):  # a real word is not a slip
            if self.parent is not None:
                found.update(self.parent.corrections(word))
            for variant in _deletions(word) | {word}:
                for known in self._deletes.get(variant, ()):
                    if known[0] == word[0] and _one_inner_edit(word, known):
                        found.add(known)
        if len(self._fixes) >= FIX_CACHE_SIZE:
            self._fixes.clear()
        self._fixes[word] = fixes = sorted(found)
        return fixes

    def read(self, text: str) -> list[QueryToken]:
        """Analyse ``text`` into query tokens, reading unknown long words as their near misses."""
        # analyse(text), raw word after raw word, each raw word's query tokens cached (a vocabulary)
        cache = self._read_raw
        out: list[QueryToken] = []
        for raw in raw_words(text):
            tokens = cache.get(raw)
            if tokens is None:
                if len(cache) >= FIX_CACHE_SIZE:
                    cache.clear()
                tokens = cache[raw] = tuple(map(self._read_token, raw_tokens(raw)))
            out.extend(tokens)
        return out

    def _read_token(self, token: Token) -> QueryToken:
        cache = self._read  # by word: a token is a function of its word (``text.token``)
        query_token = cache.get(token.word)
        if query_token is None:
            if len(cache) >= FIX_CACHE_SIZE:
                cache.clear()
            query_token = cache[token.word] = self._query_token(token)
        return query_token

    def _query_token(self, token: Token) -> QueryToken:
        factor = WEAK_FACTOR if token.weak else 1.0
        acronym = self._acronym(token.word)
        if acronym is not None:
            return QueryToken(token.word, (*token.keys, acronym_key(acronym)), factor, light=token.light)
        if self.knows(token):
            return QueryToken(token.word, token.keys, factor, light=token.light)
        fixes = self.corrections(token.word)
        if fixes:
            keys = tuple(dict.fromkeys(k for w in fixes for k in self.keys_of(w)))
            light = tuple(dict.fromkeys(light_stem(w) for w in fixes))
            return QueryToken(token.word, keys, factor * TYPO_FACTOR, fixes[0], light=light)
        return QueryToken(token.word, token.keys, factor, light=token.light)

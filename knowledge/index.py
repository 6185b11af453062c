"""Inverted indexes of stemmed terms and phrases, and the typo-tolerant lexicon behind them.

A ``TermIndex`` maps stem keys to the documents (departments, topics, concepts: plain integers)
that use them, with a weight per document, plus multi-word phrases kept as sequences of stem sets.
A ``Lexicon`` knows every word of every index and finds, for a misspelt word of six letters or
more, the known words one edit away (symmetric-delete: each known word is stored under all its
one-letter deletions, so a lookup costs a few dictionary hits whatever the vocabulary size).

A query is analysed once into ``QueryToken``s; each index then scores it by touching only the
postings of the query's own keys, so scoring cost follows the query, not the registry size.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from knowledge.text import Token, analyse

TYPO_MIN_LENGTH = 6
TYPO_FACTOR = 0.7  # a word matched through a typo counts a little less than a real match
WEAK_FACTOR = 0.35  # "tweet", "comment", "facebook": where it was seen, not what it is about


@dataclass(frozen=True, slots=True)
class QueryToken:
    """A content word of a query with the keys it matches and how much it may count."""

    word: str
    keys: tuple[str, ...]
    factor: float
    corrected: str | None = None  # the known word it was read as, for a typo


@dataclass(slots=True)
class Phrase:
    """A multi-word term: one stem set per word, and the documents that list it."""

    parts: tuple[frozenset[str], ...]
    label: str
    docs: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Hit:
    """One query token or phrase that matched a document, with its contribution."""

    label: str  # the index's own wording (registry keyword, thesaurus term)
    words: tuple[str, ...]  # the query words that matched it
    score: float


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_inner_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one edit (insertion, deletion, substitution, swap of
    neighbours) that is not at the very end: a different last letter is an inflection or another
    word ("personne", "personnel"), not a typo; stemming already deals with endings."""
    la, lb = len(a), len(b)
    if a == b or abs(la - lb) > 1:
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

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.words: dict[str, tuple[str, ...]] = {}
        self._deletes: dict[str, list[str]] = {}

    def add(self, token: Token) -> None:
        """Make ``token`` known (its keys match exactly; its word is a typo target)."""
        self.keys.update(token.keys)
        if token.word in self.words:
            return
        self.words[token.word] = token.keys
        if len(token.word) >= TYPO_MIN_LENGTH:
            for variant in _deletions(token.word) | {token.word}:
                self._deletes.setdefault(variant, []).append(token.word)

    def corrections(self, word: str) -> list[str]:
        """Known words one edit away from ``word`` (same first letter), for words of 6+ letters."""
        if len(word) < TYPO_MIN_LENGTH:
            return []
        found: set[str] = set()
        for variant in _deletions(word) | {word}:
            for known in self._deletes.get(variant, ()):
                if known[0] == word[0] and _one_inner_edit(word, known):
                    found.add(known)
        return sorted(found)

    def read(self, text: str) -> list[QueryToken]:
        """Analyse ``text`` into query tokens, reading unknown long words as their near misses."""
        out: list[QueryToken] = []
        for token in analyse(text):
            factor = WEAK_FACTOR if token.weak else 1.0
            if any(k in self.keys for k in token.keys):
                out.append(QueryToken(token.word, token.keys, factor))
                continue
            fixes = self.corrections(token.word)
            if fixes:
                keys = tuple(dict.fromkeys(k for w in fixes for k in self.words[w]))
                out.append(QueryToken(token.word, keys, factor * TYPO_FACTOR, fixes[0]))
            else:
                out.append(QueryToken(token.word, token.keys, factor))
        return out


class TermIndex:
    """Stem keys and phrases -> documents with weights; normalised inverse document frequency."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.postings: dict[str, dict[int, float]] = {}
        self.labels: dict[str, str] = {}
        self.phrases: dict[str, list[Phrase]] = {}
        self._phrase_by_parts: dict[tuple[frozenset[str], ...], Phrase] = {}
        self.idf: dict[str, float] = {}
        self._phrase_idf: dict[int, float] = {}
        self.doc_count = 0

    def add_words(self, doc: int, text: str, weight: float) -> None:
        """Index each content word of ``text`` for ``doc`` (keeping the best weight per key)."""
        for token in analyse(text):
            self._post(doc, token, weight)

    def add_term(self, doc: int, term: str, weight: float, *, word_weight: float | None = None) -> None:
        """Index a term: one word as a word; several as a phrase, and each word at ``word_weight``."""
        tokens = analyse(term)
        if not tokens:
            return
        if len(tokens) == 1:
            self._post(doc, tokens[0], weight, label=term)
            return
        parts = tuple(frozenset(t.keys) for t in tokens)
        phrase = self._phrase_by_parts.get(parts)
        if phrase is None:
            phrase = self._phrase_by_parts[parts] = Phrase(parts, term)
            for key in parts[0]:
                self.phrases.setdefault(key, []).append(phrase)
        phrase.docs[doc] = max(phrase.docs.get(doc, 0.0), weight)
        for token in tokens:
            if word_weight is not None:
                self._post(doc, token, word_weight)
            else:
                self.lexicon.add(token)

    def _post(self, doc: int, token: Token, weight: float, label: str | None = None) -> None:
        self.lexicon.add(token)
        for key in token.keys:
            docs = self.postings.setdefault(key, {})
            if weight > docs.get(doc, 0.0):
                docs[doc] = weight
            if label or key not in self.labels:
                self.labels.setdefault(key, label or token.word)

    def finish(self, doc_count: int) -> None:
        """Compute inverse document frequencies once every document is in (1.0 = one document)."""
        self.doc_count = max(doc_count, 1)
        for key, docs in self.postings.items():
            self.idf[key] = self.rarity(len(docs))
        for phrases in self.phrases.values():
            for phrase in phrases:
                self._phrase_idf[id(phrase)] = self.rarity(len(phrase.docs))

    def rarity(self, df: int) -> float:
        """BM25 inverse document frequency scaled so that a term of one document weighs 1.0 and a
        term every document uses weighs almost nothing, whatever the number of documents."""
        n = self.doc_count
        top = math.log1p((n - 0.5) / 1.5)
        return math.log1p((n - df + 0.5) / (df + 0.5)) / top if top > 0 else 1.0

    def score(self, query: Sequence[QueryToken], *, phrase_bonus: float = 1.0
              ) -> tuple[dict[int, float], dict[int, list[Hit]]]:
        """Document -> score, and the hits behind it; each distinct word counts once."""
        scores: dict[int, float] = {}
        hits: dict[int, list[Hit]] = {}
        seen: set[tuple[str, ...]] = set()
        postings, idf = self.postings, self.idf
        for token in query:
            if token.keys in seen:
                continue
            seen.add(token.keys)
            best: dict[int, tuple[float, str]] = {}
            for key in token.keys:
                docs = postings.get(key)
                if not docs:
                    continue
                key_idf = idf[key]
                for doc, weight in docs.items():
                    value = weight * key_idf
                    if value > best.get(doc, (0.0, ""))[0]:
                        best[doc] = (value, key)
            for doc, (value, key) in best.items():
                value *= token.factor
                scores[doc] = scores.get(doc, 0.0) + value
                hits.setdefault(doc, []).append(Hit(self.labels[key], (token.word,), value))
        if self.phrases and phrase_bonus:
            for phrase, start in self.find_phrases(query):
                phrase_idf = self._phrase_idf.get(id(phrase), 1.0)
                words = tuple(t.word for t in query[start:start + len(phrase.parts)])
                factor = min(t.factor for t in query[start:start + len(phrase.parts)])
                for doc, weight in phrase.docs.items():
                    value = phrase_bonus * weight * phrase_idf * factor
                    scores[doc] = scores.get(doc, 0.0) + value
                    hits.setdefault(doc, []).append(Hit(phrase.label, words, value))
        return scores, hits

    def find_phrases(self, query: Sequence[QueryToken]) -> Iterable[tuple[Phrase, int]]:
        """Every phrase whose words appear consecutively in ``query``, with its start position."""
        n = len(query)
        for i, token in enumerate(query):
            candidates: dict[int, Phrase] = {}
            for key in token.keys:
                for phrase in self.phrases.get(key, ()):
                    candidates[id(phrase)] = phrase
            for phrase in candidates.values():
                size = len(phrase.parts)
                if i + size > n:
                    continue
                if all(not phrase.parts[j].isdisjoint(query[i + j].keys) for j in range(size)):
                    yield phrase, i

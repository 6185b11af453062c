"""Inverted indexes of stemmed terms and phrases, scored against a query's tokens.

A ``TermIndex`` maps stem keys to the documents (departments, topics, concepts: plain integers)
that use them, with a weight per document, plus multi-word phrases kept as sequences of stem sets.
Its words are also made known to a ``Lexicon`` (``knowledge.lexicon``), which reads a query into
``QueryToken``s once; each index then scores it by touching only the postings of the query's own
keys, so scoring cost follows the query, not the registry size.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from knowledge.lexicon import FIX_CACHE_SIZE, Lexicon, QueryToken, is_dictionary_word, strict_keys
from knowledge.text import Token, acronym_of, analyse, expansions, term_tokens, words
from knowledge.wordlists import MEANING_STOP_WORDS

COMMON_SHARE = 1 / 3  # a word in more than this share of the documents names the company, not a subject...
COMMON_MIN = 3  # ...and in more than this many of them (in a small registry, a third is one or two)


def common_limit(documents: int) -> float:
    """In how many of ``documents`` a word may be, at most, and still say something about them."""
    return max(COMMON_MIN, COMMON_SHARE * documents)


def collapsed(term: str, tokens: Sequence[Token]) -> bool:
    """Whether ``term`` is several words that stop words reduce to one ("Mon Ondéa": "ondea")."""
    return len(tokens) == 1 and len(words(term)) > 1

UNREAD_MEANING = 0.5  # share of a term's weight left when its meaning is in a word texts are not read for
POSTING_CAP = 32  # postings read per query key (see TermIndex)
MIN_RARITY = 0.2  # keys used by most documents are not read at all


@dataclass(slots=True)
class Phrase:
    """A multi-word term: one stem set per word, and the documents that list it."""

    parts: tuple[frozenset[str], ...]
    label: str
    docs: dict[int, float] = field(default_factory=dict)


class Hit(NamedTuple):
    """One query token or phrase that matched a document, with its contribution (a named tuple:
    immutable, and made many times per query)."""

    label: str  # the index's own wording (registry keyword, thesaurus concept, example text)
    words: tuple[str, ...]  # the query words that matched it
    score: float
    additive: bool = False  # evidence about the text as a whole (a phrase, a resemblance)
    kind: str = "term"  # see HIT_KINDS


_new_tuple = tuple.__new__  # _new_tuple(Hit, fields): a Hit without the Python-level __new__ of a named tuple

# What a hit stands for, for explanations: a registry keyword or name (its wording), a word that
# also appears in a description or an example, a thesaurus concept, a resemblance to a registry
# example or to a correction someone made.
HIT_KINDS = ("term", "word", "concept", "example", "correction")


def rarity(df: int, doc_count: int) -> float:
    """BM25 inverse document frequency scaled so that a term of one document weighs 1.0 and a term
    every document uses weighs almost nothing, whatever the number of documents."""
    top = math.log1p((doc_count - 0.5) / 1.5)
    return math.log1p((doc_count - df + 0.5) / (df + 0.5)) / top if top > 0 else 1.0


class TermIndex:
    """Stem keys and phrases -> documents with weights; normalised inverse document frequency.

    Postings are kept impact-ordered (highest weight x rarity first) and a query reads at most
    ``POSTING_CAP`` of them per key: a key used by more documents than that is so common that its
    weight is small, and skipping its tail keeps the cost of a query flat as registries grow.
    Keys used by nearly every document (rarity under ``MIN_RARITY``) are not read at all.
    """

    def __init__(self, lexicon: Lexicon, *, strict: bool = False):
        self.lexicon = lexicon
        self.strict = strict  # keyed by light stems (curated terms that list their own forms)
        self.postings: dict[str, dict[int, float]] = {}
        self.labels: dict[str, str] = {}
        self.term_keys: set[str] = set()  # keys labelled with a registry term (keyword, name)
        self.phrases: dict[tuple[str, str], list[Phrase]] = {}  # by the stems of their first two words
        self._phrase_by_parts: dict[tuple[frozenset[str], ...], Phrase] = {}
        self._firsts: set[str] = set()  # keys a phrase starts with
        self.idf: dict[str, float] = {}
        self._impact: dict[str, list[tuple[int, float]]] = {}
        self._merged: dict[tuple[str, ...], list[tuple[int, float]]] = {}
        self._stems: dict[tuple[str, ...], list[tuple[dict[int, float], float, str]]] = {}
        self._phrase_idf: dict[int, float] = {}
        self._doc_keys: dict[int, frozenset[str]] | None = None
        self.doc_count = 0
        self._collapsed: list[tuple[int, Token, float, str]] = []

    def _analyse(self, text: str) -> list[Token]:
        if self.strict:
            return [Token(t.word, strict_keys(t.light, t.keys), t.weak, t.light) for t in analyse(text)]
        tokens = term_tokens(text, is_dictionary_word)
        if len(tokens) == 1 and acronym_of(tokens[0]):
            self.lexicon.add_acronym(tokens[0].word)  # so a text's "CRE" is keyed to meet it
        return tokens

    def add_words(self, doc: int, text: str, weight: float) -> None:
        """Index each content word of ``text`` for ``doc`` (keeping the best weight per key)."""
        for token in self._analyse(text):
            self._post(doc, token, weight)

    def add_term(self, doc: int, term: str, weight: float, *, word_weight: float | None = None) -> None:
        """Index a term: one word as a word; several as a phrase, and each word at ``word_weight``.

        An abbreviation standing for several words is one unit: "Informatique (DSI)" is also the
        phrase "direction systemes information", but "information" alone is not a word of it."""
        tokens = self._analyse(term)
        if not tokens:
            return
        bound: set[str] = set()
        if word_weight is not None and len(tokens) > 1:
            for expansion in expansions(term):
                bound.update(expansion)
                if len(expansion) < len(tokens):  # (a term that is only the abbreviation is that phrase already)
                    self.add_term(doc, " ".join(expansion), weight)
        if len(tokens) == 1:
            if MEANING_STOP_WORDS.intersection(words(term)):
                # "hors forfait", "pas satisfait", "network down": the small word that carries the
                # meaning is not read in texts, so the term counts half, and under the word it says
                self._post(doc, tokens[0], weight * UNREAD_MEANING)
                return
            if collapsed(term, tokens):  # a name whose other words are stop words: see finish()
                self._collapsed.append((doc, tokens[0], weight, term))
                return
            self._post(doc, tokens[0], weight, label=term)
            return
        parts = tuple(frozenset(t.keys) for t in tokens)
        phrase = self._phrase_by_parts.get(parts)
        if phrase is None:
            phrase = self._phrase_by_parts[parts] = Phrase(parts, term)
            for first in parts[0]:
                self._firsts.add(first)
                for second in parts[1]:
                    self.phrases.setdefault((first, second), []).append(phrase)
        phrase.docs[doc] = max(phrase.docs.get(doc, 0.0), weight)
        for token in tokens:
            if word_weight is not None and token.word not in bound:
                self._post(doc, token, word_weight)
            else:
                self.lexicon.add(token)

    def _post(self, doc: int, token: Token, weight: float, label: str | None = None) -> None:
        self.lexicon.add(token)
        for key in token.keys:
            docs = self.postings.setdefault(key, {})
            if weight > docs.get(doc, 0.0):
                docs[doc] = weight
            if label and key not in self.term_keys:
                self.labels[key] = label
                self.term_keys.add(key)
            elif key not in self.labels:
                self.labels[key] = token.word

    def finish(self, doc_count: int) -> None:
        """Compute rarities and impact-ordered postings once every document is in."""
        self.doc_count = max(doc_count, 1)
        # A term that stop words reduce to one word counts as that word, unless most documents use
        # it: "Fontvive & Moi" (an app) read as "Fontvive", the company's name, would be a keyword
        # of every message about the company.
        limit = common_limit(self.doc_count)
        kept = [(doc, token, weight, term) for doc, token, weight, term in self._collapsed  # decided before any is posted
                if max((len(self.postings.get(k, ())) for k in token.keys), default=0) <= limit]
        for doc, token, weight, term in kept:
            self._post(doc, token, weight, label=term)
        self._collapsed.clear()
        self._stems.clear()
        for key, docs in self.postings.items():
            idf = self.idf[key] = rarity(len(docs), self.doc_count)
            if idf >= MIN_RARITY:
                ordered = sorted(docs.items(), key=lambda kv: (-kv[1], kv[0]))[:POSTING_CAP]
                self._impact[key] = [(doc, weight * idf) for doc, weight in ordered]
        for phrases in self.phrases.values():
            for phrase in phrases:
                self._phrase_idf[id(phrase)] = rarity(len(phrase.docs), self.doc_count)

    def score(self, query: Sequence[QueryToken], *, phrase_bonus: float = 1.0, lazy: bool = False,
              exclusive: bool = False) -> TermScores:
        """Document -> score for ``query``; each distinct word counts once, phrases add a bonus.

        With ``exclusive``, a word inside a matched phrase counts only through that phrase, the
        longest phrase winning where they overlap ("account takeover" is not also a "takeover").
        With ``lazy``, nothing is scored up front: ask ``score_of`` for the few documents needed.
        """
        phrases = list(self.find_phrases(query)) if self.phrases and phrase_bonus else []
        covered: frozenset[int] = frozenset()
        if exclusive and phrases:
            phrases, covered = longest_first(phrases)
        result = TermScores(self, query, {}, phrases, phrase_bonus, covered)
        if lazy:
            return result
        scores = result.scores
        get = scores.get
        seen: set[tuple[str, ...]] = set()
        impact = self._impact
        for position, token in enumerate(query):
            keys = token.keys
            if keys in seen or position in covered:
                continue
            seen.add(keys)
            factor = token.factor
            # _postings_of, without its call for a word of one stem
            for doc, value in impact.get(keys[0], ()) if len(keys) == 1 else self._postings_of(keys):
                scores[doc] = get(doc, 0.0) + value * factor
        for phrase, start in phrases:
            factor = phrase_bonus * self._phrase_idf[id(phrase)] * min(
                t.factor for t in query[start:start + len(phrase.parts)])
            for doc, weight in phrase.docs.items():
                scores[doc] = scores.get(doc, 0.0) + weight * factor
        return result

    def stem_postings(self, keys: tuple[str, ...]) -> list[tuple[dict[int, float], float, str]]:
        """The postings, rarity and key of each of a word's stems the index reads (cached)."""
        found = self._stems.get(keys)
        if found is None:
            if len(self._stems) >= FIX_CACHE_SIZE:
                self._stems.clear()
            found = self._stems[keys] = [(self.postings[k], self.idf[k], k) for k in keys
                                         if k in self.postings and self.idf[k] >= MIN_RARITY]
        return found

    def keys_of(self, doc: int) -> frozenset[str]:
        """Every key posted for ``doc`` (built on first use)."""
        if self._doc_keys is None:
            by_doc: dict[int, set[str]] = {}
            for key, docs in self.postings.items():
                for d in docs:
                    by_doc.setdefault(d, set()).add(key)
            self._doc_keys = {d: frozenset(keys) for d, keys in by_doc.items()}
        return self._doc_keys.get(doc, frozenset())

    def phrase_rarity(self, phrase: Phrase) -> float:
        """How specific a phrase is across documents (like ``idf`` for a word)."""
        return self._phrase_idf[id(phrase)]

    def _postings_of(self, keys: tuple[str, ...]) -> list[tuple[int, float]]:
        """Impact-ordered postings of a word known by one or more stems (best stem per document)."""
        if len(keys) == 1:
            return self._impact.get(keys[0], [])
        merged = self._merged.get(keys)
        if merged is None:
            best: dict[int, float] = {}
            for key in keys:
                for doc, value in self._impact.get(key, ()):
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            merged = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:POSTING_CAP]
            if len(self._merged) >= FIX_CACHE_SIZE:
                self._merged.clear()
            self._merged[keys] = merged
        return merged

    def find_phrases(self, query: Sequence[QueryToken]) -> Iterable[tuple[Phrase, int]]:
        """Every phrase whose words appear consecutively in ``query``, with its start position."""
        n = len(query)
        phrases = self.phrases
        firsts = self._firsts
        for i in range(n - 1):
            if firsts.isdisjoint(query[i].keys):
                continue
            candidates: dict[int, Phrase] = {}
            for first in query[i].keys:
                for second in query[i + 1].keys:
                    for phrase in phrases.get((first, second), ()):
                        candidates[id(phrase)] = phrase
            for phrase in candidates.values():
                size = len(phrase.parts)
                if size == 2 or (i + size <= n and all(
                        not phrase.parts[j].isdisjoint(query[i + j].keys) for j in range(2, size))):
                    yield phrase, i


def longest_first(found: list[tuple[Phrase, int]]) -> tuple[list[tuple[Phrase, int]], frozenset[int]]:
    """Keep non-overlapping phrases, longest first then leftmost; and the positions they cover."""
    kept: list[tuple[Phrase, int]] = []
    covered: set[int] = set()
    for phrase, start in sorted(found, key=lambda ps: (-len(ps[0].parts), ps[1])):
        span = range(start, start + len(phrase.parts))
        if covered.isdisjoint(span):
            kept.append((phrase, start))
            covered.update(span)
    return kept, frozenset(covered)


@dataclass(slots=True)
class TermScores:
    """The scores of one query against one index, able to explain any document's score."""

    index: TermIndex
    query: Sequence[QueryToken]
    scores: dict[int, float]
    phrases: list[tuple[Phrase, int]]
    phrase_bonus: float
    covered: frozenset[int] = frozenset()  # positions read only through their phrase

    _known: list[tuple[QueryToken, list[tuple[dict[int, float], float, str]]]] | None = None

    def _known_tokens(self) -> list[tuple[QueryToken, list[tuple[dict[int, float], float, str]]]]:
        """Distinct query tokens with the postings, rarity and key of each stem the index reads."""
        if self._known is None:
            index = self.index
            cached = index._stems.get  # stem_postings without a call per word once it is cached
            covered = self.covered
            known = []
            seen: set[tuple[str, ...]] = set()
            for position, token in enumerate(self.query):
                keys = token.keys
                if keys in seen or position in covered:
                    continue
                seen.add(keys)
                found = cached(keys)
                if found is None:
                    found = index.stem_postings(keys)
                if found:
                    known.append((token, found))
            self._known = known
        return self._known

    def score_of(self, doc: int, ignore: frozenset[str] = frozenset()) -> float:
        """The score of one document, computed directly (what ``lazy`` scoring defers); words
        with a stem in ``ignore`` do not count."""
        total = 0.0
        own = self.index.keys_of(doc)
        for token, found in self._known_tokens():
            if own.isdisjoint(token.keys) or (ignore and not ignore.isdisjoint(token.keys)):
                continue
            best = max((docs.get(doc, 0.0) * idf for docs, idf, _ in found), default=0.0)
            total += best * token.factor
        for phrase, start in self.phrases:
            weight = phrase.docs.get(doc)
            if weight:
                factor = min(t.factor for t in self.query[start:start + len(phrase.parts)])
                total += weight * self.phrase_bonus * self.index._phrase_idf[id(phrase)] * factor
        return total

    def explain_all(self) -> dict[int, list[Hit]]:
        """``explain`` for every document the query touches, in one pass (for small indexes)."""
        index = self.index
        out: dict[int, list[Hit]] = {}
        for token, found in self._known_tokens():
            best: dict[int, tuple[float, str]] = {}
            for docs, idf, key in found:
                for doc, weight in docs.items():
                    if weight * idf > best.get(doc, (0.0, ""))[0]:
                        best[doc] = (weight * idf, key)
            for doc, (value, key) in best.items():
                out.setdefault(doc, []).append(Hit(index.labels[key], (token.word,), value * token.factor,
                                                   kind="term" if key in index.term_keys else "word"))
        for phrase, start in self.phrases:
            size = len(phrase.parts)
            words = tuple(t.word for t in self.query[start:start + size])
            factor = min(t.factor for t in self.query[start:start + size])
            for doc, weight in phrase.docs.items():
                out.setdefault(doc, []).append(Hit(
                    phrase.label, words, weight * self.phrase_bonus * index._phrase_idf[id(phrase)] * factor,
                    additive=True))
        return out

    def explain(self, doc: int) -> list[Hit]:
        """The words and phrases of the query that count for ``doc``, with their contributions."""
        index = self.index
        hits: list[Hit] = []
        for token, found in self._known_tokens():
            best: tuple[float, str] | None = None
            for docs, idf, key in found:
                weight = docs.get(doc)
                if weight and (best is None or weight * idf > best[0]):
                    best = (weight * idf, key)
            if best is not None:  # Hit(label, words, score, kind=…), made as a plain tuple is
                hits.append(_new_tuple(Hit, (index.labels[best[1]], (token.word,), best[0] * token.factor, False,
                                             "term" if best[1] in index.term_keys else "word")))
        for phrase, start in self.phrases:
            weight = phrase.docs.get(doc)
            if weight:
                size = len(phrase.parts)
                words = tuple(t.word for t in self.query[start:start + size])
                factor = min(t.factor for t in self.query[start:start + size])
                hits.append(Hit(phrase.label, words,
                                weight * self.phrase_bonus * index._phrase_idf[id(phrase)] * factor,
                                additive=True))
        return hits

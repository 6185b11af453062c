"""The texts people labelled (corrections), learned one at a time: the nearest ones vote.

A taught text comes from a reassign or a click on "is it rather…?", added while the bot runs.
A message clearly like corrections that agree goes their way with confidence, even against a
registry keyword; one that merely shares a few words with them is hardly moved.
"""
from __future__ import annotations

import heapq
import math
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.index import MIN_RARITY, Hit, rarity
from knowledge.lexicon import QueryToken
from knowledge.signals import SignalScores
from knowledge.resemblance import (
    CANDIDATES,
    MIN_SHARED,
    MIN_SIMILARITY,
    ConceptWord,
    LabelledExample,
    distinct_evidence,
    query_tokens,
    shortened,
    text_keys,
)
from knowledge.text import normalise

if TYPE_CHECKING:
    from knowledge.concepts import ConceptSignal

LEARNED_CAPACITY = 5000  # taught texts kept (the oldest forgotten first): memory stays bounded
LEARNED_POSTINGS = 128  # a word more taught texts use than this does not pick candidates
NEIGHBOURS = 8  # nearest taught texts that vote
VOTE_SCALE = 20.0  # most a department gets from taught texts: close corrections outweigh the registry
CLEARLY_SIMILAR = 0.55  # similarity at which a taught text's vote is half of its full weight
SIMILARITY_SPREAD = 0.03  # how fast the vote grows around it
VOTE_SATURATION = 1.0  # summed closeness at which a vote is ~63 % of its scale (one text repeated: 0.63)
MIN_VOTE = 0.5  # a smaller vote is left out (nor is it given as a reason)
FEW_TEXTS = 50  # word rarities are taken as among at least this many texts (see _nearest)
_NOTHING = SignalScores()


def closeness(similarity: float) -> float:
    """How much a taught text this similar counts, in (0, 1): little for texts that merely share a
    few words (on the development set, such neighbours were under 0.45, and often of another
    department), nearly fully for a text that repeats most of it (0.6 and above)."""
    return 1.0 / (1.0 + math.exp((CLEARLY_SIMILAR - similarity) / SIMILARITY_SPREAD))


@dataclass(slots=True)
class _Learnt:
    """A taught example with its words' keys (each word a tuple of stems, concepts as "c:…")."""

    example: LabelledExample
    words: list[tuple[str, ...]]
    keys: frozenset[str]


class LearnedExamples:
    """Texts people labelled (corrections), added one at a time; the nearest ones vote.

    Unlike the registry's examples, which are few and written to define a department, taught
    texts pile up and repeat one another: a message close to several corrections that agree is
    routed their way with growing weight, one close to a single correction less so, and one
    whose neighbours disagree hardly at all. Adding a text costs its own words (no rebuild);
    at most ``capacity`` texts are kept, the oldest forgotten first, and teaching a text again
    replaces its label.
    """

    def __init__(self, concepts: ConceptSignal | None = None, capacity: int = LEARNED_CAPACITY):
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.concepts = concepts
        self.capacity = capacity
        self._docs: dict[int, _Learnt] = {}  # oldest first
        self._by_text: dict[str, int] = {}  # normalised text -> its number
        self._postings: dict[str, deque[int]] = {}  # key -> numbers, oldest first
        self._next = 0
        # each key's rarity and each text's norm, computed when first needed and kept until the
        # texts change: between corrections, queries reuse them
        self._weights: dict[str, float] = {}
        self._norms: dict[int, float] = {}
        self._lock = threading.Lock()  # a query never reads a half-added text

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def examples(self) -> list[LabelledExample]:
        """The texts kept, oldest first."""
        return [doc.example for doc in list(self._docs.values())]

    def add(self, example: LabelledExample) -> None:
        """Learn one labelled text (replacing the label of the same text taught before)."""
        key = normalise(example.text)
        if not key:
            return
        words = text_keys(example.text, self.concepts)
        doc = _Learnt(example, words, frozenset(k for keys in words for k in keys))
        with self._lock:
            old = self._by_text.pop(key, None)
            if old is not None:
                self._drop(old, oldest=False)
            number = self._next
            self._next += 1
            self._docs[number] = doc
            self._by_text[key] = number
            for k in doc.keys:
                self._postings.setdefault(k, deque()).append(number)
            while len(self._docs) > self.capacity:
                oldest = next(iter(self._docs))
                self._by_text.pop(normalise(self._docs[oldest].example.text), None)
                self._drop(oldest, oldest=True)
            self._weights = {}
            self._norms = {}

    def _drop(self, number: int, *, oldest: bool) -> None:
        doc = self._docs.pop(number)
        for k in doc.keys:
            posting = self._postings[k]
            if oldest:
                posting.popleft()  # numbers grow: the oldest text is first in each of its postings
            else:
                posting.remove(number)
            if not posting:
                del self._postings[k]

    def nearest(self, query: Sequence[QueryToken]) -> list[tuple[float, LabelledExample, tuple[str, ...]]]:
        """(similarity, example, shared words) of the taught texts close enough, best first."""
        if not self._docs:
            return []
        tokens = query_tokens(query, self.concepts, hints=False)  # taught texts have no hints
        with self._lock:
            return self._nearest(tokens)

    def _nearest(self, tokens: list[QueryToken | ConceptWord]) -> list[tuple[float, LabelledExample, tuple[str, ...]]]:
        # a few texts about one incident all use its words: those are not common words, so
        # rarity is measured as if there were at least FEW_TEXTS texts
        count = max(len(self._docs), FEW_TEXTS)
        postings = self._postings
        idf = self._weights
        norms = self._norms

        def weight(keys: tuple[str, ...]) -> float:
            best = 0.0
            for k in keys:
                value = idf.get(k)
                if value is None:
                    docs = postings.get(k)
                    # a word no taught text uses is as rare as can be: it makes the query unlike them
                    value = idf[k] = rarity(len(docs), count) if docs else 1.0
                best = max(best, value)
            return best

        weights = [weight(t.keys) * t.factor for t in tokens]
        rough: dict[int, float] = {}
        matched: dict[int, list[int]] = {}  # text -> positions of the tokens that picked it
        common: list[int] = []  # positions of tokens too common to pick candidates with
        for position, token in enumerate(tokens):
            lists = [docs for docs in map(postings.get, token.keys) if docs]
            if not lists:
                continue
            if weights[position] < MIN_RARITY or sum(map(len, lists)) > LEARNED_POSTINGS:
                common.append(position)  # a word many taught texts use picks no candidates
                continue
            square = weights[position] ** 2
            for number in set().union(*lists) if len(lists) > 1 else lists[0]:
                rough[number] = rough.get(number, 0.0) + square
                matched.setdefault(number, []).append(position)
        if not rough:
            return []
        query_norm = math.sqrt(sum(w * w for w in weights)) or 1.0
        close = []
        for number in heapq.nlargest(CANDIDATES, rough, key=rough.__getitem__):
            doc = self._docs[number]
            norm = norms.get(number)
            if norm is None:
                norm = norms[number] = math.sqrt(sum(weight(keys) ** 2 for keys in doc.words)) or 1.0
            shared = matched[number] + [p for p in common if not doc.keys.isdisjoint(tokens[p].keys)]
            similarity = sum(weights[p] ** 2 for p in shared) / (query_norm * norm)
            if similarity >= MIN_SIMILARITY and distinct_evidence(tokens, shared) >= MIN_SHARED:
                words = tuple(dict.fromkeys(tokens[p].word for p in shared))
                close.append((similarity, number, doc.example, words))
        close.sort(key=lambda c: (-c[0], -c[1]))  # the most recent first among equals
        return [(s, e, w) for s, _, e, w in close]

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Each department's vote among the nearest taught texts (and each topic's)."""
        near = self.nearest(query)[:NEIGHBOURS]
        if not near:
            return _NOTHING
        dept_votes: dict[int, float] = {}
        topic_votes: dict[int, float] = {}
        closest: dict[int, tuple[float, LabelledExample, tuple[str, ...]]] = {}
        for similarity, example, words in near:
            vote = closeness(similarity)
            dept_votes[example.department] = dept_votes.get(example.department, 0.0) + vote
            if example.topic is not None:
                topic_votes[example.topic] = topic_votes.get(example.topic, 0.0) + vote
            closest.setdefault(example.department, (similarity, example, words))
        total = sum(dept_votes.values()) or 1.0

        def value(votes: float) -> float:
            # agreement times how much close evidence there is, saturating
            return VOTE_SCALE * (votes / total) * (1.0 - math.exp(-votes / VOTE_SATURATION))

        scores = {d: score for d, v in dept_votes.items() if (score := value(v)) >= MIN_VOTE}
        if not scores:
            return _NOTHING

        def explain(d: int) -> list[Hit]:
            if d not in scores:
                return []
            _, example, words = closest[d]
            return [Hit(shortened(example.text), words, scores[d], additive=True, kind=example.label)]

        return SignalScores(scores, lambda t: value(topic_votes.get(t, 0.0)), explain)

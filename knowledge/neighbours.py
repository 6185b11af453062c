"""The example signal: a text that reads like one of the registry's examples goes where that example goes.

Each example of a department or topic is a small labelled document. A query is compared with the
examples that share a word with it (see ``knowledge.resemblance``). Unlike the lexical signal,
which adds up single words, this rewards a text that resembles an example as a whole. The texts
people labelled are read the same way by ``knowledge.learned_examples``.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from knowledge.index import POSTING_CAP, Hit, rarity
from knowledge.lexicon import QueryToken
from knowledge.signals import SignalScores
from knowledge.models import Registry
from knowledge.resemblance import (
    CANDIDATES,
    MIN_SHARED,
    MIN_SIMILARITY,
    LabelledExample,
    distinct_evidence,
    query_tokens,
    shortened,
    text_keys,
)

if TYPE_CHECKING:
    from knowledge.concepts import ConceptSignal

EXAMPLE_SCALE = 6.0  # score of a text identical to an example


class _ExampleIndex:
    """Examples with their stems, postings, rarities and norms; never changed once built."""

    def __init__(self, examples: list[LabelledExample], concepts: ConceptSignal | None = None):
        self.examples = examples
        self._weights: dict[tuple[str, ...], float] = {}  # word_weight, by keys
        self._candidates: dict[tuple[str, ...], tuple[int, ...] | None] = {}  # candidates, by keys
        self._readings: dict[tuple[str, ...], tuple[float, tuple[int, ...] | None]] = {}  # both, by keys
        words = [text_keys(e.text, concepts) for e in examples]
        self.keysets = [frozenset(k for keys in word_keys for k in keys) for word_keys in words]
        postings: dict[str, list[int]] = {}
        for number, keys in enumerate(self.keysets):
            for key in keys:
                postings.setdefault(key, []).append(number)
        count = max(len(examples), 1)
        self.postings = postings
        self.idf = {key: rarity(len(docs), count) for key, docs in postings.items()}
        self.norms = [math.sqrt(sum(self.word_weight(keys) ** 2 for keys in word_keys)) or 1.0
                      for word_keys in words]

    def candidates(self, keys: tuple[str, ...]) -> tuple[int, ...] | None:
        """The examples sharing a word with these keys, None when one of its keys is too common
        (cached; in the order a set of them iterates, as they were always read)."""
        if keys in self._candidates:
            return self._candidates[keys]
        examples: set[int] = set()
        for key in keys:
            docs = self.postings.get(key, ())
            if len(docs) > POSTING_CAP:
                found = None
                break
            examples.update(docs)
        else:
            found = tuple(examples)
        if len(self._candidates) >= 50_000:
            self._candidates.clear()
        self._candidates[keys] = found
        return found

    def reading(self, keys: tuple[str, ...]) -> tuple[float, tuple[int, ...] | None]:
        """``word_weight`` and ``candidates`` of a word, with one look-up (cached)."""
        found = self._readings.get(keys)
        if found is None:
            if len(self._readings) >= 50_000:
                self._readings.clear()
            found = self._readings[keys] = (self.word_weight(keys), self.candidates(keys))
        return found

    def word_weight(self, keys: tuple[str, ...]) -> float:
        """How rare a word is among the examples (its best stem)."""
        weight = self._weights.get(keys)
        if weight is None:
            if len(self._weights) >= 50_000:
                self._weights.clear()
            weight = self._weights[keys] = max((self.idf.get(k, 0.0) for k in keys), default=0.0)
        return weight


class ExampleSignal:
    """Nearest labelled examples, by cosine similarity over rarity-weighted stems."""

    def __init__(self, registry: Registry, extra: Iterable[LabelledExample] = (),
                 concepts: ConceptSignal | None = None):
        self.concepts = concepts
        examples: list[LabelledExample] = []
        topic_no = 0
        for d, dept in enumerate(registry.departments):
            examples += [LabelledExample(e, d) for e in dept.examples]
            for topic in dept.topics:
                examples += [LabelledExample(e, d, topic_no) for e in topic.examples]
                topic_no += 1
        self._index = _ExampleIndex(examples + list(extra), concepts)

    @property
    def examples(self) -> list[LabelledExample]:
        """Every example known, the registry's first."""
        return self._index.examples

    def nearest(self, query: Sequence[QueryToken]) -> list[tuple[float, int, tuple[str, ...]]]:
        """(similarity, example number, shared words) of the examples close enough, best first.

        Candidates are the examples sharing a word used by at most ``POSTING_CAP`` examples
        (common words alone never make two texts alike); the best of them are then compared in
        full.
        """
        return self._nearest(self._index, query)

    def _nearest(self, index: _ExampleIndex, query: Sequence[QueryToken]) -> list[tuple[float, int, tuple[str, ...]]]:
        tokens = query_tokens(query, self.concepts)
        cached = index._readings.get  # reading(), without its call once a word is cached
        readings = [cached(t.keys) or index.reading(t.keys) for t in tokens]
        weights = [weight * t.factor for (weight, _), t in zip(readings, tokens)]
        rough: dict[int, float] = {}
        matched: dict[int, list[int]] = {}  # example -> positions of the rare tokens it shares
        common: list[int] = []  # positions of tokens too common to look for candidates with
        for position, (_, examples) in enumerate(readings):
            if examples is not None:
                square = weights[position] ** 2
                for number in examples:
                    rough[number] = rough.get(number, 0.0) + square
                    matched.setdefault(number, []).append(position)
                continue
            common.append(position)
        if not rough:
            return []
        query_norm = math.sqrt(sum([w * w for w in weights])) or 1.0  # a list: summed alike, made faster
        common_square = sum(weights[p] ** 2 for p in common)
        close = []
        for number in heapq.nlargest(CANDIDATES, rough, key=rough.__getitem__):
            if (rough[number] + common_square) < MIN_SIMILARITY * query_norm * index.norms[number]:
                continue  # even sharing every common word, it would not be close enough
            keys = index.keysets[number]
            shared = matched[number] + [p for p in common if not keys.isdisjoint(tokens[p].keys)]
            similarity = sum(weights[p] ** 2 for p in shared) / (query_norm * index.norms[number])
            if similarity >= MIN_SIMILARITY and distinct_evidence(tokens, shared) >= MIN_SHARED:
                close.append((similarity, number, tuple(tokens[p].word for p in sorted(shared))))
        return sorted(close, reverse=True)

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Department and topic scores from the most similar examples of each."""
        index = self._index
        best_dept: dict[int, tuple[float, int, tuple[str, ...]]] = {}
        best_topic: dict[int, tuple[float, int, tuple[str, ...]]] = {}
        for similarity, number, words in self._nearest(index, query):
            example = index.examples[number]
            best_dept.setdefault(example.department, (similarity, number, words))
            if example.topic is not None:
                best_topic.setdefault(example.topic, (similarity, number, words))
        if not best_dept:
            return SignalScores()

        def value(similarity: float) -> float:
            return EXAMPLE_SCALE * (similarity - MIN_SIMILARITY) / (1.0 - MIN_SIMILARITY)

        def explain(found: dict[int, tuple[float, int, tuple[str, ...]]], doc: int) -> list[Hit]:
            if doc not in found:
                return []
            similarity, number, words = found[doc]
            example = index.examples[number]
            return [Hit(shortened(example.text), words, value(similarity), additive=True, kind=example.label)]

        return SignalScores(
            {d: value(s) for d, (s, _, _) in best_dept.items()},
            lambda t: value(best_topic[t][0]) if t in best_topic else 0.0,
            lambda d: explain(best_dept, d),
            lambda t: explain(best_topic, t),
        )

"""The example signal: a text that reads like a known example goes where that example goes.

Each example is a small labelled document: the registry's own ``examples`` (of departments and
topics) and, through ``add``, any labelled text such as a correction a person made. A query is
compared with every example that shares a word with it (cosine similarity of their
rarity-weighted stems, and of the thesaurus concepts they name, so "tout est down depuis 10 h"
resembles "la plateforme est en panne"); the department of the nearest examples scores in
proportion to how close they are. Unlike the lexical signal, which adds up single words, this one rewards a text
that resembles one example as a whole, so a near-copy of a registry example is routed with
confidence, and a message like one a person already rerouted follows the same way.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.index import POSTING_CAP, Hit, QueryToken, rarity
from knowledge.matching import SignalScores
from knowledge.models import Registry

if TYPE_CHECKING:
    from knowledge.concepts import ConceptSignal
from knowledge.text import analyse

EXAMPLE_SCALE = 6.0  # score of a text identical to an example
MIN_SIMILARITY = 0.3  # below this a resemblance is a coincidence of words
MIN_SHARED = 2  # nor is one shared word, however rare (words like "tweet" or "post" not counted)
CANDIDATES = 16  # examples compared in full per query
SHORT = 50  # characters of an example quoted in an explanation


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """A text and where it belongs: a department index and maybe a topic index."""

    text: str
    department: int
    topic: int | None = None
    label: str = "example"


class _ExampleIndex:
    """Examples with their stems, postings, rarities and norms; never changed once built."""

    def __init__(self, examples: list[LabelledExample], concepts: ConceptSignal | None = None):
        self.examples = examples
        self._weights: dict[tuple[str, ...], float] = {}  # word_weight, by keys
        self._candidates: dict[tuple[str, ...], tuple[int, ...] | None] = {}  # candidates, by keys
        words = [list(dict.fromkeys(t.keys for t in analyse(e.text))) for e in examples]
        if concepts is not None:  # the concepts an example names count like its words
            for word_keys, example in zip(words, examples):
                word_keys.extend((f"c:{c}",) for c in concepts.concepts_of(example.text))
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

    def add(self, examples: Iterable[LabelledExample]) -> None:
        """Learn more labelled examples; the new index replaces the old one in a single step, so
        a query running meanwhile reads one or the other, never a mix."""
        self._index = _ExampleIndex(self._index.examples + list(examples), self.concepts)

    def nearest(self, query: Sequence[QueryToken]) -> list[tuple[float, int, tuple[str, ...]]]:
        """(similarity, example number, shared words) of the examples close enough, best first.

        Candidates are the examples sharing a word used by at most ``POSTING_CAP`` examples
        (common words alone never make two texts alike); the best of them are then compared in
        full.
        """
        return self._nearest(self._index, query)

    def _nearest(self, index: _ExampleIndex, query: Sequence[QueryToken]) -> list[tuple[float, int, tuple[str, ...]]]:
        tokens = list({t.keys: t for t in query}.values())
        if self.concepts is not None:
            tokens += [QueryToken(seen.words[0], (f"c:{c}",), min(seen.strength, 1.0))
                       for c, seen in self.concepts.evoke(query).items() if c == seen.source]
        weights = [index.word_weight(t.keys) * t.factor for t in tokens]
        rough: dict[int, float] = {}
        matched: dict[int, list[int]] = {}  # example -> positions of the rare tokens it shares
        common: list[int] = []  # positions of tokens too common to look for candidates with
        for position, token in enumerate(tokens):
            examples = index.candidates(token.keys)
            if examples is not None:
                square = weights[position] ** 2
                for number in examples:
                    rough[number] = rough.get(number, 0.0) + square
                    matched.setdefault(number, []).append(position)
                continue
            common.append(position)
        if not rough:
            return []
        query_norm = math.sqrt(sum(w * w for w in weights)) or 1.0
        common_square = sum(weights[p] ** 2 for p in common)
        close = []
        for number in heapq.nlargest(CANDIDATES, rough, key=rough.__getitem__):
            if (rough[number] + common_square) < MIN_SIMILARITY * query_norm * index.norms[number]:
                continue  # even sharing every common word, it would not be close enough
            keys = index.keysets[number]
            shared = matched[number] + [p for p in common if not keys.isdisjoint(tokens[p].keys)]
            strong = sum(1 for p in shared if tokens[p].factor >= 0.5)
            similarity = sum(weights[p] ** 2 for p in shared) / (query_norm * index.norms[number])
            if similarity >= MIN_SIMILARITY and strong >= MIN_SHARED:
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
            text = " ".join(example.text.split())
            short = text if len(text) <= SHORT else text[:SHORT - 1].rstrip() + "…"
            return [Hit(short, words, value(similarity), additive=True, kind=example.label)]

        return SignalScores(
            {d: value(s) for d, (s, _, _) in best_dept.items()},
            lambda t: value(best_topic[t][0]) if t in best_topic else 0.0,
            lambda d: explain(best_dept, d),
            lambda t: explain(best_topic, t),
        )

"""The example signal: a text that reads like a known example goes where that example goes.

Each example is a small labelled document. A query is compared with the examples that share a
word with it (cosine similarity of their rarity-weighted stems, and of the thesaurus concepts they
name, so "tout est down depuis 10 h" resembles "la plateforme est en panne"). Unlike the lexical
signal, which adds up single words, this rewards a text that resembles an example as a whole.

Two signals read examples: ``ExampleSignal``, the registry's own ``examples`` (of departments and
topics), fixed for the registry; and ``LearnedExamples``, the texts people labelled (a reassign, a
click on "is it rather…?"), added one at a time while the bot runs. A message clearly like
corrections that agree goes their way with confidence, even against a registry keyword; one that
merely shares a few words with them is hardly moved.
"""
from __future__ import annotations

import heapq
import math
import threading
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from knowledge.index import MIN_RARITY, POSTING_CAP, Hit, rarity
from knowledge.lexicon import QueryToken
from knowledge.matching import SignalScores
from knowledge.models import Registry
from knowledge.text import analyse, normalise

if TYPE_CHECKING:
    from knowledge.concepts import ConceptSignal

EXAMPLE_SCALE = 6.0  # score of a text identical to an example
MIN_SIMILARITY = 0.3  # below this a resemblance is a coincidence of words
MIN_SHARED = 2  # nor is one shared word, however rare (words like "tweet" or "post" not counted)
CANDIDATES = 16  # examples compared in full per query
SHORT = 50  # characters of an example quoted in an explanation
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


def _word_keys(text: str, concepts: ConceptSignal | None) -> list[tuple[str, ...]]:
    """The keys of each distinct word of ``text``, then one key per thesaurus concept it names."""
    words = list(dict.fromkeys(t.keys for t in analyse(text)))
    if concepts is not None:  # the concepts a text names count like its words
        words.extend((f"c:{c}",) for c in concepts.concepts_of(text))
    return words


class _ConceptWord(NamedTuple):
    """A concept a query names, read like one of its words (a named tuple: cheap to make)."""

    word: str  # the word that names it
    keys: tuple[str, ...]  # its one key, "c:<number>"
    factor: float


_CONCEPT_KEYS: dict[int, tuple[str, ...]] = {}  # concept number -> its key, made once


def _concept_keys(concept: int) -> tuple[str, ...]:
    keys = _CONCEPT_KEYS.get(concept)
    if keys is None:
        keys = _CONCEPT_KEYS[concept] = (f"c:{concept}",)
    return keys


def _query_tokens(query: Sequence[QueryToken], concepts: ConceptSignal | None, *,
                  hints: bool = True) -> list[QueryToken | _ConceptWord]:
    """The query's distinct words, then the concepts they name (under the word that names them);
    without ``hints``, the words the severity rules added and what only they evoke are left out."""
    distinct = {t.keys: t for t in query} if hints else {t.keys: t for t in query if not t.hint}
    tokens: list[QueryToken | _ConceptWord] = list(distinct.values())
    if concepts is not None:
        tokens += [_ConceptWord(seen.words[0], _concept_keys(c), min(seen.strength, 1.0))
                   for c, seen in concepts.evoke(query).items()
                   if c == seen.source and (hints or not seen.hinted)]
    return tokens


def closeness(similarity: float) -> float:
    """How much a taught text this similar counts, in (0, 1): little for texts that merely share a
    few words (on the development set, such neighbours were under 0.45, and often of another
    department), nearly fully for a text that repeats most of it (0.6 and above)."""
    return 1.0 / (1.0 + math.exp((CLEARLY_SIMILAR - similarity) / SIMILARITY_SPREAD))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[:SHORT - 1].rstrip() + "…"


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
        self._readings: dict[tuple[str, ...], tuple[float, tuple[int, ...] | None]] = {}  # both, by keys
        words = [_word_keys(e.text, concepts) for e in examples]
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
        tokens = _query_tokens(query, self.concepts)
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
            return [Hit(_short(example.text), words, value(similarity), additive=True, kind=example.label)]

        return SignalScores(
            {d: value(s) for d, (s, _, _) in best_dept.items()},
            lambda t: value(best_topic[t][0]) if t in best_topic else 0.0,
            lambda d: explain(best_dept, d),
            lambda t: explain(best_topic, t),
        )


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
        words = _word_keys(example.text, self.concepts)
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
        tokens = _query_tokens(query, self.concepts, hints=False)  # taught texts have no hints
        with self._lock:
            return self._nearest(tokens)

    def _nearest(self, tokens: list[QueryToken | _ConceptWord]) -> list[tuple[float, LabelledExample, tuple[str, ...]]]:
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
            # a word and the concept it names are one piece of evidence, not two
            strong = {tokens[p].word for p in shared if tokens[p].factor >= 0.5}
            if similarity >= MIN_SIMILARITY and len(strong) >= MIN_SHARED:
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
            return [Hit(_short(example.text), words, scores[d], additive=True, kind=example.label)]

        return SignalScores(scores, lambda t: value(topic_votes.get(t, 0.0)), explain)

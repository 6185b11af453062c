"""Rank a registry's departments and topics for a text, with a calibrated confidence and the why.

Everything the registry says about a department is indexed once, with a weight per field:

    keywords (and topic keywords)  strongest: the registry's own routing vocabulary
    names (department, topic)      strong
    description                    medium
    examples                       weak: whole sentences, most of their words are incidental

A text is read into stemmed tokens (typos in long words forgiven), and every *signal* scores the
departments and topics its words touch: the lexical signal here, the concept signal of
``knowledge.concepts`` (both sides mapped onto a built-in thesaurus), and any other object with
the same ``score`` method (labelled examples learnt from corrections, for instance). Scores add
up; a topic is picked inside the winning department when its own evidence is strong enough.

Confidence combines how much evidence the winner has with how far it stands from the runner-up:
a single weak word, or two departments neck and neck, gives a low confidence, and below
``CONFIDENT_AT`` the router hands the text to triage instead of guessing.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from knowledge.index import Hit, Lexicon, QueryToken, TermIndex
from knowledge.models import Registry

KEYWORD = 3.0
KEYWORD_WORD = 1.5  # each word of a multi-word keyword, on top of the phrase itself
NAME = 2.5
TOPIC_TERM_FOR_DEPARTMENT = 0.9  # a topic's evidence also counts for its department, a bit less
DESCRIPTION = 1.5
EXAMPLE = 1.0
PHRASE_BONUS = 1.0

EVIDENCE_SCALE = 2.2  # score at which evidence is ~63 % "enough"
CONFIDENT_AT = 0.45
TOPIC_MIN = 1.4  # a topic needs about one good word of its own
ALTERNATIVES = 3


class Signal(Protocol):
    """Anything that scores departments and topics of one registry for a query."""

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Scores and hits per department index and per topic index."""
        ...


@dataclass(slots=True)
class SignalScores:
    """What one signal found: scores and hits keyed by department index and by topic index."""

    departments: dict[int, float] = field(default_factory=dict)
    department_hits: dict[int, list[Hit]] = field(default_factory=dict)
    topics: dict[int, float] = field(default_factory=dict)
    topic_hits: dict[int, list[Hit]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TopicRef:
    """A topic's place in the registry: its department index and ids."""

    department: int
    department_id: str
    topic_id: str


@dataclass(slots=True)
class Candidate:
    """A department (and maybe a topic) with its score, confidence and the hits that decided."""

    department: str
    topic: str | None
    score: float
    confidence: float = 0.0
    hits: list[Hit] = field(default_factory=list)

    def matched(self, limit: int = 8) -> list[str]:
        """The index terms that weighed most for this candidate, strongest first, no repeats."""
        best: dict[str, float] = {}
        for hit in self.hits:
            best[hit.label] = best.get(hit.label, 0.0) + hit.score
        ordered = sorted(best.items(), key=lambda kv: -kv[1])
        return [label for label, _ in ordered[:limit]]


@dataclass(slots=True)
class Ranking:
    """The outcome of matching one text: best candidate first."""

    candidates: list[Candidate]
    tokens: list[QueryToken]

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any department matched at all."""
        return self.candidates[0] if self.candidates else None

    @property
    def confident(self) -> bool:
        """True when the top candidate is clear enough to route to without asking."""
        return bool(self.candidates) and self.candidates[0].confidence >= CONFIDENT_AT


class LexicalSignal:
    """Word and phrase overlap between the text and what the registry says about each department."""

    def __init__(self, registry: Registry, lexicon: Lexicon):
        self.departments = TermIndex(lexicon)
        self.topics = TermIndex(lexicon)
        topic_no = 0
        for d, dept in enumerate(registry.departments):
            self.departments.add_words(d, dept.name, NAME)
            self.departments.add_words(d, dept.description, DESCRIPTION)
            for example in dept.examples:
                self.departments.add_words(d, example, EXAMPLE)
            for keyword in dept.keywords:
                self.departments.add_term(d, keyword, KEYWORD, word_weight=KEYWORD_WORD)
            for topic in dept.topics:
                self._add_topic(topic_no, d, topic)
                topic_no += 1
        self.departments.finish(len(registry.departments))
        self.topics.finish(max(topic_no, 1))

    def _add_topic(self, t: int, d: int, topic) -> None:
        ratio = TOPIC_TERM_FOR_DEPARTMENT
        for index, scale in ((self.topics, 1.0), (self.departments, ratio)):
            doc = t if index is self.topics else d
            index.add_words(doc, topic.name, NAME * scale)
            for keyword in topic.keywords:
                index.add_term(doc, keyword, KEYWORD * scale, word_weight=KEYWORD_WORD * scale)
            for example in topic.examples:
                index.add_words(doc, example, EXAMPLE * scale)

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Department and topic scores from shared words and phrases."""
        depts, dept_hits = self.departments.score(query, phrase_bonus=PHRASE_BONUS)
        topics, topic_hits = self.topics.score(query, phrase_bonus=PHRASE_BONUS)
        return SignalScores(depts, dept_hits, topics, topic_hits)


def evidence(score: float) -> float:
    """How much a score of this size is enough evidence on its own, in [0, 1)."""
    return 1.0 - math.exp(-max(score, 0.0) / EVIDENCE_SCALE)


class Matcher:
    """Ranks departments and topics of one registry; built once, then used for every query."""

    def __init__(self, registry: Registry, lexicon: Lexicon | None = None,
                 signals: Sequence[tuple[float, Signal]] = ()):
        self.registry = registry
        self.lexicon = lexicon or Lexicon()
        self.department_ids = [d.id for d in registry.departments]
        self.topic_refs = [TopicRef(d, dept.id, t.id)
                           for d, dept in enumerate(registry.departments) for t in dept.topics]
        self.signals: list[tuple[float, Signal]] = [(1.0, LexicalSignal(registry, self.lexicon))]
        self.signals.extend(signals)

    def add_signal(self, signal: Signal, weight: float = 1.0) -> None:
        """Let another signal (concepts, learnt examples) vote, with this weight."""
        self.signals.append((weight, signal))

    def rank(self, text: str) -> Ranking:
        """All matching departments, best first, each with its topic, confidence and hits."""
        query = self.lexicon.read(text)
        dept_scores: dict[int, float] = {}
        dept_hits: dict[int, list[Hit]] = {}
        topic_scores: dict[int, float] = {}
        topic_hits: dict[int, list[Hit]] = {}
        for weight, signal in self.signals:
            found = signal.score(query)
            _merge(dept_scores, dept_hits, found.departments, found.department_hits, weight)
            _merge(topic_scores, topic_hits, found.topics, found.topic_hits, weight)
        best_topic: dict[int, tuple[int, float]] = {}
        for t, value in topic_scores.items():
            d = self.topic_refs[t].department
            if value >= TOPIC_MIN and value > best_topic.get(d, (-1, 0.0))[1]:
                best_topic[d] = (t, value)
        order = sorted(dept_scores, key=lambda d: (-dept_scores[d], d))
        candidates: list[Candidate] = []
        for d in order:
            topic_id = None
            hits = list(dept_hits.get(d, ()))
            if d in best_topic:
                t = best_topic[d][0]
                topic_id = self.topic_refs[t].topic_id
                hits.extend(topic_hits.get(t, ()))
            candidates.append(Candidate(self.department_ids[d], topic_id, dept_scores[d], hits=hits))
        _calibrate(candidates)
        return Ranking(candidates, query)


def _merge(scores: dict[int, float], hits: dict[int, list[Hit]],
           new_scores: dict[int, float], new_hits: dict[int, list[Hit]], weight: float) -> None:
    for key, value in new_scores.items():
        scores[key] = scores.get(key, 0.0) + weight * value
    for key, found in new_hits.items():
        hits.setdefault(key, []).extend(
            found if weight == 1.0 else [Hit(h.label, h.words, h.score * weight) for h in found])


def _calibrate(candidates: list[Candidate]) -> None:
    """Give each candidate a confidence: its evidence times its lead over the others."""
    if not candidates:
        return
    top = candidates[: ALTERNATIVES + 1]
    total = sum(c.score for c in top)
    for i, cand in enumerate(top):
        rival = top[1].score if i == 0 and len(top) > 1 else (top[0].score if i else 0.0)
        lead = (cand.score - rival) / cand.score if cand.score > 0 and i == 0 else 0.0
        share = cand.score / total if total > 0 else 0.0
        cand.confidence = round(evidence(cand.score) * (0.5 * share + 0.5 * max(lead, 0.0)), 3)

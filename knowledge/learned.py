"""The learnt signal: corrections shift the evidence of the words and concepts that misled the engine.

A correction (``Router.learn``) is a text and the department (maybe the topic) a person chose.
The example signal (``knowledge.neighbours``) recognises a later text that resembles one
correction as a whole; this signal generalises from all of them, the way a perceptron learns:
when the engine would not have answered the chosen department confidently, every word and
thesaurus concept of the text counts a little more for the chosen department and, if the engine
preferred another one, a little less for that one. A text the engine already routes right
teaches nothing, so confirmations do not pile up on common words, and words that mislead in
both directions cancel out. Each adjustment is bounded, so no pile of corrections can make a
word overrule a registry keyword on its own.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.concepts import ConceptSignal
from knowledge.index import Hit, QueryToken
from knowledge.matching import SignalScores

STEP = 0.3  # how much one correction moves a word's or a concept's evidence
BOUND = 1.2  # the most a word or a concept can gain or lose for one department
LABEL = "learned from corrections"


@dataclass(frozen=True, slots=True)
class Lesson:
    """One correction as the signal learns it: the text's features, the chosen department and
    topic, and the department the engine preferred instead (if any)."""

    features: dict[str, float]  # word or concept -> how strongly the text has it
    words: dict[str, tuple[str, ...]]  # feature -> the text's words, for explanations
    department: int
    topic: int | None
    rival: int | None


class LearnedSignal:
    """Per word and concept, the evidence corrections added to or took from departments."""

    def __init__(self, concepts: ConceptSignal | None = None,
                 word_weight: Callable[[tuple[str, ...]], float] = lambda keys: 1.0):
        self.concepts = concepts
        self.word_weight = word_weight
        self._departments: dict[str, dict[int, float]] = {}
        self._topics: dict[str, dict[int, float]] = {}

    def features(self, query: Sequence[QueryToken]) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
        """The features of a query: its distinct words (by stems) and the concepts it names."""
        found: dict[str, float] = {}
        words: dict[str, tuple[str, ...]] = {}
        for token in query:
            if token.hint or token.factor < 0.5:
                continue  # hint words and "tweet"-like words say little about the department
            key = "w:" + " ".join(token.keys)
            found[key] = max(found.get(key, 0.0), min(1.0, self.word_weight(token.keys)))
            words[key] = (token.word,)
        if self.concepts is not None:
            for concept, seen in self.concepts.evoke(query).items():
                if seen.source == concept and not seen.hinted:
                    key = f"c:{concept}"
                    found[key] = max(found.get(key, 0.0), min(1.0, seen.strength))
                    words[key] = seen.words
        return found, words

    def learn(self, lesson: Lesson) -> None:
        """Shift the evidence of the lesson's features (copy-on-write: a query running meanwhile
        reads the old tables or the new ones, never half of each)."""
        departments = {k: dict(v) for k, v in self._departments.items()}
        topics = {k: dict(v) for k, v in self._topics.items()}
        for feature, value in lesson.features.items():
            _shift(departments, feature, lesson.department, STEP * value)
            if lesson.rival is not None and lesson.rival != lesson.department:
                _shift(departments, feature, lesson.rival, -STEP * value)
            if lesson.topic is not None:
                _shift(topics, feature, lesson.topic, STEP * value)
        self._departments, self._topics = departments, topics

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Department and topic adjustments for a text, from the corrections learnt so far."""
        departments, topics = self._departments, self._topics
        if not departments:
            return SignalScores()
        features, words = self.features(query)

        def adjust(table: dict[str, dict[int, float]]) -> dict[int, list[Hit]]:
            out: dict[int, list[Hit]] = {}
            for feature, value in features.items():
                for doc, weight in table.get(feature, {}).items():
                    out.setdefault(doc, []).append(
                        Hit(LABEL, words[feature], weight * value, additive=True, kind="learned"))
            return out

        by_department = adjust(departments)
        by_topic = adjust(topics) if topics else {}
        return SignalScores(
            {d: sum(h.score for h in hits) for d, hits in by_department.items()},
            lambda t: sum(h.score for h in by_topic.get(t, [])),
            lambda d: by_department.get(d, []),
            lambda t: by_topic.get(t, []),
        )


def _shift(table: dict[str, dict[int, float]], feature: str, doc: int, step: float) -> None:
    docs = table.setdefault(feature, {})
    docs[doc] = max(-BOUND, min(BOUND, docs.get(doc, 0.0) + step))

"""What a signal is: anything that scores a registry's departments and topics for a query.

The lexical signal (``knowledge.lexical``), the concept signal (``knowledge.concepts``) and the
example signals (``knowledge.neighbours``, ``knowledge.learned_examples``) all answer with
``SignalScores``; ``knowledge.matching`` sums them and keeps the few candidates worth explaining.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from knowledge.index import Hit
from knowledge.lexicon import QueryToken


class Signal(Protocol):
    """Anything that scores departments and topics of one registry for a query."""

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Scores per department index and per topic index, able to explain themselves."""
        ...


def _no_hits(_: int) -> list[Hit]:
    return []


def _no_score(_: int) -> float:
    return 0.0


@dataclass(slots=True)
class SignalScores:
    """What one signal found for one query: a score per department index, and on demand the
    score of a topic (by topic index) and the explanations, for the few candidates kept."""

    departments: dict[int, float] = field(default_factory=dict)
    topic_score: Callable[[int], float] = _no_score
    explain_department: Callable[[int], list[Hit]] = _no_hits
    explain_topic: Callable[[int], list[Hit]] = _no_hits
    concepts: dict[int, bool] = field(default_factory=dict)  # concepts the text names -> by hint words only
    phrased: frozenset[str] = frozenset()  # words read as part of a longer thesaurus phrase
    off_duty: tuple[str, ...] = ()  # the text's words naming what no department handles (a farewell party…)

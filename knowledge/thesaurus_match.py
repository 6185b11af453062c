"""A thesaurus compiled for matching: terms as token tuples, found in a text longest first.

Matching is done on normalised tokens, so terms are compared with the same folding and stemming
as the text; multi-word terms match as consecutive token sequences, longest first, and a token is
used by at most one term.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.thesaurus import Thesaurus

log = logging.getLogger(__name__)

Normalise = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One term found in a token list: which concept, which term, where."""

    concept: str
    term: str  # the term as written in the thesaurus
    start: int  # index of its first token
    length: int  # number of tokens


class CompiledThesaurus:
    """A thesaurus whose terms are token tuples, for fast lookup in normalised text."""

    def __init__(self, thesaurus: Thesaurus, normalise: Normalise):
        self.thesaurus = thesaurus
        # phrase -> [(concept id, term as written)], first spelling per concept wins
        phrases: dict[tuple[str, ...], dict[str, str]] = {}
        self.empty_terms: list[tuple[str, str]] = []  # (concept, term) that normalise to nothing
        for concept in thesaurus.concepts.values():
            for term in concept.terms:
                tokens = tuple(normalise(term))
                if not tokens:
                    self.empty_terms.append((concept.id, term))
                    continue
                phrases.setdefault(tokens, {}).setdefault(concept.id, term)
        if self.empty_terms:
            log.debug("thesaurus terms without any token after normalisation: %s", self.empty_terms)
        self.phrases: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {
            p: tuple(owners.items()) for p, owners in phrases.items()
        }
        # first token -> {phrase length -> phrases}; lengths are tried longest first, so
        # "mot de passe volé" wins over "mot de passe", at one set lookup per length
        index: dict[str, dict[int, set[tuple[str, ...]]]] = {}
        for phrase in self.phrases:
            index.setdefault(phrase[0], {}).setdefault(len(phrase), set()).add(phrase)
        self._index: dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]] = {
            first: tuple((size, frozenset(group)) for size, group in sorted(by_size.items(), reverse=True))
            for first, by_size in index.items()
        }

    def _scan(self, tokens: list[str]) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(start, phrase) of every phrase found, left to right, longest first, without overlap."""
        n = len(tokens)
        i = 0
        while i < n:
            step = 1
            for size, group in self._index.get(tokens[i], ()):
                if i + size > n:
                    continue
                phrase = tuple(tokens[i : i + size])
                if phrase in group:
                    yield i, phrase
                    step = size
                    break
            i += step

    def matches(self, tokens: list[str]) -> list[TermMatch]:
        """Every term occurrence in ``tokens``, scanning left to right, longest term first, no overlap."""
        return [
            TermMatch(cid, term, start, len(phrase))
            for start, phrase in self._scan(tokens)
            for cid, term in self.phrases[phrase]
        ]

    def lookup(self, tokens: list[str]) -> dict[str, float]:
        """Concept id -> weight, the number of term occurrences found (one occurrence gives 1.0)."""
        weights: dict[str, float] = {}
        for _, phrase in self._scan(tokens):
            for cid, _term in self.phrases[phrase]:
                weights[cid] = weights.get(cid, 0.0) + 1.0
        return weights

    def matched_terms(self, tokens: list[str]) -> dict[str, list[str]]:
        """Concept id -> the thesaurus terms found for it, in text order, for explanations."""
        out: dict[str, list[str]] = {}
        for match in self.matches(tokens):
            terms = out.setdefault(match.concept, [])
            if match.term not in terms:
                terms.append(match.term)
        return out

    def shared_phrases(self) -> dict[tuple[str, ...], list[str]]:
        """Normalised phrases that belong to more than one concept (ambiguous words), for review."""
        return {p: [cid for cid, _ in owners] for p, owners in self.phrases.items() if len(owners) > 1}

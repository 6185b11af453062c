"""The registry's own priorities: ``settings.precedence`` rules that settle overlaps between departments.

    settings:
      precedence:
        - when: [journaliste, journalist]     # a text that says one of these...
          prefer: press                       # ...goes to this department, whatever its subject

Rules are tried in the order written. A rule applies when one of its terms is in the text and
its department is among the plausible candidates (it has evidence of its own in the text): that
department then comes first, and the rule is named in the explanation. A term that the
built-in thesaurus lists matches through its concept, so ``journaliste`` also catches "pigiste"
and "reporter", and ``menace`` is not fooled by "menace de procès" (a lawsuit threat, another
concept); any other term matches like a registry keyword (stems, phrases, small typos). Only the
rule's own words (``Applied.literal``) make the answer confident: a concept may be wider than the
rule meant, so another word of it leaves the certainty to the evidence. Words
the severity rules add for an incident they recognised ("je sais où elle habite" is a threat)
count too.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.concept_index import ConceptIndex
from knowledge.lexicon import QueryToken, is_dictionary_word
from knowledge.models import Registry
from knowledge.reasons import Reason, rule_reason
from knowledge.text import acronym_of, term_tokens


@dataclass(frozen=True, slots=True)
class Rule:
    """One precedence rule, ready for matching."""

    department: int  # index of the preferred department
    department_id: str
    terms: tuple[str, ...]
    phrases: tuple[tuple[str, tuple[frozenset[str], ...]], ...]  # (term, stem sets) matched on words
    concepts: tuple[tuple[str, frozenset[int], tuple[frozenset[str], ...]], ...]  # (term, concepts it names, its stem sets)


@dataclass(frozen=True, slots=True)
class Applied:
    """A rule whose terms the text contains, with the term that matched."""

    rule: Rule
    term: str
    hinted: bool = False  # matched only through the severity rules' hint words
    literal: bool = True  # the text has the rule's own term (in any inflection), not only another word of its concept
    concept: str = ""  # when not literal, the name of the concept the text shares with the term

    def label(self, department_name: str) -> Reason:
        """How the rule reads in an explanation (with the subject it was met through, when the
        text does not say the rule's own word)."""
        return rule_reason(self.term, department_name, self.concept)


class Precedence:
    """The precedence rules of one registry."""

    def __init__(self, registry: Registry, concepts: ConceptIndex | None = None):
        number = {d.id: i for i, d in enumerate(registry.departments)}
        language = registry.settings.language
        self._label = (lambda n: concepts.label(n, language)) if concepts is not None else str
        self.rules: list[Rule] = []
        self.acronyms: set[str] = set()  # the rules' acronyms, which the matcher's lexicon must key
        for spec in registry.settings.precedence:
            if spec.prefer not in number:
                continue  # validation refuses such a registry; an in-memory one is read leniently
            phrases, named = [], []
            for term in spec.when:
                found = concepts.concepts_named(term) if concepts is not None else ()
                tokens = term_tokens(term, is_dictionary_word)
                parts = tuple(frozenset(t.keys) for t in tokens)
                self.acronyms.update(word for word in map(acronym_of, tokens) if word)
                if found:
                    named.append((term, frozenset(found), parts))
                    continue
                if parts:
                    phrases.append((term, parts))
            self.rules.append(Rule(number[spec.prefer], spec.prefer, tuple(spec.when), tuple(phrases), tuple(named)))

    def __bool__(self) -> bool:
        return bool(self.rules)

    def matching(self, query: Sequence[QueryToken], concepts: Mapping[int, bool]) -> list[Applied]:
        """The rules that the text triggers, in the registry's order.

        ``concepts`` are the concepts the text evokes by its own words or hints (concept number ->
        evoked by hint words only).
        """
        out: list[Applied] = []
        for rule in self.rules:
            applied = self._match(rule, query, concepts, self._label)
            if applied is not None:
                out.append(applied)
        return out

    @staticmethod
    def _match(rule: Rule, query: Sequence[QueryToken], concepts: Mapping[int, bool],
               label: Callable[[int], str]) -> Applied | None:
        through_concept = None  # the first term met only through another word of its concept
        for term, named, parts in rule.concepts:
            hit = [c for c in sorted(named) if c in concepts]
            if hit:
                if _found(parts, query, own=True) is not None:
                    return Applied(rule, term, hinted=False)
                if through_concept is None:
                    through_concept = Applied(rule, term, hinted=all(concepts[c] for c in hit), literal=False,
                                              concept=label(hit[0]))
        for term, parts in rule.phrases:
            window = _found(parts, query)
            if window is not None:
                return Applied(rule, term, hinted=all(t.hint for t in window))
        return through_concept


def _found(parts: tuple[frozenset[str], ...], query: Sequence[QueryToken], *,
           own: bool = False) -> Sequence[QueryToken] | None:
    """The words of ``query`` that say a term (its stem sets, in order), if any; with ``own``,
    only the text's own words count, not the hint words the severity rules added."""
    size = len(parts)
    if not size:
        return None
    for start in range(len(query) - size + 1):
        window = query[start:start + size]
        if own and any(t.hint for t in window):
            continue
        if all(not parts[j].isdisjoint(window[j].keys) for j in range(size)):
            return window
    return None

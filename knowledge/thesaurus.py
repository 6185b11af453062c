"""The built-in French/English thesaurus of company functions: its concepts, and a registry's synonyms.

A *concept* is one meaning that many organisations have a department for ("data breach",
"late delivery", "journalist inquiry"), with the words people actually write for it in both
languages. The routing engine maps a registry's departments and an incoming message onto these
concepts, so the two can meet without sharing a word.

    load_thesaurus(path)        -> Thesaurus         validated data file (default: cached package data)
    Thesaurus.extend(synonyms)  -> Thesaurus         a copy with a registry's own synonyms added
    Thesaurus.compile(normalise)-> CompiledThesaurus every term pre-normalised, indexed by first token
    CompiledThesaurus.lookup(tokens) -> {concept_id: weight}

Loading and validating the data file is ``knowledge.thesaurus_file`` (the format is documented at
the top of ``knowledge/data/thesaurus.yaml`` and in ``docs/thesaurus.md``); the compiled matcher
is ``knowledge.thesaurus_match``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict

from knowledge.errors import Problem, SwitchboardError
from knowledge.thesaurus_match import CompiledThesaurus, Normalise

REGISTRY_DOMAIN = "registry"  # domain of the concepts a registry creates through extend()
# domain of what no department handles (the office's own life, someone else's name): a text naming
# one of its concepts is answered with less certainty, unless the registry covers the concept
OFF_DUTY_DOMAIN = "off_duty"


class ThesaurusInvalid(SwitchboardError):
    """A thesaurus file, or synonyms given to ``extend``, fail validation; lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("invalid thesaurus:\n" + "\n".join(str(p) for p in problems))


class Concept(BaseModel):
    """One meaning with its labels and its French, English and registry-added terms."""

    model_config = ConfigDict(frozen=True)

    id: str
    domain: str
    label_fr: str
    label_en: str
    fr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()  # added by a registry; language unknown
    related: tuple[str, ...] = ()

    @cached_property
    def terms(self) -> list[str]:
        """Every term of the concept, French then English then registry-added, without repeats."""
        seen: set[str] = set()
        out: list[str] = []
        for term in (*self.fr, *self.en, *self.extra):
            key = term_key(term)
            if key not in seen:
                seen.add(key)
                out.append(term)
        return out


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def term_key(text: str) -> str:
    """Case-, accent- and space-insensitive form of a term, used to spot repeats and word keys."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(text.casefold().replace("’", "'").split())


class Thesaurus:
    """Validated concepts (read-only); build copies with ``extend`` and matchers with ``compile``."""

    def __init__(self, concepts: Mapping[str, Concept], domains: Mapping[str, tuple[str, str]]):
        self.concepts: dict[str, Concept] = dict(concepts)
        self.domains: dict[str, tuple[str, str]] = dict(domains)  # id -> (label_fr, label_en)
        self._compiled: dict[Normalise, CompiledThesaurus] = {}

    def __repr__(self) -> str:
        return f"<Thesaurus {len(self.concepts)} concepts, {self.term_count()} terms>"

    def term_count(self) -> int:
        """Number of distinct terms over all concepts (a term shared by two concepts counts twice)."""
        return sum(len(c.terms) for c in self.concepts.values())

    def concepts_with_term(self, word: str) -> list[str]:
        """Ids of the concepts that list ``word`` as a term (case and accents ignored)."""
        key = term_key(word)
        return [cid for cid, c in self.concepts.items() if any(term_key(t) == key for t in c.terms)]

    def extend(self, extra: Mapping[str, Iterable[str]]) -> Thesaurus:
        """A copy with registry synonyms added: to a concept id, to the concepts having that word, or as a new concept."""
        synonyms, problems = _check_synonyms(extra)
        if problems:
            raise ThesaurusInvalid(problems)
        concepts = dict(self.concepts)
        domains = dict(self.domains)
        for key, terms in synonyms.items():
            if key in concepts:
                targets = [key]
            else:
                # never to an off-duty concept through a shared word: the registry's synonyms
                # would then cover it, and what no department handles would route as its own
                targets = [cid for cid in self.concepts_with_term(key)
                           if cid in concepts and concepts[cid].domain != OFF_DUTY_DOMAIN]
                terms = (key, *terms) if not targets else terms
            if not targets:
                domains.setdefault(REGISTRY_DOMAIN, ("Registre", "Registry"))
                concepts[key] = Concept(
                    id=key, domain=REGISTRY_DOMAIN, label_fr=key, label_en=key, extra=terms
                )
                continue
            for cid in targets:
                old = concepts[cid]
                concepts[cid] = Concept(**{**old.model_dump(), "extra": (*old.extra, *terms)})
        return Thesaurus(concepts, domains)

    def compile(self, normalise: Normalise) -> CompiledThesaurus:
        """Pre-normalise every term with ``normalise`` and index it by first token (cached per function)."""
        compiled = self._compiled.get(normalise)
        if compiled is None:
            compiled = CompiledThesaurus(self, normalise)
            self._compiled[normalise] = compiled
        return compiled


def _check_synonyms(extra: Any) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """Registry synonyms stripped and checked: a mapping of non-empty text to a list of non-empty texts."""
    where = "settings.synonyms"
    if not isinstance(extra, Mapping):
        return {}, [Problem(where, "expected a mapping of a concept id or word to a list of terms")]
    clean: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for key, terms in extra.items():
        if not isinstance(key, str) or not key.strip():
            problems.append(Problem(where, f"{key!r} is not a concept id or a word"))
            continue
        if isinstance(terms, str) or not isinstance(terms, Iterable):
            problems.append(Problem(f"{where}.{key}", "expected a list of terms"))
            continue
        kept: list[str] = []
        for j, term in enumerate(terms):
            if not isinstance(term, str) or not term.strip():
                problems.append(Problem(f"{where}.{key}[{j}]", "expected a non-empty text"))
            elif len(term.strip()) > 120:
                problems.append(Problem(f"{where}.{key}[{j}]", "a term is at most 120 characters"))
            else:
                kept.append(term.strip())
        clean[key.strip()] = (*clean.get(key.strip(), ()), *kept)
    return clean, problems

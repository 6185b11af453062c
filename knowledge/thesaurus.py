"""The built-in French/English thesaurus of company functions: load, validate, extend, look up.

A *concept* is one meaning that many organisations have a department for ("data breach",
"late delivery", "journalist inquiry"), with the words people actually write for it in both
languages. The routing engine maps a registry's departments and an incoming message onto these
concepts, so the two can meet without sharing a word.

    load_thesaurus(path)        -> Thesaurus         validated data file (default: cached package data)
    Thesaurus.extend(synonyms)  -> Thesaurus         a copy with a registry's own synonyms added
    Thesaurus.compile(normalise)-> CompiledThesaurus every term pre-normalised, indexed by first token
    CompiledThesaurus.lookup(tokens) -> {concept_id: weight}

The data file format is documented at the top of ``knowledge/data/thesaurus.yaml`` and in
``docs/thesaurus.md``. Matching is done on normalised tokens, so terms are compared with the same
folding and stemming as the text; multi-word terms match as consecutive token sequences, longest
first, and a token is used by at most one term.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from knowledge.errors import Problem, SwitchboardError

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "thesaurus.yaml"
REGISTRY_DOMAIN = "registry"  # domain of the concepts a registry creates through extend()

Normalise = Callable[[str], list[str]]

ConceptId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


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


# --- file shape ---------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _DomainEntry(_Strict):
    fr: Label
    en: Label


class _ConceptEntry(_Strict):
    id: ConceptId
    domain: ConceptId
    label_fr: Label
    label_en: Label
    fr: Annotated[list[Term], Field(min_length=1)]
    en: Annotated[list[Term], Field(min_length=1)]
    related: list[ConceptId] = Field(default_factory=list)


class _ThesaurusFile(_Strict):
    version: Literal[1]
    domains: dict[ConceptId, _DomainEntry]
    concepts: Annotated[list[_ConceptEntry], Field(min_length=1)]


# --- the thesaurus --------------------------------------------------------------------------------


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
                targets = [cid for cid in self.concepts_with_term(key) if cid in concepts]
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


# --- loading and validation -----------------------------------------------------------------------


def load_thesaurus(path: Path | None = None) -> Thesaurus:
    """Load and validate a thesaurus file; without a path, the package's own (loaded once)."""
    if path is None:
        return _default_thesaurus()
    return _load(Path(path))


@cache
def _default_thesaurus() -> Thesaurus:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> Thesaurus:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ThesaurusInvalid([Problem("", f"cannot read the file: {exc.strerror or exc}", None, source)]) from exc
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ThesaurusInvalid([Problem("", f"not valid YAML: {reason}", line, source)]) from exc
    finally:
        loader.dispose()
    if data is None:
        raise ThesaurusInvalid([Problem("", "the file is empty; expected version, domains and concepts", 1, source)])
    return _from_data(data, source=source, root=root)


def _from_data(data: Any, *, source: str, root: yaml.Node | None = None) -> Thesaurus:
    """Validate plain data shaped like the thesaurus file and build the thesaurus."""
    try:
        parsed = _ThesaurusFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(Problem(_path(loc), _message(err), _line(root, loc), source))
        raise ThesaurusInvalid(problems) from None

    problems: list[Problem] = []

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(_path(loc), message, _line(root, loc), source))

    seen: dict[str, int] = {}
    for i, entry in enumerate(parsed.concepts):
        if entry.id in seen:
            problem(("concepts", i, "id"), f"duplicate concept id {entry.id!r} (first at concepts[{seen[entry.id]}])")
        else:
            seen[entry.id] = i
    for i, entry in enumerate(parsed.concepts):
        if entry.domain not in parsed.domains:
            problem(("concepts", i, "domain"), f"unknown domain {entry.domain!r}; declare it under domains")
        for j, rel in enumerate(entry.related):
            if rel == entry.id:
                problem(("concepts", i, "related", j), "a concept cannot be related to itself")
            elif rel not in seen:
                problem(("concepts", i, "related", j), f"unknown concept {rel!r}")
        for lang in ("fr", "en"):  # the same word may be both French and English, not twice in one list
            terms_seen: dict[str, int] = {}
            for j, term in enumerate(getattr(entry, lang)):
                key = term_key(term)
                if key in terms_seen:
                    problem(("concepts", i, lang, j), f"term {term!r} repeats {lang}[{terms_seen[key]}] of this concept")
                else:
                    terms_seen[key] = j
    if problems:
        raise ThesaurusInvalid(problems)

    concepts = {
        e.id: Concept(
            id=e.id, domain=e.domain, label_fr=e.label_fr, label_en=e.label_en,
            fr=tuple(e.fr), en=tuple(e.en), related=tuple(e.related),
        )
        for e in parsed.concepts
    }
    domains = {d: (entry.fr, entry.en) for d, entry in parsed.domains.items()}
    return Thesaurus(concepts, domains)


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


def _path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: Mapping[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        loc = tuple(err["loc"])
        if len(loc) == 1:
            return "unknown key (allowed: version, domains, concepts)"
        if loc[0] == "concepts":
            return "unknown key (allowed: id, domain, label_fr, label_en, fr, en, related)"
        return "unknown key (allowed: fr, en)"
    if err["type"] == "missing":
        return "required key is missing"
    return str(err["msg"])


def _line(root: yaml.Node | None, loc: tuple[str | int, ...]) -> int | None:
    """Line (1-based) of the deepest YAML node the error location reaches."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    node = value_node
                    line = key_node.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line

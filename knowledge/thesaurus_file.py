"""The thesaurus data file: its shape, loading and validation, with the line of every problem.

The format is documented at the top of ``knowledge/data/thesaurus.yaml`` and in
``docs/thesaurus.md``; ``load_thesaurus()`` without a path loads the package's own file once.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from knowledge.errors import Problem
from knowledge.thesaurus import Concept, Thesaurus, ThesaurusInvalid, term_key

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "thesaurus.yaml"

ConceptId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


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

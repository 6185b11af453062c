"""Load, validate and export the responsibility registry (format version 1).

A file is composed by ``knowledge.registry_file`` so every value keeps its line. Pydantic's
field errors are translated into plain words and placed on the line of the node they concern;
the rules that need the whole registry (duplicate ids, the triage department, the people
directory) run on the same data, and every problem is reported at once as
``file:line: field.path: message``. Warnings (single points of failure, overloaded owners, no
admin, words the engine reads otherwise than the registry means) never block loading. List
indexes in field paths count from 0.
"""
from __future__ import annotations

import difflib
import logging
import math
import re
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.errors import Problem, RegistryInvalid, SwitchboardError
from knowledge.models import ChannelId, Duration, Ident, Registry, UserId
from knowledge.registry_file import Loc, Locator, compose, dump_registry, duplicate_keys, field_path
from knowledge.registry_findings import word_findings
from knowledge.report import (
    OWNER_LIMIT,
    ResponsibilityReport,
    owners,
    render_report_text,
    responsibility_chains,
    responsibility_report,
)

__all__ = [
    "LoadedRegistry", "ResponsibilityReport", "dump_registry", "load_registry_file",
    "parse_registry_text", "registry_warnings", "render_report_text", "responsibility_report",
    "validate_data",
]

logger = logging.getLogger(__name__)


@dataclass
class LoadedRegistry:
    """A registry that passed validation, with the warnings that did not block it."""

    registry: Registry
    warnings: list[Problem] = field(default_factory=list)


def load_registry_file(path: str | Path) -> LoadedRegistry:
    """Read and validate a registry file (YAML or JSON); raise RegistryInvalid with every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SwitchboardError(f"cannot read registry file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SwitchboardError(f"cannot read registry file {path}: not UTF-8 text (byte {exc.start})") from exc
    loaded = parse_registry_text(text, str(path))
    logger.info("loaded registry %s: %d departments, %d warnings",
                path, len(loaded.registry.departments), len(loaded.warnings))
    return loaded


def parse_registry_text(text: str, source: str) -> LoadedRegistry:
    """Validate registry text; ``source`` names it in messages (usually the file name)."""
    if not text.strip():
        raise RegistryInvalid([Problem("", "the registry is empty: expected version, settings and departments",
                                       None, source)])
    data, root = compose(text, source)
    hidden = _hidden_by_comments(text, source, root)
    try:
        loaded = _validate(data, source, Locator(root))
    except RegistryInvalid as exc:  # "owner: #U0…" is then missing: say why, beside the error
        if not hidden:
            raise
        why = {p.path: p.message for p in hidden}
        failed = {p.path for p in exc.problems}
        # one error saying both what is wrong and why; "channel: #press" stays a warning
        errors = [Problem(p.path, f"{p.message} — {why[p.path]}", p.line, p.source) if p.path in why else p
                  for p in exc.problems]
        raise RegistryInvalid(errors, [p for p in hidden if p.path not in failed]) from None
    loaded.warnings[:0] = hidden
    return loaded


# "channel: #press": a '#' after a space starts a YAML comment, so the value is silently empty
_COMMENTED_VALUE = re.compile(r":[ \t]+(#\S+)")


def _hidden_by_comments(text: str, source: str, root: Any) -> list[Problem]:
    """Keys whose value YAML read as empty because it was written starting with '#' after a space."""
    lines = text.splitlines()
    found: list[Problem] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                key = str(getattr(key_node, "value", ""))
                here = f"{path}.{key}" if path else key
                line = key_node.start_mark.line
                if (isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:null" and not value.value
                        and line < len(lines)):
                    written = _COMMENTED_VALUE.search(lines[line], key_node.end_mark.column)
                    if written:
                        found.append(Problem(here, _commented_message(key, written.group(1)), line + 1, source))
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value):
                walk(item, f"{path}[{number}]")

    walk(root, "")
    return found


def _commented_message(key: str, value: str) -> str:
    if key == "channel":
        fix = "write the id instead (a channel's is C…, shown in the channel's details in Slack)"
    elif key in ("owner", "head", "triage_department", "prefer"):
        fix = "write the id without '#' (a person's is U…, a department's is its id)"
    else:
        fix = f"put it in quotes: \"{value}\""
    return f"{value!r} is read as a comment (a '#' after a space starts one), so {key} is empty; {fix}"


def validate_data(data: dict, source: str = "registry") -> LoadedRegistry:
    """Validate an in-memory registry (such as a change made from Slack); no line numbers."""
    return _validate(data, source, Locator(None))


def registry_warnings(registry: Registry, source: str = "registry") -> list[Problem]:
    """The non-blocking findings about a valid registry: missing deputies, overloaded owners, no
    admin, misread words."""
    return _warnings(registry, source, Locator(None))


# --- validation ------------------------------------------------------------------------------

def _validate(data: Any, source: str, locate: Locator) -> LoadedRegistry:
    problems: list[Problem] = []

    def report(loc: Loc, message: str, line: int | None = None, *, key: bool = False) -> None:
        problems.append(Problem(field_path(loc, data), message, line or locate.line(loc, key=key), source))

    if data is None:
        raise RegistryInvalid([Problem("", "the registry is empty: expected version, settings and departments",
                                       locate.line(()), source)])
    if not isinstance(data, dict):
        raise RegistryInvalid([Problem("", f"the top level must be a mapping with version, settings and "
                                           f"departments, found {_kind(data)}", locate.line(()), source)])
    version = data.get("version")
    if "version" in data and not (type(version) is int and version == 1):
        report(("version",), f"unsupported registry version {version!r}: this Switchboard reads `version: 1`")
        raise RegistryInvalid(problems)

    registry: Registry | None = None
    try:
        registry = Registry.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, message, at_key = _describe(error)
            # a key that is itself at fault (an empty synonym) is reported on its own line, not its parent's
            own = tuple(error["loc"])[:-1] if error["loc"][-1:] == ("[key]",) else loc
            report(loc, message, locate.line(own, key=True) if own != loc else None, key=at_key)
    _cross_check(data, report, locate)
    duplicate_keys(locate.root, (), report)
    if problems or registry is None:
        problems.sort(key=lambda p: p.line if p.line is not None else math.inf)
        raise RegistryInvalid(problems)
    return LoadedRegistry(registry, _warnings(registry, source, locate))


def _pattern(annotated: Any) -> str:
    return next(m.pattern for m in get_args(annotated)[1:] if getattr(m, "pattern", None))


_PATTERN_MESSAGES = {
    _pattern(UserId): "bad user id {value!r}: expected U… or W… followed by at least two upper-case letters or digits",
    _pattern(ChannelId): "bad channel id {value!r}: expected C… or G… followed by at least two upper-case letters or digits",
    _pattern(Ident): "bad id {value!r}: expected lower-case letters, digits, _ or - (e.g. customer_care)",
    _pattern(Duration): "bad duration {value!r}: expected a positive whole number followed by s, m, h or d (e.g. 15m)",
}
_IDENT = re.compile(_pattern(Ident))

_USER_ID_RE = re.compile(_pattern(UserId))

_MISSING = {
    "version": "missing: the file must say `version: 1`",
    "settings": "missing: the registry needs a settings section",
    "departments": "missing: the registry needs at least one department",
    "triage_department": "missing: name the department that receives unmatched messages",
    "owner": "missing: every department needs an owner",
}


def _kind(value: Any) -> str:
    """How a wrong value looks, in plain words."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (write it in quotes if you meant text)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value} (write it in quotes if you meant text)"


def _strip(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class expected at ``loc``, for listing the fields it accepts."""
    current: Any = Registry
    for part in loc:
        current = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _strip(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unknown_field(loc: Loc) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return "unknown field"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown field (did you mean '{close[0]}'?)"
    return f"unknown field (expected one of: {', '.join(allowed)})"


def _describe(error: dict) -> tuple[Loc, str, bool]:
    """Field path, plain-words message, and whether the key (not the value) is at fault."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    ctx = error.get("ctx") or {}
    at_key = bool(loc) and loc[-1] == "[key]"
    if at_key:
        loc = loc[:-1]
    if kind in ("extra_forbidden", "invalid_key"):
        return loc, _unknown_field(loc), True
    if at_key and loc and (kind == "string_too_short" or (kind == "string_type" and value is None)):  # "", "  ", ~
        return loc[:-1], "a key must not be empty", True
    if kind == "missing":
        return loc, _MISSING.get(str(loc[-1]), "missing: this field is required"), False
    if kind == "string_pattern_mismatch":
        if loc[-1] == "escalation_emoji":
            return loc, f"bad emoji name {value!r}: expected a Slack emoji name without colons (rotating_light)", at_key
        template = _PATTERN_MESSAGES.get(ctx.get("pattern"), "bad value {value!r}: not in the expected form")
        return loc, template.format(value=value), at_key
    if kind == "string_type":
        return loc, f"expected text, found {_kind(value)}", at_key
    if kind == "list_type":
        return loc, f"expected a list, found {_kind(value)}", at_key
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"expected a mapping (key: value lines), found {_kind(value)}", at_key
    if kind == "literal_error":
        return loc, f"bad value {value!r}: expected {ctx.get('expected')}", at_key
    if kind == "string_too_short":
        return loc, "must not be empty", at_key
    if kind == "string_too_long":
        return loc, f"too long: at most {ctx.get('max_length')} characters", at_key
    if kind == "too_short" and loc == ("departments",):
        return loc, "at least one department is required", at_key
    if kind == "too_short":
        return loc, f"expected at least {ctx.get('min_length')} item(s)", at_key
    message = error["msg"]
    return loc, message[:1].lower() + message[1:], at_key


def _user_ids(data: dict) -> list[tuple[Loc, str]]:
    """Every well-formed user id the registry refers to, with its path."""
    found: list[tuple[Loc, str]] = []

    def take(loc: Loc, value: Any) -> None:
        if isinstance(value, str) and _USER_ID_RE.match(value):
            found.append((loc, value))

    def take_list(loc: Loc, values: Any) -> None:
        for j, value in enumerate(values if isinstance(values, list) else []):
            take(loc + (j,), value)

    settings = data.get("settings")
    if isinstance(settings, dict):
        take_list(("settings", "admins"), settings.get("admins"))
    for i, dept in _items(data.get("departments")):
        for name in ("owner", "head"):
            take(("departments", i, name), dept.get(name))
        take_list(("departments", i, "deputies"), dept.get("deputies"))
        for k, topic in _items(dept.get("topics")):
            take(("departments", i, "topics", k, "owner"), topic.get("owner"))
            take_list(("departments", i, "topics", k, "deputies"), topic.get("deputies"))
    return found


def _items(values: Any) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(values) if isinstance(v, dict)] if isinstance(values, list) else []


def _cross_check(data: dict, report: Callable[..., None], locate: Locator) -> None:
    """The rules that need the whole registry; they skip parts that already failed their types."""

    def where(loc: Loc) -> str:
        line = locate.line(loc)
        return f"line {line}" if line is not None else field_path(loc, data)

    dept_ids: dict[str, Loc] = {}
    for i, dept in _items(data.get("departments")):
        dept_id = dept.get("id")
        if isinstance(dept_id, str):
            if dept_id in dept_ids:
                first = where(dept_ids[dept_id])
                report(("departments", i, "id"), f"duplicate department id {dept_id!r} (first at {first})")
            else:
                dept_ids[dept_id] = ("departments", i, "id")
        topic_ids: dict[str, Loc] = {}
        for k, topic in _items(dept.get("topics")):
            topic_id, loc = topic.get("id"), ("departments", i, "topics", k, "id")
            if not isinstance(topic_id, str):
                continue
            if topic_id in topic_ids:
                first = where(topic_ids[topic_id])
                report(loc, f"duplicate topic id {topic_id!r} in department {dept_id!r} (first at {first})")
            else:
                topic_ids[topic_id] = loc
    settings = data.get("settings")
    triage = settings.get("triage_department") if isinstance(settings, dict) else None
    # an id that is not an id at all is reported once, as such ("bad id 'DPO'"), not also as unknown
    if isinstance(triage, str) and _IDENT.fullmatch(triage) and dept_ids and triage not in dept_ids:
        report(("settings", "triage_department"),
               f"triage department {triage!r} does not exist (departments: {', '.join(dept_ids)})")
    rules = settings.get("precedence") if isinstance(settings, dict) else None
    for j, rule in _items(rules):
        prefer = rule.get("prefer")
        if isinstance(prefer, str) and _IDENT.fullmatch(prefer) and dept_ids and prefer not in dept_ids:
            report(("settings", "precedence", j, "prefer"),
                   f"precedence rule prefers unknown department {prefer!r} (departments: {', '.join(dept_ids)})")
    people = data.get("people")
    if isinstance(people, dict) and people:
        for loc, user_id in _user_ids(data):
            if user_id not in people:
                report(loc, f"person {user_id} is not in people")


# --- warnings --------------------------------------------------------------------------------

def _warnings(registry: Registry, source: str, locate: Locator) -> list[Problem]:
    warnings: list[Problem] = []
    data = registry.to_data()

    def warn(loc: Loc, message: str, *, key: bool = False) -> None:
        warnings.append(Problem(field_path(loc, data), message, locate.line(loc, key=key), source))

    def who(user_id: str) -> str:
        person = registry.people.get(user_id)
        return f"{user_id} ({person.name})" if person else user_id

    for chain in responsibility_chains(registry):
        if chain.owner in chain.deputies:
            j = chain.deputies.index(chain.owner)
            loc = chain.loc + (("deputies", j) if chain.owns_deputies else ("owner",))
            warn(loc, f"{who(chain.owner)} is both owner and deputy of {chain.kind} {chain.label!r}: "
                      f"the deputy must be someone else")
        if not chain.backups:
            loc = chain.loc + (("deputies",) if chain.owns_deputies and chain.deputies else ())
            next_level = "the head" if chain.head else "triage (the department has no head)"
            warn(loc, f"{chain.kind} {chain.label!r} has no deputy: if {who(chain.owner)} does not answer, "
                      f"escalations go straight to {next_level} (single point of failure)")
    for user_id, owned in owners(registry).items():
        if len(owned) > OWNER_LIMIT:
            loc = ("people", user_id) if user_id in registry.people else owned[0].loc + ("owner",)
            labels = ", ".join(c.label for c in owned)
            warn(loc, f"{who(user_id)} owns {len(owned)} departments or topics ({labels}): too much rests "
                      f"on one person (limit {OWNER_LIMIT})", key=True)
    language = registry.settings.language  # a concept named as the routes' reasons name it
    for finding in word_findings(registry):
        params = finding.params
        if "concept_en" in params:
            params = {**params, "concept": params[f"concept_{language}"], "domain": params[f"domain_{language}"]}
        warn(finding.loc, _WORD_MESSAGES[finding.code](params), key=True)
    warnings.sort(key=lambda p: p.line if p.line is not None else math.inf)
    return warnings


def _quoted(values: list[str]) -> str:
    return ", ".join(repr(v) for v in values)


# The word findings (``knowledge.registry_findings``) for the command line; Slack words them in
# handlers/i18n.py ("reg.warn.<code>").
_WORD_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "no_admin": lambda p: (
        "no admin: nobody can change the registry from Slack (only `switchboard registry import` can); "
        "name at least one Slack user id"),
    "foreign_meaning": lambda p: (
        f"keyword {p['term']!r} is, in the built-in thesaurus, a word for « {p['concept']} » "
        f"({p['domain']}), which nothing else in the registry is about: every message on that subject "
        f"will come to {p['kind']} {p['target']!r}, even one that never says {p['term']!r} (if the word means "
        f"something else here, write it out in words the thesaurus does not read that way, or remove it)"),
    "foreign_synonym": lambda p: (
        f"synonym key {p['term']!r} is a word of the built-in concept « {p['concept']} » ({p['domain']}), "
        f"which no department is about: its terms ({_quoted(p['terms'])}) are added to that concept, so they "
        f"and every text about it are read as one meaning (for a concept of your own, use a key the "
        f"thesaurus does not list)"),
    "collapsed_synonym": lambda p: (
        f"term {p['term']!r} reduces to the single word {p['word']!r} (stop words, one-letter parts and hyphens "
        f"are left out): every text that says {p['word']!r} matches it (write a phrase that keeps two "
        f"meaningful words, or the word itself if that is what you mean)"),
    "quoted_word": lambda p: (
        f"{p['term']!r} holds quotation marks, which it would have to say too: in YAML, write each phrase as an "
        f"item of its own, quoted as a whole (e.g. [braquage, \"hold-up\"])"),
    "skipped_word": lambda p: (
        f"keyword {p['term']!r} of {p['target']!r} is read as {p['read']!r}: the engine skips "
        f"{_quoted(p['words'])}, so it counts half in every message that says {p['read']!r} "
        f"(write the meaning in a word it reads, such as 'outage' or 'offline' for 'down'; a severity keyword "
        f"keeps its small words)"),
    "void_keyword": lambda p: (
        f"keyword {p['term']!r} of {p['target']!r} never matches: the engine reads no word of it (it skips "
        f"numbers and the small words of French and English: 'comment' is French for 'how', 'car' for "
        f"'because'" + (f"; without its accents it reads {p['term']!r} as {p['unaccented']!r}" if p.get("unaccented") else "")
        + "); write it with another word the engine reads, or in a phrase with one"),
    "void_synonym": lambda p: (
        f"term {p['term']!r} reduces to nothing (only stop words or one-letter parts): it never matches"),
}

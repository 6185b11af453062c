"""The registry file format: YAML/JSON text to data with line numbers, and data back to text.

Text is composed with PyYAML (JSON too, YAML being a superset of it) so each value keeps its
node, and a field path such as ``departments[3].deputies`` can be turned back into a line.
Export writes fields in model order, leaves out defaults the registry never wrote, and keeps
short lists on one line, so an exported file reads like a hand-written one.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml
from pydantic import BaseModel

from knowledge.errors import Problem, RegistryInvalid, SwitchboardError
from knowledge.models import Registry

Loc = tuple[str | int, ...]

_SURROGATE = re.compile("[\ud800-\udfff]")


def _join_surrogates(value: Any) -> Any:
    """Turn escaped UTF-16 pairs (``"\\ud83d\\udd25"`` in JSON) into the characters they encode."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            return value  # a lone half of a pair: left for validation to refuse
    if isinstance(value, dict):
        return {_join_surrogates(k): _join_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_join_surrogates(v) for v in value]
    return value


def _compose_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return _join_surrogates(data), node


def compose(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """Plain data and its node tree; the tree is None when only a JSON parser could read it."""
    try:
        return _compose_yaml(text)
    except yaml.YAMLError as exc:
        yaml_error = exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if source.lower().endswith(".json"):
            problem = Problem("", f"JSON syntax error: {exc.msg} (column {exc.colno})", exc.lineno, source)
        else:
            problem = _yaml_problem(yaml_error, text, source)
        raise RegistryInvalid([problem]) from None
    # Valid JSON that PyYAML refuses, such as tab indentation (tabs are only ever whitespace in JSON).
    try:
        return _compose_yaml(text.replace("\t", " "))
    except yaml.YAMLError:
        return data, None


# PyYAML's wording for the most common slips, and what it means for a person editing the file.
_YAML_PLAIN_WORDS = {
    "expected <block end>": "this line is not indented like the lines above it",
    "could not find expected ':'": "a 'key: value' line is missing its ':'",
    "mapping values are not allowed here": "unexpected ':' (a value that contains ':', such as a text with "
                                            "': ' or an emoji code, goes in quotes: \":rotating_light:\")",
    "found character '\\t'": "found a tab: indent with spaces, not tabs",
    "but found another document": "a second document starts here (---): a registry file holds one",
}


def _yaml_problem(exc: yaml.YAMLError, text: str, source: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[:exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        return Problem("", f"character U+{char:04X} is not allowed in a registry file", line, source)
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    plain = next((words for start, words in _YAML_PLAIN_WORDS.items() if problem.startswith(start)), problem)
    message = f"YAML syntax error: {plain}"
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context:
        message += f" ({context}" + (f" at line {context_mark.line + 1}" if context_mark else "") + ")"
    return Problem("", message, mark.line + 1 if mark else None, source)


class Locator:
    """Finds the line of a field path in the composed YAML tree (no tree: no lines)."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def line(self, loc: Loc, *, key: bool = False) -> int | None:
        """Line of the value at ``loc`` (of its key when ``key``); a missing part stops at its parent."""
        if self.root is None:
            return None
        node, key_node = self.root, None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                # The last duplicate wins, as in the constructed data.
                match = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)]
                if not match and part == "None":  # how field paths name a key written `~:` or `null:`
                    match = [(k, v) for k, v in node.value if k.tag == "tag:yaml.org,2002:null"]
                if not match:
                    break
                key_node, node = match[-1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                key_node, node = None, node.value[part]
            else:
                break
        # A value reached through a key is shown on the key's line (block collections start below it).
        use_key = key_node is not None and (key or not isinstance(node, yaml.ScalarNode))
        anchor = key_node if use_key else node
        return anchor.start_mark.line + 1


def field_path(loc: Loc, data: Any) -> str:
    """``departments[3].deputies`` from a pydantic loc, using the data to tell keys from indexes."""
    out = ""
    for part in loc:
        if isinstance(data, list) and isinstance(part, int):
            out += f"[{part}]"
            data = data[part] if 0 <= part < len(data) else None
        else:
            out += f".{part}" if out else str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return out


def duplicate_keys(node: yaml.Node | None, loc: Loc, report: Callable[..., None]) -> None:
    """Report keys written twice in one mapping (YAML would silently keep the last)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name is not None and name != "<<":
                if name in seen:
                    report(loc + (name,), f"duplicate key {name!r} (first at line {seen[name].start_mark.line + 1})",
                           key_node.start_mark.line + 1)
                else:
                    seen[name] = key_node
            duplicate_keys(value, loc + ((name,) if name is not None else ()), report)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            duplicate_keys(item, loc + (i,), report)


def _plain(value: Any) -> Any:
    """Plain data in field order, leaving out defaults the registry never wrote."""
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if item is None:
                continue
            if name not in value.model_fields_set and not info.is_required() \
                    and item == info.get_default(call_default_factory=True):
                continue
            out[name] = _plain(item)
        return out
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


class _Dumper(yaml.SafeDumper):
    """Short lists and small records on one line, sequences indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    short = all(_is_scalar(v) for v in data) and sum(len(str(v)) + 2 for v in data) <= 100
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=short)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    short = 0 < len(data) <= 3 and all(_is_scalar(v) for v in data.values()) \
        and sum(len(str(k)) + len(str(v)) + 4 for k, v in data.items()) <= 100
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=short)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(str, _represent_str)


def _spaced(text: str) -> str:
    """A blank line before each top-level section and each department, for the eye only."""
    lines = text.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        section = not line.startswith((" ", "#")) or line.startswith("  - id: ")
        if i and section and out[-1] and not out[-1].endswith(":"):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def dump_registry(registry: Registry, fmt: str = "yaml") -> str:
    """The registry as YAML or JSON text; loading it back gives an equal registry."""
    data = _plain(registry)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "yaml":
        raise SwitchboardError(f"unknown export format {fmt!r}: expected yaml or json")
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)
    spaced = _spaced(text)
    # The blank lines are cosmetic; never let them change a value (say, inside a multi-line text).
    return spaced if yaml.safe_load(spaced) == data else text

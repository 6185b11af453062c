"""Readable differences between two versions of the registry data, for the audit log and Slack.

Lists of objects with an ``id`` (departments, topics) are compared by id, not by position, so
inserting a department shows as ``+ departments[press]`` instead of a cascade of changed indexes:

    departments[legal].owner: U1 -> U2
    + departments[press]
    - departments[legal].deputies: U9
    settings.ack_timeouts.critical: 15m -> 10m

A topic that gets (or loses) an owner or deputies of its own shows what it inherited from its
department, rather than "(none)": ``departments[fleet].topics[ebike].owner: (inherited: U1) -> U2``.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

_FIELD_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_MAX_SHOWN = 80
_INHERITED = ("owner", "deputies")  # what a topic without its own takes from its department
_Parents = tuple[dict[str, Any], dict[str, Any]]  # a topic's department, before and after


def diff_registries(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """One readable line per difference between two registry data dicts (``before`` may be None)."""
    if before is None:
        departments = after.get("departments", [])
        return ["new registry"] + [f"+ departments[{d.get('id')}]" for d in departments]
    lines: list[str] = []
    _diff(before, after, "", lines)
    return lines


def _child(path: str, key: str) -> str:
    if _FIELD_RE.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{key}]"


def _show(value: Any) -> str:
    if value is None:
        text = "(none)"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list) and all(_is_scalar(v) for v in value):
        text = "[" + ", ".join(_show(v) for v in value) + "]"
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _is_keyed(items: Any) -> bool:
    return isinstance(items, list) and all(isinstance(i, dict) and "id" in i for i in items)


def _diff(old: Any, new: Any, path: str, out: list[str], parents: _Parents | None = None) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        _diff_dicts(old, new, path, out, parents)
    elif _is_keyed(old) and _is_keyed(new):
        _diff_keyed(old, new, path, out, parents)
    elif isinstance(old, list) and isinstance(new, list) and all(map(_is_scalar, old + new)):
        _diff_values(old, new, path, out)
    else:
        out.append(f"{path}: {_show(old)} -> {_show(new)}")


def _diff_dicts(old: dict[str, Any], new: dict[str, Any], path: str, out: list[str],
                parents: _Parents | None = None) -> None:
    for key in list(old) + [k for k in new if k not in old]:
        child = _child(path, str(key))
        if key in old and key in new:
            # a department's topics inherit from it: their diff needs the department
            inner = (old, new) if key == "topics" and path.startswith("departments[") and parents is None else None
            _diff(old[key], new[key], child, out, inner)
            continue
        if parents is not None and key in _INHERITED and _inherited_line(old, new, key, child, parents, out):
            continue
        present = old[key] if key in old else new[key]
        if isinstance(present, list):
            _diff(old.get(key, []), new.get(key, []), child, out)
        elif isinstance(present, dict):
            out.append(f"{'-' if key in old else '+'} {child}")
        else:
            out.append(f"{child}: {_show(old.get(key))} -> {_show(new.get(key))}")


def _inherited_line(old: dict[str, Any], new: dict[str, Any], key: str, path: str, parents: _Parents,
                    out: list[str]) -> bool:
    """A topic's own owner or deputies set or dropped, against what it inherits (True when said)."""
    old_value = old[key] if key in old else parents[0].get(key)
    new_value = new[key] if key in new else parents[1].get(key)
    if not (parents[0] if key not in old else parents[1]).get(key):
        return False  # the department has none to inherit either: "(none)" says it
    before = _show(old_value) if key in old else f"(inherited: {_show(old_value)})"
    after = _show(new_value) if key in new else f"(inherited: {_show(new_value)})"
    out.append(f"{path}: {before} -> {after}")
    return True


def _diff_keyed(old: list[dict[str, Any]], new: list[dict[str, Any]], path: str, out: list[str],
                parents: _Parents | None = None) -> None:
    new_by_id = {item["id"]: item for item in new}
    old_ids = [item["id"] for item in old]
    for item in old:
        child = f"{path}[{item['id']}]"
        if item["id"] in new_by_id:
            _diff(item, new_by_id[item["id"]], child, out, parents)
        else:
            out.append(f"- {child}")
    for item in new:
        if item["id"] not in old_ids:
            out.append(f"+ {path}[{item['id']}]")
    kept_old = [i for i in old_ids if i in new_by_id]
    kept_new = [item["id"] for item in new if item["id"] in set(old_ids)]
    if kept_old != kept_new:
        out.append(f"{path}: order changed ({', '.join(kept_new)})")


def _diff_values(old: list[Any], new: list[Any], path: str, out: list[str]) -> None:
    removed = Counter(map(_show, old)) - Counter(map(_show, new))
    added = Counter(map(_show, new)) - Counter(map(_show, old))
    for value, times in removed.items():
        out.extend([f"- {path}: {value}"] * times)
    for value, times in added.items():
        out.extend([f"+ {path}: {value}"] * times)
    if not removed and not added:
        out.append(f"{path}: order changed ({', '.join(map(_show, new))})")

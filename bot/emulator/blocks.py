"""Block Kit limits Slack enforces, checked so an oversized message fails here as it would in Slack.

Only the limits a bot realistically hits are checked (lengths and counts of the common blocks
and elements); problems are reported in Slack's own wording with a JSON pointer.
"""
from __future__ import annotations

from typing import Any

MAX_MESSAGE_TEXT = 40_000
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100

_ELEMENT_LIMITS = {"action_id": 255, "value": 2000, "url": 3000}
_TEXT_LIMITS = {"section": 3000, "header": 150, "input": 2000}


def _too_long(limit: int, pointer: str) -> str:
    return f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"


def _too_many(limit: int, pointer: str) -> str:
    return f"[ERROR] must provide an array with no more than {limit} items [json-pointer:{pointer}]"


def _text(obj: Any, limit: int, pointer: str) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"[ERROR] must provide an object [json-pointer:{pointer}]"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"[ERROR] must be more than 0 characters [json-pointer:{pointer}/text]"]
    return [_too_long(limit, f"{pointer}/text")] if len(text) > limit else []


def _element(element: Any, pointer: str) -> list[str]:
    if not isinstance(element, dict) or "type" not in element:
        return [f"[ERROR] missing required field: type [json-pointer:{pointer}]"]
    problems: list[str] = []
    for name, limit in _ELEMENT_LIMITS.items():
        value = element.get(name)
        if isinstance(value, str) and len(value) > limit:
            problems.append(_too_long(limit, f"{pointer}/{name}"))
    if element["type"] == "button":
        problems += _text(element.get("text"), 75, f"{pointer}/text")
    for i, option in enumerate(element.get("options") or []):
        if isinstance(option, dict):
            problems += _text(option.get("text"), 75, f"{pointer}/options/{i}/text")
            if len(str(option.get("value", ""))) > 150:
                problems.append(_too_long(150, f"{pointer}/options/{i}/value"))
    if len(element.get("options") or []) > 100:
        problems.append(_too_many(100, f"{pointer}/options"))
    return problems


def _block(block: Any, pointer: str) -> list[str]:
    if not isinstance(block, dict) or "type" not in block:
        return [f"[ERROR] missing required field: type [json-pointer:{pointer}]"]
    kind = block["type"]
    problems: list[str] = []
    if len(str(block.get("block_id", ""))) > 255:
        problems.append(_too_long(255, f"{pointer}/block_id"))
    if kind == "section":
        if "text" in block:
            problems += _text(block["text"], 3000, f"{pointer}/text")
        elif "fields" not in block:
            problems.append(f"[ERROR] must provide text or fields [json-pointer:{pointer}]")
        fields = block.get("fields") or []
        if len(fields) > 10:
            problems.append(_too_many(10, f"{pointer}/fields"))
        for i, item in enumerate(fields):
            problems += _text(item, 2000, f"{pointer}/fields/{i}")
        if "accessory" in block:
            problems += _element(block["accessory"], f"{pointer}/accessory")
    elif kind in ("header", "input"):
        key = "text" if kind == "header" else "label"
        problems += _text(block.get(key), _TEXT_LIMITS[kind], f"{pointer}/{key}")
        if kind == "input":
            problems += _element(block.get("element"), f"{pointer}/element")
    elif kind in ("context", "actions"):
        elements = block.get("elements") or []
        limit = 10 if kind == "context" else 25
        if not elements:
            problems.append(f"[ERROR] must provide an array with at least 1 items [json-pointer:{pointer}/elements]")
        if len(elements) > limit:
            problems.append(_too_many(limit, f"{pointer}/elements"))
        for i, element in enumerate(elements):
            if kind == "actions":
                problems += _element(element, f"{pointer}/elements/{i}")
            elif isinstance(element, dict) and element.get("type") in ("plain_text", "mrkdwn"):
                problems += _text(element, 3000, f"{pointer}/elements/{i}")
    return problems


def check_blocks(blocks: Any, *, max_blocks: int = MAX_MESSAGE_BLOCKS, pointer: str = "/blocks") -> list[str]:
    """Slack's complaints about a `blocks` array, empty when it would be accepted."""
    if not isinstance(blocks, list):
        return [f"[ERROR] must provide an array [json-pointer:{pointer}]"]
    problems = [_too_many(max_blocks, pointer)] if len(blocks) > max_blocks else []
    for i, block in enumerate(blocks):
        problems += _block(block, f"{pointer}/{i}")
    return problems


def check_view(view: Any) -> list[str]:
    """Slack's complaints about a modal or App Home view, empty when it would be accepted."""
    if not isinstance(view, dict):
        return ["[ERROR] must provide an object [json-pointer:/view]"]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return ["[ERROR] must be one of modal, home [json-pointer:/view/type]"]
    problems = check_blocks(view.get("blocks", []), max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks")
    if kind == "modal":
        problems += _text(view.get("title"), 24, "/view/title")
        for key in ("submit", "close"):
            if key in view:
                problems += _text(view[key], 24, f"/view/{key}")
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append(_too_long(3000, "/view/private_metadata"))
    if len(str(view.get("callback_id", ""))) > 255:
        problems.append(_too_long(255, "/view/callback_id"))
    return problems


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The buttons of a message's blocks, each with the block_id it sits in."""
    found = []
    for block in blocks:
        elements = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for element in elements:
            if isinstance(element, dict) and element.get("type") == "button":
                found.append({**element, "block_id": block.get("block_id")})
    return found

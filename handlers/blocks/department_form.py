"""The department form (Edit, from `/registry edit` or the App Home) and the notice modals."""
from __future__ import annotations

import json
from typing import Any

from handlers.i18n import t
from handlers.ids import Block, Callback
from knowledge.durations import format_duration
from knowledge.models import Registry
from handlers.blocks.base import _context, _plain, _section, escape

INPUT_LIMIT = 3000  # a plain_text_input's value


def _user_input(block_id: str, label: str, *, multi: bool = False, initial: Any = None,
                optional: bool = False) -> dict:
    element: dict[str, Any] = {"type": "multi_users_select" if multi else "users_select", "action_id": "value"}
    if initial:
        element["initial_users" if multi else "initial_user"] = initial
    return {"type": "input", "block_id": block_id, "optional": optional, "label": _plain(label, 2000),
            "element": element}


def _text_input(block_id: str, label: str, initial: str | None, *, multiline: bool = False,
                placeholder: str | None = None, max_length: int = INPUT_LIMIT) -> dict:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": multiline,
                               "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = _plain(placeholder, 150)
    return {"type": "input", "block_id": block_id, "optional": True, "label": _plain(label, 2000), "element": element}


TIMEOUT_BLOCKS = {"critical": Block.DEPT_TIMEOUT_CRITICAL, "high": Block.DEPT_TIMEOUT_HIGH,
                  "normal": Block.DEPT_TIMEOUT_NORMAL}


def department_modal(registry: Registry, dept: Any, fingerprint: str, lang: str) -> dict:
    """The Edit form of one department: people and channel as pickers, keywords, examples, timeouts."""
    channel: dict[str, Any] = {"type": "conversations_select", "action_id": "value",
                               "filter": {"include": ["public", "private"], "exclude_bot_users": True}}
    if dept.channel:
        channel["initial_conversation"] = dept.channel
    blocks: list[dict] = [
        _section(t(lang, "reg.modal.intro", name=escape(dept.name), id=dept.id)),
        _user_input(Block.DEPT_OWNER, t(lang, "reg.modal.owner"), initial=dept.owner),
        _user_input(Block.DEPT_DEPUTIES, t(lang, "reg.modal.deputies"), multi=True, initial=list(dept.deputies),
                    optional=True),
        _user_input(Block.DEPT_HEAD, t(lang, "reg.modal.head"), initial=dept.head, optional=True),
        {"type": "input", "block_id": Block.DEPT_CHANNEL, "optional": True,
         "label": _plain(t(lang, "reg.modal.channel"), 2000), "element": channel},
    ]
    offered = {"k": True, "e": True}
    for key, block_id, values, label in (("k", Block.DEPT_KEYWORDS, dept.keywords, "reg.modal.keywords"),
                                         ("e", Block.DEPT_EXAMPLES, dept.examples, "reg.modal.examples")):
        text = "\n".join(values)
        if len(text) > INPUT_LIMIT:
            offered[key] = False
            blocks.append(_context(t(lang, "reg.modal.too_long", what=t(lang, label))))
        else:
            blocks.append(_text_input(block_id, t(lang, label), text, multiline=True))
    own = dept.ack_timeouts
    for severity, block_id in TIMEOUT_BLOCKS.items():
        default = format_duration(registry.settings.ack_seconds(severity), lang)
        blocks.append(_text_input(block_id, t(lang, "reg.modal.timeout", severity=t(lang, f"esc.severity.{severity}")),
                                  getattr(own, severity) if own else None,
                                  placeholder=t(lang, "reg.modal.timeout_hint", default=default), max_length=10))
    metadata = json.dumps({"d": dept.id, "f": fingerprint, **offered}, separators=(",", ":"))
    return {
        "type": "modal",
        "callback_id": Callback.EDIT_DEPARTMENT_VIEW,
        "private_metadata": metadata,
        "title": _plain(t(lang, "reg.modal.title"), 24),
        "submit": _plain(t(lang, "modal.submit"), 24),
        "close": _plain(t(lang, "modal.cancel"), 24),
        "blocks": blocks,
    }


def notice_modal(text: str, lang: str, title_key: str = "reg.modal.notice_title") -> dict:
    """A modal that only tells something (saved with warnings, not allowed…), with a Close button."""
    return {
        "type": "modal",
        "title": _plain(t(lang, title_key), 24),
        "close": _plain(t(lang, "reg.modal.close"), 24),
        "blocks": [_section(text)],
    }

"""The one module that builds Block Kit: answers, escalation cards, modals, App Home.

Everything taken from users or from the registry goes through ``escape`` before it is posted, so
``<!channel>``, ``<@U…>`` or a crafted link inside a message cannot ping or mislead anyone.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from handlers.i18n import t
from handlers.ids import Action, Block, Callback
from knowledge.durations import format_duration
from knowledge.models import Registry

TEXT_LIMIT = 3000  # a section block's text
EXCERPT_LIMIT = 600
BUTTON_LIMIT = 75
ICONS = {"critical": ":rotating_light:", "high": ":warning:", "normal": ":information_source:"}


def escape(text: str) -> str:
    """Neutralise Slack control sequences (&, <, >) in untrusted text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters with a visible ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe(text: str, limit: int = TEXT_LIMIT) -> str:
    return cut(escape(text), limit)


def mention(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else "—"


def mentions(user_ids: list[str], lang: str, empty_key: str = "who.none") -> str:
    return ", ".join(mention(u) for u in user_ids) if user_ids else t(lang, empty_key)


def channel_link(channel_id: str | None) -> str:
    return f"<#{channel_id}>" if channel_id else "—"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text, TEXT_LIMIT)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(text, TEXT_LIMIT)}]}


def _plain(text: str, limit: int = BUTTON_LIMIT) -> dict:
    return {"type": "plain_text", "text": cut(text, limit), "emoji": True}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": _plain(label), "action_id": action_id, "value": value[:2000]}
    if style:
        button["style"] = style
    return button


def _department_label(registry: Registry, dept_id: str, topic_id: str | None) -> tuple[str, str]:
    dept = registry.department(dept_id)
    name = escape(dept.name) if dept else escape(dept_id)
    topic = dept.topic(topic_id) if dept else None
    return name, (f" › {escape(topic.name)}" if topic else "")


def _time(ts: float | None, lang: str) -> str:
    if ts is None:
        return "—"
    moment = datetime.fromtimestamp(ts, tz=timezone.utc)
    return moment.strftime("%d/%m %H:%M UTC" if lang == "fr" else "%b %d %H:%M UTC")


# --- "who handles this?" --------------------------------------------------------------------

def choice_buttons(route: Any, registry: Registry, ref: str) -> dict | None:
    """Up to three "Is it rather…?" buttons; each value carries the choice and what it is for."""
    candidates = [a for a in route.alternatives if a.get("department")][:3]
    if not candidates:
        return None
    elements = []
    for number, alt in enumerate(candidates):
        name, topic = _department_label(registry, alt["department"], alt.get("topic"))
        value = json.dumps({"d": alt["department"], "t": alt.get("topic"), "r": ref}, separators=(",", ":"))
        elements.append({**_button(f"{name}{topic}".replace("&amp;", "&").replace(" › ", " / "),
                                   f"{Action.CHOOSE_DEPARTMENT}_{number}", value)})
    return {"type": "actions", "block_id": "route_choices", "elements": elements}


def who_answer(route: Any, registry: Registry, lang: str, *, ref: str = "") -> dict:
    """The answer to "who handles this?": department, people, channel, confidence, why."""
    name, topic = _department_label(registry, route.department, route.topic)
    if route.confident:
        headline = t(lang, "who.confident", department=name, topic=topic)
    else:
        headline = t(lang, "who.not_confident", triage=name)
    people = [
        f"*{t(lang, 'who.owner')}* : {mention(route.owner)}" if lang == "fr" else f"*{t(lang, 'who.owner')}*: {mention(route.owner)}",
        f"*{t(lang, 'who.deputies')}* : {mentions(route.deputies, lang, 'who.no_deputy')}" if lang == "fr"
        else f"*{t(lang, 'who.deputies')}*: {mentions(route.deputies, lang, 'who.no_deputy')}",
    ]
    if route.head:
        people.append(f"*{t(lang, 'who.head')}*{' :' if lang == 'fr' else ':'} {mention(route.head)}")
    if route.channel:
        people.append(f"*{t(lang, 'who.channel')}*{' :' if lang == 'fr' else ':'} {channel_link(route.channel)}")
    terms = ", ".join(escape(m) for m in route.matched[:8]) if route.matched else t(lang, "who.why_nothing")
    why = f"{t(lang, 'who.confidence', percent=round(route.confidence * 100))} · {t(lang, 'who.why', terms=terms)}"
    blocks = [_section(headline), _section("\n".join(people)), _context(why)]
    text = headline
    if not route.confident:
        choices = choice_buttons(route, registry, ref)
        if choices:
            blocks.append(_section(t(lang, "who.alternatives")))
            blocks.append(choices)
    return {"text": text, "blocks": blocks}


def plain_message(text: str) -> dict:
    """A one-section message whose text is already safe to post."""
    return {"text": text, "blocks": [_section(text)]}


def error_message(lang: str, key: str, **values: Any) -> dict:
    return plain_message(t(lang, key, **values))


# --- escalations ----------------------------------------------------------------------------

def _escalation_header(esc: dict, registry: Registry, lang: str) -> list[dict]:
    severity = t(lang, f"esc.severity.{esc['severity']}")
    name, topic = _department_label(registry, esc["department"], esc.get("topic"))
    title = t(lang, "esc.title", icon=ICONS.get(esc["severity"], ""), id=esc["id"], severity=severity)
    excerpt = "\n".join("> " + line for line in safe(esc.get("text") or "", EXCERPT_LIMIT).splitlines() or [""])
    lines = [f"*{title}*", t(lang, "esc.for", department=name, topic=topic), excerpt]
    source = esc.get("source") or {}
    link = source.get("permalink")
    reporters = ", ".join(mention(u) for u in esc.get("reporters", [])) or "—"
    meta = t(lang, "esc.reported_by", reporters=reporters)
    if link:
        meta += f" · <{escape(link)}|{t(lang, 'esc.source')}>"
    return [_section("\n".join(lines)), _context(meta)]


def _status_line(esc: dict, lang: str) -> str:
    status = esc.get("status", "open")
    if status == "acknowledged":
        return t(lang, "esc.status.acknowledged", user=mention(esc.get("acknowledged_by")),
                 time=_time(esc.get("acknowledged_at"), lang))
    if status == "resolved":
        line = t(lang, "esc.status.resolved", user=mention(esc.get("resolved_by")), time=_time(esc.get("resolved_at"), lang))
        if esc.get("resolved_note"):
            line += "\n" + t(lang, "esc.status.note", note=safe(esc["resolved_note"], 500))
        return line
    return t(lang, "esc.status.open")


def _escalation_buttons(esc: dict, lang: str) -> dict | None:
    status = esc.get("status", "open")
    if status == "resolved":
        return None
    buttons = []
    if status == "open":
        buttons.append(_button(t(lang, "esc.btn.ack"), Action.ACK, esc["id"], "primary"))
    buttons.append(_button(t(lang, "esc.btn.reassign"), Action.REASSIGN, esc["id"]))
    buttons.append(_button(t(lang, "esc.btn.resolve"), Action.RESOLVE, esc["id"], "danger"))
    return {"type": "actions", "block_id": f"escalation_{esc['id']}", "elements": buttons}


def escalation_card(esc: dict, registry: Registry, lang: str, reason: str | None = None) -> dict:
    """The escalation as sent to a person or a channel, with its status and three buttons."""
    blocks = _escalation_header(esc, registry, lang)
    if reason:
        blocks.append(_context(reason))
    blocks.append(_section(_status_line(esc, lang)))
    buttons = _escalation_buttons(esc, lang)
    if buttons:
        blocks.append(buttons)
    severity = t(lang, f"esc.severity.{esc['severity']}")
    text = t(lang, "esc.title", icon=ICONS.get(esc["severity"], ""), id=esc["id"], severity=severity)
    return {"text": text, "blocks": blocks}


def delay_text(seconds: int, lang: str) -> str:
    return format_duration(seconds, lang)


# --- modals ---------------------------------------------------------------------------------

def reassign_modal(esc: dict, registry: Registry, lang: str) -> dict:
    """Pick another department and, optionally, a person."""
    options = [
        {"text": _plain(f"{d.name}", 75), "value": d.id}
        for d in registry.departments
    ][:100]
    return {
        "type": "modal",
        "callback_id": Callback.REASSIGN_VIEW,
        "private_metadata": esc["id"],
        "title": _plain(t(lang, "modal.reassign.title"), 24),
        "submit": _plain(t(lang, "modal.submit"), 24),
        "close": _plain(t(lang, "modal.cancel"), 24),
        "blocks": [
            _section(f"*{esc['id']}* — " + safe(esc.get("text") or "", 300)),
            {"type": "input", "block_id": Block.REASSIGN_DEPARTMENT, "label": _plain(t(lang, "modal.reassign.department")),
             "element": {"type": "static_select", "action_id": "value", "options": options}},
            {"type": "input", "block_id": Block.REASSIGN_PERSON, "optional": True,
             "label": _plain(t(lang, "modal.reassign.person")),
             "element": {"type": "users_select", "action_id": "value"}},
        ],
    }


def resolve_modal(esc: dict, lang: str) -> dict:
    """Close the escalation with an optional note."""
    return {
        "type": "modal",
        "callback_id": Callback.RESOLVE_VIEW,
        "private_metadata": esc["id"],
        "title": _plain(t(lang, "modal.resolve.title"), 24),
        "submit": _plain(t(lang, "modal.submit"), 24),
        "close": _plain(t(lang, "modal.cancel"), 24),
        "blocks": [
            _section(f"*{esc['id']}* — " + safe(esc.get("text") or "", 300)),
            {"type": "input", "block_id": Block.RESOLVE_NOTE, "optional": True,
             "label": _plain(t(lang, "modal.resolve.note")),
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000}},
        ],
    }

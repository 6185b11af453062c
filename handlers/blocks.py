"""The one module that builds Block Kit: answers, escalation cards, modals, App Home.

Everything taken from users or from the registry goes through ``escape`` before it is posted, so
``<!channel>``, ``<@U…>`` or a crafted link inside a message cannot ping or mislead anyone.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from handlers.i18n import MESSAGES, t
from handlers.ids import Action, Block, Callback
from knowledge.durations import format_duration
from knowledge.models import Registry

TEXT_LIMIT = 3000  # a section block's text
EXCERPT_LIMIT = 600
BUTTON_LIMIT = 75
VALUE_LIMIT = 2000  # a button's value
SEMANTIC_TERM = "~semantic"  # in Route.matched: the semantic backend chose the department
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

def _pair(alternative: Any) -> tuple[str | None, str | None]:
    if isinstance(alternative, dict):
        return alternative.get("department"), alternative.get("topic")
    return alternative.department, alternative.topic


def _choice_value(department: str, topic: str | None, ref: str, question: str | None) -> str:
    """The button value: the choice, what it is for and, for a question, its text (cut to fit)."""
    value: dict[str, Any] = {"d": department, "t": topic, "r": ref}
    if question:
        value["q"] = question
        for _attempt in range(8):
            encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            if len(encoded) <= VALUE_LIMIT:
                return encoded
            value["q"] = value["q"][: max(0, len(value["q"]) - (len(encoded) - VALUE_LIMIT) - 8)]
        value.pop("q")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def choice_buttons(alternatives: list[Any], registry: Registry, ref: str, question: str | None = None) -> dict | None:
    """Up to three "Is it rather…?" buttons; each value carries the choice, what it is for, and the question."""
    candidates = [(d, topic) for d, topic in map(_pair, alternatives) if d and registry.department(d)][:3]
    if not candidates:
        return None
    elements = []
    for number, (department, topic_id) in enumerate(candidates):
        name, topic = _department_label(registry, department, topic_id)
        label = f"{name}{topic}".replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace(" › ", " / ")
        elements.append(_button(label, f"{Action.CHOOSE_DEPARTMENT}_{number}",
                                _choice_value(department, topic_id, ref, question)))
    return {"type": "actions", "block_id": "route_choices", "elements": elements}


def who_answer(route: Any, registry: Registry, lang: str, *, ref: str = "", question: str | None = None) -> dict:
    """The answer to "who handles this?": department, people, channel, confidence, why.

    When not confident it offers the alternatives as buttons; their values carry ``question``
    so that a click can teach the router.
    """
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
    terms = ", ".join(t(lang, "who.semantic") if m == SEMANTIC_TERM else escape(m) for m in route.matched[:8]) \
        if route.matched else t(lang, "who.why_nothing")
    why = f"{t(lang, 'who.confidence', percent=round(route.confidence * 100))} · {t(lang, 'who.why', terms=terms)}"
    blocks = [_section(headline), _section("\n".join(people)), _context(why)]
    text = headline
    if not route.confident:
        choices = choice_buttons(route.alternatives, registry, ref, question)
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
    reporters = ", ".join(mention(u) for u in esc.get("reporters", []))
    if reporters:
        meta = t(lang, "esc.reported_by", reporters=reporters)
    elif esc.get("via") == "auto":
        meta = t(lang, "esc.auto_screened", channel=channel_link(source.get("channel")))
    else:
        meta = t(lang, "esc.reported_by", reporters="—")
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
    blocks.extend(escalation_choices(esc, registry, lang))
    severity = t(lang, f"esc.severity.{esc['severity']}")
    text = t(lang, "esc.title", icon=ICONS.get(esc["severity"], ""), id=esc["id"], severity=severity)
    return {"text": text, "blocks": blocks}


def offers_choices(esc: dict) -> bool:
    """True while an escalation sent to triage because nobody was sure can still be routed in one click."""
    return (esc.get("status", "open") != "resolved" and not esc.get("confident", True)
            and not esc.get("chain_no") and bool(esc.get("alternatives")))


def escalation_choices(esc: dict, registry: Registry, lang: str) -> list[dict]:
    """The "one click routes it" prompt and buttons of an unsure escalation (none once it is routed)."""
    if not offers_choices(esc):
        return []
    buttons = choice_buttons(esc["alternatives"], registry, f"esc:{esc['id']}")
    return [_section(t(lang, "esc.unsure")), buttons] if buttons else []


def thread_note_blocks(esc: dict, note: str, registry: Registry, lang: str) -> list[dict] | None:
    """A source-thread note with the choices under it, when the escalation offers some."""
    choices = escalation_choices(esc, registry, lang)
    return [_section(note), *choices] if choices else None


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


# --- registry administration ------------------------------------------------------------------
# `/registry` answers, the import preview, the department form and the App Home. Values come
# from bot/admin.py (Change, ImportPreview, HomeData) and are read by attribute only.

DIFF_LINES = 20
HOME_DEPARTMENTS = 40
HOME_WAITING = 10
SHOW_DEPARTMENTS = 45
INPUT_LIMIT = 3000  # a plain_text_input's value


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"


def _label(lang: str, key: str) -> str:
    return f"*{t(lang, key)}*{_colon(lang)}"


def _code_list(values: Any, lang: str) -> str:
    items = [f"`{escape(str(v))}`" for v in values]
    return ", ".join(items) if items else t(lang, "who.none")


def when_text(moment: Any, lang: str) -> str:
    """A datetime, an ISO text or epoch seconds, as people read it, in UTC."""
    if isinstance(moment, int | float):
        moment = datetime.fromtimestamp(moment, tz=timezone.utc)
    elif isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return escape(moment)
    if not isinstance(moment, datetime):
        return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%d/%m/%Y %H:%M UTC" if lang == "fr" else "%Y-%m-%d %H:%M UTC")


def registry_params(params: dict[str, Any], lang: str) -> dict[str, str]:
    """An error's or a finding's values, made safe and readable: people as mentions, ids as code."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if key == "person":
            out[key] = mention(value)
        elif key in ("admins", "deputies"):
            out[key] = mentions(list(value), lang)
        elif key == "channel":
            out[key] = channel_link(value)
        elif key == "usage":
            out[key] = escape(str(value).replace("`", "'"))
        elif isinstance(value, list | tuple):
            out[key] = _code_list(value, lang)
        else:
            out[key] = escape(str(value))
    return out


def registry_error(error: Exception, lang: str) -> dict:
    """A refusal in the person's language: what is wrong, and that nothing changed."""
    code = getattr(error, "code", None)
    problems = getattr(error, "problems", None)
    if code == "no_registry":
        return plain_message(t(lang, "error.no_registry"))
    if code and f"reg.err.{code}" in MESSAGES:
        return plain_message(t(lang, f"reg.err.{code}", **registry_params(error.params, lang)))
    if problems is not None:
        lines = [f"• {escape(str(p))}" for p in problems[:15]]
        if len(problems) > 15:
            lines.append(t(lang, "reg.more", count=len(problems) - 15))
        return plain_message(t(lang, "reg.invalid") + "\n" + "\n".join(lines))
    return plain_message(escape(str(error)))


def finding_lines(findings: list[Any], lang: str) -> list[str]:
    """What a change left fragile, one warning per line."""
    return [t(lang, f"reg.warn.{f.code}", **registry_params(f.params, lang)) for f in findings]


def _diff_block(diff: list[str], lang: str, limit: int = DIFF_LINES) -> str:
    shown = [escape(line) for line in diff[:limit]]
    text = "```" + "\n".join(shown) + "```"
    if len(diff) > limit:
        text += "\n" + t(lang, "reg.more", count=len(diff) - limit)
    return cut(text, TEXT_LIMIT)


def edit_headline(edit: Any, lang: str) -> str:
    """What an edit did, in a sentence: "@Claire is now the owner of `legal`"."""
    values: dict[str, Any] = {}
    for name in ("department", "name", "channel"):
        if hasattr(edit, name):
            values[name] = getattr(edit, name)
    if hasattr(edit, "target"):
        values["target"] = edit.target.label
    if hasattr(edit, "words"):
        values["words"] = ", ".join(f"« {w} »" if lang == "fr" else f"“{w}”" for w in edit.words)
    person = getattr(edit, "person", None) or getattr(edit, "owner", None)
    if person is not None:
        values["person"] = person.id
    key = f"reg.done.{edit.action}"
    if edit.action == "set-channel" and edit.channel is None:
        key += ".none"
    if edit.action == "add-department" and person is None:
        key += ".self"
    safe_values = registry_params({k: v for k, v in values.items() if k != "words"}, lang)
    if "words" in values:
        safe_values["words"] = escape(values["words"])
    return t(lang, key, **safe_values)


def registry_change_message(change: Any, lang: str, headline: str) -> dict:
    """A stored change: what it did, its warnings, its diff, and how to undo it."""
    entry = change.entry
    blocks = [_section(f":white_check_mark: {headline}")]
    warnings = finding_lines(change.findings, lang)
    if warnings:
        blocks.append(_section("\n".join(warnings)))
    if entry.diff:
        blocks.append(_section(_diff_block(entry.diff, lang)))
    blocks.append(_context(t(lang, "reg.done.footer", revision=entry.revision)))
    return {"text": headline, "blocks": blocks}


def registry_help(lang: str, admins: list[str], is_admin: bool) -> dict:
    """`/registry help`: what everyone can read, and what admins can change."""
    text = t(lang, "reg.help.read")
    text += "\n\n" + t(lang, "reg.help.admin", admins=mentions(admins, lang))
    if not is_admin:
        text += "\n" + t(lang, "reg.help.not_admin")
    return {"text": t(lang, "reg.help.title"), "blocks": [_section(f"*{t(lang, 'reg.help.title')}*"), _section(text)]}


def _people_line(registry: Registry, owner: str, deputies: list[str], head: str | None,
                 channel: str | None, lang: str) -> str:
    parts = [f"{_label(lang, 'who.owner')} {mention(owner)}",
             f"{_label(lang, 'who.deputies')} {mentions(deputies, lang, 'who.no_deputy')}"]
    if head:
        parts.append(f"{_label(lang, 'who.head')} {mention(head)}")
    if channel:
        parts.append(f"{_label(lang, 'who.channel')} {channel_link(channel)}")
    return " · ".join(parts)


def department_text(registry: Registry, dept: Any, lang: str, *, detailed: bool = False) -> str:
    """One department: name, id, people, channel and topics (with keywords and timeouts when detailed)."""
    triage = f" {t(lang, 'reg.show.triage')}" if dept.id == registry.settings.triage_department else ""
    lines = [f"*{escape(dept.name)}* (`{dept.id}`){triage}",
             _people_line(registry, dept.owner, dept.deputies, dept.head, dept.channel, lang)]
    if detailed:
        if dept.description:
            lines.insert(1, f"_{escape(dept.description)}_")
        timeouts = ", ".join(
            f"{t(lang, f'esc.severity.{sev}')} {format_duration(registry.ack_seconds(dept.id, sev), lang)}"
            for sev in ("critical", "high", "normal"))
        lines.append(t(lang, "reg.show.timeouts", timeouts=timeouts))
        if dept.keywords:
            lines.append(t(lang, "reg.show.keywords", keywords=", ".join(escape(k) for k in dept.keywords)))
    for topic in dept.topics:
        owner, deputies, _head = registry.responsible(dept.id, topic.id)
        lines.append("• " + t(lang, "reg.show.topic", name=escape(topic.name), id=topic.id, owner=mention(owner),
                              deputies=mentions(deputies, lang, "who.no_deputy")))
        if detailed and topic.keywords:
            lines.append("   " + t(lang, "reg.show.keywords", keywords=", ".join(escape(k) for k in topic.keywords)))
    return cut("\n".join(lines), TEXT_LIMIT)


def registry_overview(registry: Registry, revision: int, lang: str, *, department: str | None = None,
                      heading: str | None = None) -> dict:
    """`/registry show [department]`, or the registry as it was at a date (``heading``)."""
    if department is not None:
        dept = registry.department(department)
        departments = [dept] if dept else []
    else:
        departments = list(registry.departments)
    title = heading or t(lang, "reg.show.title", count=len(registry.departments),
                         triage=registry.settings.triage_department, revision=revision)
    blocks = [_section(title)]
    for dept in departments[:SHOW_DEPARTMENTS]:
        blocks.append(_section(department_text(registry, dept, lang, detailed=department is not None)))
    if len(departments) > SHOW_DEPARTMENTS:
        blocks.append(_context(t(lang, "reg.show.more", count=len(departments) - SHOW_DEPARTMENTS)))
    return {"text": title, "blocks": blocks}


def registry_history(entries: list[Any], revision: int, lang: str) -> dict:
    """`/registry history`: the last changes, newest first, who made them and what changed."""
    title = t(lang, "reg.history.title", revision=revision)
    if not entries:
        return plain_message(t(lang, "reg.history.empty"))
    blocks = [_section(title)]
    for entry in entries[:24]:
        head = t(lang, "reg.history.entry", revision=entry.revision, time=when_text(entry.at, lang),
                 actor=mention(entry.actor) if entry.actor[:1] in ("U", "W") else escape(entry.actor),
                 source=escape(entry.source), action=escape(entry.action))
        if entry.undoes:
            head += " · " + t(lang, "reg.history.undoes", undone=entry.undoes)
        blocks.append(_section(head + "\n" + _diff_block(entry.diff, lang, limit=8)))
    return {"text": title, "blocks": blocks}


def import_preview_message(preview: Any, lang: str) -> dict:
    """The diff of a shared registry file, with Replace / Cancel buttons; nothing changes before the click."""
    title = t(lang, "reg.import.preview", name=escape(preview.name), revision=preview.revision)
    blocks = [_section(title), _section(_diff_block(preview.diff, lang, limit=30))]
    warnings = finding_lines(preview.findings, lang)
    if warnings:
        blocks.append(_section(cut("\n".join(warnings), TEXT_LIMIT)))
    blocks.append(_section(t(lang, "reg.import.question")))
    blocks.append({"type": "actions", "block_id": "registry_import", "elements": [
        _button(t(lang, "reg.import.confirm"), Action.IMPORT_CONFIRM, preview.token, "primary"),
        _button(t(lang, "reg.import.cancel"), Action.IMPORT_CANCEL, preview.token),
    ]})
    return {"text": title, "blocks": blocks}


def import_invalid_message(name: str, error: Exception, lang: str) -> dict:
    """A shared file that is not a valid registry: every problem with its line."""
    problems = getattr(error, "problems", None) or []
    lines = [f"• {escape(str(p))}" for p in problems[:20]]
    if len(problems) > 20:
        lines.append(t(lang, "reg.more", count=len(problems) - 20))
    return plain_message(cut(t(lang, "reg.import.invalid", name=escape(name)) + "\n" + "\n".join(lines), TEXT_LIMIT))


# -- the department form

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


# -- App Home

def _waiting_text(esc: dict, registry: Registry | None, lang: str) -> str:
    severity = esc.get("severity") or "normal"
    if registry is not None:
        name, topic = _department_label(registry, esc.get("department") or "", esc.get("topic"))
    else:
        name, topic = escape(esc.get("department") or "?"), ""
    excerpt = safe((esc.get("text") or "").replace("\n", " "), 200)
    return t(lang, "reg.home.waiting_item", icon=ICONS.get(severity, ""), id=escape(str(esc.get("id"))),
             severity=t(lang, f"esc.severity.{severity}") if severity in ICONS else escape(severity),
             department=f"{name}{topic}", time=when_text(esc.get("created_at"), lang), excerpt=excerpt)


def _health_text(health: Any, registry: Registry, lang: str) -> str:
    lines = [f"*{t(lang, 'reg.home.health')}*"]
    gaps = ", ".join(f"`{c.label}` ({mention(c.owner)})" for c in health.without_deputy)
    lines.append(t(lang, "reg.home.no_deputy", targets=gaps or t(lang, "reg.home.all_good")))
    heavy = ", ".join(f"{mention(p.user_id)} ({p.owner_count})" for p in health.over_limit)
    lines.append(t(lang, "reg.home.overloaded", limit=health.owner_limit, people=heavy or t(lang, "reg.home.all_good")))
    counts = sorted(health.open_by_department.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"`{escape(str(d))}` {n}" for d, n in counts)
    lines.append(t(lang, "reg.home.open", counts=shown or t(lang, "reg.home.all_good")))
    return cut("\n".join(lines), TEXT_LIMIT)


HOME_SUGGESTIONS = 8


def _quote(words: str, lang: str) -> str:
    return f"« {escape(words)} »" if lang == "fr" else f"“{escape(words)}”"


def suggestion_blocks(suggestions: list[Any], registry: Registry, lang: str) -> list[dict]:
    """Suggested keywords for admins, each with Accept / Dismiss buttons (values: the suggestion id)."""
    blocks: list[dict] = [{"type": "divider"}, _section(f"*{t(lang, 'learn.home.title')}*")]
    if not suggestions:
        return blocks + [_context(t(lang, "learn.home.none"))]
    for suggestion in suggestions[:HOME_SUGGESTIONS]:
        name, topic = _department_label(registry, suggestion.department, suggestion.topic)
        line = t(lang, "learn.suggestion", words=_quote(suggestion.words, lang), department=f"{name}{topic}",
                 support=suggestion.support, percent=round(suggestion.precision * 100))
        examples = "\n".join("> " + safe(" ".join(e.split()), 120) for e in suggestion.examples[:2])
        blocks.append(_section(f"{line}\n{examples}" if examples else line))
        blocks.append({"type": "actions", "block_id": f"suggestion_{suggestion.id}", "elements": [
            _button(t(lang, "learn.accept"), Action.SUGGESTION_ACCEPT, suggestion.id, "primary"),
            _button(t(lang, "learn.dismiss"), Action.SUGGESTION_DISMISS, suggestion.id),
        ]})
    if len(suggestions) > HOME_SUGGESTIONS:
        blocks.append(_context(t(lang, "learn.home.more", count=len(suggestions) - HOME_SUGGESTIONS)))
    return blocks


def suggestion_done(suggestion: Any, decision: str, registry: Registry, lang: str, revision: int | None = None) -> str:
    """What became of a suggestion, in a sentence."""
    name, topic = _department_label(registry, suggestion.department, suggestion.topic)
    return t(lang, f"learn.{decision}", words=_quote(suggestion.words, lang), department=f"{name}{topic}",
             revision=revision if revision is not None else "—")


def home_view(data: Any, lang: str, *, suggestions: list[Any] | None = None, notice: str | None = None) -> dict:
    """The Home tab: escalations waiting for the person; the registry (Edit buttons and health for admins).

    Admins also see ``suggestions`` (keywords learned from corrections) when given; ``notice``
    (already safe text) heads the tab, e.g. what became of the suggestion just clicked.
    """
    blocks: list[dict] = [_section(notice), {"type": "divider"}] if notice else []
    blocks.append(_section(f"*{t(lang, 'reg.home.waiting')}*"))
    if data.waiting:
        for esc in data.waiting[:HOME_WAITING]:
            blocks.append(_section(_waiting_text(esc, data.registry, lang)))
        if len(data.waiting) > HOME_WAITING:
            blocks.append(_context(t(lang, "reg.more", count=len(data.waiting) - HOME_WAITING)))
    else:
        blocks.append(_context(t(lang, "reg.home.waiting_none")))
    registry = data.registry
    if registry is None:
        blocks += [{"type": "divider"}, _section(t(lang, "error.no_registry"))]
        return {"type": "home", "blocks": blocks}
    load = data.load
    if load is not None and (load.owns or load.deputises or load.heads):
        blocks.append(_context(t(lang, "reg.home.mine", owns=_code_list(load.owns, lang),
                                 deputises=_code_list(load.deputises, lang), heads=_code_list(load.heads, lang))))
    blocks += [{"type": "divider"}, _section(f"*{t(lang, 'reg.home.overview')}*")]
    for dept in registry.departments[:HOME_DEPARTMENTS]:
        block = _section(department_text(registry, dept, lang))
        if data.is_admin:
            block["accessory"] = _button(t(lang, "reg.home.edit"), Action.HOME_EDIT_DEPARTMENT, dept.id)
        blocks.append(block)
    if len(registry.departments) > HOME_DEPARTMENTS:
        blocks.append(_context(t(lang, "reg.home.more", count=len(registry.departments) - HOME_DEPARTMENTS)))
    if data.health is not None:
        blocks += [{"type": "divider"}, _section(_health_text(data.health, registry, lang)),
                   _context(t(lang, "reg.home.admin_hint", revision=data.revision))]
    if data.is_admin and suggestions is not None:
        blocks += suggestion_blocks(suggestions, registry, lang)
    return {"type": "home", "blocks": blocks}

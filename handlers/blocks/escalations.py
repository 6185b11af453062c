"""Escalation cards, thread notes with choices, and the reassign/resolve modals."""
from __future__ import annotations


from handlers.i18n import t
from handlers.ids import Action, Block, Callback
from knowledge.durations import format_duration
from knowledge.models import Registry
from handlers.blocks.base import EXCERPT_LIMIT, ICONS, _button, _context, _department_label, _plain, _section, _time, channel_link, escape, mention, readable, safe
from handlers.blocks.answers import choice_buttons, runner_ups

# --- escalations ----------------------------------------------------------------------------

def _escalation_header(esc: dict, registry: Registry, lang: str) -> list[dict]:
    severity = t(lang, f"esc.severity.{esc['severity']}")
    name, topic = _department_label(registry, esc["department"], esc.get("topic"))
    title = t(lang, "esc.title", icon=ICONS.get(esc["severity"], ""), id=esc["id"], severity=severity)
    quoted = readable(esc.get("text") or "", lambda user: registry.person_name(user) if user in registry.people else None)
    excerpt = "\n".join("> " + line for line in safe(quoted, EXCERPT_LIMIT).splitlines() or [""])
    lines = [f"*{title}*", t(lang, "esc.for", department=name, topic=topic), excerpt]
    source = esc.get("source") or {}
    link = source.get("permalink")
    reporters = ", ".join(mention(u) for u in esc.get("reporters", []))
    if esc.get("via") == "auto":  # found by screening; people who reported it since are added
        meta = t(lang, "esc.auto_screened", channel=channel_link(source.get("channel")))
        if reporters:
            meta += " · " + t(lang, "esc.also_reported_by", reporters=reporters)
    else:
        meta = t(lang, "esc.reported_by", reporters=reporters or "—")
    if link:
        meta += f" · <{escape(link)}|{t(lang, 'esc.source')}>"
    previous = esc.get("previous")
    if previous:  # the same message was escalated and resolved before: what was decided then
        meta += "\n" + t(lang, "esc.previous", id=escape(previous["id"]), user=mention(previous.get("resolved_by")),
                         time=_time(previous.get("resolved_at"), lang))
        if previous.get("note"):
            meta += " " + t(lang, "esc.previous_note", note=safe(previous["note"], 300))
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
    waiting = t(lang, "esc.status.open")
    following = next((step for step in esc.get("chain") or [] if step.get("level", 0) > (esc.get("level") or 0)
                      and (step.get("users") or step.get("channel"))), None)
    if esc.get("due_kind") == "climb" and esc.get("due_at") and following is not None:
        # until when it waits, and who is called in then
        waiting += " " + t(lang, "esc.status.deadline", time=_time(esc["due_at"], lang),
                           next=t(lang, f"esc.next.{following.get('label')}"))
    return waiting


def _escalation_buttons(esc: dict, lang: str, acknowledge: bool = True) -> dict | None:
    status = esc.get("status", "open")
    if status == "resolved":
        return None
    buttons = []
    if status == "open" and acknowledge:
        buttons.append(_button(t(lang, "esc.btn.ack"), Action.ACK, esc["id"], "primary"))
    buttons.append(_button(t(lang, "esc.btn.reassign"), Action.REASSIGN, esc["id"]))
    buttons.append(_button(t(lang, "esc.btn.resolve"), Action.RESOLVE, esc["id"], "danger"))
    return {"type": "actions", "block_id": f"escalation_{esc['id']}", "elements": buttons}


def escalation_card(esc: dict, registry: Registry, lang: str, reason: str | None = None, *,
                    acknowledge: bool = True) -> dict:
    """The escalation as sent to a person or a channel, with its status and three buttons (no
    *Acknowledge* for a reader the escalation has left: ``acknowledge`` false)."""
    blocks = _escalation_header(esc, registry, lang)
    if reason:
        blocks.append(_context(reason))
    blocks.append(_section(_status_line(esc, lang)))
    buttons = _escalation_buttons(esc, lang, acknowledge)
    if buttons:
        blocks.append(buttons)
    blocks.extend(escalation_choices(esc, registry, lang) or escalation_elsewhere(esc, registry, lang))
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


def offers_elsewhere(esc: dict) -> bool:
    """True while an escalation the engine routed on its own can still be sent, in one click, to
    one of the other likely departments (until it is acknowledged, reassigned or resolved)."""
    return (esc.get("status", "open") == "open" and esc.get("confident", True) and bool(esc.get("alternatives"))
            and not any(e.get("kind") == "reassigned" for e in esc.get("timeline", [])))


def escalation_elsewhere(esc: dict, registry: Registry, lang: str) -> list[dict]:
    """Under a card of an escalation routed with confidence: the runner-up departments as buttons,
    so that the person it reached sends it where it belongs in one click (a correction learnt)."""
    if not offers_elsewhere(esc):
        return []
    buttons = choice_buttons(runner_ups(esc["alternatives"], esc["department"]), registry, f"esc:{esc['id']}")
    return [_context(t(lang, "esc.elsewhere")), buttons] if buttons else []


def thread_note_blocks(esc: dict, note: str, registry: Registry, lang: str) -> list[dict] | None:
    """A source-thread note with the choices under it, when the escalation offers some."""
    choices = escalation_choices(esc, registry, lang)
    return [_section(note), *choices] if choices else None


def delay_text(seconds: int, lang: str) -> str:
    return format_duration(seconds, lang)


# --- modals ---------------------------------------------------------------------------------

def _escalation_modal(esc: dict, lang: str, callback_id: str, title_key: str, inputs: list[dict]) -> dict:
    """A modal about one escalation: its id and text, then ``inputs``."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": esc["id"],
        "title": _plain(t(lang, title_key), 24),
        "submit": _plain(t(lang, "modal.submit"), 24),
        "close": _plain(t(lang, "modal.cancel"), 24),
        "blocks": [_section(f"*{esc['id']}* — " + safe(readable(esc.get("text") or ""), 300)), *inputs],
    }


def reassign_modal(esc: dict, registry: Registry, lang: str) -> dict:
    """Pick another department or one of its topics (its own owner and chain) and, optionally, a person."""
    options = [
        option for d in registry.departments
        for option in ({"text": _plain(d.name, 75), "value": d.id},
                       *({"text": _plain(f"{d.name} › {topic.name}", 75), "value": f"{d.id}/{topic.id}"}
                         for topic in d.topics))
    ]
    if len(options) > 100:  # Slack's limit: every department rather than some of them with their topics
        options = [{"text": _plain(d.name, 75), "value": d.id} for d in registry.departments][:100]
    return _escalation_modal(esc, lang, Callback.REASSIGN_VIEW, "modal.reassign.title", [
        {"type": "input", "block_id": Block.REASSIGN_DEPARTMENT, "label": _plain(t(lang, "modal.reassign.department")),
         "element": {"type": "static_select", "action_id": "value", "options": options}},
        {"type": "input", "block_id": Block.REASSIGN_PERSON, "optional": True,
         "label": _plain(t(lang, "modal.reassign.person")),
         "element": {"type": "users_select", "action_id": "value"}},
    ])


def resolve_modal(esc: dict, lang: str) -> dict:
    """Close the escalation with an optional note."""
    return _escalation_modal(esc, lang, Callback.RESOLVE_VIEW, "modal.resolve.title", [
        {"type": "input", "block_id": Block.RESOLVE_NOTE, "optional": True,
         "label": _plain(t(lang, "modal.resolve.note")),
         "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000}},
    ])

"""How escalation messages look: the ``EscalationRenderer`` protocol and a plain-text renderer.

The bot posts Block Kit (``bot.renderer`` over ``handlers.blocks``); ``TextRenderer`` serves tests
and any place that wants readable messages without the Slack layer.
"""
from __future__ import annotations

from typing import Protocol

from knowledge.durations import format_duration


class EscalationRenderer(Protocol):
    """How escalation messages look. Each method gets the escalation AFTER the change.

    Dict results are ``chat.postMessage``/``chat.update`` keyword arguments without ``channel``
    or ``ts`` (``text`` plus optional ``blocks``); cards carry the buttons ``escalation_ack``,
    ``escalation_reassign``, ``escalation_resolve`` whose value is the escalation id.
    Renderers must be pure: no I/O, no store access (they run on the store's writer thread).
    """

    def notify(self, esc: dict, level: int, lang: str, reader: str | None = None) -> dict:
        """The card sent to the people (and channel) of chain level ``level`` (3 = unacknowledged),
        for ``reader`` (a person of that level; None for the level's channel)."""
        ...

    def channel_post(self, esc: dict, lang: str) -> dict:
        """The card posted in the department's channel when the escalation arrives there."""
        ...

    def card_update(self, esc: dict, lang: str, reader: str | None = None) -> dict:
        """A posted card redrawn with the current status (acknowledged, resolved, reassigned), for
        ``reader``: the person or the channel it was posted to."""
        ...

    def thread_note(self, esc: dict, event: str, detail: dict, lang: str) -> str:
        """A reply in the source thread for ``event``: created, climbed, acknowledged, reassigned, resolved.

        ``detail`` for created/climbed/reassigned: ``level``, ``label``, ``users``, ``channel``; for
        climbed also ``after_seconds`` (the timeout that expired: "not acknowledged in 15 min");
        for reassigned also ``by``, ``from_department``; acknowledged/resolved: ``by`` (+ ``note``).
        """
        ...

    def reporter_confirmation(self, esc: dict, created: bool, lang: str) -> str:
        """What the reporter is told: the new escalation id, or that they were added as reporter."""
        ...

    def already_reported(self, esc: dict, lang: str) -> str:
        """What a reporter who reports the same message again by another way is told."""
        ...

    def severity_raised_notice(self, esc: dict, before: str, by: str | None, lang: str) -> str:
        """What the people who must act on an open escalation are told when its severity is raised."""
        ...

    def severity_confirmation(self, esc: dict, given: str, before: str | None, added: bool, lang: str) -> str:
        """What a reporter who gave the severity ``given`` for a message already escalated is told:
        raised from ``before``, or (None) the same already or kept, as a severity is never lowered,
        or resolved already; and whether they were ``added`` as a reporter by it."""
        ...

    def reminder(self, esc: dict, lang: str) -> dict:
        """The direct message reminding the acknowledger that the escalation is still open."""
        ...

    def unanswered(self, esc: dict, lang: str) -> dict:
        """The direct message reminding everyone called in that nobody acknowledged the
        escalation, once its chain has no level left to climb to."""
        ...


_WORDS = {
    "en": {"responsible": "responsible", "deputies": "deputies", "head": "head",
           "unacknowledged": "UNACKNOWLEDGED", "ack": "Acknowledge", "reassign": "Reassign", "resolve": "Resolve"},
    "fr": {"responsible": "responsable", "deputies": "suppléants", "head": "direction",
           "unacknowledged": "NON PRIS EN CHARGE", "ack": "Je prends", "reassign": "Réaffecter", "resolve": "Résolu"},
}


def _w(lang: str, key: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[key]


def _excerpt(text: str, limit: int = 200) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status(esc: dict, lang: str) -> str:
    if esc["status"] == "acknowledged":
        return f"acknowledged by {esc['acknowledged_by']}" if lang == "en" else f"pris en charge par {esc['acknowledged_by']}"
    if esc["status"] == "resolved":
        return f"resolved by {esc['resolved_by']}" if lang == "en" else f"résolu par {esc['resolved_by']}"
    return "open" if lang == "en" else "ouvert"


class TextRenderer:
    """Plain text messages with the Acknowledge / Reassign / Resolve buttons."""

    def _card(self, esc: dict, lang: str, headline: str) -> dict:
        text = f"{headline} | {_status(esc, lang)} | {_excerpt(esc['text'])}"
        blocks: list[dict] = [{"type": "section", "text": {"type": "plain_text", "text": text}}]
        if esc["status"] != "resolved":
            blocks.append({"type": "actions", "elements": [
                {"type": "button", "action_id": "escalation_ack", "value": esc["id"],
                 "text": {"type": "plain_text", "text": _w(lang, "ack")}},
                {"type": "button", "action_id": "escalation_reassign", "value": esc["id"],
                 "text": {"type": "plain_text", "text": _w(lang, "reassign")}},
                {"type": "button", "action_id": "escalation_resolve", "value": esc["id"],
                 "text": {"type": "plain_text", "text": _w(lang, "resolve")}},
            ]})
        return {"text": text, "blocks": blocks}

    def notify(self, esc: dict, level: int, lang: str, reader: str | None = None) -> dict:
        """The card for chain level ``level``."""
        label = _w(lang, esc["chain"][level]["label"])
        return self._card(esc, lang, f"{esc['id']} [{esc['severity']}] {esc['department']} L{level} {label}")

    def channel_post(self, esc: dict, lang: str) -> dict:
        """The card for the department's channel."""
        return self._card(esc, lang, f"{esc['id']} [{esc['severity']}] {esc['department']}")

    def card_update(self, esc: dict, lang: str, reader: str | None = None) -> dict:
        """A card redrawn with the current status."""
        return self._card(esc, lang, f"{esc['id']} [{esc['severity']}] {esc['department']}")

    def thread_note(self, esc: dict, event: str, detail: dict, lang: str) -> str:
        """One line for the source thread."""
        who = ", ".join(detail.get("users") or []) or detail.get("channel") or "nobody"
        if event == "created":
            return f"{esc['id']}: sent to {esc['department']} ({who})"
        if event == "climbed":
            after = format_duration(detail["after_seconds"], lang)
            return f"{esc['id']}: not acknowledged in {after}, now {who} ({detail['label']})"
        if event == "reassigned":
            return f"{esc['id']}: reassigned by {detail['by']} to {esc['department']} ({who})"
        if event == "severity_raised":
            return f"{esc['id']}: severity raised to {esc['severity']} by {detail.get('by')}"
        if event == "resolved":
            note = f": {detail['note']}" if detail.get("note") else ""
            return f"{esc['id']}: resolved by {detail['by']}{note}"
        return f"{esc['id']}: {event} by {detail.get('by')}"

    def reporter_confirmation(self, esc: dict, created: bool, lang: str) -> str:
        """The reporter's confirmation with the escalation id."""
        if created:
            return f"Escalated as {esc['id']} to {esc['department']}."
        return f"Added you as a reporter of {esc['id']}."

    def already_reported(self, esc: dict, lang: str) -> str:
        """The reporter's reminder that the message is already their escalation."""
        return f"You already reported this message: {esc['id']}."

    def severity_raised_notice(self, esc: dict, before: str, by: str | None, lang: str) -> str:
        """The notice of a raised severity."""
        return f"{esc['id']} is now {esc['severity']} (was {before})."

    def severity_confirmation(self, esc: dict, given: str, before: str | None, added: bool, lang: str) -> str:
        """The reporter's confirmation of a severity given again."""
        if esc["status"] == "resolved":
            return f"{esc['id']} is already resolved."
        if before is not None:
            return f"{esc['id']}: severity raised from {before} to {esc['severity']}."
        return f"{esc['id']} stays {esc['severity']}" + (" (you were added as a reporter)." if added else ".")

    def reminder(self, esc: dict, lang: str) -> dict:
        """The acknowledger's reminder."""
        return {"text": f"Reminder: {esc['id']} is still not resolved | {_excerpt(esc['text'], 100)}"}

    def unanswered(self, esc: dict, lang: str) -> dict:
        """The reminder to everyone called in, when nobody acknowledged at the last level."""
        return {"text": f"{esc['id']} ({esc['severity']}) is still not acknowledged: everyone in its chain was "
                        f"called in | {_excerpt(esc['text'], 100)}"}

"""Escalation messages as Slack shows them: the EscalationRenderer backed by the Block Kit module."""
from __future__ import annotations

from typing import Callable

from bot.escalation_chain import department_people
from handlers import blocks
from handlers.i18n import t
from knowledge.durations import format_duration
from knowledge.models import Registry


class BlockRenderer:
    """Renders escalation cards, thread notes and confirmations in French or English."""

    def __init__(self, registry_provider: Callable[[], Registry | None]):
        self._registry_provider = registry_provider

    @property
    def _registry(self) -> Registry:
        registry = self._registry_provider()
        assert registry is not None, "escalations exist only once a registry is loaded"
        return registry

    def _department(self, esc: dict) -> str:
        name, topic = blocks._department_label(self._registry, esc["department"], esc.get("topic"))
        return name + topic

    def _reason(self, esc: dict, level: int, lang: str, reader: str | None = None) -> str:
        """Why the reader of this card is called in, as their role says it (not the chain's level number)."""
        if level == 3:
            return t(lang, "esc.called.triage")
        if level > 0:
            delay = format_duration(int(esc.get("ack_seconds") or 0), lang)
            if level == 1 and reader is not None and reader == self._owner(esc):
                # the owner backs up a person the escalation was reassigned to by hand
                return t(lang, "esc.called.owner_backup", delay=delay)
            dept = self._registry.department(esc["department"])
            if level == 1 and dept is not None and reader == dept.owner and reader != self._owner(esc):
                # the department's owner backs up the owner of one of its topics
                return t(lang, "esc.called.department_owner", delay=delay)
            return t(lang, "esc.called.deputy" if level == 1 else "esc.called.head", delay=delay)
        if esc.get("chain_no"):
            reassigned = [e for e in esc.get("timeline", []) if e.get("kind") == "reassigned"]
            by = reassigned[-1].get("actor") if reassigned else None
            return t(lang, "esc.called.reassigned", user=blocks.mention(by))
        return t(lang, "esc.called.owner")

    def _owner(self, esc: dict) -> str | None:
        if self._registry.department(esc["department"]) is None:
            return None
        return self._registry.responsible(esc["department"], esc.get("topic"))[0]

    def notify(self, esc: dict, level: int, lang: str, reader: str | None = None) -> dict:
        return blocks.escalation_card(esc, self._registry, lang, reason=self._reason(esc, level, lang, reader))

    def channel_post(self, esc: dict, lang: str) -> dict:
        return blocks.escalation_card(esc, self._registry, lang)

    def card_update(self, esc: dict, lang: str, reader: str | None = None) -> dict:
        """The card redrawn for ``reader`` (a person, or a channel, it was posted to): while it
        waits, someone its chain called in keeps the line saying why; a person or a channel it
        has left (reassigned elsewhere) is told so, without *Acknowledge*."""
        reason, acknowledge = None, True
        if esc.get("status", "open") == "open" and reader:
            reached = (esc.get("chain") or [])[:(esc.get("level") or 0) + 1]  # the levels called in so far
            if reader[0] in "CG":  # a channel: the department's, or a level's reached, keeps its card as it is
                if reader != esc.get("channel") and all(step.get("channel") != reader for step in reached):
                    reason, acknowledge = t(lang, "esc.called.moved", department=self._department(esc)), False
            else:
                called = next((n for n, step in enumerate(reached) if reader in (step.get("users") or [])), None)
                if called is not None:
                    reason = self._reason(esc, called, lang, reader)
                elif reader not in department_people(self._registry, esc["department"], esc.get("topic")):
                    # handed away: triage, an admin or another department no longer has it to take on
                    reason, acknowledge = t(lang, "esc.called.moved", department=self._department(esc)), False
        return blocks.escalation_card(esc, self._registry, lang, reason=reason, acknowledge=acknowledge)

    def thread_note(self, esc: dict, event: str, detail: dict, lang: str) -> str:
        severity = t(lang, f"esc.severity.{esc['severity']}")
        people = ", ".join(blocks.mention(u) for u in detail.get("users") or []) or blocks.channel_link(detail.get("channel"))
        by = blocks.mention(detail.get("by"))
        if event == "created":
            return t(lang, "esc.thread.created", id=esc["id"], severity=severity, department=self._department(esc), people=people)
        if event == "climbed":
            if detail.get("level") == 3:
                reason = t(lang, "esc.reason.triage")
            else:
                reason = t(lang, "esc.reason.climbed", delay=format_duration(int(detail.get("after_seconds") or 0), lang))
            return t(lang, "esc.thread.climbed", id=esc["id"], people=people, reason=reason)
        if event == "acknowledged":
            return t(lang, "esc.thread.acknowledged", id=esc["id"], user=by)
        if event == "resolved":
            return t(lang, "esc.thread.resolved", id=esc["id"], user=by)
        if event == "severity_raised":
            return t(lang, "esc.thread.severity_raised", id=esc["id"], user=by,
                     severity=t(lang, f"esc.severity.{esc['severity']}"))
        if event == "reassigned":
            return t(lang, "esc.thread.reassigned", id=esc["id"], department=self._department(esc), people=people, user=by)
        return f"{esc['id']}: {event}"

    def reporter_note(self, esc: dict, event: str, detail: dict, lang: str) -> str:
        """The thread note told by DM to the reporter of a typed text: with what the text said
        and, once resolved, the resolution's note."""
        note = self.thread_note(esc, event, detail, lang) + "\n> " + blocks.safe(" ".join((esc.get("text") or "").split()), 200)
        if event == "resolved" and esc.get("resolved_note"):
            note += "\n" + t(lang, "esc.status.note", note=blocks.safe(esc["resolved_note"], 500))
        return note

    def thread_blocks(self, esc: dict, event: str, note: str, lang: str) -> list[dict] | None:
        """Blocks for a thread note: the "is it rather…?" choices under the note of an unsure escalation."""
        if event != "created":
            return None
        return blocks.thread_note_blocks(esc, note, self._registry, lang)

    def reporter_confirmation(self, esc: dict, created: bool, lang: str) -> str:
        if not created:
            return t(lang, "esc.confirm.plus_one", id=esc["id"])
        first = (esc.get("chain") or [{}])[0]
        people = ", ".join(blocks.mention(u) for u in first.get("users") or []) or "—"
        return t(lang, "esc.confirm.created", id=esc["id"], severity=t(lang, f"esc.severity.{esc['severity']}"),
                 department=self._department(esc), people=people)

    def severity_raised_notice(self, esc: dict, before: str, by: str | None, lang: str) -> str:
        if esc["status"] == "acknowledged":  # to whoever took it on: reminders come sooner now
            delay = self._registry.settings.reminder_seconds(esc["severity"])
            key = "esc.raised_notice.acknowledged"
        else:
            delay, key = int(esc.get("ack_seconds") or 0), "esc.raised_notice"
        return t(lang, key, id=esc["id"], user=blocks.mention(by), before=t(lang, f"esc.severity.{before}"),
                 severity=t(lang, f"esc.severity.{esc['severity']}"), delay=format_duration(delay, lang))

    def already_reported(self, esc: dict, lang: str) -> str:
        return t(lang, "esc.confirm.again", id=esc["id"])

    def severity_confirmation(self, esc: dict, given: str, before: str | None, added: bool, lang: str) -> str:
        if esc["status"] == "resolved":
            return t(lang, "esc.confirm.resolved", id=esc["id"])
        severity = t(lang, f"esc.severity.{esc['severity']}")
        if before is not None and esc["status"] == "acknowledged":
            text = t(lang, "esc.confirm.raised.acknowledged", id=esc["id"], severity=severity,
                     before=t(lang, f"esc.severity.{before}"), user=blocks.mention(esc.get("acknowledged_by")))
        elif before is not None:
            text = t(lang, "esc.confirm.raised", id=esc["id"], severity=severity,
                     before=t(lang, f"esc.severity.{before}"))
        else:
            text = t(lang, "esc.confirm.same" if given == esc["severity"] else "esc.confirm.kept",
                     id=esc["id"], severity=severity)
        return f"{text} {t(lang, 'esc.confirm.added')}" if added else text

    def reminder(self, esc: dict, lang: str) -> dict:
        card = blocks.escalation_card(esc, self._registry, lang)
        text = t(lang, "esc.reminder", id=esc["id"])
        return {"text": text, "blocks": [blocks._section(text), *card["blocks"]]}

    def unanswered(self, esc: dict, lang: str) -> dict:
        """The reminder to everyone called in on an escalation nobody acknowledged, at the last level."""
        card = blocks.escalation_card(esc, self._registry, lang)
        text = t(lang, "esc.unanswered", id=esc["id"], severity=t(lang, f"esc.severity.{esc['severity']}"))
        return {"text": text, "blocks": [blocks._section(text), *card["blocks"]]}

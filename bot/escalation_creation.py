"""Creating escalations: a new one per source message, a repeat adding its reporter or raising its severity.

Part of ``bot.escalations.EscalationService`` (its attributes are set there). Creations that
arrive together run as ONE transaction on the store's writer thread (``bot.group_commit``): one
outbox write and one escalations write for the whole batch, the escalations being the commit
point, as for every change (see ``bot.escalations``).
"""
from __future__ import annotations

import logging
from typing import Any

from bot.escalation_chain import build_chain, level_detail, new_escalation, stamp
from bot.escalation_store import escalation_id
from knowledge.models import SEVERITY_RANK, Registry

log = logging.getLogger("bot.escalations")


class EscalationCreation:
    """The creation half of the escalation service (transactions, on the writer thread)."""

    def _create_many_tx(self, jobs: list[tuple]) -> list[tuple[dict, bool, list]]:
        """Creations queued together: one outbox write and one escalations write for all of them.

        Each job gets (escalation, created, the outbox entries the batch stored as (doc_id, entry)).
        """
        touched: dict[tuple[str, str], dict] = {}  # source -> escalation, within this batch
        new: dict[str, dict] = {}
        changed: dict[str, dict] = {}
        entries: list[dict] = []
        later: list[dict] = []  # messages of changes to escalations stored before
        number = self.records.next_number()
        results = []
        for registry, now, text, source, reporter, via, route, severity, confirm, tell_repeat in jobs:
            key = (source.get("channel"), source.get("ts"))
            existing = None
            if key[0] and key[1]:
                existing = touched.get(key) or self.records.by_source(*key)
            if existing is not None:
                touched[key] = existing
                out = entries if existing["id"] in new else later
                explicit = severity in SEVERITY_RANK  # "/escalate critical <link>": said on purpose
                added = bool(reporter) and reporter not in existing["reporters"]
                if added:
                    # the +1 confirmation, unless the severity's own says more below
                    out.extend(self._add_reporter(registry, now, existing, reporter, confirm and not explicit))
                    if existing["id"] not in new:
                        changed[existing["id"]] = existing
                elif reporter and confirm and tell_repeat and not explicit:  # the same person by another way
                    batch = self._batch(existing, registry)
                    batch.confirm(reporter, self.renderer.already_reported(existing, batch.lang_of(reporter)))
                    out.extend(batch.entries)
                before = None
                if (explicit and existing["status"] != "resolved"
                        and SEVERITY_RANK[severity] > SEVERITY_RANK.get(existing["severity"], 0)):
                    before = existing["severity"]
                    out.extend(self._raise_severity(registry, now, existing, severity, reporter))
                    if existing["id"] not in new:
                        changed[existing["id"]] = existing
                if explicit and reporter and confirm:
                    batch = self._batch(existing, registry)
                    batch.confirm(reporter, self.renderer.severity_confirmation(existing, severity, before, added,
                                                                                batch.lang_of(reporter)))
                    out.extend(batch.entries)
                results.append((existing, False))  # a repeat: a Slack retry, another reporter
                continue
            esc, made = self._new_escalation(registry, now, number, text, source, reporter, via, route, severity,
                                             confirm)
            number += 1
            new[esc["id"]] = esc
            entries.extend(made)
            if key[0] and key[1]:
                touched[key] = esc
            results.append((esc, True))
        doc_ids = self._outbox.add_tx(entries + later)
        try:
            if new:
                self.records.insert_many(list(new.values()))
        except BaseException:
            self._outbox.remove_tx(doc_ids)
            raise
        try:
            if changed:
                self.records.save_many(list(changed.values()))
        except BaseException:
            self._outbox.remove_tx(doc_ids[len(entries):])
            raise
        for esc in new.values():
            log.info("%s created (%s, %s) via %s, L%d", esc["id"], esc["department"], esc["severity"], esc["via"],
                     esc["level"])
        stored = list(zip(doc_ids, entries + later))
        return [(esc, created, stored) for esc, created in results]

    def _raise_severity(self, registry: Registry, now: float, esc: dict, severity: str,
                        by: str | None) -> list[dict]:
        """A severity given explicitly on a message already escalated, higher than its own: the
        escalation takes it, with that severity's shorter time to acknowledge (never lowered); once
        acknowledged, its shorter time between reminders, and whoever acknowledged it is told."""
        esc["rev"] += 1
        before = esc["severity"]
        esc["severity"] = severity
        if registry.department(esc["department"]) is not None:
            esc["ack_seconds"] = registry.ack_seconds(esc["department"], severity)
        if esc["status"] == "open" and esc.get("due_kind") in ("climb", "nudge") and esc.get("due_at") is not None:
            esc["due_at"] = min(esc["due_at"], now + esc["ack_seconds"])
        elif esc["status"] == "acknowledged" and esc.get("due_kind") == "remind" and esc.get("due_at") is not None:
            esc["due_at"] = min(esc["due_at"], now + registry.settings.reminder_seconds(severity))
        stamp(esc, now, "severity_raised", by, from_severity=before, severity=severity)
        batch = self._batch(esc, registry)
        batch.update_cards(self.renderer.card_update)  # edited in place: nobody is notified by that
        if esc["status"] == "open" and esc.get("chain"):  # those who must act now are told, with the new pace
            for user in esc["chain"][esc.get("level") or 0].get("users") or []:
                batch.notice_dm(user, self.renderer.severity_raised_notice(esc, before, by, batch.lang_of(user)),
                                "raised")
        elif esc["status"] == "acknowledged" and esc.get("acknowledged_by"):  # who took it on, at the new pace
            user = esc["acknowledged_by"]
            batch.notice_dm(user, self.renderer.severity_raised_notice(esc, before, by, batch.lang_of(user)), "raised")
        batch.thread("severity_raised", {"by": by, "from_severity": before})
        return batch.entries

    def _add_reporter(self, registry: Registry, now: float, esc: dict, reporter: str, confirm: bool) -> list[dict]:
        esc["rev"] += 1
        esc["reporters"].append(reporter)
        stamp(esc, now, "reporter_added", reporter)
        batch = self._batch(esc, registry)
        batch.update_cards(self.renderer.card_update)  # the cards name every reporter (edited in place: no one notified)
        if confirm:
            batch.confirm(reporter, self.renderer.reporter_confirmation(esc, False, batch.lang_of(reporter)))
        return batch.entries

    def _new_escalation(
        self, registry: Registry, now: float, number: int, text: str, source: dict, reporter: str | None, via: str,
        route: Any, severity: str | None, confirm: bool,
    ) -> tuple[dict, list[dict]]:
        if registry.department(getattr(route, "department", "")) is not None:
            owner, backups, head = registry.escalation_people(route.department, route.topic)
        else:
            owner, backups, head = (getattr(route, "owner", None), list(getattr(route, "deputies", None) or []),
                                    getattr(route, "head", None))
        chain = build_chain(registry, owner=owner, deputies=backups, head=head)
        esc = new_escalation(
            esc_id=escalation_id(number), now=now, text=text, source=source, reporter=reporter, via=via,
            route=route, severity=severity or getattr(route, "severity", None) or "normal", chain=chain,
            registry=registry,
        )
        if source.get("channel") and source.get("ts"):  # the same message, escalated and resolved before
            previous = self.records.resolved_by_source(source["channel"], source["ts"])
            if previous is not None:
                esc["previous"] = previous
        batch = self._batch(esc, registry)
        step = self._enter_level(batch, 0, now)
        if esc.get("channel") and not (step and step.get("channel") == esc["channel"]):
            batch.card_post(esc["channel"], self.renderer.channel_post(esc, batch.default_lang), "dept")
        batch.thread("created", level_detail(esc, step))
        if reporter and confirm:
            batch.confirm(reporter, self.renderer.reporter_confirmation(esc, True, batch.lang_of(reporter)))
        return esc, batch.entries

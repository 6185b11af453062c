"""The escalation lifecycle: create, climb the chain, acknowledge, remind, reassign, resolve.

An escalation is a plain JSON document (see ``bot.escalation_chain.new_escalation`` for its
fields). ``EscalationService`` is the only code that changes one. Each public call is ONE
function run on the store's writer thread, which makes every change a transaction:

1. read the document and check state and permission (nothing is written before this passes);
2. change it, bump its ``rev``, add the timeline entry, compute the next ``due_at``;
3. add the messages the change causes to the outbox (one write), each tagged with the new rev;
4. write the document (or archive it): the commit point.

A crash after 3 and before 4 leaves outbox entries newer than their escalation; ``repair()``
(at startup, before the outbox worker runs) removes them, so the step happens again, once:
the sweeper re-runs an overdue climb, Slack retries an unacknowledged trigger, a person clicks
again. Because all calls queue on one thread, "acknowledge" and "resolve" clicked at the same
moment run one after the other and the second sees what the first did.

Creations that arrive together are committed together (``bot.group_commit``): one outbox write
and one escalations write for the whole batch.

Nothing here talks to Slack: messages are rendered by an injected ``EscalationRenderer`` (the
protocol lives in ``bot.escalation_text``) and delivered by ``bot.outbox.Outbox``.
"""
from __future__ import annotations

import builtins
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from bot.clock import Clock
from bot.escalation_chain import (
    Batch,
    ack_actors,
    allowed_actors,
    build_chain,
    first_level_from,
    level_detail,
    not_allowed,
    not_allowed_to_acknowledge,
    reachable,
    refresh_chain,
    stamp,
    state_conflict,
    still_called,
)
from bot.escalation_creation import EscalationCreation
from bot.escalation_store import (
    DeliveryHooks,
    EscalationRecords,
    escalation_id,
    escalation_number,
    rollback_uncommitted,
)
from bot.escalation_text import EscalationRenderer
from bot.group_commit import GroupCommit
from bot.outbox import Outbox
from knowledge.errors import Conflict, NotFound
from knowledge.models import SEVERITIES, Registry
from knowledge.store import Store

log = logging.getLogger(__name__)

__all__ = ["EscalationRenderer", "EscalationService"]


class EscalationService(EscalationCreation):
    """Escalations: the domain API the Slack handlers, the sweeper and the CLI call (creating them:
    ``bot.escalation_creation``)."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        outbox: Outbox,
        renderer: EscalationRenderer,
        registry_provider: Callable[[], Registry],
        language_of: Callable[[str], str],
        learn_languages: Callable[[Iterable[str]], Awaitable[None]] | None = None,
    ):
        """``language_of`` must answer from memory (it runs on the writer thread); ``learn_languages``
        makes it know people a step is about to write to (asking Slack), whoever they are and
        however long ago the bot started."""
        self._store = store
        self._learn_languages = learn_languages
        self._clock = clock
        self._outbox = outbox
        self.renderer = renderer
        self._registry_provider = registry_provider
        self._language_of = language_of
        self.records = EscalationRecords(store)
        self._creations = GroupCommit(store.acall, self._create_many_tx, "escalation-creations")
        hooks = DeliveryHooks(self.records, clock)
        outbox.on_delivered, outbox.on_failed, outbox.resolve_ref = hooks.delivered, hooks.failed, hooks.resolve_ref

    # -- public API ----------------------------------------------------------------------------

    async def create(
        self, *, text: str, source: dict, reporter: str | None, via: str, route: Any,
        severity: str | None = None, confirm: bool = True, tell_repeat: bool = False,
    ) -> tuple[dict, bool]:
        """Store and announce an escalation; (escalation, created). A repeat adds the reporter; with
        ``tell_repeat``, a reporter who reports the message again (another way: the shortcut after
        the emoji) is told which escalation it is."""
        if severity is not None and severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}: expected one of {', '.join(SEVERITIES)}")
        job = (self._registry(), self._clock.now(), text, dict(source or {}), reporter, via, route, severity, confirm,
               tell_repeat)
        esc, created, stored = await self._creations.submit(job)
        self._outbox.committed(stored)  # the worker takes them from here, no reload from disk
        return esc, created

    async def acknowledge(self, esc_id: str, user: str) -> dict:
        """Record who acknowledged; cards and the source thread are told. Idempotent per person."""
        return await self._act(self._ack_tx, esc_id, user)

    async def resolve(self, esc_id: str, user: str, note: str | None = None) -> dict:
        """Close and archive the escalation; cards and the source thread are told."""
        return await self._act(self._resolve_tx, esc_id, user, (note or "").strip() or None)

    async def reassign(
        self, esc_id: str, user: str, department: str, topic: str | None = None, person: str | None = None,
        *, check: Callable[[dict], None] | None = None,
    ) -> dict:
        """Route to another department (or person): a new chain starts, the history stays.

        ``check`` sees the escalation inside the same transaction, before anything changes, and
        may refuse by raising (a one-click choice that is no longer offered)."""
        await self._learn(reachable(self._registry(), department, topic, person, user))
        return await self._act(self._reassign_tx, esc_id, user, department, topic, person, check)

    async def check_can_act(self, esc_id: str, user: str) -> dict:
        """The escalation if ``user`` may press its buttons; NotAllowed / Conflict (resolved) if not."""
        registry = self._registry()
        return await self._store.acall(self._check_tx, registry, esc_id, user)

    async def due(self, now: float) -> list[str]:
        """Ids of escalations whose next step (climb or reminder) is due at ``now``."""
        return [esc_id for _due, esc_id in await self._store.acall(self.records.due, now)]

    async def learn_for_steps(self, esc_ids: Iterable[str]) -> None:
        """Learn at once the languages of everyone the due steps of these escalations may write
        to: a sweep with many due steps waits for a slow Slack once, not once per step."""
        if self._learn_languages is None:
            return
        registry = self._registry()
        ids = list(esc_ids)
        found = await self._store.acall(lambda: [self.records.get_active(esc_id) for esc_id in ids])
        await self._learn(set().union(*(self._step_people(registry, esc) for esc in found if esc is not None)))

    @staticmethod
    def _step_people(registry: Registry, esc: dict) -> set[str]:
        """The people a step of ``esc`` may write to: its chain's, its department's, whoever acknowledged it."""
        chain = [u for level in esc.get("chain") or [] for u in level.get("users") or []]
        return reachable(registry, esc["department"], esc.get("topic"), esc.get("acknowledged_by"), *chain)

    async def run_step(self, esc_id: str, now: float, *, languages_learnt: bool = False) -> bool:
        """Run the due step of one escalation; False when it is not due (already run, or moved).
        ``languages_learnt``: ``learn_for_steps`` was waited for already (a slow Slack is not
        waited for again)."""
        registry = self._registry()
        esc = None if languages_learnt else await self._store.acall(self.records.get_active, esc_id)
        if esc is not None:
            await self._learn(self._step_people(registry, esc))
        done = await self._store.acall(self._step_tx, registry, esc_id, now)
        if done:
            self._outbox.kick()
        return done

    async def get(self, esc_id: str) -> dict:
        """One escalation, active or archived; NotFound if there is none."""
        found = await self._store.acall(self.records.find, esc_id)
        if found is None:
            raise NotFound(f"there is no escalation {escalation_id(escalation_number(esc_id))}")
        return found

    async def list(self, open_only: bool = False) -> builtins.list[dict]:
        """Escalations newest first: the active ones, plus the archived ones unless ``open_only``."""
        def read() -> builtins.list[dict]:
            found = self.records.active()
            if not open_only:
                found.extend(self.records.archived())
            return sorted(found, key=lambda e: escalation_number(e["id"]), reverse=True)

        return await self._store.acall(read)

    async def repair(self) -> dict:
        """Startup repair after a crash; run before the outbox worker and the sweeper start."""
        return await self._store.acall(self._repair_tx)

    # -- helpers -------------------------------------------------------------------------------

    async def _act(self, fn: Callable[..., dict], esc_id: str, user: str, *args: Any) -> dict:
        registry = self._registry()
        esc = await self._store.acall(fn, registry, self._clock.now(), esc_id, user, *args)
        self._outbox.kick()
        return esc

    async def _learn(self, users: set[str]) -> None:
        if self._learn_languages is not None:
            await self._learn_languages(users)

    def _registry(self) -> Registry:
        registry = self._registry_provider()
        if registry is None:
            raise NotFound("no registry has been imported yet: escalations need one to find the people responsible")
        return registry

    def _lang(self, user: str | None, registry: Registry) -> str:
        return self._language_of(user) if user else registry.settings.language

    def _load(self, registry: Registry, esc_id: str, user: str) -> dict:
        """The active escalation ``user`` may act on; the errors a person sees otherwise."""
        esc = self.records.get_active(esc_id)
        lang = self._lang(user, registry)
        if esc is None:
            archived = self.records.find(esc_id)
            if archived is None:
                raise NotFound(f"there is no escalation {escalation_id(escalation_number(esc_id))}")
            if user not in allowed_actors(archived, registry):
                raise not_allowed(archived, registry, lang)
            raise state_conflict(archived, registry, lang)
        if user not in allowed_actors(esc, registry):
            raise not_allowed(esc, registry, lang)
        return esc

    def _check_tx(self, registry: Registry, esc_id: str, user: str) -> dict:
        return self._load(registry, esc_id, user)

    def _batch(self, esc: dict, registry: Registry) -> Batch:
        return Batch(esc, self._outbox, self.renderer, registry.settings.language,
                     lambda user: self._lang(user, registry))

    def _commit(self, batch: Batch, write: Callable[[dict], None]) -> None:
        """Outbox first, then the escalation (the commit point); undo the outbox if that fails."""
        doc_ids = self._outbox.add_tx(batch.entries)
        try:
            write(batch.esc)
        except BaseException:
            self._outbox.remove_tx(doc_ids)
            raise

    def _enter_level(self, batch: Batch, start: int, now: float, *, redraw: bool = False) -> dict | None:
        """Notify the first non-empty chain level from ``start``; set the next climb. None if none.
        With ``redraw``, the cards posted before are redrawn first, with the new deadline."""
        esc = batch.esc
        level = first_level_from(esc["chain"], start)
        if level is not None:
            esc["level"] = level
        # the next climb first: the cards say until when they wait, and who comes next; at the
        # last level, everyone called in is reminded instead (silence never just stops)
        if level is not None and first_level_from(esc["chain"], level + 1) is not None:
            esc["due_at"], esc["due_kind"] = now + esc["ack_seconds"], "climb"
        elif esc["status"] == "open":  # no level left (or none to climb to after a chain refresh)
            esc["due_at"], esc["due_kind"], esc["nudges"] = now + esc["ack_seconds"], "nudge", 0
        else:
            esc["due_at"], esc["due_kind"] = None, None
        if redraw:  # edited in place: nobody is notified by that
            batch.update_cards(self.renderer.card_update)
        if level is None:
            return None
        step = esc["chain"][level]
        for user in step["users"]:
            batch.card_dm(user, self.renderer.notify(esc, level, batch.lang_of(user), user), f"L{level}:{user}")
            if user not in esc["notified"]:
                esc["notified"].append(user)
        chain_no = f"{esc.get('chain_no', 0)}."
        if step.get("channel") and not any(m["to"] == step["channel"] and m["key"].startswith(chain_no)
                                           for m in esc["messages"]):  # not twice in one channel
            batch.card_post(step["channel"], self.renderer.notify(esc, level, batch.default_lang), f"L{level}")
        stamp(esc, now, "notified", None, level=level, label=step["label"], users=step["users"],
              channel=step.get("channel"))
        return step

    # -- transactions (writer thread) ----------------------------------------------------------

    def _ack_tx(self, registry: Registry, now: float, esc_id: str, user: str) -> dict:
        esc = self._load(registry, esc_id, user)
        if esc["status"] == "acknowledged":
            if esc["acknowledged_by"] == user:
                return esc  # a repeated click
            raise state_conflict(esc, registry, self._lang(user, registry))
        if user not in ack_actors(esc, registry):
            raise not_allowed_to_acknowledge(esc, registry, self._lang(user, registry))
        esc["rev"] += 1
        esc.update(status="acknowledged", acknowledged_by=user, acknowledged_at=now,
                   due_at=now + registry.settings.reminder_seconds(esc["severity"]), due_kind="remind")
        stamp(esc, now, "acknowledged", user, level=esc["level"])
        batch = self._batch(esc, registry)
        batch.update_cards(self.renderer.card_update)
        batch.thread("acknowledged", {"by": user})
        self._commit(batch, self.records.save)
        return esc

    def _resolve_tx(self, registry: Registry, now: float, esc_id: str, user: str, note: str | None) -> dict:
        try:
            esc = self._load(registry, esc_id, user)
        except Conflict as exc:
            archived = getattr(exc, "escalation", None)
            if archived and archived.get("resolved_by") == user:
                return archived  # a repeated click
            raise
        esc["rev"] += 1
        esc.update(status="resolved", resolved_by=user, resolved_at=now, resolved_note=note,
                   due_at=None, due_kind=None)
        stamp(esc, now, "resolved", user, note=note)
        batch = self._batch(esc, registry)
        batch.update_cards(self.renderer.card_update)
        batch.thread("resolved", {"by": user, "note": note})
        self._commit(batch, self.records.archive)
        self.records.remove_active(esc["id"])  # after the commit; repair() finishes it after a crash
        return esc

    def _reassign_tx(
        self, registry: Registry, now: float, esc_id: str, user: str, department: str, topic: str | None,
        person: str | None, check: Callable[[dict], None] | None = None,
    ) -> dict:
        esc = self._load(registry, esc_id, user)
        if check is not None:
            check(esc)
        dept = registry.department(department)
        if dept is None:
            known = ", ".join(d.id for d in registry.departments)
            raise NotFound(f"unknown department {department!r} (known: {known})")
        if topic is not None and dept.topic(topic) is None:
            raise NotFound(f"department {department} has no topic {topic!r}")
        same_place = department == esc["department"] and (topic is None or topic == esc.get("topic"))
        if same_place and not person:
            # a no-op would undo an acknowledgement and post every card again
            lang = self._lang(user, registry)
            raise Conflict(f"{esc['id']} est déjà chez {dept.name} : choisissez un autre service, ou une personne."
                           if lang == "fr" else
                           f"{esc['id']} is already with {dept.name}: pick another department, or a person.")
        if same_place and person in ((esc.get("chain") or [{}])[0].get("users") or []):
            lang = self._lang(user, registry)
            name = registry.person_name(person)
            raise Conflict(f"{esc['id']} est déjà chez {name}, chez {dept.name} : rien n'a changé."
                           if lang == "fr" else f"{esc['id']} is already with {name}, in {dept.name}: nothing changed.")
        first, backups, head = registry.escalation_people(department, topic, person)
        chain = build_chain(registry, owner=first, deputies=backups, head=head)
        before = (esc["department"], esc.get("topic"))
        esc["rev"] += 1
        esc.update(
            status="open", department=department, topic=topic, channel=dept.channel, chain=chain, level=0,
            chain_no=esc.get("chain_no", 0) + 1, acknowledged_by=None, acknowledged_at=None,
            ack_seconds=registry.ack_seconds(department, esc["severity"]),
        )
        stamp(esc, now, "reassigned", user, from_department=before[0], from_topic=before[1],
              department=department, topic=topic, person=person)
        batch = self._batch(esc, registry)
        step = self._enter_level(batch, 0, now, redraw=True)
        # the department's channel has its card already when only the person changed (redrawn above)
        if department != before[0] and dept.channel and not (step and step.get("channel") == dept.channel):
            batch.card_post(dept.channel, self.renderer.channel_post(esc, batch.default_lang), "dept")
        batch.thread("reassigned", {**level_detail(esc, step), "by": user, "from_department": before[0]})
        self._commit(batch, self.records.save)
        return esc

    def _step_tx(self, registry: Registry, esc_id: str, now: float) -> bool:
        esc = self.records.get_active(esc_id)
        if esc is None or esc.get("due_at") is None or esc["due_at"] > now:
            return False  # resolved, or the step already ran (its due_at moved)
        esc["rev"] += 1
        batch = self._batch(esc, registry)
        kind = esc.get("due_kind")
        if kind == "climb" and esc["status"] == "open":
            refresh_chain(esc, registry)
            previous = esc["level"]
            target = first_level_from(esc["chain"], previous + 1)
            if target is not None:
                step = esc["chain"][target]
                stamp(esc, now, "climbed", None, from_level=previous, level=target, label=step["label"],
                      users=step["users"], channel=step.get("channel"), after_seconds=esc["ack_seconds"],
                      skipped=[lvl["level"] for lvl in esc["chain"] if previous < lvl["level"] < target])
            step = self._enter_level(batch, previous + 1, now, redraw=True)  # earlier cards: the new deadline
            if step is not None:
                batch.thread("climbed", {**level_detail(esc, step), "after_seconds": esc["ack_seconds"],
                                         "from_level": previous})
        elif kind == "nudge" and esc["status"] == "open":
            # the whole chain was called in and nobody answered: remind them all, less and less often
            # (those of its levels reached so far who may still acknowledge it: not a department
            # it was reassigned away from)
            nudges = esc["nudges"] = esc.get("nudges", 0) + 1
            pause = min(esc["ack_seconds"] * 2 ** nudges, registry.settings.reminder_seconds(esc["severity"]))
            esc["due_at"] = now + max(pause, esc["ack_seconds"])
            called = still_called(esc, registry)
            for who in called:
                batch.reminder_dm(who, self.renderer.unanswered(esc, batch.lang_of(who)))
            stamp(esc, now, "nudged", None, users=called, count=nudges)
        elif kind == "remind" and esc["status"] == "acknowledged":
            who = esc["acknowledged_by"]
            batch.reminder_dm(who, self.renderer.reminder(esc, batch.lang_of(who)))
            stamp(esc, now, "reminded", None, user=who)
            esc["due_at"] = now + registry.settings.reminder_seconds(esc["severity"])
        else:
            log.warning("%s: %s step due while %s; clearing it", esc_id, kind, esc["status"])
            esc["due_at"], esc["due_kind"] = None, None
        self._commit(batch, self.records.save)
        return True

    def _repair_tx(self) -> dict:
        removed = self.records.repair_overlap()
        # an escalation left at the top of its chain with nothing due (stored before the top of the
        # chain reminded anyone) is reminded from now on
        waiting = [esc for esc in self.records.active() if esc["status"] == "open" and esc.get("due_at") is None]
        now = self._clock.now()
        for esc in waiting:
            esc.update(due_at=now + esc["ack_seconds"], due_kind="nudge", nudges=0)
        if waiting:
            self.records.save_many(waiting)
        return {"unarchived": removed, "outbox_rolled_back": rollback_uncommitted(self.records, self._outbox),
                "reminders_resumed": len(waiting)}

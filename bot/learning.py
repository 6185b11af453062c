"""Learning from corrections: every reassign and every "is it rather…?" click teaches the router.

Two append-only logs in the data folder, never rewritten:

    corrections.jsonl           {text, department, topic, who, when, source, ref}
                                source "reassign": the Reassign button of an escalation;
                                source "choice": a click on one of the "is it rather…?" buttons
                                (under a /who or mention answer, or on an escalation sent to triage)
    suggestion_decisions.jsonl  {id, department, topic, words, decision, who, when, source}
                                decision "accepted" or "dismissed"; source "slack" or "cli"

``Learning.router(registry, revision)`` is the router of that registry revision, taught the
corrections as labelled examples (``Router.learn``, which adds one text at a time): a new
revision builds a new router, which is taught again; a new correction is taught at once to the
router in use. Only the last correction of a text counts (compared by
``knowledge.text.normalise``): teaching a text again replaces its label. Corrections naming a
department the registry no longer has are skipped (one naming a removed topic keeps its
department), and at most ``TAUGHT_LIMIT`` of the most recent distinct texts are taught (the
router itself keeps no more, forgetting the oldest first).

``suggestions(registry)`` derives keyword suggestions (``knowledge.suggestions``); accepting one
is an audited registry change made by the caller (``suggestion.edit()`` through
``RegistryAdmin.apply`` from Slack, ``accept_from_cli`` from the command line); a dismissed one
is remembered and never suggested again.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.errors import NotFound
from knowledge.learned_examples import LEARNED_CAPACITY
from knowledge.models import Registry
from knowledge.registry_edits import apply_edit
from knowledge.registry_repo import AuditEntry, RegistryRepo
from knowledge.routing import Router
from knowledge.store import Store
from knowledge.suggestions import KeywordSuggestion, LabelledText, dismiss_key, suggest_keywords
from knowledge.text import normalise

log = logging.getLogger(__name__)

CORRECTIONS = "corrections"
DECISIONS = "suggestion_decisions"
SOURCES = ("reassign", "choice")
TAUGHT_LIMIT = LEARNED_CAPACITY  # distinct corrected texts taught to a fresh router, most recent first
TEXT_LIMIT = 2000  # what is kept of a corrected text (a registry example's limit)


@dataclass(frozen=True, slots=True)
class Correction:
    """A person said ``text`` belongs to ``department`` (and ``topic``)."""

    text: str
    department: str
    topic: str | None
    who: str | None
    when: float
    source: str
    ref: str | None = None

    def to_record(self) -> dict[str, Any]:
        """The line written to the corrections log."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Correction:
        """A correction read back from the log."""
        return cls(text=str(record.get("text") or ""), department=str(record.get("department") or ""),
                   topic=record.get("topic"), who=record.get("who"), when=float(record.get("when") or 0),
                   source=str(record.get("source") or "reassign"), ref=record.get("ref"))

    def labelled(self) -> LabelledText:
        """The correction as a labelled text for suggestions."""
        return LabelledText(self.text, self.department, self.topic)


@dataclass
class _Taught:
    """A router and what it was taught."""

    registry: Registry
    revision: int
    router: Router
    labels: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # normalised text -> label
    fed: int = 0  # corrections considered so far (an index into the corrections list)

    def serves(self, registry: Registry, revision: int) -> bool:
        return self.registry is registry and self.revision == revision


def _label_in(registry: Registry, correction: Correction) -> tuple[str, str | None] | None:
    """Where the correction points in this registry: None when its department is gone."""
    dept = registry.department(correction.department)
    if dept is None:
        return None
    return dept.id, correction.topic if dept.topic(correction.topic) is not None else None


class Learning:
    """The corrections log, the router taught with it, and keyword suggestions."""

    def __init__(self, store: Store, *, now: Callable[[], float] = time.time,
                 build: Callable[[Registry], Router] = Router):
        self._store = store
        self._now = now
        self._build = build
        self._corrections_log = store.log(CORRECTIONS)
        self._decisions_log = store.log(DECISIONS)
        self._corrections, self._dismissed = store.call(self._read)
        self._taught: _Taught | None = None
        self._build_lock = threading.Lock()  # one build at a time; others wait and reuse it
        self._teach_lock = threading.Lock()  # teaching new corrections, from the loop or a builder
        self.on_new_router: Callable[[], None] | None = None  # called on the loop once per router arouter builds
        self._announced: _Taught | None = None

    def _read(self) -> tuple[list[Correction], set[tuple[str, str]]]:
        corrections = [Correction.from_record(r) for r in self._corrections_log]
        dismissed = {dismiss_key(r["department"], r["words"]) for r in self._decisions_log
                     if r.get("decision") == "dismissed" and r.get("department") and r.get("words")}
        return corrections, dismissed

    # -- corrections ---------------------------------------------------------------------------

    @property
    def corrections(self) -> list[Correction]:
        """Every correction recorded, oldest first."""
        return list(self._corrections)

    async def record(self, *, text: str, department: str, topic: str | None, who: str | None, source: str,
                     ref: str | None = None) -> Correction | None:
        """Store a correction (durably) and teach it to the router in use; None for an empty text."""
        if source not in SOURCES:
            raise ValueError(f"unknown correction source {source!r}; expected one of {', '.join(SOURCES)}")
        text = (text or "").strip()[:TEXT_LIMIT]
        if not normalise(text):
            return None  # nothing a router could learn from
        correction = Correction(text, department, topic, who, self._now(), source, ref)
        await self._store.acall(self._corrections_log.append, correction.to_record())
        self._corrections.append(correction)
        log.info("correction by %s (%s): %s%s", who, source, department, f"/{topic}" if topic else "")
        taught = self._taught
        if taught is not None:
            self._catch_up(taught)
        return correction

    # -- the taught router -----------------------------------------------------------------------

    def router(self, registry: Registry, revision: int) -> Router:
        """The router of this registry revision, taught every correction (built on first use)."""
        taught = self._taught
        if taught is None or not taught.serves(registry, revision):
            taught = self._fresh(registry, revision)
        self._catch_up(taught)
        return taught.router

    async def arouter(self, registry: Registry, revision: int) -> Router:
        """``router``, building a new one on a worker thread so the event loop keeps serving."""
        taught = self._taught
        if taught is not None and taught.serves(registry, revision):
            self._catch_up(taught)
            return taught.router
        router = await asyncio.to_thread(self.router, registry, revision)
        taught = self._taught
        if self.on_new_router is not None and taught is not None and taught is not self._announced:
            self._announced = taught  # callers that waited for the same build do not announce it again
            self.on_new_router()
        return router

    def _fresh(self, registry: Registry, revision: int) -> _Taught:
        with self._build_lock:
            taught = self._taught
            if taught is not None and taught.serves(registry, revision):
                return taught
            started = time.perf_counter()
            corrections = list(self._corrections)
            taught = _Taught(registry, revision, self._build(registry), fed=len(corrections))
            latest: dict[str, tuple[str, tuple[str, str | None]]] = {}
            for correction in corrections:
                label = _label_in(registry, correction)
                key = normalise(correction.text)
                if label is None or not key:
                    continue
                latest.pop(key, None)  # the latest correction of a text counts, at its own place in time
                latest[key] = (correction.text, label)
            for key, (text, (department, topic)) in list(latest.items())[-TAUGHT_LIMIT:]:
                taught.router.learn(text, department, topic)
                taught.labels[key] = (department, topic)
            self._taught = taught
            log.info("router for registry revision %d taught %d corrections in %.2f s", revision,
                     len(taught.labels), time.perf_counter() - started)
            return taught

    def _catch_up(self, taught: _Taught) -> None:
        """Teach ``taught`` the corrections recorded since it was built."""
        if taught.fed >= len(self._corrections):
            return
        with self._teach_lock:
            fresh = self._corrections[taught.fed:]
            taught.fed += len(fresh)
            for correction in fresh:
                label = _label_in(taught.registry, correction)
                key = normalise(correction.text)
                if label is None or not key:
                    continue
                if taught.labels.get(key) != label:  # new, or a new label for it: the latest counts
                    taught.router.learn(correction.text, *label)
                    taught.labels.pop(key, None)  # now the most recent, as in the router
                    taught.labels[key] = label
                    while len(taught.labels) > TAUGHT_LIMIT:  # the router forgot the oldest too
                        del taught.labels[next(iter(taught.labels))]

    # -- keyword suggestions -------------------------------------------------------------------

    def suggestions(self, registry: Registry, *, limit: int | None = None) -> list[KeywordSuggestion]:
        """Keyword suggestions from the corrections, strongest first, dismissed ones left out."""
        return suggest_keywords(registry, [c.labelled() for c in self._corrections],
                                dismissed=self._dismissed, limit=limit)

    def find(self, registry: Registry, suggestion_id: str) -> KeywordSuggestion:
        """The suggestion with this id; NotFound (listing the current ids) otherwise."""
        suggestions = self.suggestions(registry)
        for suggestion in suggestions:
            if suggestion.id == suggestion_id.strip().lower():
                return suggestion
        known = ", ".join(s.id for s in suggestions) or "none"
        raise NotFound(f"no keyword suggestion {suggestion_id!r} (current suggestions: {known})")

    def remember(self, suggestion: KeywordSuggestion, decision: str, who: str | None, source: str) -> None:
        """Write down that a suggestion was accepted or dismissed (a dismissed one never returns)."""
        self._store.call(self._remember_tx, suggestion, decision, who, source)

    async def aremember(self, suggestion: KeywordSuggestion, decision: str, who: str | None, source: str) -> None:
        """``remember`` from the event loop."""
        await self._store.acall(self._remember_tx, suggestion, decision, who, source)

    def _remember_tx(self, suggestion: KeywordSuggestion, decision: str, who: str | None, source: str) -> None:
        if decision not in ("accepted", "dismissed"):
            raise ValueError(f"unknown decision {decision!r}")
        self._decisions_log.append({"id": suggestion.id, "department": suggestion.department,
                                    "topic": suggestion.topic, "words": suggestion.words, "decision": decision,
                                    "who": who, "when": self._now(), "source": source})
        if decision == "dismissed":
            self._dismissed.add(suggestion.dismiss_key)
        log.info("keyword suggestion %s (%s for %s) %s by %s", suggestion.id, suggestion.words,
                 suggestion.target.label, decision, who)


# -- the command line ---------------------------------------------------------------------------

def accept_from_cli(learning: Learning, repo: RegistryRepo, suggestion_id: str, actor: str) -> tuple[KeywordSuggestion, AuditEntry]:
    """Accept a suggestion from the command line: an audited change with source ``cli``."""
    registry, _revision = repo.current()
    if registry is None:
        raise NotFound("no registry is loaded yet: import a registry file first")
    suggestion = learning.find(registry, suggestion_id)
    edit = suggestion.edit()
    entry, _warnings = repo.change(lambda data: apply_edit(data, edit, actor=actor), actor=actor, source="cli",
                                   action=edit.action, summary=edit.summary())
    learning.remember(suggestion, "accepted", actor, "cli")
    return suggestion, entry


def dismiss_from_cli(learning: Learning, repo: RegistryRepo, suggestion_id: str, actor: str) -> KeywordSuggestion:
    """Dismiss a suggestion from the command line; it is not suggested again."""
    registry, _revision = repo.current()
    if registry is None:
        raise NotFound("no registry is loaded yet: import a registry file first")
    suggestion = learning.find(registry, suggestion_id)
    learning.remember(suggestion, "dismissed", actor, "cli")
    return suggestion

"""Where escalations live on disk: open ones in small shard files, resolved ones archived by month.

- ``escalations-active-NNNN.json`` (journaled tables, table ``active``): open and acknowledged
  escalations, a hundred numbers per shard (ESC-1..ESC-100 in shard 0000), one document per
  escalation whose id is its number. A write appends the escalations it changes to the shard's
  journal, so its cost is that of the change, however many escalations are open.
- ``escalations.json`` (TinyDB, table ``meta``): the highest number ever archived, the archive
  months, the shards that may hold escalations.
- ``escalations-YYYY-MM.jsonl`` (append-only): one line per escalation resolved that month.

Every method is plain blocking code for the store's writer thread. Numbers are never reused:
the next number is one above both the active documents and ``meta.last_id``, which is raised
before an escalation leaves the active shards.

Resolving archives first (the commit point), then removes the document from its shard. A crash
in between leaves the escalation in both places; ``repair_overlap`` (run at startup) sees it at
the end of the newest archive and removes it from the shard.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tinydb.table import Document

from bot.clock import Clock
from knowledge.errors import NotFound
from knowledge.journal import JournaledTables
from knowledge.store import Store

if TYPE_CHECKING:
    from bot.outbox import Outbox

log = logging.getLogger(__name__)

ID_RE = re.compile(r"^ESC-([1-9][0-9]{0,9})$", re.IGNORECASE)
SHARD_SIZE = 100
_META = 1
_REPAIR_TAIL = 20
ARCHIVE_GLOB = "escalations-[0-9][0-9][0-9][0-9]-[0-9][0-9].jsonl"  # the monthly archives, nothing else


def escalation_number(esc_id: str) -> int:
    """42 for ``ESC-42`` (case-insensitive); NotFound for anything else."""
    match = ID_RE.match(esc_id.strip()) if isinstance(esc_id, str) else None
    if not match:
        raise NotFound(f"{esc_id!r} is not an escalation id (expected ESC- followed by a number, e.g. ESC-42)")
    return int(match.group(1))


def escalation_id(number: int) -> str:
    """``ESC-42`` for 42."""
    return f"ESC-{number}"


def archive_month(epoch: float) -> str:
    """``2026-11`` for a time in November 2026 (UTC)."""
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m")


def shard_name(shard: int) -> str:
    """The store name of an active shard (``escalations-active-0000``)."""
    return f"escalations-active-{shard:04d}"


def _shard_of(number: int) -> int:
    return (number - 1) // SHARD_SIZE


def _copy(doc: dict) -> dict:
    """A private copy of a stored escalation (plain JSON data: faster than deepcopy)."""
    return json.loads(json.dumps(doc))


RECALLED_MONTHS = 3  # archive months a message escalated again is looked up in


class EscalationRecords:
    """Active escalations, monthly archives and the id counter; writer thread only."""

    def __init__(self, store: Store):
        self._store = store
        self._meta = store.table_db("escalations").table("meta")
        self._shards: dict[int, JournaledTables] = {}
        self._sources: dict[tuple[str, str], int] | None = None  # (channel, ts) -> number, built on first use
        # (channel, ts) -> the last resolved escalation of that message (a summary), built on first use
        self._resolved: dict[tuple[str, str], dict[str, Any]] | None = None

    # -- reading -------------------------------------------------------------------------------

    def _meta_doc(self) -> dict[str, Any]:
        doc = self._meta.get(doc_id=_META)
        return dict(doc) if doc else {"last_id": 0, "archives": [], "shards": []}

    def _write_meta(self, **changes: Any) -> None:
        self._meta.upsert(Document({**self._meta_doc(), **changes}, doc_id=_META))

    def _shard(self, shard: int) -> JournaledTables:
        if shard not in self._shards:
            self._shards[shard] = self._store.tables(shard_name(shard))
        return self._shards[shard]

    def _active_in(self, shard: int) -> dict[str, dict]:
        """The stored escalations of a shard by number (read only: commit changes instead)."""
        return self._shard(shard).table("active")

    def _docs(self) -> Iterator[dict]:
        for shard in sorted(self._meta_doc().get("shards", [])):
            yield from self._active_in(shard).values()

    def months(self) -> list[str]:
        """Archive months, oldest first."""
        return sorted(self._meta_doc().get("archives", []))

    def get_active(self, esc_id: str) -> dict | None:
        """A private copy of the open or acknowledged escalation, or None."""
        number = escalation_number(esc_id)
        if _shard_of(number) not in self._meta_doc().get("shards", []):
            return None
        doc = self._active_in(_shard_of(number)).get(str(number))
        return _copy(doc) if doc else None

    def active(self) -> list[dict]:
        """Private copies of every active escalation, by number."""
        return [_copy(doc) for doc in sorted(self._docs(), key=lambda d: escalation_number(d["id"]))]

    def due(self, now: float) -> list[tuple[float, str]]:
        """(due_at, id) of active escalations whose next step is due, earliest first."""
        return sorted((doc["due_at"], doc["id"]) for doc in self._docs()
                      if doc.get("due_at") is not None and doc["due_at"] <= now)

    def by_source(self, channel: str, ts: str) -> dict | None:
        """The active escalation of a source message, if any."""
        if self._sources is None:
            self._sources = {}
            for doc in self._docs():
                self._index(doc)
        number = self._sources.get((channel, ts))
        return self.get_active(escalation_id(number)) if number else None

    def handled_by(self, user: str, department: str) -> list[dict]:
        """Private copies of the active escalations of ``department`` that ``user`` is handling:
        they took it on, or the level of its current chain that is being called is theirs (the
        chain of the department it is in now, so not one it was reassigned away from)."""
        found = []
        for doc in self._docs():
            if doc.get("department") != department:
                continue
            chain = doc.get("chain") or []
            level = doc.get("level") or 0
            current = (chain[level].get("users") or []) if level < len(chain) else []
            if user == doc.get("acknowledged_by") or (doc.get("status") == "open" and user in current):
                found.append(_copy(doc))
        return found

    def _index(self, doc: dict) -> None:
        source = doc.get("source") or {}
        if self._sources is not None and source.get("channel") and source.get("ts"):
            self._sources[(source["channel"], source["ts"])] = escalation_number(doc["id"])

    def resolved_by_source(self, channel: str, ts: str) -> dict[str, Any] | None:
        """The last resolved escalation of a source message (id, who, when, note), if any, among
        those resolved in the last ``RECALLED_MONTHS`` archive months: they are read once, on first
        use, then kept up to date as escalations are archived (a bot running for years does not
        read all its history on the writer thread)."""
        if self._resolved is None:
            self._resolved = {}
            for month in self.months()[-RECALLED_MONTHS:]:  # oldest first: the latest resolution wins
                for doc in self._store.log(f"escalations-{month}"):
                    self._remember_resolved(doc)
        return self._resolved.get((channel, ts))

    def _remember_resolved(self, doc: dict) -> None:
        source = doc.get("source") or {}
        if self._resolved is not None and source.get("channel") and source.get("ts"):
            self._resolved[(source["channel"], source["ts"])] = {
                "id": doc["id"], "resolved_by": doc.get("resolved_by"), "resolved_at": doc.get("resolved_at"),
                "note": doc.get("resolved_note")}

    def archived(self) -> Iterator[dict]:
        """Resolved escalations, most recently archived first."""
        for month in reversed(self.months()):
            yield from reversed(self._store.log(f"escalations-{month}"))

    def find(self, esc_id: str) -> dict | None:
        """The escalation wherever it is (active first, then archives newest first)."""
        found = self.get_active(esc_id)
        if found is not None:
            return found
        wanted = escalation_id(escalation_number(esc_id))
        return next((doc for doc in self.archived() if doc.get("id") == wanted), None)

    def last_number(self) -> int:
        """The highest number ever given out (active or archived)."""
        meta = self._meta_doc()
        newest = max(meta.get("shards", []), default=None)
        highest = max(map(int, self._active_in(newest)), default=0) if newest is not None else 0
        return max(highest, meta.get("last_id", 0))

    # -- writing -------------------------------------------------------------------------------

    def next_number(self) -> int:
        """The number for a new escalation (not reserved: the insert that follows uses it)."""
        return self.last_number() + 1

    def insert(self, doc: dict) -> None:
        """Store a new active escalation."""
        self.insert_many([doc])

    def insert_many(self, docs: list[dict]) -> None:
        """Store new active escalations: one write per shard they fall in."""
        by_shard: dict[int, dict[str, dict]] = {}
        for doc in docs:
            number = escalation_number(doc["id"])
            by_shard.setdefault(_shard_of(number), {})[str(number)] = doc
        known = self._meta_doc().get("shards", [])
        if set(by_shard) - set(known):
            self._write_meta(shards=sorted({*known, *by_shard}))  # before the shard: it must be found
        for shard, documents in by_shard.items():
            taken = [number for number in documents if number in self._active_in(shard)]
            if taken:
                raise ValueError(f"escalation number(s) {', '.join(taken)} already stored")
            self._shard(shard).commit({"tables": {"active": {"set": documents}}})
        for doc in docs:
            self._index(doc)

    def save(self, doc: dict) -> None:
        """Replace an active escalation with ``doc``."""
        self.save_many([doc])

    def save_many(self, docs: list[dict]) -> None:
        """Replace active escalations: one write per shard they are in."""
        by_shard: dict[int, dict[str, dict]] = {}
        for doc in docs:
            number = escalation_number(doc["id"])
            by_shard.setdefault(_shard_of(number), {})[str(number)] = doc
        for shard, documents in by_shard.items():
            stored = {number: doc for number, doc in documents.items() if number in self._active_in(shard)}
            if stored:  # (commit copies the documents: the caller keeps its own)
                self._shard(shard).commit({"tables": {"active": {"set": stored}}})

    def archive(self, doc: dict) -> None:
        """Append a resolved escalation to its month's archive: the commit point of a resolve."""
        number = escalation_number(doc["id"])
        month = archive_month(doc["resolved_at"])
        meta = self._meta_doc()
        if number > meta.get("last_id", 0) or month not in meta.get("archives", []):
            self._write_meta(last_id=max(number, meta.get("last_id", 0)),
                             archives=sorted({*meta.get("archives", []), month}))
        self._store.log(f"escalations-{month}").append(doc)
        self._remember_resolved(doc)

    def remove_active(self, esc_id: str) -> None:
        """Drop an escalation from its shard (after it was archived)."""
        number = escalation_number(esc_id)
        if _shard_of(number) not in self._meta_doc().get("shards", []):
            return
        shard = self._shard(_shard_of(number))
        doc = shard.table("active").get(str(number))
        if doc is None:
            return
        shard.commit({"tables": {"active": {"del": [str(number)]}}})
        source = doc.get("source") or {}
        if self._sources is not None:
            self._sources.pop((source.get("channel"), source.get("ts")), None)
        if not shard.table("active"):  # last_id already covers its numbers: forget the shard
            self._write_meta(shards=[k for k in self._meta_doc().get("shards", []) if k != _shard_of(number)])
            del self._shards[_shard_of(number)]  # and close its files: a long-running bot keeps
            self._store.close_tables(shard_name(_shard_of(number)))  # only open shards open

    # -- startup repair ------------------------------------------------------------------------

    def repair_overlap(self) -> list[str]:
        """Remove from the shards what a crash left there after archiving it; ids removed."""
        removed: list[str] = []
        for month in self.months()[-2:]:
            for doc in self._store.log(f"escalations-{month}").tail(_REPAIR_TAIL):
                active = self.get_active(doc["id"])
                if active is not None and active.get("rev", 0) <= doc.get("rev", 0):
                    log.warning("%s was archived but still active (interrupted resolve): removing it", doc["id"])
                    self.remove_active(doc["id"])
                    removed.append(doc["id"])
        return removed


# -- consistency with the outbox ----------------------------------------------------------------

def rollback_uncommitted(records: EscalationRecords, outbox: Outbox) -> int:
    """Remove outbox entries of changes a crash interrupted before their commit; how many.

    An entry carries the rev its change gave the escalation. If the stored escalation is older,
    or was never stored at all (a number above any given out), the change never happened.
    """
    highest = records.last_number()
    stale = []
    for entry in outbox.pending_tx():
        ref = entry.get("ref") or {}
        if "escalation" not in ref:
            continue
        esc = records.get_active(ref["escalation"])
        if esc is not None:
            if ref.get("rev", 0) > esc.get("rev", 0):
                stale.append(entry)
        elif escalation_number(ref["escalation"]) > highest:
            stale.append(entry)
    outbox.remove_tx(e["doc_id"] for e in stale)
    for entry in stale:
        log.warning("outbox entry %s (%s rev %s) belongs to a change a crash interrupted: removed",
                    entry["id"], entry["ref"]["escalation"], entry["ref"].get("rev"))
    return len(stale)


class DeliveryHooks:
    """What the outbox tells the escalations (writer thread): message ts, failed deliveries."""

    def __init__(self, records: EscalationRecords, clock: Clock):
        self._records = records
        self._clock = clock

    def delivered(self, items: list[tuple[dict, dict]]) -> None:
        """Record where cards landed (channel, ts) so they can be updated in place later."""
        changed: dict[str, dict] = {}
        for entry, response in items:
            ref = entry.get("ref") or {}
            if "escalation" not in ref or not response.get("ts"):
                continue
            esc = changed.get(ref["escalation"]) or self._records.get_active(ref["escalation"])
            for message in (esc or {}).get("messages", []):
                if message["key"] == ref.get("key") and message.get("ts") != response["ts"]:
                    message["channel"], message["ts"] = response.get("channel"), response["ts"]
                    changed[esc["id"]] = esc
        if changed:
            self._records.save_many(list(changed.values()))

    def failed(self, entry: dict, error: str) -> None:
        """A message Slack refused for good goes into the escalation's timeline."""
        ref = entry.get("ref") or {}
        esc = self._records.get_active(ref["escalation"]) if "escalation" in ref else None
        if esc is None:
            return
        esc["timeline"].append({"at": self._clock.now(), "kind": "delivery_failed", "actor": None, "detail": {
            "key": ref.get("key"), "method": entry["method"], "to": entry["channel_key"], "error": error}})
        self._records.save(esc)

    def resolve_ref(self, wanted: dict) -> dict | None:
        """Channel and ts of a posted card named by ``{escalation, key}``."""
        esc = self._records.find(wanted["escalation"]) if "escalation" in wanted else None
        for message in (esc or {}).get("messages", []):
            if message["key"] == wanted.get("key") and message.get("ts"):
                return {"channel": message["channel"], "ts": message["ts"]}
        return None

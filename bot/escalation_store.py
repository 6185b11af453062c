"""Where escalations live on disk: open ones in a small file, resolved ones archived by month.

- ``escalations.json`` (TinyDB): table ``active`` holds open and acknowledged escalations, one
  document per escalation whose doc_id is its number (``ESC-42`` is doc 42); table ``meta`` keeps
  the highest number ever archived and the list of archive months.
- ``escalations-YYYY-MM.jsonl`` (append-only): one line per escalation resolved that month.

Every method is plain blocking code for the store's writer thread. Numbers are never reused:
the next number is one above both the active documents and ``meta.last_id``, which is raised
before an escalation leaves the active file.

Resolving archives first (the commit point), then removes the document from the active file. A
crash in between leaves the escalation in both places; ``repair_overlap`` (run at startup) sees
it at the end of the newest archive and removes it from the active file.
"""
from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tinydb import Query
from tinydb.table import Document

from bot.clock import Clock
from knowledge.errors import NotFound
from knowledge.store import Store

if TYPE_CHECKING:
    from bot.outbox import Outbox

log = logging.getLogger(__name__)

ID_RE = re.compile(r"^ESC-([1-9][0-9]{0,9})$", re.IGNORECASE)
_META = 1
_REPAIR_TAIL = 20


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


class EscalationRecords:
    """Active escalations, monthly archives and the id counter; writer thread only."""

    def __init__(self, store: Store):
        self._store = store
        db = store.table_db("escalations")
        self._active = db.table("active")
        self._meta = db.table("meta")

    # -- reading -------------------------------------------------------------------------------

    def _meta_doc(self) -> dict[str, Any]:
        doc = self._meta.get(doc_id=_META)
        return dict(doc) if doc else {"last_id": 0, "archives": []}

    def months(self) -> list[str]:
        """Archive months, oldest first."""
        return sorted(self._meta_doc().get("archives", []))

    def get_active(self, esc_id: str) -> dict | None:
        """A private copy of the open or acknowledged escalation, or None."""
        doc = self._active.get(doc_id=escalation_number(esc_id))
        return copy.deepcopy(dict(doc)) if doc else None

    def active(self) -> list[dict]:
        """Private copies of every active escalation, by number."""
        return [copy.deepcopy(dict(doc)) for doc in sorted(self._active.all(), key=lambda d: d.doc_id)]

    def due(self, now: float) -> list[tuple[float, str]]:
        """(due_at, id) of active escalations whose next step is due, earliest first."""
        found = [(doc["due_at"], doc["id"]) for doc in self._active.all()
                 if doc.get("due_at") is not None and doc["due_at"] <= now]
        return sorted(found)

    def by_source(self, channel: str, ts: str) -> dict | None:
        """The active escalation of a source message, if any."""
        entry = Query()
        docs = self._active.search((entry.source.channel == channel) & (entry.source.ts == ts))
        return copy.deepcopy(dict(docs[0])) if docs else None

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
        highest = max((doc.doc_id for doc in self._active.all()), default=0)
        return max(highest, self._meta_doc().get("last_id", 0))

    # -- writing -------------------------------------------------------------------------------

    def next_number(self) -> int:
        """The number for a new escalation (not reserved: the insert that follows uses it)."""
        return self.last_number() + 1

    def insert(self, doc: dict) -> None:
        """Store a new active escalation (one write)."""
        self._active.insert(Document(doc, doc_id=escalation_number(doc["id"])))

    def insert_many(self, docs: list[dict]) -> None:
        """Store several new active escalations in one write."""
        self._active.insert_multiple([Document(doc, doc_id=escalation_number(doc["id"])) for doc in docs])

    def save(self, doc: dict) -> None:
        """Replace an active escalation with ``doc`` (one write)."""
        def replace(stored: dict) -> None:
            stored.clear()
            stored.update(copy.deepcopy(doc))

        self._active.update(replace, doc_ids=[escalation_number(doc["id"])])

    def save_many(self, docs: list[dict]) -> None:
        """Replace several active escalations in one write."""
        by_id = {doc["id"]: doc for doc in docs}

        def replace(stored: dict) -> None:
            new = copy.deepcopy(by_id[stored["id"]])
            stored.clear()
            stored.update(new)

        self._active.update(replace, doc_ids=[escalation_number(i) for i in by_id])

    def archive(self, doc: dict) -> None:
        """Append a resolved escalation to its month's archive: the commit point of a resolve."""
        number = escalation_number(doc["id"])
        month = archive_month(doc["resolved_at"])
        meta = self._meta_doc()
        if number > meta.get("last_id", 0) or month not in meta.get("archives", []):
            meta["last_id"] = max(number, meta.get("last_id", 0))
            meta["archives"] = sorted({*meta.get("archives", []), month})
            self._meta.upsert(Document(meta, doc_id=_META))
        self._store.log(f"escalations-{month}").append(doc)

    def remove_active(self, esc_id: str) -> None:
        """Drop an escalation from the active file (after it was archived)."""
        number = escalation_number(esc_id)
        if self._active.contains(doc_id=number):
            self._active.remove(doc_ids=[number])

    # -- startup repair ------------------------------------------------------------------------

    def repair_overlap(self) -> list[str]:
        """Remove from the active file what a crash left there after archiving it; ids removed."""
        removed: list[str] = []
        for month in self.months()[-2:]:
            for doc in self._store.log(f"escalations-{month}").tail(_REPAIR_TAIL):
                active = self._active.get(doc_id=escalation_number(doc["id"]))
                if active is not None and active.get("rev", 0) <= doc.get("rev", 0):
                    log.warning("%s was archived but still active (interrupted resolve): removing it", doc["id"])
                    self._active.remove(doc_ids=[active.doc_id])
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

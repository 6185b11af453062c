"""The outbox's file: entries waiting for delivery and those given up on.

``outbox.json`` (journaled tables ``entries`` and ``meta``) holds only entries not delivered yet
(a delivered entry is removed). Each change is committed as the entries it touches, so a write
costs the same whether ten or a thousand posts wait for their channel's pace. Entries refused
for good move to the append-only ``outbox-failed.jsonl``. Every method is plain blocking code
for the store's writer thread.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.clock import Clock
from knowledge.store import Store

log = logging.getLogger(__name__)

DeliveredHook = Callable[[list[tuple[dict, dict]]], None]
FailedHook = Callable[[dict, str], None]
ResolveHook = Callable[[dict], "dict | None"]
WAITING = object()  # ``lookup_ts``: the message is still queued


def ref_matches(ref: Mapping[str, Any] | None, wanted: Mapping[str, Any]) -> bool:
    """Whether ``ref`` carries every item of ``wanted`` (``rev`` and other extras ignored)."""
    return bool(ref) and all(ref.get(k) == v for k, v in wanted.items())


def default_channel_key(args: Mapping[str, Any]) -> str:
    """Where a call lands: its channel, or ``user:U…`` for a direct message to open."""
    if args.get("channel"):
        return str(args["channel"])
    if args.get("user"):
        return f"user:{args['user']}"
    raise ValueError("an outbox entry needs a channel or a user in its args")


class OutboxEntries:
    """Pending outbox entries (doc_id = arrival order) and the log of failed ones."""

    def __init__(self, store: Store, clock: Clock):
        self._clock = clock
        self._file = store.tables("outbox")
        self._failed_log = store.log("outbox-failed")
        self._next_id: int | None = None

    @property
    def _entries(self) -> dict[str, dict]:
        return self._file.table("entries")

    def _take_ids(self, count: int) -> list[int]:
        """Fresh doc ids, never reused even after the table empties and the bot restarts.

        A reused id would let a late outcome of an old entry strike off a new one.
        """
        if self._next_id is None:
            stored = (self._file.table("meta").get("1") or {}).get("next", 1)
            highest = max((int(doc_id) for doc_id in self._entries), default=0)
            self._next_id = max(stored, highest + 1)
        first = self._next_id
        self._next_id += count
        return list(range(first, first + count))

    def add(self, entries: list[dict], resolve_ref: ResolveHook | None) -> list[int]:
        """Store entries in one write; updates of already posted messages get their ts now."""
        waiting = [item for item in entries if item.get("ts_from") and not item["args"].get("ts")]
        if waiting:
            queued = [doc["ref"] for doc in self._entries.values() if doc.get("ref")]
            for item in waiting:
                # A message still queued fills its updates in when posted; otherwise look it up now.
                if not any(ref_matches(ref, item["ts_from"]) for ref in queued):
                    found = resolve_ref(item["ts_from"]) if resolve_ref else None
                    if found and found.get("ts"):
                        item["args"]["channel"], item["args"]["ts"] = found["channel"], found["ts"]
        ids = self._take_ids(len(entries))
        self._file.commit({"tables": {
            "entries": {"set": {str(doc_id): item for item, doc_id in zip(entries, ids)}},
            "meta": {"set": {"1": {"next": self._next_id}}},
        }})
        return ids

    def remove(self, doc_ids: Iterable[int]) -> None:
        """Forget entries (a transaction rolled back, or a startup repair)."""
        gone = [str(i) for i in doc_ids if str(i) in self._entries]
        if gone:
            self._file.commit({"tables": {"entries": {"del": gone}}})

    def pending(self) -> list[dict]:
        """Every stored entry, oldest first, each with its ``doc_id`` (copies the caller may change)."""
        return [{**doc, "doc_id": int(doc_id)}
                for doc_id, doc in sorted(self._entries.items(), key=lambda item: int(item[0]))]

    def count(self) -> int:
        """How many entries wait."""
        return len(self._entries)

    def failed(self) -> list[dict]:
        """Entries given up on, oldest first."""
        return list(self._failed_log)

    def lookup_ts(self, wanted: dict, resolve_ref: ResolveHook | None) -> Any:
        """Channel and ts of the message ``wanted`` names; WAITING while it is queued; None if never posted."""
        if any(ref_matches(d.get("ref"), wanted) for d in self._entries.values()):
            return WAITING
        return resolve_ref(wanted) if resolve_ref else None

    def apply_marks(
        self, marks: list[tuple[str, int, Any]], on_delivered: DeliveredHook | None, on_failed: FailedHook | None,
    ) -> dict[int, dict]:
        """Apply delivery outcomes (sent, failed, retry) in a few writes; return args filled into waiting updates."""
        entries = self._entries
        docs = {d: entries[str(d)] for _k, d, _p in marks if str(d) in entries}
        delivered = [(dict(docs[d]), p) for k, d, p in marks if k == "sent" and d in docs]
        failed = [(docs[d], p) for k, d, p in marks if k == "failed" and d in docs]
        if delivered and on_delivered is not None:
            on_delivered(delivered)
        # Waiting updates get their message's channel and ts in the same commit that removes the
        # post: an update is never left without its message.
        filled = self._fill_waiting_updates(delivered)
        changed = {str(d): {**entries[str(d)], "args": args} for d, args in filled.items()}
        for kind, d, payload in marks:
            if kind == "retry" and d in docs:
                changed[str(d)] = {**changed.get(str(d), docs[d]), **payload}
        records = []
        for doc, error in failed:  # in the failed log before it leaves the entries
            record = {**doc, "status": "failed", "last_error": error, "failed_at": self._clock.now()}
            self._failed_log.append(record)
            records.append((record, error))
            log.warning("outbox gave up on %s %s to %s: %s", doc["method"], doc["id"], doc["channel_key"], error)
        gone = [str(d) for k, d, _p in marks if k in ("sent", "failed") and d in docs]
        if changed or gone:  # one line: the filled-in updates and the removals land together
            self._file.commit({"tables": {"entries": {"set": changed, "del": gone}}})
        if on_failed is not None:
            for record, error in records:
                on_failed(dict(record), error)
        return filled

    def _fill_waiting_updates(self, delivered: list[tuple[dict, dict]]) -> dict[int, dict]:
        posted = []
        for entry, data in delivered:
            channel = data.get("channel")
            ts = data.get("ts") or (data.get("message") or {}).get("ts")
            if entry.get("ref") and channel and ts:
                posted.append((entry["ref"], channel, ts))
        if not posted:
            return {}
        filled: dict[int, dict] = {}
        for doc_id, other in self._entries.items():
            wanted = other.get("ts_from")
            if not wanted or other["args"].get("ts"):
                continue
            for ref, channel, ts in posted:
                if ref_matches(ref, wanted):
                    filled[int(doc_id)] = {**other["args"], "channel": channel, "ts": ts}
        return filled

"""Triggers written down before Slack gets its acknowledgement, and processed exactly once.

A trigger (a reaction, a shortcut, `/escalate`, a watched-channel post…) is stored under a key
that Slack's retries repeat (the event id, or the message it is about). ``accept`` answers False
for a key already seen, so a retried delivery is dropped. A trigger stays ``pending`` until its
processing is finished; at start-up every pending trigger is processed again, so a crash between
the acknowledgement and the notification loses nothing.
"""
from __future__ import annotations

import time
from typing import Any

from tinydb import Query

from knowledge.store import Store

KEEP_SECONDS = 3 * 86400  # Slack retries within minutes; keep keys for days


class Inbox:
    """Durable, de-duplicated triggers (TinyDB file ``inbox``)."""

    def __init__(self, store: Store):
        self._store = store
        self._table = store.table_db("inbox").table("triggers")

    def _accept(self, key: str, trigger: dict[str, Any], now: float) -> bool:
        if self._table.contains(Query().key == key):
            return False
        self._table.insert({"key": key, "trigger": trigger, "status": "pending", "at": now})
        return True

    async def accept(self, key: str, trigger: dict[str, Any]) -> bool:
        """Store ``trigger`` durably; False when ``key`` was seen before (a retry or a repeat)."""
        return await self._store.acall(self._accept, key, trigger, time.time())

    def _done(self, key: str, now: float) -> None:
        self._table.update({"status": "done", "trigger": {}}, Query().key == key)
        self._table.remove((Query().status == "done") & (Query().at < now - KEEP_SECONDS))

    async def done(self, key: str) -> None:
        """Mark the trigger processed (its key is kept a while to drop late retries)."""
        await self._store.acall(self._done, key, time.time())

    async def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Triggers accepted but not processed yet, oldest first."""
        rows = await self._store.acall(lambda: self._table.search(Query().status == "pending"))
        return [(row["key"], row["trigger"]) for row in sorted(rows, key=lambda r: r["at"])]

"""A keyed table whose writes cost one appended line: a snapshot plus a journal of changes.

Hot, often-changing records (open escalations, the outbox) are kept in memory; each change is
appended to ``<name>.jsonl`` (one line, fsynced) and, once the journal is long compared to the
table, the whole table is written to ``<name>.json`` atomically and the journal started anew.
Opening reads the snapshot and replays the journal. Every journal line holds a whole record (or
a deletion), so replaying a line twice changes nothing: a crash between writing the snapshot
and truncating the journal is harmless. A torn last line is cut by ``AppendLog``'s repair.

Use it only on the store's writer thread (``store.call``/``store.acall``), like every file here.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from knowledge.storage import AppendLog, StoreCorrupt, fsync_dir

COMPACT_MIN = 2000  # journal lines before a compaction is considered


class JournaledTable:
    """Records by string key, durable on every change, with bounded cost per write."""

    def __init__(self, folder: Path, name: str, *, durable: bool = True):
        self._snapshot = folder / f"{name}.json"
        self._journal_path = folder / f"{name}.jsonl"
        self._durable = durable
        self._rows: dict[str, dict[str, Any]] = {}
        if self._snapshot.exists():
            try:
                self._rows = json.loads(self._snapshot.read_bytes() or b"{}")
            except json.JSONDecodeError as exc:
                raise StoreCorrupt(f"{self._snapshot}: not valid JSON ({exc})") from exc
        self._journal = AppendLog(self._journal_path, durable=durable)
        for record in self._journal:
            self._apply(record)

    def _apply(self, record: dict[str, Any]) -> None:
        if "del" in record:
            self._rows.pop(record["del"], None)
        else:
            self._rows[record["key"]] = record["row"]

    # -- reading -----------------------------------------------------------------------------

    def get(self, key: str) -> dict[str, Any] | None:
        return self._rows.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def values(self) -> Iterator[dict[str, Any]]:
        return iter(list(self._rows.values()))

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        return iter(list(self._rows.items()))

    # -- writing -----------------------------------------------------------------------------

    def put(self, key: str, row: dict[str, Any]) -> None:
        """Store ``row`` under ``key`` durably (replacing any previous row)."""
        self._journal.append({"key": key, "row": row})
        self._rows[key] = row
        self._maybe_compact()

    def delete(self, key: str) -> None:
        """Remove ``key`` durably (no-op when absent)."""
        if key in self._rows:
            self._journal.append({"del": key})
            del self._rows[key]
            self._maybe_compact()

    def _maybe_compact(self) -> None:
        if len(self._journal) >= max(COMPACT_MIN, 4 * len(self._rows)):
            self.compact()

    def compact(self) -> None:
        """Write the whole table as the snapshot, then start an empty journal."""
        temp = self._snapshot.with_name(f".{self._snapshot.name}.tmp")
        payload = json.dumps(self._rows, ensure_ascii=False, separators=(",", ":")).encode()
        with open(temp, "wb") as handle:
            handle.write(payload)
            if self._durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, self._snapshot)
        if self._durable:
            fsync_dir(self._snapshot.parent)
        self._journal.close()
        os.truncate(self._journal_path, 0)
        self._journal = AppendLog(self._journal_path, durable=self._durable)

    def close(self) -> None:
        self._journal.close()

"""Databases whose writes cost what they change: a snapshot plus a journal of changes.

``JournaledTables`` keeps tables of documents in memory; each ``commit`` names the documents it
sets or deletes and is appended as ONE line of ``<name>.journal.jsonl`` with one fsync, so the
hot tables (the outbox) cost the same per write with ten or ten thousand documents waiting.

TinyDB hands its storage the whole database on every write. Rewriting the whole file each time
(``AtomicJSONStorage``) makes a write cost the size of the table: an outbox holding a few hundred
paced posts, or a shard of open escalations, re-encodes and fsyncs all of it for every change.
``JournaledJSONStorage`` compares what TinyDB hands it with what is already on disk and commits
only the documents that changed (the comparison is in memory; the disk sees the change). When the
journal has grown large next to the snapshot, the whole database is written to ``<name>.json``
atomically (temp file, fsync, rename) and the journal is started anew. A new database's first
write is its snapshot, so every database written to has its ``<name>.json``; merely opening
one (a read-only command) creates nothing.

Opening reads the snapshot and replays the journal. Every journal line carries whole documents
(or deletions), so replaying the whole journal over a snapshot written from its end state gives
that same state: a crash between writing a snapshot and emptying the journal is harmless. A
crash during an append can only tear the last line, which ``AppendLog`` cuts away: that write
never returned, so nothing built on it was acknowledged.

``read_database`` gives the same view to read-only readers (the CLI while the bot runs).
Plain blocking code: the store runs every call on its single writer thread.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from tinydb import Storage

from knowledge.storage import AppendLog, AtomicJSONStorage, StoreCorrupt

log = logging.getLogger(__name__)

COMPACT_MIN_BYTES = 1 << 20  # journal size before a compaction is considered
COMPACT_RATIO = 4  # ... and it must also be this many times the snapshot's size

Tables = dict[str, dict[str, Any]]


def journal_path(path: Path) -> Path:
    """``<dir>/<name>.journal.jsonl`` for ``<dir>/<name>.json``."""
    return path.with_name(f"{path.stem}.journal.jsonl")


def _apply(data: Tables, change: dict[str, Any]) -> None:
    for name in change.get("drop", []):
        data.pop(name, None)
    for name, table_change in change.get("tables", {}).items():
        table = data.setdefault(name, {})
        table.update(table_change.get("set", {}))
        for doc_id in table_change.get("del", []):
            table.pop(doc_id, None)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def read_database(path: str | os.PathLike[str]) -> Tables:
    """The database in ``path`` with its journal applied, without opening it for writing.

    Safe while the owner writes: a compaction during the read (the snapshot replaced under us)
    is seen and the read starts again.
    """
    path = Path(path)
    while True:
        before = _identity(path)
        data = _read_once(path)
        if _identity(path) == before:
            return data


def _read_once(path: Path) -> Tables:
    try:
        data = json.loads(path.read_bytes() or b"{}")
    except FileNotFoundError:
        data = {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StoreCorrupt(f"{path}: not valid JSON ({exc}); restore it from a backup") from exc
    try:
        with open(journal_path(path), "rb") as handle:
            for line in handle:
                try:
                    _apply(data, json.loads(line))
                except (json.JSONDecodeError, UnicodeDecodeError):
                    break  # a torn last line (being written, or left by a crash)
    except FileNotFoundError:
        pass
    return data


class JournaledTables:
    """Tables of documents by string id, in memory, saved as a snapshot plus a journal of commits.

    ``commit`` appends one line naming exactly the documents it sets or deletes, so its cost is
    the size of the change, however large the tables are. Callers never mutate what ``table``
    returns: they commit new documents instead.
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True):
        self.path = Path(path)
        self.durable = durable
        self._snapshot = AtomicJSONStorage(self.path, durable=durable)
        self._data: Tables = self._snapshot.read() or {}
        self._snapshot_size = self.path.stat().st_size if self.path.exists() else 0
        self._journal: AppendLog | None = None
        if journal_path(self.path).exists():
            self._journal = AppendLog(journal_path(self.path), durable=durable)
            for change in self._journal:
                _apply(self._data, change)

    def table(self, name: str) -> dict[str, Any]:
        """The documents of table ``name`` by id (read only; empty when the table does not exist)."""
        return self._data.get(name, {})

    def tables(self) -> Tables:
        """Every table (read only)."""
        return self._data

    def commit(self, change: dict[str, Any]) -> None:
        """Apply ``{"tables": {name: {"set": {id: doc}, "del": [id]}}, "drop": [name]}`` durably.

        The documents are copied: the caller may go on changing its own.
        """
        if not change:
            return
        line = json.dumps(change, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if self._journal is None or not self.path.exists():  # the first write of a new database
            data = json.loads(json.dumps(self._data))
            _apply(data, json.loads(line))
            self._snapshot.write(data)  # if this fails, nothing has changed, in memory or on disk
            self._data = data
            self._snapshot_size = self.path.stat().st_size
            self._new_journal()
            return
        self._journal.append_encoded(line)
        _apply(self._data, json.loads(line))  # a private copy of the documents
        if self._journal.size >= max(COMPACT_MIN_BYTES, COMPACT_RATIO * self._snapshot_size):
            try:
                self.compact()
            except OSError as exc:  # the change is durable in the journal: compact another time
                log.warning("%s: compaction failed, the journal keeps growing meanwhile: %s", self.path, exc)

    def compact(self) -> None:
        """Write every table as the snapshot, then start an empty journal."""
        self._snapshot.write(self._data)
        self._snapshot_size = self.path.stat().st_size
        self._new_journal()

    def _new_journal(self) -> None:
        """An empty journal (the snapshot holds everything)."""
        if self._journal is not None:
            self._journal.close()
            os.truncate(self._journal.path, 0)
        self._journal = AppendLog(journal_path(self.path), durable=self.durable)

    def close(self) -> None:
        """Close the journal."""
        if self._journal is not None:
            self._journal.close()


class JournaledJSONStorage(Storage):
    """TinyDB storage: the database in memory, each write committed as the documents it changed.

    The dict returned by ``read`` is the cache itself and TinyDB mutates it before calling
    ``write``, which compares it with what the files hold. If a write fails, the cache and the
    files are dropped, so the next read reloads what is on disk.
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True):
        super().__init__()
        self.path = Path(path)
        self.durable = durable
        self._files: JournaledTables | None = None
        self._data: Tables | None = None

    def _opened(self) -> JournaledTables:
        if self._files is None:
            self._files = JournaledTables(self.path, durable=self.durable)
        return self._files

    def read(self) -> Tables | None:
        """The whole database, read from disk only the first time."""
        if self._data is None:
            self._data = json.loads(json.dumps(self._opened().tables()))
        return self._data or None

    def write(self, data: Tables) -> None:
        """Commit the documents that differ from the files: one appended line, one fsync."""
        files = self._opened()
        try:
            files.commit(_changes(files.tables(), data))
        except BaseException:
            self.close()
            raise
        self._data = data

    def close(self) -> None:
        """Close the files and forget the cached data."""
        if self._files is not None:
            self._files.close()
            self._files = None
        self._data = None


def _changes(before: Tables, after: Tables) -> dict[str, Any]:
    """What turns ``before`` into ``after``, as a journal line (empty when they are equal)."""
    change: dict[str, Any] = {}
    dropped = [name for name in before if name not in after]
    if dropped:
        change["drop"] = dropped
    tables: dict[str, Any] = {}
    for name, table in after.items():
        old = before.get(name)
        if old is None:
            tables[name] = {"set": table}
            continue
        changed = {doc_id: doc for doc_id, doc in table.items() if old.get(doc_id) != doc}
        removed = [doc_id for doc_id in old if doc_id not in table]
        if changed or removed:
            tables[name] = {"set": changed, "del": removed}
    if tables:
        change["tables"] = tables
    return change

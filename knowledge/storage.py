"""Crash-safe files for the data folder: an atomic JSON document store and an append-only log.

Two shapes underlie everything Switchboard keeps on disk (``knowledge.journal`` builds its
databases, a snapshot plus a journal, from both):

- ``AtomicJSONStorage`` is a TinyDB storage for whole-document state; the journaled databases
  write their snapshots with it. The data stays in memory after the first read; every write
  serialises it to a temporary file beside the target, fsyncs it, swaps it in with
  ``os.replace`` and fsyncs the folder. A process killed at any moment leaves either the old
  or the new file, never a torn one; temporary files left by such a kill are removed the next
  time the file is opened.
- ``AppendLog`` is a JSON-lines file for history that only grows (audit log, escalation
  archives, outbox history). An append writes one line and fsyncs it, so its cost does not depend
  on how long the file already is. A kill in the middle of an append can only tear the last line;
  opening the log cuts such a line away.

Both are plain blocking code with no locking of their own: ``knowledge.store.Store`` runs every
call on its single writer thread.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import Storage

from knowledge.errors import SwitchboardError

log = logging.getLogger(__name__)

_BLOCK = 1 << 16


class StoreCorrupt(SwitchboardError):
    """A file in the data folder cannot be read back; it names the file (and line) to fix."""


def fsync_dir(folder: Path) -> None:
    """Make a rename or file creation inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage that keeps the data in memory and replaces the file atomically on write.

    The dict returned by ``read`` is the cache itself and TinyDB mutates it before calling
    ``write``; if a write fails the cache is dropped so the next read reloads what is on disk.
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True, indent: int | None = None):
        super().__init__()
        self.path = Path(path)
        self.durable = durable
        self.indent = indent
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()

    def _temp_prefix(self) -> str:
        return f".{self.path.name}."

    def _remove_leftovers(self) -> None:
        for leftover in self.path.parent.glob(f"{self._temp_prefix()}*.tmp"):
            log.warning("removing %s, left by an interrupted write", leftover)
            leftover.unlink(missing_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, read from disk only the first time."""
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def _load(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            where = f"{self.path}:{line}" if line else str(self.path)
            raise StoreCorrupt(f"{where}: not valid JSON ({exc}); restore it from a backup") from exc
        if not isinstance(data, dict):
            raise StoreCorrupt(f"{self.path}: expected a JSON object, found {type(data).__name__}")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with ``data``: old or new content survives a crash, nothing else."""
        try:
            if self.indent is None:
                payload = _dumps(data)
            else:
                payload = json.dumps(data, ensure_ascii=False, indent=self.indent).encode("utf-8")
            self._replace(payload)
        except BaseException:
            self._data, self._loaded = None, False
            raise
        self._data, self._loaded = data, True

    def _replace(self, payload: bytes) -> None:
        fd, tmp_name = tempfile.mkstemp(prefix=self._temp_prefix(), suffix=".tmp", dir=self.path.parent)
        try:
            # mkstemp makes the file private; keep the mode the data file already has.
            try:
                os.fchmod(fd, self.path.stat().st_mode & 0o777)
            except FileNotFoundError:
                os.fchmod(fd, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                if self.durable:
                    os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        if self.durable:
            fsync_dir(self.path.parent)

    def close(self) -> None:
        """Forget the cached data."""
        self._data, self._loaded = None, False


class AppendLog:
    """An append-only JSON-lines file: one JSON object per line, oldest first."""

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True):
        self.path = Path(path)
        self.durable = durable
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        if created and durable:
            fsync_dir(self.path.parent)
        self._size, self._count = self._repair()

    # -- opening ---------------------------------------------------------------------------

    def _repair(self) -> tuple[int, int]:
        """Count the records and cut away a torn last line; return (good size, record count)."""
        size = os.fstat(self._fd).st_size
        count = 0
        last_newline = -1
        offset = 0
        while offset < size:
            block = os.pread(self._fd, _BLOCK, offset)
            if not block:
                break
            count += block.count(b"\n")
            position = block.rfind(b"\n")
            if position >= 0:
                last_newline = offset + position
            offset += len(block)
        good = last_newline + 1
        if count and not self._parses(self._line_before(good)):
            # A complete but unreadable last line is a torn write too (garbage from a crash).
            good = self._start_of_line_before(good)
            count -= 1
        if good < size:
            log.warning("%s: cutting %d bytes of an interrupted append", self.path, size - good)
            os.ftruncate(self._fd, good)
            if self.durable:
                os.fsync(self._fd)
        return good, count

    def _start_of_line_before(self, end: int) -> int:
        """Offset where the line ending at ``end`` (exclusive, after its newline) starts."""
        position = end - 1  # the newline itself
        while position > 0:
            start = max(0, position - _BLOCK)
            block = os.pread(self._fd, position - start, start)
            found = block.rfind(b"\n")
            if found >= 0:
                return start + found + 1
            position = start
        return 0

    def _line_before(self, end: int) -> bytes:
        start = self._start_of_line_before(end)
        return os.pread(self._fd, end - start, start)

    @staticmethod
    def _parses(line: bytes) -> bool:
        try:
            json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return False
        return True

    # -- writing ---------------------------------------------------------------------------

    def append(self, record: dict[str, Any]) -> int:
        """Write one record durably and return the new record count."""
        return self.append_encoded(_dumps(record))

    def append_many(self, records: list[dict[str, Any]], *, sync: bool = True) -> int:
        """Write several records with one write and one fsync (none with ``sync=False``); the new
        record count."""
        if not records:
            return self._count
        return self._write(b"".join(_dumps(record) + b"\n" for record in records), len(records), sync=sync)

    def append_encoded(self, encoded: bytes) -> int:
        """Write one record already encoded as JSON (one line, no newline) durably; the new count."""
        return self._write(encoded + b"\n", 1)

    def _write(self, line: bytes, count: int, *, sync: bool = True) -> int:
        view = memoryview(line)
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            if self.durable and sync:
                os.fsync(self._fd)
        except BaseException:
            # Leave no half line for the next append to be glued onto.
            os.ftruncate(self._fd, self._size)
            raise
        self._size += len(line)
        self._count += count
        return self._count

    # -- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._count

    @property
    def size(self) -> int:
        """Bytes of complete records in the file."""
        return self._size

    def _decode(self, line: bytes, number: int) -> dict[str, Any]:
        try:
            return json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise StoreCorrupt(f"{self.path}:{number}: not valid JSON ({exc})") from exc

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Every record, oldest first."""
        with open(self.path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if number > self._count:
                    break
                yield self._decode(line, number)

    def __reversed__(self) -> Iterator[dict[str, Any]]:
        """Every record, newest first, reading the file backwards block by block."""
        number = self._count
        position = self._size
        pending = b""
        while position > 0:
            start = max(0, position - _BLOCK)
            pending = os.pread(self._fd, position - start, start) + pending
            position = start
            lines = pending.split(b"\n")
            # lines[-1] is the empty tail after the last newline; lines[0] may be partial.
            pending = lines[0]
            for line in reversed(lines[1:-1]):
                yield self._decode(line, number)
                number -= 1
            pending += b"\n"
        if pending.strip():
            yield self._decode(pending, number)

    def tail(self, n: int) -> list[dict[str, Any]]:
        """The last ``n`` records, oldest first."""
        if n <= 0:
            return []
        records: list[dict[str, Any]] = []
        for record in reversed(self):
            records.append(record)
            if len(records) == n:
                break
        records.reverse()
        return records

    def close(self) -> None:
        """Close the file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

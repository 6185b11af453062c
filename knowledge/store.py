"""The data folder: one file per concern, locked to one process, touched by one writer thread.

``Store`` owns a data folder: it takes the folder's lock file so a second Switchboard process is
refused, hands out TinyDB databases (``<name>.json`` on ``JournaledJSONStorage``) and append-only
logs (``<name>.jsonl``), and runs every disk call on ONE writer thread: ``store.call`` from plain
code, ``await store.acall`` from the event loop, which therefore never waits on the disk.
The audited registry kept in such a folder is ``knowledge.registry_repo.RegistryRepo``.
"""
from __future__ import annotations

import asyncio
import functools
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import TinyDB

from knowledge.errors import StoreLocked
from knowledge.journal import JournaledJSONStorage, JournaledTables
from knowledge.storage import AppendLog

__all__ = ["Store"]

T = TypeVar("T")
_NAME_RE = re.compile(r"^[a-z0-9_-]+$")


class Store:
    """One data folder, locked to this process, whose files are only touched by one thread."""

    def __init__(self, data_dir: Path, lock: FileLock, *, durable: bool = True):
        self.data_dir = data_dir
        self.durable = durable
        self._lock = lock
        self._writer_ident: int | None = None
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="store-writer", initializer=self._mark_writer
        )
        self._tables: dict[str, TinyDB] = {}
        self._logs: dict[str, AppendLog] = {}
        self._journaled_tables: dict[str, JournaledTables] = {}
        self._closed = False

    @classmethod
    def open(cls, data_dir: str | Path, *, durable: bool = True) -> Store:
        """Create (if needed) and lock ``data_dir``; StoreLocked if another process holds it."""
        folder = Path(data_dir).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        lock_path = folder / ".lock"
        lock = FileLock(str(lock_path), timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise StoreLocked(
                f"data folder {folder} is already used by another Switchboard process "
                f"(lock file {lock_path})"
            ) from None
        return cls(folder, lock, durable=durable)

    def _mark_writer(self) -> None:
        self._writer_ident = threading.get_ident()

    # -- running on the writer thread ------------------------------------------------------

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the writer thread and return its result (inline when already there)."""
        if threading.get_ident() == self._writer_ident:
            return fn(*args, **kwargs)
        self._check_open()
        return self._executor.submit(fn, *args, **kwargs).result()

    async def acall(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Await ``fn`` run on the writer thread, without blocking the event loop."""
        self._check_open()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"the store on {self.data_dir} is closed")

    # -- files -----------------------------------------------------------------------------

    def table_db(self, name: str) -> TinyDB:
        """The TinyDB database in ``<dir>/<name>.json``; use it only through call/acall."""
        return self.call(self._table_db, _checked_name(name))

    def _table_db(self, name: str) -> TinyDB:
        if name not in self._tables:
            path = self.data_dir / f"{name}.json"
            self._tables[name] = TinyDB(path, storage=JournaledJSONStorage, durable=self.durable)
        return self._tables[name]

    def tables(self, name: str) -> JournaledTables:
        """The journaled tables in ``<dir>/<name>.json``, committed explicitly; only through call/acall.

        For hot data whose writes must not grow with its size (the outbox). Never open the same
        name as a TinyDB database too.
        """
        return self.call(self._journaled, _checked_name(name))

    def close_tables(self, name: str) -> None:
        """Close the journaled tables ``name`` (opened again, from disk, by the next ``tables``)."""
        self.call(self._close_journaled, _checked_name(name))

    def _close_journaled(self, name: str) -> None:
        tables = self._journaled_tables.pop(name, None)
        if tables is not None:
            tables.close()

    def _journaled(self, name: str) -> JournaledTables:
        if name not in self._journaled_tables:
            self._journaled_tables[name] = JournaledTables(self.data_dir / f"{name}.json", durable=self.durable)
        return self._journaled_tables[name]

    def log(self, name: str) -> AppendLog:
        """The append-only log in ``<dir>/<name>.jsonl``; use it only through call/acall."""
        return self.call(self._log, _checked_name(name))

    def _log(self, name: str) -> AppendLog:
        if name not in self._logs:
            self._logs[name] = AppendLog(self.data_dir / f"{name}.jsonl", durable=self.durable)
        return self._logs[name]

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close every file, stop the writer thread and release the folder's lock."""
        if self._closed:
            return
        if threading.get_ident() == self._writer_ident:
            raise RuntimeError("Store.close() cannot run on the store's own writer thread")
        try:
            self._executor.submit(self._close_files).result()
        finally:
            self._closed = True
            self._executor.shutdown(wait=True)
            self._lock.release()

    def _close_files(self) -> None:
        for db in self._tables.values():
            db.close()
        for append_log in self._logs.values():
            append_log.close()
        for tables in self._journaled_tables.values():
            tables.close()
        self._journaled_tables.clear()
        self._tables.clear()
        self._logs.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _checked_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise ValueError(f"store file name {name!r} must match [a-z0-9_-]+")
    return name

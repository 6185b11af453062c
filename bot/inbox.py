"""Triggers written down before Slack gets its acknowledgement, and processed exactly once.

A trigger (a reaction, a shortcut, `/escalate`, a watched-channel post…) is stored under a key
that Slack's retries repeat (the event id, or the message it is about). ``accept`` answers False
for a key already seen, so a retried delivery is dropped. A trigger stays pending until its
processing is finished; at start-up every pending trigger is processed again, so a crash between
the acknowledgement and the notification loses nothing.

Slack's acknowledgement waits for ``accept``, so the inbox has its own writer thread and its own
files: an accept never queues behind escalation or outbox writes on the store's writer thread.
Accepts that arrive together (a burst of reactions) are written with one fsync (group commit),
and so are the ``done`` records.

Storage: one append-only log per day (``inbox-YYYYMMDD.jsonl``) of ``accept`` and ``done``
records, so accepting costs one appended line whatever the history. Opening replays the last
``KEEP_DAYS`` days: that is the window in which a repeated key is recognised. At start-up and on
the first write of each new day, a trigger still pending in an older file is written again into
today's file, never dropped, and the older files are deleted: a bot running for months keeps a
few days of files, and remembers a few days of keys.
"""
from __future__ import annotations

import asyncio
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.group_commit import GroupCommit
from knowledge.storage import AppendLog, fsync_dir
from knowledge.store import Store

KEEP_DAYS = 3


def pending_records(data_dir: Path, name: str = "inbox") -> dict[str, dict[str, Any]]:
    """The items accepted and not done yet, by key, read without the lock (for tests and
    benchmarks watching a running bot; a line being written is skipped)."""
    pending: dict[str, dict[str, Any]] = {}
    for path in sorted(data_dir.glob(f"{name}-*.jsonl")):
        for line in path.read_bytes().splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if record["op"] == "accept":
                pending[record["key"]] = record
            else:
                pending.pop(record["key"], None)
    return pending


def pending_keys(data_dir: Path) -> set[str]:
    """Keys of the triggers accepted and not processed yet (see ``pending_records``)."""
    return set(pending_records(data_dir))


def _day(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y%m%d")


class Inbox:
    """Durable, de-duplicated triggers, in the files ``<name>-YYYYMMDD.jsonl`` of ``folder``.

    The bot's own inbox is ``Inbox.of(store)``; the HTTP front process keeps Slack's requests in
    one named "requests" (``bot/front.py``). With ``durable_dones=False`` a ``done`` record is
    written without an fsync: one lost in a power cut only means the item is offered again, to a
    consumer that recognises repeats.

    With ``inline=True`` the files are written on the event loop's own thread instead of a
    writer thread: the accepts queued during one turn of the loop still share one fsync, and an
    accept is answered without waking a thread or waiting for the interpreter lock (for the
    HTTP front, whose loop does nothing else while it writes).
    """

    def __init__(self, folder: Path, *, durable: bool = True, name: str = "inbox", now: float | None = None,
                 durable_dones: bool = True, inline: bool = False):
        self._folder = Path(folder)
        self._durable = durable
        self._name = name
        self._file_re = re.compile(rf"^{re.escape(name)}-(\d{{8}})\.jsonl$")
        self._durable_dones = durable and durable_dones
        self._logs: dict[str, AppendLog] = {}
        self._seen: dict[str, str] = {}  # key -> day of the file it was accepted in
        self._pending: dict[str, dict[str, Any]] = {}
        self._where: dict[str, str] = {}  # pending key -> day of the file holding its accept
        self._today = ""
        self._executor = None if inline else ThreadPoolExecutor(max_workers=1, thread_name_prefix="switchboard-inbox")
        self._load(time.time() if now is None else now)
        writer = None if inline else self._run  # inline: on the loop, once per turn of it
        self._accepts: GroupCommit[tuple[str, dict[str, Any], float], bool] = GroupCommit(
            writer, self._accept_many, "inbox-accepts")
        self._dones: GroupCommit[tuple[str, float], None] = GroupCommit(
            writer, self._done_many, "inbox-dones")

    @classmethod
    def of(cls, store: Store, *, now: float | None = None) -> Inbox:
        """The bot's inbox, in the store's data folder."""
        return cls(store.data_dir, durable=store.durable, now=now)

    async def _run(self, fn, *args):
        if self._executor is None:
            return fn(*args)
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def _file(self, day: str) -> AppendLog:
        if day not in self._logs:
            self._logs[day] = AppendLog(self._folder / f"{self._name}-{day}.jsonl", durable=self._durable)
            for old in sorted(self._logs)[:-(KEEP_DAYS + 1)]:  # a bot running for months keeps
                self._logs.pop(old).close()  # a few days' files open, not one per day
        return self._logs[day]

    def close(self) -> None:
        """Close the files and stop the inbox's writer thread."""
        if self._executor is None:
            for log in self._logs.values():
                log.close()
            return
        self._executor.submit(lambda: [log.close() for log in self._logs.values()]).result()
        self._executor.shutdown(wait=True)

    def _days_on_disk(self) -> list[str]:
        days = []
        for path in self._folder.glob(f"{self._name}-*.jsonl"):
            match = self._file_re.match(path.name)
            if match:
                days.append(match.group(1))
        return sorted(days)

    def _recent(self, now: float) -> set[str]:
        """The days whose files are kept: the last KEEP_DAYS on disk, and today."""
        return set(self._days_on_disk()[-KEEP_DAYS:]) | {_day(now)}

    def _load(self, now: float) -> None:
        recent = self._recent(now)
        for day in self._days_on_disk():
            for record in self._file(day):
                key = record["key"]
                if record["op"] == "accept":
                    self._pending[key] = record
                    self._where[key] = day
                    if day in recent:
                        self._seen[key] = day
                else:
                    self._pending.pop(key, None)
                    self._where.pop(key, None)
                    if record.get("forget"):
                        self._seen.pop(key, None)
        for key, day in self._where.items():
            self._seen.setdefault(key, day)  # a pending key is known whatever its day
        self._roll(now)

    def _roll(self, now: float) -> None:
        """On the first write of a day (and at start-up): write the triggers still pending in
        files older than the window again into today's file, then delete those files and forget
        their keys."""
        today = _day(now)
        if today == self._today:
            return
        self._today = today
        recent = self._recent(now)
        old = [day for day in self._days_on_disk() if day not in recent]
        moving = [key for key, day in self._where.items() if day not in recent]
        if moving:
            self._file(today).append_many([self._pending[key] for key in moving])
            self._where.update((key, today) for key in moving)
            self._seen.update((key, today) for key in moving)
        for day in old:
            log = self._logs.pop(day, None)
            if log is not None:
                log.close()
            (self._folder / f"{self._name}-{day}.jsonl").unlink(missing_ok=True)
        if old and self._durable:
            fsync_dir(self._folder)
        self._seen = {key: day for key, day in self._seen.items() if day in recent}

    def _accept_many(self, jobs: list[tuple[str, dict[str, Any], float]]) -> list[bool]:
        """Write down the triggers not seen before (one append per day file); for each, whether it was new."""
        fresh: list[bool] = []
        by_day: dict[str, list[dict[str, Any]]] = {}
        self._roll(max(now for _key, _trigger, now in jobs))
        for key, trigger, now in jobs:
            if key in self._seen:
                fresh.append(False)
                continue
            day = _day(now)
            self._seen[key] = day
            by_day.setdefault(day, []).append({"op": "accept", "key": key, "trigger": trigger, "at": now})
            fresh.append(True)
        try:
            for day, records in by_day.items():
                self._file(day).append_many(records)
        except BaseException:
            for records in by_day.values():
                for record in records:
                    self._seen.pop(record["key"], None)
            raise
        for day, records in by_day.items():
            for record in records:
                self._pending[record["key"]] = record
                self._where[record["key"]] = day
        return fresh

    def has_seen(self, key: str) -> bool:
        """True when a trigger with ``key`` was accepted (in the last few days), processed or not."""
        return key in self._seen

    async def accept(self, key: str, trigger: dict[str, Any]) -> bool:
        """Store ``trigger`` durably; False when ``key`` was seen before (a retry or a repeat)."""
        return await self._accepts.submit((key, trigger, time.time()))

    def _done_many(self, jobs: list[tuple[str, float, bool]]) -> list[None]:
        by_day: dict[str, list[dict[str, Any]]] = {}
        self._roll(max(now for _key, now, _forget in jobs))
        for key, now, forget in jobs:
            if self._pending.pop(key, None) is not None:
                self._where.pop(key, None)
                record = {"op": "done", "key": key, "at": now}
                if forget:
                    record["forget"] = True
                    self._seen.pop(key, None)
                by_day.setdefault(_day(now), []).append(record)
        for day, records in by_day.items():
            self._file(day).append_many(records, sync=self._durable_dones)
        return [None] * len(jobs)

    async def done(self, key: str, *, forget: bool = False) -> None:
        """Mark the trigger processed (its key is remembered a few days to drop late retries);
        with ``forget``, it failed for good and the same trigger may be given again (the person
        invited the bot into the channel and tries once more)."""
        await self._dones.submit((key, time.time(), forget))

    async def done_many(self, keys: list[str]) -> None:
        """Mark several triggers processed, in one write."""
        now = time.time()
        await self._run(self._done_many, [(key, now, False) for key in keys])

    async def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Triggers accepted but not processed yet, oldest first."""
        records = await self._run(lambda: sorted(self._pending.values(), key=lambda r: r["at"]))
        return [(record["key"], record["trigger"]) for record in records]

"""Every message the bot must send, written down first and delivered by one worker.

An outbox entry is a Web API call (``chat.postMessage``, ``chat.update``, ``chat.postEphemeral``…)
stored in the TinyDB file ``outbox`` until Slack has accepted it. Services add entries inside
their own writer-thread transaction (``add_tx``), so a state change and the messages it causes
are recorded together; the worker then delivers them:

- in order per channel (``channel_key``): entry n+1 of a channel waits until n is done;
- paced to about one call per ``pace_seconds`` per channel, after a short burst of ``burst``
  calls (Slack allows short bursts above its one-message-per-second-per-channel rule, so the
  first cards of a crisis are not held back);
- retrying 429 (after its Retry-After, and holding that method meanwhile), 5xx, Slack's own
  transient errors and network errors, with exponential backoff up to ``max_backoff``;
- giving up only on permanent errors (``channel_not_found``…): the entry moves to the append-only
  log ``outbox-failed``, is logged, and ``on_failed`` is called. Nothing is dropped silently.

Direct messages: ``args`` may name ``{"user": "U…"}`` instead of a channel; the DM is opened with
``conversations.open`` at delivery. A ``chat.update`` whose message is not posted yet names it
with ``ts_from`` (the ``ref`` of the entry that posts it); when that post is delivered, its
channel and ts are written into the waiting entries in the same write that marks it sent.

Crash safety: an entry stays in the file until it is marked sent, right after Slack's answer, so
a crash mid-delivery resends at most the calls that were in flight. Outcomes that arrive
together are recorded in one write. ``on_delivered([(entry, response), …])`` (used to record
message ts) and ``on_failed(entry, error)`` run on the store's writer thread, inside that write.
"""
from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.foreground import Foreground
from bot.group_commit import GroupCommit
from bot.outbox_queue import DeliveryQueue, launchable
from bot.outbox_store import (
    WAITING,
    DeliveredHook,
    FailedHook,
    OutboxEntries,
    ResolveHook,
    default_channel_key,
    ref_matches,
)
from bot.slack_errors import FAILED, RETRY, classify_error, classify_response
from knowledge.store import Store

log = logging.getLogger(__name__)

SlackCall = Callable[[str, dict], Awaitable[Any]]
__all__ = ["Outbox", "SlackCall", "default_channel_key", "ref_matches"]


def _plain(response: Any) -> dict:
    data = getattr(response, "data", response)
    return dict(data) if isinstance(data, Mapping) else {}


class Outbox:
    """Durable, ordered, paced, retrying delivery of Web API calls."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        call: SlackCall,
        pace_seconds: float = 1.0,
        burst: int = 3,
        *,
        base_backoff: float = 1.0,
        max_backoff: float = 300.0,
        max_in_flight: int = 16,
        foreground: Foreground | None = None,
    ):
        self._store = store
        self._clock = clock
        self._call = call
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.max_in_flight = max_in_flight
        self._foreground = foreground or Foreground()
        self._entries = OutboxEntries(store, clock)
        self.on_delivered: DeliveredHook | None = None
        self.on_failed: FailedHook | None = None
        self.resolve_ref: ResolveHook | None = None
        self._queue = DeliveryQueue(pace_seconds, burst)
        self._busy: dict[asyncio.Task, str] = {}  # delivery task -> channel key
        self._urgent_busy: set[asyncio.Task] = set()
        self._dm: dict[str, str] = {}  # user -> DM channel id
        self._wake = asyncio.Event()  # reload what the file holds
        self._ready = asyncio.Event()  # new entries are in ``_queue`` already
        self._changed = asyncio.Event()
        self._worker: asyncio.Task | None = None
        self._marks: GroupCommit[tuple[str, int, Any], dict[int, dict]] = GroupCommit(
            store.acall, self._apply_marks_tx, "outbox-marks")
        self._recording: set[asyncio.Task] = set()
        self._posted: list[tuple[dict, str, str]] = []  # (ref, channel, ts) of posts being recorded
        self._stopping = False
        self.upstream = 0  # triggers being turned into escalations: urgent entries on their way
        self.delivered_count = 0
        self.failed_count = 0

    @property
    def pace_seconds(self) -> float:
        """Seconds between two calls to one channel once its ``burst`` is spent (0: no pacing)."""
        return self._queue.pace_seconds

    @pace_seconds.setter
    def pace_seconds(self, value: float) -> None:
        self._queue.pace_seconds = value

    @property
    def burst(self) -> int:
        """Calls a channel may take at once before its pace applies."""
        return self._queue.burst

    @burst.setter
    def burst(self, value: int) -> None:
        self._queue.burst = value

    # -- building and adding entries (writer thread) -----------------------------------------

    def entry(
        self,
        method: str,
        args: Mapping[str, Any],
        *,
        channel_key: str | None = None,
        ref: Mapping[str, Any] | None = None,
        ts_from: Mapping[str, Any] | None = None,
        entry_id: str | None = None,
        urgent: bool = False,
    ) -> dict:
        """A new entry, not stored yet (give it to ``add_tx`` or ``enqueue``).

        ``urgent`` entries (a card to the person who must act) are started before the others.
        """
        args = dict(args)
        if channel_key is None and method == "chat.postEphemeral" and args.get("user"):
            # ephemeral answers are not held by the channel's one-post-per-second pace
            channel_key = f"ephemeral:{args['user']}"
        return {
            "id": entry_id or uuid.uuid4().hex,
            "method": method,
            "args": args,
            "channel_key": channel_key or default_channel_key(args),
            "ref": dict(ref) if ref else None,
            "ts_from": dict(ts_from) if ts_from else None,
            "attempts": 0,
            "next_at": self._clock.now(),
            "created_at": self._clock.now(),
            "status": "pending",
            "last_error": None,
            "urgent": urgent,
        }

    def add_tx(self, entries: Iterable[dict]) -> list[int]:
        """Store entries (one write); run it on the writer thread inside the caller's transaction."""
        entries = list(entries)
        return self._entries.add(entries, self.resolve_ref) if entries else []

    def remove_tx(self, doc_ids: Iterable[int]) -> None:
        """Forget stored entries (a transaction rolled back, or a startup repair)."""
        self._entries.remove(doc_ids)

    def pending_tx(self) -> list[dict]:
        """Every stored entry, oldest first, each with its ``doc_id`` (writer thread)."""
        return self._entries.pending()

    def committed(self, stored: Iterable[tuple[int, dict]]) -> None:
        """Entries a finished transaction stored, as (doc_id, entry): queued at once (event loop)."""
        self._queue.committed(stored)
        self.wake()

    async def enqueue(self, entries: Iterable[dict]) -> list[int]:
        """Store entries in their own transaction and wake the worker."""
        ids = await self._store.acall(self.add_tx, list(entries))
        self.kick()
        return ids

    async def pending(self) -> list[dict]:
        """Entries not delivered yet, oldest first."""
        return await self._store.acall(self.pending_tx)

    async def failed(self) -> list[dict]:
        """Entries given up on (permanent errors), oldest first."""
        return await self._store.acall(self._entries.failed)

    # -- the worker ----------------------------------------------------------------------------

    def wake(self) -> None:
        """Tell the worker to look again at the entries it holds (no reload from disk)."""
        self._ready.set()

    def kick(self) -> None:
        """Tell the worker new entries may be waiting."""
        self._wake.set()

    def start(self) -> None:
        """Start the delivery worker on the running loop (no-op when already running)."""
        if self._worker is None or self._worker.done():
            self._stopping = False
            self._worker = asyncio.create_task(self._run(), name="outbox-worker")

    async def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker; in-flight calls get ``timeout`` seconds to finish (they stay stored)."""
        self._stopping = True
        self._wake.set()
        if self._worker is not None:
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None
        if self._busy:
            _done, late = await asyncio.wait(list(self._busy), timeout=timeout)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self._recording:
            await asyncio.gather(*list(self._recording), return_exceptions=True)

    async def drain(self, timeout: float = 10.0) -> bool:
        """Wait (real time) until nothing is left to deliver; False if ``timeout`` passes first."""
        self.start()
        self.kick()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            self._changed.clear()
            stored = await self._store.acall(self._entries.count)
            if not stored and not self._queue and not self._busy and not self._recording:
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))
            except TimeoutError:
                self.kick()

    async def _run(self) -> None:
        self._wake.set()
        while not self._stopping:
            self._ready.clear()
            if self._wake.is_set():
                self._wake.clear()
                await self._reload()
            delay = self._launch_ready()
            await self._wait(delay)

    async def _reload(self) -> None:
        self._queue.begin_reload()
        self._queue.reload(await self._store.acall(self.pending_tx))
        self._changed.set()

    def _launch_ready(self) -> float | None:
        """Start every delivery that may go now; return the delay until the next one may."""
        now = self._clock.now()
        ready, next_time = self._queue.ready(now, set(self._busy.values()))
        for item in launchable(ready, in_flight=len(self._busy), urgent_in_flight=len(self._urgent_busy),
                               upstream=self.upstream, max_in_flight=self.max_in_flight):
            task = asyncio.create_task(self._deliver(item), name=f"outbox-{item['id']}")
            self._busy[task] = item["channel_key"]
            if item.get("urgent"):
                self._urgent_busy.add(task)
            task.add_done_callback(self._delivery_done)
        return None if next_time is None else max(0.0, next_time - now)

    async def _wait(self, delay: float | None) -> None:
        waiters: list[asyncio.Future] = [asyncio.ensure_future(self._wake.wait()),
                                         asyncio.ensure_future(self._ready.wait())]
        if delay is not None:
            waiters.append(asyncio.ensure_future(self._clock.sleep(delay)))
        try:
            await asyncio.wait([*waiters, *self._busy], return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    def _delivery_done(self, task: asyncio.Task) -> None:
        channel = self._busy.pop(task, None)
        self._urgent_busy.discard(task)
        self._changed.set()
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            # A bug, not Slack: keep the entry and try it again later rather than lose it.
            log.error("outbox delivery on %s crashed; will retry", channel, exc_info=error)
            self._queue.defer(channel, self._clock.now() + self.max_backoff)

    # -- one delivery --------------------------------------------------------------------------

    async def _deliver(self, item: dict) -> None:
        doc_id = item["doc_id"]
        await self._foreground.clear()
        try:
            response = await self._send(item)
        except (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            verdict = classify_error(exc)
        except _Failure as failure:
            verdict = failure.verdict
        else:
            data = _plain(response)
            verdict = classify_response(data)
            if verdict is None:
                self._queue.take_token(item["channel_key"], self._clock.now())
                self._finish(item, "sent", data)
                self.delivered_count += 1
                return
        kind, error, retry_after = verdict
        if kind == FAILED:
            self._finish(item, "failed", error)
            self.failed_count += 1
            return
        now = self._clock.now()
        attempts = item.get("attempts", 0) + 1
        delay = min(self.max_backoff, self.base_backoff * 2 ** (attempts - 1))
        if retry_after is not None:
            delay = retry_after
            self._queue.hold(item["method"], now + retry_after)
        log.info("outbox %s %s on %s: %s, retry %d in %.1fs",
                 item["method"], item["id"], item["channel_key"], error, attempts, delay)
        item.update(attempts=attempts, next_at=now + delay, last_error=error)
        self._record("retry", doc_id, {"attempts": attempts, "next_at": now + delay, "last_error": error})

    def _finish(self, item: dict, kind: str, payload: Any) -> None:
        """The entry is done: its channel moves on now, its removal is written in the background."""
        doc_id = item["doc_id"]
        self._queue.finish(doc_id)
        posted = None
        if kind == "sent" and item.get("ref") and payload.get("channel") and payload.get("ts"):
            posted = (item["ref"], payload["channel"], payload["ts"])
            self._posted.append(posted)
        self._record(kind, doc_id, payload, posted)

    def _record(self, kind: str, doc_id: int, payload: Any, posted: tuple | None = None) -> None:
        # not held back for Slack's requests: until it is written, a kill would send the post again
        task = asyncio.ensure_future(self._marks.submit((kind, doc_id, payload)))
        self._recording.add(task)
        task.add_done_callback(lambda done: self._recorded(done, doc_id, posted))

    def _recorded(self, task: asyncio.Task, doc_id: int, posted: tuple | None) -> None:
        self._recording.discard(task)
        if posted in self._posted:
            self._posted.remove(posted)
        self._changed.set()
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            # Still in the file: it will be loaded and sent again (a duplicate rather than a loss).
            log.error("could not record the outcome of outbox entry %s", doc_id, exc_info=error)
            self._queue.reopen(doc_id)
            self.kick()
            return
        self._queue.fill_args(task.result())

    def _apply_marks_tx(self, marks: list[tuple[str, int, Any]]) -> list[dict[int, dict]]:
        filled = self._entries.apply_marks(marks, self.on_delivered, self.on_failed)
        return [filled] * len(marks)

    async def _send(self, item: dict) -> Any:
        args = dict(item["args"])
        if item.get("ts_from") and not args.get("ts"):
            found = next(({"channel": channel, "ts": ts} for ref, channel, ts in self._posted
                          if ref_matches(ref, item["ts_from"])), None)
            found = found or await self._store.acall(self._entries.lookup_ts, item["ts_from"], self.resolve_ref)
            if found is WAITING:
                raise _Failure((RETRY, "waiting_for_message", None))
            if not found:
                raise _Failure((FAILED, "message_not_posted", None))
            args["channel"], args["ts"] = found["channel"], found["ts"]
        if not args.get("channel") and args.get("user"):
            user = args.pop("user")
            args["channel"] = await self._open_dm(user)
        return await self._call(item["method"], args)

    async def _open_dm(self, user: str) -> str:
        if user not in self._dm:
            data = _plain(await self._call("conversations.open", {"users": user}))
            failure = classify_response(data)
            if failure is not None:
                raise _Failure(failure)
            self._dm[user] = data["channel"]["id"]
        return self._dm[user]

class _Failure(Exception):
    """A delivery step that failed without an exception from the call (ok:false, nothing to update)."""

    def __init__(self, verdict: tuple[str, str, float | None]):
        super().__init__(verdict[1])
        self.verdict = verdict

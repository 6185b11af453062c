"""The outbox worker's entries in memory, and which of them may start now.

The queue holds the entries the worker read from the file or was handed by a committed
transaction, until each is done (delivered or failed). A done entry is not brought back by a
reload while its removal from the file is still being written; an entry committed while the
file is read is not dropped by that reload.

Entries wait in one lane per channel (``channel_key``), oldest doc_id first: only a lane's head
may start, and only while nothing of its channel is in flight. A head is ready once its own
``next_at`` (a retry's backoff), its channel's pace and its method's hold (a 429's Retry-After)
allow it. The pace is a token bucket per channel: ``burst`` calls at once, then one per
``pace_seconds``. Of the ready heads, urgent entries start first, then the oldest. Plain
event-loop code: no I/O, no tasks.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable

OTHERS_BESIDE_URGENT = 1  # non-urgent calls in flight while urgent ones wait, run or are being made


class DeliveryQueue:
    """Held entries (by doc_id) in order per channel, each channel's pace and each method's hold."""

    def __init__(self, pace_seconds: float, burst: int):
        self.pace_seconds = pace_seconds
        self.burst = max(1, burst)
        self._pending: dict[int, dict] = {}
        self._queues: dict[str, list[int]] = {}  # channel -> heap of its pending doc ids (stale ids skipped)
        self._bucket: dict[str, tuple[float, float]] = {}  # channel -> (tokens, at)
        self._hold: dict[str, float] = {}  # method -> not before (a 429's Retry-After)
        self._committed_ids: set[int] = set()  # handed over by ``committed`` since the last reload
        self._done_ids: set[int] = set()  # delivered or failed; their removal may not be written yet

    def __len__(self) -> int:
        """How many entries are held (not done yet)."""
        return len(self._pending)

    # -- what is held ----------------------------------------------------------------------------

    def committed(self, stored: Iterable[tuple[int, dict]]) -> None:
        """Hold the entries a finished transaction stored, as (doc_id, entry), unless done or held."""
        for doc_id, entry in stored:
            if doc_id not in self._done_ids and doc_id not in self._pending:
                self._add({**entry, "doc_id": doc_id})
                self._committed_ids.add(doc_id)

    def begin_reload(self) -> None:
        """The file is about to be read for ``reload``: entries committed from now on stay held."""
        self._committed_ids.clear()

    def reload(self, stored: list[dict]) -> None:
        """Hold what the file holds (each entry with its ``doc_id``), less the done; drop what left it."""
        fresh = {e["doc_id"]: e for e in stored if e["doc_id"] not in self._done_ids}
        self._done_ids &= {e["doc_id"] for e in stored}  # once gone from the file, gone for good
        for doc_id in list(self._pending):
            if doc_id not in fresh and doc_id not in self._committed_ids:  # (committed while we read)
                del self._pending[doc_id]
        for doc_id, item in fresh.items():
            if doc_id not in self._pending:
                self._add(item)

    def finish(self, doc_id: int) -> None:
        """Delivered or failed: its channel moves on, and no reload holds it again."""
        self._pending.pop(doc_id, None)
        self._done_ids.add(doc_id)

    def reopen(self, doc_id: int) -> None:
        """Its outcome could not be written: the next reload holds it again, from the file."""
        self._done_ids.discard(doc_id)

    def fill_args(self, filled: dict[int, dict]) -> None:
        """New args (doc_id -> args) of held updates whose message was just posted."""
        for dep_id, args in filled.items():
            if dep_id in self._pending:
                self._pending[dep_id]["args"] = args

    def defer(self, channel: str, until: float) -> None:
        """Hold back the first held entry of ``channel`` until ``until`` (its delivery crashed)."""
        for item in self._pending.values():
            if item["channel_key"] == channel:
                item["next_at"] = until
                break

    def _add(self, item: dict) -> None:
        self._pending[item["doc_id"]] = item
        heapq.heappush(self._queues.setdefault(item["channel_key"], []), item["doc_id"])

    # -- what may start --------------------------------------------------------------------------

    def ready(self, now: float, busy_channels: set[str]) -> tuple[list[dict], float | None]:
        """The heads of idle channels that may start at ``now``, and when the first other head may."""
        next_time: float | None = None
        ready = []
        for channel, item in self._heads().items():
            if channel in busy_channels:
                continue
            ready_at = max(
                item.get("next_at") or 0.0,
                self._token_at(channel, now),
                self._hold.get(item["method"], 0.0),
            )
            if ready_at > now:
                next_time = ready_at if next_time is None else min(next_time, ready_at)
                continue
            ready.append(item)
        return ready, next_time

    def take_token(self, channel: str, now: float) -> None:
        """Slack accepted a call to ``channel`` at ``now``: it uses up one of the channel's tokens."""
        self._bucket[channel] = (max(0.0, self._tokens(channel, now) - 1.0), now)

    def hold(self, method: str, until: float) -> None:
        """No call of ``method`` starts before ``until`` (a 429's Retry-After)."""
        self._hold[method] = until

    def _heads(self) -> dict[str, dict]:
        """The oldest pending entry of each channel."""
        heads: dict[str, dict] = {}
        for channel in list(self._queues):
            queue = self._queues[channel]
            while queue and queue[0] not in self._pending:  # delivered, failed or forgotten
                heapq.heappop(queue)
            if queue:
                heads[channel] = self._pending[queue[0]]
            else:
                del self._queues[channel]
        return heads

    def _tokens(self, channel: str, now: float) -> float:
        if self.pace_seconds <= 0:
            return float(self.burst)
        tokens, at = self._bucket.get(channel, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - at) / self.pace_seconds)

    def _token_at(self, channel: str, now: float) -> float:
        """When the channel may take its next call (token bucket: ``burst`` calls, then one per pace)."""
        tokens = self._tokens(channel, now)
        return now if tokens >= 1.0 else now + (1.0 - tokens) * self.pace_seconds


def launchable(
    ready: list[dict], *, in_flight: int, urgent_in_flight: int, upstream: int, max_in_flight: int,
) -> list[dict]:
    """The ready entries to start now, in the order to start them: urgent first, then the oldest.

    Urgent entries (cards to the people who must act) start first, and while any is waiting,
    in flight or still being made (``upstream``), the others keep to ``OTHERS_BESIDE_URGENT``
    calls in flight: in a burst of escalations the owners' DMs do not queue behind
    confirmations and channel posts, which still move on. At most ``max_in_flight`` calls run.
    """
    ready = sorted(ready, key=lambda item: (not item.get("urgent"), item["doc_id"]))
    urgent_waiting = any(item.get("urgent") for item in ready) or urgent_in_flight > 0 or upstream > 0
    others = in_flight - urgent_in_flight
    chosen: list[dict] = []
    for item in ready:
        if in_flight + len(chosen) >= max_in_flight:
            break
        if not item.get("urgent"):
            if urgent_waiting and others >= OTHERS_BESIDE_URGENT:
                break
            others += 1
        chosen.append(item)
    return chosen

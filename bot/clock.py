"""Time as a dependency: the real clock for the bot, a fake one for tests, the demo and the console.

Every timer in the escalation lifecycle is data compared with ``clock.now()``, and every wait
goes through ``await clock.sleep(s)``; swapping in ``FakeClock`` makes a 15-minute chain climb
take no time at all (``clock.advance(900)``).
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from datetime import UTC, datetime


class Clock:
    """Wall-clock time (epoch seconds) and asyncio sleeping."""

    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()

    def moment(self) -> datetime:
        """``now()`` as an aware UTC datetime (what the registry's audit records)."""
        return datetime.fromtimestamp(self.now(), tz=UTC)

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (returns at once for zero or less, after yielding to the loop)."""
        await asyncio.sleep(max(0.0, seconds))


class FakeClock(Clock):
    """A clock that only moves when told to; sleepers wake when ``advance`` reaches their time."""

    def __init__(self, start: float = 1_800_000_000.0):
        self._now = float(start)
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        """The fake current time."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Wait until the clock has been advanced by ``seconds``."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), future))
        await future

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose time has come (call from the loop)."""
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._now += seconds
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _wake_at, _order, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)

    @property
    def sleepers(self) -> int:
        """How many tasks are waiting on this clock (cancelled ones included until due)."""
        return sum(1 for *_rest, future in self._sleepers if not future.done())

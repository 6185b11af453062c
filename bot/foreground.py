"""Slack's acknowledgements before background work.

Slack waits for every acknowledgement (and gives up after three seconds); processing a trigger,
delivering a post or answering through a response URL can wait a few milliseconds. All of it runs
on one event loop, whose ready callbacks run in arrival order: without a rule, a request that
comes in during a burst waits behind every background step already queued.

Listeners answer inside ``Foreground.request()``; background work awaits ``Foreground.clear()``
between its steps. It returns once no request has been answered for ``quiet`` seconds (a request
that follows another closely is likely one of a stream). When requests never stop, background
steps go on after ``max_wait`` anyway, one every ``spacing`` seconds, so that a bot under
constant load still moves on without a crowd of steps landing on one request.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MAX_WAIT = 0.05  # seconds background work yields to requests before it goes on regardless
QUIET = 0.002  # seconds without a request before background work resumes
SPACING = 0.002  # seconds between two background steps that go on regardless


# For the task running: when its current piece of work began waiting, and when its last step went
# on regardless (set by a step let through after ``max_wait``, cleared by one let through by quiet).
_FORCED: ContextVar[tuple[float, float] | None] = ContextVar("foreground_forced", default=None)


class Foreground:
    """Counts the Slack requests being answered; background steps wait for there to be none."""

    def __init__(self, max_wait: float = MAX_WAIT, quiet: float = QUIET, spacing: float = SPACING):
        self.max_wait = max_wait
        self.quiet = quiet
        self.spacing = spacing
        self._active = 0
        self._last_done = float("-inf")  # loop time the last request was answered
        self._next_forced = 0.0  # loop time the next step that goes on regardless may start
        self._idle: asyncio.Event | None = None  # made on first use, inside the running loop

    @property
    def active(self) -> int:
        """How many requests are being answered now."""
        return self._active

    def _event(self) -> asyncio.Event:
        if self._idle is None:
            self._idle = asyncio.Event()
            if not self._active:
                self._idle.set()
        return self._idle

    @contextmanager
    def request(self) -> Iterator[None]:
        """Around the answer to one Slack request (up to its acknowledgement)."""
        self._active += 1
        self._event().clear()
        try:
            yield
        finally:
            self._active -= 1
            if not self._active:
                self._last_done = asyncio.get_running_loop().time()
                self._event().set()

    async def clear(self) -> None:
        """Return when no request has been answered for ``quiet`` seconds; after ``max_wait``
        seconds, return anyway in turn, ``spacing`` seconds after the previous step let through.

        The steps of one task that follow a step let through that way share its wait: under
        constant load a task's next steps go on one every ``spacing`` seconds, instead of waiting
        ``max_wait`` again each."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        forced = _FORCED.get()
        began = forced[0] if forced is not None and now - forced[1] <= self.max_wait else now
        deadline = began + self.max_wait
        while True:
            if not self._active:
                rest = self._last_done + self.quiet - now
                if rest <= 0:
                    _FORCED.set(None)
                    return
                await asyncio.sleep(min(rest, max(0.0, deadline - now)))
            else:
                try:
                    await asyncio.wait_for(self._event().wait(), max(0.0, deadline - now))
                except TimeoutError:
                    pass
            now = loop.time()
            if now >= deadline:
                break
        turn = max(now, self._next_forced)
        self._next_forced = turn + self.spacing
        if turn > now:
            await asyncio.sleep(turn - now)
        _FORCED.set((began, loop.time()))

"""Slack's acknowledgements before background work.

Slack waits for every acknowledgement (and gives up after three seconds); processing a trigger,
delivering a post or answering through a response URL can wait a few milliseconds. All of it runs
on one event loop, whose ready callbacks run in arrival order: without a rule, a request that
comes in during a burst waits behind every background step already queued.

Listeners answer inside ``Foreground.request()``; background work awaits ``Foreground.clear()``
between its steps, which returns at once when no Slack request is being answered, else when the
last one is answered, or after ``max_wait`` so that a bot under constant load still moves on.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

MAX_WAIT = 0.05  # seconds background work yields to requests before it goes on regardless


class Foreground:
    """Counts the Slack requests being answered; background steps wait for there to be none."""

    def __init__(self, max_wait: float = MAX_WAIT):
        self.max_wait = max_wait
        self._active = 0
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
                self._event().set()

    async def clear(self) -> None:
        """Return when no request is being answered, or after ``max_wait`` seconds."""
        if not self._active:
            return
        try:
            await asyncio.wait_for(self._event().wait(), self.max_wait)
        except TimeoutError:
            pass

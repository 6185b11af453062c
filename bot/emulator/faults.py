"""Failures the emulator answers instead of Slack: queued for one method, or drawn at random.

`FaultInjection` is the part of `SlackEmulator` that holds them: `fail` queues a failure for
the next calls of one method, `fail_randomly` draws 429s and 500s for soak runs, and the
server takes each call's fault with `_take_fault` before answering it. Queued faults come
before random ones; `clear_faults` drops both.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from bot.emulator.api import RESPONSE_URL


@dataclass
class Fault:
    """A queued failure for one method."""

    status: int
    error: str
    retry_after: int | None
    remaining: int | None  # None: until clear_faults


@dataclass
class RandomFaults:
    """Faults drawn at random for every call of some methods (`SlackEmulator.fail_randomly`)."""

    rate_429: float
    rate_500: float
    retry_after: int
    methods: frozenset[str] | None  # None: every Web API method
    rng: random.Random

    def draw(self, method: str) -> Fault | None:
        """A fault for this call of ``method``, or None (most of the time)."""
        if self.methods is None and method == RESPONSE_URL:
            return None
        if self.methods is not None and method not in self.methods:
            return None
        roll = self.rng.random()
        if roll < self.rate_429:
            return Fault(status=429, error="ratelimited", retry_after=self.retry_after, remaining=1)
        if roll < self.rate_429 + self.rate_500:
            return Fault(status=500, error="internal_error", retry_after=None, remaining=1)
        return None


class FaultInjection:
    """The faults pending for an emulator, queued per method or drawn at random."""

    def __init__(self) -> None:
        self._faults: dict[str, list[Fault]] = {}
        self._random_faults: RandomFaults | None = None

    def fail(
        self,
        method: str,
        *,
        status: int | None = None,
        error: str | None = None,
        retry_after: int | None = None,
        times: int | None = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (None: all) with a failure.

        ``status=429`` adds Retry-After (default 1 s); ``status=5xx`` a server error;
        ``error=...`` alone is Slack's HTTP 200 ``ok: false`` answer with that error.
        """
        status = status if status is not None else (200 if error else 500)
        if status == 200 and not error:
            raise ValueError("an HTTP 200 fault needs an error code")
        if status == 429:
            error = error or "ratelimited"
            retry_after = 1 if retry_after is None else retry_after
        self._faults.setdefault(method, []).append(
            Fault(status=status, error=error or "fatal_error", retry_after=retry_after, remaining=times)
        )

    def fail_randomly(
        self,
        *,
        rate_429: float = 0.0,
        rate_500: float = 0.0,
        retry_after: int = 1,
        methods: Iterable[str] | None = None,
        seed: int | None = None,
    ) -> None:
        """Answer each call of `methods` with a 429 (probability `rate_429`) or a 500 (`rate_500`).

        ``methods=None`` means every Web API method (response_url posts only when named). Faults
        queued with `fail` come first. The draw is reproducible with `seed`; `clear_faults` stops it.
        """
        if not (0.0 <= rate_429 and 0.0 <= rate_500 and rate_429 + rate_500 <= 1.0):
            raise ValueError("fault rates must be probabilities whose sum is at most 1")
        if retry_after < 0:
            raise ValueError("retry_after is a number of seconds, at least 0")
        self._random_faults = RandomFaults(
            rate_429=rate_429, rate_500=rate_500, retry_after=retry_after,
            methods=None if methods is None else frozenset(methods), rng=random.Random(seed),
        )

    def clear_faults(self) -> None:
        """Drop every pending fault, the random ones included."""
        self._faults.clear()
        self._random_faults = None

    def _take_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return self._random_faults.draw(method) if self._random_faults is not None else None
        fault = queue[0]
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.pop(0)
        return fault

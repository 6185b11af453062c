"""Reading the messages triggers point at: one `conversations.history` call for a channel's batch.

A burst of reactions in one channel (a post going viral, a team flagging a thread of comments)
asks for many messages of that channel at once. `conversations.history` is one of Slack's
tightly rate-limited methods, so the messages asked for while a read of that channel is on its
way are fetched together next, with one call over the span from the oldest to the newest (its
cursor followed for a few pages); any still missing is then read on its own. Like a group
commit: a lone message is read at once.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

SPAN_LIMIT = 200  # messages per page of a span read (Slack's advice for history pages)
SPAN_PAGES = 3  # pages of one span followed before the rest is read message by message


class MessageReader:
    """``await reader.read(channel, ts)`` -> the message as Slack gives it, or None if not found."""

    def __init__(self, call: Callable[[str, dict], Awaitable[dict]]):
        self._call = call
        self._waiting: dict[str, dict[str, list[asyncio.Future]]] = {}
        self._running: dict[str, asyncio.Task] = {}
        self.calls = 0  # history calls made (for tests and benchmarks)

    async def read(self, channel: str, ts: str) -> dict[str, Any] | None:
        """The top-level message ``ts`` of ``channel``; Slack's errors are raised as the call raises them."""
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(channel, {}).setdefault(ts, []).append(future)
        if channel not in self._running:
            self._running[channel] = asyncio.create_task(self._drain(channel), name=f"read-{channel}")
        return await future

    async def _drain(self, channel: str) -> None:
        try:
            while self._waiting.get(channel):
                batch = self._waiting.pop(channel)
                try:
                    found = await self._fetch(channel, sorted(batch, key=Decimal))  # Slack timestamps, exactly
                except asyncio.CancelledError:  # shutting down: the readers are cancelled too
                    for futures in batch.values():
                        for future in futures:
                            future.cancel()
                    raise
                except Exception as exc:  # every reader of the batch sees Slack's answer
                    for futures in batch.values():
                        for future in futures:
                            if not future.done():
                                future.set_exception(exc)
                    continue
                for ts, futures in batch.items():
                    for future in futures:
                        if not future.done():
                            future.set_result(found.get(ts))
        finally:
            self._running.pop(channel, None)

    async def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        return await self._call("conversations.history", args)

    async def _fetch(self, channel: str, stamps: list[str]) -> dict[str, dict[str, Any]]:
        if len(stamps) == 1:
            return await self._one(channel, stamps[0])
        wanted, found = set(stamps), {}
        args: dict[str, Any] = {"channel": channel, "oldest": stamps[0], "latest": stamps[-1], "inclusive": True,
                                "limit": SPAN_LIMIT}
        for _page in range(SPAN_PAGES):
            response = await self._history(args)
            for message in response.get("messages", []):
                if message.get("ts") in wanted:
                    found[message["ts"]] = message
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if len(found) == len(wanted) or not response.get("has_more") or not cursor:
                break
            args = {**args, "cursor": cursor}
        if response.get("has_more"):  # the span is longer than the pages read: the rest one by one
            for ts in stamps:
                if ts not in found:
                    found.update(await self._one(channel, ts))
        return found

    async def _one(self, channel: str, ts: str) -> dict[str, dict[str, Any]]:
        response = await self._history({"channel": channel, "latest": ts, "inclusive": True, "limit": 1})
        return {m["ts"]: m for m in response.get("messages", []) if m.get("ts") == ts}

"""Which language to answer each person in: their Slack locale when known, else the registry's."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Awaitable, Callable, Iterable

from handlers.i18n import language_from_locale

log = logging.getLogger(__name__)

CACHE_SECONDS = 3600.0
LEARN_SECONDS = 2.0  # what learning the languages of the people a step writes to may take at most


class Locales:
    """A cache of people's languages, filled from ``users.info`` on first sight."""

    def __init__(self, users_info: Callable[[str], Awaitable[dict]], default: Callable[[], str]):
        self._users_info = users_info
        self._default = default
        self._cache: dict[str, tuple[str | None, float]] = {}
        self._asking: dict[str, asyncio.Future[str | None]] = {}
        self._learning: set[asyncio.Future[str]] = set()  # look-ups ``learn`` stopped waiting for

    def cached(self, user_id: str | None) -> str:
        """The language known for ``user_id`` without asking Slack; the registry's default otherwise."""
        if user_id:
            entry = self._cache.get(user_id)
            if entry and entry[0]:
                return entry[0]
        return self._default()

    async def learn(self, user_ids: Iterable[str | None], timeout: float = LEARN_SECONDS) -> None:
        """Know the language of each of ``user_ids`` (asking Slack for those not cached), so that
        ``cached`` answers for them: before a step that may write to them from memory. Waits
        ``timeout`` seconds at most: a slow Slack must not hold a climb back (the answers still
        fill the cache when they come)."""
        asking = [asyncio.ensure_future(self.of(u)) for u in set(user_ids) if u and not self._known(u)]
        for task in asking:  # held until done: one still asking after ``timeout`` must not be collected
            self._learning.add(task)
            task.add_done_callback(self._learning.discard)
        if asking:
            await asyncio.wait(asking, timeout=timeout)

    def forget(self, user_id: str) -> None:
        """Ask Slack again next time: the person changed their language."""
        self._cache.pop(user_id, None)

    def _known(self, user_id: str) -> bool:
        entry = self._cache.get(user_id)
        return entry is not None and time.monotonic() - entry[1] < CACHE_SECONDS

    async def of(self, user_id: str | None) -> str:
        """The person's language, asking Slack (once an hour at most) when not cached."""
        if not user_id:
            return self._default()
        if self._known(user_id):
            return self._cache[user_id][0] or self._default()
        if user_id in self._asking:  # someone already asked Slack: share the answer
            language = await asyncio.shield(self._asking[user_id])
            return language or self._default()
        future: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._asking[user_id] = future
        language: str | None = None
        try:
            response = await self._users_info(user_id)
            locale = (response.get("user") or {}).get("locale")
            language = language_from_locale(locale, "") or None
        except Exception as exc:  # noqa: BLE001 — Slack's error only costs us the locale
            log.info("users.info for %s failed (%s): answering in the default language", user_id, exc)
        finally:
            self._cache[user_id] = (language, time.monotonic())
            del self._asking[user_id]
            future.set_result(language)
        return language or self._default()

"""People's languages: learnt from Slack before a step writes to them, without holding it back."""
from __future__ import annotations

import asyncio

from bot.locales import Locales


async def test_learn_fills_the_cache_so_cards_are_written_in_each_readers_language():
    async def users_info(user: str) -> dict:
        return {"user": {"locale": "en-US" if user == "U0EN" else "fr-FR"}}

    locales = Locales(users_info, default=lambda: "fr")
    assert locales.cached("U0EN") == "fr"  # not asked yet: the registry's language
    await locales.learn(["U0EN", "U0FR", None])
    assert (locales.cached("U0EN"), locales.cached("U0FR")) == ("en", "fr")


async def test_a_slow_slack_does_not_hold_a_step_back_and_its_answer_still_counts():
    answer = asyncio.Event()

    async def users_info(user: str) -> dict:
        await answer.wait()  # Slack takes its time
        return {"user": {"locale": "en-GB"}}

    locales = Locales(users_info, default=lambda: "fr")
    await asyncio.wait_for(locales.learn(["U0EN"], timeout=0.05), 1.0)  # gives up waiting, not asking
    assert locales.cached("U0EN") == "fr"
    answer.set()
    await asyncio.sleep(0.01)
    assert locales.cached("U0EN") == "en"  # the late answer is kept for the next step

"""The outbox: order per channel, pacing, retries (429, 5xx, network), permanent failures, restarts."""
from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot.clock import FakeClock
from bot.outbox import Outbox
from knowledge.store import Store
from tests.bot.escalation_kit import FakeSlack, slack_error


class Box:
    """An outbox on a real data folder with a fake clock and a fake Slack."""

    def __init__(self, path, *, pace: float = 0.0):
        self.path, self.pace = path, pace
        self.clock = FakeClock()
        self.slack = FakeSlack()
        self.failed: list[tuple[str, str]] = []
        self.open()

    def open(self) -> None:
        self.store = Store.open(self.path)
        self.outbox = Outbox(self.store, self.clock, self.slack, pace_seconds=self.pace)
        self.outbox.on_failed = lambda entry, error: self.failed.append((entry["id"], error))

    async def close(self) -> None:
        await self.outbox.stop()
        self.store.close()

    async def post(self, channel: str, text: str, **extra) -> None:
        await self.outbox.enqueue([self.outbox.entry("chat.postMessage", {"channel": channel, "text": text}, **extra)])

    async def until(self, condition, timeout: float = 2.0) -> None:
        for _ in range(int(timeout / 0.01)):
            if condition():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("condition not reached")

    def texts(self, channel: str | None = None) -> list[str]:
        return [a["text"] for a in self.slack.sent() if channel is None or a["channel"] == channel]


@pytest.fixture
async def box(tmp_path):
    box = Box(tmp_path / "data")
    box.outbox.start()
    yield box
    await box.close()


async def test_messages_keep_their_order_per_channel_while_others_flow(box):
    box.slack.fail("chat.postMessage", slack_error(500, "internal_error"))
    for n in range(3):
        await box.post("C1", f"c1-{n}")
    await box.post("C2", "c2-0")
    await box.until(lambda: box.texts("C2") == ["c2-0"])
    assert box.texts("C1") == []  # c1-0 is backing off and c1-1 waits behind it

    box.clock.advance(1)
    assert await box.outbox.drain(2)
    assert box.texts("C1") == ["c1-0", "c1-1", "c1-2"]
    assert await box.outbox.pending() == []


async def test_429_waits_for_retry_after_then_delivers(box):
    box.slack.fail("chat.postMessage", slack_error(429, "ratelimited", {"Retry-After": "7"}))
    await box.post("C1", "first")
    await box.until(lambda: len(box.slack.attempts) == 1)
    await box.post("C2", "second")  # same method: held by the Retry-After too

    box.clock.advance(6)
    assert not await box.outbox.drain(0.2)
    assert box.slack.sent() == []
    box.clock.advance(1)
    assert await box.outbox.drain(2)
    assert box.texts() == ["first", "second"]


async def test_5xx_is_retried_with_exponential_backoff(box):
    box.slack.fail("chat.postMessage", *[slack_error(503, "service_unavailable")] * 3)
    await box.post("C1", "hello")
    await box.until(lambda: len(box.slack.attempts) == 1)
    for wait, attempts in ((1, 2), (2, 3), (4, 4)):
        box.clock.advance(wait - 0.5)
        await asyncio.sleep(0.05)
        assert len(box.slack.attempts) == attempts - 1, "retried before its backoff"
        box.clock.advance(0.5)
        await box.until(lambda: len(box.slack.attempts) == attempts)
    assert await box.outbox.drain(2)
    assert box.texts() == ["hello"]


@pytest.mark.parametrize("error", [
    aiohttp.ClientConnectionError("connection reset"),
    asyncio.TimeoutError(),
    slack_error(200, "internal_error"),
])
async def test_network_and_transient_errors_are_retried(box, error):
    box.slack.fail("chat.postMessage", error, error)
    await box.post("C1", "hello")
    await box.until(lambda: len(box.slack.attempts) == 1)
    box.clock.advance(1)
    await box.until(lambda: len(box.slack.attempts) >= 2)
    box.clock.advance(2)
    assert await box.outbox.drain(2)
    assert box.texts() == ["hello"] and len(box.slack.attempts) == 3


async def test_a_permanent_error_is_marked_failed_reported_and_not_retried(box):
    box.slack.fail("chat.postMessage", slack_error(200, "channel_not_found"),
                   {"ok": False, "error": "not_in_channel"})
    await box.post("C0GONE001", "lost cause", entry_id="e1")
    await box.post("C0GONE001", "also refused", entry_id="e2")
    await box.post("C0GONE001", "next one", entry_id="e3")
    assert await box.outbox.drain(2)

    assert box.texts() == ["next one"]
    assert box.failed == [("e1", "channel_not_found"), ("e2", "not_in_channel")]
    failed = await box.outbox.failed()
    assert [(f["id"], f["last_error"], f["status"]) for f in failed] == [
        ("e1", "channel_not_found", "failed"), ("e2", "not_in_channel", "failed")]
    box.clock.advance(3600)
    assert await box.outbox.drain(1)
    assert len(box.slack.attempts) == 3


async def test_direct_messages_open_the_conversation_once(box):
    for n in range(2):
        await box.outbox.enqueue([box.outbox.entry("chat.postMessage", {"user": "U0LEGAL01", "text": f"dm {n}"})])
    assert await box.outbox.drain(2)
    assert [m for m, _ in box.slack.calls] == ["conversations.open", "chat.postMessage", "chat.postMessage"]
    assert box.slack.sent()[1]["channel"] == "D0LEGAL01"


async def test_an_update_waits_for_its_post_and_uses_its_ts(box):
    box.slack.fail("chat.postMessage", slack_error(500, "internal_error"))
    ref = {"escalation": "ESC-1", "key": "card"}
    card = box.outbox.entry("chat.postMessage", {"user": "U0LEGAL01", "text": "card"}, ref=ref)
    update = box.outbox.entry("chat.update", {"text": "card, acknowledged"}, channel_key=card["channel_key"],
                              ts_from=ref)
    await box.outbox.enqueue([card, update])
    await box.until(lambda: len(box.slack.attempts) == 2)  # conversations.open, failed post
    await asyncio.sleep(0.05)
    assert box.slack.sent("chat.update") == []
    box.clock.advance(1)
    assert await box.outbox.drain(2)
    [posted] = box.slack.sent()
    [updated] = box.slack.sent("chat.update")
    assert updated["channel"] == posted["channel"] == "D0LEGAL01"
    assert updated["ts"] == "1800000000.000001"  # the ts Slack gave the post


async def test_an_update_of_a_message_never_posted_fails_visibly(box):
    box.slack.fail("chat.postMessage", slack_error(200, "channel_not_found"))
    ref = {"escalation": "ESC-1", "key": "card"}
    card = box.outbox.entry("chat.postMessage", {"channel": "C0GONE001", "text": "card"}, ref=ref, entry_id="post")
    update = box.outbox.entry("chat.update", {"text": "new"}, channel_key="C0GONE001", ts_from=ref, entry_id="upd")
    await box.outbox.enqueue([card, update])
    assert await box.outbox.drain(2)
    assert box.failed == [("post", "channel_not_found"), ("upd", "message_not_posted")]
    assert box.slack.sent("chat.update") == []


async def test_an_undelivered_entry_survives_a_restart_and_is_sent_once(box):
    box.slack.fail("chat.postMessage", *[slack_error(500, "internal_error")] * 100)
    await box.post("C1", "crisis")
    await box.until(lambda: len(box.slack.attempts) == 1)
    await box.close()

    box.slack.failures.clear()
    box.open()
    box.outbox.start()
    box.clock.advance(1)  # its backoff was stored with it
    assert await box.outbox.drain(2)
    assert box.texts() == ["crisis"]
    await box.close()
    box.open()  # nothing left over after a clean delivery
    box.outbox.start()
    assert await box.outbox.drain(1)
    assert box.texts() == ["crisis"]


async def test_posts_are_paced_per_channel_after_a_short_burst(tmp_path):
    box = Box(tmp_path / "paced", pace=1.0)
    box.outbox.start()
    burst = box.outbox.burst
    try:
        texts = [f"a{i}" for i in range(1, burst + 3)]
        for text in texts:
            await box.post("C1", text)
        await box.post("C2", "b1")
        await box.until(lambda: sorted(box.texts()) == sorted(texts[:burst] + ["b1"]))
        await asyncio.sleep(0.05)
        assert texts[burst] not in box.texts()  # past the burst, the channel waits its turn
        box.clock.advance(1)
        await box.until(lambda: texts[burst] in box.texts())
        await asyncio.sleep(0.05)
        assert texts[burst + 1] not in box.texts()  # one per second after that
        box.clock.advance(1)
        assert await box.outbox.drain(2)
        assert box.texts("C1") == texts
    finally:
        await box.close()


async def test_a_delivery_that_crashes_is_kept_for_later(box, caplog):
    box.slack.fail("chat.postMessage", RuntimeError("bug in the client wrapper"))
    await box.post("C1", "kept")
    await box.until(lambda: len(box.slack.attempts) == 1)
    await asyncio.sleep(0.05)
    assert len(await box.outbox.pending()) == 1
    assert "crashed" in caplog.text
    box.clock.advance(box.outbox.max_backoff)
    assert await box.outbox.drain(2)
    assert box.texts() == ["kept"]


async def test_a_busy_channel_keeps_posts_and_their_updates_in_order(box):
    entries = []
    for n in range(30):
        ref = {"escalation": f"ESC-{n}", "key": "card"}
        post = box.outbox.entry("chat.postMessage", {"user": "U0LEGAL01", "text": f"post {n}"}, ref=ref)
        entries += [post, box.outbox.entry("chat.update", {"text": f"update {n}"}, channel_key=post["channel_key"],
                                           ts_from=ref)]
    await box.outbox.enqueue(entries)
    assert await box.outbox.drain(5)

    sent = [(m, a) for m, a in box.slack.calls if m != "conversations.open"]
    assert [a["text"] for _m, a in sent] == [f"{kind} {n}" for n in range(30) for kind in ("post", "update")]
    assert {a["channel"] for _m, a in sent} == {"D0LEGAL01"}
    posted_ts = [f"1800000000.{n:06d}" for n in range(1, 61, 2)]  # what the fake Slack gave each post
    assert [a["ts"] for _m, a in sent[1::2]] == posted_ts


class InFlight:
    """A fake Slack that is slow and counts how many calls it serves at once."""

    def __init__(self, delay: float = 0.05):
        self.slack = FakeSlack()
        self.slack.delay = delay
        self.now = self.peak = 0
        self.channels: list[str] = []

    async def __call__(self, method: str, args: dict) -> dict:
        self.now += 1
        self.peak = max(self.peak, self.now)
        self.channels.append(args["channel"])
        try:
            return await self.slack(method, args)
        finally:
            self.now -= 1


async def test_cards_to_the_people_who_must_act_go_before_other_posts(tmp_path):
    store, slack = Store.open(tmp_path / "data"), InFlight()
    outbox = Outbox(store, FakeClock(), slack, pace_seconds=0)
    others = [outbox.entry("chat.postMessage", {"channel": f"C{n}", "text": "post"}) for n in range(6)]
    cards = [outbox.entry("chat.postMessage", {"channel": f"D{n}", "text": "card"}, urgent=True) for n in range(2)]
    await outbox.enqueue(others + cards)  # the cards were made last
    outbox.start()
    try:
        await outbox.drain()
    finally:
        await outbox.stop()
        store.close()
    assert set(slack.channels[:2]) == {"D0", "D1"}
    assert sorted(slack.channels) == sorted([f"C{n}" for n in range(6)] + ["D0", "D1"])


async def test_while_triggers_are_being_processed_other_posts_go_one_at_a_time(tmp_path):
    store, slack = Store.open(tmp_path / "data"), InFlight()
    outbox = Outbox(store, FakeClock(), slack, pace_seconds=0)
    outbox.upstream = 1  # a trigger is being turned into an escalation: its card is on its way
    outbox.start()
    try:
        await outbox.enqueue([outbox.entry("chat.postMessage", {"channel": f"C{n}", "text": "post"}) for n in range(4)])
        await outbox.drain()
        assert slack.peak == 1 and len(slack.channels) == 4  # held to one, never stopped
        outbox.upstream = 0
        await outbox.enqueue([outbox.entry("chat.postMessage", {"channel": f"C{n}", "text": "post"}) for n in range(4, 8)])
        await outbox.drain()
        assert slack.peak > 1 and len(slack.channels) == 8
    finally:
        await outbox.stop()
        store.close()

"""Messages of one channel asked for together are read with one `conversations.history` call."""
from __future__ import annotations

import asyncio

import pytest

from bot.message_reader import MessageReader


class History:
    """A channel's history as Slack pages it: newest first, `oldest`/`latest` bounds, cursors."""

    def __init__(self, channels: dict[str, list[str]], delay: float = 0.01):
        self.channels = channels
        self.delay = delay
        self.calls: list[dict] = []
        self.error: Exception | None = None

    async def __call__(self, method: str, args: dict) -> dict:
        assert method == "conversations.history"
        self.calls.append(args)
        await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        key = lambda ts: float(ts)  # noqa: E731
        kept = [ts for ts in self.channels[args["channel"]]
                if key(ts) <= key(args.get("latest", "9e99")) and key(ts) >= key(args.get("oldest", "0"))]
        kept.sort(key=key, reverse=True)
        start = int(args.get("cursor") or 0)
        page = kept[start:start + args["limit"]]
        more = start + args["limit"] < len(kept)
        return {"messages": [{"ts": ts, "text": f"text {ts}"} for ts in page], "has_more": more,
                "response_metadata": {"next_cursor": str(start + args["limit"]) if more else ""}}


async def test_a_lone_message_is_read_at_once_with_one_small_call():
    slack = History({"C1": ["1.000100", "1.000200"]})
    message = await MessageReader(slack).read("C1", "1.000100")
    assert message["text"] == "text 1.000100"
    assert slack.calls == [{"channel": "C1", "latest": "1.000100", "inclusive": True, "limit": 1}]


async def test_messages_asked_for_together_are_read_with_one_call_per_channel():
    stamps = [f"1.{n:06d}" for n in range(1, 21)]
    slack = History({"C1": stamps, "C2": ["2.000001"]})
    reader = MessageReader(slack)
    first = asyncio.create_task(reader.read("C1", stamps[0]))  # on its way when the others come
    await asyncio.sleep(0)
    others = await asyncio.gather(*(reader.read("C1", ts) for ts in stamps[1:]), reader.read("C2", "2.000001"),
                                  reader.read("C1", "1.999999"))
    assert (await first)["ts"] == stamps[0]
    assert [m["ts"] for m in others[:19]] == stamps[1:]
    assert others[19]["ts"] == "2.000001"
    assert others[20] is None  # not in the channel: the trigger is told so, as before
    assert len(slack.calls) == 3  # the lone first read, then one span read for C1 and one for C2


async def test_a_span_longer_than_the_pages_read_falls_back_to_one_read_per_missing_message(monkeypatch):
    monkeypatch.setattr("bot.message_reader.SPAN_LIMIT", 5)
    monkeypatch.setattr("bot.message_reader.SPAN_PAGES", 1)
    stamps = [f"1.{n:06d}" for n in range(1, 31)]
    slack = History({"C1": stamps})
    reader = MessageReader(slack)
    blocker = asyncio.create_task(reader.read("C1", stamps[10]))
    await asyncio.sleep(0)
    wanted = [stamps[0], stamps[15], stamps[29]]
    found = await asyncio.gather(*(reader.read("C1", ts) for ts in wanted))
    await blocker
    assert [m["ts"] for m in found] == wanted
    assert len(slack.calls) == 1 + 1 + 2  # lone read, one page of the span (the newest), two single reads


async def test_slack_refusing_the_read_reaches_every_reader_of_the_batch():
    slack = History({"C1": ["1.000001", "1.000002", "1.000003"]})
    reader = MessageReader(slack)
    slack.error = RuntimeError("ratelimited")
    results = await asyncio.gather(*(reader.read("C1", ts) for ts in ("1.000001", "1.000002", "1.000003")),
                                   return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    slack.error = None
    assert (await reader.read("C1", "1.000002"))["ts"] == "1.000002"  # and the reader goes on


@pytest.mark.parametrize("count", [2, 5])
async def test_every_reader_gets_its_own_message_when_the_same_one_is_asked_twice(count):
    slack = History({"C1": ["1.000001", "1.000002"]})
    reader = MessageReader(slack)
    found = await asyncio.gather(*(reader.read("C1", "1.000002") for _ in range(count)))
    assert all(m["ts"] == "1.000002" for m in found)


async def test_a_read_cancelled_on_the_way_cancels_its_readers_and_the_next_read_works():
    slack = History({"C1": ["1.000001", "1.000002"]}, delay=1.0)
    reader = MessageReader(slack)
    waiting = asyncio.create_task(reader.read("C1", "1.000001"))
    await asyncio.sleep(0.01)
    reader._running["C1"].cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    slack.delay = 0.0
    assert (await reader.read("C1", "1.000002"))["ts"] == "1.000002"

"""Slack misbehaving: 429 with Retry-After and runs of 5xx delay delivery but lose nothing.

The real app over signed HTTP against the emulator, with a clock that only moves when the test
says so: Retry-After and the outbox's backoff are measured in that clock (the emulator stamps
each call with it), so waits of a minute take no real time and are checked to the second.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest

from bot import emulator as slack
from bot.clock import FakeClock
from bot.sandbox import Sandbox
from tests.conftest import SAMPLE_REGISTRY
from tests.e2e.process_kit import EMOJI, SAMPLE_TEXTS, dm_owners, identify_post

POSTING = ("chat.postMessage", "chat.postEphemeral", "chat.update", "conversations.open")


@pytest.fixture
async def box(tmp_path):
    clock = FakeClock()
    async with Sandbox(tmp_path / "data", registry_file=SAMPLE_REGISTRY, clock=clock) as sandbox:
        sandbox.emulator.clock = clock.now  # calls are stamped with the bot's (fake) time
        yield sandbox, clock


async def escalate(box: Sandbox, count: int) -> list[tuple[str, str]]:
    """``count`` reactions on messages of their own channels, by reporters of their own; processed."""
    sources = []
    for number, text in enumerate(SAMPLE_TEXTS[:count], start=1):
        channel, reporter = f"C0SRC{number:04d}", f"U0RPT{number:04d}"
        box.emulator.add_channel(channel)
        box.emulator.add_user(reporter, f"reporter {number}", locale="fr-FR")
        ts = box.emulator.add_message(channel, text, "U0CM00003")
        assert (await box.react(reporter, channel, ts, EMOJI)).status == 200
        sources.append((channel, ts))
    await box.switchboard.drain()
    return sources


async def let_it_work() -> None:
    """Give the bot and the emulator (same event loop) real time to exchange calls."""
    for _ in range(3):
        await asyncio.sleep(0.01)


async def advance(clock: FakeClock, seconds: float, step: float = 1.0) -> None:
    """Move the clock forward ``seconds``, a step at a time, letting the bot work in between."""
    while seconds > 0:
        clock.advance(min(step, seconds))
        seconds -= step
        await let_it_work()


async def advance_until(clock: FakeClock, condition: Callable[[], Awaitable[bool]], *, limit: float = 600.0,
                        step: float = 1.0) -> float:
    """Advance the clock until ``condition`` holds; the clock seconds it took."""
    elapsed = 0.0
    await let_it_work()
    while not await condition():
        assert elapsed < limit, f"still not done after {limit:.0f} s of clock time"
        clock.advance(step)
        elapsed += step
        await let_it_work()
    return elapsed


def nothing_waiting(box: Sandbox) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return not await box.runtime.outbox.pending()
    return check


def accepted_posts(box: Sandbox) -> Counter:
    """How many times Slack accepted each card and thread note."""
    owners = dm_owners(box.emulator, box.registry.people)
    return Counter(identify_post(c, owners) for c in box.emulator.calls_to("chat.postMessage") if c.ok)


async def expected_posts(box: Sandbox, sources: list[tuple[str, str]]) -> Counter:
    """One owner card, one department channel card and one thread note per escalation."""
    stored = await box.switchboard.escalations.list()
    assert sorted((e["source"]["channel"], e["source"]["ts"]) for e in stored) == sorted(sources)
    expected: Counter = Counter()
    for esc in stored:
        owner, _deputies, _head = box.registry.responsible(esc["department"], esc.get("topic"))
        expected["card", esc["id"], owner] += 1
        expected["channel", esc["id"], box.registry.department(esc["department"]).channel] += 1
        expected["thread", esc["source"]["channel"], esc["source"]["ts"]] += 1
    return expected


def confirmations(box: Sandbox) -> Counter:
    return Counter(c.body["user"] for c in box.emulator.calls_to("chat.postEphemeral") if c.ok)


async def test_429_holds_every_post_until_retry_after_then_each_arrives_once(box):
    sandbox, clock = box
    sandbox.emulator.fail("chat.postMessage", status=429, retry_after=30, times=None)
    sources = await escalate(sandbox, 3)
    await sandbox.emulator.wait_for("chat.postMessage", lambda c: c.status == 429)
    await let_it_work()  # posts already on their way come back rate limited too
    sandbox.emulator.clear_faults()
    limited_at = max(c.at for c in sandbox.emulator.calls_to("chat.postMessage"))
    attempts = len(sandbox.emulator.calls_to("chat.postMessage"))

    await advance(clock, 29)
    assert len(sandbox.emulator.calls_to("chat.postMessage")) == attempts, "posted before Retry-After was over"
    # other methods are not held: the reporters' confirmations went out at once
    assert confirmations(sandbox) == Counter({f"U0RPT{n:04d}": 1 for n in (1, 2, 3)})

    await advance_until(clock, nothing_waiting(sandbox))
    delivered = [c for c in sandbox.emulator.calls_to("chat.postMessage") if c.ok]
    assert min(c.at for c in delivered) >= limited_at + 30
    assert accepted_posts(sandbox) == await expected_posts(sandbox, sources)


async def test_a_run_of_5xx_is_retried_with_growing_waits_and_loses_nothing(box):
    sandbox, clock = box
    sandbox.emulator.fail("chat.postMessage", status=500, times=9)
    sandbox.emulator.fail("chat.postMessage", status=503, times=3)
    sources = await escalate(sandbox, 3)
    took = await advance_until(clock, nothing_waiting(sandbox))

    calls = sandbox.emulator.calls_to("chat.postMessage")
    assert sum(c.failed for c in calls) == 12
    assert accepted_posts(sandbox) == await expected_posts(sandbox, sources)
    by_channel: dict[str, list] = {}
    for call in calls:
        by_channel.setdefault(call.body["channel"], []).append(call)
    worst = 0
    for channel, attempts in by_channel.items():
        failures = 0
        for before, after in zip(attempts, attempts[1:]):
            if before.failed:
                failures += 1
                assert after.at - before.at >= 2 ** (failures - 1), f"{channel}: retry {failures} came too soon"
            else:
                failures = 0
        worst = max(worst, sum(c.failed for c in attempts))
    assert took >= 2 ** worst - 1  # the channel that failed most waited 1 + 2 + 4 + … seconds in all


async def test_card_updates_survive_a_run_of_5xx(box):
    sandbox, clock = box
    sources = await escalate(sandbox, 1)
    await advance_until(clock, nothing_waiting(sandbox))
    esc = (await sandbox.switchboard.escalations.list())[0]
    owner, _deputies, _head = sandbox.registry.responsible(esc["department"], esc.get("topic"))
    card = sandbox.dms_to(owner)[-1]

    sandbox.emulator.fail("chat.update", status=502, times=4)
    sandbox.emulator.fail("chat.postMessage", status=500, times=2)
    assert (await sandbox.click(owner, card.channel, card.ts, "escalation_ack")).status == 200
    await advance_until(clock, nothing_waiting(sandbox))

    redrawn = sandbox.emulator.message(card.channel, card.ts)
    assert "escalation_ack" not in {b["action_id"] for b in slack.buttons(redrawn.blocks or [])}
    assert f"<@{owner}>" in str(redrawn.blocks)
    updates = [c for c in sandbox.emulator.calls_to("chat.update") if c.ok]
    assert Counter((c.body["channel"], c.body["ts"]) for c in updates) == Counter(
        {(m["channel"], m["ts"]): 1 for m in esc["messages"]})
    channel, ts = sources[0]
    notes = [m.text for m in sandbox.emulator.messages_in(channel, thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert len(notes) == 2 and f"<@{owner}>" in notes[1], notes  # created, then acknowledged, in that order


async def test_random_429s_and_500s_lose_nothing_and_send_nothing_twice(box):
    sandbox, clock = box
    sandbox.emulator.fail_randomly(rate_429=0.15, rate_500=0.15, retry_after=2, methods=POSTING, seed=11)
    sources = await escalate(sandbox, 8)
    await advance_until(clock, nothing_waiting(sandbox))
    assert sum(c.failed for c in sandbox.emulator.calls) >= 5
    assert accepted_posts(sandbox) == await expected_posts(sandbox, sources)
    assert confirmations(sandbox) == Counter({f"U0RPT{n:04d}": 1 for n in range(1, 9)})

    for esc in (await sandbox.switchboard.escalations.list())[:4]:
        owner, _deputies, _head = sandbox.registry.responsible(esc["department"], esc.get("topic"))
        card = next(m for m in sandbox.dms_to(owner) if esc["id"] in m.text)
        assert (await sandbox.click(owner, card.channel, card.ts, "escalation_ack")).status == 200
    await advance_until(clock, nothing_waiting(sandbox))
    acknowledged = [e for e in await sandbox.switchboard.escalations.list() if e["status"] == "acknowledged"]
    assert len(acknowledged) == 4
    for esc in acknowledged:
        for message in esc["messages"]:
            shown = sandbox.emulator.message(message["channel"], message["ts"])
            assert "escalation_ack" not in {b["action_id"] for b in slack.buttons(shown.blocks or [])}


@pytest.mark.parametrize("status", [429, 500])
async def test_a_failing_read_of_the_escalated_message_does_not_lose_the_trigger(box, status):
    sandbox, clock = box
    sandbox.emulator.fail("conversations.history", status=status, retry_after=5 if status == 429 else None, times=2)
    sources = await escalate(sandbox, 1)

    async def announced() -> bool:
        await sandbox.switchboard.drain()
        return bool(await sandbox.switchboard.escalations.list()) and await nothing_waiting(sandbox)()

    await advance_until(clock, announced, limit=120)
    assert accepted_posts(sandbox) == await expected_posts(sandbox, sources)

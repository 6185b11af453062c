"""SIGKILL the real bot process at the worst moments; after a restart everyone is told exactly once.

`switchboard run --http` runs in its own process against the emulator of this process and is
killed with SIGKILL: (a) after Slack got its 200 for the triggers and before any notification,
(b) while Slack answers 500 to every post, (c) while chain climbs are due, (d) at the instant
Slack accepts a card. It is then restarted on the same data folder with a working Slack.

What can and cannot be sent twice: every message is written down before it is sent and struck
off once Slack's answer is written down, so a restart resends only posts Slack accepted whose
answer the bot had not written down yet (calls in flight at the kill, or answered just before
it). Slack's chat.postMessage has no idempotency key, so such a post shows twice. (a), (b) and
(c) make Slack refuse every post before the kill, so nothing was accepted unknown and everything
must arrive exactly once; (d) kills the bot at the instant Slack accepts a post: that post must
arrive twice, and no post may repeat except one first accepted for the killed bot.
"""
from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter

import pytest

from tests.e2e.process_kit import SAMPLE_TEXTS, ProcessRig, chain_levels, short_timeouts_registry

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

ACK_SECONDS = 3


@pytest.fixture
async def climbing_rig(tmp_path):
    rig = ProcessRig(tmp_path, registry_file=short_timeouts_registry(tmp_path, ACK_SECONDS))
    await rig.open()
    yield rig
    await rig.close()


def expected_posts(rig: ProcessRig, stored: list[dict]) -> Counter:
    """Every post each stored escalation must have caused once, given the chain level it reached."""
    expected: Counter = Counter()
    triage = rig.registry.triage
    for esc in stored:
        levels = chain_levels(rig.registry, esc)
        assert [set(level["users"]) for level in esc["chain"]] == levels, f"{esc['id']} has the wrong people"
        for level in range(esc["level"] + 1):
            for user in levels[level]:
                expected["card", esc["id"], user] += 1
        channel = rig.registry.department(esc["department"]).channel
        if channel:
            expected["channel", esc["id"], channel] += 1
        if esc["level"] == 3 and triage.channel != channel:  # not twice in one channel
            expected["channel", esc["id"], triage.channel] += 1
        for nudge in (e for e in esc["timeline"] if e["kind"] == "nudged"):  # everyone reminded, at the top
            for user in nudge["detail"]["users"]:
                expected["card", esc["id"], user] += 1
        source = esc["source"]
        expected["thread", source["channel"], source["ts"]] += 1 + esc["level"]  # created, then one per climb
    return expected


def assert_one_escalation_per_trigger(rig: ProcessRig, stored: list[dict]) -> None:
    sources = Counter((e["source"]["channel"], e["source"]["ts"]) for e in stored)
    assert sources == Counter({(t.channel, t.ts): 1 for t in rig.triggers})


async def assert_store_clean(rig: ProcessRig, stored: list[dict]) -> None:
    assert sorted(await rig.listed_ids()) == sorted(e["id"] for e in stored)
    assert rig.temp_files() == []


async def test_a_killed_after_the_200_before_any_notification(rig):
    rig.emulator.fail("chat.postMessage", status=500, times=None)  # no notification can go out before the kill
    *first, last = [rig.seed(text) for text in SAMPLE_TEXTS]
    assert await asyncio.gather(*(rig.react(t) for t in first)) == [200] * len(first)
    assert await rig.react(last) == 200
    rig.kill()  # Slack has its 200s: it owes no retry (a late one is sent below all the same)
    await rig.wait_killed()

    assert last.event_id in rig.pending_triggers(), "the last trigger was written down only in the inbox"
    assert not [c for c in rig.emulator.calls_to("chat.postMessage") if c.ok], "nobody was told before the kill"
    assert len(rig.stored()) < len(rig.triggers)
    await rig.listed_ids()  # the store opens after the crash

    rig.emulator.clear_faults()
    await rig.start_bot()
    assert await rig.react(last, retry_num=1) == 200  # a late retry of a delivery the bot had taken
    await rig.wait_until(lambda: rig.settled(len(rig.triggers)), "every trigger escalated and announced")
    await rig.stop_bot()

    stored = rig.stored()
    assert_one_escalation_per_trigger(rig, stored)
    assert rig.copies() == expected_posts(rig, stored)
    assert rig.confirmations() == Counter({e["id"]: 1 for e in stored})
    await assert_store_clean(rig, stored)


async def test_b_killed_while_slack_answers_500_to_every_post(rig):
    rig.emulator.fail("chat.postMessage", status=500, times=None)
    triggers = [rig.seed(text) for text in SAMPLE_TEXTS]
    assert await asyncio.gather(*(rig.react(t) for t in triggers)) == [200] * len(triggers)

    def retried_twice() -> bool:
        """Every channel's first waiting post has failed at least twice (retries are being written)."""
        heads: dict[str, dict] = {}
        for entry in sorted(rig.outbox(), key=lambda e: e["created_at"]):
            heads.setdefault(entry["channel_key"], entry)
        posts = [e for e in heads.values() if e["method"] == "chat.postMessage"]
        return len(rig.stored()) == len(triggers) and bool(posts) and all(e["attempts"] >= 2 for e in posts)

    await rig.wait_until(retried_twice, "every post failed twice")
    rig.kill()
    await rig.wait_killed()

    waiting_for = {e["args"]["user"] for e in rig.outbox() if e["method"] == "chat.postMessage" and "user" in e["args"]}
    owners = {user for esc in rig.stored() for user in chain_levels(rig.registry, esc)[0]}
    assert owners <= waiting_for, "each owner's card was waiting in the outbox"
    assert not [c for c in rig.emulator.calls_to("chat.postMessage") if c.ok]
    await rig.listed_ids()

    rig.emulator.clear_faults()
    await rig.start_bot()
    await rig.wait_until(lambda: rig.settled(len(triggers)), "every waiting message delivered")
    await rig.stop_bot()

    stored = rig.stored()
    assert_one_escalation_per_trigger(rig, stored)
    assert all(esc["level"] == 0 for esc in stored)
    assert rig.copies() == expected_posts(rig, stored)
    assert rig.confirmations() == Counter({e["id"]: 1 for e in stored})
    await assert_store_clean(rig, stored)


async def test_c_killed_while_climbs_are_due(climbing_rig):
    rig = climbing_rig
    chosen = SAMPLE_TEXTS[:6]
    for text in chosen:  # created ~0.3 s apart, so their climbs fall due one after the other
        assert await rig.react(rig.seed(text)) == 200
        await asyncio.sleep(0.3)
    await rig.wait_until(lambda: rig.settled(len(chosen)) and len(rig.dm_cards()) == len(chosen),
                         "the first cards delivered", timeout=ACK_SECONDS)
    first_due = min(e["due_at"] for e in rig.stored())
    assert time.time() < first_due, "the first cards must be out before the first climb is due"

    # From now on Slack accepts no post, so nothing can be delivered without the bot knowing it.
    rig.emulator.fail("chat.postMessage", status=500, times=None)
    await rig.wait_until(lambda: [c for c in rig.emulator.calls_to("chat.postMessage") if c.failed],
                         "a first climb run by the sweeper", timeout=ACK_SECONDS + 3)
    await asyncio.sleep(0.4)  # the sweeper runs once a second: climbs that fell due since are not run yet
    killed_at = time.time()
    rig.kill()
    await rig.wait_killed()

    at_kill = rig.stored()
    climbed = [e for e in at_kill if e["level"] == 1]
    due_not_run = [e for e in at_kill if e["level"] == 0 and e["due_at"] <= killed_at]
    assert climbed and due_not_run, [(e["id"], e["level"], e["due_at"] - killed_at) for e in at_kill]
    await rig.listed_ids()

    rig.emulator.clear_faults()
    await rig.start_bot()

    def all_unacknowledged() -> bool:
        stored = rig.stored()
        return all(e["level"] == 3 and e["due_kind"] == "nudge" for e in stored) and rig.settled(len(chosen))

    await rig.wait_until(all_unacknowledged, "every escalation climbed to triage", timeout=4 * ACK_SECONDS + 8)
    await rig.stop_bot()

    stored = rig.stored()
    assert_one_escalation_per_trigger(rig, stored)
    for esc in stored:
        climbs = [entry["detail"]["level"] for entry in esc["timeline"] if entry["kind"] == "climbed"]
        assert climbs == [1, 2, 3], f"{esc['id']} climbed {climbs}"
    assert rig.copies() == expected_posts(rig, stored)
    await assert_store_clean(rig, stored)


async def test_d_killed_as_slack_accepts_a_post_only_that_kind_is_sent_twice(rig):
    killing: list[int] = []

    def kill_on_first_post(call) -> None:
        if not killing and call.method == "chat.postMessage" and call.ok:
            killing.append(len(rig.emulator.calls) - 1)
            rig.kill()  # Slack has accepted the post; the bot never reads the answer

    rig.emulator.add_call_listener(kill_on_first_post)
    triggers = [rig.seed(text) for text in SAMPLE_TEXTS[:5]]
    statuses = await asyncio.gather(*(rig.react(t) for t in triggers))
    await rig.wait_killed()
    assert statuses == [200] * len(triggers)
    killed_post = rig.identify(rig.emulator.calls[killing[0]])
    restart_index = len(rig.emulator.calls)  # every call from here on comes from the restarted bot

    await rig.start_bot()
    await rig.wait_until(lambda: rig.settled(len(triggers)), "everything delivered after the restart")
    await rig.stop_bot()

    stored = rig.stored()
    assert_one_escalation_per_trigger(rig, stored)
    posts = rig.posts()
    copies = Counter(kind for _index, kind in posts)
    assert set(copies) == set(expected_posts(rig, stored)), "everyone and every thread was told"
    assert copies[killed_post] == 2, "the post accepted at the kill is sent again: the bot could not know"
    assert all(count <= 2 for count in copies.values())
    # A post repeats only when its first copy was accepted by Slack for the killed bot, which never
    # read the answer; the restarted bot sends each post once.
    before_restart = {kind for index, kind in posts if index < restart_index}
    after_restart = Counter(kind for index, kind in posts if index >= restart_index)
    assert all(count == 1 for count in after_restart.values()), after_restart
    assert {kind for kind, count in copies.items() if count > 1} <= before_restart
    await assert_store_clean(rig, stored)

"""The trigger inbox: written down before the ack, each key once, pending until done, across restarts."""
from __future__ import annotations

import asyncio
import os

import pytest

from bot.inbox import KEEP_DAYS, Inbox
from knowledge.store import Store


async def test_a_burst_is_written_down_together_and_a_repeat_inside_it_is_refused(tmp_path):
    store = Store.open(tmp_path)
    inbox = Inbox.of(store)
    keys = [f"Ev{i}" for i in range(20)] + ["Ev3", "Ev7"]  # Slack retries arriving in the same burst
    fresh = await asyncio.gather(*(inbox.accept(key, {"n": key}) for key in keys))
    assert fresh == [True] * 20 + [False, False]
    assert inbox._accepts.batches < 20  # the burst shared its fsyncs
    await inbox.done("Ev0")
    inbox.close()
    store.close()

    store = Store.open(tmp_path)
    again = Inbox.of(store)
    pending = [key for key, _trigger in await again.pending()]
    assert sorted(pending) == sorted(f"Ev{i}" for i in range(1, 20))
    assert await again.accept("Ev0", {}) is False  # a late retry of a processed trigger
    again.close()
    store.close()


async def test_the_fronts_journal_written_on_its_loop_keeps_a_burst_in_one_write_and_survives_a_restart(
        tmp_path, monkeypatch):
    """The HTTP front's request journal writes on its own event loop (no writer thread): the
    requests accepted during one turn of the loop share one write and one fsync, and each accept
    returns only once its record is on disk."""
    syncs = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (syncs.append(fd), real_fsync(fd)))
    journal = Inbox(tmp_path, name="requests", durable_dones=False, inline=True)
    assert await journal.accept("first", {})  # today's file is made (and its folder synced)
    syncs.clear()
    keys = [f"R{i}" for i in range(30)] + ["R5"]
    fresh = await asyncio.gather(*(journal.accept(key, {"n": key}) for key in keys))
    assert fresh == [True] * 30 + [False]
    assert len(syncs) == 1
    await journal.done_many(["R0", "R1", "never-accepted"])
    assert len(syncs) == 1  # a done record is not worth an fsync: the worst case is a repeat
    journal.close()  # as a SIGKILL would: no clean-up beyond closing the files

    again = Inbox(tmp_path, name="requests", durable_dones=False, inline=True)
    assert sorted(key for key, _request in await again.pending()) == sorted(["first"] + [f"R{i}" for i in range(2, 30)])
    assert await again.accept("R0", {}) is False
    again.close()


async def test_dones_written_together_leave_nothing_pending(tmp_path):
    store = Store.open(tmp_path)
    inbox = Inbox.of(store)
    for i in range(10):
        assert await inbox.accept(f"K{i}", {"i": i})
    await asyncio.gather(*(inbox.done(f"K{i}") for i in range(10)), inbox.done("never-accepted"))
    assert await inbox.pending() == []
    inbox.close()
    store.close()
    store = Store.open(tmp_path)
    assert await Inbox.of(store).pending() == []
    store.close()


async def test_a_trigger_that_failed_for_good_may_be_given_again_even_after_a_restart(tmp_path):
    store = Store.open(tmp_path)
    inbox = Inbox.of(store)
    assert await inbox.accept("failed", {"n": 1}) and await inbox.accept("worked", {"n": 2})
    await inbox.done("failed", forget=True)
    await inbox.done("worked")
    assert await inbox.accept("failed", {"n": 3})  # tried again: accepted
    assert not await inbox.accept("worked", {"n": 4})  # a repeat of a success is still dropped
    await inbox.done("failed", forget=True)
    inbox.close()
    store.close()
    store = Store.open(tmp_path)
    again = Inbox.of(store)
    assert await again.accept("failed", {"n": 5}) and not await again.accept("worked", {"n": 6})
    again.close()
    store.close()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
async def test_a_bot_running_for_weeks_keeps_only_a_few_days_files_open(tmp_path):
    store = Store.open(tmp_path)
    start = 1_780_000_000.0
    inbox = Inbox.of(store, now=start)
    opened = len(os.listdir("/proc/self/fd"))
    for day in range(30):  # one trigger a day, written at that day's time
        await inbox._run(inbox._accept_many, [(f"E{day}", {"day": day}, start + day * 86_400)])
    assert len(os.listdir("/proc/self/fd")) <= opened + 4
    inbox.close()
    store.close()
    store = Store.open(tmp_path)
    pending = await Inbox.of(store, now=start + 30 * 86_400).pending()
    assert sorted(key for key, _trigger in pending) == sorted(f"E{day}" for day in range(30))  # none lost
    store.close()


async def test_a_bot_running_for_weeks_keeps_only_a_few_days_of_files_and_keys(tmp_path):
    store = Store.open(tmp_path)
    start = 1_780_000_000.0
    inbox = Inbox.of(store, now=start)
    for day in range(30):  # one trigger a day, all processed but the tenth
        now = start + day * 86_400
        await inbox._run(inbox._accept_many, [(f"E{day}", {"day": day}, now)])
        if day != 10:
            await inbox._run(inbox._done_many, [(f"E{day}", now + 60, False)])
    files = sorted(path.name for path in tmp_path.glob("inbox-*.jsonl"))
    assert len(files) <= KEEP_DAYS + 1, files
    assert not inbox.has_seen("E5") and inbox.has_seen("E29")  # old keys forgotten, recent ones known
    assert inbox.has_seen("E10")  # the one still pending stays known
    assert await inbox.accept("E29", {"again": True}) is False  # a late retry of a recent key is dropped
    inbox.close()
    store.close()
    store = Store.open(tmp_path)
    again = Inbox.of(store, now=start + 30 * 86_400)
    assert [key for key, _trigger in await again.pending()] == ["E10"]  # moved forward, never lost
    assert len(list(tmp_path.glob("inbox-*.jsonl"))) <= KEEP_DAYS + 1
    again.close()
    store.close()

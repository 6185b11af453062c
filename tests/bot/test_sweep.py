"""The sweep loop: due steps run once, overdue steps run at once after a restart."""
from __future__ import annotations

import asyncio

import pytest

from tests.bot.escalation_kit import SOURCE, Rig


@pytest.fixture
async def rig(tmp_path):
    rig = await Rig(tmp_path / "data").open()
    yield rig
    await rig.close()


async def create_many(rig: Rig, count: int) -> None:
    for number in range(count):
        await rig.create(source={**SOURCE, "ts": f"1700000000.{number:06d}"})
    await rig.settle()
    rig.slack.clear()


async def test_each_due_step_runs_once(rig):
    await create_many(rig, 2)
    rig.clock.advance(30)
    assert await rig.service.due(rig.clock.now()) == ["ESC-1", "ESC-2"]
    assert await rig.sweeper.run_once() == 2
    assert await rig.sweeper.run_once() == 0
    assert await rig.service.run_step("ESC-1", rig.clock.now()) is False  # already ran: its due_at moved
    await rig.settle()
    assert sorted(rig.slack.dms()) == ["U0LEGAL02", "U0LEGAL02", "U0LEGAL03", "U0LEGAL03"]


async def test_after_a_restart_overdue_steps_run_at_once_none_skipped_none_twice(rig):
    await create_many(rig, 3)
    await rig.close()
    rig.clock.advance(300)  # ten L0 timeouts while the bot was down
    await rig.open()

    assert await rig.tick(0) == 3
    assert sorted(rig.slack.dms()) == ["U0LEGAL02"] * 3 + ["U0LEGAL03"] * 3
    assert await rig.tick(0) == 0  # the next level gets its own full timeout from now
    for esc in await rig.service.list():
        assert esc["level"] == 1 and esc["due_at"] == rig.clock.now() + 30
    rig.slack.clear()
    await rig.tick(30)
    assert rig.slack.dms() == ["U0CEO0001"] * 3


async def test_the_loop_climbs_on_its_own(rig):
    await create_many(rig, 1)
    rig.sweeper.start()
    try:
        for _ in range(31):
            rig.clock.advance(1)
            await asyncio.sleep(0.005)
        await rig.settle()
        assert rig.slack.dms() == ["U0LEGAL02", "U0LEGAL03"]
    finally:
        await rig.sweeper.stop()
    assert rig.sweeper.steps_run == 1


async def test_a_failing_step_does_not_stop_the_others(rig, monkeypatch, caplog):
    await create_many(rig, 2)
    real_step = rig.service.run_step

    async def flaky(esc_id, now, **kwargs):
        if esc_id == "ESC-1":
            raise OSError("disk full")
        return await real_step(esc_id, now, **kwargs)

    monkeypatch.setattr(rig.service, "run_step", flaky)
    rig.clock.advance(30)
    assert await rig.sweeper.run_once() == 1
    assert "ESC-1: its due step failed (disk full)" in caplog.text
    monkeypatch.undo()
    assert await rig.sweeper.run_once() == 1  # retried at the next sweep


async def test_a_sweep_learns_the_languages_of_all_its_due_steps_in_one_go(rig):
    # a slow Slack is waited for once per sweep, not once per due step
    await create_many(rig, 3)
    rig.clock.advance(30)
    rig.learnt.clear()
    assert await rig.sweeper.run_once() == 3
    [together] = rig.learnt  # once for the three steps, not once per step
    assert {"U0LEGAL01", "U0LEGAL02", "U0LEGAL03"} <= together

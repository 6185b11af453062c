"""SIGKILL tests: a process dies mid-stream, a restart delivers everything exactly once.

A child process runs the real store, outbox and escalation service against a Slack that answers
500 to everything (so nothing can have been delivered before the kill), prints each committed
step, and is killed with SIGKILL in the middle. This process then reopens the data folder with
a working Slack, as the restarted bot would, and checks what people received.
"""
from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.clock import FakeClock
from tests.bot.escalation_kit import SOURCE, Rig

ROOT = Path(__file__).resolve().parents[2]
START = 1_800_000_000.0

CHILD = r"""
import asyncio, sys
from pathlib import Path
from bot.clock import Clock, FakeClock
from tests.bot.escalation_kit import SOURCE, FakeSlack, Rig, slack_error

class SlackDown(FakeSlack):
    async def __call__(self, method, args):
        self.attempts.append((method, args))
        raise slack_error(500, "internal_error")

async def main(path, mode):
    clock = Clock() if mode == "create" else FakeClock(%(start)r)
    rig = await Rig(Path(path), clock=clock, slack=SlackDown()).open()
    rig.outbox.base_backoff, rig.outbox.max_backoff = 0.002, 0.01  # keep the failing worker busy
    count = 10_000 if mode == "create" else 40
    for number in range(1, count + 1):
        await rig.create(source={**SOURCE, "ts": f"{number}.000100"})
        if mode == "create":
            print(number, flush=True)
    if mode == "climb":
        print("ready", flush=True)
        await asyncio.sleep(0.2)
        clock.advance(31)
        for esc_id in await rig.service.due(clock.now()):
            await rig.service.run_step(esc_id, clock.now())
            print(esc_id, flush=True)
    await asyncio.sleep(60)

asyncio.run(main(sys.argv[1], sys.argv[2]))
""" % {"start": START}


async def run_and_kill(data: Path, mode: str, kill_after: int) -> list[str]:
    """Start the child, SIGKILL it once ``kill_after`` lines were printed; the lines read."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, str(data), mode, cwd=str(ROOT),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    lines: list[str] = []
    try:
        while len(lines) < kill_after:
            line = await asyncio.wait_for(child.stdout.readline(), 30)
            if not line:
                raise AssertionError("child ended early: " + (await child.stderr.read()).decode()[-2000:])
            lines.append(line.decode().strip())
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGKILL)
        await child.wait()
    assert child.returncode == -signal.SIGKILL
    return lines


def cards_per_person(rig: Rig) -> Counter:
    """(escalation id, level, user) -> how many cards they received."""
    seen: Counter = Counter()
    for args in rig.slack.sent():
        if "blocks" in args and args["channel"].startswith("D"):
            esc_id, _severity, _dept, level, *_ = args["text"].split()
            seen[(esc_id, level, "U" + args["channel"][1:])] += 1
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
async def test_killed_while_creating_escalations_with_slack_down(tmp_path):
    data = tmp_path / "data"
    printed = await run_and_kill(data, "create", kill_after=25)
    acknowledged = int(printed[-1])

    rig = await Rig(data).open()
    try:
        # Slack retries every trigger it did not see acknowledged; resending all of them is harmless.
        for number in range(1, acknowledged + 2):
            await rig.create(source={**SOURCE, "ts": f"{number}.000100"})
        await rig.settle()
        stored = await rig.service.list()
        sources = Counter(e["source"]["ts"] for e in stored)
        assert all(count == 1 for count in sources.values())
        assert {f"{n}.000100" for n in range(1, acknowledged + 1)} <= set(sources)

        cards = cards_per_person(rig)
        ids = {e["id"] for e in stored}
        assert {key[0] for key in cards} == ids  # nothing about an escalation that does not exist
        assert all(count == 1 for count in cards.values()), [k for k, c in cards.items() if c > 1]
        threads = Counter(a["thread_ts"] for a in rig.slack.sent() if a.get("thread_ts"))
        assert all(count == 1 for count in threads.values())
        assert len(threads) == len(stored)
    finally:
        await rig.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
async def test_killed_while_climbs_are_due(tmp_path):
    data = tmp_path / "data"
    printed = await run_and_kill(data, "climb", kill_after=6)  # "ready" + five climbs done
    assert printed[0] == "ready"

    rig = await Rig(data, clock=FakeClock(START + 32)).open()  # past the stored retry backoffs
    try:
        await rig.tick(0)
        await rig.settle()
        stored = await rig.service.list()
        assert len(stored) == 40
        for esc in stored:
            assert [e["kind"] for e in esc["timeline"]].count("climbed") == 1, esc["id"]
            assert esc["level"] == 1
        cards = cards_per_person(rig)
        expected = {(e["id"], "L0", "U0LEGAL01") for e in stored} | {
            (e["id"], "L1", user) for e in stored for user in ("U0LEGAL02", "U0LEGAL03")}
        assert set(cards) == expected
        assert all(count == 1 for count in cards.values()), [k for k, c in cards.items() if c > 1]
        assert await rig.tick(0) == 0
    finally:
        await rig.close()

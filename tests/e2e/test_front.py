"""`switchboard run --http` is two processes: the front answers Slack, the worker does the work.

The front acknowledges and hands over; these tests check what a person (or Slack) would notice:
answers still arrive, forged requests change nothing, a worker that dies is replaced and what
was acknowledged meanwhile is still escalated, and the worker never outlives its front.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from bot import emulator as slack
from bot.emulator.payloads import FORM
from bot.front import kind_of
from bot.inbox import pending_records
from bot.sandbox import SIGNING_SECRET
from tests.e2e.process_kit import SAMPLE_TEXTS, ProcessRig

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the worker process through /proc (Linux)")


def worker_pid(rig: ProcessRig) -> int:
    children = rig.bot.worker_pids()
    assert len(children) == 1, f"the front has {len(children)} child processes"
    return children[0]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


async def eventually(check, what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {what}")


def test_the_front_keeps_events_answers_who_later_and_waits_for_everything_else():
    event = slack.event_callback(slack.reaction_added(user="U1", reaction="rotating_light", channel="C1", ts="1.1"))
    assert kind_of(event.body.decode(), "application/json") == "keep"
    assert kind_of(slack.url_verification("abc").body.decode(), "application/json") == "wait"

    def command(name: str, text: str) -> str:
        return slack.slash_command(name, text, user_id="U1", channel_id="C1", response_url="http://x/r").body.decode()

    assert kind_of(command("/who", "presse"), FORM) == "later"
    # Slack never delivers these again, and a person sees it when they fail: as one process would
    assert kind_of(command("/escalate", "critical x"), FORM) == "wait"
    assert kind_of(command("/registry", "undo"), FORM) == "wait"
    assert kind_of("payload=" + json.dumps({"type": "block_actions"}), FORM) == "wait"
    assert kind_of("payload=" + json.dumps({"type": "view_submission"}), FORM) == "wait"
    assert kind_of("payload=not-json", FORM) == "malformed"
    assert kind_of("{broken", "application/json") == "malformed"
    assert kind_of("[1, 2]", "application/json") == "malformed"


async def test_who_is_acknowledged_at_once_and_answered_through_the_response_url(rig):
    url = rig.emulator.response_url("who-front")
    status = await rig.bot.send(rig.session, slack.slash_command(
        "/who", "Un client menace de nous attaquer en justice", user_id="U0CM00002", channel_id="C0COMMUN1",
        response_url=url))
    assert status == 200
    await eventually(lambda: rig.emulator.responses.get("who-front"), "the answer posted to the response URL")
    answer = json.dumps(rig.emulator.responses["who-front"][0], ensure_ascii=False)
    legal = next(d for d in rig.registry.departments if d.id == "legal")
    assert legal.name in answer


async def test_a_challenge_is_answered_by_the_worker_through_the_front(rig):
    signed = slack.url_verification("ch-123").signed(SIGNING_SECRET)
    async with rig.session.post(rig.bot.url, data=signed.body, headers=signed.headers) as response:
        assert response.status == 200
        assert "ch-123" in await response.text()


async def test_a_forged_request_gets_401_and_nothing_is_written_or_sent(rig):
    trigger = rig.seed(SAMPLE_TEXTS[0])
    signed = trigger.request.signed("not-the-secret")
    async with rig.session.post(rig.bot.url, data=signed.body, headers=signed.headers) as response:
        assert response.status == 401
    await asyncio.sleep(0.5)
    assert all(not path.read_text() for path in rig.data.glob("requests-*.jsonl")), "nothing written down"
    assert rig.stored() == []
    assert rig.emulator.calls_to("chat.postMessage") == []


async def test_a_worker_that_dies_is_replaced_and_what_was_acknowledged_meanwhile_is_escalated(rig):
    first = worker_pid(rig)
    os.kill(first, signal.SIGKILL)
    await eventually(lambda: not alive(first), "the worker gone")
    trigger = rig.seed(SAMPLE_TEXTS[1])
    assert await rig.react(trigger) == 200  # no worker at this moment: the front keeps it
    await rig.wait_until(lambda: rig.settled(1), "the reaction escalated by the next worker")
    assert worker_pid(rig) != first
    assert pending_records(rig.data, "requests") == {}
    assert len(rig.stored()) == 1


async def test_the_worker_ends_with_its_front_even_killed(rig):
    worker = worker_pid(rig)
    rig.bot.process.kill()  # the front alone (rig.kill() takes both, as a crash of the machine would)
    await rig.wait_killed()
    await eventually(lambda: not alive(worker), "the worker ended with its front", seconds=10)
    await rig.start_bot()  # the data folder is free again at once
    trigger = rig.seed(SAMPLE_TEXTS[2])
    assert await rig.react(trigger) == 200
    await rig.wait_until(lambda: rig.settled(1), "escalated after the restart")


async def test_a_clean_stop_leaves_nothing_pending(rig):
    triggers = [rig.seed(text) for text in SAMPLE_TEXTS[:4]]
    assert await asyncio.gather(*(rig.react(t) for t in triggers)) == [200] * 4
    await rig.stop_bot()
    assert pending_records(rig.data, "requests") == {}
    assert len(rig.stored()) == 4



async def test_a_missing_or_garbled_timestamp_is_a_forged_request(rig):
    trigger = rig.seed(SAMPLE_TEXTS[0])
    signed = trigger.request.signed(SIGNING_SECRET)
    for timestamp in (None, "abc"):
        headers = {k: v for k, v in signed.headers.items() if k.lower() != "x-slack-request-timestamp"}
        if timestamp is not None:
            headers["X-Slack-Request-Timestamp"] = timestamp
        async with rig.session.post(rig.bot.url, data=signed.body, headers=headers) as response:
            assert response.status == 401
    assert rig.stored() == []


async def test_a_signed_body_that_is_not_a_slack_request_gets_400(rig):
    signed = dataclasses.replace(slack.url_verification("x"), body=b"[1, 2]").signed(SIGNING_SECRET)
    async with rig.session.post(rig.bot.url, data=signed.body, headers=signed.headers) as response:
        assert response.status == 400
        assert (await response.json())["error"] == "malformed_payload"
    assert await rig.react(rig.seed(SAMPLE_TEXTS[3])) == 200  # and the bot goes on
    await rig.wait_until(lambda: rig.settled(1), "escalated")


async def test_a_registry_command_waits_for_the_worker_and_acts_once(rig):
    url = rig.emulator.response_url("registry-help")
    async with rig.session.post(rig.bot.url, **_signed_form(slack.slash_command(
            "/registry", "help", user_id="U0CM00002", channel_id="C0COMMUN1", response_url=url))) as response:
        assert response.status == 200
        answer = await response.json()  # the answer rides on the acknowledgement, as in one process
    assert "/registry" in json.dumps(answer, ensure_ascii=False)
    await asyncio.sleep(0.3)
    assert rig.emulator.responses.get("registry-help") in (None, [])  # not posted a second time
    assert pending_records(rig.data, "requests") == {}


async def test_a_worker_that_hangs_is_replaced(tmp_path):
    rig = await ProcessRig(tmp_path, extra_env={"SWITCHBOARD_WORKER_TIMEOUT": "3"}).open()
    try:
        await _hung_worker_replaced(rig)
    finally:
        await rig.close()


async def _hung_worker_replaced(rig: ProcessRig) -> None:
    first = worker_pid(rig)
    os.kill(first, signal.SIGSTOP)  # alive, holding its socket, answering nothing
    async with rig.session.get(f"http://127.0.0.1:{rig.bot.port}/health") as response:
        assert response.status == 503
    await eventually(lambda: not alive(first), "the hung worker stopped", seconds=60)
    await eventually(lambda: worker_pid_or_none(rig) not in (None, first), "another worker started", seconds=30)
    trigger = rig.seed(SAMPLE_TEXTS[4])
    assert await rig.react(trigger) == 200
    await rig.wait_until(lambda: rig.settled(1), "escalated by the new worker", timeout=30)


async def test_a_stop_while_the_worker_is_being_replaced_is_prompt(rig):
    os.kill(worker_pid(rig), signal.SIGKILL)
    await asyncio.sleep(1.2)  # the front is starting another one
    started = time.monotonic()
    await rig.stop_bot()
    assert time.monotonic() - started < 10


def worker_pid_or_none(rig: ProcessRig) -> int | None:
    children = rig.bot.worker_pids()
    return children[0] if len(children) == 1 else None


def _signed_form(request) -> dict:  # noqa: ANN001
    signed = request.signed(SIGNING_SECRET)
    return {"data": signed.body, "headers": signed.headers}


async def test_ctrl_c_while_the_worker_starts_stops_both_at_once(tmp_path):
    from bot.emulator import SlackEmulator
    from bot.sandbox import BotProcess

    async with SlackEmulator() as emulator:
        bot = BotProcess(emulator, tmp_path / "data")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--http", cwd=Path(__file__).resolve().parents[2], env=bot._env(),
            stderr=asyncio.subprocess.PIPE)
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        await eventually(lambda: children.exists() and children.read_text().split(), "the worker spawned", seconds=30)
        worker = int(children.read_text().split()[0])
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    assert time.monotonic() - started < 10, "the front waited for a worker that was still starting"
    assert process.returncode == 0
    assert "Traceback" not in stderr.decode()
    await eventually(lambda: not alive(worker), "the starting worker stopped with its front", seconds=5)

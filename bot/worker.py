"""The worker of `switchboard run --http`: the whole bot, fed with Slack's requests by the front.

The front process (``bot/front.py``) answers Slack and hands each request over through a socket
pair this process inherits (``python -m bot.worker FD``). Here the bot is built exactly as in one
process (``open_bot``) and each request goes through the same Bolt app, without checking the
signature again (the front did; nothing else can reach the socket). For each request the worker
sends back a report with the request's ``id``:

- a request the front has acknowledged already (``acked``: an event, or a `/who` question):
  when Bolt's answer has a body (the question's answer), it is posted to the request's response
  URL first, as Slack expects of an answer that comes after the acknowledgement; the report
  tells the front it may forget the request;
- a request the front waits on (every other command, button, shortcut and form; a health
  check): the report carries Bolt's answer, status, body and content type, which the front
  gives Slack.

The worker lives as long as the front: the kernel ends it when the front dies (Linux), and it
stops cleanly when the front closes the socket.
"""
from __future__ import annotations

import asyncio
import ctypes
import json
import logging
import os
import signal
import socket
import sys
from typing import Any
from urllib.parse import parse_qs

from slack_bolt.request.async_request import AsyncBoltRequest

from bot import frames
from bot.app import Runtime
from bot.config import load_settings
from bot.server import close_bot, health, open_bot
from knowledge.errors import StoreLocked, SwitchboardError

log = logging.getLogger(__name__)

LOCK_WAIT = 10.0  # seconds to wait for a worker killed with its front to let go of the data folder
NICE = 10  # the worker's scheduling priority below the front's: about ten times less CPU when both want it


def response_url(body: str) -> str | None:
    """The response URL of a slash command, from its raw body (the only request the front
    acknowledges whose answer has a body: `/who`)."""
    return (parse_qs(body).get("response_url") or [None])[0]


async def answer(runtime: Runtime, frame: dict[str, Any]) -> dict[str, Any]:
    """Run one handed-over request through the bot; the report for the front."""
    if frame.get("health"):
        return {"id": frame["id"], "status": 200, "body": json.dumps(health(runtime)),
                "content_type": "application/json"}
    request = AsyncBoltRequest(body=frame["body"], headers=frame["headers"])
    response = await runtime.app.async_dispatch(request)
    content_type = (response.headers.get("content-type") or ["text/plain;charset=utf-8"])[0]
    if frame.get("acked") and response.status == 200 and response.body:
        url = response_url(frame["body"])
        try:
            message = json.loads(response.body)
        except json.JSONDecodeError:
            message = {"text": response.body}
        if url is None:
            log.warning("an answer came after the acknowledgement, with no response URL to post it to")
        else:
            await runtime.switchboard.respond(url, message, fallback=_nowhere)
    if frame.get("acked"):
        return {"id": frame["id"], "status": response.status}  # the front answered Slack already
    return {"id": frame["id"], "status": response.status, "body": response.body, "content_type": content_type}


async def _nowhere(**_message: Any) -> None:
    return None


async def work(fd: int) -> int:
    """Serve the front on the socket ``fd`` until it closes it (or SIGTERM)."""
    settings = load_settings(mode="http")
    runtime = await _open(settings)
    reader, writer = await asyncio.open_connection(sock=socket.socket(fileno=fd))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    running: set[asyncio.Task] = set()

    async def one(frame: dict[str, Any]) -> None:
        try:
            report = await answer(runtime, frame)
        except Exception:  # noqa: BLE001 — one request must not end the worker
            log.exception("request %s failed", frame.get("id"))
            report = {"id": frame.get("id"), "status": 500, "body": "", "content_type": "text/plain"}
        if not writer.is_closing():
            frames.send(writer, report)

    async def read() -> None:
        while True:
            try:
                frame = await frames.receive(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                return  # the front has gone
            except (ValueError, TypeError):  # json's errors are ValueErrors
                log.exception("unreadable request from the front process: stopping")
                return
            task = asyncio.create_task(one(frame))
            running.add(task)
            task.add_done_callback(running.discard)

    frames.send(writer, {"ready": True})
    reading = asyncio.create_task(read())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([reading, stopping], return_when=asyncio.FIRST_COMPLETED)
    finally:
        reading.cancel()
        stopping.cancel()
        if running:
            await asyncio.wait(running, timeout=10)
        writer.close()
        await close_bot(runtime)
    return 0


async def _open(settings) -> Runtime:  # noqa: ANN001
    """``open_bot``, waiting a little for a worker that died with its front to release the folder."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LOCK_WAIT
    while True:
        try:
            return await open_bot(settings, request_verification=False)
        except StoreLocked:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.1)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this process when the front ends, even killed with SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the closed socket still stops the worker
    if os.getppid() != parent:  # the front died before the request took effect
        os._exit(1)


def main(argv: list[str]) -> int:
    fd, parent = int(argv[0]), int(argv[1])
    _die_with_parent(parent)
    # In the front's session but not in the terminal's foreground group: writing its log to the
    # terminal must not stop it when the terminal is set to `stty tostop`.
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    os.nice(NICE)  # the front's acknowledgements first
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.setswitchinterval(0.001)  # see bot.server.run
    try:
        return asyncio.run(work(fd))
    except SwitchboardError as exc:
        print(f"switchboard: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))

"""`switchboard run --http`: a light front process answers Slack, a worker process does the work.

Slack waits for every acknowledgement and gives up after three seconds. Everything else the bot
does (reading a message, routing it, storing an escalation, five Web API calls) would share one
event loop and one interpreter with those acknowledgements, so this front process does only what
an acknowledgement needs, and the worker (``bot/worker.py``, the whole bot as one process would
run it) does the rest, at a lower scheduling priority so that the acknowledgements come first
when the machine is busy.

For each POST to /slack/events the front:

1. checks Slack's signature (a missing, wrong or stale one gets 401 and changes nothing) and
   refuses a body that is not a Slack request (400);
2. sorts the request:
   - **kept** (events: reactions, messages, mentions, Home tab…): written down durably (an
     fsync'd append, shared by the requests that arrive together), acknowledged with an empty
     200, then handed to the worker. The worker's report marks it done; a request not reported
     done is handed over again when the worker starts again, after a crash of either process.
     Events are what Slack itself delivers again when unsure, so the bot already recognises one
     it has seen (by its event id, or the message it is about): an event handed over twice acts
     once. Nothing acknowledged is lost.
   - **answered later** (`/who`, a question that changes nothing): acknowledged at once and
     handed over; the worker posts the answer to the command's response URL. The question is
     kept in memory until answered, and handed to the next worker if this one stops first (the
     response URL stays valid for 30 minutes).
   - **waited on** (every other slash command, button, shortcut and form, and anything not
     recognised): handed over, and answered with the worker's answer, as one process would. Slack
     never delivers these again, and a person sees an error when they fail, so they are not
     written down: one that was under way when the worker died is neither done twice nor done
     without the person knowing.
3. GET /health asks the worker (503 while there is none).

Events and questions are handed over once the front has answered every request in progress
(``Foreground``: no request answered for 10 ms, or 1 s at most), all those waiting together,
so a burst of reactions is acknowledged before the worker's reading, routing and disk writes for
it begin, and reaches the worker as one batch. The journal is written on the front's own event
loop: the events of one turn of the loop share one fsync, and no thread has to be woken for it.

The front watches its worker (``bot/worker_handle.py``): when it stops, or has not answered for ``SWITCHBOARD_WORKER_TIMEOUT``
seconds (30 by default; it is asked every third of that), another one is started (after 1 s, then up to 30 s apart) while the front goes on
accepting Slack's requests.
"""
from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import signal
import uuid
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs

from aiohttp import web
from filelock import FileLock, Timeout
from slack_sdk.signature import SignatureVerifier

from bot.config import BotSettings, ConfigError
from bot.inbox import Inbox, pending_records
from bot.worker_handle import Worker, WorkerGone
from handlers.ids import Command

log = logging.getLogger(__name__)

Kind = Literal["keep", "later", "wait", "malformed"]
ANSWERED_LATER = {Command.WHO.value}  # commands that change nothing
KEPT_HEADERS = ("content-type", "x-slack-signature", "x-slack-request-timestamp", "x-slack-retry-num",
                "x-slack-retry-reason")
def kind_of(body: str, content_type: str) -> Kind:
    """How the front answers a (signed) request: keep it, answer it later, wait for the worker,
    or refuse it (not a Slack request)."""
    if body.startswith("{") or "json" in content_type:
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return "malformed"
        if not isinstance(data, dict):
            return "malformed"
        return "keep" if data.get("type") == "event_callback" else "wait"
    form = parse_qs(body)
    if "payload" in form:
        try:
            payload = json.loads(form["payload"][0])
        except json.JSONDecodeError:
            return "malformed"
        return "wait" if isinstance(payload, dict) else "malformed"
    if "command" in form and form["command"][0] in ANSWERED_LATER:
        return "later"
    return "wait"


def pending_event_ids(data_dir: Path) -> set[str]:
    """Event ids of the events the front acknowledged and the worker has not reported done yet,
    read without the lock (for tests and benchmarks watching a running bot)."""
    ids = set()
    for record in pending_records(Path(data_dir), "requests").values():
        body = record["trigger"]["body"]
        if body.startswith("{"):
            event_id = json.loads(body).get("event_id")
            if event_id:
                ids.add(event_id)
    return ids


def front_application(settings: BotSettings, journal: Inbox, worker: Worker) -> web.Application:
    """The aiohttp application Slack talks to."""
    verifier = SignatureVerifier(settings.signing_secret or "")

    async def slack_events(request: web.Request) -> web.Response:
        with worker.foreground.request():
            return await answer(request)

    async def answer(request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            log.warning("malformed request body refused: %s", exc)
            return web.json_response({"ok": False, "error": "malformed_payload"}, status=400)
        headers = request.headers
        try:
            valid = verifier.is_valid(body=body, timestamp=headers.get("X-Slack-Request-Timestamp", "0"),
                                      signature=headers.get("X-Slack-Signature", ""))
        except ValueError:  # a timestamp that is not a number
            valid = False
        if not valid:
            return web.json_response({"error": "invalid request"}, status=401)
        handed = {"headers": {name: headers[name] for name in KEPT_HEADERS if name in headers}, "body": body}
        kind = kind_of(body, headers.get("Content-Type", ""))
        if kind == "malformed":
            log.warning("a signed request that is not a Slack request was refused")
            return web.json_response({"ok": False, "error": "malformed_payload"}, status=400)
        if kind == "later":
            worker.later(uuid.uuid4().hex, handed)
            return web.Response(status=200)
        if kind == "keep":
            request_id = uuid.uuid4().hex
            await journal.accept(request_id, handed)
            worker.keep(request_id, handed)
            return web.Response(status=200)
        try:
            report = await worker.call(handed)
        except (WorkerGone, asyncio.TimeoutError):
            return web.json_response({"ok": False, "error": "worker_unavailable"}, status=503)
        return web.Response(status=report["status"], text=report.get("body") or "",
                            content_type=report.get("content_type", "text/plain").split(";")[0])

    async def health(_request: web.Request) -> web.Response:
        try:
            report = await worker.call({"health": True})
        except (WorkerGone, asyncio.TimeoutError):
            return web.json_response({"ok": False, "error": "worker_unavailable"}, status=503)
        return web.Response(status=report["status"], text=report["body"], content_type="application/json")

    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_post("/slack/events", slack_events)
    app.router.add_get("/health", health)
    return app


async def serve(settings: BotSettings) -> int:
    """Run the front and its worker until SIGINT/SIGTERM; the worker's exit code when it cannot start."""
    folder = Path(settings.data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot use the data folder {folder} ({exc.strerror or exc}): "
                          "check SWITCHBOARD_DATA_DIR or --data-dir") from None
    lock = FileLock(str(folder / ".front.lock"), timeout=5, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise ConfigError(f"another `switchboard run` is using the data folder {folder} "
                          f"(lock file {folder / '.front.lock'})") from None
    journal = Inbox(folder, name="requests", durable_dones=False, inline=True)
    worker = Worker(settings, journal)
    runner = None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        starting = asyncio.create_task(worker.start())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait([starting, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not starting.done():  # stopped before the worker was ready
            starting.cancel()
            await asyncio.gather(starting, return_exceptions=True)
            return 0
        code = starting.result()
        if code is not None:
            return code or 1  # the worker said why, in one line
        watching = asyncio.create_task(worker.watch(settings.worker_timeout))
        runner = web.AppRunner(front_application(settings, journal, worker), access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, port=settings.port).start()
        except OSError as exc:
            reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
            raise ConfigError(f"cannot listen on port {settings.port} ({reason}): "
                              "check PORT or --port") from None
        gc.freeze()
        log.info("listening on port %d: POST /slack/events, GET /health", settings.port)
        await stop.wait()
        watching.cancel()
        return 0
    finally:
        if runner is not None:
            await runner.cleanup()
        await worker.stop()
        journal.close()
        lock.release()


def run_front(settings: BotSettings) -> int:
    """Entry point of `switchboard run --http`."""
    try:
        return asyncio.run(serve(settings))
    except KeyboardInterrupt:
        return 0

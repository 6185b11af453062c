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

The front watches its worker: when it stops, or has not answered for ``SWITCHBOARD_WORKER_TIMEOUT``
seconds (30 by default; it is asked every third of that), another one is started (after 1 s, then up to 30 s apart) while the front goes on
accepting Slack's requests.
"""
from __future__ import annotations

import asyncio
import gc
import itertools
import json
import logging
import os
import signal
import socket
import sys
import uuid
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs

from aiohttp import web
from filelock import FileLock, Timeout
from slack_sdk.signature import SignatureVerifier

from bot import frames
from bot.config import BotSettings, ConfigError
from bot.foreground import Foreground
from bot.inbox import Inbox, pending_records
from handlers.ids import Command

log = logging.getLogger(__name__)

Kind = Literal["keep", "later", "wait", "malformed"]
ANSWERED_LATER = {Command.WHO.value}  # commands that change nothing
KEPT_HEADERS = ("content-type", "x-slack-signature", "x-slack-request-timestamp", "x-slack-retry-num",
                "x-slack-retry-reason")
WAIT_TIMEOUT = 2.5  # seconds a waited-on request waits for the worker, in all (Slack gives up at 3)
RESTART_DELAYS = (1, 2, 5, 10, 30)  # seconds before starting a worker that stopped, again and again
STOP_TIMEOUT = 30.0  # seconds the worker gets to stop cleanly
# Under a stream of requests that never leaves the front quiet, hand-overs still go after this
# long. Slack's bursts leave it quiet within milliseconds; only a stream of hundreds of requests a
# second, far above the 30,000 events an hour Slack sends an app from one workspace, lasts this
# long. At 100 ms, a stream of 300 reactions one after the other had the worker's reading and
# writing compete with the last two thirds of their acknowledgements.
HAND_OVER_MAX_WAIT = 1.0
# Hand-overs go once no request has been answered for this long. Traces of 300 reactions sent one
# after the other show pauses of up to 3 ms in the sender's stream (it too waits for a CPU); at the
# worker's 2 ms, such a pause let a hand-over through in the middle of the stream.
HAND_OVER_QUIET = 0.01
# Done marks are written by steps of this many, each step after the front is quiet again (a
# hundred marks in one step held an acknowledgement for a few milliseconds); under a stream that
# never leaves the front quiet, one step every 2 ms after the first (``Foreground``).
DONE_STEP = 4


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


class WorkerGone(Exception):
    """The worker stopped before answering."""


class Worker:
    """The worker process, the socket pair to it, and the requests it has not reported on."""

    def __init__(self, settings: BotSettings, journal: Inbox):
        self.settings = settings
        self.journal = journal
        self.process: asyncio.subprocess.Process | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._up = asyncio.Event()
        self._waiting: dict[str, asyncio.Future] = {}  # ids of requests whose report is awaited
        self._kept: set[str] = set()  # ids of kept requests handed to the current worker, until marked done
        self._later: dict[str, dict[str, Any]] = {}  # questions handed over and not answered yet
        self._stopping = False
        self._tasks: set[asyncio.Task] = set()  # the reader, and the writing of done records
        self._restarting: asyncio.Task | None = None
        self.foreground = Foreground(max_wait=HAND_OVER_MAX_WAIT, quiet=HAND_OVER_QUIET)  # the requests being answered
        self._queue: list[bytes] = []  # hand-overs (encoded frames) waiting for the front to be quiet
        self._sender: asyncio.Task | None = None
        self._finished: list[str] = []  # kept requests reported done, to be marked in the journal
        self._marker: asyncio.Task | None = None

    @property
    def up(self) -> bool:
        return self._up.is_set()

    async def start(self) -> int | None:
        """Start a worker and wait until it is ready; its exit code when it stops first. Cancelled
        or failed, it leaves no process or socket behind."""
        parent, child = socket.socketpair()
        writer = None
        try:
            # the settings as the front resolved them, flags included: the worker reads its own
            # from the environment, where a malformed PORT that --port overrode would stop it
            env = dict(os.environ, SWITCHBOARD_DATA_DIR=str(self.settings.data_dir), PORT=str(self.settings.port))
            try:
                # A process group of its own: Ctrl-C in a terminal is the front's to handle. The
                # same session: Linux shares the CPU between sessions first (autogroups), so a
                # worker in a session of its own would get as much as the front, whatever its nice.
                self.process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot.worker", str(child.fileno()), str(os.getpid()),
                    env=env, pass_fds=(child.fileno(),), process_group=0, stdin=asyncio.subprocess.DEVNULL)
            finally:
                child.close()
            reader, writer = await asyncio.open_connection(sock=parent)
            try:
                ready = await frames.receive(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
                return await self.process.wait()
            if not ready.get("ready"):
                raise RuntimeError(f"the worker said {ready!r} instead of being ready")
        except BaseException:
            (writer or parent).close()
            if self.process is not None and self.process.returncode is None:
                self.process.kill()
                await asyncio.shield(self.process.wait())
            raise
        self._writer = writer
        self._kept = set()
        self._up.set()
        self._spawn(self._read(reader))
        for request_id, request in list(self._later.items()):  # questions a worker that stopped left unanswered
            self._hand_over(request_id, request, kept=False)
        finished = set(self._finished)  # reported done, not marked yet
        for request_id, request in await self.journal.pending():  # kept before a crash, or while no worker was there
            if request_id not in finished:
                self._hand_over(request_id, request, kept=True)
        return None

    def _spawn(self, coro) -> asyncio.Task:  # noqa: ANN001
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _hand_over(self, request_id: str, request: dict[str, Any], *, kept: bool, acked: bool = True) -> None:
        """Send a request to the worker: at once when Slack waits for the worker's answer, else
        once the front has answered every request in progress (``Foreground``), so that the
        worker's work never competes with an acknowledgement still to give."""
        if self._writer is None or (kept and request_id in self._kept):
            return
        if kept:
            self._kept.add(request_id)
        frame = {"id": request_id, "acked": acked, **request}
        if not acked:
            frames.send(self._writer, frame)
            return
        # Encoded now, a few microseconds per request: encoding a hundred at hand-over time held
        # an acknowledgement for 2 ms. Sent together, they reach the worker as one batch (one
        # read of the messages of a channel, one commit).
        self._queue.append(frames.encode(frame))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send_queued())

    async def _send_queued(self) -> None:
        while self._queue:
            await self.foreground.clear()
            batch, self._queue = self._queue, []
            if self._writer is not None:  # else: kept in the journal or in memory, sent to the next worker
                self._writer.write(b"".join(batch))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                report = await frames.receive(reader)
                request_id = report.get("id")
                future = self._waiting.pop(request_id, None)
                if future is not None and not future.done():
                    future.set_result(report)
                self._later.pop(request_id, None)
                if request_id in self._kept:
                    self._finished.append(request_id)
                    if self._marker is None or self._marker.done():
                        self._marker = self._spawn(self._mark_done())
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        except Exception:  # noqa: BLE001 — a report the front cannot read: start a fresh worker
            log.exception("unreadable report from the worker process: stopping it")
            if self.process is not None and self.process.returncode is None:
                self.process.kill()
        self._up.clear()
        self._writer = None
        self._queue.clear()  # kept in the journal or in memory: the next worker gets them
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(WorkerGone())
        self._waiting.clear()
        if not self._stopping:
            self._restarting = asyncio.create_task(self._restart())

    async def _mark_done(self) -> None:
        """Write down, when the front is quiet, that the requests the worker reported on are done."""
        while self._finished:
            await self.foreground.clear()
            batch, self._finished = self._finished[:DONE_STEP], self._finished[DONE_STEP:]
            try:
                await self.journal.done_many(batch)
            except OSError as exc:  # processed all the same: after a restart they come back, and act once
                log.error("could not mark %d handed-over requests done in the journal: %s", len(batch), exc)
            self._kept.difference_update(batch)  # only now: a worker starting meanwhile must not get them again

    async def _restart(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()  # it stopped answering, or closed the socket and lingers
        code: Any = await self.process.wait() if self.process else None
        for attempt in itertools.count():
            delay = RESTART_DELAYS[min(attempt, len(RESTART_DELAYS) - 1)]
            log.error("the worker process stopped (%s): starting another in %d s", code, delay)
            await asyncio.sleep(delay)
            if self._stopping:
                return
            try:
                code = await self.start()
            except Exception as exc:  # noqa: BLE001 — no process could be started (EMFILE, EAGAIN…): try again
                code = f"{type(exc).__name__}: {exc}"
                continue
            if code is None:
                log.info("the worker process is running again")
                return
            code = f"exit code {code}"

    async def watch(self, timeout: float) -> None:
        """Replace a worker that has not answered for ``timeout`` seconds (a hung worker still
        holds its socket)."""
        while not self._stopping:
            await asyncio.sleep(timeout / 3)
            if not self.up:
                continue
            try:
                await self.call({"health": True}, timeout=timeout)
            except WorkerGone:
                continue
            except asyncio.TimeoutError:
                if self.up and self.process is not None and self.process.returncode is None:
                    log.error("the worker process has not answered for %g s: stopping it", timeout)
                    self.process.kill()  # the socket closes, and the reader starts another

    def keep(self, request_id: str, request: dict[str, Any]) -> None:
        """Hand a kept (journaled) request over, if a worker is there; else it waits in the journal."""
        self._hand_over(request_id, request, kept=True)

    def later(self, request_id: str, request: dict[str, Any]) -> None:
        """Hand a question over; it is kept in memory until answered, and handed to the next
        worker if this one stops first."""
        self._later[request_id] = request
        self._hand_over(request_id, request, kept=False)

    async def call(self, request: dict[str, Any], timeout: float = WAIT_TIMEOUT) -> dict[str, Any]:
        """Hand a request over and wait for the worker's answer, ``timeout`` seconds in all
        (WorkerGone, TimeoutError)."""
        request_id = uuid.uuid4().hex
        try:
            async with asyncio.timeout(timeout):
                await self._up.wait()
                future: asyncio.Future = asyncio.get_running_loop().create_future()
                self._waiting[request_id] = future
                self._hand_over(request_id, request, kept=False, acked=False)
                return await future
        finally:
            self._waiting.pop(request_id, None)

    async def stop(self) -> None:
        """Let the worker finish what it was handed, then stop it."""
        self._stopping = True
        if self._restarting is not None and not self._restarting.done():
            self._restarting.cancel()  # a worker being started is killed
            await asyncio.gather(self._restarting, return_exceptions=True)
        for _ in range(int(STOP_TIMEOUT * 10)):
            if not (self._kept and self.up):
                break
            await asyncio.sleep(0.1)
        if self._writer is not None:
            self._writer.close()  # the worker stops cleanly when the socket closes
        if self.process is not None and self.process.returncode is None:
            try:
                await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)
            except asyncio.TimeoutError:
                log.error("the worker did not stop within %d s: killed", STOP_TIMEOUT)
                self.process.kill()
                await self.process.wait()
        for task in list(self._tasks):
            task.cancel()


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

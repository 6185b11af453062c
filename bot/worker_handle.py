"""The front's handle on its worker process: start it, hand requests over, read its reports.

The worker (``bot/worker.py``) runs beside the front (``bot/front.py``) over a socket pair, at a
lower scheduling priority. Kept requests are marked done in the journal as the worker reports
them; a worker that stops, or stops answering, is started again (after 1 s, then up to 30 s
apart) and given the kept requests it had not reported done, and the questions still unanswered.
Hand-overs wait until the front has answered every request in progress (``Foreground``).
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
import sys
import uuid
from typing import Any


from bot import frames
from bot.config import BotSettings
from bot.foreground import Foreground
from bot.inbox import Inbox

log = logging.getLogger(__name__)

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

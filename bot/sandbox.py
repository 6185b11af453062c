"""A local Slack with the real bot: the emulator, the app over HTTP on loopback, and people acting.

The console, the demo, the end-to-end tests and the latency benchmark all drive the bot through
``Sandbox``: requests are signed and posted to ``/slack/events`` exactly as Slack sends them.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot import emulator as slack
from bot.app import Runtime, build_runtime
from bot.clock import Clock
from bot.emulator import SlackEmulator
from bot.escalation_store import EscalationRecords
from bot.server import web_application
from knowledge.models import Registry
from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from knowledge.validation import load_registry_file

log = logging.getLogger(__name__)

SIGNING_SECRET = "8f742231b10e8888abcd9901234585a5"
BOT_TOKEN = "xoxb-local-sandbox"


@dataclass
class Reply:
    """What the bot answered to one request."""

    status: int
    body: Any
    via: str = "ack"  # or "response_url": the answer came after an empty acknowledgement

    @property
    def text(self) -> str:
        if isinstance(self.body, dict):
            return str(self.body.get("text", ""))
        return str(self.body or "")


@dataclass
class Kept:
    """What a data folder kept from earlier sessions, read before the bot starts on it."""

    registry: bool = False  # it holds a registry
    last_moment: float | None = None  # the newest change of its escalations or registry, or where a console's clock stood
    dms: dict[str, str] = field(default_factory=dict)  # DM channel -> person, of unresolved escalations' cards


CONSOLE_CLOCK = "console-clock.txt"  # where a console's simulated clock stood, in the data folder


def read_console_clock(data_dir: Path) -> float | None:
    """Where the last console's clock stood on ``data_dir`` (None: never saved, or unreadable)."""
    try:
        return float((Path(data_dir) / CONSOLE_CLOCK).read_text("utf-8").strip())
    except (OSError, ValueError):
        return None


def save_console_clock(data_dir: Path, moment: float) -> None:
    """Keep where the console's clock stands, so a restart resumes there (best effort)."""
    try:
        (Path(data_dir) / CONSOLE_CLOCK).write_text(f"{moment:.3f}\n", "utf-8")
    except OSError:
        pass


def read_kept(data_dir: Path) -> Kept:
    """What ``data_dir`` holds for a session to resume: nothing for a missing or empty folder (which stays so)."""
    if not (data_dir.is_dir() and any(data_dir.iterdir())):
        return Kept()
    with Store.open(data_dir) as store:
        def read() -> Kept:
            records = EscalationRecords(store)
            active = records.active()
            # every timeline entry stamps updated_at with the bot's clock: the newest is where time stood
            moments = [doc["updated_at"] for doc in (*active, *records.archived()) if doc.get("updated_at")]
            cards = [card for doc in active for card in doc.get("messages") or []]
            dms = {card["channel"]: card["to"] for card in cards
                   if str(card.get("channel")).startswith("D") and str(card.get("to")).startswith(("U", "W"))}
            repo = RegistryRepo(store)  # registry changes are dated by the same clock
            moments += [entry.at.timestamp() for entry in repo.history(1)]
            moments += [stopped] if (stopped := read_console_clock(data_dir)) is not None else []
            return Kept(repo.current()[0] is not None, max(moments, default=None), dms)

        return store.call(read)



class Sandbox:
    """The emulator, a store, and the real bot served on 127.0.0.1."""

    def __init__(self, data_dir: Path, *, registry_file: Path | None = None, clock: Clock | None = None,
                 pace_seconds: float = 0.0, sweep_interval: float = 0.05, locale: str = "fr-FR",
                 start_ts: float | None = None):
        self.data_dir = Path(data_dir)
        self.registry_file = registry_file
        self.clock = clock or Clock()
        self.pace_seconds = pace_seconds
        self.sweep_interval = sweep_interval
        self.locale = locale
        # the workspace's first message timestamp (Slack's are the time of posting)
        self.emulator = SlackEmulator() if start_ts is None else SlackEmulator(start_ts=start_ts)
        self.store: Store | None = None
        self.runtime: Runtime | None = None
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""
        self._responses = 0
        self._stopped = False

    async def start(self) -> Sandbox:
        """Start the emulator, the store and the bot; on failure, stop what was started and re-raise."""
        try:
            return await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> Sandbox:
        self._stopped = False
        await self.emulator.start()
        self.store = Store.open(self.data_dir)
        repo = RegistryRepo(self.store, clock=self.clock.moment)
        if repo.current()[0] is None and self.registry_file is not None:
            loaded = load_registry_file(self.registry_file)
            repo.replace(loaded.registry, actor="system", source="file", action="import",
                         summary=f"import of {self.registry_file.name}")
        self.runtime = build_runtime(store=self.store, bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET,
                                     api_url=self.emulator.api_url, clock=self.clock,
                                     pace_seconds=self.pace_seconds, sweep_interval=self.sweep_interval,
                                     repo=repo)
        self.populate(self.registry)
        await self.runtime.start()
        self._runner = web.AppRunner(web_application(self.runtime), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/slack/events"
        self._session = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        """Stop what was started, the last started first; a second call does nothing."""
        if self._stopped:
            return
        self._stopped = True
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.runtime is not None:
            await self.runtime.stop()
        if self.store is not None:
            self.store.close()
        await self.emulator.stop()

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- the workspace ----------------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        assert self.runtime is not None
        registry, _revision = self.runtime.switchboard.repo.current()
        assert registry is not None, "the sandbox needs a registry"
        return registry

    @property
    def switchboard(self):
        assert self.runtime is not None
        return self.runtime.switchboard

    def populate(self, registry: Registry) -> None:
        """Make every person and channel of the registry known to the emulator."""
        for user_id, person in registry.people.items():
            self.emulator.add_user(user_id, person.name, locale=self.locale)
        channels = set(registry.settings.watched_channels) | {d.channel for d in registry.departments if d.channel}
        for channel in channels:
            self.emulator.add_channel(channel)

    # --- sending requests as Slack does -----------------------------------------------------

    async def send(self, request: slack.SlackRequest, *, secret: str = SIGNING_SECRET) -> Reply:
        """Sign and POST ``request`` to the bot; the bot's HTTP answer."""
        assert self._session is not None
        signed = request.signed(secret) if secret else request
        async with self._session.post(self.url, data=signed.body, headers=signed.headers) as response:
            raw = await response.text()
            try:
                body: Any = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = raw
            return Reply(response.status, body)

    def _response_url(self, channel: str, user: str, message_ts: str | None = None) -> str:
        self._responses += 1
        return self.emulator.response_url(f"r{self._responses}", channel=channel, user=user, message_ts=message_ts)

    async def command(self, user: str, channel: str, command: str, text: str) -> Reply:
        """A slash command typed by ``user`` in ``channel``: the acknowledgement's message, or, when
        the acknowledgement is empty, the last message the command then posted to its response URL."""
        response_url = self._response_url(channel, user)
        request = slack.slash_command(command, text, user_id=user, channel_id=channel, response_url=response_url)
        reply = await self.send(request)
        if isinstance(reply.body, dict) and (reply.body.get("text") or reply.body.get("blocks")):
            self.emulator.workspace.store(slack.Message(
                channel=channel, ts=self.emulator.workspace.next_ts(), text=reply.body.get("text", ""),
                user=slack.BOT_USER_ID, bot_id=slack.BOT_ID, blocks=reply.body.get("blocks"),
                ephemeral_to=user if reply.body.get("response_type") != "in_channel" else None, via="ack"))
            return reply
        await self.switchboard.drain()  # the work the command left for after its acknowledgement
        responses = self.emulator.responses.get(response_url.rsplit("/", 1)[1])
        return Reply(reply.status, responses[-1], via="response_url") if responses else reply

    async def post(self, user: str, channel: str, text: str, *, thread_ts: str | None = None,
                   bot_id: str | None = None) -> str:
        """``user`` posts a message: stored in the workspace, then the events Slack sends for it."""
        ts = self.emulator.add_message(channel, text, user, thread_ts=thread_ts)
        is_dm = channel.startswith("D")
        if f"<@{slack.BOT_USER_ID}>" in text and not is_dm:
            await self.send(slack.event_callback(slack.app_mention(user=user, text=text, channel=channel, ts=ts,
                                                                   thread_ts=thread_ts)))
        await self.send(slack.event_callback(slack.message_event(user=user, text=text, channel=channel, ts=ts,
                                                                 thread_ts=thread_ts, bot_id=bot_id)))
        return ts

    async def react(self, user: str, channel: str, ts: str, emoji: str) -> Reply:
        return await self.send(slack.event_callback(slack.reaction_added(user=user, reaction=emoji, channel=channel, ts=ts)))

    async def shortcut(self, user: str, channel: str, ts: str) -> Reply:
        message = self.emulator.message(channel, ts)
        assert message is not None, f"no message {ts} in {channel}"
        request = slack.message_action("escalate_message", user_id=user, channel_id=channel,
                                       message={"ts": ts, "text": message.text, "user": message.user},
                                       response_url=self._response_url(channel, user))
        return await self.send(request)

    async def click(self, user: str, channel: str, ts: str, action_id: str, value: str | None = None) -> Reply:
        """``user`` clicks the button ``action_id`` on the message ``ts`` of ``channel``."""
        message = self.emulator.message(channel, ts)
        assert message is not None, f"no message {ts} in {channel}"
        as_dict = {"ts": ts, "text": message.text, "blocks": message.blocks or [], "user": message.user}
        request = slack.block_actions(action_id, user_id=user, channel_id=channel, message=as_dict,
                                      response_url=self._response_url(channel, user, ts), value=value)
        return await self.send(request)

    async def submit(self, user: str, view: dict, values: dict[str, dict[str, Any]]) -> Reply:
        return await self.send(slack.view_submission(view, values, user_id=user))

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every accepted trigger is processed and every message is delivered."""
        assert self.runtime is not None
        for _ in range(3):
            await self.runtime.switchboard.drain()
            await self.runtime.outbox.drain(timeout)
            await asyncio.sleep(0)

    def dm_channel(self, user: str) -> str:
        """The direct-message channel between the bot and ``user``."""
        return self.emulator.workspace.open_dm([user])[0]

    def dms_to(self, user: str) -> list[Any]:
        """Messages the bot sent ``user`` in their direct-message channel, oldest first."""
        return self.emulator.messages_in(self.dm_channel(user))


class BotProcess:
    """`switchboard run --http` in its own process, talking to an emulator of this process.

    For kill tests and benchmarks: the bot can be killed with SIGKILL and started again on the
    same data folder, exactly as a crash and a restart in production.
    """

    def __init__(self, emulator: SlackEmulator, data_dir: Path, *, registry_file: Path | None = None,
                 port: int | None = None, extra_env: dict[str, str] | None = None):
        self.emulator = emulator
        self.data_dir = Path(data_dir)
        self.registry_file = registry_file
        self.port = port or _free_port()
        self.extra_env = extra_env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.url = f"http://127.0.0.1:{self.port}/slack/events"

    def _env(self) -> dict[str, str]:
        import os

        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_"))}
        env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                    "SLACK_API_URL": self.emulator.api_url, "PORT": str(self.port),
                    "SWITCHBOARD_DATA_DIR": str(self.data_dir)})
        if self.registry_file is not None:
            env["SWITCHBOARD_REGISTRY"] = str(self.registry_file)
        env.update(self.extra_env)
        return env

    async def start(self, timeout: float = 60.0) -> BotProcess:
        """Start the bot and wait until /health answers."""
        import sys
        import time as _time

        root = Path(__file__).resolve().parent.parent
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--http", cwd=root, env=self._env(),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        deadline = _time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while _time.monotonic() < deadline:
                if self.process.returncode is not None:
                    raise RuntimeError(f"the bot exited with {self.process.returncode} at start")
                try:
                    async with session.get(f"http://127.0.0.1:{self.port}/health") as response:
                        if response.status == 200:
                            return self
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.05)
        raise TimeoutError("the bot did not answer /health in time")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no flush, like a crash. The worker process is killed first: it is
        the one talking to Slack, and a crash takes it at that very moment, not a few
        milliseconds later when its front is gone (Linux; elsewhere it ends with its front)."""
        import os
        import signal

        if self.process is not None and self.process.returncode is None:
            for pid in self.worker_pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.process.kill()

    def worker_pids(self) -> list[int]:
        """The front's child processes (its worker; none while it starts another), read from
        /proc (Linux; elsewhere none)."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    async def wait(self) -> int:
        assert self.process is not None
        return await self.process.wait()

    async def stop(self) -> None:
        """SIGTERM and wait (a clean stop)."""
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), timeout=30)

    async def send(self, session: aiohttp.ClientSession, request: slack.SlackRequest) -> int:
        signed = request.signed(SIGNING_SECRET)
        async with session.post(self.url, data=signed.body, headers=signed.headers) as response:
            await response.read()
            return response.status


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

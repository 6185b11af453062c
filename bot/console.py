"""`switchboard console`: type to the real bot on the local Slack emulator, as anyone, anywhere.

The real app (handlers, store, sweep loop, outbox) runs over signed HTTP against the in-process
Slack emulator (``bot.sandbox``); time is a ``FakeClock`` that only moves with ``:wait``, so a
15-minute escalation climb is seen at once. What the bot posts is printed as ``bot.transcript``
renders it: numbered messages, where they went, numbered buttons.

Unless ``--data-dir`` is given the console works in a throw-away folder, so it never competes
with a running bot for ``./data`` (nor reads ``SWITCHBOARD_DATA_DIR``).

The event loop runs only while a line is being handled; between lines everything is settled and
the fake clock stands still, so reading input blocks nothing that should be happening.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import re
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot import emulator as slack
from bot.clock import FakeClock
from bot.emulator import BOT_USER_ID, Message
from bot.sandbox import Sandbox
from bot.transcript import Names, Transcript, unescape
from knowledge.durations import format_duration, parse_duration
from knowledge.errors import SwitchboardError
from knowledge.models import Registry

log = logging.getLogger(__name__)

SAMPLE_REGISTRY = Path(__file__).resolve().parent.parent / "samples" / "registry.yaml"
ENGLISH_SPEAKERS = ("U0CM00003", "U0QUAL002")  # sample people whose Slack locale is English
MENTION = re.compile(r"(?<![<\w])@(switchboard\b|[UW][A-Z0-9]{2,}\b)", re.IGNORECASE)
MESSAGE_REF = re.compile(r"(?<![\w#])#(\d+)\b")

HELP = """\
Type as the current person in the current channel:
  any text               a message (@switchboard mentions the bot, @U0… mentions a person)
  /who QUESTION          who handles this? (answer only you see)
  /escalate [critical|high|normal] TEXT or #N   escalate a text, or message [N]
  /registry …            the registry command (admins)
Console commands:
  :react EMOJI N         react to message [N] (:react rotating_light 3 escalates it)
  :click BUTTON N        press a button of message [N]: its number, or ack / reassign / resolve
  :shortcut N            the "Escalate" message shortcut on message [N]
  :as PERSON             type as someone else (U0… id or part of a name: :as hugo)
  :in CHANNEL            type in another channel (C0… id, a department: :in quality, or :in dm)
  :thread N | off        reply in the thread of message [N], or stop
  :wait DURATION         let time pass (30s, 10m, 2h): timeouts fire, the chain climbs
  :people                who is who (ids, titles, Slack language)
  :escalations           every escalation; :show ESC-1 for one with its timeline
  :help, :quit           this help; leave (Ctrl-D works too)
Messages are numbered [N] as they appear; buttons are numbered (1), (2)… within a message."""


class Usage(SwitchboardError):
    """A console line that cannot be carried out; the message says why."""


@dataclass
class Field:
    """One input of a modal, reduced to what a person fills."""

    block_id: str
    action_id: str
    kind: str
    label: str
    optional: bool
    options: list[tuple[str, str]] = field(default_factory=list)


def modal_fields(view: dict[str, Any]) -> list[Field]:
    """The inputs of a modal view, in order."""
    found = []
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        element = block.get("element") or {}
        options = [(unescape(o.get("text", {}).get("text", "")), str(o.get("value", "")))
                   for o in element.get("options") or []]
        found.append(Field(block.get("block_id", ""), element.get("action_id", "value"), element.get("type", ""),
                           unescape((block.get("label") or {}).get("text", "")), bool(block.get("optional")), options))
    return found


def field_state(item: Field, answer: str) -> dict[str, Any] | str:
    """The state Slack sends for ``item`` filled with ``answer`` (an option value, user id or text)."""
    if item.kind == "static_select":
        return {"type": "static_select", "selected_option": {"value": answer}}
    if item.kind == "users_select":
        return {"type": "users_select", "selected_user": answer}
    return answer


Filler = Callable[[dict[str, Any], list[str]], dict[str, str] | None]


class Session:
    """People acting in the sandbox, with every effect written to the transcript."""

    def __init__(self, sandbox: Sandbox, clock: FakeClock, *, write: Callable[[str], None] = print):
        self.sandbox = sandbox
        self.clock = clock
        self.write = write
        self.names = Names(sandbox.registry, sandbox.emulator)
        self.transcript = Transcript(sandbox.emulator, self.names, write=write)
        self._responses = 0

    @property
    def registry(self) -> Registry:
        return self.sandbox.registry

    async def settle(self) -> None:
        """Let the bot finish what it started, then print what it posted."""
        await self.sandbox.settle()
        self.transcript.flush()

    def message(self, number: int) -> Message:
        """Message [number], or a Usage error."""
        found = self.transcript.get(number)
        if found is None:
            raise Usage(f"there is no message [{number}]")
        return found

    def _response_url(self, channel: str, user: str) -> str:
        self._responses += 1
        return self.sandbox.emulator.response_url(f"console-{self._responses}", channel=channel, user=user)

    def _refused(self, what: str, status: int) -> None:
        if status != 200:
            self.write(f"(switchboard answered {what} with HTTP {status})")

    # --- what people do -----------------------------------------------------------------------

    async def say(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> Message:
        """``user`` posts ``text`` (Slack sends the message event, and app_mention for a mention)."""
        ts = await self.sandbox.post(user, channel, text, thread_ts=thread_ts)
        await self.settle()
        found = self.sandbox.emulator.message(channel, ts)
        assert found is not None
        return found

    async def command(self, user: str, channel: str, command: str, text: str) -> None:
        """``user`` types a slash command in ``channel``."""
        reply = await self.sandbox.command(user, channel, command, self._expand_refs(text))
        if reply.status == 404:
            self.write(f"(switchboard does not know {command})")
        else:
            self._refused(command, reply.status)
        await self.settle()

    def _expand_refs(self, text: str) -> str:
        """``#N`` naming a message of the transcript becomes that message's link."""
        def link(match: re.Match[str]) -> str:
            message = self.transcript.get(int(match.group(1)))
            if message is None or message.ephemeral_to:
                return match.group(0)
            return f"https://example.slack.com/archives/{message.channel}/p{message.ts.replace('.', '')}"

        return MESSAGE_REF.sub(link, text)

    async def react(self, user: str, number: int, emoji: str) -> None:
        """``user`` adds the reaction ``emoji`` to message [number]."""
        message = self.message(number)
        if message.ephemeral_to:
            raise Usage(f"[{number}] is visible to one person only; nobody can react to it")
        emoji = emoji.strip(":")
        self.sandbox.emulator.workspace.react(message, emoji, user)
        reply = await self.sandbox.react(user, message.channel, message.ts, emoji)
        self._refused("the reaction", reply.status)
        await self.settle()

    async def shortcut(self, user: str, number: int) -> None:
        """``user`` chooses the "Escalate" shortcut on message [number]."""
        message = self.message(number)
        if message.ephemeral_to:
            raise Usage(f"[{number}] is visible to one person only; shortcuts do not apply to it")
        reply = await self.sandbox.shortcut(user, message.channel, message.ts)
        self._refused("the shortcut", reply.status)
        await self.settle()

    async def click(self, user: str, number: int, spec: str, fill: Filler | None = None) -> None:
        """``user`` presses a button of message [number]; a modal it opens is filled by ``fill``."""
        message = self.message(number)
        try:
            button = self.transcript.button(message, spec)
        except LookupError as exc:
            raise Usage(str(exc)) from None
        opened_before = len(self.sandbox.emulator.calls_to("views.open"))
        if message.ephemeral_to:
            as_dict = {"ts": message.ts, "text": message.text, "blocks": message.blocks or [], "user": message.user}
            request = slack.block_actions(button["action_id"], user_id=user, channel_id=message.channel,
                                          message=as_dict, response_url=self._response_url(message.channel, user),
                                          value=button.get("value"))
            reply = await self.sandbox.send(request)
        else:
            reply = await self.sandbox.click(user, message.channel, message.ts, button["action_id"],
                                             value=button.get("value"))
        self._refused("the click", reply.status)
        await self.settle()
        opened = [c for c in self.sandbox.emulator.calls_to("views.open")[opened_before:] if c.ok]
        if opened:
            await self.fill_modal(user, opened[-1].response["view"], fill)

    async def fill_modal(self, user: str, view: dict[str, Any], fill: Filler | None) -> bool:
        """Show a modal to ``user``, have ``fill`` answer it, submit; True once it is accepted."""
        title = unescape((view.get("title") or {}).get("text", "a form"))
        self.write(f"A form opens for {self.names.person(user)}: “{title}”")
        for block in view.get("blocks") or []:
            if block.get("type") == "section":
                for line in self.names.readable((block.get("text") or {}).get("text", "")).splitlines():
                    self.write(f"    {line}")
        errors: list[str] = []
        while True:
            answers = fill(view, errors) if fill is not None else None
            if answers is None:
                self.write("(form closed without submitting)")
                return False
            fields = {f.block_id: f for f in modal_fields(view)}
            values = {block_id: {fields[block_id].action_id: field_state(fields[block_id], answer)}
                      for block_id, answer in answers.items() if answer and block_id in fields}
            reply = await self.sandbox.submit(user, view, values)
            body = reply.body if isinstance(reply.body, dict) else {}
            if body.get("response_action") == "errors":
                errors = [f"{fields[k].label if k in fields else k}: {v}" for k, v in (body.get("errors") or {}).items()]
                for line in errors:
                    self.write(f"(the form says: {line})")
                await self.settle()
                continue
            self._refused("the form", reply.status)
            self.write("(form submitted)")
            await self.settle()
            return reply.status == 200

    async def wait(self, seconds: float) -> None:
        """Let ``seconds`` pass: every due step runs at its own time, in order, and is delivered."""
        runtime = self.sandbox.runtime
        assert runtime is not None
        target = self.clock.now() + seconds
        idle_at: float | None = None
        while True:
            due = [e["due_at"] for e in await self.sandbox.switchboard.escalations.list(open_only=True)
                   if e.get("due_at") is not None]
            next_due = min(due, default=None)
            if next_due is None or next_due > target or idle_at == next_due:
                break
            self.clock.advance(max(0.0, next_due - self.clock.now()))
            ran = await runtime.sweeper.run_once()
            await self.sandbox.settle()
            idle_at = next_due if ran == 0 else None  # a step that keeps failing: stop, do not spin
        self.clock.advance(max(0.0, target - self.clock.now()))
        await runtime.sweeper.run_once()
        await self.settle()

    def now(self) -> str:
        """The fake clock's time of day, UTC."""
        return datetime.fromtimestamp(self.clock.now(), tz=UTC).strftime("%H:%M")


def default_user(registry: Registry) -> str:
    """The first admin, else the first person of the registry."""
    if registry.settings.admins:
        return registry.settings.admins[0]
    if registry.people:
        return next(iter(registry.people))
    raise SwitchboardError("the registry names nobody: pass --as USER")


def default_channel(registry: Registry) -> str:
    """The first watched channel, else the triage department's channel, else any department channel."""
    if registry.settings.watched_channels:
        return registry.settings.watched_channels[0]
    channels = [registry.triage.channel] + [d.channel for d in registry.departments]
    for channel in channels:
        if channel:
            return channel
    return "C0GENERAL"


LOCALES = {"fr": "fr-FR", "en": "en-US"}


def set_locales(sandbox: Sandbox) -> list[str]:
    """Everyone's Slack speaks the registry's language, except a few people of the sample who use English.

    Returns who uses English.
    """
    registry = sandbox.registry
    usual = LOCALES.get(registry.settings.language, "en-US")
    for user_id, person in registry.people.items():
        locale = "en-US" if user_id in ENGLISH_SPEAKERS else usual
        sandbox.emulator.add_user(user_id, person.name, locale=locale)
    return [u for u in registry.people if u in ENGLISH_SPEAKERS or usual == "en-US"]


class Console:
    """The read-eval-print loop: one line at a time, as one person in one channel."""

    def __init__(self, session: Session, user: str, channel: str, *, read: Callable[[str], str | None],
                 write: Callable[[str], None] = print):
        self.session = session
        self.user = user
        self.channel = channel  # a channel id, or "dm" for the current person's DM with the bot
        self.thread: Message | None = None
        self.read = read
        self.write = write

    # --- where we are -------------------------------------------------------------------------

    @property
    def channel_id(self) -> str:
        return self.session.sandbox.dm_channel(self.user) if self.channel == "dm" else self.channel

    def prompt(self) -> str:
        names = self.session.names
        place = "DM with switchboard" if self.channel == "dm" else names.channel(self.channel)
        if self.thread is not None:
            place += f", thread [{self.session.transcript.number_of(self.thread)}]"
        return f"{self.session.now()} {names.person(self.user)} in {place}> "

    # --- the loop -----------------------------------------------------------------------------

    def run(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read and carry out lines until :quit or the end of input."""
        while True:
            line = self.read(self.prompt())
            if line is None:
                self.write("")
                return
            try:
                if not loop.run_until_complete(self.handle(line)):
                    return
            except Usage as exc:
                self.write(f"({exc})")
            except SwitchboardError as exc:
                self.write(f"(switchboard: {exc})")

    async def handle(self, line: str) -> bool:
        """Carry out one line; False when the person quits."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            return await self._console_command(line)
        session = self.session
        if line.startswith("/"):
            command, _space, rest = line.partition(" ")
            await session.command(self.user, self.channel_id, command, rest.strip())
            return True
        text = MENTION.sub(lambda m: f"<@{BOT_USER_ID if m.group(1).lower() == 'switchboard' else m.group(1)}>", line)
        thread_ts = self.thread.ts if self.thread is not None else None
        await session.say(self.user, self.channel_id, text, thread_ts)
        return True

    async def _console_command(self, line: str) -> bool:
        try:
            words = shlex.split(line[1:])
        except ValueError:
            words = line[1:].split()
        if not words:
            raise Usage("an empty console command; :help lists them")
        name, args = words[0].lower(), words[1:]
        session = self.session
        if name in ("quit", "q", "exit"):
            return False
        if name in ("help", "h", "?"):
            self.write(HELP)
        elif name == "as":
            self.switch_user(self._one(args, ":as PERSON"))
        elif name == "in":
            self.switch_channel(self._one(args, ":in CHANNEL"))
        elif name == "thread":
            target = self._one(args, ":thread N | off")
            self.thread = None if target.lower() in ("off", "none", "-") else self._thread_root(self._number(target))
        elif name == "react":
            if len(args) != 2:
                raise Usage("usage: :react EMOJI N")
            await session.react(self.user, self._number(args[1]), args[0])
        elif name == "click":
            if len(args) != 2:
                raise Usage("usage: :click BUTTON N (BUTTON: its number, or ack / reassign / resolve)")
            await session.click(self.user, self._number(args[1]), args[0], self._fill)
        elif name == "shortcut":
            await session.shortcut(self.user, self._number(self._one(args, ":shortcut N")))
        elif name == "wait":
            text = " ".join(args) or "1m"
            try:
                seconds = parse_duration(text)
            except (SwitchboardError, ValueError):
                raise Usage(f"cannot read the duration {text!r}: try 30s, 10m, 2h") from None
            self.write(f"({format_duration(int(seconds))} pass…)")
            await session.wait(seconds)
        elif name == "people":
            self._people()
        elif name in ("escalations", "list"):
            await self._escalations()
        elif name in ("show", "timeline"):
            await self._show(self._one(args, ":show ESC-N"))
        else:
            raise Usage(f"unknown console command :{name}; :help lists them")
        return True

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _one(args: list[str], usage: str) -> str:
        if len(args) != 1:
            raise Usage(f"usage: {usage}")
        return args[0]

    @staticmethod
    def _number(text: str) -> int:
        text = text.strip("[]#")
        if not text.isdigit():
            raise Usage(f"{text!r} is not a message number (they are shown as [N])")
        return int(text)

    def _thread_root(self, number: int) -> Message:
        message = self.session.message(number)
        if message.ephemeral_to:
            raise Usage(f"[{number}] is visible to one person only; it has no thread")
        root = self.session.sandbox.emulator.message(message.channel, message.thread_ts) if message.is_reply else message
        root = root or message
        if self.channel_id != root.channel:
            self.channel = "dm" if self.session.sandbox.emulator.workspace.dm_user(root.channel) == self.user else root.channel
        return root

    def switch_user(self, wanted: str) -> None:
        """Type as ``wanted`` (an id or part of a name) from now on."""
        user = self.session.names.find_person(wanted)
        if user is None:
            raise Usage(f"no single person matches {wanted!r}; :people lists them")
        if user not in self.session.sandbox.emulator.workspace.users:
            self.session.sandbox.emulator.add_user(user, user)
            self.write(f"({user} is not in the registry: they can talk, but are nobody's owner or deputy)")
        self.user = user
        if self.channel == "dm":
            self.thread = None

    def switch_channel(self, wanted: str) -> None:
        """Type in ``wanted`` (a channel id, a department id, or dm) from now on."""
        if wanted.lower() in ("dm", "@switchboard", "switchboard"):
            self.channel, self.thread = "dm", None
            return
        channel = self.session.names.find_channel(wanted)
        if channel is None:
            raise Usage(f"no channel {wanted!r}: use a C0… id, a department id (:in quality) or dm")
        self.session.sandbox.emulator.add_channel(channel)
        self.channel, self.thread = channel, None

    def _fill(self, view: dict[str, Any], errors: list[str]) -> dict[str, str] | None:
        """Ask the person for each field of a modal; None when they cancel (or input ends)."""
        names = self.session.names
        answers: dict[str, str] = {}
        self.write("(fill the form; :cancel closes it)")
        for item in modal_fields(view):
            optional = " (optional, Enter to skip)" if item.optional else ""
            if item.kind == "static_select":
                for number, (label, _value) in enumerate(item.options, 1):
                    self.write(f"    {number}. {label}")
            while True:
                answer = self.read(f"  {item.label}{optional}: ")
                if answer is None or answer.strip() == ":cancel":
                    return None
                answer = answer.strip()
                if not answer and item.optional:
                    break
                if item.kind == "static_select":
                    picked = self._pick(item, answer)
                    if picked is not None:
                        answers[item.block_id] = picked
                        break
                    self.write(f"    (answer with a number from 1 to {len(item.options)})")
                elif item.kind == "users_select":
                    person = names.find_person(answer)
                    if person is not None:
                        answers[item.block_id] = person
                        break
                    self.write("    (a U0… id or part of a name)")
                elif answer:
                    answers[item.block_id] = answer
                    break
        return answers

    @staticmethod
    def _pick(item: Field, answer: str) -> str | None:
        if answer.isdigit() and 1 <= int(answer) <= len(item.options):
            return item.options[int(answer) - 1][1]
        for label, value in item.options:
            if answer.lower() in (value.lower(), label.lower()):
                return value
        return None

    def _people(self) -> None:
        registry = self.session.registry
        workspace = self.session.sandbox.emulator.workspace
        for user_id, person in registry.people.items():
            locale = workspace.users[user_id].locale if user_id in workspace.users else "?"
            language = "English" if locale.startswith("en") else "French" if locale.startswith("fr") else locale
            title = f", {person.title}" if person.title else ""
            self.write(f"  {user_id}  {person.name}{title} — Slack in {language}")

    async def _escalations(self) -> None:
        from bot.escalations_cli import render_list

        found = await self.session.sandbox.switchboard.escalations.list()
        self.write(render_list(found, self.session.registry) if found else "(no escalations yet)")

    async def _show(self, esc_id: str) -> None:
        from bot.escalations_cli import render_show

        esc = await self.session.sandbox.switchboard.escalations.get(esc_id)
        self.write(render_show(esc, self.session.registry, now=self.session.clock.now()))


# --- input ------------------------------------------------------------------------------------

def line_reader(stream: Any = None, write: Callable[[str], None] = print) -> Callable[[str], str | None]:
    """Read one line per call: with readline editing and history on a terminal, echoed from a pipe."""
    stream = stream or sys.stdin
    if stream is sys.stdin and stream.isatty():
        try:
            import readline  # noqa: F401 — importing it gives input() line editing and history
        except ImportError:
            log.debug("no readline module: plain input")

        def read_tty(prompt: str) -> str | None:
            try:
                return input(prompt)
            except EOFError:
                return None
            except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as in a shell
                write("")
                return ""

        return read_tty

    def read_pipe(prompt: str) -> str | None:
        line = stream.readline()
        if not line:
            return None
        line = line.rstrip("\n")
        write(f"{prompt}{line}")
        return line

    return read_pipe


# --- entry point ------------------------------------------------------------------------------

def _quiet_logging() -> None:
    """Only real problems on stderr: the transcript is the output."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def start_sandbox(loop: asyncio.AbstractEventLoop, data_dir: Path, registry_file: Path | None,
                  clock: FakeClock) -> Sandbox:
    """Start the emulator and the real bot on ``data_dir``, seeded with ``registry_file``."""
    from knowledge.store import RegistryRepo, Store
    from knowledge.validation import load_registry_file

    held = False
    if data_dir.is_dir() and any(data_dir.iterdir()):
        with Store.open(data_dir) as store:
            held = RegistryRepo(store).current()[0] is not None
    sandbox = Sandbox(data_dir, registry_file=registry_file or SAMPLE_REGISTRY, clock=clock, pace_seconds=0.0)
    loop.run_until_complete(sandbox.start())
    if held and registry_file is not None:  # --registry given for a folder that already holds one: it wins
        loaded = load_registry_file(registry_file)
        sandbox.switchboard.repo.replace(loaded.registry, actor="console", source="file", action="import",
                                         summary=f"import of {registry_file.name} by the console")
        sandbox.populate(sandbox.registry)
    set_locales(sandbox)
    return sandbox


def run_console(args: argparse.Namespace) -> int:
    """Entry point of `switchboard console`: the real bot on the local emulator, driven from the keyboard."""
    _quiet_logging()
    registry_file = Path(args.registry) if getattr(args, "registry", None) else None
    if registry_file is not None and not registry_file.is_file():
        raise SwitchboardError(f"no registry file at {registry_file}")
    given_dir = getattr(args, "data_dir", None)
    scratch = None if given_dir else tempfile.TemporaryDirectory(prefix="switchboard-console-")
    data_dir = Path(given_dir) if given_dir else Path(scratch.name)  # type: ignore[union-attr]
    loop = asyncio.new_event_loop()
    clock = FakeClock(start=float(int(time.time() // 60 * 60)))
    sandbox: Sandbox | None = None
    try:
        sandbox = start_sandbox(loop, data_dir, registry_file, clock)
        session = Session(sandbox, clock)
        registry = sandbox.registry
        console = Console(session, default_user(registry), default_channel(registry), read=line_reader())
        if getattr(args, "as_user", None):
            console.switch_user(args.as_user)
        if getattr(args, "in_channel", None):
            console.switch_channel(args.in_channel)
        sandbox.emulator.add_channel(console.channel_id)
        where = "a throw-away folder" if scratch is not None else str(data_dir)
        print(f"Switchboard console — the real bot on a local Slack emulator (data in {where}; "
              "time stands still until :wait).")
        print(":help lists what you can type; :quit leaves.\n")
        console.run(loop)
        return 0
    finally:
        if sandbox is not None:
            loop.run_until_complete(sandbox.stop())
        loop.close()
        if scratch is not None:
            scratch.cleanup()

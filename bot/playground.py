"""People acting in the local Slack: the sandbox, a fake clock, and everything written to a transcript.

``Session`` is what the console and the demo share: post, run a slash command, react, press a
button (and fill the modal it opens), let time pass. Each action waits until the bot has
finished (triggers processed, outbox delivered) and then writes what was posted, numbered, as
``bot.transcript`` renders it. ``start_sandbox`` starts the real bot on a data folder with a
registry and gives a few people of the sample an English Slack locale so both languages show.
"""
from __future__ import annotations

import asyncio
import logging
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot import emulator as slack
from bot.clock import FakeClock
from bot.emulator import Message
from bot.sandbox import Sandbox, read_kept, save_console_clock
from bot.transcript import Names, Transcript, unescape
from handlers.parsing import parse_escalate_text
from knowledge.errors import Conflict, SwitchboardError
from knowledge.models import Registry

log = logging.getLogger(__name__)

SAMPLE_REGISTRY = Path(__file__).resolve().parent.parent / "samples" / "registry.yaml"
# the sample's people whose Slack locale is English (by id and name: another registry may reuse an id)
ENGLISH_SPEAKERS = {"U0CM00003": "Jade Morel", "U0QUAL002": "Emma Faure"}
MESSAGE_REF = re.compile(r"(?<![\w#])#(\d+)\b")
ONLY_REFS = re.compile(r"#\d+(?:[\s,]+#\d+)*")  # "#3", "#3 #5": message references and nothing else
LOCALES = {"fr": "fr-FR", "en": "en-US"}


class Usage(SwitchboardError):
    """An action that cannot be carried out as asked (no such message, button, person…); the message says why."""


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
        self._first_day = datetime.fromtimestamp(clock.now(), tz=UTC).date()

    @property
    def registry(self) -> Registry:
        """The registry the bot runs on now."""
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

    def _response_url(self, channel: str, user: str, message_ts: str | None = None) -> str:
        """A response URL for an answer to ``user`` in ``channel``; with ``message_ts``, the message
        a button was pressed on (an answer that replaces it replaces that one, as in Slack)."""
        self._responses += 1
        return self.sandbox.emulator.response_url(f"console-{self._responses}", channel=channel, user=user,
                                                  message_ts=message_ts)

    def check_sees(self, user: str, number: int, message: Message, can: str) -> None:
        """Refuse an action on message [number] that ``user`` could not see in Slack: one shown to
        someone else only, or one in someone else's DM with the bot (``can`` says what only they can)."""
        if message.ephemeral_to and message.ephemeral_to != user:
            person = self.names.person(message.ephemeral_to)
            raise Usage(f"[{number}] is visible to {person} only; nobody else can {can}")
        other = self.sandbox.emulator.workspace.dm_user(message.channel)
        if other is not None and other != user:
            person = self.names.person(other)
            raise Usage(f"[{number}] is in {person}'s DM with switchboard; only {person} can {can}")

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
        """``user`` types a slash command in ``channel``; ``/escalate #N`` escalates message [N]."""
        if command == "/escalate":
            self._check_escalated_refs(user, text)
        reply = await self.sandbox.command(user, channel, command, self._expand_refs(text))
        if reply.status == 404:
            self.write(f"(switchboard does not know {command})")
        else:
            self._refused(command, reply.status)
        await self.settle()

    def _check_escalated_refs(self, user: str, text: str) -> None:
        """Refuse ``/escalate [severity] #N`` when [N] is no message anyone could link to: sent as
        typed, "#99" would be escalated as a text of its own. A ``#N`` among words stays a text
        (an order number) when it names no message; nor a message ``user`` could not see."""
        _severity, rest = parse_escalate_text(text)
        if not ONLY_REFS.fullmatch(rest):
            return
        for number in MESSAGE_REF.findall(rest):
            message = self.message(int(number))
            if message.ephemeral_to:
                raise Usage(f"[{int(number)}] is visible to one person only; it cannot be escalated")
            self.check_sees(user, int(number), message, "escalate it")

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
        self.check_sees(user, number, message, "react to it")
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
        self.check_sees(user, number, message, "use a shortcut on it")
        reply = await self.sandbox.shortcut(user, message.channel, message.ts)
        self._refused("the shortcut", reply.status)
        await self.settle()

    async def click(self, user: str, number: int, spec: str, fill: Filler | None = None) -> None:
        """``user`` presses a button of message [number]; a modal it opens is filled by ``fill``."""
        message = self.message(number)
        self.check_sees(user, number, message, "press its buttons")
        try:
            button = self.transcript.button(message, spec)
        except LookupError as exc:
            raise Usage(str(exc)) from None
        opened_before = len(self.sandbox.emulator.calls_to("views.open"))
        if message.ephemeral_to:
            as_dict = {"ts": message.ts, "text": message.text, "blocks": message.blocks or [], "user": message.user}
            request = slack.block_actions(button["action_id"], user_id=user, channel_id=message.channel,
                                          message=as_dict,
                                          response_url=self._response_url(message.channel, user, message.ts),
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
        save_console_clock(self.sandbox.data_dir, self.clock.now())  # a restart resumes here

    async def cards(self, esc_id: str) -> tuple[list[Message], int]:
        """The cards of escalation ``esc_id`` in the emulated workspace, oldest first, and how many
        of them were put back: a new session's workspace starts empty, so a card it has lost is
        stored again where the bot posted it (the bot updates it there), drawn as the bot draws it now.
        A card not delivered yet is left to the bot; one whose DM an older folder gave another id, to the past."""
        escalations = self.sandbox.switchboard.escalations
        esc = await escalations.get(esc_id)
        workspace = self.sandbox.emulator.workspace
        found, restored = [], 0
        delivered = [card for card in esc.get("messages") or [] if card.get("channel") and card.get("ts")]
        for card in sorted(delivered, key=lambda card: float(card["ts"])):  # in the order Slack showed them
            channel, ts, reader = card["channel"], card["ts"], card.get("to")
            message = workspace.find(channel, ts)
            if message is None:
                if channel.startswith("D") and workspace.dm_user(channel) != reader:
                    continue
                lang = card.get("lang") or self.registry.settings.language
                drawn = escalations.renderer.card_update(esc, lang, reader)
                message = workspace.store(Message(channel=channel, ts=ts, text=drawn.get("text", ""),
                                                  user=slack.BOT_USER_ID, bot_id=slack.BOT_ID,
                                                  blocks=drawn.get("blocks"), via="seed"))
                restored += 1
            found.append(message)
        self.transcript.flush()
        return found, restored

    def now(self) -> str:
        """The fake clock's time of day, UTC, after the day ("day 3 14:05") once the first one is over;
        the first day is the one the session's clock started on (resumed from the data folder or not)."""
        moment = datetime.fromtimestamp(self.clock.now(), tz=UTC)
        day = (moment.date() - self._first_day).days + 1
        return f"{moment:%H:%M}" if day == 1 else f"day {day} {moment:%H:%M}"


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


def set_locales(sandbox: Sandbox) -> list[str]:
    """Everyone's Slack speaks the registry's language, except a few people of the sample who use English.

    Returns who uses English.
    """
    registry = sandbox.registry
    usual = LOCALES.get(registry.settings.language, "en-US")
    english = {u for u, person in registry.people.items() if ENGLISH_SPEAKERS.get(u) == person.name}
    for user_id, person in registry.people.items():
        locale = "en-US" if user_id in english else usual
        sandbox.emulator.add_user(user_id, person.name, locale=locale)
    return [u for u in registry.people if u in english or usual == "en-US"]


def quiet_logging() -> None:
    """Only real problems on stderr: the transcript is the output."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def start_sandbox(loop: asyncio.AbstractEventLoop, data_dir: Path, registry_file: Path | None,
                  clock: FakeClock | None = None, *, start_ts: float | None = None) -> Sandbox:
    """Start the emulator and the real bot on ``data_dir``, seeded with ``registry_file``; the
    emulated workspace's messages are stamped from ``start_ts`` on (a fixed date by default).

    Without ``clock``, time resumes where the folder left it: a ``FakeClock`` (``sandbox.clock``)
    where the last console's clock stood (``console-clock.txt``) or at the newest moment its
    escalations and registry changes record, whichever is later, else at the current minute; so
    a timer runs on from where it stood, and no event of the folder lies in the clock's future. The people of its
    unresolved escalations' cards keep their DM channel ids, so ``Session.cards`` can put the
    cards back where the bot will update them.

    The file is read first, so a registry with errors is reported before anything starts; on any
    later failure what was started is stopped (the port, the folder lock) before the error goes on."""
    from knowledge.validation import load_registry_file

    loaded = load_registry_file(registry_file) if registry_file is not None else None
    kept = read_kept(data_dir)
    if clock is None:
        minute = float(int(time.time() // 60 * 60))
        clock = FakeClock(start=kept.last_moment if kept.last_moment is not None else minute)
    sandbox = Sandbox(data_dir, registry_file=registry_file or SAMPLE_REGISTRY, clock=clock, pace_seconds=0.0,
                      start_ts=start_ts)
    for channel, user in kept.dms.items():
        sandbox.emulator.workspace.keep_dm(channel, user)  # False for a clash of an older folder: that card stays lost
    loop.run_until_complete(sandbox.start())  # stops what it started when it fails
    try:
        # --registry given for a folder that already holds one: it wins
        if kept.registry and registry_file is not None and loaded is not None:
            try:
                sandbox.switchboard.repo.replace(loaded.registry, actor="console", source="file", action="import",
                                                 summary=f"import of {registry_file.name} by the console")
            except Conflict:  # the same file as the one stored: nothing to import, the session goes on
                pass
            else:
                sandbox.populate(sandbox.registry)
        set_locales(sandbox)
    except BaseException:
        loop.run_until_complete(sandbox.stop())
        raise
    return sandbox

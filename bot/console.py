"""`switchboard console`: type to the real bot on the local Slack emulator, as anyone, anywhere.

The real app (handlers, store, sweep loop, outbox) runs over signed HTTP against the in-process
Slack emulator (``bot.sandbox``); time is a ``FakeClock`` that only moves with ``:wait``, so a
15-minute escalation climb is seen at once. What the bot posts is printed as ``bot.transcript``
renders it: numbered messages, where they went, numbered buttons.

Unless ``--data-dir`` is given the console works in a throw-away folder, so it never competes
with a running bot for ``./data`` (nor reads ``SWITCHBOARD_DATA_DIR``). On a folder kept from an
earlier session the clock resumes where its escalations left it; the emulated workspace starts
empty, and ``:cards ESC-N`` puts an escalation's cards back.

``bot.console_start`` reads the lines and starts it all. The event loop runs only while a line is
being handled; between lines everything is settled and the fake clock stands still, so reading
input blocks nothing that should be happening.
"""
from __future__ import annotations

import asyncio
import re
import shlex
from collections.abc import Callable
from typing import Any

from bot.console_home import HomeTab
from bot.emulator import BOT_USER_ID, Message
from bot.escalation_store import escalation_id, escalation_number
from bot.playground import LOCALES, Field, Session, Usage, modal_fields
from knowledge.durations import parse_duration
from knowledge.errors import SwitchboardError

MENTION = re.compile(r"(?<![<\w])@(switchboard\b|[UW][A-Z0-9]{2,}\b)", re.IGNORECASE)
CHANNEL_REF = re.compile(r"(?<![<\w])#([A-Za-z][\w-]*)")  # #press, #C0SOCIAL1; not #3 (a message number)

HELP = """\
Type as the current person in the current channel:
  any text               a message (@switchboard mentions the bot, @U0… mentions a person)
  /who QUESTION          who handles this? (answer only you see)
  /escalate [critical|high|normal] TEXT or #N   escalate a text, or message [N] (critique|haute|normale too)
  /registry …            the registry: help, show, history for everyone; changes for admins
Console commands:
  :react EMOJI N         react to message [N] (:react rotating_light 3 escalates it)
  :click BUTTON N        press a button of message [N]: its number, or ack / reassign / resolve
  :home                  open the bot's Home tab as the current person; :click BUTTON home presses one of its buttons
  :shortcut N            the "Escalate" message shortcut on message [N]
  :as PERSON             type as someone else (U0… id or part of a name: :as hugo)
  :in CHANNEL            type in another channel (C0… id, a department: :in {department}, or :in dm)
  :thread N | off        reply in the thread of message [N], or stop
  :wait DURATION         let time pass (30s, 10m, 2h, 1d, 4h30m; 1m when none is given): timeouts fire, the chain climbs
  :people                who is who (ids, titles, Slack language)
  :lang fr|en            set the current person's Slack language (the bot answers them in it)
  :escalations           every escalation; :show ESC-1 for one with its timeline
  :cards ESC-N           the numbers of an escalation's cards, put back if this session's Slack lacks them
  :help, :quit           this help; leave (Ctrl-D works too)
Messages are numbered [N] as they appear; buttons are numbered (1), (2)… within a message."""


UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}
_WAIT_PART = re.compile(r"([1-9][0-9]*)\s*([smhd])")  # ``:wait`` takes 4h30m, "1h 30m" too


def wait_parts(text: str) -> list[tuple[int, str]]:
    """The (count, unit) parts of a duration ``:wait`` accepts; Usage when it is anything else."""
    parts = _WAIT_PART.findall(text)
    if not parts or "".join(f"{n}{unit}" for n, unit in parts) != "".join(text.split()):
        raise Usage(f"cannot read the duration {text!r}: try 30s, 10m, 2h, 1d or 4h30m")
    return [(int(n), unit) for n, unit in parts]


def passing(parts: list[tuple[int, str]]) -> str:
    """A duration ``:wait`` accepts as a sentence: "1 minute passes", "2 days pass", "4 hours and 1 minute pass"."""
    said = [f"{count} {UNITS[unit]}" + ("s" if count > 1 else "") for count, unit in parts]
    text = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return f"{text} passes" if len(parts) == 1 and parts[0][0] == 1 else f"{text} pass"


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
        self.home = HomeTab(session)

    # --- where we are -------------------------------------------------------------------------

    @property
    def channel_id(self) -> str:
        """The channel typed in: the current person's DM with the bot for "dm"."""
        return self.session.sandbox.dm_channel(self.user) if self.channel == "dm" else self.channel

    def place(self) -> str:
        """Where the current person types: ``#quality``, ``DM with switchboard``."""
        return "DM with switchboard" if self.channel == "dm" else self.session.names.channel(self.channel)

    def prompt(self) -> str:
        """The prompt: the fake time, who types, and where."""
        place = self.place()
        if self.thread is not None:
            place += f", thread [{self.session.transcript.number_of(self.thread)}]"
        return f"{self.session.now()} {self.session.names.person(self.user)} in {place}> "

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
            # /registry takes people and channels as Slack escapes them; elsewhere "#3" is a message
            # number and "#COVID" a hashtag, left as typed
            text = self._escaped(rest.strip()) if command == "/registry" else self._mentions(rest.strip())
            await session.command(self.user, self.channel_id, command, text)
            return True
        text = self._mentions(line)
        thread_ts = self.thread.ts if self.thread is not None else None
        await session.say(self.user, self.channel_id, text, thread_ts)
        return True

    @staticmethod
    def _mentions(text: str) -> str:
        """``@switchboard`` and ``@U0…`` as the mentions Slack sends (``<@U0…>``)."""
        return MENTION.sub(lambda m: f"<@{BOT_USER_ID if m.group(1).lower() == 'switchboard' else m.group(1)}>", text)

    def _escaped(self, text: str) -> str:
        """A slash command's text as Slack sends it with escaping on: mentions and the channels
        it knows (``#press``, ``#C0…``) escaped, anything else as typed."""
        def channel(match: re.Match[str]) -> str:
            found = self.session.names.find_channel(match.group(1))
            return f"<#{found}|{match.group(1)}>" if found else match.group(0)

        return CHANNEL_REF.sub(channel, self._mentions(text))

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
            self.write(HELP.replace("{department}", self._example_department()))
        elif name == "as":
            self.switch_user(self._one(args, ":as PERSON"))
        elif name == "in":
            self.switch_channel(self._one(args, ":in CHANNEL"))
        elif name == "thread":
            target = self._one(args, ":thread N | off")
            if target.lower() in ("off", "none", "-"):
                self.thread = None
            else:
                self.enter_thread(self._number(target))
        elif name == "react":
            if len(args) != 2:
                raise Usage("usage: :react EMOJI N")
            await session.react(self.user, self._number(args[1]), args[0])
        elif name == "click":
            if len(args) != 2:
                raise Usage("usage: :click BUTTON N (BUTTON: its number, or ack / reassign / resolve; N: a message, or home)")
            if args[1].lower() == "home":
                await self.home.click(self.user, args[0], self._fill)
            else:
                await session.click(self.user, self._number(args[1]), args[0], self._fill)
        elif name == "home":
            await self.home.open(self.user)
        elif name == "shortcut":
            await session.shortcut(self.user, self._number(self._one(args, ":shortcut N")))
        elif name == "wait":
            parts = wait_parts(" ".join(args) or "1m")
            seconds = sum(parse_duration(f"{count}{unit}") for count, unit in parts)
            default = "" if args else "no duration given: "
            self.write(f"({default}{passing(parts)}…)")
            await session.wait(seconds)
        elif name == "people":
            self._people()
        elif name == "lang":
            self.set_language(self._one(args, ":lang fr|en"))
        elif name in ("escalations", "list"):
            await self._escalations()
        elif name in ("show", "timeline"):
            await self._show(self._one(args, ":show ESC-N"))
        elif name == "cards":
            await self._cards(self._one(args, ":cards ESC-N"))
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

    def enter_thread(self, number: int) -> None:
        """Reply in the thread of message [number] from now on, in its channel: said when it moves the person."""
        message = self.session.message(number)
        if message.ephemeral_to:
            raise Usage(f"[{number}] is visible to one person only; it has no thread")
        emulator = self.session.sandbox.emulator
        root = (emulator.message(message.channel, message.thread_ts) if message.is_reply else message) or message
        self.session.check_sees(self.user, number, root, "reply there")
        other = emulator.workspace.dm_user(root.channel)
        moved = self.channel_id != root.channel
        if moved:
            self.channel = "dm" if other is not None else root.channel
        self.thread = root
        if moved:
            self.write(f"(now in {self.place()}, in the thread of [{self.session.transcript.number_of(root)}])")

    def switch_user(self, wanted: str) -> None:
        """Type as ``wanted`` (an id or part of a name) from now on."""
        names = self.session.names
        user = names.find_person(wanted)
        if user is None:
            several = names.people_matching(wanted)
            if several:
                raise Usage(f"{wanted!r} could be {', '.join(names.person(u) for u in several)}: say which")
            raise Usage(f"no one matches {wanted!r}; :people (in the console) or `switchboard registry show` "
                        f"lists everyone")
        if user not in self.session.sandbox.emulator.workspace.users:
            self.session.sandbox.emulator.add_user(user, user)
            self.write(f"({user} is not in the registry: they can talk, but are nobody's owner or deputy)")
        self.user = user
        if self.channel == "dm":
            self.thread = None

    def switch_channel(self, wanted: str, *, how: str = ":in") -> None:
        """Type in ``wanted`` (a channel id, a department id, or dm) from now on; ``how`` is the way
        it was asked for (the ``:in`` command or the ``--in`` flag), for the example of a refusal."""
        if wanted.lower() in ("dm", "@switchboard", "switchboard"):
            self.channel, self.thread = "dm", None
            return
        channel = self.session.names.find_channel(wanted)
        if channel is None or not self.session.sandbox.emulator.workspace.knows_channel(channel):
            raise Usage(f"no channel {wanted!r} in this workspace: use the C0… id of a channel the registry names, "
                        f"a department id ({how} {self._example_department()}) or dm")
        self.channel, self.thread = channel, None

    def _example_department(self) -> str:
        """A department of this registry that has a channel, the triage one last, to give as an example."""
        registry = self.session.registry
        ranked = sorted(registry.departments, key=lambda d: (not d.channel, d.id == registry.settings.triage_department))
        return ranked[0].id if ranked else "quality"

    def set_language(self, wanted: str) -> None:
        """The current person's Slack language, as they would set it in Slack (the bot asks again at once)."""
        language = wanted.lower()
        if language not in LOCALES:
            raise Usage(f"unknown language {wanted!r}: fr or en")
        workspace = self.session.sandbox.emulator.workspace
        if self.user in workspace.users:
            workspace.users[self.user].locale = LOCALES[language]
        else:
            self.session.sandbox.emulator.add_user(self.user, self.user, locale=LOCALES[language])
        self.session.sandbox.switchboard.locales.forget(self.user)
        self.write(f"({self.session.names.person(self.user)}'s Slack is now in {'French' if language == 'fr' else 'English'})")

    def _fill(self, view: dict[str, Any], errors: list[str]) -> dict[str, str] | None:
        """Ask the person for each field of a modal; None when they cancel (or input ends)."""
        names = self.session.names
        answers: dict[str, str] = {}
        # Slack marks an optional field in its reader's own language; the console's help stays English
        workspace = self.session.sandbox.emulator.workspace
        locale = workspace.users[self.user].locale if self.user in workspace.users else ""
        marker = " (facultatif)" if locale.startswith("fr") else " (optional)"
        self.write("(fill the form: Enter skips an optional field, :cancel closes it)")
        for item in modal_fields(view):
            optional = marker if item.optional else ""
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
                    # Slack's user picker offers only the workspace's members: so does this one
                    person = names.find_person(answer)
                    if person is not None and person in workspace.users:
                        answers[item.block_id] = person
                        break
                    self.write("    (someone of this workspace: a U0… id or part of a name; :people lists them)")
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

    async def _cards(self, esc_id: str) -> None:
        found, restored = await self.session.cards(esc_id)
        esc_id = escalation_id(escalation_number(esc_id))
        if not found:
            self.write(f"({esc_id} has no card this session can show)")
            return
        numbers = ", ".join(f"[{self.session.transcript.number_of(m)}]" for m in found)
        back = f"; {restored} put back, as the bot draws them now" if restored else ""
        self.write(f"({esc_id}'s cards: {numbers}{back})")

    async def unresolved_notice(self) -> str | None:
        """One line when the data folder holds unresolved escalations, whose cards the emulated Slack
        (new with each session) has lost; None otherwise."""
        ids = [e["id"] for e in reversed(await self.session.sandbox.switchboard.escalations.list(open_only=True))]
        if not ids:
            return None
        named = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
        if len(ids) == 1:
            kept, its, command = "an unresolved escalation", "its", f":cards {ids[0]}"
        else:
            kept, its, command = f"{len(ids)} unresolved escalations", "their", ":cards ESC-N"
        return (f"(the data folder kept {kept} ({named}), but the emulated Slack starts empty, without {its} "
                f"cards: {command} puts them back to act on them; :escalations lists everything)")

    async def _show(self, esc_id: str) -> None:
        from bot.escalations_cli import render_show

        esc = await self.session.sandbox.switchboard.escalations.get(esc_id)
        self.write(render_show(esc, self.session.registry, now=self.session.clock.now()))


# --- input ------------------------------------------------------------------------------------

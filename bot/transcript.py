"""What happens in the local Slack, as a person reads it: numbered messages, where they went, buttons.

The console and the demo attach a ``Transcript`` to the emulator. Every message stored in the
emulated workspace (people's posts and the bot's) gets a number on first sight; each is rendered
with where it went (DM to whom, channel, thread, ephemeral), its text with Slack markup made
readable (``<@U…>`` as @Name, ``<#C…>`` as #channel, ``<url|label>`` as label (url), HTML
entities unescaped) and its buttons numbered, so ``:click 2 5`` or ``:click ack 5`` can name them.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.emulator import BOT_USER_ID, Message, SlackEmulator, buttons
from knowledge.models import Registry
from knowledge.text import fold

_TOKEN = re.compile(r"<([^<>\n]*)>")
_INDENT = "    "
_BUTTON_ALIASES = {"ack": "escalation_ack", "reassign": "escalation_reassign", "resolve": "escalation_resolve"}


def unescape(text: str) -> str:
    """Slack's three HTML entities back to characters (``&amp;`` last, so ``&amp;lt;`` stays ``&lt;``)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class Names:
    """People and channels by the names a person knows them by."""

    def __init__(self, registry: Registry | None, emulator: SlackEmulator | None = None):
        self.registry = registry
        self.emulator = emulator
        self._channels: dict[str, str] = {}
        if registry is not None:
            for dept in registry.departments:
                if dept.channel and dept.channel not in self._channels:
                    self._channels[dept.channel] = dept.id

    def person(self, user_id: str | None) -> str:
        """A person's name, else their id (the bot is "switchboard")."""
        if not user_id:
            return "someone"
        if user_id == BOT_USER_ID:
            return "switchboard"
        if self.registry is not None and user_id in self.registry.people:
            return self.registry.people[user_id].name
        if self.emulator is not None and user_id in self.emulator.workspace.users:
            return self.emulator.workspace.users[user_id].name
        return user_id

    def channel(self, channel_id: str) -> str:
        """``#quality`` for a department's channel, ``#C0SOCIAL1`` for any other, "DM with …" for a DM."""
        if self.emulator is not None:
            other = self.emulator.workspace.dm_user(channel_id)
            if other:
                return f"DM with {self.person(other)}"
        return "#" + self._channels.get(channel_id, channel_id)

    def find_channel(self, text: str) -> str | None:
        """The channel id for ``C0…``, ``#quality`` or ``quality``; None when unknown."""
        wanted = text.strip().lstrip("#")
        for channel_id, name in self._channels.items():
            if wanted.lower() in (name.lower(), channel_id.lower()):
                return channel_id
        if re.fullmatch(r"[CG][A-Z0-9]{2,}", wanted):
            return wanted
        return None

    def find_person(self, text: str) -> str | None:
        """The user id for ``U0…`` or an unambiguous part of a registry name (``hugo``, ``marc``); else None."""
        wanted = text.strip().lstrip("@")
        if re.fullmatch(r"[UW][A-Z0-9]{2,}", wanted):
            return wanted
        matches = self.people_matching(wanted)
        return matches[0] if len(matches) == 1 else None

    def people_matching(self, wanted: str) -> list[str]:
        """Registry people whose name has ``wanted`` as a word, else as a word start, else anywhere."""
        wanted = fold(wanted.strip().lstrip("@").lower())  # "lea" finds Léa, like "léa" does
        if self.registry is None or not wanted:
            return []
        people = [(uid, fold(person.name.lower())) for uid, person in self.registry.people.items()]
        for test in (lambda name: wanted in name.split() or wanted == name,
                     lambda name: any(word.startswith(wanted) for word in name.split()),
                     lambda name: wanted in name):
            found = [uid for uid, name in people if test(name)]
            if found:
                return found
        return []

    def readable(self, text: str) -> str:
        """Slack mrkdwn as plain text: mentions, channels, links and entities resolved."""
        out: list[str] = []
        position = 0
        for match in _TOKEN.finditer(text):
            out.append(unescape(text[position:match.start()]))
            out.append(self._token(match.group(1)))
            position = match.end()
        out.append(unescape(text[position:]))
        return "".join(out)

    def _token(self, inner: str) -> str:
        target, _bar, label = inner.partition("|")
        label = unescape(label)
        if target.startswith("@"):
            return "@" + (label or self.person(target[1:]))
        if target.startswith("#"):
            return label and "#" + label.lstrip("#") or self.channel(target[1:])
        if target.startswith("!"):
            special = target[1:]
            if special.startswith("subteam^") or special.startswith("date^"):
                return label or special
            return "@" + special.split("^")[0]
        url = unescape(target)
        return f"{label} ({url})" if label and label != url else url


@dataclass
class Entry:
    """A numbered message of the transcript."""

    number: int
    message: Message


class Transcript:
    """Numbers every message of the emulated workspace and renders what happens to them."""

    def __init__(self, emulator: SlackEmulator, names: Names, *, write: Callable[[str], None] | None = None):
        self.emulator = emulator
        self.names = names
        self.entries: list[Entry] = []
        self._numbers: dict[int, int] = {}
        self._pending: list[str] = []
        self._shown: dict[int, list[str]] = {}  # the body last shown for each message
        self._write = write
        emulator.add_listener(self._on_event)

    # --- numbering ----------------------------------------------------------------------------

    def number_of(self, message: Message) -> int | None:
        """The number shown for a message, if it was seen."""
        return self._numbers.get(id(message))

    def get(self, number: int) -> Message | None:
        """The message shown as ``[number]``, if there is one (and it was not deleted)."""
        if 1 <= number <= len(self.entries):
            message = self.entries[number - 1].message
            alive = self.emulator.workspace.messages
            return message if any(m is message for m in alive) else None
        return None

    def last(self, predicate: Callable[[Message], bool]) -> Message | None:
        """The newest message for which ``predicate`` holds."""
        for entry in reversed(self.entries):
            if predicate(entry.message):
                return entry.message
        return None

    def _thread_number(self, message: Message) -> int | None:
        parent = self.emulator.workspace.find(message.channel, message.thread_ts or "")
        return self.number_of(parent) if parent is not None else None

    # --- rendering ----------------------------------------------------------------------------

    def where(self, message: Message) -> str:
        """Where a message went: ``DM to Antoine Roux``, ``#quality``, thread, ephemeral."""
        dm_user = self.emulator.workspace.dm_user(message.channel)
        if dm_user:
            place = f"DM to {self.names.person(dm_user)}" if message.user == BOT_USER_ID else "DM to switchboard"
        else:
            place = self.names.channel(message.channel)
        if message.is_reply:
            parent = self._thread_number(message)
            place += f", in the thread of [{parent}]" if parent else ", in a thread"
        if message.ephemeral_to:
            place += f", only {self.names.person(message.ephemeral_to)} sees it"
        return place

    def render(self, message: Message) -> list[str]:
        """The lines a person reads for one message."""
        number = self.number_of(message)
        label = f"[{number}]" if number else "[?]"
        if message.user == BOT_USER_ID:
            return [f"{label} switchboard → {self.where(message)}", *self.body(message)]
        author = self.names.person(message.user)
        lines = self.names.readable(message.text).splitlines() or [""]
        head = f"{label} {author} in {self.where(message)}: {lines[0]}"
        return [head, *(_INDENT + line for line in lines[1:])]

    def body(self, message: Message) -> list[str]:
        """The text of a bot message (its blocks when it has some), then its numbered buttons."""
        lines: list[str] = []
        numbered = 0  # buttons are numbered through the whole message, each row where it stands
        if message.blocks:
            for block in message.blocks:
                lines.extend(self._block(block))
                found = buttons([block])
                if found:
                    labels = "  ".join(f"({numbered + i}) {unescape(b.get('text', {}).get('text', ''))}"
                                       for i, b in enumerate(found, 1))
                    numbered += len(found)
                    lines.append(f"buttons: {labels}")
        else:
            lines.extend(self.names.readable(message.text).splitlines())
        for file in message.files or []:
            lines.append(f"(file {file.get('name')})")
        return [_INDENT + line if line else "" for line in lines]

    def _block(self, block: dict[str, Any]) -> list[str]:
        kind = block.get("type")
        if kind in ("section", "header"):
            texts = [block.get("text") or {}] + list(block.get("fields") or [])
            return [line for t in texts if t.get("text") for line in self.names.readable(t["text"]).splitlines()]
        if kind == "context":
            parts = [self.names.readable(e.get("text", "")) for e in block.get("elements") or [] if e.get("text")]
            return [" · ".join(parts)] if parts else []
        if kind == "divider":
            return ["—"]
        return []

    # --- events -------------------------------------------------------------------------------

    def render_update(self, message: Message) -> list[str]:
        """An edited message: where it is, then only the lines that changed since it was last shown."""
        before = self._shown.get(id(message), [])
        after = self.body(message)
        self._shown[id(message)] = after
        changed = [line for line in after if line not in before]
        had_buttons = any(line.startswith(f"{_INDENT}buttons:") for line in before)
        if had_buttons and not any(line.startswith(f"{_INDENT}buttons:") for line in after):
            changed.append(f"{_INDENT}(no buttons any more)")
        else:  # a row of buttons that went away while another stayed (not one that only changed)
            rows_before = [line for line in before if line.startswith(f"{_INDENT}buttons:")]
            rows_after = [line for line in after if line.startswith(f"{_INDENT}buttons:")]
            if len(rows_after) < len(rows_before):
                changed += [f"{_INDENT}(gone) {line.strip()}" for line in rows_before if line not in rows_after]
        head = f"[{self.number_of(message)}] switchboard → {self.where(message)}, updated in place"
        return [head, *(changed or [f"{_INDENT}(no visible change)"])]

    def _on_event(self, event: str, message: Message) -> None:
        if event == "posted":
            self.entries.append(Entry(len(self.entries) + 1, message))
            self._numbers[id(message)] = len(self.entries)
            self._shown[id(message)] = self.body(message)
            self._emit(self.render(message))
        elif event == "updated":
            self._emit(self.render_update(message))
        elif event == "deleted":
            self._emit([f"[{self.number_of(message)}] deleted"])

    def _emit(self, lines: list[str]) -> None:
        self._pending.extend(lines)

    def take(self) -> list[str]:
        """The lines rendered since the last call, oldest first."""
        lines, self._pending = self._pending, []
        return lines

    def flush(self) -> None:
        """Write what happened since the last flush."""
        for line in self.take():
            if self._write is not None:
                self._write(line)

    def skip(self) -> None:
        """Forget what happened since the last flush without writing it."""
        self._pending = []

    # --- buttons ------------------------------------------------------------------------------

    def button(self, message: Message, spec: str) -> dict[str, Any]:
        """The button named by ``spec``: its number, action id, a short name (ack) or its label."""
        found = buttons(message.blocks or [])
        if not found:
            raise LookupError(f"[{self.number_of(message)}] has no buttons")
        spec = spec.strip()
        if spec.isdigit():
            index = int(spec)
            if 1 <= index <= len(found):
                return found[index - 1]
            raise LookupError(f"[{self.number_of(message)}] has buttons 1 to {len(found)}")
        wanted = _BUTTON_ALIASES.get(spec.lower(), spec.lower())
        for button in found:
            label = unescape(button.get("text", {}).get("text", "")).lower()
            if button.get("action_id", "").lower() == wanted or label.startswith(spec.lower()):
                return button
        choices = ", ".join(unescape(b.get("text", {}).get("text", "")) for b in found)
        raise LookupError(f"no button {spec!r} on [{self.number_of(message)}]; it has: {choices}")

"""What the emulated workspace knows: users, channels, direct messages, messages, views, files.

Plain synchronous state with no HTTP in sight; `methods` reads and changes it, the server
only decodes requests into calls on it. Message timestamps come from one counter so they are
unique, strictly increasing and reproducible from run to run.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.emulator.blocks import buttons

logger = logging.getLogger(__name__)

TEAM_ID = "T00000001"
TEAM_NAME = "Example"
TEAM_DOMAIN = "example"
BOT_USER_ID = "UBOT00001"
BOT_ID = "BBOT00001"
BOT_NAME = "switchboard"
APP_ID = "A00000001"


def ts_key(ts: str) -> Decimal:
    """Slack timestamps compare as decimal numbers, never as strings."""
    try:
        return Decimal(ts)
    except (InvalidOperation, TypeError):
        return Decimal(-1)


@dataclass
class Message:
    """One message as the workspace stores it (channel message, thread reply or ephemeral)."""

    channel: str
    ts: str
    text: str = ""
    user: str | None = None
    bot_id: str | None = None
    thread_ts: str | None = None
    blocks: list[dict] | None = None
    attachments: list[dict] | None = None
    metadata: dict | None = None
    files: list[dict] | None = None
    reply_broadcast: bool = False
    ephemeral_to: str | None = None  # set for chat.postEphemeral and ephemeral response_url posts
    via: str = "api"  # "api", "seed", "response_url" or "upload"
    edited_ts: str | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_reply(self) -> bool:
        """True for a message inside a thread (not the thread's parent)."""
        return self.thread_ts is not None and self.thread_ts != self.ts

    def to_slack(self, replies: list[Message] | None = None, parent_user: str | None = None) -> dict[str, Any]:
        """The message in the shape Slack's history and replies methods return."""
        out: dict[str, Any] = {"type": "message", "ts": self.ts, "text": self.text, "team": TEAM_ID}
        if self.user:
            out["user"] = self.user
        if self.bot_id:
            out["bot_id"] = self.bot_id
            out["app_id"] = APP_ID
            out["bot_profile"] = {"id": self.bot_id, "app_id": APP_ID, "name": BOT_NAME, "team_id": TEAM_ID}
        for name in ("blocks", "attachments", "metadata", "files"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if self.is_reply and parent_user:
            out["parent_user_id"] = parent_user
        if self.reply_broadcast:
            out["subtype"] = "thread_broadcast"
        if self.edited_ts:
            out["edited"] = {"user": self.user, "ts": self.edited_ts}
        if self.reactions:
            out["reactions"] = [
                {"name": name, "users": list(users), "count": len(users)} for name, users in self.reactions.items()
            ]
        if replies:
            out["thread_ts"] = self.ts
            out["reply_count"] = len(replies)
            out["reply_users"] = sorted({r.user for r in replies if r.user})
            out["reply_users_count"] = len(out["reply_users"])
            out["latest_reply"] = replies[-1].ts
        return out


@dataclass
class User:
    """A workspace member as users.info describes it."""

    id: str
    name: str
    real_name: str | None = None
    locale: str = "en-US"
    is_bot: bool = False
    tz: str = "Europe/Paris"

    def to_slack(self, include_locale: bool) -> dict[str, Any]:
        """The user object of users.info; Slack only adds `locale` when asked with include_locale."""
        real_name = self.real_name or self.name
        out: dict[str, Any] = {
            "id": self.id,
            "team_id": TEAM_ID,
            "name": self.name,
            "deleted": False,
            "real_name": real_name,
            "tz": self.tz,
            "is_bot": self.is_bot,
            "is_admin": False,
            "is_app_user": False,
            "profile": {"real_name": real_name, "display_name": self.name, "team": TEAM_ID},
        }
        if include_locale:
            out["locale"] = self.locale
        return out


Listener = Callable[[str, Message], None]


class Workspace:
    """The emulated workspace: the single source of truth for every method."""

    def __init__(self, *, start_ts: float = 1_700_000_000.0) -> None:
        self._tick = int(start_ts) * 1_000_000
        self.users: dict[str, User] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: list[Message] = []  # every stored message, in the order it was stored
        self._visible: dict[str, list[Message]] = {}  # channel -> non-ephemeral messages, oldest first
        self.views: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.used_triggers: set[str] = set()
        self._dms: dict[frozenset[str], str] = {}
        self._ids: dict[str, int] = {}
        self._listeners: list[Listener] = []
        self.add_user(BOT_USER_ID, BOT_NAME, is_bot=True)

    # -- ids and listeners

    def next_ts(self) -> str:
        """A fresh message timestamp, 100 µs after the previous one."""
        self._tick += 100
        return f"{self._tick // 1_000_000}.{self._tick % 1_000_000:06d}"

    def _see_ts(self, ts: str) -> None:
        tick = int(ts_key(ts) * 1_000_000)
        self._tick = max(self._tick, tick)

    def new_id(self, prefix: str, width: int = 8) -> str:
        """A new Slack-like id such as ``D00000001`` or ``V0000000001``."""
        self._ids[prefix] = self._ids.get(prefix, 0) + 1
        return f"{prefix}{self._ids[prefix]:0{width}d}"

    def add_listener(self, listener: Listener) -> None:
        """Call `listener(event, message)` on "posted", "updated", "deleted" and "reaction"."""
        self._listeners.append(listener)

    def _notify(self, event: str, message: Message) -> None:
        for listener in self._listeners:
            listener(event, message)

    # -- users and conversations

    def add_user(
        self, user_id: str, name: str, *, real_name: str | None = None, locale: str = "en-US", is_bot: bool = False
    ) -> User:
        """Add (or replace) a workspace member."""
        user = User(user_id, name, real_name=real_name, locale=locale, is_bot=is_bot)
        self.users[user_id] = user
        return user

    def add_channel(self, channel_id: str, name: str | None = None, *, is_private: bool = False) -> dict[str, Any]:
        """Make a channel known to the workspace."""
        info = self.channels.setdefault(channel_id, {"id": channel_id, "name": name or channel_id.lower()})
        if name:
            info["name"] = name
        info["is_private"] = is_private
        return info

    def knows_channel(self, channel: str) -> bool:
        """True when the channel was added, opened as a DM or holds a message."""
        return channel in self.channels

    def open_dm(self, users: list[str]) -> tuple[str, bool]:
        """The stable D… (one user) or G… (several) channel for a user set; True if it existed."""
        key = frozenset(users)
        if key in self._dms:
            return self._dms[key], True
        channel = self.new_id("D" if len(key) == 1 else "G")
        self._dms[key] = channel
        self.channels[channel] = {
            "id": channel,
            "name": channel.lower(),
            "is_im": len(key) == 1,
            "is_mpim": len(key) > 1,
            "user": next(iter(key)) if len(key) == 1 else None,
            "members": sorted(key),
        }
        return channel, False

    def keep_dm(self, channel: str, user: str) -> bool:
        """Know ``channel`` as the DM with ``user`` (an id an app stored in an earlier run of the
        emulator), so ``open_dm`` answers it and no new channel takes its id; False, changing
        nothing, when the id or the person already has another DM."""
        key = frozenset([user])
        if self._dms.get(key, channel) != channel or (channel in self.channels and self.dm_user(channel) != user):
            return False
        self._dms[key] = channel
        self.channels[channel] = {"id": channel, "name": channel.lower(), "is_im": True, "is_mpim": False,
                                  "user": user, "members": [user]}
        prefix, digits = channel[:1], channel[1:]
        if digits.isdigit():  # ids new_id made: later ones go past it
            self._ids[prefix] = max(self._ids.get(prefix, 0), int(digits))
        return True

    def dm_user(self, channel: str) -> str | None:
        """The user at the other end of a direct-message channel, if it is one."""
        info = self.channels.get(channel, {})
        return info.get("user") if info.get("is_im") else None

    def resolve_channel(self, channel: str) -> str:
        """Posting to a user id posts in the app's DM with that user, as Slack does."""
        if channel[:1] in ("U", "W"):
            return self.open_dm([channel])[0]
        return channel

    # -- messages

    def store(self, message: Message) -> Message:
        """Keep a message, mark its channel as known and tell the listeners."""
        self._see_ts(message.ts)
        self.channels.setdefault(message.channel, {"id": message.channel, "name": message.channel.lower()})
        self.messages.append(message)
        if message.ephemeral_to is None:
            visible = self._visible.setdefault(message.channel, [])
            visible.append(message)
            if len(visible) > 1 and ts_key(visible[-2].ts) > ts_key(message.ts):  # a test seeded an older ts
                visible.sort(key=lambda m: ts_key(m.ts))
        self._notify("posted", message)
        return message

    def find(self, channel: str, ts: str) -> Message | None:
        """The visible (non-ephemeral) message with this channel and ts."""
        key = ts_key(ts)
        for message in reversed(self._visible.get(channel, [])):
            if ts_key(message.ts) == key:
                return message
        return None

    def find_ephemeral(self, channel: str, ts: str, user: str | None) -> Message | None:
        """The ephemeral message with this channel and ts shown to ``user`` (Slack lets an app
        replace it through the response_url of an action taken on it)."""
        key = ts_key(ts)
        for message in reversed(self.messages):
            if message.channel == channel and message.ephemeral_to == user and ts_key(message.ts) == key:
                return message
        return None

    def in_channel(self, channel: str) -> list[Message]:
        """Visible messages of a channel, oldest first."""
        return list(self._visible.get(channel, []))

    def replies(self, channel: str, thread_ts: str) -> list[Message]:
        """Replies in a thread, oldest first (the parent excluded)."""
        key = ts_key(thread_ts)
        return [m for m in self.in_channel(channel) if m.is_reply and ts_key(m.thread_ts or "") == key]

    def as_slack(self, message: Message) -> dict[str, Any]:
        """A stored message as Slack returns it, with its thread summary or parent."""
        if message.is_reply:
            parent = self.find(message.channel, message.thread_ts or "")
            return message.to_slack(parent_user=parent.user if parent else None)
        return message.to_slack(replies=self.replies(message.channel, message.ts))

    def update(self, message: Message, **changes: Any) -> Message:
        """Edit a stored message in place and tell the listeners."""
        for name, value in changes.items():
            setattr(message, name, value)
        message.edited_ts = self.next_ts()
        self._notify("updated", message)
        return message

    def delete(self, message: Message) -> None:
        """Remove a stored message and tell the listeners."""
        self.messages.remove(message)
        if message.ephemeral_to is None:
            self._visible[message.channel].remove(message)
        self._notify("deleted", message)

    def react(self, message: Message, name: str, user: str) -> bool:
        """Add a reaction; False when this user already reacted so."""
        users = message.reactions.setdefault(name, [])
        if user in users:
            return False
        users.append(user)
        self._notify("reaction", message)
        return True

    # -- reading it as a person would

    def where(self, message: Message) -> str:
        """Where a message went, as a person would say it: DM, channel, thread, ephemeral."""
        dm_user = self.dm_user(message.channel)
        channel_name = self.channels.get(message.channel, {}).get("name", message.channel)
        place = f"DM with {dm_user}" if dm_user else f"#{channel_name}"
        if message.is_reply:
            place += f", thread {message.thread_ts}"
        if message.ephemeral_to:
            place += f", only {message.ephemeral_to} sees it"
        return place

    def transcript(self) -> str:
        """Every stored message in posting order: where it went, who wrote it, text and buttons."""
        lines = []
        for message in self.messages:
            author = message.user or message.bot_id or "?"
            lines.append(f"[{self.where(message)}] {author} ({message.ts}): {message.text}")
            lines.extend(f"    file {f.get('name')}" for f in message.files or [])
            for button in buttons(message.blocks or []):
                lines.append(f"    [{button.get('text', {}).get('text', '')}] {button.get('action_id', '')}")
        return "\n".join(lines)

"""The message shortcut "Escalate" (callback_id `escalate_message`)."""
from __future__ import annotations

from typing import Any

from handlers.ids import Callback


async def handle_escalate_shortcut(ack, shortcut: dict, switchboard) -> None:
    """Shortcut on any message -> that message becomes an escalation (written down before the ack)."""
    message = shortcut.get("message") or {}
    channel = (shortcut.get("channel") or {}).get("id")
    user = (shortcut.get("user") or {}).get("id")
    ts = message.get("ts") or shortcut.get("message_ts")
    if switchboard.wrote(message):  # a card or an answer of the bot: its buttons act on escalations
        await ack()
        switchboard.run_later(switchboard.tell_own_message(user, channel))
        return
    trigger = {"via": "shortcut", "channel": channel, "ts": ts, "thread_ts": message.get("thread_ts"),
               "text": message.get("text"), "reporter": user, "severity": None}
    key = f"report:{channel}:{ts}:{user}"  # the same as /escalate with a link: one report per person and message
    accepted = await switchboard.accept(key, trigger)
    await ack()
    if accepted:
        switchboard.process_later(key, trigger)
    else:
        switchboard.run_later(switchboard.tell_already_reported(user, channel, ts))


def register(app: Any) -> None:
    app.shortcut(Callback.ESCALATE_SHORTCUT)(handle_escalate_shortcut)

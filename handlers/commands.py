"""Slash commands: `/who` answers, `/escalate` raises an escalation, `/registry` administers."""
from __future__ import annotations

import logging
from typing import Any

from handlers import blocks
from handlers.i18n import t
from handlers.ids import Command
from handlers.parsing import asks_for_help, has_content, is_broken_message_link, parse_escalate_text, parse_message_link

log = logging.getLogger(__name__)


async def handle_who_command(ack, command: dict, respond, switchboard) -> None:
    """`/who <question>` -> an answer only the asker sees: who handles it, how sure, why.

    The answer rides on Bolt's acknowledgement: in HTTP mode the front process has acknowledged
    already and the worker posts it to the response URL (``bot/worker.py``); in Socket Mode it
    goes with the acknowledgement. With the semantic backend on, the command is acknowledged at
    once and the answer follows through the response URL (the backend may take its whole time
    budget).
    """
    text = (command.get("text") or "").strip()
    user = command.get("user_id")
    if not text or asks_for_help(text):  # "/who", "/who aide", "/who hello": how to use it
        lang = await switchboard.locales.of(user)
        said = (t(lang, "who.empty") if not text
                else t(lang, "bot.help", emoji=switchboard.registry().settings.escalation_emoji))
        await ack(response_type="ephemeral", **blocks.plain_message(said))
        return
    ref = f"who:{command.get('channel_id')}:{command.get('trigger_id', '')}"

    async def answer_message() -> dict:
        answer = await switchboard.who(text, user)
        return {"response_type": "ephemeral",
                **blocks.who_answer(answer.route, answer.registry, answer.lang, ref=ref, question=text, asker=user)}

    if switchboard.semantic.enabled:
        async def answer_later() -> None:
            await switchboard.respond(command.get("response_url"), await answer_message(), fallback=respond)

        await ack()
        switchboard.run_later(answer_later())
        return
    await ack(**await answer_message())


async def handle_escalate_command(ack, command: dict, switchboard) -> None:
    """`/escalate [critical|high|normal] <text or message link>` -> a stored escalation, confirmed to the reporter."""
    user = command.get("user_id")
    severity, rest = parse_escalate_text(command.get("text") or "")
    lang = await switchboard.locales.of(user)
    if not has_content(rest) or asks_for_help(rest):  # "/escalate help", "/escalate critique ."
        usage = t(lang, "esc.escalate_usage")
        if severity and not asks_for_help(rest):  # a severity and nothing to escalate
            usage = t(lang, "esc.escalate_nothing", severity=t(lang, f"esc.severity.{severity}")) + "\n" + usage
        await ack(response_type="ephemeral", **blocks.plain_message(usage))
        return
    if is_broken_message_link(rest):  # cut off while copying: nobody is paged about a URL
        await ack(response_type="ephemeral", **blocks.plain_message(t(lang, "esc.link_broken")))
        return
    link = parse_message_link(rest)
    if link:
        channel, ts, thread_ts = link
        trigger = {"via": "command", "channel": channel, "ts": ts, "thread_ts": thread_ts, "text": None,
                   "reporter": user, "severity": severity, "reply_channel": command.get("channel_id")}
        # the same key as the shortcut's: one report per person and message, plus one per severity
        # given, so that "/escalate critical <link>" can raise what the same person reported before
        key = f"report:{channel}:{ts}:{user}" + (f":{severity}" if severity else "")
    else:
        trigger = {"via": "command", "channel": command.get("channel_id"), "ts": None, "text": rest,
                   "reporter": user, "severity": severity}
        key = f"command:{command.get('trigger_id') or id(command)}"
    if await switchboard.accept(key, trigger):
        switchboard.process_later(key, trigger)
    elif link:
        esc_id = await switchboard.reported_by(user, trigger["channel"], trigger["ts"])
        if esc_id is not None:  # the same report again: say which escalation it is, and only that
            await ack(response_type="ephemeral", **blocks.plain_message(t(lang, "esc.confirm.again", id=esc_id)))
            return
    await ack(response_type="ephemeral", **blocks.plain_message(t(lang, "esc.received_link" if link else "esc.received")))


def register(app: Any) -> None:
    app.command(Command.WHO)(handle_who_command)
    app.command(Command.ESCALATE)(handle_escalate_command)

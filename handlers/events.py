"""Events: escalation reactions, watched-channel screening, mentions and direct messages."""
from __future__ import annotations

import logging
from typing import Any

from handlers import blocks
from handlers.i18n import t
from handlers.parsing import asks_for_help, asks_to_escalate, mentions_user, says_thanks, severity_said, strip_mention
from knowledge.models import SEVERITY_RANK

log = logging.getLogger(__name__)


async def handle_reaction_added_event(event: dict, body: dict, switchboard) -> None:
    """A reaction with the escalation emoji on a message -> that message becomes an escalation."""
    registry = switchboard.registry()
    if event.get("reaction") != registry.settings.escalation_emoji:
        return
    item = event.get("item") or {}
    if item.get("type") != "message" or not item.get("channel") or not item.get("ts"):
        return
    trigger = {"via": "reaction", "channel": item["channel"], "ts": item["ts"], "text": None,
               "reporter": event.get("user"), "severity": None}
    key = body.get("event_id") or f"reaction:{item['channel']}:{item['ts']}:{event.get('user')}"
    if await switchboard.accept(key, trigger):
        switchboard.process_later(key, trigger)


async def _answer_in_thread(switchboard, event: dict, text: str) -> None:
    if switchboard.semantic.enabled:
        # the semantic backend may take its whole time budget: answer after Slack's acknowledgement
        switchboard.run_later(_answer(switchboard, event, text))
    else:
        await _answer(switchboard, event, text)


async def _answer(switchboard, event: dict, text: str) -> None:
    answer = await switchboard.who(text, event.get("user"))
    ref = f"msg:{event.get('channel')}:{event.get('ts')}"
    in_a_channel = not str(event.get("channel", "")).startswith("D")  # a thread others read: nobody notified
    message = blocks.who_answer(answer.route, answer.registry, answer.lang, ref=ref, question=text,
                                asker=event.get("user"), ping=not in_a_channel)
    thread = event.get("thread_ts") or event.get("ts")
    await switchboard.post_answer(f"answer:{event.get('channel')}:{event.get('ts')}",
                                  channel=event["channel"], thread_ts=thread, message=message)


async def _help(switchboard, event: dict) -> None:
    """What the bot does, in the asker's language, in the thread of their message."""
    await _tell_in_thread(switchboard, event, "bot.help")


async def _tell_in_thread(switchboard, event: dict, key: str) -> None:
    """The sentence ``key`` (about the bot's use), in the asker's language, in their message's thread."""
    lang = await switchboard.locales.of(event.get("user"))
    emoji = switchboard.registry().settings.escalation_emoji
    await switchboard.post_answer(f"answer:{event.get('channel')}:{event.get('ts')}", channel=event["channel"],
                                  thread_ts=event.get("ts"), message=blocks.plain_message(t(lang, key, emoji=emoji)))


async def _escalate_thread(switchboard, event: dict, body: dict, text: str) -> bool:
    """"escalade" said to the bot (a mention, a direct message): the message of the thread it is
    said in becomes an escalation; outside a thread, how to point at the message. False when the
    text does not ask to escalate (a question about escalations is a question)."""
    if not asks_to_escalate(text) or text.rstrip().endswith("?"):
        return False
    if not event.get("thread_ts") or event.get("thread_ts") == event.get("ts"):  # which message? only the thread says
        await _tell_in_thread(switchboard, event, "bot.escalate_where")
        return True
    trigger = {"via": "mention", "channel": event["channel"], "ts": event["thread_ts"], "text": None,
               "reporter": event.get("user"), "severity": severity_said(text)}
    key = body.get("event_id") or f"mention:{event['channel']}:{event['ts']}"
    if await switchboard.accept(key, trigger):
        switchboard.process_later(key, trigger)
    return True


async def handle_app_mention_event(event: dict, body: dict, switchboard) -> None:
    """`@switchboard …` -> escalate the thread's message when asked, else answer "who handles this?"."""
    text = strip_mention(event.get("text") or "", switchboard.bot_user_id)
    if await _escalate_thread(switchboard, event, body, text):
        return
    if not text or asks_for_help(text):
        await _help(switchboard, event)
        return
    await _answer_in_thread(switchboard, event, text)


async def handle_message_event(event: dict, body: dict, switchboard) -> None:
    """A direct message -> an answer; a new post in a watched channel (or a reply in one of its
    threads, unless that thread's post is already escalated) -> screened, escalated when serious,
    unless its author is handling an open escalation of the same matter in that department."""
    if event.get("subtype") not in (None, "bot_message", "file_share"):
        return  # edits, deletions, joins…
    from_bot = bool(event.get("bot_id")) or event.get("subtype") == "bot_message"
    if event.get("user") == switchboard.bot_user_id or (from_bot and event.get("bot_id") == switchboard.bot_id):
        return  # never screen or answer our own posts
    text = event.get("text") or ""
    if event.get("channel_type") == "im":
        if text.strip() and not from_bot:
            question = strip_mention(text, switchboard.bot_user_id)
            if await _escalate_thread(switchboard, event, body, question):
                return
            if says_thanks(question):
                await _tell_in_thread(switchboard, event, "bot.thanks")
            elif asks_for_help(question):
                await _help(switchboard, event)
            else:
                await _answer_in_thread(switchboard, event, question)
        return
    if mentions_user(text, switchboard.bot_user_id):
        return  # the app_mention event answers it; one mention, one answer
    registry = switchboard.registry()
    if event.get("channel") not in registry.settings.watched_channels:
        return
    thread_ts = event.get("thread_ts")
    if thread_ts and thread_ts != event.get("ts") and await switchboard.is_escalated(
            event["channel"], thread_ts, screening_key=_screening_key(event["channel"], thread_ts)):
        return  # people talking in the thread of a post already escalated: the same crisis
    route, _registry = await switchboard.route(text, rerank=False)  # severity only: no semantic backend
    minimum = registry.settings.auto_escalate_min_severity
    if SEVERITY_RANK[route.severity] < SEVERITY_RANK[minimum]:
        return
    if await switchboard.follow_up_of(event.get("user"), text, route):
        return  # someone handling that department's escalation of the same matter, following it up
    trigger = {"via": "auto", "channel": event["channel"], "ts": event["ts"], "thread_ts": thread_ts, "text": text,
               "reporter": None, "author": event.get("user"), "severity": None}
    key = _screening_key(event["channel"], event["ts"])
    if await switchboard.accept(key, trigger):
        switchboard.process_later(key, trigger)


def _screening_key(channel: str, ts: str) -> str:
    """The trigger key of a watched-channel post escalated by screening."""
    return f"auto:{channel}:{ts}"


async def handle_app_home_opened_event(event: dict, switchboard) -> None:
    """The Home tab opens -> publish the person's view."""
    if event.get("tab") not in (None, "home"):
        return
    await switchboard.publish_home(event["user"])


def register(app: Any) -> None:
    app.event("reaction_added")(handle_reaction_added_event)
    app.event("app_mention")(handle_app_mention_event)
    app.event("message")(handle_message_event)
    app.event("app_home_opened")(handle_app_home_opened_event)

"""A local Slack: a Web API emulator recording every call, and requests built as Slack sends them.

    store       the emulated workspace (users, channels, messages, views, files)
    api         arguments, errors and method tables; auth.test and users.info
    messaging   chat.*, conversations.*, reactions.* and the file upload steps
    views       views.open / push / update / publish
    blocks      Block Kit limits Slack enforces
    faults      failures answered instead of Slack's: queued with fail, or drawn at random
    server      SlackEmulator, the aiohttp server tests and the console run in-process
    payloads    signed slash commands, events and interactivity payloads for POST /slack/events
"""
from bot.emulator.payloads import (
    SlackRequest,
    app_mention,
    block_actions,
    buttons,
    event_callback,
    message_action,
    message_event,
    reaction_added,
    sign_request,
    slash_command,
    url_verification,
    view_submission,
)
from bot.emulator.server import Call, SlackEmulator
from bot.emulator.store import BOT_ID, BOT_USER_ID, TEAM_ID, Message

__all__ = [
    "BOT_ID",
    "BOT_USER_ID",
    "TEAM_ID",
    "Call",
    "Message",
    "SlackEmulator",
    "SlackRequest",
    "app_mention",
    "block_actions",
    "buttons",
    "event_callback",
    "message_action",
    "message_event",
    "reaction_added",
    "sign_request",
    "slash_command",
    "url_verification",
    "view_submission",
]

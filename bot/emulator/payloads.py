"""Requests exactly as Slack sends them to an app's ``POST /slack/events``, signed or not.

Events are JSON, slash commands form-encoded, interactivity (buttons, shortcuts, modal
submissions) a form with one ``payload=`` field holding JSON. Every builder returns a
`SlackRequest`; ``.signed(secret)`` adds Slack's signature headers and ``.retried(n)`` the
headers of a delivery Slack retries.

    request = slash_command("/who", "legal threat", user_id="U1", channel_id="C1",
                            response_url=emu.response_url("who-1")).signed(secret)
    await session.post(app_url, data=request.body, headers=request.headers)
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import time
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from bot.emulator.blocks import buttons
from bot.emulator.store import APP_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
VERIFICATION_TOKEN = "verification-token"  # the deprecated token Slack still puts in payloads

_serial = itertools.count(1)
# Slack's event and trigger ids never repeat; a console reopened on the same data folder must not
# send ids its inbox already holds from an earlier session
_PROCESS = secrets.token_hex(4)


def sign_request(signing_secret: str, body: bytes | str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's signature headers: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    raw = body.encode() if isinstance(body, str) else body
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(signing_secret.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass(frozen=True)
class SlackRequest:
    """One request from Slack: the bytes of its body, its headers, and the payload they encode."""

    body: bytes
    headers: dict[str, str]
    payload: dict[str, Any] = field(default_factory=dict)

    def signed(self, signing_secret: str, timestamp: int | None = None) -> SlackRequest:
        """The same request with valid (or, with another secret, forged) signature headers."""
        return replace(self, headers={**self.headers, **sign_request(signing_secret, self.body, timestamp)})

    def retried(self, num: int = 1, reason: str = "http_timeout") -> SlackRequest:
        """The same request as Slack redelivers it after a timeout or an error."""
        return replace(self, headers={**self.headers, "X-Slack-Retry-Num": str(num), "X-Slack-Retry-Reason": reason})


def _request(content_type: str, body: bytes, payload: dict[str, Any]) -> SlackRequest:
    headers = {"Content-Type": content_type, "User-Agent": USER_AGENT}
    return SlackRequest(body=body, headers=headers, payload=payload)


def _interactive(payload: dict[str, Any]) -> SlackRequest:
    body = urlencode({"payload": json.dumps(payload, separators=(",", ":"))}).encode()
    return _request(FORM, body, payload)


def new_trigger_id() -> str:
    """A fresh trigger_id in Slack's shape."""
    n = next(_serial)
    return f"{1000000 + n}.{TEAM_ID[1:]}.{hashlib.md5(f'{_PROCESS}-{n}'.encode()).hexdigest()}"


def _action_ts() -> str:
    return f"{time.time():.6f}"


def _user(user_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


def _team() -> dict[str, str]:
    return {"id": TEAM_ID, "domain": TEAM_DOMAIN}


# -- slash commands


def slash_command(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
    channel_name: str | None = None,
) -> SlackRequest:
    """A slash command, form-encoded as Slack posts it."""
    payload = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name or ("directmessage" if channel_id.startswith("D") else channel_id.lower()),
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }
    return _request(FORM, urlencode(payload).encode(), payload)


# -- Events API


def event_callback(
    event: dict[str, Any], *, event_id: str | None = None, event_time: int | None = None
) -> SlackRequest:
    """An Events API delivery wrapping `event`, as JSON."""
    payload = {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "context_team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{_PROCESS.upper()}{next(_serial):06d}",
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return _request(JSON, json.dumps(payload).encode(), payload)


def url_verification(challenge: str) -> SlackRequest:
    """The handshake Slack sends when the Request URL is configured."""
    payload = {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    return _request(JSON, json.dumps(payload).encode(), payload)


def reaction_added(*, user: str, reaction: str, channel: str, ts: str, item_user: str | None = None) -> dict[str, Any]:
    """A reaction_added event on a message."""
    event = {
        "type": "reaction_added",
        "user": user,
        "reaction": reaction,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": _action_ts(),
    }
    if item_user:
        event["item_user"] = item_user
    return event


def message_event(
    *,
    user: str,
    text: str,
    channel: str,
    ts: str,
    thread_ts: str | None = None,
    channel_type: str | None = None,
    bot_id: str | None = None,
) -> dict[str, Any]:
    """A message event (channel_type "im" for a direct message, guessed from the channel id)."""
    event: dict[str, Any] = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type or ("im" if channel.startswith("D") else "channel"),
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    if bot_id:
        event["bot_id"] = bot_id
    return event


def app_mention(*, user: str, text: str, channel: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
    """An app_mention event (Slack also sends a message event for the same ts)."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


# -- interactivity


def block_actions(
    action_id: str,
    *,
    user_id: str,
    channel_id: str,
    message: dict[str, Any],
    response_url: str,
    value: str | None = None,
    trigger_id: str | None = None,
) -> SlackRequest:
    """A click on the button `action_id` of `message` (a message dict as Slack returns it)."""
    button = next((b for b in buttons(message.get("blocks") or []) if b.get("action_id") == action_id), None)
    if button is None and value is None:
        raise ValueError(f"no button {action_id!r} in the message and no value given")
    button = button or {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": action_id}}
    action = {
        "type": "button",
        "action_id": action_id,
        "block_id": button.get("block_id") or "block",
        "text": button.get("text"),
        "value": value if value is not None else button.get("value"),
        "action_ts": _action_ts(),
    }
    payload = {
        "type": "block_actions",
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel_id, "is_ephemeral": False},
        "trigger_id": trigger_id or new_trigger_id(),
        "team": _team(),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_id.lower()},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }
    return _interactive(payload)


def message_action(
    callback_id: str,
    *,
    user_id: str,
    channel_id: str,
    message: dict[str, Any],
    response_url: str,
    trigger_id: str | None = None,
) -> SlackRequest:
    """A message shortcut chosen on `message` (a message dict with at least ts and text)."""
    payload = {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": _action_ts(),
        "team": _team(),
        "user": _user(user_id),
        "channel": {"id": channel_id, "name": channel_id.lower()},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "response_url": response_url,
        "message_ts": message["ts"],
        "message": {"type": "message", **message},
    }
    return _interactive(payload)


def view_submission(view: dict[str, Any], values: dict[str, dict[str, Any]], *, user_id: str) -> SlackRequest:
    """Submitting a modal (`view` as views.open answered it) with these input values.

    `values` maps block_id -> action_id -> either a state dict as Slack sends it or, for a
    text input, just its text.
    """
    state = {
        block: {
            action: value if isinstance(value, dict) else {"type": "plain_text_input", "value": value}
            for action, value in actions.items()
        }
        for block, actions in values.items()
    }
    payload = {
        "type": "view_submission",
        "team": _team(),
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": new_trigger_id(),
        "view": {**view, "state": {"values": state}},
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return _interactive(payload)

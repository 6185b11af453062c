"""Requests built as Slack sends them: signatures, and a real Bolt app served over HTTP reading them."""
from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.emulator import (
    SlackEmulator,
    app_mention,
    block_actions,
    event_callback,
    message_action,
    reaction_added,
    sign_request,
    slash_command,
    url_verification,
    view_submission,
)

SECRET = "emulator-signing-secret"

# Slack's documented example request (api.slack.com/authentication/verifying-requests-from-slack).
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = 1531420618
DOC_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_signature_matches_slacks_documented_example():
    headers = sign_request(DOC_SECRET, DOC_BODY.encode(), DOC_TIMESTAMP)
    assert headers == {"X-Slack-Request-Timestamp": str(DOC_TIMESTAMP), "X-Slack-Signature": DOC_SIGNATURE}


def test_signatures_verify_with_slack_sdk_and_detect_tampering():
    verifier = SignatureVerifier(SECRET)
    body = b'{"type":"event_callback"}'
    headers = sign_request(SECRET, body)
    timestamp, signature = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    assert verifier.is_valid(body, timestamp, signature)
    assert not verifier.is_valid(b'{"type":"other"}', timestamp, signature)
    forged = sign_request("not-the-secret", body)
    assert not verifier.is_valid(body, forged["X-Slack-Request-Timestamp"], forged["X-Slack-Signature"])
    stale = sign_request(SECRET, body, timestamp=int(time.time()) - 600)
    assert not verifier.is_valid(body, stale["X-Slack-Request-Timestamp"], stale["X-Slack-Signature"])


def test_slash_command_is_form_encoded_with_slacks_fields():
    request = slash_command("/who", "menace de plainte", user_id="U1", channel_id="C1", response_url="http://r/1")
    fields = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert fields["command"] == "/who" and fields["text"] == "menace de plainte"
    assert fields["user_id"] == "U1" and fields["channel_id"] == "C1" and fields["response_url"] == "http://r/1"
    assert fields["trigger_id"] and fields["team_id"].startswith("T")
    other = slash_command("/who", "x", user_id="U1", channel_id="C1", response_url="http://r/2")
    assert other.payload["trigger_id"] != request.payload["trigger_id"]


def test_retried_delivery_carries_slacks_retry_headers_and_the_same_body():
    request = event_callback(reaction_added(user="U1", reaction="rotating_light", channel="C1", ts="1.000100"))
    retried = request.signed(SECRET).retried(2, "http_timeout")
    assert retried.headers["X-Slack-Retry-Num"] == "2" and retried.headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert retried.body == request.body and json.loads(retried.body)["event_id"] == request.payload["event_id"]


# -- a real Bolt app over HTTP, its Web API calls going to the emulator


@pytest.fixture
async def emu():
    async with SlackEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bolt_url(emu: SlackEmulator):
    app = AsyncApp(client=AsyncWebClient(token="xoxb-test", base_url=emu.api_url), signing_secret=SECRET)

    @app.command("/who")
    async def who(ack, command, respond):
        await ack()
        await respond(f"asked by {command['user_id']}: {command['text']}")

    @app.event("reaction_added")
    async def reacted(event, client):
        await client.chat_postMessage(channel=event["user"], text=f"{event['reaction']} on {event['item']['ts']}")

    @app.event("app_mention")
    async def mentioned(event, say):
        await say(text=f"mention: {event['text']}", thread_ts=event["ts"])

    @app.action("escalation_ack")
    async def acknowledged(ack, body, respond):
        await ack()
        await respond(replace_original=True, text=f"{body['actions'][0]['value']} acknowledged by {body['user']['id']}")

    @app.shortcut("escalate_message")
    async def escalate(ack, shortcut, client):
        await ack()
        await client.chat_postMessage(channel=shortcut["user"]["id"], text=f"escalating: {shortcut['message']['text']}")

    @app.view("escalation_resolve")
    async def resolved(ack, view, body, client):
        await ack()
        note = view["state"]["values"]["note"]["note"]["value"]
        await client.chat_postMessage(channel=body["user"]["id"], text=f"{view['private_metadata']} resolved: {note}")

    runner = web.AppRunner(app.web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    await runner.cleanup()


async def deliver(url: str, request) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.post(url, data=request.body, headers=request.headers) as r:
        return r.status, await r.text()


async def test_signed_slash_command_reaches_the_app_and_its_respond_the_emulator(emu, bolt_url):
    url = emu.response_url("who-1", channel="C1", user="U0ASKER01")
    request = slash_command("/who", "un journaliste appelle", user_id="U0ASKER01", channel_id="C1", response_url=url)
    status, _ = await deliver(bolt_url, request.signed(SECRET))
    assert status == 200
    await emu.wait_for("response_url")
    assert emu.responses["who-1"][0]["text"] == "asked by U0ASKER01: un journaliste appelle"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda r: r.signed("wrong-secret").headers, id="forged"),
        pytest.param(lambda r: r.signed(SECRET, timestamp=int(time.time()) - 600).headers, id="stale"),
        pytest.param(lambda r: r.headers, id="unsigned"),
    ],
)
async def test_badly_signed_requests_are_refused(emu, bolt_url, headers):
    url = emu.response_url("who-2", channel="C1", user="U1")
    request = slash_command("/who", "x", user_id="U1", channel_id="C1", response_url=url)
    forged = type(request)(body=request.body, headers=headers(request))
    status, _ = await deliver(bolt_url, forged)
    assert status == 401
    assert "who-2" not in emu.responses


async def test_reaction_event_is_read_by_the_app(emu, bolt_url):
    ts = emu.add_message("C0SOCIAL01", "viral post", "U0REPORT1")
    request = event_callback(reaction_added(user="U0REPORT1", reaction="rotating_light", channel="C0SOCIAL01", ts=ts))
    assert (await deliver(bolt_url, request.signed(SECRET)))[0] == 200
    [call] = await emu.wait_for("chat.postMessage")
    assert call.body["text"] == f"rotating_light on {ts}"
    assert call.response["channel"].startswith("D")


async def test_mention_is_answered_in_its_thread(emu, bolt_url):
    ts = emu.add_message("C1", "<@UBOT00001> who handles data leaks?", "U1")
    request = event_callback(app_mention(user="U1", text="<@UBOT00001> who handles data leaks?", channel="C1", ts=ts))
    await deliver(bolt_url, request.signed(SECRET))
    await emu.wait_for("chat.postMessage")
    assert [m.text for m in emu.messages_in("C1", thread_ts=ts)][1] == "mention: <@UBOT00001> who handles data leaks?"


async def test_button_click_built_from_a_posted_message(emu, bolt_url):
    client = AsyncWebClient(token="xoxb-test", base_url=emu.api_url)
    ack = {"type": "button", "action_id": "escalation_ack", "value": "ESC-7"}
    blocks = [{"type": "actions", "elements": [{**ack, "text": {"type": "plain_text", "text": "Ack"}}]}]
    posted = await client.chat_postMessage(channel="U0CLAIRE1", text="ESC-7", blocks=blocks)
    url = emu.response_url("click-1", channel=posted["channel"], user="U0CLAIRE1", message_ts=posted["ts"])
    request = block_actions(
        "escalation_ack", user_id="U0CLAIRE1", channel_id=posted["channel"], message=posted["message"], response_url=url
    )
    assert (await deliver(bolt_url, request.signed(SECRET)))[0] == 200
    await emu.wait_for("response_url")
    assert emu.message(posted["channel"], posted["ts"]).text == "ESC-7 acknowledged by U0CLAIRE1"
    with pytest.raises(ValueError, match="no button"):
        block_actions("escalation_resolve", user_id="U1", channel_id="D1", message=posted["message"], response_url=url)


async def test_message_shortcut_carries_the_message(emu, bolt_url):
    ts = emu.add_message("C1", "Fuite de données clients", "U2")
    message = {"ts": ts, "text": "Fuite de données clients", "user": "U2"}
    request = message_action(
        "escalate_message", user_id="U1", channel_id="C1", message=message, response_url=emu.response_url("sc-1")
    )
    await deliver(bolt_url, request.signed(SECRET))
    [call] = await emu.wait_for("chat.postMessage")
    assert call.body["text"] == "escalating: Fuite de données clients"


async def test_modal_submission_carries_the_typed_values(emu, bolt_url):
    client = AsyncWebClient(token="xoxb-test", base_url=emu.api_url)
    modal = {
        "type": "modal",
        "callback_id": "escalation_resolve",
        "private_metadata": "ESC-9",
        "title": {"type": "plain_text", "text": "Resolve"},
        "blocks": [
            {
                "type": "input",
                "block_id": "note",
                "label": {"type": "plain_text", "text": "Note"},
                "element": {"type": "plain_text_input", "action_id": "note"},
            }
        ],
    }
    opened = await client.views_open(trigger_id="1.2.3", view=modal)
    request = view_submission(opened["view"], {"note": {"note": "press statement sent"}}, user_id="U0CLAIRE1")
    status, _ = await deliver(bolt_url, request.signed(SECRET))
    assert status == 200
    [call] = await emu.wait_for("chat.postMessage")
    assert call.body["text"] == "ESC-9 resolved: press statement sent"


async def test_url_verification_challenge_is_echoed(bolt_url):
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    status, text = await deliver(bolt_url, url_verification(challenge).signed(SECRET))
    assert status == 200 and challenge in text

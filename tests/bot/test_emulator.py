"""The local Slack Web API emulator, driven by the real slack_sdk AsyncWebClient."""
from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.emulator import BOT_USER_ID, SlackEmulator

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*Legal threat* in #social"}}
ACK_BUTTON = {
    "type": "button",
    "action_id": "escalation_ack",
    "value": "ESC-1",
    "text": {"type": "plain_text", "text": "Acknowledge"},
}
ACTIONS = {"type": "actions", "elements": [ACK_BUTTON]}


@pytest.fixture
async def emu():
    async with SlackEmulator() as emulator:
        yield emulator


@pytest.fixture
def client(emu: SlackEmulator) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=emu.api_url)


async def slack_error(call) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        await call
    return caught.value


# -- lifecycle and auth


async def test_serves_on_loopback_and_stops():
    emu = SlackEmulator()
    await emu.start()
    assert emu.api_url.startswith("http://127.0.0.1:") and emu.api_url.endswith("/api/")
    assert emu.port != 0
    client = AsyncWebClient(token="xoxb-test", base_url=emu.api_url)
    assert (await client.auth_test())["ok"]
    await emu.stop()
    with pytest.raises(aiohttp.ClientConnectionError):
        await AsyncWebClient(token="xoxb-test", base_url=emu.api_url, retry_handlers=[]).auth_test()


async def test_auth_test_names_the_bot_and_is_recorded_with_the_token(emu, client):
    answer = await client.auth_test()
    assert answer["user_id"] == BOT_USER_ID == "UBOT00001"
    assert answer["bot_id"].startswith("B") and answer["team_id"].startswith("T")
    [call] = emu.calls_to("auth.test")
    assert call.token == "xoxb-test" and call.ok and not call.failed


async def test_missing_or_wrong_token_is_refused(emu):
    no_token = AsyncWebClient(base_url=emu.api_url)
    assert (await slack_error(no_token.auth_test())).response["error"] == "not_authed"
    user_token = AsyncWebClient(token="xoxp-person", base_url=emu.api_url)
    assert (await slack_error(user_token.chat_postMessage(channel="C1", text="x"))).response["error"] == "invalid_auth"
    assert emu.messages_in("C1") == []
    assert [c.method for c in emu.calls] == ["auth.test", "chat.postMessage"]


async def test_only_the_configured_token_is_accepted():
    async with SlackEmulator(token="xoxb-right") as emu:
        wrong = AsyncWebClient(token="xoxb-wrong", base_url=emu.api_url)
        assert (await slack_error(wrong.auth_test())).response["error"] == "invalid_auth"
        assert (await AsyncWebClient(token="xoxb-right", base_url=emu.api_url).auth_test())["ok"]


async def test_unknown_method_is_answered_and_recorded(emu, client):
    error = await slack_error(client.api_call("chat.teleport", json={"channel": "C1"}))
    assert error.response["error"] == "unknown_method"
    assert emu.calls_to("chat.teleport")[0].body == {"channel": "C1"}


# -- chat


async def test_post_message_echoes_and_gives_unique_increasing_ts(emu, client):
    first = await client.chat_postMessage(channel="C0LEGAL01", text="one", blocks=[SECTION])
    second = await client.chat_postMessage(channel="C0LEGAL01", text="two")
    assert first["channel"] == "C0LEGAL01"
    assert first["ts"] == "1700000000.000100"
    assert Decimal(second["ts"]) > Decimal(first["ts"])
    assert first["message"]["text"] == "one" and first["message"]["blocks"] == [SECTION]
    assert first["message"]["user"] == BOT_USER_ID and first["message"]["bot_id"]
    assert [m.text for m in emu.messages_in("C0LEGAL01")] == ["one", "two"]


async def test_post_to_a_user_id_goes_to_the_same_dm_conversations_open_gives(client):
    posted = await client.chat_postMessage(channel="U0CLAIRE1", text="You have an escalation")
    opened = await client.conversations_open(users="U0CLAIRE1")
    other = await client.conversations_open(users=["U0MARC001"])
    assert posted["channel"].startswith("D")
    assert opened["channel"]["id"] == posted["channel"] and opened["already_open"]
    assert other["channel"]["id"].startswith("D") and other["channel"]["id"] != posted["channel"]
    group = await client.conversations_open(users="U0CLAIRE1,U0MARC001")
    assert group["channel"]["id"].startswith("G")


async def test_json_text_arguments_are_recorded_as_objects(emu, client):
    await client.api_call("chat.postMessage", data={"channel": "C1", "text": "form", "blocks": json.dumps([SECTION])})
    await client.chat_postMessage(channel="C1", text="json", blocks=[SECTION])
    form_call, json_call = emu.calls_to("chat.postMessage")
    assert form_call.body["blocks"] == [SECTION] == json_call.body["blocks"]
    assert emu.messages_in("C1")[0].blocks == [SECTION]


async def test_reply_in_thread_joins_the_thread_of_its_parent(emu, client):
    parent = emu.add_message("C0SOCIAL01", "Un journaliste appelle", "U0REPORT1")
    reply = await client.chat_postMessage(channel="C0SOCIAL01", thread_ts=parent, text="Sent to Legal")
    assert reply["message"]["thread_ts"] == parent
    thread = emu.messages_in("C0SOCIAL01", thread_ts=parent)
    assert [m.text for m in thread] == ["Un journaliste appelle", "Sent to Legal"]


async def test_update_changes_the_stored_message_or_reports_it_missing(emu, client):
    posted = await client.chat_postMessage(channel="C1", text="Escalation ESC-1", blocks=[SECTION])
    updated = await client.chat_update(channel="C1", ts=posted["ts"], text="ESC-1 acknowledged by Claire")
    assert updated["ts"] == posted["ts"] and updated["text"] == "ESC-1 acknowledged by Claire"
    stored = emu.message("C1", posted["ts"])
    assert stored.text == "ESC-1 acknowledged by Claire" and stored.edited_ts
    assert stored.blocks == [SECTION]  # left out of the update, so kept
    await client.chat_update(channel="C1", ts=posted["ts"], text="ESC-1 resolved", blocks=[])
    assert emu.message("C1", posted["ts"]).blocks == []
    missing = await slack_error(client.chat_update(channel="C1", ts="1600000000.000001", text="x"))
    assert missing.response["error"] == "message_not_found"
    wrong_channel = await slack_error(client.chat_update(channel="C2", ts=posted["ts"], text="x"))
    assert wrong_channel.response["error"] == "message_not_found"
    someone_elses = emu.add_message("C1", "mine", "U0CLAIRE1")
    refused = await slack_error(client.chat_update(channel="C1", ts=someone_elses, text="x"))
    assert refused.response["error"] == "cant_update_message"
    assert emu.message("C1", someone_elses).text == "mine"


async def test_ephemeral_is_seen_only_by_its_user(emu, client):
    emu.add_channel("C1", "social")
    answer = await client.chat_postEphemeral(channel="C1", user="U0ASKER01", text="Legal handles this")
    assert answer["message_ts"]
    history = await client.conversations_history(channel="C1")
    assert history["messages"] == []
    assert "[#social, only U0ASKER01 sees it] UBOT00001" in emu.transcript()


async def test_permalinks_point_at_the_message_and_its_thread(emu, client):
    parent = emu.add_message("C1", "parent", "U1", ts="1700000100.000200")
    reply = emu.add_message("C1", "reply", "U2", thread_ts=parent)
    link = await client.chat_getPermalink(channel="C1", message_ts=parent)
    assert link["permalink"] == "https://example.slack.com/archives/C1/p1700000100000200"
    reply_link = await client.chat_getPermalink(channel="C1", message_ts=reply)
    assert reply_link["permalink"].endswith(f"?thread_ts={parent}&cid=C1")
    missing = await slack_error(client.chat_getPermalink(channel="C1", message_ts="1.000001"))
    assert missing.response["error"] == "message_not_found"


async def test_oversized_messages_are_refused_as_slack_does(emu, client):
    long_section = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    error = await slack_error(client.chat_postMessage(channel="C1", text="t", blocks=[long_section]))
    assert error.response["error"] == "invalid_blocks"
    assert "/blocks/0/text/text" in error.response["response_metadata"]["messages"][0]
    fits = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3000}}
    assert (await client.chat_postMessage(channel="C1", text="t", blocks=[fits]))["ok"]
    too_many = await slack_error(client.chat_postMessage(channel="C1", text="t", blocks=[fits] * 51))
    assert too_many.response["error"] == "invalid_blocks"
    too_long = await slack_error(client.chat_postMessage(channel="C1", text="x" * 40_001))
    assert too_long.response["error"] == "msg_too_long"
    with pytest.warns(UserWarning, match="text"):
        empty = await slack_error(client.chat_postMessage(channel="C1"))
    assert empty.response["error"] == "no_text"
    long_button = {"type": "actions", "elements": [{**ACK_BUTTON, "text": {"type": "plain_text", "text": "y" * 76}}]}
    refused = await slack_error(client.chat_postMessage(channel="C1", text="t", blocks=[long_button]))
    assert refused.response["error"] == "invalid_blocks"
    assert len(emu.messages_in("C1")) == 1


# -- conversations


async def test_history_lists_top_level_messages_newest_first(emu, client):
    first = emu.add_message("C0SOCIAL01", "Post viral sur une intoxication", "U0REPORT1")
    await client.chat_postMessage(channel="C0SOCIAL01", thread_ts=first, text="Escalated to Quality")
    second = emu.add_message("C0SOCIAL01", "Another post", "U0REPORT2")
    history = await client.conversations_history(channel="C0SOCIAL01")
    assert [m["ts"] for m in history["messages"]] == [second, first]
    parent = history["messages"][1]
    assert parent["reply_count"] == 1 and parent["reply_users"] == [BOT_USER_ID]
    older = emu.add_message("C0SOCIAL01", "seeded from last year", "U0REPORT1", ts="1600000000.000100")
    history = await client.conversations_history(channel="C0SOCIAL01")
    assert [m["ts"] for m in history["messages"]] == [second, first, older]


async def test_history_fetches_exactly_one_message_by_ts(emu, client):
    emu.add_message("C1", "before", "U1")
    wanted = emu.add_message("C1", "the one", "U1")
    emu.add_message("C1", "after", "U1")
    answer = await client.conversations_history(channel="C1", latest=wanted, inclusive=True, limit=1)
    assert [m["text"] for m in answer["messages"]] == ["the one"]


async def test_history_pages_with_a_cursor(emu, client):
    for n in range(5):
        emu.add_message("C1", f"m{n}", "U1")
    page1 = await client.conversations_history(channel="C1", limit=3)
    assert page1["has_more"] and [m["text"] for m in page1["messages"]] == ["m4", "m3", "m2"]
    page2 = await client.conversations_history(channel="C1", limit=3, cursor=page1["response_metadata"]["next_cursor"])
    assert not page2["has_more"] and [m["text"] for m in page2["messages"]] == ["m1", "m0"]


async def test_replies_return_parent_then_replies(emu, client):
    parent = emu.add_message("C1", "parent", "U1")
    reply = emu.add_message("C1", "human reply", "U2", thread_ts=parent)
    await client.chat_postMessage(channel="C1", thread_ts=parent, text="bot reply")
    for ts in (parent, reply):
        thread = await client.conversations_replies(channel="C1", ts=ts)
        assert [m["text"] for m in thread["messages"]] == ["parent", "human reply", "bot reply"]
    assert thread["messages"][1]["parent_user_id"] == "U1"
    missing = await slack_error(client.conversations_replies(channel="C1", ts="1.000001"))
    assert missing.response["error"] == "thread_not_found"


async def test_unknown_channel_is_not_found(client):
    error = await slack_error(client.conversations_history(channel="C0NOWHERE"))
    assert error.response["error"] == "channel_not_found"


async def test_conversations_info_knows_added_channels(emu, client):
    emu.add_channel("C0LEGAL01", "legal")
    info = await client.conversations_info(channel="C0LEGAL01")
    assert info["channel"]["name"] == "legal"
    assert (await slack_error(client.conversations_info(channel="C9"))).response["error"] == "channel_not_found"


# -- users, reactions, views, files


async def test_users_info_gives_the_locale_only_when_asked(emu, client):
    emu.add_user("U0CLAIRE1", "claire", locale="fr-FR")
    with_locale = await client.users_info(user="U0CLAIRE1", include_locale=True)
    assert with_locale["user"]["locale"] == "fr-FR" and with_locale["user"]["name"] == "claire"
    without = await client.users_info(user="U0CLAIRE1")
    assert "locale" not in without["user"]
    assert (await client.users_info(user=BOT_USER_ID))["user"]["is_bot"]
    assert (await slack_error(client.users_info(user="U0GHOST01"))).response["error"] == "user_not_found"


async def test_reactions_are_stored_on_the_message(emu, client):
    ts = emu.add_message("C1", "hello", "U1")
    await client.reactions_add(channel="C1", timestamp=ts, name="eyes")
    history = await client.conversations_history(channel="C1")
    assert history["messages"][0]["reactions"] == [{"name": "eyes", "users": [BOT_USER_ID], "count": 1}]
    again = await slack_error(client.reactions_add(channel="C1", timestamp=ts, name="eyes"))
    assert again.response["error"] == "already_reacted"
    missing = await slack_error(client.reactions_add(channel="C1", timestamp="1.000001", name="eyes"))
    assert missing.response["error"] == "message_not_found"


MODAL = {
    "type": "modal",
    "callback_id": "escalation_resolve",
    "title": {"type": "plain_text", "text": "Resolve ESC-1"},
    "submit": {"type": "plain_text", "text": "Resolve"},
    "private_metadata": "ESC-1",
    "blocks": [
        {
            "type": "input",
            "block_id": "note",
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "note"},
        }
    ],
}


async def test_views_open_update_and_publish(emu, client):
    opened = await client.views_open(trigger_id="111.222.abc", view=MODAL)
    view = opened["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "escalation_resolve"
    assert view["private_metadata"] == "ESC-1" and view["state"] == {"values": {}}
    reused = await slack_error(client.views_open(trigger_id="111.222.abc", view=MODAL))
    assert reused.response["error"] == "exchanged_trigger_id"
    changed = {**MODAL, "blocks": [SECTION]}
    updated = await client.views_update(view_id=view["id"], view=changed)
    assert updated["view"]["id"] == view["id"] and updated["view"]["blocks"] == [SECTION]
    stale = await slack_error(client.views_update(view_id=view["id"], hash=view["hash"], view=changed))
    assert stale.response["error"] == "hash_conflict"
    assert (await slack_error(client.views_update(view_id="V404", view=changed))).response["error"] == "not_found"
    home = {"type": "home", "blocks": [SECTION]}
    first = await client.views_publish(user_id="U1", view=home)
    second = await client.views_publish(user_id="U1", view=home)
    assert first["view"]["id"] == second["view"]["id"]
    bad_title = {**MODAL, "title": {"type": "plain_text", "text": "t" * 25}}
    bad = await slack_error(client.views_open(trigger_id="333.444.def", view=bad_title))
    assert bad.response["error"] == "invalid_arguments"
    assert [c.body["view"]["type"] for c in emu.calls_to("views.open")] == ["modal"] * 3


async def test_files_upload_v2_shares_the_file_in_the_thread(emu, client):
    parent = emu.add_message("C1", "incident", "U1")
    done = await client.files_upload_v2(
        channel="C1", thread_ts=parent, content="timeline…", filename="ESC-1.txt", initial_comment="Timeline"
    )
    assert done["file"]["name"] == "ESC-1.txt" and done["file"]["size"] == len("timeline…".encode())
    assert emu.workspace.files[done["file"]["id"]]["content"] == "timeline…".encode()
    reply = emu.messages_in("C1", thread_ts=parent)[-1]
    assert reply.text == "Timeline" and reply.files[0]["name"] == "ESC-1.txt"
    steps = [c.method for c in emu.calls][-3:]
    assert steps == ["files.getUploadURLExternal", "file_upload", "files.completeUploadExternal"]


# -- response_url


async def test_response_url_posts_are_recorded_and_placed(emu):
    url = emu.response_url("who-1", channel="C1", user="U0ASKER01")
    webhook = AsyncWebhookClient(url)
    assert (await webhook.send(text="Legal handles this")).status_code == 200
    await webhook.send(text="Posted for all", response_type="in_channel")
    assert [r["text"] for r in emu.responses["who-1"]] == ["Legal handles this", "Posted for all"]
    assert [m.text for m in emu.messages_in("C1")] == ["Posted for all"]
    assert "only U0ASKER01 sees it" in emu.transcript()
    [call] = await emu.wait_for("response_url", lambda c: c.body.get("response_type") == "in_channel")
    assert call.body["key"] == "who-1"


async def test_response_url_can_replace_the_original_message(emu, client):
    posted = await client.chat_postMessage(channel="D1", text="ESC-1", blocks=[ACTIONS])
    url = emu.response_url("click-1", channel="D1", user="U0CLAIRE1", message_ts=posted["ts"])
    await AsyncWebhookClient(url).send(text="ESC-1 acknowledged", replace_original=True)
    assert emu.message("D1", posted["ts"]).text == "ESC-1 acknowledged"
    await AsyncWebhookClient(url).send(delete_original=True)
    assert emu.message("D1", posted["ts"]) is None


# -- faults


async def test_rate_limit_fault_raises_with_retry_after_then_recovers(emu, client):
    emu.fail("chat.postMessage", status=429, retry_after=7)
    error = await slack_error(client.chat_postMessage(channel="C1", text="x"))
    assert error.response.status_code == 429
    assert error.response.headers["Retry-After"] == "7"
    assert error.response["error"] == "ratelimited"
    assert emu.messages_in("C1") == []
    assert (await client.chat_postMessage(channel="C1", text="x"))["ok"]
    failed, succeeded = emu.calls_to("chat.postMessage")
    assert failed.failed and not failed.ok and failed.status == 429
    assert succeeded.ok and not succeeded.failed


async def test_rate_limit_is_retried_by_slack_sdks_handler(emu):
    emu.fail("chat.postMessage", status=429, retry_after=0)
    client = AsyncWebClient(
        token="xoxb-test", base_url=emu.api_url, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)]
    )
    assert (await client.chat_postMessage(channel="C1", text="x"))["ok"]
    assert [c.status for c in emu.calls_to("chat.postMessage")] == [429, 200]


async def test_server_error_fault_counts_down(emu, client):
    emu.fail("users.info", status=500, times=3)
    emu.add_user("U1", "u1")
    for _ in range(3):
        assert (await slack_error(client.users_info(user="U1"))).response.status_code == 500
    assert (await client.users_info(user="U1"))["ok"]
    assert [c.failed for c in emu.calls_to("users.info")] == [True, True, True, False]


async def test_error_fault_is_an_ok_false_answer(emu, client):
    emu.fail("chat.postMessage", error="channel_not_found")
    error = await slack_error(client.chat_postMessage(channel="C0LEGAL01", text="x"))
    assert error.response.status_code == 200 and error.response["error"] == "channel_not_found"
    assert emu.messages_in("C0LEGAL01") == []


async def test_fault_until_cleared(emu, client):
    emu.fail("auth.test", status=503, times=None)
    for _ in range(4):
        await slack_error(client.auth_test())
    emu.clear_faults()
    assert (await client.auth_test())["ok"]


async def test_random_faults_hit_about_the_asked_share_of_calls_with_slacks_answers(emu, client):
    emu.add_user("U1", "u1")
    emu.fail_randomly(rate_429=0.1, rate_500=0.2, retry_after=3, seed=7)
    outcomes = {200: 0, 429: 0, 500: 0}
    for _ in range(400):
        try:
            await client.users_info(user="U1")
            outcomes[200] += 1
        except SlackApiError as error:
            status = error.response.status_code
            outcomes[status] += 1
            if status == 429:
                assert error.response.headers["Retry-After"] == "3"
                assert error.response["error"] == "ratelimited"
            else:
                assert error.response["error"] == "internal_error"
    assert 20 <= outcomes[429] <= 60 and 50 <= outcomes[500] <= 110, outcomes
    assert sum(c.failed for c in emu.calls_to("users.info")) == outcomes[429] + outcomes[500]


async def test_random_faults_repeat_with_the_same_seed(emu, client):
    async def pattern() -> list[int]:
        emu.clear()
        emu.fail_randomly(rate_500=0.5, seed=42)
        for _ in range(30):
            try:
                await client.auth_test()
            except SlackApiError:
                pass
        return [c.status for c in emu.calls]

    first = await pattern()
    assert 500 in first and 200 in first
    assert await pattern() == first


async def test_random_faults_spare_methods_not_named_and_stop_when_cleared(emu, client):
    emu.fail_randomly(rate_500=1.0, methods=["chat.postMessage"])
    await slack_error(client.chat_postMessage(channel="C1", text="x"))
    assert (await client.auth_test())["ok"]
    emu.clear_faults()
    assert (await client.chat_postMessage(channel="C1", text="x"))["ok"]
    assert [c.status for c in emu.calls_to("chat.postMessage")] == [500, 200]


async def test_queued_faults_come_before_random_ones(emu, client):
    emu.fail_randomly(rate_500=1.0)
    emu.fail("auth.test", status=429, retry_after=2)
    assert (await slack_error(client.auth_test())).response.status_code == 429
    assert (await slack_error(client.auth_test())).response.status_code == 500


async def test_random_faults_refuse_rates_that_are_not_probabilities(emu):
    with pytest.raises(ValueError):
        emu.fail_randomly(rate_429=0.7, rate_500=0.4)
    with pytest.raises(ValueError):
        emu.fail_randomly(rate_500=-0.1)


# -- waiting and clearing


async def test_wait_for_returns_when_the_calls_arrive(emu, client):
    async def later():
        await asyncio.sleep(0.05)
        await client.chat_postMessage(channel="U0CLAIRE1", text="first")
        await client.chat_postMessage(channel="C1", text="second")

    task = asyncio.create_task(later())
    calls = await emu.wait_for("chat.postMessage", count=2, timeout=5)
    dm = await emu.wait_for("chat.postMessage", lambda c: c.response.get("channel", "").startswith("D"))
    await task
    assert [c.body["text"] for c in calls] == ["first", "second"]
    assert dm[0].body["text"] == "first"
    assert calls[0].at <= calls[1].at


async def test_wait_for_times_out_naming_what_it_saw(emu, client):
    await client.auth_test()
    with pytest.raises(TimeoutError, match="0/1 matching chat.update.*auth.test"):
        await emu.wait_for("chat.update", timeout=0.1)


async def test_clear_forgets_calls_but_keeps_messages(emu, client):
    await client.chat_postMessage(channel="C1", text="kept")
    emu.clear()
    assert emu.calls == [] and emu.calls_to("chat.postMessage") == []
    assert [m.text for m in emu.messages_in("C1")] == ["kept"]


async def test_listeners_see_messages_as_they_are_posted_and_changed(emu, client):
    seen: list[tuple[str, str]] = []
    emu.add_listener(lambda event, message: seen.append((event, message.text)))
    posted = await client.chat_postMessage(channel="C1", text="ESC-1 open")
    await client.chat_update(channel="C1", ts=posted["ts"], text="ESC-1 acknowledged")
    await client.reactions_add(channel="C1", timestamp=posted["ts"], name="white_check_mark")
    await client.chat_delete(channel="C1", ts=posted["ts"])
    assert seen == [
        ("posted", "ESC-1 open"),
        ("updated", "ESC-1 acknowledged"),
        ("reaction", "ESC-1 acknowledged"),
        ("deleted", "ESC-1 acknowledged"),
    ]
    assert emu.messages_in("C1") == []


async def test_call_listeners_see_every_answered_call_in_order(emu, client):
    seen = []
    emu.add_call_listener(lambda call: seen.append((call.method, call.status, len(emu.calls))))
    emu.fail("chat.postMessage", status=500)
    await slack_error(client.chat_postMessage(channel="C1", text="x"))
    await client.chat_postMessage(channel="C1", text="y")
    assert seen == [("chat.postMessage", 500, 1), ("chat.postMessage", 200, 2)]


async def test_transcript_says_where_each_message_went(emu, client):
    emu.add_channel("C0LEGAL01", "legal")
    parent = emu.add_message("C0SOCIAL01", "Un client menace de porter plainte", "U0REPORT1")
    await client.chat_postMessage(
        channel="U0CLAIRE1", text="Escalation ESC-1", blocks=[SECTION, ACTIONS]
    )
    await client.chat_postMessage(channel="C0LEGAL01", text="ESC-1 for Legal")
    await client.chat_postMessage(channel="C0SOCIAL01", thread_ts=parent, text="Sent to Legal")
    lines = emu.transcript().splitlines()
    assert lines[0].startswith("[#c0social01] U0REPORT1")
    assert lines[1].startswith("[DM with U0CLAIRE1] UBOT00001") and lines[1].endswith("Escalation ESC-1")
    assert lines[2] == "    [Acknowledge] escalation_ack"
    assert lines[3].startswith("[#legal] UBOT00001")
    assert lines[4].startswith(f"[#c0social01, thread {parent}] UBOT00001")

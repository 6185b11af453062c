"""Web API methods about messages: chat.*, conversations.*, reactions.* and the file upload steps."""
from __future__ import annotations

import json
from typing import Any

from bot.emulator.api import ApiError, Args, Method, registrar
from bot.emulator.blocks import MAX_MESSAGE_TEXT, check_blocks
from bot.emulator.store import BOT_ID, BOT_USER_ID, TEAM_DOMAIN, Message, Workspace, ts_key

METHODS: dict[str, Method] = {}
method = registrar(METHODS)


# -- helpers


def _invalid_blocks(problems: list[str]) -> ApiError:
    return ApiError("invalid_blocks", errors=problems, response_metadata={"messages": problems})


def _content(args: Args) -> dict[str, Any]:
    """Text, blocks, attachments and metadata of a message, checked against Slack's limits."""
    text, blocks, attachments = args.text("text"), args.get("blocks"), args.get("attachments")
    if not text and not blocks and not attachments:
        raise ApiError("no_text")
    if text and len(text) > MAX_MESSAGE_TEXT:
        raise ApiError("msg_too_long")
    if blocks is not None:
        problems = check_blocks(blocks)
        if problems:
            raise _invalid_blocks(problems)
    return {"text": text or "", "blocks": blocks, "attachments": attachments, "metadata": args.get("metadata")}


def _channel(ws: Workspace, args: Args, name: str = "channel") -> str:
    channel = args.text(name)
    if not channel:
        raise ApiError("channel_not_found")
    if channel.startswith("#"):
        for info in ws.channels.values():
            if info.get("name") == channel[1:]:
                return info["id"]
        raise ApiError("channel_not_found")
    return ws.resolve_channel(channel)


def _known_channel(ws: Workspace, args: Args) -> str:
    channel = _channel(ws, args)
    if not ws.knows_channel(channel):
        raise ApiError("channel_not_found")
    return channel


def _message(ws: Workspace, channel: str, ts: str | None) -> Message:
    found = ws.find(channel, ts) if ts else None
    if found is None:
        raise ApiError("message_not_found")
    return found


def _window(messages: list[Message], args: Args) -> list[Message]:
    """Keep messages between `oldest` and `latest` (bounds included when `inclusive`)."""
    inclusive = args.flag("inclusive")
    latest, oldest = args.text("latest"), args.text("oldest")
    high = ts_key(latest) if latest is not None else None
    low = ts_key(oldest) if oldest is not None else None
    kept = []
    for m in messages:
        key = ts_key(m.ts)
        if high is not None and (key > high or (key == high and not inclusive)):
            continue
        if low is not None and (key < low or (key == low and not inclusive)):
            continue
        kept.append(m)
    return kept


def _page(items: list[Message], args: Args, ws: Workspace) -> dict[str, Any]:
    """Cut a list into Slack's cursor pages (only the page is rendered as Slack messages)."""
    limit = max(1, min(args.number("limit", 100), 999))
    cursor = args.text("cursor") or "offset:0"
    start = int(cursor.split(":", 1)[1]) if cursor.startswith("offset:") and cursor[7:].isdigit() else 0
    page = items[start : start + limit]
    more = start + limit < len(items)
    return {
        "messages": [ws.as_slack(m) for m in page],
        "has_more": more,
        "response_metadata": {"next_cursor": f"offset:{start + limit}" if more else ""},
    }


# -- chat


@method("chat.postMessage")
def chat_post_message(ws: Workspace, args: Args) -> dict[str, Any]:
    """Post as the bot; a user id as channel posts in the DM with that user."""
    channel = _channel(ws, args)
    content = _content(args)
    thread_ts = args.text("thread_ts")
    if thread_ts:
        parent = ws.find(channel, thread_ts)
        if parent is not None and parent.is_reply:
            thread_ts = parent.thread_ts
    message = ws.store(
        Message(
            channel=channel,
            ts=ws.next_ts(),
            user=BOT_USER_ID,
            bot_id=BOT_ID,
            thread_ts=thread_ts,
            reply_broadcast=bool(thread_ts) and args.flag("reply_broadcast"),
            **content,
        )
    )
    return {"channel": channel, "ts": message.ts, "message": ws.as_slack(message)}


@method("chat.update")
def chat_update(ws: Workspace, args: Args) -> dict[str, Any]:
    """Edit one of the bot's messages in place."""
    channel = args.text("channel") or ""
    message = _message(ws, channel, args.text("ts"))
    if message.user != BOT_USER_ID:
        raise ApiError("cant_update_message")
    content = _content(args)
    # Slack keeps the previous blocks and attachments when the update leaves them out.
    changes = {"text": content["text"]} | {k: content[k] for k in ("blocks", "attachments") if args.get(k) is not None}
    ws.update(message, **changes)
    return {"channel": channel, "ts": message.ts, "text": message.text, "message": ws.as_slack(message)}


@method("chat.delete")
def chat_delete(ws: Workspace, args: Args) -> dict[str, Any]:
    """Delete one of the bot's messages."""
    channel = args.text("channel") or ""
    message = _message(ws, channel, args.text("ts"))
    if message.user != BOT_USER_ID:
        raise ApiError("cant_delete_message")
    ws.delete(message)
    return {"channel": channel, "ts": message.ts}


@method("chat.postEphemeral")
def chat_post_ephemeral(ws: Workspace, args: Args) -> dict[str, Any]:
    """A message only `user` sees, in `channel` (or one of its threads)."""
    channel = _channel(ws, args)
    user = args.text("user")
    if not user:
        raise ApiError("user_not_found")
    content = _content(args)
    message = ws.store(
        Message(
            channel=channel,
            ts=ws.next_ts(),
            user=BOT_USER_ID,
            bot_id=BOT_ID,
            thread_ts=args.text("thread_ts"),
            ephemeral_to=user,
            **content,
        )
    )
    return {"message_ts": message.ts}


@method("chat.getPermalink")
def chat_get_permalink(ws: Workspace, args: Args) -> dict[str, Any]:
    """The https link to a message, with the thread for replies as Slack writes it."""
    channel = args.text("channel") or ""
    message = _message(ws, channel, args.text("message_ts"))
    link = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel}/p{message.ts.replace('.', '')}"
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={channel}"
    return {"channel": channel, "permalink": link}


# -- conversations


@method("conversations.open")
def conversations_open(ws: Workspace, args: Args) -> dict[str, Any]:
    """The direct-message channel with one user (D…) or several (G…), the same one every time."""
    raw = args.get("users")
    users = raw if isinstance(raw, list) else [u.strip() for u in str(raw or "").split(",") if u.strip()]
    if not users:
        raise ApiError("users_list_not_supplied")
    if len(users) > 8:
        raise ApiError("too_many_users")
    channel, existed = ws.open_dm(users)
    answer: dict[str, Any] = {"channel": {"id": channel}}
    if args.flag("return_im"):
        answer["channel"] = dict(ws.channels[channel], is_open=True)
    if existed:
        answer.update(no_op=True, already_open=True)
    return answer


@method("conversations.info")
def conversations_info(ws: Workspace, args: Args) -> dict[str, Any]:
    """What the workspace knows of a channel."""
    channel = _known_channel(ws, args)
    info = ws.channels[channel]
    return {
        "channel": {
            "is_channel": not info.get("is_im") and not info.get("is_mpim"),
            "is_im": False,
            "is_mpim": False,
            "is_private": False,
            "is_member": True,
            **info,
        }
    }


@method("conversations.history")
def conversations_history(ws: Workspace, args: Args) -> dict[str, Any]:
    """Top-level messages of a channel, newest first (thread replies stay in their thread)."""
    channel = _known_channel(ws, args)
    top = [m for m in ws.in_channel(channel) if not m.is_reply or m.reply_broadcast]
    kept = list(reversed(_window(top, args)))
    return {**_page(kept, args, ws), "pin_count": 0}


@method("conversations.replies")
def conversations_replies(ws: Workspace, args: Args) -> dict[str, Any]:
    """A thread: its parent first, then the replies oldest first."""
    channel = _known_channel(ws, args)
    ts = args.text("ts")
    if not ts:
        raise ApiError("invalid_arguments")
    found = ws.find(channel, ts)
    if found is None:
        raise ApiError("thread_not_found")
    parent = ws.find(channel, found.thread_ts) if found.is_reply and found.thread_ts else found
    parent = parent or found
    replies = _window(ws.replies(channel, parent.ts), args)
    return _page([parent, *replies], args, ws)


# -- reactions


def _reaction_target(ws: Workspace, args: Args) -> tuple[Message, str]:
    name = (args.text("name") or "").strip(":")
    if not name:
        raise ApiError("invalid_name")
    if not args.text("timestamp"):
        raise ApiError("no_item_specified")
    return _message(ws, args.text("channel") or "", args.text("timestamp")), name


@method("reactions.add")
def reactions_add(ws: Workspace, args: Args) -> dict[str, Any]:
    """The bot reacts to a message."""
    message, name = _reaction_target(ws, args)
    if not ws.react(message, name, BOT_USER_ID):
        raise ApiError("already_reacted")
    return {}


@method("reactions.remove")
def reactions_remove(ws: Workspace, args: Args) -> dict[str, Any]:
    """The bot takes its reaction back."""
    message, name = _reaction_target(ws, args)
    users = message.reactions.get(name, [])
    if BOT_USER_ID not in users:
        raise ApiError("no_reaction")
    users.remove(BOT_USER_ID)
    if not users:
        del message.reactions[name]
    return {}


# -- files (the three steps of files_upload_v2)


@method("files.getUploadURLExternal")
def files_get_upload_url_external(ws: Workspace, args: Args) -> dict[str, Any]:
    """Reserve a file id and hand out the URL its bytes go to."""
    filename, length = args.text("filename"), args.number("length", -1)
    if not filename or length < 0:
        raise ApiError("invalid_arguments")
    file_id = ws.new_id("F")
    ws.files[file_id] = {"id": file_id, "name": filename, "length": length, "content": None}
    return {"upload_url": f"{args.root_url}/upload/{file_id}", "file_id": file_id}


@method("files.completeUploadExternal")
def files_complete_upload_external(ws: Workspace, args: Args) -> dict[str, Any]:
    """Finish uploads and share them in a channel (or thread) when one is given."""
    given = args.get("files")
    if isinstance(given, str):
        given = json.loads(given)
    if not isinstance(given, list) or not given:
        raise ApiError("invalid_arguments")
    shared = []
    for item in given:
        stored = ws.files.get(str(item.get("id")))
        if stored is None:
            raise ApiError("file_not_found")
        if stored["content"] is None:
            raise ApiError("file_upload_not_finished")
        stored["title"] = item.get("title") or stored["name"]
        shared.append({k: v for k, v in stored.items() if k != "content"} | {"size": len(stored["content"])})
    channel = args.text("channel_id")
    if channel:
        ws.store(
            Message(
                channel=ws.resolve_channel(channel),
                ts=ws.next_ts(),
                text=args.text("initial_comment") or "",
                user=BOT_USER_ID,
                thread_ts=args.text("thread_ts"),
                files=shared,
                via="upload",
            )
        )
    return {"files": shared}

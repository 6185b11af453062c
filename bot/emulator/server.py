"""`SlackEmulator`: a local aiohttp server speaking Slack's Web API, recording every call.

    emu = SlackEmulator()
    await emu.start()                      # 127.0.0.1, a free port
    client = AsyncWebClient(token="xoxb-test", base_url=emu.api_url)
    ...
    await emu.wait_for("chat.postMessage")
    await emu.stop()

Routes: ``/api/<method>`` (Web API, GET or POST, form, JSON or query arguments),
``/response/<key>`` (response_url posts) and ``/upload/<file_id>`` (the upload step of
files_upload_v2). Faults (see `faults`) injected with `fail` are answered before anything else;
faults drawn at random (`fail_randomly`, for soak runs) come next.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.emulator import api, messaging, views
from bot.emulator.api import FILE_UPLOAD, RESPONSE_URL, ApiError, Args
from bot.emulator.faults import Fault, FaultInjection
from bot.emulator.store import BOT_ID, BOT_USER_ID, Message, Workspace

logger = logging.getLogger(__name__)

METHODS = api.METHODS | messaging.METHODS | views.METHODS

# Arguments Slack takes as JSON text inside form or query encoding.
JSON_FIELDS = frozenset({"blocks", "attachments", "view", "metadata", "files", "unfurls", "user_auth_blocks"})


@dataclass
class Call:
    """One request the emulator received, and what it answered."""

    method: str
    body: dict[str, Any]
    token: str | None
    at: float  # the emulator's clock (time.monotonic by default) when the request arrived
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    failed: bool = False  # answered with a fault injected by SlackEmulator.fail

    @property
    def ok(self) -> bool:
        """True when Slack would have reported success."""
        return self.status == 200 and bool(self.response.get("ok"))


def decode_fields(body: dict[str, Any]) -> dict[str, Any]:
    """Turn JSON-text arguments (blocks, view, …) into objects, leaving undecodable text as is."""
    for name in JSON_FIELDS & body.keys():
        value = body[name]
        if isinstance(value, str) and value[:1] in ("[", "{"):
            try:
                body[name] = json.loads(value)
            except json.JSONDecodeError:
                logger.debug("argument %s is not valid JSON; kept as text", name)
    return body


async def read_body(request: web.Request) -> dict[str, Any]:
    """Query, form (urlencoded or multipart) and JSON arguments of a request, merged."""
    body: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        raw = await request.read()
        if raw:
            parsed = json.loads(raw)
            if not isinstance(parsed, dict):
                raise ValueError("JSON body is not an object")
            body.update(parsed)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                body[key] = {"filename": value.filename, "size": len(value.file.read())}
            else:
                body[key] = value
    return decode_fields(body)


class SlackEmulator(FaultInjection):
    """A local Slack Web API: answers like Slack, records every call, fails on request."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        start_ts: float = 1_700_000_000.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.host, self.port = host, port
        self.accepted_token = token  # None: any xoxb- token
        self.clock = clock
        self.workspace = Workspace(start_ts=start_ts)
        self.calls: list[Call] = []
        self.responses: dict[str, list[dict[str, Any]]] = {}
        self._response_context: dict[str, dict[str, str | None]] = {}
        self._call_listeners: list[Callable[[Call], None]] = []
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # -- lifecycle

    async def start(self) -> SlackEmulator:
        """Start serving; `api_url` is valid afterwards."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{key}", self._handle_response_url)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        logger.info("Slack emulator listening on %s", self.api_url)
        return self

    async def stop(self) -> None:
        """Stop serving and close every connection."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SlackEmulator:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL, for ``AsyncWebClient(base_url=...)`` or SLACK_API_URL."""
        return f"{self.root_url}/api/"

    # -- recording

    def _record(self, call: Call) -> Call:
        self.calls.append(call)
        for listener in self._call_listeners:
            listener(call)
        logger.debug("%s -> %s %s", call.method, call.status, call.response.get("error", "ok"))
        self._changed.set()
        self._changed = asyncio.Event()
        return call

    def add_call_listener(self, listener: Callable[[Call], None]) -> None:
        """Call `listener(call)` for every call, once it is answered and before the answer is sent."""
        self._call_listeners.append(listener)

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls of one method, oldest first."""
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
        count: int = 1,
    ) -> list[Call]:
        """Wait until `count` calls of `method` matching `predicate` are recorded; return them."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = [c for c in self.calls_to(method) if predicate is None or predicate(c)]
            if len(found) >= count:
                return found
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                seen = ", ".join(c.method for c in self.calls) or "none"
                raise TimeoutError(f"{len(found)}/{count} matching {method} calls after {timeout}s; calls: {seen}")
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue

    def clear(self) -> None:
        """Forget recorded calls and response_url posts (the workspace and faults stay)."""
        self.calls.clear()
        self.responses.clear()

    # -- faults

    @staticmethod
    def _fault_response(fault: Fault) -> tuple[dict[str, Any], web.Response]:
        answer = {"ok": False, "error": fault.error}
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
        return answer, web.json_response(answer, status=fault.status, headers=headers)

    # -- the Web API

    def _authenticate(self, token: str | None) -> str | None:
        """The auth error for this token, or None when it is accepted."""
        if not token:
            return "not_authed"
        if self.accepted_token is not None:
            return None if token == self.accepted_token else "invalid_auth"
        return None if token.startswith("xoxb-") else "invalid_auth"

    async def _handle_api(self, request: web.Request) -> web.Response:
        at = self.clock()
        name = request.match_info["method"]
        token = None
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            token = auth[len("Bearer ") :].strip() or None
        try:
            body = await read_body(request)
        except ValueError:  # JSONDecodeError included
            answer = {"ok": False, "error": "invalid_json"}
            self._record(Call(name, {}, token, at, response=answer))
            return web.json_response(answer)
        token = token or body.pop("token", None)
        body.pop("token", None)

        fault = self._take_fault(name)
        if fault is not None:
            answer, response = self._fault_response(fault)
            self._record(Call(name, body, token, at, fault.status, answer, failed=True))
            return response
        answer = self._answer(name, body, token)
        self._record(Call(name, body, token, at, response=answer))
        return web.json_response(answer)

    def _answer(self, name: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        fn = METHODS.get(name)
        if fn is None:
            return {"ok": False, "error": "unknown_method", "req_method": name}
        auth_error = self._authenticate(token)
        if auth_error:
            return {"ok": False, "error": auth_error}
        try:
            return {"ok": True, **fn(self.workspace, Args(body, self.root_url))}
        except ApiError as problem:
            return {"ok": False, "error": problem.error, **problem.extra}

    # -- response_url and uploads

    def response_url(
        self, key: str, *, channel: str | None = None, user: str | None = None, message_ts: str | None = None
    ) -> str:
        """A response_url on the emulator; posts to it land in ``responses[key]``.

        With `channel` and `user` the posts also reach the workspace as Slack shows them:
        ``in_channel`` as a channel message, otherwise ephemeral to `user`; with `message_ts`,
        ``replace_original`` / ``delete_original`` act on that message.
        """
        self._response_context[key] = {"channel": channel, "user": user, "message_ts": message_ts}
        return f"{self.root_url}/response/{key}"

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        at = self.clock()
        key = request.match_info["key"]
        try:
            body = await read_body(request)
        except ValueError:
            self._record(Call(RESPONSE_URL, {"key": key}, None, at, 400, {"ok": False, "error": "invalid_payload"}))
            return web.Response(status=400, text="invalid_payload")
        fault = self._take_fault(RESPONSE_URL)
        if fault is not None:
            answer, response = self._fault_response(fault)
            self._record(Call(RESPONSE_URL, body | {"key": key}, None, at, fault.status, answer, failed=True))
            return response
        self.responses.setdefault(key, []).append(body)
        self._apply_response(key, body)
        self._record(Call(RESPONSE_URL, body | {"key": key}, None, at, response={"ok": True}))
        return web.Response(text="ok")

    def _apply_response(self, key: str, body: dict[str, Any]) -> None:
        ws, context = self.workspace, self._response_context.get(key, {})
        channel, user, message_ts = context.get("channel"), context.get("user"), context.get("message_ts")
        original = ws.find(channel, message_ts) if channel and message_ts else None
        if original is None and channel and message_ts and user:
            original = ws.find_ephemeral(channel, message_ts, user)
        if original is not None and body.get("delete_original") in (True, "true"):
            ws.delete(original)
        elif original is not None and body.get("replace_original") in (True, "true"):
            ws.update(original, text=body.get("text", ""), blocks=body.get("blocks"))
        elif channel and (body.get("text") or body.get("blocks")):
            in_channel = body.get("response_type") == "in_channel"
            if not in_channel and not user:
                return  # an ephemeral answer to nobody known: recorded in responses only
            ws.store(
                Message(
                    channel=channel,
                    ts=ws.next_ts(),
                    text=body.get("text", ""),
                    user=BOT_USER_ID,
                    bot_id=BOT_ID,
                    blocks=body.get("blocks"),
                    thread_ts=body.get("thread_ts"),
                    ephemeral_to=None if in_channel else user,
                    via=RESPONSE_URL,
                )
            )

    async def _handle_upload(self, request: web.Request) -> web.Response:
        at = self.clock()
        file_id = request.match_info["file_id"]
        content = await request.read()
        stored = self.workspace.files.get(file_id)
        status = 200 if stored is not None else 404
        if stored is not None:
            stored["content"] = content
        answer = {"ok": stored is not None}
        self._record(Call(FILE_UPLOAD, {"file_id": file_id, "size": len(content)}, None, at, status, answer))
        return web.Response(status=status, text=f"OK - {len(content)}" if stored else "file_not_found")

    # -- the workspace, for tests and the console

    def add_user(
        self, user_id: str, name: str, *, real_name: str | None = None, locale: str = "en-US", is_bot: bool = False
    ) -> None:
        """Add a member; users.info reports `locale` when asked with include_locale."""
        self.workspace.add_user(user_id, name, real_name=real_name, locale=locale, is_bot=is_bot)

    def add_channel(self, channel_id: str, name: str | None = None, *, is_private: bool = False) -> None:
        """Make a channel known (history, replies and conversations.info need it)."""
        self.workspace.add_channel(channel_id, name, is_private=is_private)

    def add_message(
        self,
        channel: str,
        text: str,
        user: str,
        ts: str | None = None,
        thread_ts: str | None = None,
        **fields: Any,
    ) -> str:
        """Seed a message written by `user` (history, replies, permalinks see it); return its ts."""
        ws = self.workspace
        message = Message(
            channel=channel, ts=ts or ws.next_ts(), text=text, user=user, thread_ts=thread_ts, via="seed", **fields
        )
        return ws.store(message).ts

    def add_listener(self, listener: Callable[[str, Message], None]) -> None:
        """Call `listener(event, message)` whenever a message is "posted", "updated", "deleted" or reacted to."""
        self.workspace.add_listener(listener)

    def messages_in(self, channel: str, thread_ts: str | None = None) -> list[Message]:
        """Visible messages of a channel (or of one thread, parent first), oldest first."""
        ws = self.workspace
        if thread_ts is None:
            return ws.in_channel(channel)
        parent = ws.find(channel, thread_ts)
        return ([parent] if parent else []) + ws.replies(channel, thread_ts)

    def message(self, channel: str, ts: str) -> Message | None:
        """The stored visible message with this channel and ts."""
        return self.workspace.find(channel, ts)

    def transcript(self) -> str:
        """Every stored message in posting order: where it went, who wrote it, text and buttons."""
        return self.workspace.transcript()

"""The app factory: one function builds the clients, the services and the Bolt app, and wires them.

The server, the console, the demo and the end-to-end tests all build the bot through ``build_runtime``.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.admin import RegistryAdmin
from bot.clock import Clock
from bot.escalations import EscalationService
from bot.foreground import Foreground
from bot.inbox import Inbox
from bot.outbox import Outbox
from bot.renderer import BlockRenderer
from bot.semantic import Reranker, SemanticSettings
from bot.services import NoRegistry, Switchboard
from bot.sweep import Sweeper
from handlers import actions, blocks, commands, events, registry, shortcuts, suggestions, views
from handlers.i18n import t
from knowledge.errors import SwitchboardError
from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from knowledge.validation import load_registry_file

log = logging.getLogger(__name__)
# Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, then warns that the
# token is unused: the client carries the same token, so the warning only alarms people.
logging.getLogger("slack_bolt.AsyncApp").addFilter(lambda record: "will be unused" not in record.getMessage())


@dataclass
class Runtime:
    """A running bot: the Bolt app and the services behind it."""

    app: AsyncApp
    switchboard: Switchboard
    store: Store
    outbox: Outbox
    sweeper: Sweeper
    client: AsyncWebClient

    async def authenticate(self) -> None:
        """Who the bot is (``auth.test``): the first call to Slack, so a wrong token or an API
        out of reach shows here, before anything else starts."""
        if self.client.session is None:
            # one connection pool for every Web API call, instead of a new connection per call
            self.client.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        auth = await self.client.auth_test()
        self.switchboard.bot_user_id = auth.get("user_id")
        self.switchboard.bot_id = auth.get("bot_id")
        self.switchboard.workspace_url = auth.get("url")

    async def start(self) -> None:
        """Repair, resume what a crash left pending, and start the background workers."""
        if self.switchboard.bot_user_id is None:
            await self.authenticate()
        if self.switchboard.repo.current()[0] is not None:
            self.switchboard.router()  # build the routing index now, not on the first message
        await self.switchboard.escalations.repair()
        self.outbox.start()
        await self.switchboard.resume()
        self.sweeper.start()

    async def stop(self) -> None:
        self.switchboard.cancel_retries()
        await self.switchboard.drain()
        await self.sweeper.stop()
        await self.outbox.stop()
        self.switchboard.inbox.close()
        await self.switchboard.semantic.close()
        if self.client.session is not None:
            await self.client.session.close()
            self.client.session = None


class SwitchboardApp(AsyncApp):
    """Bolt's app, answering each request inside ``Foreground.request()`` (in HTTP and Socket Mode
    alike): background work steps aside until Slack has its acknowledgement."""

    def __init__(self, foreground: Foreground, **kwargs: Any):
        super().__init__(**kwargs)
        self.foreground = foreground

    async def async_dispatch(self, req):  # noqa: ANN001 — Bolt's signature
        with self.foreground.request():
            try:
                return await super().async_dispatch(req)
            except (KeyError, TypeError, AttributeError) as exc:
                # Bolt itself reading a signed payload without a field Slack always sends (a
                # listener's own errors go to the app's error handler): refused, not a bare 500
                log.warning("malformed payload refused: %s %s", type(exc).__name__, exc)
                return BoltResponse(status=400, body='{"ok": false, "error": "malformed_payload"}',
                                    headers={"content-type": "application/json"})


def import_if_empty(repo: RegistryRepo, registry_file: Path | None) -> None:
    """Import ``registry_file`` when the store holds no registry yet."""
    registry, _revision = repo.current()
    if registry is None and registry_file is not None:
        loaded = load_registry_file(registry_file)
        repo.replace(loaded.registry, actor="system", source="file", action="import",
                     summary=f"import of {registry_file.name} at start")
        for warning in loaded.warnings:
            log.warning("registry: %s", warning)


def build_runtime(*, store: Store, bot_token: str, signing_secret: str | None, api_url: str,
                  clock: Clock | None = None, pace_seconds: float = 1.0, sweep_interval: float = 1.0,
                  request_verification: bool = True, repo: RegistryRepo | None = None,
                  semantic: SemanticSettings | None = None) -> Runtime:
    """Build every client and service once and register every listener (``semantic``: the optional
    re-ranking backend, off when None)."""
    clock = clock or Clock()
    client = AsyncWebClient(token=bot_token, base_url=api_url)

    async def call(method: str, args: dict) -> dict:
        response = await client.api_call(method, json=args)
        return response.data if isinstance(response.data, dict) else {}

    async def post_response(url: str, message: dict) -> int:
        webhook = AsyncWebhookClient(url=url, session=client.session)  # the bot's pool, not a new connection
        return (await webhook.send_dict(message)).status_code

    repo = repo or RegistryRepo(store, clock=clock.moment)
    renderer = BlockRenderer(lambda: repo.current()[0])
    foreground = Foreground()
    outbox = Outbox(store, clock, call, pace_seconds=pace_seconds, foreground=foreground)
    holder: dict[str, Any] = {}
    escalations = EscalationService(
        store, clock, outbox, renderer, registry_provider=lambda: repo.current()[0],
        language_of=lambda user: holder["switchboard"].locales.cached(user),
        learn_languages=lambda users: holder["switchboard"].locales.learn(users),
    )
    switchboard = Switchboard(store=store, repo=repo, call=call, escalations=escalations, outbox=outbox,
                              clock=clock, inbox=Inbox.of(store), semantic=Reranker(semantic), foreground=foreground,
                              post_response=post_response)
    holder["switchboard"] = switchboard
    switchboard.admin = RegistryAdmin.for_switchboard(switchboard, token=bot_token, api_url=api_url,
                                                       clock=clock.moment)
    switchboard.home_publisher = switchboard.publish_home_with_suggestions
    sweeper = Sweeper(escalations, clock, interval=sweep_interval)

    app = SwitchboardApp(
        foreground,
        signing_secret=signing_secret or "unused-in-socket-mode",
        client=client,
        process_before_response=True,  # listeners write triggers down before Slack's ack
        request_verification_enabled=request_verification,
        raise_error_for_unhandled_request=False,
    )

    @app.middleware
    async def inject_services(context, next):  # noqa: A002 — Bolt's parameter name
        context["switchboard"] = switchboard
        await next()

    @app.error
    async def handle_errors(error: Exception, body: dict, respond=None) -> None:
        """Known problems are told as they are; anything else is logged with a reference."""
        user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else body.get("user_id")
        lang = switchboard.locales.cached(user)
        if isinstance(error, NoRegistry):
            message = blocks.plain_message(t(lang, "error.no_registry"))
        elif isinstance(error, SwitchboardError):
            message = blocks.plain_message(blocks.escape(str(error)))
        else:
            ref = uuid.uuid4().hex[:8]
            log.error("unhandled error %s", ref, exc_info=error)
            message = blocks.plain_message(t(lang, "error.unexpected", ref=ref))
        if respond is not None and body.get("response_url"):
            await respond(response_type="ephemeral", replace_original=False, **message)

    # registry before events: its file_share listener must see shared files before the catch-all message one
    for module in (commands, registry, events, actions, suggestions, shortcuts, views):
        module.register(app)
    return Runtime(app=app, switchboard=switchboard, store=store, outbox=outbox, sweeper=sweeper, client=client)

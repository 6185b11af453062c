"""The bot's services as one object handed to every listener: questions, triggers, buttons.

Listeners parse a payload and call one method here; nothing in this module sees a Slack payload.
The trigger pipeline (from the acknowledgement to the escalation) is ``bot.triggers``.
Routing goes through ``bot.learning`` (the router of the current registry revision, taught every
correction) and, when configured, the semantic re-ranker (``bot.semantic``); every reassign and
every "is it rather…?" click is recorded as a correction.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable

import aiohttp

from bot.foreground import Foreground
from bot.inbox import Inbox
from bot.learning import Learning
from bot.locales import Locales
from bot.message_reader import MessageReader
from bot.semantic import Reranker
from bot.triggers import TriggerProcessing
from bot.escalation_chain import state_conflict
from handlers.blocks.escalations import offers_choices, offers_elsewhere
from knowledge.errors import Conflict, NotFound, SwitchboardError
from knowledge.models import Registry
from knowledge.routing import Route, Router
from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store

if TYPE_CHECKING:
    from bot.admin import Change
    from knowledge.suggestions import KeywordSuggestion

log = logging.getLogger(__name__)

PROCESSING_SLOTS = 32
RESPONSE_RETRIES = (0.2, 1.0, 0.0)  # pause after each try of a response URL post
SlackCall = Callable[[str, dict], Awaitable[dict]]


class NoRegistry(SwitchboardError):
    """No registry has been imported yet."""


@dataclass
class WhoAnswer:
    route: Route
    registry: Registry
    lang: str


class Switchboard(TriggerProcessing):
    """Everything the listeners may ask for."""

    def __init__(self, *, store: Store, repo: RegistryRepo, call: SlackCall, escalations: Any, outbox: Any,
                 clock: Any, inbox: Inbox, learning: Learning | None = None, semantic: Reranker | None = None,
                 foreground: Foreground | None = None,
                 post_response: Callable[[str, dict], Awaitable[int]] | None = None):
        self.store = store
        self.repo = repo
        self.call = call
        self.escalations = escalations
        self.outbox = outbox
        self.clock = clock
        self.inbox = inbox
        self.messages = MessageReader(call)
        self.locales = Locales(lambda user: call("users.info", {"user": user, "include_locale": True}), self.default_language)
        self.bot_user_id: str | None = None
        self.bot_id: str | None = None
        self.workspace_url: str | None = None  # from auth.test, e.g. https://acme.slack.com/
        self.home_publisher: Callable[[str], Awaitable[None]] | None = None
        self.admin: Any = None  # bot.admin.RegistryAdmin, attached by the app factory
        self._tasks: set[asyncio.Task] = set()
        self._timers: set[asyncio.Task] = set()  # triggers waiting to be tried again
        # a burst of triggers is fetched and routed together, so its escalations are stored in one
        # commit and their cards leave together (the acknowledgements go first: ``foreground``);
        # the bound keeps a backlog after a restart from opening hundreds of Slack calls at once
        self._processing = asyncio.Semaphore(PROCESSING_SLOTS)
        self.learning = learning or Learning(store, **({"now": clock.now} if clock is not None else {}))
        self.semantic = semantic or Reranker(None)
        self.foreground = foreground or Foreground()
        self._post_response = post_response  # (response_url, message) -> HTTP status

    # --- registry and routing ---------------------------------------------------------------

    def registry(self) -> Registry:
        registry, _revision = self.repo.current()
        if registry is None:
            raise NoRegistry("no registry loaded")
        return registry

    def default_language(self) -> str:
        registry, _revision = self.repo.current()
        return registry.settings.language if registry else "fr"

    def _current(self) -> tuple[Registry, int]:
        registry, revision = self.repo.current()
        if registry is None:
            raise NoRegistry("no registry loaded")
        return registry, revision

    def router(self) -> Router:
        """The router of the current registry revision, taught every correction."""
        return self.learning.router(*self._current())

    async def route(self, text: str, *, severity: str | None = None, rerank: bool = True) -> tuple[Route, Registry]:
        """Route ``text`` with what corrections taught, re-ranked by the semantic backend when configured
        (and ``rerank``); a new router is built on a worker thread, not on the event loop."""
        registry, revision = self._current()
        router = await self.learning.arouter(registry, revision)
        route = router.route(text, severity=severity)
        if rerank:
            route = await self.semantic.rerank(text, route, registry)
        return route, registry

    async def who(self, text: str, user: str | None) -> WhoAnswer:
        """Route a "who handles this?" question and pick the asker's language."""
        route, registry = await self.route(text)
        lang = await self.locales.of(user)
        return WhoAnswer(route, registry, lang)

    async def permalink(self, channel: str, ts: str) -> str | None:
        """A link to the message: built from the workspace URL (no API call), else asked to Slack."""
        from slack_sdk.errors import SlackApiError

        if self.workspace_url:
            return f"{self.workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"
        try:
            response = await self.call("chat.getPermalink", {"channel": channel, "message_ts": ts})
        except SlackApiError:
            return None
        return response.get("permalink")

    async def respond(self, response_url: str | None, message: dict, *, fallback: Callable[..., Awaitable[Any]]) -> bool:
        """Post ``message`` to a response URL (through the bot's connection pool), tried three times
        when Slack fails or cannot be reached; ``fallback`` is Bolt's ``respond``. True once posted."""
        if not response_url or self._post_response is None:
            await fallback(**message)
            return True
        for attempt, pause in enumerate(RESPONSE_RETRIES):
            try:
                status = await self._post_response(response_url, message)
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                status, error = None, str(exc) or type(exc).__name__
            else:
                if status < 300:
                    return True
                error = f"HTTP {status}"
                if status < 500 and status != 429:
                    break  # refused for good (expired or unknown URL): trying again changes nothing
            if attempt + 1 < len(RESPONSE_RETRIES):
                await asyncio.sleep(pause)
        log.warning("could not post to a response URL: %s", error)
        return False

    async def post_answer(self, key: str, *, channel: str, thread_ts: str | None, message: dict) -> bool:
        """Post an answer once per ``key`` (a mention and its twin message event answer once)."""
        if not await self.inbox.accept(key, {"via": "answer"}):
            return False
        args = {**message, "channel": channel}
        if thread_ts:
            args["thread_ts"] = thread_ts
        await self.outbox.enqueue([self.outbox.entry("chat.postMessage", args, channel_key=channel)])
        await self.inbox.done(key)
        return True

    async def tell(self, user: str | None, channel: str | None, key: str, lang: str, **values: Any) -> None:
        """A short message only ``user`` sees: ephemeral in ``channel``, else a direct message."""
        from handlers.i18n import t

        if not user:
            return
        text = t(lang, key, **values)
        if channel:
            entry = self.outbox.entry("chat.postEphemeral", {"channel": channel, "user": user, "text": text})
        else:
            entry = self.outbox.entry("chat.postMessage", {"user": user, "text": text})
        await self.outbox.enqueue([entry])

    async def publish_home(self, user: str) -> None:
        """Publish the person's Home tab."""
        if self.home_publisher is not None:
            await self.home_publisher(user)

    def run_later(self, work: Awaitable[Any]) -> None:
        """Run ``work`` in the background (after Slack's acknowledgement); ``drain`` waits for it."""
        async def after_requests() -> Any:
            try:
                await self.foreground.clear()
            except asyncio.CancelledError:
                if asyncio.iscoroutine(work):
                    work.close()  # never started: no "never awaited" warning
                raise
            return await work

        task = asyncio.ensure_future(after_requests())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def choose(self, department: str, topic: str | None, ref: str, user: str, question: str | None = None) -> str:
        """An "is it rather…?" click: recorded as a correction; an escalation (ref ``esc:ESC-n``) is
        routed to that department's chain at once. Returns the department's name."""
        registry = self.registry()
        dept = registry.department(department)
        if dept is None:
            raise NotFound(f"unknown department {department!r}")
        topic = topic if dept.topic(topic) is not None else None
        if ref.startswith("esc:"):
            def still_offered(esc: dict) -> None:
                # checked in the reassign's own transaction: two clicks at once, or a click on a
                # card drawn before an acknowledgement or a first choice, act once at most
                if not (offers_choices(esc) or offers_elsewhere(esc)):
                    raise self._already_routed(esc, registry, user)

            current = await self.escalations.get(ref[4:])
            if current.get("status") == "resolved":  # who resolved it and when, to anyone
                raise state_conflict(current, registry, self.locales.cached(user))
            if not (offers_choices(current) or offers_elsewhere(current)):  # the same answer for everyone
                raise self._already_routed(current, registry, user)
            # an unsure escalation goes to its first chain; a confident one is reassigned, by
            # someone allowed to (the people it reached, the department's deputies or head, admins)
            esc = await self.escalations.reassign(ref[4:], user, department, topic, None, check=still_offered)
            self.outbox.kick()
            question = esc.get("text")
        if question:
            await self.learning.record(text=question, department=department, topic=topic, who=user, source="choice",
                                       ref=ref)
        return dept.name

    def _already_routed(self, esc: dict, registry: Registry, user: str) -> Conflict:
        from handlers.i18n import t

        lang = self.locales.cached(user)
        moved = [e for e in esc.get("timeline", []) if e.get("kind") == "reassigned"]
        actor = moved[-1].get("actor") if moved else None
        if not moved and esc.get("acknowledged_by"):
            return Conflict(t(lang, "choice.already_acknowledged", id=esc["id"],
                              user=registry.person_name(esc["acknowledged_by"])))
        dept = registry.department(esc["department"])
        return Conflict(t(lang, "choice.already_routed", id=esc["id"],
                          department=dept.name if dept else esc["department"],
                          user=registry.person_name(actor) if actor else "—"))

    # --- keyword suggestions (App Home) -------------------------------------------------------

    async def accept_suggestion(self, user: str, suggestion_id: str) -> tuple[KeywordSuggestion, Change]:
        """Add a suggested keyword: an audited registry change by ``user`` (admins only); (suggestion, change)."""
        suggestion = self.learning.find(self.registry(), suggestion_id)
        change = await self.admin.apply(user, suggestion.edit())
        await self.learning.aremember(suggestion, "accepted", user, "slack")
        return suggestion, change

    async def dismiss_suggestion(self, user: str, suggestion_id: str) -> KeywordSuggestion:
        """Dismiss a suggested keyword (admins only): it is not suggested again."""
        registry = self.admin.require_admin(user, "dismiss-suggestion")
        suggestion = self.learning.find(registry, suggestion_id)
        await self.learning.aremember(suggestion, "dismissed", user, "slack")
        return suggestion

    async def publish_home_with_suggestions(self, user: str, notice: str | None = None) -> None:
        """Publish the person's Home tab; admins also see the keyword suggestions; ``notice`` heads it."""
        from handlers import blocks

        lang = await self.locales.of(user)
        data = await self.admin.home(user)
        suggestions = self.learning.suggestions(data.registry) if data.is_admin and data.registry else None
        view = blocks.home_view(data, lang, suggestions=suggestions, notice=notice)
        await self.call("views.publish", {"user_id": user, "view": view})

    # --- buttons ----------------------------------------------------------------------------

    async def acknowledge(self, esc_id: str, user: str) -> dict:
        esc = await self.escalations.acknowledge(esc_id, user)
        self.outbox.kick()
        return esc

    async def resolve(self, esc_id: str, user: str, note: str | None) -> dict:
        esc = await self.escalations.resolve(esc_id, user, note)
        self.outbox.kick()
        return esc

    async def reassign(self, esc_id: str, user: str, department: str, person: str | None, *,
                       topic: str | None = None) -> dict:
        """The Reassign form: a new chain for the department (or one of its topics), recorded as a correction."""
        esc = await self.escalations.reassign(esc_id, user, department, topic, person)
        self.outbox.kick()
        await self.learning.record(text=esc.get("text") or "", department=department, topic=esc.get("topic"),
                                   who=user, source="reassign", ref=f"esc:{esc_id}")
        return esc

    async def check_can_act(self, esc_id: str, user: str) -> dict:
        """The escalation, when ``user`` may act on it (NotAllowed otherwise)."""
        return await self.escalations.check_can_act(esc_id, user)

    def cancel_retries(self) -> None:
        """Stop the timers of triggers waiting to be tried again (they stay pending in the inbox)."""
        for timer in list(self._timers):
            timer.cancel()

    async def drain(self) -> None:
        """Wait for background processing (tests, demo, shutdown); triggers waiting for Slack are not waited for."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

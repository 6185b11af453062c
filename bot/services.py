"""The bot's services as one object handed to every listener: questions, triggers, buttons.

Listeners parse a payload and call one method here; nothing in this module sees a Slack payload.
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
from bot.slack_errors import RETRY, classify_error
from handlers.blocks.base import unescape
from handlers.i18n import slack_error
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
RETRY_CAP = 300.0  # seconds between two tries of a trigger Slack could not serve
SlackCall = Callable[[str, dict], Awaitable[dict]]


class SlackUnavailable(SwitchboardError):
    """Slack cannot answer right now (rate limit, server error, network): try again later."""

    def __init__(self, error: str, retry_after: float | None = None):
        super().__init__(error)
        self.retry_after = retry_after


class NoRegistry(SwitchboardError):
    """No registry has been imported yet."""


@dataclass
class WhoAnswer:
    route: Route
    registry: Registry
    lang: str


class Switchboard:
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

    # --- triggers ---------------------------------------------------------------------------

    async def accept(self, key: str, trigger: dict[str, Any]) -> bool:
        """Write a trigger down (before Slack is acknowledged); False for a repeat."""
        return await self.inbox.accept(key, trigger)

    def process_later(self, key: str, trigger: dict[str, Any], attempt: int = 0) -> None:
        """Process an accepted trigger in the background (after the acknowledgement)."""
        task = asyncio.create_task(self._process_in_turn(key, trigger, attempt))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _process_in_turn(self, key: str, trigger: dict[str, Any], attempt: int) -> dict | None:
        self.outbox.upstream += 1  # a card to someone who must act is on its way
        try:
            await self.foreground.clear()
            async with self._processing:
                return await self.process(key, trigger, attempt)
        finally:
            self.outbox.upstream -= 1
            if not self.outbox.upstream:
                self.outbox.wake()

    async def process(self, key: str, trigger: dict[str, Any], attempt: int = 0) -> dict | None:
        """Turn one trigger into an escalation (or a +1 reporter); returns the escalation.

        When Slack cannot be read right now (rate limit, 5xx, network), the trigger stays pending
        and is tried again later; a permanent refusal is told to the reporter and drops it.
        """
        try:
            esc = await self._process(trigger)
        except SlackUnavailable as exc:
            delay = exc.retry_after or min(RETRY_CAP, 2.0 ** attempt)
            log.info("trigger %s waits %.0f s: Slack answered %s", key, delay, exc)
            self._retry_later(key, trigger, attempt + 1, delay)
            return None
        except SwitchboardError as exc:
            log.info("trigger %s dropped: %s", key, exc)
            await self.inbox.done(key, forget=True)  # the reporter may try again once it can work
            return None
        await self.inbox.done(key)
        return esc

    def _retry_later(self, key: str, trigger: dict[str, Any], attempt: int, delay: float) -> None:
        async def later() -> None:
            await self.clock.sleep(delay)
            self.process_later(key, trigger, attempt)

        timer = asyncio.create_task(later())
        self._timers.add(timer)
        timer.add_done_callback(self._timers.discard)

    async def resume(self) -> int:
        """Queue every trigger left pending by a stop or a crash, oldest first; returns how many.

        They are processed in the background, so the bot answers Slack again at once after a
        restart instead of after its backlog.
        """
        pending = await self.inbox.pending()
        for key, trigger in pending:
            self.process_later(key, trigger)
        return len(pending)

    async def _process(self, trigger: dict[str, Any]) -> dict | None:
        channel, ts = trigger.get("channel"), trigger.get("ts")
        text, thread_ts = trigger.get("text"), trigger.get("thread_ts")
        reporter = trigger.get("reporter")
        if text is None and channel and ts:
            try:
                text, thread_ts, own = await self.fetch_message(channel, ts, thread_ts)
            except SlackUnavailable:
                raise
            except SwitchboardError as exc:
                lang = await self.locales.of(reporter)
                # told where the person asked (the channel of /escalate), else beside the message
                await self.tell(reporter, trigger.get("reply_channel") or channel, "esc.link_unreadable", lang,
                                error=slack_error(lang, str(exc)))
                raise
            if own:
                lang = await self.locales.of(reporter)
                await self.tell(reporter, trigger.get("reply_channel") or channel, "esc.own_message", lang)
                raise SwitchboardError("a message of the bot itself: not escalated")
        if not text or not text.strip():
            raise SwitchboardError("nothing to escalate: empty message")
        text = unescape(text)  # as the person wrote it: escaped once, when posted again
        permalink = trigger.get("permalink")
        if channel and ts and not permalink:
            permalink = await self.permalink(channel, ts)
        await self.foreground.clear()
        route, registry = await self.route(text)
        # everyone this escalation may reach, so that each card is written in its reader's language
        # from the first one (the cache of languages otherwise fills as people use the bot)
        await asyncio.gather(*(self.locales.of(u) for u in _reachable(registry, route, reporter)))
        source = {"channel": channel, "ts": ts, "thread_ts": thread_ts, "permalink": permalink}
        await self.foreground.clear()
        esc, _created = await self.escalations.create(
            text=text, source=source, reporter=reporter, via=trigger["via"], route=route,
            severity=trigger.get("severity"),
        )  # its messages went to the outbox worker with the commit: no reload needed
        return esc

    async def fetch_message(self, channel: str, ts: str, thread_ts: str | None = None) -> tuple[str, str | None, bool]:
        """The text of a message the bot can read, its thread, and whether the bot wrote it (the
        messages of one channel asked for together are read with one call: ``MessageReader``). A
        reply in a thread, which the channel's history does not list, is read from its thread."""
        from slack_sdk.errors import SlackApiError

        try:
            if thread_ts and thread_ts != ts:
                message = await self._reply(channel, thread_ts, ts)
            else:
                message = await self.messages.read(channel, ts)
                if message is None:  # a reply whose thread we were not told (a reaction on it)
                    message = await self._reply(channel, ts, ts)
        except (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            verdict, error, retry_after = classify_error(exc)
            if verdict == RETRY:
                raise SlackUnavailable(error, retry_after) from exc
            raise SwitchboardError(error) from exc
        if message is None:
            raise NotFound("message_not_found")
        own = bool((self.bot_id and message.get("bot_id") == self.bot_id)
                   or (self.bot_user_id and message.get("user") == self.bot_user_id))
        return message.get("text") or "", message.get("thread_ts"), own

    async def _reply(self, channel: str, thread_ts: str, ts: str) -> dict | None:
        response = await self.call("conversations.replies", {"channel": channel, "ts": thread_ts, "latest": ts,
                                                             "inclusive": True, "limit": 200})
        return next((m for m in response.get("messages", []) if m.get("ts") == ts), None)

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

    async def is_escalated(self, channel: str, ts: str) -> bool:
        """True when the message is the source of an open escalation, or its screening already
        made it one that is still being processed."""
        if self.inbox.has_seen(f"auto:{channel}:{ts}"):
            return True
        return await self.store.acall(self.escalations.records.by_source, channel, ts) is not None

    async def tell_already_reported(self, user: str | None, channel: str | None, ts: str | None,
                                    where: str | None = None) -> None:
        """Someone triggers again on a message they already escalated: say which escalation it is,
        in ``where`` (default: the message's channel); nothing while their first trigger is still
        being processed, nor for anyone else."""
        if not (user and channel and ts):
            return
        esc = await self.store.acall(self.escalations.records.by_source, channel, ts)
        if esc is not None and user in (esc.get("reporters") or []):
            await self.tell(user, where or channel, "esc.confirm.again", await self.locales.of(user), id=esc["id"])

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
            esc_id = ref[4:]
            esc = await self.escalations.get(esc_id)
            if esc.get("chain_no"):
                raise self._already_routed(esc, registry, user)
            esc = await self.escalations.reassign(esc_id, user, department, topic, None)
            self.outbox.kick()
            question = esc.get("text")
        if question:
            await self.learning.record(text=question, department=department, topic=topic, who=user, source="choice",
                                       ref=ref)
        return dept.name

    def _already_routed(self, esc: dict, registry: Registry, user: str) -> Conflict:
        from handlers.i18n import t

        moved = [e for e in esc.get("timeline", []) if e.get("kind") == "reassigned"]
        actor = moved[-1].get("actor") if moved else None
        dept = registry.department(esc["department"])
        return Conflict(t(self.locales.cached(user), "choice.already_routed", id=esc["id"],
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

    async def reassign(self, esc_id: str, user: str, department: str, person: str | None) -> dict:
        """The Reassign form: a new chain for the department, recorded as a correction."""
        esc = await self.escalations.reassign(esc_id, user, department, None, person)
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


def _reachable(registry: Any, route: Any, reporter: str | None) -> set[str]:
    """The reporter and the people an escalation of ``route`` may reach as it climbs: the
    department's and its topic's people, the triage department's, the registry's admins."""
    people = {reporter, route.owner, route.head, *route.deputies, *registry.settings.admins}
    for dept_id in (route.department, registry.settings.triage_department):
        dept = registry.department(dept_id)
        if dept is not None:
            people.update((dept.owner, dept.head, *dept.deputies))
    return {p for p in people if p}

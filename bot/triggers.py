"""Triggers, from the moment Slack is acknowledged to the escalation: written down, processed in
turn, the message read when only its place is known, tried again while Slack cannot answer, and
the reporter told when nothing can be done (``TriggerProcessing``, part of ``bot.services.Switchboard``).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from bot.escalation_chain import reachable
from bot.slack_errors import RETRY, classify_error
from handlers.blocks.base import unescape
from handlers.i18n import slack_error
from knowledge.errors import NotFound, SwitchboardError
from knowledge.models import SEVERITY_RANK
from knowledge.resemblance import same_matter

ACCESS_ERRORS = frozenset({"channel_not_found", "not_in_channel"})  # inviting the bot into the channel helps

log = logging.getLogger(__name__)

RETRY_CAP = 300.0  # seconds between two tries of a trigger Slack could not serve


class SlackUnavailable(SwitchboardError):
    """Slack cannot answer right now (rate limit, server error, network): try again later."""

    def __init__(self, error: str, retry_after: float | None = None):
        super().__init__(error)
        self.retry_after = retry_after


class TriggerProcessing:
    """The trigger half of the services (the attributes it reads are set by ``Switchboard``)."""

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
                # inviting the bot helps only where it cannot see; a message that is not there is not
                key = "esc.link_unreadable" if str(exc) in ACCESS_ERRORS else "esc.link_missing"
                await self.tell(reporter, trigger.get("reply_channel") or channel, key, lang,
                                error=slack_error(lang, str(exc)))
                raise
            if own:
                await self.tell_own_message(reporter, trigger.get("reply_channel") or channel)
                raise SwitchboardError("a message of the bot itself: not escalated")
        if not text or not text.strip():
            raise SwitchboardError("nothing to escalate: empty message")
        text = unescape(text)  # as the person wrote it: escaped once, when posted again
        permalink = trigger.get("permalink")
        if channel and ts and not permalink:
            permalink = await self.permalink(channel, ts)
        await self.foreground.clear()
        route, registry = await self.route(text)
        severity = trigger.get("severity")
        if trigger["via"] == "mention" and severity and SEVERITY_RANK[route.severity] > SEVERITY_RANK[severity]:
            severity = route.severity  # said in passing ("escalate, low priority"), it raises, never lowers
        # everyone this escalation may reach, so that each card is written in its reader's language
        # from the first one (the cache of languages otherwise fills as people use the bot)
        await self.locales.learn(reachable(registry, route.department, route.topic, reporter))
        source = {"channel": channel, "ts": ts, "thread_ts": thread_ts, "permalink": permalink}
        await self.foreground.clear()
        esc, _created = await self.escalations.create(
            text=text, source=source, reporter=reporter, via=trigger["via"], route=route,
            severity=severity, tell_repeat=True,
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
                    try:
                        message = await self._reply(channel, ts, ts)
                    except SlackApiError as exc:
                        if exc.response.get("error") != "thread_not_found":
                            raise
                        message = None  # no such thread either: the message is not there
        except (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            verdict, error, retry_after = classify_error(exc)
            if verdict == RETRY:
                raise SlackUnavailable(error, retry_after) from exc
            raise SwitchboardError(error) from exc
        if message is None:
            raise NotFound("message_not_found")
        return message.get("text") or "", message.get("thread_ts"), self.wrote(message)

    def wrote(self, message: dict) -> bool:
        """Whether a Slack message is one of the bot's own (a card, an answer, a note)."""
        return bool((self.bot_id and message.get("bot_id") == self.bot_id)
                    or (self.bot_user_id and message.get("user") == self.bot_user_id))

    async def tell_own_message(self, user: str | None, channel: str | None) -> None:
        """Tell ``user`` that the bot does not escalate its own messages."""
        await self.tell(user, channel, "esc.own_message", await self.locales.of(user))

    async def _reply(self, channel: str, thread_ts: str, ts: str) -> dict | None:
        response = await self.call("conversations.replies", {"channel": channel, "ts": thread_ts, "latest": ts,
                                                             "inclusive": True, "limit": 200})
        return next((m for m in response.get("messages", []) if m.get("ts") == ts), None)

    async def is_escalated(self, channel: str, ts: str, *, screening_key: str) -> bool:
        """True when the message is the source of an open escalation, or its screening (the
        trigger ``screening_key``) already made it one that is still being processed."""
        if self.inbox.has_seen(screening_key):
            return True
        return await self.store.acall(self.escalations.records.by_source, channel, ts) is not None

    async def follow_up_of(self, user: str | None, text: str, route: Any) -> str | None:
        """The id of the open escalation a watched-channel post of ``user`` follows up, if any: one
        of the department the post goes to (its answer or, when unsure, its likeliest department)
        that ``user`` is handling, whose message names the same things as the post ("rappelé la
        journaliste du Parisien, son article sort demain" after "Le Parisien prépare un article…").
        Another crisis of that department posted by the same person is news: it escalates."""
        department = route.department if route.confident else (route.guess.department if route.guess else None)
        if not user or not department:
            return None
        handled = await self.store.acall(self.escalations.records.handled_by, user, department)
        for esc in handled:
            if same_matter(text, esc.get("text") or ""):
                log.info("a post of %s in a watched channel follows up %s: not escalated again", user, esc["id"])
                return esc["id"]
        return None

    async def reported_by(self, user: str | None, channel: str | None, ts: str | None) -> str | None:
        """The id of the open escalation of this message when ``user`` is one of its reporters."""
        if not (user and channel and ts):
            return None
        esc = await self.store.acall(self.escalations.records.by_source, channel, ts)
        return esc["id"] if esc is not None and user in (esc.get("reporters") or []) else None

    async def tell_already_reported(self, user: str | None, channel: str | None, ts: str | None) -> None:
        """Someone triggers again on a message they already escalated: say which escalation it is,
        beside the message; nothing while their first trigger is still being processed."""
        esc_id = await self.reported_by(user, channel, ts)
        if esc_id is not None:
            await self.tell(user, channel, "esc.confirm.again", await self.locales.of(user), id=esc_id)

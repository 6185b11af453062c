"""Test kit for the escalation lifecycle: a small registry, a fake Slack Web API, a restartable rig."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.clock import FakeClock
from bot.escalation_text import TextRenderer
from bot.escalations import EscalationService
from bot.outbox import Outbox
from bot.sweep import Sweeper
from knowledge.models import Registry
from knowledge.store import Store
from knowledge.validation import validate_data

REGISTRY_DATA: dict[str, Any] = {
    "version": 1,
    "settings": {
        "language": "fr",
        "triage_department": "community",
        "admins": ["U0ADMIN01"],
        "ack_timeouts": {"critical": "30s", "high": "1m", "normal": "2m"},
    },
    "people": {
        "U0ADMIN01": {"name": "Léa Fournier"}, "U0CM00002": {"name": "Hugo Petit"},
        "U0CM00003": {"name": "Jade Morel"}, "U0COMM001": {"name": "Paul Renaud"},
        "U0LEGAL01": {"name": "Claire Martin"}, "U0LEGAL02": {"name": "Marc Dubois"},
        "U0LEGAL03": {"name": "Nina Roy"}, "U0CEO0001": {"name": "Hélène Marchand"},
        "U0PRESS01": {"name": "Inès Caron"},
    },
    "departments": [
        {"id": "community", "name": "Community", "channel": "C0COMMUN1", "owner": "U0ADMIN01",
         "deputies": ["U0CM00002"], "head": "U0COMM001"},
        {"id": "legal", "name": "Legal", "channel": "C0LEGAL01", "owner": "U0LEGAL01",
         "deputies": ["U0LEGAL02", "U0LEGAL03"], "head": "U0CEO0001"},
        {"id": "press", "name": "Press", "owner": "U0PRESS01"},
    ],
}
REGISTRY: Registry = validate_data(REGISTRY_DATA, source="test").registry
SOURCE = {"channel": "C0SOCIAL1", "ts": "1700000000.000100", "thread_ts": None,
          "permalink": "https://example.slack.com/archives/C0SOCIAL1/p1700000000000100"}


@dataclass
class FakeRoute:
    """What the routing engine answers, reduced to what escalations read."""

    department: str = "legal"
    topic: str | None = None
    severity: str = "critical"
    owner: str | None = "U0LEGAL01"
    deputies: list[str] = field(default_factory=lambda: ["U0LEGAL02", "U0LEGAL03"])
    head: str | None = "U0CEO0001"
    channel: str | None = "C0LEGAL01"
    confident: bool = True


def route_for(registry: Registry, department: str, severity: str = "critical") -> FakeRoute:
    """The route the engine would give for ``department``."""
    owner, deputies, head = registry.responsible(department)
    dept = registry.department(department)
    return FakeRoute(department, None, severity, owner, deputies, head, dept.channel if dept else None)


def slack_error(status: int, error: str, headers: dict | None = None) -> SlackApiError:
    """The exception AsyncWebClient raises for an HTTP status / ok:false answer."""
    response = SlackResponse(client=None, http_verb="POST", api_url="https://slack.com/api/x", req_args={},
                             data={"ok": False, "error": error}, headers=headers or {}, status_code=status)
    return SlackApiError(f"The request to the Slack API failed. (status: {status})", response)


class FakeSlack:
    """An in-memory Web API: records calls, answers like Slack, fails on demand."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.attempts: list[tuple[str, dict]] = []
        self.failures: dict[str, list[Any]] = {}
        self.delay = 0.0
        self._ts = 0

    def fail(self, method: str, *outcomes: Any) -> None:
        """The next calls of ``method`` raise (exceptions) or answer (dicts) these, in order."""
        self.failures.setdefault(method, []).extend(outcomes)

    async def __call__(self, method: str, args: dict) -> dict:
        self.attempts.append((method, dict(args)))
        if self.delay:
            await asyncio.sleep(self.delay)
        queue = self.failures.get(method)
        if queue:
            outcome = queue.pop(0)
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome
        self.calls.append((method, dict(args)))
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + args["users"][1:]}}
        self._ts += 1
        ts = f"1800000000.{self._ts:06d}"
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts") or ts}

    def sent(self, method: str = "chat.postMessage") -> list[dict]:
        """Successful calls of ``method``, in order."""
        return [args for m, args in self.calls if m == method]

    def dms(self) -> list[str]:
        """Users who received a direct message card, in order (D… channels map back to U…)."""
        return ["U" + a["channel"][1:] for a in self.sent() if a["channel"].startswith("D") and "blocks" in a]

    def in_channel(self, channel: str) -> list[dict]:
        return [a for a in self.sent() if a["channel"] == channel]

    def clear(self) -> None:
        self.calls.clear()
        self.attempts.clear()


class Rig:
    """Store + outbox + service + sweeper on a data folder, restartable like the bot process."""

    def __init__(self, path: Path, *, registry: Registry = REGISTRY, clock: FakeClock | None = None,
                 slack: FakeSlack | None = None, languages: dict[str, str] | None = None):
        self.path = path
        self.registry = registry
        self.clock = clock or FakeClock()
        self.slack = slack or FakeSlack()
        self.languages = languages or {}
        self.learnt: list[set[str]] = []  # each call to learn languages, with the people asked about
        self.store: Store | None = None

    async def _learn(self, users) -> None:
        self.learnt.append(set(users))

    async def open(self) -> Rig:
        self.store = Store.open(self.path)
        self.outbox = Outbox(self.store, self.clock, self.slack, pace_seconds=0)
        self.service = EscalationService(self.store, self.clock, self.outbox, TextRenderer(),
                                         lambda: self.registry, lambda user: self.languages.get(user, "en"),
                                         learn_languages=self._learn)
        self.sweeper = Sweeper(self.service, self.clock)
        self.repaired = await self.service.repair()
        self.outbox.start()
        return self

    async def close(self) -> None:
        if self.store is not None:
            await self.outbox.stop()
            self.store.close()
            self.store = None

    async def restart(self) -> Rig:
        await self.close()
        return await self.open()

    async def create(self, *, source: dict | None = None, reporter: str = "U0CM00002", route: FakeRoute | None = None,
                     severity: str | None = None, via: str = "reaction", text: str = "A lawyer threatens to sue us") -> dict:
        esc, _created = await self.service.create(text=text, source=source or SOURCE, reporter=reporter, via=via,
                                                  route=route or FakeRoute(), severity=severity)
        return esc

    async def settle(self) -> None:
        """Deliver everything that is due now."""
        assert await self.outbox.drain(5), "the outbox did not drain"

    async def settle_while_advancing(self, seconds: float, step: float = 1.0) -> None:
        """Deliver everything, moving the clock ``step`` at a time (retries and backoff) up to ``seconds``."""
        waited = 0.0
        while not await self.outbox.drain(0.2):
            assert waited < seconds, f"the outbox did not drain within {seconds} fake seconds"
            self.clock.advance(step)
            waited += step

    async def tick(self, seconds: float) -> int:
        """Advance time, run the sweeper once, deliver; returns the steps run."""
        self.clock.advance(seconds)
        ran = await self.sweeper.run_once()
        await self.settle()
        return ran

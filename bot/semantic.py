"""An optional semantic second opinion: an OpenAI-compatible chat endpoint re-ranks the lexical top candidates.

Off by default: nothing leaves the machine unless ``SWITCHBOARD_LLM_URL`` is set.

    SWITCHBOARD_LLM_URL       base URL of an OpenAI-compatible API (``POST {url}/chat/completions``),
                              e.g. http://127.0.0.1:8000/v1
    SWITCHBOARD_LLM_MODEL     the model to ask (required with the URL)
    SWITCHBOARD_LLM_API_KEY   sent as ``Authorization: Bearer …`` when set; never logged
    SWITCHBOARD_LLM_TIMEOUT   the whole budget of one question in seconds (default 1.5, at most 10)

What is sent: the message (cut to ``MESSAGE_LIMIT`` characters) and the candidate departments
(the lexical answer and its alternatives, at most ``CANDIDATES``) with their ids, names,
descriptions and topic names. The model must answer a JSON object naming one candidate id,
``{"department": "legal"}``, or none, ``{"department": null}``.

How the answer is used (the lexical engine stays in charge; the model only re-orders its top):

- the lexical engine was confident in A and the model says A or none: unchanged;
- it was confident in A and the model says B: a disagreement costs a click rather than a wrong
  owner: the route goes to triage, not confident, offering B then A first;
- it was not confident (triage) and the model says B: B, confident, topic as the lexical
  alternative had it, "why" naming the semantic reading; none: unchanged.

Any failure leaves the lexical answer: a time-out of the budget, a network or HTTP error, a
body that is not the expected JSON, an id that is not a candidate. Each is logged once per call.

Where it runs (never before Slack's acknowledgement): escalations are routed after the trigger
is acknowledged (``Switchboard.process``); with the backend on, `/who` is acknowledged at once
and its answer follows through the response URL, and mention / direct-message answers are
computed in the background. The automatic screening of watched channels stays lexical.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from handlers.blocks import SEMANTIC_TERM
from knowledge.errors import SwitchboardError
from knowledge.models import Registry
from knowledge.routing import Alternative, Route

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 1.5
MAX_TIMEOUT = 10.0
CANDIDATES = 4
MESSAGE_LIMIT = 2000
DESCRIPTION_LIMIT = 400
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)

SYSTEM_PROMPT = (
    "You route messages received by a company to the department responsible for them. "
    "You are given a message and candidate departments (id, name, description, topics). "
    "Answer with one JSON object and nothing else: {\"department\": \"<id>\"} naming the candidate "
    "responsible for the message, or {\"department\": null} when none of them fits. "
    "Use only the ids given. The message may be in French or English."
)


class SemanticConfigError(SwitchboardError):
    """A malformed SWITCHBOARD_LLM_* setting; the message names the variable."""


@dataclass(frozen=True)
class SemanticSettings:
    """Where the semantic backend is and how long it may take."""

    url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT

    @property
    def endpoint(self) -> str:
        """The chat completions address."""
        return self.url.rstrip("/") + "/chat/completions"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SemanticSettings | None:
        """The settings from SWITCHBOARD_LLM_*; None when no URL is set (the backend is off)."""
        url = env.get("SWITCHBOARD_LLM_URL", "").strip()
        if not url:
            return None
        if not re.match(r"^https?://[^\s/]+", url):
            raise SemanticConfigError("SWITCHBOARD_LLM_URL is malformed: expected an http(s) URL such as "
                                      "http://127.0.0.1:8000/v1")
        model = env.get("SWITCHBOARD_LLM_MODEL", "").strip()
        if not model:
            raise SemanticConfigError("SWITCHBOARD_LLM_MODEL is not set: name the model to ask "
                                      "(SWITCHBOARD_LLM_URL is set)")
        raw = env.get("SWITCHBOARD_LLM_TIMEOUT", "").strip() or str(DEFAULT_TIMEOUT)
        try:
            timeout = float(raw)
        except ValueError:
            timeout = -1.0
        if not 0 < timeout <= MAX_TIMEOUT:
            raise SemanticConfigError(f"SWITCHBOARD_LLM_TIMEOUT is malformed: expected seconds between 0 and "
                                      f"{MAX_TIMEOUT:g}, got {raw!r}")
        return cls(url=url, model=model, api_key=env.get("SWITCHBOARD_LLM_API_KEY", "").strip() or None,
                   timeout=timeout)


class BadAnswer(ValueError):
    """The backend answered something that is not a usable choice."""


@dataclass
class RerankStats:
    """What the re-ranker did since start: asked, changed the answer, fell back."""

    asked: int = 0
    changed: int = 0
    fallbacks: int = 0


class Reranker:
    """Re-ranks a route's top candidates with the semantic backend, within its time budget."""

    def __init__(self, settings: SemanticSettings | None):
        self.settings = settings
        self.stats = RerankStats()
        self._session: aiohttp.ClientSession | None = None

    @property
    def enabled(self) -> bool:
        """True when a backend is configured."""
        return self.settings is not None

    async def close(self) -> None:
        """Close the HTTP session (at shutdown)."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def rerank(self, text: str, route: Route, registry: Registry) -> Route:
        """The route, re-ordered by the backend's choice; the route itself when off or on any failure."""
        settings = self.settings
        if settings is None:
            return route
        candidates = _candidates(route, registry)
        if len(candidates) < 2:
            return route  # nothing to re-order
        self.stats.asked += 1
        try:
            async with asyncio.timeout(settings.timeout):
                choice = await self._ask(settings, text, candidates, registry)
        except TimeoutError:
            return self._fallback(route, f"no answer within {settings.timeout:g} s")
        except aiohttp.ClientError as exc:
            return self._fallback(route, f"{type(exc).__name__}: {exc}")
        except BadAnswer as exc:
            return self._fallback(route, f"unusable answer: {exc}")
        reranked = _apply(route, choice, candidates, registry)
        if reranked is not route:
            self.stats.changed += 1
            log.info("semantic re-rank: %s -> %s (confident %s -> %s)", route.department, reranked.department,
                     route.confident, reranked.confident)
        return reranked

    def _fallback(self, route: Route, why: str) -> Route:
        self.stats.fallbacks += 1
        log.warning("semantic backend ignored, keeping the built-in answer: %s", why)
        return route

    async def _ask(self, settings: SemanticSettings, text: str, candidates: list[tuple[str, str | None]],
                   registry: Registry) -> str | None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=settings.timeout))
        headers = {"Content-Type": "application/json"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key}"
        async with self._session.post(settings.endpoint, json=_request(settings.model, text, candidates, registry),
                                      headers=headers) as response:
            if response.status != 200:
                raise BadAnswer(f"HTTP {response.status}")
            try:
                body = await response.json(content_type=None)
            except ValueError as exc:
                raise BadAnswer("the body is not JSON") from exc
        return _parse(body, {d for d, _topic in candidates})


def _candidates(route: Route, registry: Registry) -> list[tuple[str, str | None]]:
    """(department, topic) of the lexical answer and its alternatives, known to the registry, at most CANDIDATES."""
    found: dict[str, str | None] = {route.department: route.topic}
    for alternative in route.alternatives:
        found.setdefault(alternative.department, alternative.topic)
    return [(d, topic) for d, topic in found.items() if registry.department(d) is not None][:CANDIDATES]


def _request(model: str, text: str, candidates: list[tuple[str, str | None]], registry: Registry) -> dict[str, Any]:
    departments = []
    for dept_id, _topic in candidates:
        dept = registry.department(dept_id)
        assert dept is not None
        departments.append({"id": dept.id, "name": dept.name, "description": dept.description[:DESCRIPTION_LIMIT],
                            "topics": [topic.name for topic in dept.topics]})
    question = {"message": text[:MESSAGE_LIMIT], "departments": departments}
    return {
        "model": model,
        "temperature": 0,
        "max_tokens": 60,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": json.dumps(question, ensure_ascii=False)},
        ],
    }


def _parse(body: Any, candidates: set[str]) -> str | None:
    """The department id the backend chose (None: none fits); BadAnswer for anything else."""
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise BadAnswer("no choices[0].message.content") from exc
    if not isinstance(content, str):
        raise BadAnswer("the content is not text")
    match = _JSON_OBJECT.search(content)  # tolerate a code fence or a word around the object
    if match is None:
        raise BadAnswer(f"no JSON object in {content[:80]!r}")
    try:
        answer = json.loads(match.group(0))
    except ValueError as exc:
        raise BadAnswer(f"invalid JSON in {content[:80]!r}") from exc
    if not isinstance(answer, dict) or "department" not in answer:
        raise BadAnswer("no department field")
    choice = answer["department"]
    if choice is None or (isinstance(choice, str) and choice.strip().lower() in ("", "none", "null")):
        return None
    if not isinstance(choice, str) or choice.strip() not in candidates:
        raise BadAnswer(f"{choice!r} is not one of the candidates")
    return choice.strip()


def _apply(route: Route, choice: str | None, candidates: list[tuple[str, str | None]], registry: Registry) -> Route:
    """The route after the backend's choice (see the module docstring for the rules)."""
    if choice is None or (route.confident and choice == route.department):
        return route
    shares = {a.department: a.confidence for a in route.alternatives}
    topics = dict(candidates)
    if route.confident:
        # a disagreement: triage decides, with both readings offered first
        triage = registry.triage
        first = [Alternative(choice, topics.get(choice), shares.get(choice, 0.0)),
                 Alternative(route.department, route.topic, route.confidence)]
        rest = [a for a in route.alternatives if a.department not in (choice, route.department, triage.id)]
        alternatives = [a for a in first if a.department != triage.id] + rest
        owner, deputies, head = registry.responsible(triage.id)
        return dataclasses.replace(route, department=triage.id, topic=None, confident=False, owner=owner,
                                   deputies=deputies, head=head, channel=triage.channel,
                                   alternatives=alternatives[:3])
    if choice == route.department:
        # the triage department itself: now a considered answer rather than a default
        return dataclasses.replace(route, confident=True, matched=[SEMANTIC_TERM])
    topic = topics.get(choice)
    dept = registry.department(choice)
    assert dept is not None
    owner, deputies, head = registry.responsible(choice, topic if dept.topic(topic) else None)
    alternatives = [a for a in route.alternatives if a.department != choice]
    if route.department not in {a.department for a in alternatives}:
        alternatives.insert(0, Alternative(route.department, None, route.confidence))
    return dataclasses.replace(route, department=choice, topic=topic if dept.topic(topic) else None, confident=True,
                               confidence=shares.get(choice, route.confidence), owner=owner, deputies=deputies,
                               head=head, channel=dept.channel, matched=[SEMANTIC_TERM],
                               alternatives=alternatives[:3])

"""The optional semantic backend against a local fake OpenAI-compatible endpoint: re-rank, fallbacks, off by default."""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from bot.clock import FakeClock
from bot.sandbox import Sandbox
from bot.semantic import Reranker, SemanticConfigError, SemanticSettings
from knowledge.routing import Router
from knowledge.validation import load_registry_file
from tests.conftest import SAMPLE_REGISTRY

UNSURE = "un client demande pourquoi son compte a été fermé"  # lexical: triage, alternatives security, care…
LEAK = "Piratage : des mots de passe de clients ont fuité sur un forum, fuite de données confirmée"


@dataclass
class FakeLLM:
    """A chat completions endpoint on 127.0.0.1 that answers what the test says, when it says."""

    content: str = '{"department": null}'
    status: int = 200
    delay: float = 0.0
    raw_body: str | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(await request.json())
        self.headers.append(dict(request.headers))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.raw_body is not None:
            return web.Response(status=self.status, text=self.raw_body, content_type="application/json")
        body = {"id": "cmpl-1", "object": "chat.completion", "model": "fake",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": self.content}}]}
        return web.json_response(body, status=self.status)


@pytest.fixture
async def llm():
    fake = FakeLLM()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake.url = f"http://127.0.0.1:{runner.addresses[0][1]}/v1"
    yield fake
    await runner.cleanup()


@pytest.fixture
def registry():
    return load_registry_file(SAMPLE_REGISTRY).registry


@pytest.fixture
async def reranker(llm):
    reranker = Reranker(SemanticSettings(url=llm.url, model="tiny", api_key="sk-local", timeout=0.5))
    yield reranker
    await reranker.close()


def _route(registry, text: str):
    return Router(registry).route(text)


async def test_an_unsure_route_is_settled_by_the_backend_choice(llm, reranker, registry):
    lexical = _route(registry, UNSURE)
    assert lexical.confident is False and "customer_care" in [a.department for a in lexical.alternatives]
    llm.content = '{"department": "customer_care"}'
    route = await reranker.rerank(UNSURE, lexical, registry)
    assert (route.department, route.confident, route.owner) == ("customer_care", True, "U0CARE001")
    assert route.channel == registry.department("customer_care").channel
    assert route.severity == lexical.severity
    # what was sent: the text, and the candidates with names and descriptions, as the model and key say
    sent = llm.requests[0]
    assert sent["model"] == "tiny"
    question = json.loads(sent["messages"][-1]["content"])
    assert question["message"] == UNSURE
    names = {d["id"]: d for d in question["departments"]}
    assert "customer_care" in names and names["customer_care"]["name"] == "Service client"
    assert names["customer_care"]["description"] == registry.department("customer_care").description
    assert llm.headers[0]["Authorization"] == "Bearer sk-local"


async def test_a_disagreement_with_a_confident_answer_goes_to_triage_offering_both(llm, reranker, registry):
    lexical = _route(registry, LEAK)
    assert lexical.confident is True and lexical.alternatives
    other = lexical.alternatives[0].department
    llm.content = json.dumps({"department": other})
    route = await reranker.rerank(LEAK, lexical, registry)
    assert (route.department, route.confident) == (registry.settings.triage_department, False)
    assert [a.department for a in route.alternatives[:2]] == [other, lexical.department]


async def test_agreement_keeps_the_answer(llm, reranker, registry):
    lexical = _route(registry, LEAK)
    llm.content = json.dumps({"department": lexical.department})
    assert await reranker.rerank(LEAK, lexical, registry) is lexical


async def test_a_slow_backend_is_abandoned_within_the_budget(llm, reranker, registry):
    lexical = _route(registry, UNSURE)
    llm.content, llm.delay = '{"department": "customer_care"}', 2.0
    started = time.perf_counter()
    route = await reranker.rerank(UNSURE, lexical, registry)
    assert time.perf_counter() - started < 1.0  # the budget is 0.5 s
    assert route is lexical
    assert reranker.stats.fallbacks == 1


@pytest.mark.parametrize("content, raw_body, status", [
    ("I think it is customer care", None, 200),  # not JSON
    ('{"department": "finance"}', None, 200),  # not a candidate
    ('{"dept": "customer_care"}', None, 200),  # no department field
    (None, "<html>bad gateway</html>", 200),  # the body itself is not JSON
    ('{"department": "customer_care"}', None, 500),  # a server error
])
async def test_an_unusable_answer_keeps_the_built_in_answer(llm, reranker, registry, content, raw_body, status):
    lexical = _route(registry, UNSURE)
    llm.content, llm.raw_body, llm.status = content or "", raw_body, status
    assert await reranker.rerank(UNSURE, lexical, registry) is lexical
    assert reranker.stats.fallbacks == 1 and len(llm.requests) == 1


async def test_an_unreachable_backend_keeps_the_built_in_answer(registry):
    reranker = Reranker(SemanticSettings(url="http://127.0.0.1:9/v1", model="tiny", timeout=0.5))
    lexical = _route(registry, UNSURE)
    assert await reranker.rerank(UNSURE, lexical, registry) is lexical
    await reranker.close()


async def test_a_fenced_json_answer_is_understood(llm, reranker, registry):
    llm.content = 'Here you go:\n```json\n{"department": "security"}\n```'
    route = await reranker.rerank(UNSURE, _route(registry, UNSURE), registry)
    assert (route.department, route.confident) == ("security", True)


# --- off by default ----------------------------------------------------------------------------------

def test_settings_are_off_without_a_url_and_malformed_ones_name_the_variable():
    assert SemanticSettings.from_env({}) is None
    settings = SemanticSettings.from_env({"SWITCHBOARD_LLM_URL": "http://gw.local/v1", "SWITCHBOARD_LLM_MODEL": "m",
                                          "SWITCHBOARD_LLM_API_KEY": "sk-secret", "SWITCHBOARD_LLM_TIMEOUT": "0.8"})
    assert (settings.endpoint, settings.model, settings.timeout) == ("http://gw.local/v1/chat/completions", "m", 0.8)
    assert "sk-secret" not in repr(settings)
    for env, variable in (({"SWITCHBOARD_LLM_URL": "gw.local"}, "SWITCHBOARD_LLM_URL"),
                          ({"SWITCHBOARD_LLM_URL": "http://gw.local/v1"}, "SWITCHBOARD_LLM_MODEL"),
                          ({"SWITCHBOARD_LLM_URL": "http://gw/v1", "SWITCHBOARD_LLM_MODEL": "m",
                            "SWITCHBOARD_LLM_TIMEOUT": "soon"}, "SWITCHBOARD_LLM_TIMEOUT")):
        with pytest.raises(SemanticConfigError, match=variable):
            SemanticSettings.from_env(env)


async def test_not_configured_means_no_network_call_at_all(llm, registry, tmp_path):
    lexical = _route(registry, UNSURE)
    off = Reranker(None)
    assert off.enabled is False
    assert await off.rerank(UNSURE, lexical, registry) is lexical
    async with Sandbox(tmp_path / "data", registry_file=SAMPLE_REGISTRY, clock=FakeClock()) as box:
        reply = await box.command("U0CM00002", "C0COMMUN1", "/who", UNSURE)
        assert "pas sûr" in str(reply.body["blocks"])
        ts = box.emulator.add_message("C0SOCIAL1", UNSURE, "U0CM00003")
        await box.react("U0CM00002", "C0SOCIAL1", ts, "rotating_light")
        await box.settle()
    assert llm.requests == []


# --- in the bot ------------------------------------------------------------------------------------

async def test_with_the_backend_a_failed_response_url_post_is_tried_again(llm, tmp_path):
    llm.content = '{"department": "customer_care"}'
    async with Sandbox(tmp_path / "data", registry_file=SAMPLE_REGISTRY, clock=FakeClock()) as box:
        box.switchboard.semantic = Reranker(SemanticSettings(url=llm.url, model="tiny", timeout=1.0))
        box.emulator.fail("response_url", status=500)
        reply = await box.command("U0CM00002", "C0COMMUN1", "/who", UNSURE)
        assert "*Service client* s'en occupe" in reply.body["text"]
        assert [call.status for call in box.emulator.calls_to("response_url")] == [500, 200]
        await box.switchboard.semantic.close()


async def test_with_the_backend_who_is_acknowledged_at_once_and_answered_through_the_response_url(llm, tmp_path):
    llm.content = '{"department": "customer_care"}'
    async with Sandbox(tmp_path / "data", registry_file=SAMPLE_REGISTRY, clock=FakeClock()) as box:
        box.switchboard.semantic = Reranker(SemanticSettings(url=llm.url, model="tiny", timeout=1.0))
        reply = await box.command("U0CM00002", "C0COMMUN1", "/who", UNSURE)
        assert reply.status == 200 and reply.via == "response_url"  # the ack carries no answer
        await box.settle()
        answer = box.emulator.calls_to("response_url")[-1].body
        assert "*Service client* s'en occupe" in answer["text"]
        assert "lecture sémantique du message" in str(answer["blocks"])

        ts = box.emulator.add_message("C0SOCIAL1", UNSURE, "U0CM00003")
        await box.react("U0CM00002", "C0SOCIAL1", ts, "rotating_light")
        await box.settle()
        esc = await box.switchboard.escalations.get("ESC-1")
        assert (esc["department"], esc["confident"]) == ("customer_care", True)
        await box.switchboard.semantic.close()
    assert len(llm.requests) == 2


async def test_with_the_backend_a_mention_is_answered_after_the_acknowledgement(llm, tmp_path):
    from bot import emulator as slack

    llm.content = '{"department": "customer_care"}'
    async with Sandbox(tmp_path / "data", registry_file=SAMPLE_REGISTRY, clock=FakeClock()) as box:
        box.switchboard.semantic = Reranker(SemanticSettings(url=llm.url, model="tiny", timeout=1.0))
        ts = await box.post("U0CM00002", "C0COMMUN1", f"<@{slack.BOT_USER_ID}> {UNSURE}")
        await box.settle()
        answers = [m for m in box.emulator.messages_in("C0COMMUN1", thread_ts=ts) if m.user == slack.BOT_USER_ID]
        assert len(answers) == 1 and "*Service client* s'en occupe" in answers[0].text
        await box.switchboard.semantic.close()

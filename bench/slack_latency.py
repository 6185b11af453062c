"""How fast the bot answers Slack: ack latency for /who and reaction events, and reaction-to-DM.

The real app runs in HTTP mode on loopback against the project's Slack emulator; a bare Bolt
AsyncApp that only acks runs beside it in the same process and the same run, so the ratio
between the two is what to read (this machine is shared and noisy).

    python bench/slack_latency.py [--quick]
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import emulator as slack  # noqa: E402
from bot.sandbox import SIGNING_SECRET, Sandbox  # noqa: E402

TEXTS = [  # one per department of the sample registry, so a burst spreads like real traffic
    "Piratage : des mots de passe de clients ont fuité sur un forum",
    "Une journaliste de France 3 veut une interview avant 18h",
    "Le baudrier a cédé, un grimpeur blessé, sa famille parle d'avocat",
    "Mon colis est bloqué chez le transporteur depuis dix jours",
    "Un ancien vendeur raconte qu'il a été harcelé en magasin",
    "Le paiement échoue à chaque fois sur le site",
    "Quelqu'un menace de s'en prendre à l'équipe du magasin",
    "Un compte inonde nos publications de commentaires insultants",
    "Une cliente exige la suppression de toutes ses données personnelles",
    "Un client attend son remboursement depuis trois semaines",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def serve_bare(api_url: str) -> tuple[web.AppRunner, str]:
    """A Bolt app that acks and does nothing else."""
    app = AsyncApp(signing_secret=SIGNING_SECRET, client=AsyncWebClient(token="xoxb-bare", base_url=api_url),
                   process_before_response=True)

    @app.command("/who")
    async def who(ack):
        await ack()

    @app.event("reaction_added")
    async def reaction(event):
        return None

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/slack/events"


async def timed_posts(session: aiohttp.ClientSession, url: str, requests: list[slack.SlackRequest],
                      concurrency: int) -> list[float]:
    """Send signed requests ``concurrency`` at a time; per-request latency in ms."""
    latencies: list[float] = []
    semaphore = asyncio.Semaphore(concurrency)

    async def one(request: slack.SlackRequest) -> None:
        signed = request.signed(SIGNING_SECRET)
        async with semaphore:
            start = time.perf_counter()
            async with session.post(url, data=signed.body, headers=signed.headers) as response:
                await response.read()
                assert response.status == 200, response.status
            latencies.append((time.perf_counter() - start) * 1000)

    await asyncio.gather(*(one(r) for r in requests))
    return latencies


def who_requests(box: Sandbox, count: int) -> list[slack.SlackRequest]:
    return [slack.slash_command("/who", TEXTS[i % len(TEXTS)], user_id="U0CM00002", channel_id="C0COMMUN1",
                                response_url=box.emulator.response_url(f"bench{i}")) for i in range(count)]


def reaction_requests(box: Sandbox, count: int, tag: str, emoji: str) -> tuple[list[slack.SlackRequest], list[str]]:
    requests, markers = [], []
    for i in range(count):
        marker = f"[{tag}-{i}]"
        ts = box.emulator.add_message("C0SOCIAL1", f"{TEXTS[i % len(TEXTS)]} {marker}", "U0CM00003")
        requests.append(slack.event_callback(slack.reaction_added(user="U0CM00002", reaction=emoji,
                                                                  channel="C0SOCIAL1", ts=ts)))
        markers.append(marker)
    return requests, markers


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests per level")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    per_level = {1: 60, 20: 200, 100: 400} if not args.quick else {1: 20, 20: 60, 100: 100}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        async with Sandbox(Path(tmp) / "data", registry_file=ROOT / "samples" / "registry.yaml",
                           pace_seconds=0.0) as box:
            bare_runner, bare_url = await serve_bare(box.emulator.api_url)
            delivered: dict[str, float] = {}

            def on_message(event: str, message) -> None:
                if event == "posted" and message.channel.startswith("D") and "[" in (message.text or "") + str(message.blocks):
                    body = str(message.blocks)
                    for part in body.split("["):
                        marker = "[" + part.split("]")[0] + "]"
                        if marker.count("-") >= 1 and marker not in delivered:
                            delivered[marker] = time.perf_counter()

            box.emulator.add_listener(on_message)
            try:
                async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
                    # warm both apps up
                    await timed_posts(session, box.url, who_requests(box, 10), 5)
                    await timed_posts(session, bare_url, who_requests(box, 10), 5)
                    for concurrency, count in per_level.items():
                        for kind in ("/who", "reaction"):
                            if kind == "/who":
                                ours = await timed_posts(session, box.url, who_requests(box, count), concurrency)
                                bare = await timed_posts(session, bare_url, who_requests(box, count), concurrency)
                            else:
                                reqs, _ = reaction_requests(box, count, f"a{concurrency}", "eyes")
                                # an emoji that is not the escalation one: the listener runs, nothing is escalated
                                ours_noop = reqs
                                reqs, _ = reaction_requests(box, count, f"b{concurrency}", "rotating_light")
                                ours = await timed_posts(session, box.url, reqs, concurrency)
                                await box.settle(60)  # the bare app is measured on a quiet process
                                bare = await timed_posts(session, bare_url, ours_noop, concurrency)
                            rows.append((kind, concurrency, count, statistics.median(ours), percentile(ours, 0.99),
                                         statistics.median(bare), percentile(bare, 0.99)))
                    # reaction -> DM: bursts of 20 reactions arriving together
                    start: dict[str, float] = {}
                    semaphore = asyncio.Semaphore(20)
                    markers_all: list[str] = []

                    async def one(request, marker):
                        signed = request.signed(SIGNING_SECRET)
                        async with semaphore:
                            start[marker] = time.perf_counter()
                            async with session.post(box.url, data=signed.body, headers=signed.headers) as response:
                                await response.read()
                            deadline = time.perf_counter() + 30
                            while marker not in delivered and time.perf_counter() < deadline:
                                await asyncio.sleep(0.002)

                    for burst in range(5 if not args.quick else 3):
                        reqs, markers = reaction_requests(box, 20, f"dm{burst}", "rotating_light")
                        markers_all += markers
                        await asyncio.gather(*(one(r, m) for r, m in zip(reqs, markers)))
                        await box.settle(60)
                    to_dm = [(delivered[m] - start[m]) * 1000 for m in markers_all if m in delivered]
                    missing = len(markers_all) - len(to_dm)
            finally:
                await bare_runner.cleanup()

    print("ack latency (ms): Switchboard vs a bare AsyncApp that only acks, same run, loopback")
    print(f"{'request':>9} {'conc':>5} {'n':>5} | {'ours p50':>9} {'ours p99':>9} | {'bare p50':>9} {'bare p99':>9} | {'p99 ratio':>9}")
    for kind, concurrency, count, p50, p99, b50, b99 in rows:
        print(f"{kind:>9} {concurrency:>5} {count:>5} | {p50:9.2f} {p99:9.2f} | {b50:9.2f} {b99:9.2f} | {p99 / b99:8.2f}x")
    print()
    print(f"reaction -> DM recorded by the emulator, bursts of 20 concurrent reactions, n={len(to_dm)} (missing {missing}):")
    if to_dm:
        print(f"  p50 {statistics.median(to_dm):.1f} ms   p95 {percentile(to_dm, 0.95):.1f} ms   "
              f"p99 {percentile(to_dm, 0.99):.1f} ms   (goal p95 <= 150 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))

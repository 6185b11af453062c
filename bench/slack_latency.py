"""How fast the bot answers Slack: ack latency for /who and reaction events, reaction-to-DM, and
/who-to-answer.

The real bot runs as `switchboard run --http` (its front and worker processes; production
settings: durable store, outbox paced at one post per second per channel after a short burst)
against the project's Slack emulator on loopback; a bare Bolt AsyncApp that only acks runs in
another process in the same run, so the ratio between the two is what to read (this machine is
shared and noisy). The acknowledgements are timed by a client in a process of its own. The
emulator runs in this script's process at the lowest scheduling priority (``--emulator-nice``,
19 by default): it stands in for Slack's servers, whose work for the bot is done on Slack's
machines in production, so it takes only the CPU the apps and the client leave (with 0 it
competes with them). Both apps are warmed up first (a few /who; for the bot also one burst of
reactions, so DM channels are open and the owners' languages known, as in a bot that has been
running). Each level is measured in rounds that alternate the two apps (``--rounds``, 5 by
default, 3 with --quick); the table gives the medians of the rounds' figures, each round's p99
ratio, and the ratio of the p99s of all the rounds' requests pooled (the steadier figure: one slow
moment of the machine moves one round's p99 much more than the p99 of all of them).

    python bench/slack_latency.py [--quick] [--rounds N] [--emulator-nice N]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import os
import subprocess
import tempfile
import time
from pathlib import Path

import aiohttp
import yaml
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import emulator as slack  # noqa: E402
from bot.emulator import SlackEmulator  # noqa: E402
from bot.emulator.api import RESPONSE_URL  # noqa: E402
from bot.sandbox import SIGNING_SECRET, BotProcess, _free_port  # noqa: E402

TEXTS = [  # one per department of the sample registry (ten owners), so a burst spreads like real traffic
    "Piratage : des mots de passe de clients ont fuité sur un forum",
    "Une journaliste de France 3 veut une interview avant 18h",
    "Le baudrier a cédé en pleine voie, un grimpeur est blessé",
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


def serve_bare(port: int, api_url: str) -> None:
    """Run a Bolt app that acks and does nothing else (in its own process)."""
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

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    web_app.router.add_get("/health", health)
    web.run_app(web_app, host="127.0.0.1", port=port, print=None, access_log=None)


async def wait_healthy(session: aiohttp.ClientSession, port: int) -> None:
    for _ in range(600):
        try:
            async with session.get(f"http://127.0.0.1:{port}/health") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.05)
    raise TimeoutError("server did not start")


async def send_timed(url: str, requests: list[dict], concurrency: int) -> list[float]:
    """Send already-signed requests ``concurrency`` at a time; per-request latency in ms."""
    latencies: list[float] = []
    semaphore = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
        async def one(request: dict) -> None:
            async with semaphore:
                start = time.perf_counter()
                async with session.post(url, data=request["body"].encode(), headers=request["headers"]) as response:
                    await response.read()
                    assert response.status == 200, response.status
                latencies.append((time.perf_counter() - start) * 1000)

        await asyncio.gather(*(one(r) for r in requests))
    return latencies


class LoadClient:
    """Times the acknowledgements from a process of its own, started once, before the emulator's
    priority is lowered (it keeps the normal priority): the emulator, in this script's process,
    cannot delay it while it serves the bot's Web API calls."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--send", stdin=subprocess.PIPE, stdout=subprocess.PIPE, limit=1 << 24)

    async def timed(self, url: str, requests: list[slack.SlackRequest], concurrency: int) -> list[float]:
        """Per-request acknowledgement latency in ms, ``concurrency`` requests at a time."""
        assert self.process is not None and self.process.stdin is not None and self.process.stdout is not None
        signed = [request.signed(SIGNING_SECRET) for request in requests]
        job = json.dumps({"url": url, "concurrency": concurrency,
                          "requests": [{"body": r.body.decode(), "headers": r.headers} for r in signed]})
        self.process.stdin.write(job.encode() + b"\n")
        await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the load client stopped ({await self.process.wait()})")
        return json.loads(line)

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.stdin.close()
            await self.process.wait()


def send_main() -> None:
    """The load client's process: one job per line on stdin, its latencies as one line on stdout."""
    for line in sys.stdin:
        job = json.loads(line)
        print(json.dumps(asyncio.run(send_timed(job["url"], job["requests"], job["concurrency"]))), flush=True)


def who_requests(emu: SlackEmulator, count: int) -> list[slack.SlackRequest]:
    return [slack.slash_command("/who", TEXTS[i % len(TEXTS)], user_id="U0CM00002", channel_id="C0COMMUN1",
                                response_url=emu.response_url(f"bench{time.perf_counter_ns()}")) for i in range(count)]


def reaction_requests(emu: SlackEmulator, count: int, tag: str, emoji: str) -> tuple[list[slack.SlackRequest], list[str]]:
    requests, markers = [], []
    for i in range(count):
        marker = f"[{tag}-{i}]"
        ts = emu.add_message("C0SOCIAL1", f"{TEXTS[i % len(TEXTS)]} {marker}", "U0CM00003")
        requests.append(slack.event_callback(slack.reaction_added(user="U0CM00002", reaction=emoji,
                                                                  channel="C0SOCIAL1", ts=ts)))
        markers.append(marker)
    return requests, markers


def unhurried_registry(folder: Path) -> Path:
    """The sample registry with every acknowledgement deadline at one day: an escalation of this
    run climbing to its deputies (after 10 minutes for some) would keep the bot busy between
    rounds, and the rounds measured after it would not be like the others."""
    registry = yaml.safe_load((ROOT / "samples" / "registry.yaml").read_text(encoding="utf-8"))
    registry["settings"]["ack_timeouts"] = {"critical": "1d", "high": "1d", "normal": "1d"}
    for department in registry["departments"]:
        department.pop("ack_timeouts", None)
    path = folder / "registry.yaml"
    path.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


async def quiet(emu: SlackEmulator, seconds: float = 0.5, limit: float = 120.0) -> None:
    """Wait until the bot has stopped calling Slack for ``seconds`` (its background work is done)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        count = len(emu.calls)
        await asyncio.sleep(seconds)
        if len(emu.calls) == count:
            return


async def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--quick", action="store_true", help="fewer requests per level")
    parser.add_argument("--rounds", type=int, metavar="N",
                        help="rounds per level, alternating the two apps (default 5, 3 with --quick)")
    parser.add_argument("--emulator-nice", type=int, default=19, metavar="N",
                        help="scheduling priority of the emulator, which stands in for Slack's servers "
                             "(default 19, the lowest; 0 lets it compete with the apps)")
    parser.add_argument("--serve-bare", nargs=2, metavar=("PORT", "API_URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    per_level = {1: 1000, 20: 400, 100: 600} if not args.quick else {1: 60, 20: 100, 100: 200}
    rounds = args.rounds or (5 if not args.quick else 3)
    if rounds < 1:
        parser.error("--rounds must be at least 1")
    bursts = 5 if not args.quick else 3
    rows = []
    delivered: dict[str, float] = {}

    def on_message(event: str, message) -> None:
        if event == "posted" and message.channel.startswith("D"):
            body = str(message.blocks)
            for part in body.split("[")[1:]:
                marker = "[" + part.split("]")[0] + "]"
                if "-" in marker and marker not in delivered:
                    delivered[marker] = time.perf_counter()

    answered: dict[str, float] = {}

    def on_call(call) -> None:  # noqa: ANN001
        if call.method == RESPONSE_URL and call.body.get("key", "").startswith("answer"):
            answered.setdefault(call.body["key"], time.perf_counter())

    with tempfile.TemporaryDirectory() as tmp:
        async with SlackEmulator() as emu:
            for channel in ("C0SOCIAL1", "C0COMMUN1"):
                emu.add_channel(channel)
            emu.add_listener(on_message)
            emu.add_call_listener(on_call)
            bot = BotProcess(emu, Path(tmp) / "data", registry_file=unhurried_registry(Path(tmp)))
            bare_port = _free_port()
            bare = subprocess.Popen([sys.executable, __file__, "--serve-bare", str(bare_port), emu.api_url],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            bare_url = f"http://127.0.0.1:{bare_port}/slack/events"
            client = LoadClient()
            try:
                await bot.start()
                await client.start()
                # Slack's servers do their work on their own machines: the emulator, standing in
                # for them, takes the CPU the apps and the client leave (this thread only; the
                # processes measured were started before)
                os.setpriority(os.PRIO_PROCESS, 0, args.emulator_nice)
                async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
                    await wait_healthy(session, bare_port)
                    await client.timed(bot.url, who_requests(emu, 20), 5)  # warm up both
                    await client.timed(bare_url, who_requests(emu, 20), 5)
                    # and one burst of reactions, not counted: DM channels opened and languages
                    # looked up once, as in a bot that has been running
                    warm, _ = reaction_requests(emu, 20, "warm", "rotating_light")
                    await client.timed(bot.url, warm, 20)
                    await quiet(emu)
                    await asyncio.sleep(4)  # the owners' per-channel pace refills, as between bursts
                    # reaction -> DM first, on a bot with no backlog of paced posts
                    start: dict[str, float] = {}
                    markers_all: list[str] = []

                    async def one(request: slack.SlackRequest, marker: str) -> None:
                        signed = request.signed(SIGNING_SECRET)
                        start[marker] = time.perf_counter()
                        async with session.post(bot.url, data=signed.body, headers=signed.headers) as response:
                            await response.read()

                    for burst in range(bursts):
                        reqs, markers = reaction_requests(emu, 20, f"dm{burst}", "rotating_light")
                        markers_all += markers
                        await asyncio.gather(*(one(r, m) for r, m in zip(reqs, markers)))
                        deadline = time.perf_counter() + 30
                        while not all(m in delivered for m in markers) and time.perf_counter() < deadline:
                            await asyncio.sleep(0.005)
                        await asyncio.sleep(4)  # bursts a few seconds apart: Slack's per-channel pace refills
                    to_dm = [(delivered[m] - start[m]) * 1000 for m in markers_all if m in delivered]
                    missing = len(markers_all) - len(to_dm)
                    # /who -> its answer: the bot acknowledges at once and posts the answer to the
                    # command's response URL
                    asked: dict[str, float] = {}
                    for burst in range(bursts):
                        keys = [f"answer{burst}-{i}" for i in range(20)]
                        reqs = [slack.slash_command("/who", TEXTS[i % len(TEXTS)], user_id="U0CM00002",
                                                    channel_id="C0COMMUN1", response_url=emu.response_url(key))
                                for i, key in enumerate(keys)]
                        await asyncio.gather(*(one(r, k) for r, k in zip(reqs, keys)))
                        asked.update({k: start[k] for k in keys})
                        deadline = time.perf_counter() + 30
                        while not all(k in answered for k in keys) and time.perf_counter() < deadline:
                            await asyncio.sleep(0.005)
                        await quiet(emu)
                    to_answer = [(answered[k] - asked[k]) * 1000 for k in asked if k in answered]
                    for concurrency, count in per_level.items():
                        # rounds alternate the two apps, so that a slow moment of the machine
                        # lands on both; each round gives a p99 per app, and the medians are read
                        who_rounds, reaction_rounds = [], []
                        for round_no in range(rounds):
                            ours = await client.timed(bot.url, who_requests(emu, count), concurrency)
                            await quiet(emu)  # the bot's answers are posted before the bare app is measured
                            base = await client.timed(bare_url, who_requests(emu, count), concurrency)
                            who_rounds.append((ours, base))
                            reqs, _ = reaction_requests(emu, count, f"b{concurrency}-{round_no}", "rotating_light")
                            ours = await client.timed(bot.url, reqs, concurrency)
                            await quiet(emu)  # the bare app is measured while the bot is idle
                            reqs, _ = reaction_requests(emu, count, f"a{concurrency}-{round_no}", "rotating_light")
                            base = await client.timed(bare_url, reqs, concurrency)
                            reaction_rounds.append((ours, base))
                        rows.append(("/who", concurrency, count, who_rounds))
                        rows.append(("reaction", concurrency, count, reaction_rounds))
            finally:
                await client.stop()
                await bot.stop()
                bare.terminate()
                bare.wait()

    print("ack latency (ms): `switchboard run --http` vs a bare AsyncApp that only acks; bots, emulator and client "
          f"in separate processes, loopback; {rounds} rounds alternating the two apps, medians of the rounds' figures; pooled: p99 of all rounds' requests")
    print(f"{'request':>9} {'conc':>5} {'n':>5} | {'ours p50':>9} {'ours p99':>9} | {'bare p50':>9} {'bare p99':>9} | "
          f"{'p99 ratio':>9} {'pooled':>7} | ratio per round")
    for kind, concurrency, count, measured in rows:
        ratios = [percentile(ours, 0.99) / percentile(base, 0.99) for ours, base in measured]
        print(f"{kind:>9} {concurrency:>5} {count:>5} | "
              f"{statistics.median(statistics.median(o) for o, _ in measured):9.2f} "
              f"{statistics.median(percentile(o, 0.99) for o, _ in measured):9.2f} | "
              f"{statistics.median(statistics.median(b) for _, b in measured):9.2f} "
              f"{statistics.median(percentile(b, 0.99) for _, b in measured):9.2f} | "
              f"{statistics.median(ratios):8.2f}x "
              f"{percentile([v for o, _ in measured for v in o], 0.99) / percentile([v for _, b in measured for v in b], 0.99):6.2f}x | "
              + " ".join(f"{r:.2f}" for r in ratios))
    print()
    print(f"reaction -> DM recorded by the emulator, {bursts} bursts of 20 reactions at once, n={len(to_dm)} (missing {missing}):")
    if to_dm:
        print(f"  p50 {statistics.median(to_dm):.1f} ms   p95 {percentile(to_dm, 0.95):.1f} ms   "
              f"p99 {percentile(to_dm, 0.99):.1f} ms   (goal p95 <= 150 ms)")
    print(f"/who -> its answer posted to the response URL, {bursts} bursts of 20 at once, n={len(to_answer)} "
          f"(missing {len(asked) - len(to_answer)}):")
    if to_answer:
        print(f"  p50 {statistics.median(to_answer):.1f} ms   p95 {percentile(to_answer, 0.95):.1f} ms   "
              f"p99 {percentile(to_answer, 0.99):.1f} ms")
    return 0


if __name__ == "__main__":
    if "--send" in sys.argv:
        send_main()
        raise SystemExit(0)
    if "--serve-bare" in sys.argv:
        index = sys.argv.index("--serve-bare")
        serve_bare(int(sys.argv[index + 1]), sys.argv[index + 2])
        raise SystemExit(0)
    raise SystemExit(asyncio.run(main()))

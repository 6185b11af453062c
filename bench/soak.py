"""Soak: thousands of escalations at a steady rate, random Slack faults, one SIGKILL and restart.

`switchboard run --http` runs in its own process against the project's Slack emulator (in this
process). Each escalation is a reaction on a seeded message of its own, texts spread over the
departments of a generated registry (``--owners`` departments, each with its own owner, deputy and
channel; ``--owners 0`` uses the sample registry), triggered at ``--rate`` per second. The
emulator answers a random share of the bot's Web API calls with 429 (Retry-After 1 s) or 500.
Half way through, the bot is killed with SIGKILL and started again on the same data folder;
deliveries refused meanwhile are retried as Slack does (same event id, X-Slack-Retry-Num).

After the last trigger the soak waits until the bot has nothing left to do (no pending
trigger, an empty outbox), stops it, reads the data folder and the emulator's record and prints:
triggers accepted (HTTP 200), escalations stored, owner notifications delivered (DM cards
accepted by Slack), duplicates (and how long before the kill their first copy was accepted),
lost (must be 0), and the time from trigger to first DM card (p50/p99/max).

What bounds the latency: the outbox paces each channel to about one post per second after a
burst of 3, so ``--owners`` owners absorb at most about ``--owners`` cards per second; a 429
holds the whole method for its Retry-After; and the owners' cards go before the other posts
(channel cards, thread notes, confirmations), whose backlog grows during a 20/s storm and drains
afterwards. ``--rate-429 0`` shows the run without holds.
The default run takes about 4 minutes on a 2-core machine.

Usage: python bench/soak.py [--count 2000] [--rate 20] [--owners 40] [--rate-429 0.03]
                            [--rate-500 0.03] [--fault-methods M,M…] [--seed 1] [--dir DIR]
"""
from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import socket
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import emulator as slack  # noqa: E402
from bot.emulator import Call, SlackEmulator  # noqa: E402
from bot.escalations_cli import load as load_escalations  # noqa: E402
from bot.front import pending_event_ids  # noqa: E402
from bot.inbox import pending_keys  # noqa: E402
from bot.sandbox import SIGNING_SECRET, BotProcess  # noqa: E402
from knowledge.journal import read_database  # noqa: E402
from knowledge.models import Registry  # noqa: E402
from knowledge.validation import load_registry_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "registry.yaml"
EMOJI = "rotating_light"
FAULT_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update", "conversations.open",
                 "conversations.history", "chat.getPermalink", "users.info")
PLACES = ["volcan", "lagune", "glacier", "falaise", "savane", "toundra", "canyon", "archipel", "delta", "estuaire",
          "marais", "oasis", "plateau", "prairie", "récif", "steppe", "vallon", "geyser", "fjord", "dune", "atoll",
          "bocage", "cascade", "colline", "crique", "garrigue", "lande", "maquis", "mangrove", "moraine",
          "péninsule", "pinède", "ravin", "sommet", "taïga", "tourbière", "vignoble", "banquise", "causse", "lagon"]
TEMPLATES = [
    "Incident signalé au site {place} : un client s'est blessé",
    "Grosse panne au site {place}, les clients se plaignent sur les réseaux",
    "Un journaliste pose des questions sur le site {place}",
    "Le site {place} a reçu une réclamation très agressive",
]
SOURCE_CHANNELS = 100
REPORTERS = 100
ESC_RE = re.compile(r"\bESC-\d+\b")


# -- the workspace ---------------------------------------------------------------------------------

def generated_registry(owners: int) -> dict[str, Any]:
    """A registry with ``owners`` departments (owner, deputy, channel, one place name each) and a triage one."""
    people = {"U0TRIAGE1": {"name": "Triage Owner"}, "U0TRIAGE2": {"name": "Triage Deputy"},
              "U0HEAD001": {"name": "Head of Sites"}}
    departments = [{"id": "triage", "name": "Triage", "description": "Tri des sujets sans responsable évident.",
                    "channel": "C0TRIAGE1", "owner": "U0TRIAGE1", "deputies": ["U0TRIAGE2"], "head": "U0HEAD001",
                    "keywords": ["tri"]}]
    for i in range(owners):
        place = PLACES[i % len(PLACES)] + ("" if i < len(PLACES) else str(i // len(PLACES)))
        owner, deputy = f"U0OWN{i:04d}", f"U0DEP{i:04d}"
        people[owner] = {"name": f"Owner {i}"}
        people[deputy] = {"name": f"Deputy {i}"}
        departments.append({"id": f"site{i:03d}", "name": f"Site {place}", "description": f"Incidents du site {place}.",
                            "channel": f"C0SITE{i:03d}", "owner": owner, "deputies": [deputy], "head": "U0HEAD001",
                            "keywords": [place]})
    return {"version": 1,
            "settings": {"language": "fr", "triage_department": "triage", "admins": ["U0TRIAGE1"],
                         "escalation_emoji": EMOJI, "watched_channels": ["C0WATCH01"],
                         "ack_timeouts": {"critical": "1h", "high": "1h", "normal": "4h"}},
            "people": people, "departments": departments}


def texts_for(registry: Registry, generated: bool) -> list[str]:
    """Texts that spread over the departments: a place name per generated department, else examples."""
    if generated:
        places = [d.keywords[0] for d in registry.departments if d.id != registry.settings.triage_department]
        return [template.format(place=place) for template in TEMPLATES for place in places]
    texts = []
    for department in registry.departments:
        texts.extend(department.examples)
        for topic in department.topics:
            texts.extend(topic.examples)
    return texts


# -- triggers --------------------------------------------------------------------------------------

@dataclass
class Trigger:
    """One reaction event and what became of its deliveries."""

    channel: str
    ts: str
    request: slack.SlackRequest
    first_sent: float = 0.0  # time.monotonic, the emulator's clock
    accepted: bool = False
    first_status: int | None = None
    deliveries: int = 0
    statuses: list[Any] = field(default_factory=list)


class Soak:
    """The emulator, the bot process and the triggers of one run."""

    def __init__(self, args: argparse.Namespace, work: Path):
        self.args = args
        self.work = work
        self.data = work / "data"
        self.emulator = SlackEmulator()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/slack/events"
        self.bot: BotProcess | None = None
        self.triggers: list[Trigger] = []
        self.kill_at: float | None = None
        self.restarted_at: float | None = None
        self.failed_starts: list[str] = []
        self.at_kill: tuple[int, int, int] = (0, 0, 0)  # pending triggers, outbox entries, outbox bytes
        self.ends: list[float] = []  # when a bot process died: the SIGKILL, and any start that crashed
        self.dm_owner: dict[str, str] = {}
        if args.owners > 0:
            self.registry_file = work / "soak-registry.yaml"
            self.registry_file.write_text(yaml.safe_dump(generated_registry(args.owners), allow_unicode=True,
                                                         sort_keys=False), encoding="utf-8")
        else:
            self.registry_file = SAMPLE
        self.registry = load_registry_file(self.registry_file).registry

    async def prepare(self) -> None:
        """Start the emulator with the workspace and seed one message per trigger."""
        await self.emulator.start()
        for user_id, person in self.registry.people.items():
            self.emulator.add_user(user_id, person.name, locale="fr-FR")
        self.dm_owner = {self.emulator.workspace.open_dm([u])[0]: u for u in self.registry.people}
        channels = {d.channel for d in self.registry.departments if d.channel}
        channels |= set(self.registry.settings.watched_channels)
        for channel in channels:
            self.emulator.add_channel(channel)
        for n in range(REPORTERS):
            self.emulator.add_user(f"U0RPT{n:04d}", f"reporter {n}", locale="fr-FR")
        for n in range(SOURCE_CHANNELS):
            self.emulator.add_channel(f"C0SRC{n:04d}")
        texts = texts_for(self.registry, self.args.owners > 0)
        for i in range(self.args.count):
            channel, reporter = f"C0SRC{i % SOURCE_CHANNELS:04d}", f"U0RPT{(i * 7) % REPORTERS:04d}"
            ts = self.emulator.add_message(channel, texts[i % len(texts)], "U0CM00003")
            event = slack.reaction_added(user=reporter, reaction=EMOJI, channel=channel, ts=ts)
            self.triggers.append(Trigger(channel, ts, slack.event_callback(event)))

    async def start_bot(self) -> None:
        self.bot = BotProcess(self.emulator, self.data, registry_file=self.registry_file, port=self.port)
        await self.bot.start()

    # -- sending as Slack does -------------------------------------------------------------------

    async def deliver(self, session: aiohttp.ClientSession, trigger: Trigger) -> None:
        """POST the event until the bot answers 200, retrying as Slack does (same event id)."""
        trigger.first_sent = time.monotonic()
        for attempt in range(10):
            request = trigger.request.retried(attempt) if attempt else trigger.request
            signed = request.signed(SIGNING_SECRET)
            trigger.deliveries += 1
            try:
                async with session.post(self.url, data=signed.body, headers=signed.headers) as response:
                    await response.read()
                    status: Any = response.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                status = type(exc).__name__
            trigger.statuses.append(status)
            if trigger.first_status is None:
                trigger.first_status = status if isinstance(status, int) else 0
            if status == 200:
                trigger.accepted = True
                return
            await asyncio.sleep(min(8.0, 0.5 * 2 ** attempt))

    async def kill_and_restart(self) -> None:
        """SIGKILL, then start again as a supervisor would (again if the bot exits while starting)."""
        assert self.bot is not None
        self.kill_at = time.monotonic()
        self.ends.append(self.kill_at)
        self.bot.kill()
        await self.bot.wait()
        outbox = self.data / "outbox.json"
        self.at_kill = (len(self.pending_triggers()), self.outbox_size(), outbox.stat().st_size if outbox.exists() else 0)
        for _attempt in range(20):
            try:
                await self.start_bot()
            except RuntimeError as exc:  # BotProcess: "the bot exited with N at start"
                self.failed_starts.append(str(exc))
                self.ends.append(time.monotonic())
                continue
            self.restarted_at = time.monotonic()
            return
        raise RuntimeError(f"the bot could not start again: {self.failed_starts}")

    async def run(self) -> None:
        """Trigger every escalation on schedule, kill and restart half way, then wait for the bot to finish."""
        args = self.args
        self.emulator.fail_randomly(rate_429=args.rate_429, rate_500=args.rate_500, retry_after=1,
                                    methods=args.fault_methods, seed=args.seed)
        kill_index = int(args.count * args.kill_at)
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=200)) as session:
            tasks = []
            restart: asyncio.Task | None = None
            start = time.monotonic()
            for i, trigger in enumerate(self.triggers):
                delay = start + i / args.rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                if i == kill_index and args.kill_at < 1:
                    restart = asyncio.create_task(self.kill_and_restart())
                tasks.append(asyncio.create_task(self.deliver(session, trigger)))
            self.sent_in = time.monotonic() - start
            await asyncio.gather(*tasks)
            if restart is not None:
                await restart
        self.drained = await self.wait_until_idle(args.drain_timeout)
        self.finished_at = time.monotonic()
        assert self.bot is not None
        await self.bot.stop()

    # -- the data folder ---------------------------------------------------------------------------

    def outbox_size(self) -> int:
        path = self.data / "outbox.json"
        try:
            return len(read_database(path).get("entries", {}))
        except FileNotFoundError:
            return 0

    def pending_triggers(self) -> set[str]:
        """In the bot's inbox, or acknowledged by the front and not handed over yet."""
        return pending_keys(self.data) | pending_event_ids(self.data)

    async def wait_until_idle(self, timeout: float) -> bool:
        """True once the outbox is empty and no pending trigger has moved for 5 s; False after ``timeout``."""
        deadline = time.monotonic() + timeout
        last: tuple[set[str], float] = (set(), 0.0)
        while time.monotonic() < deadline:
            pending = self.pending_triggers()
            if pending != last[0]:
                last = (pending, time.monotonic())
            if not self.outbox_size() and (not pending or time.monotonic() - last[1] >= 5.0):
                return True
            await asyncio.sleep(0.5)
        return False

    # -- the figures ---------------------------------------------------------------------------------

    def identify(self, call: Call) -> tuple[str, ...]:
        body = call.body
        channel = str(body.get("channel"))
        if body.get("thread_ts"):
            return ("thread", channel, str(body["thread_ts"]))
        buttons = {b.get("action_id"): b.get("value") for b in slack.buttons(body.get("blocks") or [])}
        match = ESC_RE.search(str(body.get("text") or ""))
        esc_id = buttons.get("escalation_ack") or (match.group(0) if match else "?")
        if channel in self.dm_owner:
            return ("card", esc_id, self.dm_owner[channel])
        return ("channel", esc_id, channel)

    def report(self) -> int:
        """Print the table; 0 when nothing was lost."""
        args = self.args
        escalations, _registry = load_escalations(self.data)
        by_source: dict[tuple[str, str], list[dict]] = {}
        for esc in escalations:
            by_source.setdefault((esc["source"]["channel"], esc["source"]["ts"]), []).append(esc)

        posts: list[tuple[Call, tuple[str, ...]]] = [
            (c, self.identify(c)) for c in self.emulator.calls if c.method == "chat.postMessage" and c.ok]
        copies = Counter(kind for _call, kind in posts)
        first_copy: dict[tuple[str, ...], Call] = {}
        for call, kind in posts:
            first_copy.setdefault(kind, call)
        cards = {kind: n for kind, n in copies.items() if kind[0] == "card"}
        first_card: dict[str, float] = {}
        for call, kind in posts:
            if kind[0] == "card":
                first_card.setdefault(kind[1], call.at)

        accepted = [t for t in self.triggers if t.accepted]
        lost_unstored, lost_unnotified, latencies, direct = [], [], [], []
        for trigger in accepted:
            stored = by_source.get((trigger.channel, trigger.ts))
            if not stored:
                lost_unstored.append(trigger)
                continue
            esc = stored[0]
            owner = esc["chain"][0]["users"][0] if esc["chain"][0]["users"] else None
            if owner is None or ("card", esc["id"], owner) not in copies:
                lost_unnotified.append(trigger)
                continue
            latencies.append(first_card[esc["id"]] - trigger.first_sent)
            if trigger.first_status == 200:
                direct.append(latencies[-1])
        duplicated = {kind: n for kind, n in copies.items() if n > 1}
        duplicated_cards = {kind: n for kind, n in duplicated.items() if kind[0] == "card"}
        # A post repeats when Slack accepted it and the bot died before writing that down: its
        # first copy then precedes a death, and the next copy follows it.
        before_death: list[float] = []
        for kind in duplicated:
            at = first_copy[kind].at
            deaths = [end for end in self.ends if end >= at]
            if deaths:
                before_death.append(min(deaths) - at)
        unexplained = len(duplicated) - len(before_death)
        store_duplicates = sum(len(v) - 1 for v in by_source.values() if len(v) > 1)
        faults = Counter((c.method, c.status) for c in self.emulator.calls if c.failed)
        pending = self.pending_triggers()

        latencies.sort()
        direct.sort()
        rows = [
            ("escalations triggered", f"{len(self.triggers)} at {args.rate:g}/s (sent in {self.sent_in:.0f} s)"),
            ("registry", f"{len(self.registry.departments)} departments, "
                         f"{len({d.owner for d in self.registry.departments})} owners"
                         + (" (generated)" if args.owners > 0 else " (sample)")),
            ("random faults", f"429 {args.rate_429:.0%} (Retry-After 1 s), 500 {args.rate_500:.0%} on "
                              f"{', '.join(args.fault_methods)}: "
                              f"{sum(n for (_m, s), n in faults.items() if s == 429)} x 429, "
                              f"{sum(n for (_m, s), n in faults.items() if s >= 500)} x 5xx"),
            ("SIGKILL + restart", "none" if self.kill_at is None else
             f"after trigger {int(args.count * args.kill_at)} (then {self.at_kill[0]} triggers pending, "
             f"{self.at_kill[1]} messages in the outbox, {self.at_kill[2] / 1e6:.1f} MB); bot back in "
             f"{(self.restarted_at or self.kill_at) - self.kill_at:.1f} s"
             + (f" ({len(self.failed_starts)} starts failed first: {self.failed_starts[0]})"
                if self.failed_starts else "")),
            ("triggers accepted (HTTP 200)", f"{len(accepted)} / {len(self.triggers)} "
             f"({sum(1 for t in self.triggers if t.first_status == 200)} at first delivery, "
             f"{sum(t.deliveries - 1 for t in self.triggers)} Slack-style redeliveries)"),
            ("escalations stored", f"{len(escalations)} ({store_duplicates} duplicates of a source)"),
            ("owners notified (DM cards)", f"{len(cards)} (escalation, owner) cards accepted by Slack"),
            ("duplicates", "none" if not duplicated else f"{sum(n - 1 for n in duplicated.values())} extra posts "
             f"({sum(n - 1 for n in duplicated_cards.values())} DM cards); "
             + (f"each first accepted {min(before_death) * 1000:.0f}-{max(before_death) * 1000:.0f} ms "
                f"before the bot died ({len(self.ends)} deaths)" if before_death else "no death explains any")
             + (f"; {unexplained} NOT explained by a death" if unexplained else "")),
            ("lost", f"{len(lost_unstored) + len(lost_unnotified)} "
             f"({len(lost_unstored)} accepted but not stored, {len(lost_unnotified)} stored but owner not told; "
             f"{len(pending)} triggers still pending in the inbox)"),
            ("trigger -> first DM card", "—" if not latencies else
             f"p50 {percentile(latencies, 0.5):.2f} s, p99 {percentile(latencies, 0.99):.2f} s, "
             f"max {latencies[-1]:.2f} s (n={len(latencies)})"),
            ("  of triggers taken at once", "—" if not direct else
             f"p50 {percentile(direct, 0.5):.2f} s, p99 {percentile(direct, 0.99):.2f} s (n={len(direct)}; "
             f"the others waited for the restart)"),
            ("bot idle at the end", "yes" if self.drained else f"NO: outbox still held {self.outbox_size()} after "
                                                                f"{args.drain_timeout:.0f} s"),
        ]
        width = max(len(name) for name, _value in rows)
        print()
        for name, value in rows:
            print(f"{name:<{width}}  {value}")
        lost = len(lost_unstored) + len(lost_unnotified)
        return 0 if lost == 0 else 1


def free_port() -> int:
    """A TCP port free on loopback now (both bot processes listen on it, so retries find the new one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(ordered: list[float], q: float) -> float:
    """The q-quantile of an ascending list (nearest rank)."""
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="escalations to trigger (default 2000)")
    parser.add_argument("--rate", type=float, default=20.0, help="triggers per second (default 20)")
    parser.add_argument("--owners", type=int, default=40,
                        help="departments (one owner each) of the generated registry; 0: the sample registry")
    parser.add_argument("--rate-429", type=float, default=0.03, help="share of calls answered 429 (default 0.03)")
    parser.add_argument("--rate-500", type=float, default=0.03, help="share of calls answered 500 (default 0.03)")
    parser.add_argument("--fault-methods", type=lambda s: tuple(m for m in s.split(",") if m),
                        default=FAULT_METHODS, help=f"methods that fail at random (default {','.join(FAULT_METHODS)})")
    parser.add_argument("--kill-at", type=float, default=0.5,
                        help="SIGKILL and restart after this share of the triggers (default 0.5; 1: never)")
    parser.add_argument("--drain-timeout", type=float, default=150.0,
                        help="seconds to wait, after the last trigger, for the bot to deliver everything")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random faults")
    parser.add_argument("--dir", type=Path, help="work folder to keep (default: a temporary one, removed)")
    args = parser.parse_args()

    work = args.dir or Path(tempfile.mkdtemp(prefix="switchboard-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    soak = Soak(args, work)
    try:
        await soak.prepare()
        await soak.start_bot()
        print(f"soak: {args.count} escalations at {args.rate:g}/s, {len(soak.registry.departments)} departments, "
              f"faults 429 {args.rate_429:.0%} / 500 {args.rate_500:.0%}, data in {soak.data}", flush=True)
        await soak.run()
        return soak.report()
    finally:
        if soak.bot is not None:
            soak.bot.kill()
        await soak.emulator.stop()
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

"""The bot as a separate process (`BotProcess`) against the emulator: triggers, what people got, the data folder.

Each trigger is a reaction by a reporter of its own on a message of its own source channel, so
the thread note and the reporter's confirmation of one escalation never queue behind another's
(the outbox paces each channel, and each person's ephemeral messages). Everything read from the data folder is read the way the running bot writes it (files
replaced whole, logs appended), without taking the folder's lock: the bot may be starting.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import aiohttp
import yaml

from bot import emulator as slack
from bot.emulator import Call, SlackEmulator
from bot.escalation_store import ARCHIVE_GLOB
from bot.front import pending_event_ids
from bot.inbox import pending_keys
from bot.sandbox import BotProcess
from knowledge.journal import read_database
from knowledge.models import Registry
from knowledge.validation import load_registry_file
from tests.conftest import ROOT, SAMPLE_REGISTRY

EMOJI = "rotating_light"
ESC_RE = re.compile(r"\bESC-\d+\b")

# One example per department and topic of the sample registry: the cards spread over many owners.
SAMPLE_TEXTS = [
    "Une journaliste de Ouest-France demande notre réaction avant ce soir",
    "Un client menace de nous attaquer en justice",
    "Une cliente demande la suppression de toutes ses données",
    "Un client attend son remboursement depuis trois semaines",
    "Mon colis est bloqué chez le transporteur depuis dix jours",
    "A customer got burned by our camping stove",
    "Le paiement échoue à chaque fois sur le site",
    "Our customer database is for sale on a forum",
    "Un ancien vendeur raconte sur LinkedIn qu'il a été harcelé en magasin",
    "Un compte inonde nos publications de commentaires insultants",
]


def short_timeouts_registry(folder: Path, seconds: int) -> Path:
    """A copy of the sample registry where every level waits ``seconds`` for an acknowledgement."""
    data = yaml.safe_load(SAMPLE_REGISTRY.read_text(encoding="utf-8"))
    data["settings"]["ack_timeouts"] = {s: f"{seconds}s" for s in ("critical", "high", "normal")}
    for department in data["departments"]:
        department.pop("ack_timeouts", None)
    path = folder / "registry-short-timeouts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class Trigger:
    """A seeded message and the reaction event Slack sends for it."""

    channel: str
    ts: str
    text: str
    reporter: str
    request: slack.SlackRequest
    sent_at: float = 0.0

    @property
    def event_id(self) -> str:
        return self.request.payload["event_id"]


def chain_levels(registry: Registry, esc: dict) -> list[set[str]]:
    """Who each chain level L0..L3 should hold for this escalation, from the registry itself."""
    owner, deputies, head = registry.responsible(esc["department"], esc.get("topic"))
    backups = [*deputies, registry.department(esc["department"]).owner]  # it backs up a topic's own owner
    seen: set[str] = set()
    levels = []
    for users in ([owner], backups, [head], [registry.triage.owner]):
        kept = {u for u in users if u and u not in seen}
        seen |= kept
        levels.append(kept)
    return levels


class ProcessRig:
    """The emulator in this process, the bot in another, one data folder."""

    def __init__(self, tmp_path: Path, registry_file: Path = SAMPLE_REGISTRY, extra_env: dict[str, str] | None = None):
        self.data = tmp_path / "data"
        self.extra_env = extra_env or {}
        self.registry_file = registry_file
        self.registry = load_registry_file(registry_file).registry
        self.emulator = SlackEmulator()
        self.bot: BotProcess | None = None
        self.session: aiohttp.ClientSession | None = None
        self.triggers: list[Trigger] = []
        self._dm_owner: dict[str, str] = {}

    # -- lifecycle -------------------------------------------------------------------------------

    async def open(self) -> ProcessRig:
        """Start the emulator with every person and channel of the registry, and the bot."""
        await self.emulator.start()
        registry = self.registry
        for user_id, person in registry.people.items():
            self.emulator.add_user(user_id, person.name, locale="fr-FR")
        self._dm_owner = dm_owners(self.emulator, registry.people)
        for channel in set(registry.settings.watched_channels) | {d.channel for d in registry.departments if d.channel}:
            self.emulator.add_channel(channel)
        self.session = aiohttp.ClientSession()
        await self.start_bot()
        return self

    async def start_bot(self) -> None:
        """Start (or restart) `switchboard run --http` on the data folder; returns once /health answers."""
        self.bot = BotProcess(self.emulator, self.data, registry_file=self.registry_file, extra_env=self.extra_env)
        await self.bot.start()

    def kill(self) -> None:
        """SIGKILL the bot."""
        assert self.bot is not None
        self.bot.kill()

    async def wait_killed(self) -> None:
        """Wait until the killed bot is gone; it must have died of SIGKILL."""
        assert self.bot is not None
        code = await asyncio.wait_for(self.bot.wait(), 10)
        assert code == -9, f"the bot ended with {code}, not by SIGKILL"

    async def stop_bot(self) -> None:
        """SIGTERM: the bot stops cleanly (it must have exited 0)."""
        assert self.bot is not None and self.bot.process is not None
        await self.bot.stop()
        assert self.bot.process.returncode == 0, f"the bot ended with {self.bot.process.returncode}"

    async def close(self) -> None:
        if self.bot is not None:
            self.bot.kill()
            if self.bot.process is not None:
                await self.bot.wait()
        if self.session is not None:
            await self.session.close()
        await self.emulator.stop()

    # -- triggers --------------------------------------------------------------------------------

    def seed(self, text: str) -> Trigger:
        """A message in a source channel of its own, and a new reporter's escalation reaction (not sent yet)."""
        number = len(self.triggers) + 1
        channel, reporter = f"C0SRC{number:04d}", f"U0RPT{number:04d}"
        self.emulator.add_channel(channel)
        self.emulator.add_user(reporter, f"reporter {number}", locale="fr-FR")
        ts = self.emulator.add_message(channel, text, "U0CM00003")
        request = slack.event_callback(slack.reaction_added(user=reporter, reaction=EMOJI, channel=channel, ts=ts))
        trigger = Trigger(channel, ts, text, reporter, request)
        self.triggers.append(trigger)
        return trigger

    async def react(self, trigger: Trigger, retry_num: int = 0) -> int:
        """Deliver the reaction event (a Slack retry when ``retry_num``); the bot's HTTP status."""
        assert self.bot is not None and self.session is not None
        request = trigger.request.retried(retry_num) if retry_num else trigger.request
        if not retry_num:
            trigger.sent_at = time.time()
        return await self.bot.send(self.session, request)

    # -- what Slack recorded ---------------------------------------------------------------------

    def posts(self) -> list[tuple[int, tuple[str, ...]]]:
        """Every chat.postMessage Slack accepted: (index in the emulator's calls, what it is)."""
        found = []
        for index, call in enumerate(self.emulator.calls):
            if call.method == "chat.postMessage" and call.ok:
                found.append((index, self.identify(call)))
        return found

    def identify(self, call: Call) -> tuple[str, ...]:
        """What one accepted post was (see `identify_post`)."""
        return identify_post(call, self._dm_owner)

    def copies(self) -> Counter:
        """How many times Slack accepted each post."""
        return Counter(kind for _index, kind in self.posts())

    def dm_cards(self) -> Counter:
        """(escalation id, user) -> direct-message cards Slack accepted."""
        return Counter((k[1], k[2]) for k in self.copies().elements() if k[0] == "card")

    def confirmations(self) -> Counter:
        """Escalation id -> ephemeral confirmations the reporter got."""
        return Counter(_esc_in(c.body.get("text")) for c in self.emulator.calls_to("chat.postEphemeral") if c.ok)

    # -- the data folder -------------------------------------------------------------------------

    def stored(self) -> list[dict]:
        """Every escalation in the data folder (active shards and archives)."""
        found: dict[str, dict] = {}
        for path in sorted(self.data.glob(ARCHIVE_GLOB)):
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    esc = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line being appended
                found[esc["id"]] = esc
        for shard in sorted(self.data.glob("escalations-active-*.json")):
            for esc in read_database(shard).get("active", {}).values():
                found[esc["id"]] = esc
        return sorted(found.values(), key=lambda e: e["number"])

    def outbox(self) -> list[dict]:
        """Messages written down and not delivered yet."""
        path = self.data / "outbox.json"
        if not path.exists():
            return []
        return list(read_database(path).get("entries", {}).values())

    def pending_triggers(self) -> set[str]:
        """Keys (event ids) of triggers accepted and not processed yet: in the bot's inbox, or
        still in the HTTP front's journal of Slack's requests (acknowledged, not handed over)."""
        return pending_keys(self.data) | pending_event_ids(self.data)

    def temp_files(self) -> list[str]:
        """Files an interrupted write would leave behind."""
        return sorted(p.name for p in self.data.rglob("*") if p.name.endswith((".tmp", ".temp")))

    async def cli(self, *args: str) -> tuple[int, str, str]:
        """`switchboard --data-dir DATA ARGS…` as a person would type it: exit code, stdout, stderr."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_"))}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--data-dir", str(self.data), *args, cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 30)
        return process.returncode or 0, out.decode(), err.decode()

    async def listed_ids(self) -> list[str]:
        """The escalation ids `switchboard escalations list` prints; it must succeed."""
        code, out, err = await self.cli("escalations", "list")
        assert code == 0, f"escalations list failed ({code}): {err}"
        return [line.split()[0] for line in out.splitlines() if line.startswith("ESC-")]

    # -- waiting ---------------------------------------------------------------------------------

    async def wait_until(self, condition: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
        """Poll ``condition`` until it is truthy; fail naming ``what`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout:.0f}s: {what}; outbox holds {len(self.outbox())}, "
                                     f"{len(self.stored())} escalations stored, calls: {Counter(c.method for c in self.emulator.calls)}")
            await asyncio.sleep(0.1)

    def settled(self, count: int) -> bool:
        """``count`` escalations stored, no trigger pending, nothing left in the outbox."""
        return len(self.stored()) == count and not self.pending_triggers() and not self.outbox()


def dm_owners(emulator: SlackEmulator, people) -> dict[str, str]:
    """Direct-message channel id -> the person it is with, for ``people``."""
    return {emulator.workspace.open_dm([user])[0]: user for user in people}


def identify_post(call: Call, dm_owner: dict[str, str]) -> tuple[str, ...]:
    """("card", esc, user) for a DM card, ("channel", esc, channel) for a channel card,
    ("thread", channel, thread_ts) for a note in a source thread."""
    body = call.body
    channel = str(body.get("channel"))
    if body.get("thread_ts"):
        return ("thread", channel, str(body["thread_ts"]))
    buttons = {b.get("action_id"): b.get("value") for b in slack.buttons(body.get("blocks") or [])}
    esc_id = buttons.get("escalation_ack") or _esc_in(body.get("text"))
    if channel in dm_owner:
        return ("card", esc_id, dm_owner[channel])
    return ("channel", esc_id, channel)


def _esc_in(text: Any) -> str | None:
    match = ESC_RE.search(str(text or ""))
    return match.group(0) if match else None

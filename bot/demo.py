"""`switchboard demo`: a scripted tour of the whole product on the local Slack emulator.

The real app (handlers, store, sweep loop, outbox) runs against the in-process emulator on the
sample registry (or ``--registry FILE``), in a throw-away data folder, with a fake clock so a
chain of 10-minute timeouts takes no time. People ask questions in French and English, a post in
the watched channel escalates itself as critical, nobody answers so deputies then the head are
pulled in, then an acknowledgement, a reassign and a resolve; the responsibility report and the
escalation's timeline close the tour. Everything the bot posts is printed as posted, numbered
(``bot.transcript``); when standard input is a terminal the same workspace can then be explored
in the console.

The script names people and channels of the sample registry; with another registry it falls back
on the roles (an admin, the department a text routes to, its owner, deputies and head).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.clock import FakeClock
from bot.console import Console
from bot.console_start import line_reader
from bot.playground import (
    SAMPLE_REGISTRY,
    Field,
    Session,
    default_channel,
    modal_fields,
    quiet_logging,
    start_sandbox,
)
from bot.emulator import BOT_USER_ID
from knowledge.errors import SwitchboardError
from knowledge.models import Registry
from knowledge.routing import Router

START = datetime(2026, 3, 10, 8, 0, tzinfo=UTC).timestamp()  # a Tuesday morning, for a reproducible transcript
WIDTH = 78
LANGUAGES = {"fr": "French", "en": "English"}

CRISIS_POST = ("Rappel produit ? Une cliente poste une vidéo : son réchaud Cap Horizon a explosé, elle est brûlée "
               "aux mains. 40 000 vues en une heure.")
RESOLVE_NOTE = ("Avocate de la cliente contactée, réchaud récupéré pour expertise, lot 2611 retiré de la vente "
                "en attendant les résultats.")


@dataclass
class Cast:
    """Who plays which part, taken from the registry."""

    asker_fr: str
    asker_en: str
    second_en: str
    outsider: str
    watched: str
    crisis_dept: str
    owner: str
    deputies: list[str]
    head: str | None
    legal_dept: str
    legal_owner: str


def cast_for(registry: Registry) -> Cast:
    """The sample's people when present, else people holding the same roles in ``registry``."""
    people = list(registry.people)
    route = Router.for_registry(registry).route(CRISIS_POST)
    owner, deputies, head = registry.escalation_people(route.department, route.topic)  # backups included
    legal = registry.department("legal") or next(d for d in registry.departments if d.id != route.department)
    legal_owner, _legal_deputies, _legal_head = registry.responsible(legal.id)
    involved = {owner, *deputies, head, legal_owner, *registry.settings.admins}
    outsiders = [p for p in people if p not in involved] or people

    def pick(preferred: str, fallback: str) -> str:
        return preferred if preferred in registry.people else fallback

    return Cast(
        asker_fr=pick("U0CM00002", outsiders[0]),
        asker_en=pick("U0CM00003", outsiders[min(1, len(outsiders) - 1)]),
        second_en=deputies[0] if deputies else owner,
        outsider=pick("U0HR00002", outsiders[-1]),
        watched=default_channel(registry),
        crisis_dept=route.department,
        owner=owner,
        deputies=deputies,
        head=head,
        legal_dept=legal.id,
        legal_owner=legal_owner,
    )


class Tour:
    """The scripted scenario, narrated: section headings, who does what, and what the bot posts."""

    def __init__(self, session: Session, write: Callable[[str], None] = print):
        self.session = session
        self.write = write
        self.names = session.names
        self.sections = 0

    # --- narration ----------------------------------------------------------------------------

    def section(self, title: str) -> None:
        """A numbered section heading."""
        self.sections += 1
        heading = f"── {self.sections}. {title} "
        self.write("")
        self.write(heading + "─" * max(3, WIDTH - len(heading)))

    def say(self, text: str) -> None:
        """A line of narration (what people do, what it means)."""
        self.write(f"» {text}")

    def who(self, user: str | None) -> str:
        """A person's name with their title."""
        if not user:
            return "nobody"
        person = self.session.registry.people.get(user)
        title = f" ({person.title})" if person and person.title else ""
        return f"{self.names.person(user)}{title}"

    def card_for(self, user: str, esc_id: str = "ESC-1") -> int:
        """The number of the newest card of ``esc_id`` in ``user``'s direct messages."""
        dm = self.session.sandbox.dm_channel(user)
        card = self.session.transcript.last(
            lambda m: m.channel == dm and m.user == BOT_USER_ID and esc_id in m.text and bool(m.blocks))
        if card is None:
            raise SwitchboardError(f"{self.names.person(user)} never received a card for {esc_id}")
        number = self.session.transcript.number_of(card)
        assert number is not None
        return number

    def channel_card(self, channel: str, esc_id: str = "ESC-1") -> int | None:
        """The number of the newest card of ``esc_id`` posted in ``channel``, if any."""
        card = self.session.transcript.last(
            lambda m: m.channel == channel and m.user == BOT_USER_ID and esc_id in m.text and not m.ephemeral_to)
        return self.session.transcript.number_of(card) if card is not None else None

    def filler(self, user: str, answers: dict[str, str]) -> Callable[[dict[str, Any], list[str]], dict[str, str] | None]:
        """Fill a modal as ``user`` would, printing each choice; ``answers`` by block id (option values)."""
        def fill(view: dict[str, Any], errors: list[str]) -> dict[str, str] | None:
            if errors:
                return None
            for item in modal_fields(view):
                answer = answers.get(item.block_id)
                self.write(f"    {item.label}: {self._shown(item, answer)}")
            return answers

        return fill

    @staticmethod
    def _shown(item: Field, answer: str | None) -> str:
        if not answer:
            return "(left empty)"
        labels = dict((value, label) for label, value in item.options)
        return labels.get(answer, answer)

    # --- the story ----------------------------------------------------------------------------

    async def run(self, registry_name: str, cast: Cast) -> str:
        """Play every scene; returns the id of the escalation followed."""
        session, registry = self.session, self.session.registry
        users = session.sandbox.emulator.workspace.users
        usual = LANGUAGES.get(registry.settings.language, registry.settings.language)
        others = [u for u in registry.people if u in users and LANGUAGES.get(users[u].locale[:2]) != usual]
        self.write(f"Switchboard demo — the real bot on a local Slack emulator, registry {registry_name}")
        languages = f"{usual} for everyone here" + (
            f" except {', '.join(self.names.person(u) for u in others)} (English)" if others else "")
        self.write(f"{len(registry.departments)} departments, {len(registry.people)} people. "
                   f"The bot answers each person in their Slack language: {languages}.")
        self.write(f"Posts in the watched channel {self.names.channel(cast.watched)} are screened; serious ones "
                   "escalate themselves. Messages are numbered [N]; (1) (2) (3) are a message's buttons.")
        await self.questions(cast)
        esc_id = await self.crisis(cast)
        await self.climb(cast, esc_id)
        await self.acknowledge(cast, esc_id)
        await self.reassign(cast, esc_id)
        await self.resolve(cast, esc_id)
        await self.report()
        await self.timeline(esc_id)
        return esc_id

    async def questions(self, cast: Cast) -> None:
        """Scene 1: questions in French and English, by /who, direct message and mention."""
        session = self.session
        self.section('Questions: "who handles this?"')
        question = "Une journaliste de Ouest-France demande notre réaction avant ce soir"
        self.say(f"{self.who(cast.asker_fr)} types in {self.names.channel(cast.watched)}:  /who {question}")
        self.say("The answer is visible to the asker only.")
        await session.command(cast.asker_fr, cast.watched, "/who", question)

        locale = session.sandbox.emulator.workspace.users[cast.asker_en].locale[:2] \
            if cast.asker_en in session.sandbox.emulator.workspace.users else session.registry.settings.language
        self.say(f"{self.who(cast.asker_en)} writes to the bot in a direct message, in English "
                 f"(Slack set to {LANGUAGES.get(locale, locale)}: the answer comes in that language):")
        await session.say(cast.asker_en, session.sandbox.dm_channel(cast.asker_en),
                          "Who handles a customer asking us to delete all her personal data?")

        dept = session.registry.department(cast.crisis_dept)
        channel = dept.channel if dept and dept.channel else cast.watched
        self.say(f"{self.who(cast.second_en)} mentions the bot in {self.names.channel(channel)}; "
                 "the answer comes in the thread:")
        await session.say(cast.second_en, channel,
                          f"<@{BOT_USER_ID}> who should I talk to about a parcel stuck at the carrier for ten days?")

        triage = session.registry.triage.channel or channel
        self.say(f"{self.who(cast.asker_fr)} asks in {self.names.channel(triage)}, in French:")
        await session.say(cast.asker_fr, triage,
                          f"<@{BOT_USER_ID}> un client attend son remboursement depuis trois semaines, à qui je transmets ?")

    async def crisis(self, cast: Cast) -> str:
        """Scene 2: a watched-channel post escalates itself; returns the escalation id."""
        session = self.session
        self.section("A post in the watched channel escalates itself")
        self.say(f"{self.who(cast.asker_fr)} pastes a customer's post into {self.names.channel(cast.watched)}. "
                 "Nobody asks for anything: the bot screens it, rates it critical and routes it.")
        post = await session.say(cast.asker_fr, cast.watched, CRISIS_POST)
        escalations = await session.sandbox.switchboard.escalations.list()
        if not escalations:
            number = session.transcript.number_of(post)
            self.say(f"This registry does not screen {self.names.channel(cast.watched)} at that severity, so "
                     f"{self.names.person(cast.asker_fr)} escalates it by hand:  /escalate critical #{number}")
            await session.command(cast.asker_fr, cast.watched, "/escalate", f"critical #{number}")
            escalations = await session.sandbox.switchboard.escalations.list()
        if not escalations:
            raise SwitchboardError("the crisis post could not be escalated")
        esc = escalations[0]
        self.say(f"{esc['id']} is {esc['severity']}, for {esc['department']}: the owner {self.who(cast.owner)} "
                 f"got a direct message; each level of the chain waits {_minutes(esc['ack_seconds'])}.")
        return esc["id"]

    async def climb(self, cast: Cast, esc_id: str) -> None:
        """Scene 3: no acknowledgement, so the deputies and then the head are pulled in."""
        session = self.session
        esc = await session.sandbox.switchboard.escalations.get(esc_id)
        wait = esc["ack_seconds"]
        self.section("Nobody acknowledges: the chain climbs")
        self.say(f"{self.who(cast.owner)} is on a train without network. "
                 f"{_minutes(wait)} pass (the demo moves the clock)…")
        await session.wait(wait)
        self.say(f"The deputies are pulled in: {', '.join(self.who(u) for u in cast.deputies) or 'none (skipped)'}."
                 " Each card is written in its reader's Slack language.")
        self.say(f"Still nothing. Another {_minutes(wait)}…")
        await session.wait(wait)
        self.say(f"The head of the department is pulled in: {self.who(cast.head)}.")

    async def acknowledge(self, cast: Cast, esc_id: str) -> None:
        """Scene 4: an outsider is refused, the head acknowledges."""
        session = self.session
        self.section("Acknowledgement")
        dept = session.registry.department(cast.crisis_dept)
        number = self.channel_card(dept.channel) if dept and dept.channel else None
        if number is not None:
            self.say(f"{self.who(cast.outsider)} presses Acknowledge on the card [{number}] in "
                     f"{self.names.channel(dept.channel)}: not being on this escalation, they are politely refused.")  # type: ignore[union-attr]
            await session.click(cast.outsider, number, "ack")
        acker = cast.head or cast.owner
        number = self.card_for(acker, esc_id)
        self.say("Three minutes later…")
        await session.wait(180)
        self.say(f"{self.who(acker)} presses Acknowledge on the card [{number}]. Every card is updated in "
                 "place and the source thread is told.")
        await session.click(acker, number, "ack")

    async def reassign(self, cast: Cast, esc_id: str) -> None:
        """Scene 5: a deputy reassigns to the legal department through the modal."""
        session = self.session
        self.section("Reassign")
        person = cast.deputies[0] if cast.deputies else cast.owner
        number = self.card_for(person, esc_id)
        self.say("Half an hour later…")
        await session.wait(1800)
        self.say(f"{self.who(person)} learns that the customer's lawyer has sent a formal notice, presses "
                 f"Reassign on the card [{number}] and picks {self.names.person(cast.legal_owner)}'s department.")
        await session.click(person, number, "reassign",
                            self.filler(person, {"reassign_department": cast.legal_dept}))
        esc = await session.sandbox.switchboard.escalations.get(esc_id)
        self.say(f"{esc_id} now belongs to {esc['department']}; a new chain starts with "
                 f"{self.who(cast.legal_owner)}, the history is kept.")

    async def resolve(self, cast: Cast, esc_id: str) -> None:
        """Scene 6: the new owner resolves it with a note."""
        session = self.session
        self.section("Resolve")
        number = self.card_for(cast.legal_owner, esc_id)
        self.say("Six minutes later, well within the legal department's 10 min…")
        await session.wait(360)
        self.say(f"{self.who(cast.legal_owner)} handles it, presses Resolve on the card [{number}] and leaves a note.")
        await session.click(cast.legal_owner, number, "resolve",
                            self.filler(cast.legal_owner, {"resolve_note": RESOLVE_NOTE}))
        esc = await session.sandbox.switchboard.escalations.get(esc_id)
        self.say(f"{esc_id} is {esc['status']}: the cards lose their buttons and the source thread is told.")

    async def report(self) -> None:
        """Scene 7: the responsibility report of the registry."""
        from knowledge.validation import render_report_text, responsibility_report

        self.section("The responsibility report (switchboard registry audit)")
        registry = self.session.registry
        self.write(render_report_text(responsibility_report(registry), registry))

    async def timeline(self, esc_id: str) -> None:
        """Scene 8: the escalation's chain and timeline."""
        from bot.escalations_cli import render_show

        self.section(f"The timeline of {esc_id} (switchboard escalations show {esc_id})")
        esc = await self.session.sandbox.switchboard.escalations.get(esc_id)
        self.write(render_show(esc, self.session.registry, now=self.session.clock.now()))


def _minutes(seconds: int) -> str:
    from knowledge.durations import format_duration

    return format_duration(int(seconds))


def _offer_console(session: Session, cast: Cast, loop: asyncio.AbstractEventLoop) -> None:
    try:
        answer = input("\nContinue in the console with this same workspace? [y/N] ")
    except (EOFError, KeyboardInterrupt):
        print()
        return
    if answer.strip().lower() not in ("y", "yes", "o", "oui"):
        return
    user = session.registry.settings.admins[0] if session.registry.settings.admins else cast.asker_fr
    print(f"You type as {session.names.person(user)} in {session.names.channel(cast.watched)}; "
          ":as and :in change who and where, :help lists the rest.\n")
    Console(session, user, cast.watched, read=line_reader()).run(loop)


def run_demo(args: argparse.Namespace) -> int:
    """Entry point of `switchboard demo`: play the scripted tour, then offer the console on a terminal."""
    quiet_logging()
    registry_file = Path(args.registry) if getattr(args, "registry", None) else SAMPLE_REGISTRY
    if not registry_file.is_file():
        raise SwitchboardError(f"no registry file at {registry_file}")
    loop = asyncio.new_event_loop()
    clock = FakeClock(start=START)
    with tempfile.TemporaryDirectory(prefix="switchboard-demo-") as scratch:
        sandbox = start_sandbox(loop, Path(scratch), registry_file, clock)
        try:
            session = Session(sandbox, clock)
            cast = cast_for(sandbox.registry)
            tour = Tour(session)
            esc_id = loop.run_until_complete(tour.run(registry_file.name, cast))
            print()
            print(f"The demo is over: {esc_id} went from a post to a resolution without anyone being dropped.")
            print("Try it yourself: `switchboard console` (the same bot, you type; :help inside).")
            sys.stdout.flush()
            if sys.stdin.isatty() and not getattr(args, "no_console", False):
                _offer_console(session, cast, loop)
        finally:
            loop.run_until_complete(sandbox.stop())
            loop.close()
    return 0

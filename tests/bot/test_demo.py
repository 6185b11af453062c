"""`switchboard demo` run to completion through its real entry point."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run_demo(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "demo", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture(scope="module")
def demo() -> str:
    done = run_demo("--no-console")
    assert done.returncode == 0, done.stderr
    return done.stdout


def section(out: str, title: str) -> str:
    """The text of the section whose heading contains ``title``."""
    heading = re.search(r"^── \d+\. " + re.escape(title), out, flags=re.MULTILINE)
    assert heading, f"no section {title!r}"
    start = heading.start()
    following = re.search(r"\n── \d+\. ", out[start + 1:])
    return out[start:start + 1 + following.start()] if following else out[start:]


def test_questions_are_answered_in_french_and_in_english(demo):
    questions = section(demo, 'Questions: "who handles this?"')
    assert "only Hugo Petit sees it" in questions and "*Communication & presse* s'en occupe." in questions
    assert "switchboard → DM to Jade Morel, in the thread of [2]" in questions
    assert "Données personnelles (RGPD) handles this." in questions  # Jade's Slack is in English
    assert "*Owner*: @Samia Haddad" in questions
    assert "*Service client* s'en occupe." in questions


def test_the_watched_channel_post_escalates_itself_as_critical(demo):
    crisis = section(demo, "A post in the watched channel escalates itself")
    assert "Hugo Petit in #C0SOCIAL1: Rappel produit ?" in crisis
    assert "switchboard → #quality" in crisis
    assert "switchboard → DM to Antoine Roux" in crisis
    assert "*:rotating_light: Escalade ESC-1 — critique*" in crisis
    assert "Escalade ESC-1 (critique) transmise à *Qualité & sécurité produit* : @Antoine Roux." in crisis


def test_without_acknowledgement_the_deputy_then_the_head_are_pulled_in(demo):
    climb = section(demo, "Nobody acknowledges: the chain climbs")
    deputy = climb.index("switchboard → DM to Emma Faure")
    head = climb.index("switchboard → DM to Olivier Carré")
    assert deputy < head
    assert "*:rotating_light: Escalation ESC-1 — critical*" in climb[deputy:head]  # Emma reads English
    assert "ESC-1 : appel à @Emma Faure — pas d'accusé de réception en 10 min." in climb
    assert "ESC-1 : appel à @Olivier Carré — pas d'accusé de réception en 10 min." in climb


def test_an_outsider_is_refused_and_the_head_acknowledges(demo):
    ack = section(demo, "Acknowledgement")
    assert "only Yanis Ferrand sees it" in ack and "Vous ne pouvez pas agir sur ESC-1" in ack
    assert "switchboard → DM to Antoine Roux, updated in place" in ack
    assert "Prise en charge par @Olivier Carré" in ack
    assert "Acknowledged by @Olivier Carré" in ack  # Emma's card, in English
    assert "ESC-1 : prise en charge par @Olivier Carré." in ack


def test_reassign_through_the_modal_then_resolve_with_a_note(demo):
    reassign = section(demo, "Reassign")
    assert "A form opens for Emma Faure: “Reassign”" in reassign
    assert "Department: Juridique" in reassign
    assert "switchboard → DM to Claire Martin" in reassign
    assert "ESC-1 : réattribuée à *Juridique* (@Claire Martin) par @Emma Faure." in reassign
    resolve = section(demo, "Resolve")
    assert "A form opens for Claire Martin: “Résoudre”" in resolve
    assert "Résolue par @Claire Martin" in resolve and "(no buttons any more)" in resolve
    assert "ESC-1 : résolue par @Claire Martin." in resolve


def test_the_report_and_the_timeline_close_the_tour(demo):
    report = section(demo, "The responsibility report")
    assert "department crisis: only Hélène Marchand (U0CEO0001)" in report
    timeline = section(demo, "The timeline of ESC-1")
    assert "ESC-1 · critical · legal · resolved" in timeline
    kinds = re.findall(r"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  (\w+)", timeline, flags=re.MULTILINE)
    assert kinds == ["created", "notified", "climbed", "notified", "climbed", "notified", "acknowledged",
                     "reassigned", "notified", "resolved"]
    assert demo.rstrip().endswith("(the same bot, you type; :help inside).")


def test_without_a_terminal_the_demo_does_not_offer_the_console():
    done = run_demo(stdin="y\n")
    assert done.returncode == 0, done.stderr
    assert "Continue in the console" not in done.stdout
    assert "The timeline of ESC-1" in done.stdout


def test_another_registry_plays_the_same_story_with_its_own_people(tmp_path: Path):
    registry = tmp_path / "registry.yaml"
    registry.write_text("""\
version: 1
settings: {language: en, triage_department: ops, admins: [U0BOSS001], watched_channels: [C0WATCH01]}
people:
  U0BOSS001: {name: Ada Boss}
  U0OPS0002: {name: Bob Ops}
  U0CEO0001: {name: Cy Ceo}
  U0LAW0001: {name: Di Law}
  U0QA00001: {name: Fay Qa}
  U0QA00002: {name: Gus Qa}
  U0HR00001: {name: Hal Hr}
departments:
  - {id: ops, name: Operations, channel: C0OPS0001, owner: U0BOSS001, deputies: [U0OPS0002], head: U0CEO0001}
  - {id: legal, name: Legal, channel: C0LEGAL01, owner: U0LAW0001}
  - id: quality
    name: Product safety
    owner: U0QA00001
    deputies: [U0QA00002]
    head: U0CEO0001
    keywords: [réchaud, explosé, brûlée, rappel produit]
""", encoding="utf-8")
    done = run_demo("--no-console", "--registry", str(registry))
    assert done.returncode == 0, done.stderr
    assert "English for everyone here." in done.stdout
    assert "switchboard → DM to Fay Qa" in done.stdout
    assert "switchboard → DM to Di Law" in done.stdout
    assert "ESC-1 · critical · legal · resolved" in done.stdout


def test_a_missing_registry_file_stops_with_one_clear_line():
    done = run_demo("--no-console", "--registry", "/no/such/file.yaml")
    assert done.returncode == 1
    assert "no registry file at /no/such/file.yaml" in done.stderr

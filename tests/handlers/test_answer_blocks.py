"""The answer to "who handles this?" as Block Kit: the one-click choices it offers."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from handlers.blocks import who_answer
from handlers.ids import Action
from knowledge.routing import Alternative, Route
from knowledge.validation import load_registry_file

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "registry.yaml"


def _route(confident: bool, alternatives: list[Alternative]) -> Route:
    return Route(department="customer_care" if confident else "community", topic=None, confident=confident,
                 confidence=0.97 if confident else 0.4, severity="normal", owner="U0CARE001", deputies=[],
                 head=None, channel=None, matched=["remboursement"], alternatives=alternatives)


def _choices(answer: dict) -> list[str]:
    return [json.loads(element["value"])["d"] for block in answer["blocks"] if block["type"] == "actions"
            for element in block["elements"] if element["action_id"].startswith(Action.CHOOSE_DEPARTMENT)]


def test_a_confident_answer_offers_only_runner_ups_with_some_evidence():
    registry = load_registry_file(SAMPLE).registry
    alternatives = [Alternative("legal", None, 0.12), Alternative("security", None, 0.05),
                    Alternative("quality", None, 0.02)]
    answer = who_answer(_route(True, alternatives), registry, "en", ref="cmd", question="q")
    assert _choices(answer) == ["legal", "security"]
    assert "Not the right department? One click corrects it" in str(answer["blocks"])
    # nothing worth offering: no prompt, no buttons
    answer = who_answer(_route(True, [Alternative("quality", None, 0.02)]), registry, "fr", ref="cmd", question="q")
    assert _choices(answer) == [] and "Pas le bon service" not in str(answer["blocks"])


def test_an_unsure_answer_offers_up_to_three_choices_whatever_their_share():
    registry = load_registry_file(SAMPLE).registry
    alternatives = [Alternative("legal", None, 0.3), Alternative("security", None, 0.2),
                    Alternative("quality", None, 0.01), Alternative("hr", None, 0.01)]
    answer = who_answer(_route(False, alternatives), registry, "en", ref="cmd", question="q")
    assert _choices(answer) == ["legal", "security", "quality"]


def test_two_departments_neck_and_neck_are_named_together_not_one_at_zero_percent():
    registry = load_registry_file(SAMPLE).registry
    alternatives = [Alternative("legal", None, 0.157), Alternative("security", None, 0.157)]
    route = _route(False, alternatives)
    route.confidence, route.guess = 0.0, alternatives[0]
    answer = who_answer(route, registry, "fr", ref="cmd", question="q")
    assert "Juridique et Sécurité informatique à égalité (trop proches pour choisir)" in str(answer["blocks"])
    assert "confiance 0 %" not in str(answer["blocks"])
    route.guess = Alternative("legal", None, 0.3)  # ahead of the others: the likeliest, with its confidence
    route.alternatives = [route.guess, Alternative("security", None, 0.1)]
    route.confidence = 0.4
    assert "Piste la plus probable : Juridique, confiance 40 %" in str(
        who_answer(route, registry, "fr", ref="cmd", question="q")["blocks"])


def test_registry_help_without_admin_says_how_the_registry_is_changed():
    from handlers.blocks import registry_help

    text = "\n".join(block["text"]["text"] for block in registry_help("fr", [], False)["blocks"])
    assert "Ce registre n'a aucun admin" in text and "switchboard registry import FICHIER" in text
    assert "Vous n'êtes pas admin" not in text  # nobody is: that is what matters


def test_a_single_deputy_is_named_in_the_singular():
    registry = load_registry_file(SAMPLE).registry
    one = json.dumps(who_answer(replace(_route(True, []), deputies=["U0CARE002"]), registry, "fr"), ensure_ascii=False)
    assert "*Suppléant·e* :" in one and "Suppléant·es" not in one
    none = json.dumps(who_answer(_route(True, []), registry, "fr"), ensure_ascii=False)
    assert "*Suppléant·es* : aucun" in none


def test_when_an_escalation_was_taken_on_reads_as_a_moment_in_either_language():
    from handlers.blocks import escalation_card

    registry = load_registry_file(SAMPLE).registry
    esc = {"id": "ESC-1", "severity": "high", "department": "legal", "topic": None, "text": "x", "reporters": [],
           "status": "acknowledged", "acknowledged_by": "U0LEGAL01", "acknowledged_at": 1_796_655_600.0}
    french, english = (json.dumps(escalation_card(esc, registry, lang), ensure_ascii=False) for lang in ("fr", "en"))
    # in Slack, each reader's own day and time ("aujourd'hui à 14:05"); the fallback says UTC
    assert "Prise en charge par <@U0LEGAL01>, <!date^1796655600^{date_short_pretty} à {time}|07/12 à 15:00 UTC>" in french
    assert "Acknowledged by <@U0LEGAL01>, <!date^1796655600^{date_short_pretty} at {time}|Dec 7 at 15:00 UTC>" in english


def test_the_departments_owner_is_named_where_a_topics_own_owner_has_no_deputy(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("        deputies: [U0LEGAL01]\n", "        deputies: []\n")
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    registry = load_registry_file(path).registry
    route = Route(department="legal", topic="privacy", confident=True, confidence=0.97, severity="normal",
                  owner="U0DPO0001", deputies=[], head=None, channel=None, matched=["rgpd"], alternatives=[])
    french = json.dumps(who_answer(route, registry, "fr"), ensure_ascii=False)
    assert "*Suppléant·e* : <@U0LEGAL01> (responsable du service)" in french
    assert "point de défaillance unique" not in french  # Claire Martin steps in
    english = json.dumps(who_answer(route, registry, "en"), ensure_ascii=False)
    assert "*Deputy*: <@U0LEGAL01> (department owner)" in english

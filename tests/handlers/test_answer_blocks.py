"""The answer to "who handles this?" as Block Kit: the one-click choices it offers."""
from __future__ import annotations

import json
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

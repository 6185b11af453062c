"""The registry's new warnings reach Slack: a change that brings one says it, in the asker's language."""
from __future__ import annotations

import string
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.admin import RegistryAdmin
from bot.emulator import SlackEmulator
from bot.emulator.blocks import check_blocks
from bot.inbox import Inbox
from bot.services import Switchboard
from handlers.blocks.registry import finding_lines
from handlers.i18n import MESSAGES
from handlers.registry import handle_registry_command
from knowledge.registry_findings import findings
from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from knowledge.validation import load_registry_file, parse_registry_text
from tests.knowledge.test_registry_word_warnings import BIKES

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "registry.yaml"
TOKEN = "xoxb-test-words"
ADMIN = "U0ADMIN01"


class NoEscalations:
    async def list(self, open_only: bool = False) -> list[dict]:
        return []


@pytest.fixture
async def slack():
    async with SlackEmulator() as emu:
        for user_id, person in load_registry_file(SAMPLE).registry.people.items():
            emu.add_user(user_id, person.name, locale="fr-FR")
        yield emu


@pytest.fixture
async def board(tmp_path, slack):
    store = Store.open(tmp_path / "data")
    repo = RegistryRepo(store)
    repo.replace(load_registry_file(SAMPLE).registry, actor="system", source="file", summary="sample")
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)

    async def call(method: str, args: dict) -> dict:
        return (await client.api_call(method, json=args)).data

    switchboard = Switchboard(store=store, repo=repo, call=call, escalations=NoEscalations(), outbox=None,
                              clock=None, inbox=Inbox.of(store))
    switchboard.admin = RegistryAdmin.for_switchboard(switchboard, token=TOKEN, api_url=slack.api_url)
    switchboard.home_publisher = switchboard.admin.publish_home
    yield switchboard
    store.close()


def words(answer: dict[str, Any]) -> str:
    parts = [answer.get("text") or ""]
    parts += [block["text"]["text"] for block in answer.get("blocks") or [] if isinstance(block.get("text"), dict)]
    return "\n".join(parts)


async def registry_command(board, text: str) -> str:
    ack = AsyncMock()
    await handle_registry_command(ack, {"user_id": ADMIN, "text": text, "channel_id": "C0SOCIAL1",
                                        "trigger_id": "1.2.3"}, board)
    answer = ack.await_args.kwargs
    assert check_blocks(answer["blocks"]) == []
    return words(answer)


@pytest.mark.parametrize(("locale", "said"), [
    ("fr-FR", ":warning: Le mot-clé `vae` de `customer_care` est, dans le thésaurus intégré, un mot de « Inscription "
              "et admission dans l'enseignement » (Éducation et enseignement supérieur), dont rien d'autre dans le "
              "registre ne parle : tout message sur ce sujet ira à `customer_care`, même s'il ne dit pas `vae`."),
    ("en-US", ":warning: Keyword `vae` of `customer_care` is, in the built-in thesaurus, a word for “Admissions and "
              "enrolment” (Education and universities), which nothing else in the registry is about: every message "
              "on that subject will go to `customer_care`, even one that never says `vae`."),
])
async def test_a_keyword_added_from_slack_that_takes_in_an_unrelated_subject_is_a_visible_warning(board, slack,
                                                                                                   locale, said):
    slack.workspace.users[ADMIN].locale = locale
    text = await registry_command(board, 'add-keyword customer_care "vae"')
    assert said in text
    assert "vae" in board.registry().department("customer_care").keywords  # a warning: the change is made
    assert "crisis" not in text  # what was fragile before is not this change's doing


def test_every_new_finding_is_worded_in_french_and_english_with_all_its_values():
    registry = parse_registry_text(BIKES.replace("  admins: [U0ADMIN01]\n", "  admins: []\n"), "bikes.yaml").registry
    shown = findings(registry)
    assert {f.code for f in shown} >= {"no_admin", "foreign_meaning", "foreign_synonym", "collapsed_synonym"}
    void = parse_registry_text(BIKES.replace("[e-bike, e-scooter]", "[\"c'est\"]"), "bikes.yaml").registry
    shown += [f for f in findings(void) if f.code == "void_synonym"]
    for f in shown:
        for lang in ("fr", "en"):
            fields = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[f"reg.warn.{f.code}"][lang]) if name}
            assert fields <= set(f.params), (f.code, lang)
    french = "\n".join(finding_lines(shown, "fr"))
    assert "Le terme `e-bike` (synonymes de `assistance électrique`) se réduit au seul mot `bike`" in french
    assert "ses termes (`vélo électrique`, `e-bike`) y sont ajoutés" in french
    assert "Le registre n'a aucun·e admin : personne ne peut plus le modifier depuis Slack" in french
    assert "Le terme `c'est` (synonymes de `assistance électrique`) se réduit à rien" in french

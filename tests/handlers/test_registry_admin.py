"""Registry administration listeners, called directly: a real store, the sample registry, a local Slack.

Slack's Web API is the project's emulator (it records every call and checks Block Kit limits);
``ack``, ``respond`` and the Bolt ``client`` are AsyncMocks; shared files are served by a small
local server that insists on the bot token, as Slack's file hosts do.
"""
from __future__ import annotations

import logging
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

import pytest
import yaml
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from bot.admin import RegistryAdmin
from bot.emulator import SlackEmulator
from bot.emulator.blocks import check_blocks, check_view
from bot.inbox import Inbox
from bot.services import Switchboard
from bot.slack_files import SlackFiles
from handlers.blocks.registry import finding_lines
from handlers.i18n import MESSAGES
from handlers.ids import Action, Block, Callback
from handlers.registry import (
    handle_edit_department_action,
    handle_edit_department_view,
    handle_file_share_message_event,
    handle_file_shared_event,
    handle_import_cancel_action,
    handle_import_confirm_action,
    handle_registry_command,
)
from knowledge.registry_file import dump_registry
from knowledge.registry_findings import findings
from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from knowledge.validation import load_registry_file, parse_registry_text
from tests.knowledge.test_registry_word_warnings import BIKES

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "registry.yaml"
TOKEN = "xoxb-test-admin"
ADMIN = "U0ADMIN01"  # Léa, English Slack
MEMBER = "U0CM00002"  # Hugo, a community manager with a French Slack, not an admin
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class StepClock:
    """Each registry change happens one hour after the previous one."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(hours=1)
        return self.now


class OpenEscalations:
    """The escalation service as the administration sees it: a list of open escalations."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    async def list(self, open_only: bool = False) -> list[dict]:
        return list(self.items)


class FileHost:
    """Serves shared files at /files/<name> to requests bearing the bot token."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[str | None] = []
        self.base = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> FileHost:
        async def serve(request: web.Request) -> web.Response:
            self.requests.append(request.headers.get("Authorization"))
            if request.headers.get("Authorization") != f"Bearer {TOKEN}":
                return web.Response(status=403, text="forbidden")
            return web.Response(body=self.files[request.match_info["name"]], content_type="application/octet-stream")

        app = web.Application()
        app.router.add_get("/files/{name}", serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def slack():
    async with SlackEmulator() as emu:
        for user_id, person in load_registry_file(SAMPLE).registry.people.items():
            emu.add_user(user_id, person.name, locale="fr-FR")
        emu.workspace.users[ADMIN].locale = "en-US"
        emu.add_user("U0NEW0001", "jeanne.d", real_name="Jeanne Dupont", locale="fr-FR")
        emu.add_channel("C0LEGAL09", "juridique")
        yield emu


@pytest.fixture
async def files():
    host = await FileHost().start()
    yield host
    await host.stop()


@pytest.fixture
async def board(tmp_path, slack):
    """A real Switchboard on a tmp store with the sample registry imported, wired to the emulator."""
    store = Store.open(tmp_path / "data")
    repo = RegistryRepo(store, clock=StepClock())
    repo.replace(load_registry_file(SAMPLE).registry, actor="system", source="file", summary="sample")
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)

    async def call(method: str, args: dict) -> dict:
        return (await client.api_call(method, json=args)).data

    switchboard = Switchboard(store=store, repo=repo, call=call, escalations=OpenEscalations(), outbox=None,
                              clock=None, inbox=Inbox.of(store))
    switchboard.admin = RegistryAdmin.for_switchboard(switchboard, token=TOKEN, api_url=slack.api_url)
    switchboard.home_publisher = switchboard.admin.publish_home
    yield switchboard
    store.close()


def words(message: dict[str, Any]) -> str:
    """Everything a person reads in a message or a view: its text and its blocks' texts."""
    parts = [message.get("text") or ""]
    for block in message.get("blocks") or []:
        for piece in [block.get("text"), *(block.get("elements") or []), block.get("accessory")]:
            if isinstance(piece, dict):
                text = piece.get("text")
                parts.append(text if isinstance(text, str) else (text or {}).get("text", ""))
    return "\n".join(p for p in parts if p)


async def registry_command(board, user: str, text: str) -> dict:
    """`/registry <text>` typed by ``user``; the ephemeral answer (checked against Slack's limits)."""
    ack = AsyncMock()
    await handle_registry_command(ack, {"user_id": user, "text": text, "channel_id": "C0SOCIAL1",
                                        "trigger_id": "1.2.3"}, board)
    ack.assert_awaited_once()
    answer = ack.await_args.kwargs
    assert answer["response_type"] == "ephemeral"
    assert check_blocks(answer["blocks"]) == []
    return answer


def revision(board) -> int:
    return board.repo.current()[1]


def owner(board, dept: str, topic: str | None = None) -> str:
    return board.registry().responsible(dept, topic)[0]


def uploads(slack) -> list[str]:
    return [c.method for c in slack.calls if c.method.startswith("files.")]


EDITS = [
    ("set-owner legal <@U0LEGAL02|marc>", "set-owner", "is now the owner of *Juridique* (`legal`)"),
    ("add-deputy crisis <@U0OPS0001|olivier>", "add-deputy", "is now a deputy of *Cellule de crise* (`crisis`)"),
    ("remove-deputy legal <@U0LEGAL02|marc>", "remove-deputy", "is no longer a deputy of *Juridique* (`legal`)"),
    ("set-head legal <@U0OPS0001>", "set-head", "is now the head of *Juridique* (`legal`)"),
    ("set-channel legal <#C0LEGAL09|juridique>", "set-channel", "are now also posted in <#C0LEGAL09>"),
    ('add-keyword legal "huissier"', "add-keyword", "Keywords added to *Juridique* (`legal`)"),
    ('remove-keyword legal "avocat"', "remove-keyword", "Keywords removed from *Juridique* (`legal`)"),
    ('add-department events "Salons"', "add-department", "New department *Salons* (`events`)"),
    ("remove-department hr", "remove-department", "Department `hr` is removed"),
]


# --- reading: everyone ---------------------------------------------------------------------

async def test_help_speaks_the_askers_language_and_names_the_admins(board):
    answer = await registry_command(board, ADMIN, "help")  # Léa's Slack is English, the registry French
    text = words(answer)
    assert "For the registry admins (<@U0ADMIN01>)" in text
    assert "`/registry history --at 2026-11-02T14:00`" in text
    answer = await registry_command(board, MEMBER, "")
    assert "Vous n'êtes pas admin du registre" in words(answer)


async def test_show_lists_who_is_responsible_for_everyone(board):
    text = words(await registry_command(board, MEMBER, "show"))
    assert "*Juridique* (`legal`)" in text
    assert "*Responsable* : <@U0LEGAL01> · *Suppléant·e* : <@U0LEGAL02>" in text  # one deputy
    assert "Sujet *Données personnelles (RGPD)* (`privacy`) : responsable <@U0DPO0001>" in text
    assert "*Suppléant·es* : aucun — point de défaillance unique" in text  # crisis
    detail = words(await registry_command(board, ADMIN, "show legal"))
    assert "Time to acknowledge: critical 10 min, high 1 h, normal 4 h" in detail
    press = words(await registry_command(board, ADMIN, "show press"))  # the rules that prefer it
    assert "Precedence rule: a text that says “journaliste” or “journalist” comes here first" in press
    assert "*Service client*" not in detail


async def test_show_of_an_unknown_department_names_the_known_ones(board):
    text = words(await registry_command(board, ADMIN, "show legl"))
    assert "Unknown department `legl`" in text and "`legal`" in text


async def test_a_topics_id_alone_is_answered_with_how_to_write_it(board):
    text = words(await registry_command(board, ADMIN, "set-owner privacy <@U0LEGAL02>"))
    assert "`privacy` is a topic, not a department: write `legal/privacy`." in text
    assert revision(board) == 1


async def test_a_typo_in_a_command_is_explained_in_the_askers_language(board):
    assert "Je ne connais pas la commande `shwo`" in words(await registry_command(board, MEMBER, "shwo"))
    text = words(await registry_command(board, ADMIN, "set-owner legal @marc"))
    assert "“@marc” is not a person: pick them from Slack's @ list" in text


# --- changing: admins only --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "action", "said"), EDITS)
async def test_an_admin_changes_the_registry_and_the_change_is_audited(board, text, action, said):
    answer = await registry_command(board, ADMIN, text)
    assert said in words(answer)
    assert "Revision 2 · `/registry undo` to revert" in words(answer)
    entry = board.repo.history(1)[0]
    assert (entry.revision, entry.actor, entry.source, entry.action) == (2, ADMIN, "slack", action)
    assert revision(board) == 2


@pytest.mark.parametrize("text", [text for text, _, _ in EDITS] + ["undo", "export", "set-owner legal @Claire Martin",
                                  "add-keyword", "remove-department"])  # refused before any usage error
async def test_anyone_else_is_refused_by_name_of_the_admins_and_nothing_changes(board, slack, caplog, text):
    caplog.set_level(logging.WARNING, logger="bot.admin")
    before = board.repo.current()[0].to_data()
    text_said = words(await registry_command(board, MEMBER, text))
    assert "Le registre ne peut être modifié ou exporté que par son admin : <@U0ADMIN01>. Adressez-vous à cette personne." in text_said  # one admin: one person
    assert board.repo.current()[1] == 1 and board.repo.current()[0].to_data() == before
    assert uploads(slack) == []
    assert any(MEMBER in r.getMessage() and "not an admin" in r.getMessage() for r in caplog.records)


async def test_removing_the_last_deputy_is_accepted_with_a_visible_warning(board):
    text = words(await registry_command(board, ADMIN, "remove-deputy hr <@U0HR00002>"))
    assert "is no longer a deputy of *Ressources humaines* (`hr`)" in text
    assert ":warning: `hr` has no deputy: if <@U0HR00001> does not answer, escalations go straight to the head" in text
    assert "`crisis`" not in text  # it had no deputy before: not this change's doing
    assert board.registry().responsible("hr")[1] == []


async def test_refusals_say_why_and_change_nothing(board):
    board.escalations.items = [{"id": "ESC-7", "status": "acknowledged", "department": "hr"}]
    said = words(await registry_command(board, ADMIN, "remove-department hr"))
    assert "`hr` still has one open escalation: resolve or reassign it first." in said
    said = words(await registry_command(board, ADMIN, "remove-department community"))
    assert "`community` is the triage department" in said
    said = words(await registry_command(board, ADMIN, "add-deputy legal <@U0LEGAL01>"))
    assert "<@U0LEGAL01> is the owner of `legal`: a deputy must be someone else" in said
    assert revision(board) == 1


async def test_a_newcomer_is_added_to_the_people_directory_with_their_slack_name(board):
    await registry_command(board, ADMIN, "add-deputy crisis <@U0NEW0001|jeanne.d>")
    assert board.registry().people["U0NEW0001"].name == "Jeanne Dupont"


@pytest.mark.parametrize("text", ["set-owner legal <@U0NOBODY9>", "add-deputy crisis U0NOBODY9",
                                  "set-head legal <@U0NOBODY9>"])
async def test_a_user_slack_does_not_know_is_refused_and_nothing_changes(board, text):
    before = board.repo.current()[0].to_data()
    said = words(await registry_command(board, ADMIN, text))
    assert "Slack has no user `U0NOBODY9`: pick the person from Slack's @ list. Nothing changed." in said
    assert board.repo.current()[1] == 1 and board.repo.current()[0].to_data() == before


@pytest.mark.parametrize("text", ["set-channel press C0NOPE000", "set-channel press <#C0NOPE000>"])
async def test_a_channel_slack_does_not_know_is_refused_and_nothing_changes(board, text):
    before = board.repo.current()[0].to_data()
    said = words(await registry_command(board, ADMIN, text))
    assert ("I can't see any channel `C0NOPE000`: pick it from Slack's # list (a private channel: invite me first, "
            "`/invite @switchboard`). Nothing changed.") in said
    assert board.repo.current()[1] == 1 and board.repo.current()[0].to_data() == before


async def test_an_edit_is_visible_to_the_next_who_at_once(board):
    question = "Un avocat nous envoie une mise en demeure"
    assert (await board.who(question, MEMBER)).route.owner == "U0LEGAL01"
    await registry_command(board, ADMIN, "set-owner legal <@U0LEGAL02|marc>")
    route = (await board.who(question, MEMBER)).route
    assert (route.department, route.owner) == ("legal", "U0LEGAL02")


def speaks(board, slack, locale: str, user: str = ADMIN) -> None:
    """From now on ``user``'s Slack is in ``locale`` (fr-FR, en-US)."""
    slack.workspace.users[user].locale = locale
    board.locales.forget(user)


def change_sample(board, mutate) -> None:
    """Change the stored registry as a file import would (revision 2), before the admin types."""
    board.repo.change(mutate, actor="system", source="file", action="import", summary="test")


async def test_add_department_takes_the_quoted_name_and_refuses_what_is_left(board, slack):
    speaks(board, slack, "fr-FR")
    said = words(await registry_command(board, ADMIN, 'add-department ev2 "Events" <@U0PRESS01> extra'))
    assert "Je ne comprends pas « extra »" in said
    said = words(await registry_command(board, ADMIN, 'add-department ev "Ev" <@U0PRESS01> <@U0CM00002>'))
    assert "Je ne comprends pas « <@U0CM00002> »" in said  # the second person, by name in Slack
    said = words(await registry_command(board, ADMIN, 'add-department ev "Ev <@U0PRESS01>"'))
    assert "Le nom « Ev <@U0PRESS01> » contient une mention Slack" in said
    assert revision(board) == 1 and board.registry().department("ev") is None
    said = words(await registry_command(board, ADMIN, "add-department ev Événements et salons <@U0PRESS01>"))
    assert "Nouveau service *Événements et salons* (`ev`), responsable <@U0PRESS01>" in said
    assert board.registry().department("ev").owner == "U0PRESS01"


async def test_a_person_typed_by_name_is_refused_whole(board, slack):
    speaks(board, slack, "fr-FR")
    said = words(await registry_command(board, ADMIN, "set-owner legal @Zoé Carpentier"))
    assert "« @Zoé Carpentier » n'est pas une personne : choisissez-la dans la liste @ de Slack" in said
    assert "Je ne comprends pas" not in said and revision(board) == 1


async def test_a_keyword_with_a_mention_or_a_comma_is_refused_with_what_to_type(board, slack):
    said = words(await registry_command(board, ADMIN, 'add-keyword legal "huissier" <@U0LEGAL01>'))
    assert "“huissier <@U0LEGAL01>” holds a Slack mention: a keyword is words that messages contain" in said
    said = words(await registry_command(board, ADMIN, 'add-keyword legal "greffe, tribunal"'))
    assert "“greffe, tribunal” is several keywords in one" in said
    assert 'Put each keyword in quotes: `/registry add-keyword legal "greffe" "tribunal"`' in said
    speaks(board, slack, "fr-FR")
    said = words(await registry_command(board, ADMIN, "add-keyword legal greffe, tribunal"))
    assert "« greffe, tribunal » réunit plusieurs mots-clés" in said
    assert 'Mettez chaque mot-clé entre guillemets : `/registry add-keyword legal "greffe" "tribunal"`' in said
    assert revision(board) == 1
    assert not any("greffe" in k or "huissier" in k for k in board.registry().department("legal").keywords)


async def test_a_department_a_precedence_rule_prefers_is_not_removed_and_the_rule_is_named(board, slack):
    speaks(board, slack, "fr-FR")
    said = words(await registry_command(board, ADMIN, "remove-department press"))
    assert ("Impossible de supprimer `press` : la règle de priorité `journaliste / journalist` le désigne "
            "(réglages du registre, `settings.precedence`), et les règles ne se modifient pas depuis Slack. "
            "Exportez le registre (`/registry export`)") in said
    assert "Rien n'a changé." in said and "unknown" not in said and "inconnu" not in said
    change_sample(board, lambda d: d["settings"]["precedence"].append({"when": ["reporter"], "prefer": "press"}))
    speaks(board, slack, "en-US")
    said = words(await registry_command(board, ADMIN, "remove-department press"))
    assert "the precedence rules `journaliste / journalist`, `reporter` send messages to it" in said
    assert revision(board) == 2 and board.registry().department("press") is not None


async def test_set_head_none_removes_the_head_audited_in_both_languages(board, slack):
    said = words(await registry_command(board, ADMIN, "set-head legal none"))
    assert ("*Juridique* (`legal`) no longer has a head: when neither the owner nor the deputies answer, "
            "its escalations go to the triage department.") in said
    assert "Juridique · head: Hélène Marchand -&gt; (no one)" in said
    entry = board.repo.history(1)[0]
    assert (entry.action, entry.summary, entry.source) == ("set-head", "head of legal: none", "slack")
    assert board.registry().department("legal").head is None
    speaks(board, slack, "fr-FR")
    assert "`legal` n'a pas de direction à retirer." in words(await registry_command(board, ADMIN, "set-head legal aucune"))
    said = words(await registry_command(board, ADMIN, "set-head press none"))
    assert "*Communication &amp; presse* (`press`) n'a plus de direction" in said
    assert "Communication &amp; presse · direction : Hélène Marchand -&gt; (aucune)" in said
    said = words(await registry_command(board, MEMBER, "history 3"))
    assert "(none)" not in said and "Juridique · direction : Hélène Marchand -&gt; (aucune)" in said


async def test_a_topic_given_its_own_owner_says_whose_it_had_until_then(board, slack):
    def inherit(data):
        topic = data["departments"][3]["topics"][0]  # customer_care/delivery
        del topic["owner"], topic["deputies"]

    change_sample(board, inherit)
    said = words(await registry_command(board, ADMIN, "set-owner customer_care/delivery <@U0LOGI001>"))
    assert ("Service client › Livraison · owner: (none of its own — the department's, Julie Lambert, applied) "
            "-&gt; Nora Benali") in said
    speaks(board, slack, "fr-FR")
    said = words(await registry_command(board, ADMIN, "add-deputy customer_care/delivery <@U0HR00001>"))
    assert ("Service client › Livraison · suppléant·es : (aucun en propre — ceux du service, Thomas Girard, "
            "s'appliquaient) -&gt; [Thomas Girard, Sophie Garnier]") in said
    said = words(await registry_command(board, ADMIN, "undo"))
    assert ("suppléant·es : [Thomas Girard, Sophie Garnier] -&gt; (aucun en propre — ceux du service, Thomas Girard, "
            "s'appliquent)") in said
    said = words(await registry_command(board, ADMIN, "set-channel press none"))
    assert "Communication &amp; presse · canal : C0PRESS01 -&gt; (aucun)" in said


async def test_an_owner_who_is_also_deputy_is_a_warning_worded_as_one(board):
    def inherit(data):
        topic = data["departments"][3]["topics"][0]
        del topic["owner"], topic["deputies"]

    change_sample(board, inherit)
    # the topic inherits the department's deputy, who becomes its owner
    said = words(await registry_command(board, ADMIN, "set-owner customer_care/delivery <@U0CARE002>"))
    assert (":warning: <@U0CARE002> is both owner and deputy of `customer_care/delivery`: they are called only "
            "once, so they do not count as a deputy. Better pick someone else.") in said
    assert "must be" not in said and revision(board) == 3


async def test_the_refusal_of_a_non_admin_counts_the_admins(board, slack):
    change_sample(board, lambda d: d["settings"].update(admins=["U0ADMIN01", "U0CM00003"]))
    said = words(await registry_command(board, MEMBER, "undo"))
    assert "Seuls les admins du registre peuvent le modifier ou l'exporter : <@U0ADMIN01>, <@U0CM00003>." in said
    speaks(board, slack, "en-US", "U0CM00003")
    change_sample(board, lambda d: d["settings"].update(admins=[]))
    said = words(await registry_command(board, "U0CM00003", "undo"))
    assert ("This registry has no admin, so no one can change or export it from Slack. It must be changed by "
            "importing a registry file from the command line (`switchboard registry import FILE`)") in said
    said = words(await registry_command(board, MEMBER, "set-owner legal <@U0LEGAL02>"))
    assert "Ce registre n'a aucun admin" in said and "Adressez-vous" not in said
    assert revision(board) == 3


# --- undo and history ----------------------------------------------------------------------

async def test_a_change_reads_well_in_french_and_names_a_new_department_once(board, slack):
    slack.workspace.users[ADMIN].locale = "fr-FR"
    text = words(await registry_command(board, ADMIN, 'add-department influence "Influence & partenariats" <@U0LEGAL02>'))
    assert "Nouveau service *Influence &amp; partenariats* (`influence`), responsable" in text
    assert "(`influence`) (Influence" not in text  # the name once, not again after the id
    text = words(await registry_command(board, ADMIN, 'add-keyword legal "huissier"'))
    assert "+ Juridique · mots-clés : huissier" in text  # French typography in the diff too


async def test_keywords_are_added_all_or_none_and_the_refusal_says_so(board):
    said = words(await registry_command(board, ADMIN, 'add-keyword legal "greffe" "Avocat"'))
    assert "already has the keyword “Avocat”. Nothing changed." in said
    assert "greffe" not in board.registry().department("legal").keywords and revision(board) == 1


async def test_undo_reverts_the_last_change_and_is_itself_audited(board):
    await registry_command(board, ADMIN, "set-owner legal <@U0LEGAL02>")
    await registry_command(board, ADMIN, 'add-keyword legal "huissier"')
    text = words(await registry_command(board, ADMIN, "undo"))
    assert "The change of revision 3 has been undone." in text
    # another undo reverts the change before, not this one: no "undo to revert" under it
    assert "Revision 4 · `/registry history` for the history" in text and "to revert" not in text
    assert "huissier" not in board.registry().department("legal").keywords
    assert owner(board, "legal") == "U0LEGAL02"
    entry = board.repo.history(1)[0]
    assert (entry.action, entry.undoes, entry.actor, entry.source) == ("undo", 3, ADMIN, "slack")
    await registry_command(board, ADMIN, "undo")
    assert owner(board, "legal") == "U0LEGAL01"
    assert "Nothing to undo" in words(await registry_command(board, ADMIN, "undo"))  # the first import stays
    assert revision(board) == 5


async def test_history_shows_who_changed_what(board):
    await registry_command(board, ADMIN, "set-owner legal <@U0LEGAL02>")
    await registry_command(board, ADMIN, "set-channel press none")
    text = words(await registry_command(board, MEMBER, "history"))
    assert "révision actuelle 3" in text
    assert "*r3* · 02/11/2026 12:00 UTC · <@U0ADMIN01> via Slack · `set-channel`" in text
    assert "Juridique · responsable : Claire Martin -&gt; Marc Dubois" in text  # by name, in French
    assert "nouveau registre" in text and "lignes de plus" in text  # the first import, in French too
    assert text.index("*r3*") < text.index("*r2*") < text.index("*r1*")
    latest = words(await registry_command(board, MEMBER, "history 1"))
    assert "*r3*" in latest and "*r2*" not in latest


async def test_history_at_a_date_shows_who_was_responsible_then(board):
    await registry_command(board, ADMIN, "set-owner legal <@U0LEGAL02>")  # revision 2, at 11:00 UTC
    text = words(await registry_command(board, ADMIN, "history --at 2026-11-02T10:30"))
    assert "*The registry as it was at 2026-11-02 10:30 UTC* (revision 1)" in text
    assert "*Owner*: <@U0LEGAL01>" in text
    text = words(await registry_command(board, ADMIN, "history --at 2026-11-02T12:00+01:00"))
    assert "(revision 2)" in text and "*Owner*: <@U0LEGAL02>" in text
    assert "No registry existed yet" in words(await registry_command(board, ADMIN, "history --at 2026-01-01"))
    assert "that moment is still to come" in words(await registry_command(board, ADMIN, "history --at 2099-01-01"))


# --- export ----------------------------------------------------------------------------------

async def test_export_sends_the_registry_file_to_the_admin(board, slack):
    text = words(await registry_command(board, ADMIN, "export"))
    assert "I sent you the registry (revision 1) in a direct message" in text
    assert uploads(slack) == ["files.getUploadURLExternal", "files.completeUploadExternal"]
    upload = slack.calls_to("file_upload")[0]
    assert upload.ok
    stored = next(iter(slack.workspace.files.values()))
    assert parse_registry_text(stored["content"].decode(), stored["name"]).registry == board.registry()
    complete = slack.calls_to("files.completeUploadExternal")[0].body
    assert complete["channel_id"] == slack.workspace.open_dm([ADMIN])[0]
    assert "Edit it and send it back to me here" in complete["initial_comment"]


async def test_a_failed_export_is_told_without_an_error_page(board, slack):
    slack.fail("files.getUploadURLExternal", error="ratelimited")
    text = words(await registry_command(board, ADMIN, "export"))
    assert "I could not send you the registry file (ratelimited)" in text
    assert slack.calls_to("files.completeUploadExternal") == []


def test_every_refusal_exists_in_french_and_english():
    from handlers.i18n import MESSAGES
    from knowledge.edit_errors import _ENGLISH

    missing = [code for code in _ENGLISH
               if code != "no_registry" and set(MESSAGES.get(f"reg.err.{code}", {})) != {"fr", "en"}]
    assert missing == []


# --- import ----------------------------------------------------------------------------------

def edited_sample() -> bytes:
    data = load_registry_file(SAMPLE).registry.to_data()
    next(d for d in data["departments"] if d["id"] == "legal")["owner"] = "U0LEGAL02"
    data["departments"] = [d for d in data["departments"] if d["id"] != "hr"]
    return dump_registry(parse_registry_text(yaml.safe_dump(data, allow_unicode=True), "x.yaml").registry).encode()


def shared(files: FileHost, name: str, content: bytes, *, user: str = ADMIN, file_id: str = "F0REG0001") -> dict:
    files.files[name] = content
    return {"type": "message", "subtype": "file_share", "channel": "D0ADMIN01", "channel_type": "im", "user": user,
            "ts": "1700000100.000100", "text": "", "files": [{
                "id": file_id, "name": name, "filetype": "yaml", "size": len(content),
                "url_private": f"{files.base}/files/{name}"}]}


def click(user: str, action: str, value: str) -> dict:
    return {"user": {"id": user}, "actions": [{"action_id": action, "value": value}], "trigger_id": "9.9.9"}


async def preview(board, files, event: dict) -> dict:
    client = AsyncMock()
    await handle_file_share_message_event(event, client, board)
    client.chat_postMessage.assert_awaited_once()
    message = client.chat_postMessage.await_args.kwargs
    assert message["channel"] == "D0ADMIN01"
    assert check_blocks(message["blocks"]) == []
    return message


def button(message: dict, action: str) -> str:
    return next(e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == action)


async def test_an_import_shows_the_diff_and_changes_nothing_before_confirmation(board, files):
    message = await preview(board, files, shared(files, "registry.yaml", edited_sample()))
    text = words(message)
    assert "*Import of “registry.yaml”* — here is what would change (current registry: revision 1)" in text
    assert "Juridique · owner: Claire Martin -&gt; Marc Dubois" in text  # by name (Léa reads English)
    assert "- Ressources humaines" in text
    assert files.requests == [f"Bearer {TOKEN}"]
    assert revision(board) == 1 and owner(board, "legal") == "U0LEGAL01"

    respond = AsyncMock()
    await handle_import_confirm_action(AsyncMock(), click(ADMIN, Action.IMPORT_CONFIRM,
                                                          button(message, Action.IMPORT_CONFIRM)), respond, board)
    answer = respond.await_args.kwargs
    assert answer["replace_original"] is True
    assert "Registry replaced with “registry.yaml”." in words(answer)
    assert revision(board) == 2 and owner(board, "legal") == "U0LEGAL02" and board.registry().department("hr") is None
    entry = board.repo.history(1)[0]
    assert (entry.action, entry.actor, entry.source, entry.summary) == ("import", ADMIN, "slack",
                                                                        "import of registry.yaml")
    # a second click on the same button imports nothing more
    respond = AsyncMock()
    await handle_import_confirm_action(AsyncMock(), click(ADMIN, Action.IMPORT_CONFIRM,
                                                          button(message, Action.IMPORT_CONFIRM)), respond, board)
    assert "no longer pending" in words(respond.await_args.kwargs)
    assert revision(board) == 2


async def test_a_cancelled_import_changes_nothing(board, files):
    message = await preview(board, files, shared(files, "registry.yaml", edited_sample()))
    token = button(message, Action.IMPORT_CANCEL)
    respond = AsyncMock()
    await handle_import_cancel_action(AsyncMock(), click(ADMIN, Action.IMPORT_CANCEL, token), respond, board)
    assert "Import of “registry.yaml” cancelled: the registry did not change." in words(respond.await_args.kwargs)
    respond = AsyncMock()
    await handle_import_confirm_action(AsyncMock(), click(ADMIN, Action.IMPORT_CONFIRM, token), respond, board)
    assert "no longer pending" in words(respond.await_args.kwargs)
    assert revision(board) == 1 and owner(board, "legal") == "U0LEGAL01"


async def test_a_preview_left_for_more_than_a_day_can_no_longer_be_confirmed(board, files, slack):
    message = await preview(board, files, shared(files, "registry.yaml", edited_sample()))
    two_days_later = datetime.now(UTC) + timedelta(days=2)
    board.admin = RegistryAdmin.for_switchboard(board, token=TOKEN, api_url=slack.api_url,
                                                clock=lambda: two_days_later)
    respond = AsyncMock()
    await handle_import_confirm_action(AsyncMock(), click(ADMIN, Action.IMPORT_CONFIRM,
                                                          button(message, Action.IMPORT_CONFIRM)), respond, board)
    assert "no longer pending" in words(respond.await_args.kwargs)
    assert revision(board) == 1


async def test_an_import_is_refused_when_the_registry_changed_since_the_preview(board, files):
    message = await preview(board, files, shared(files, "registry.yaml", edited_sample()))
    await registry_command(board, ADMIN, 'add-keyword press "podcast"')
    respond = AsyncMock()
    await handle_import_confirm_action(AsyncMock(), click(ADMIN, Action.IMPORT_CONFIRM,
                                                          button(message, Action.IMPORT_CONFIRM)), respond, board)
    assert "The registry changed since the preview (it is at revision 2)" in words(respond.await_args.kwargs)
    assert revision(board) == 2 and owner(board, "legal") == "U0LEGAL01"


async def test_an_invalid_file_is_answered_with_its_problems_by_line(board, files):
    text = dump_registry(board.registry()).replace("    deputies: [U0LEGAL02]", "    deputes: [U0LEGAL02]")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "deputes" in row)
    message = await preview(board, files, shared(files, "broken.yaml", text.encode()))
    said = words(message)
    assert "“broken.yaml” is not a valid registry, nothing changed:" in said
    assert f"broken.yaml:{line}: departments[2].deputes: unknown field (did you mean 'deputies'?)" in said
    assert not any(b["type"] == "actions" for b in message["blocks"])
    assert revision(board) == 1


async def test_a_file_from_someone_else_is_refused_without_being_downloaded(board, files):
    event = shared(files, "registry.yaml", edited_sample(), user=MEMBER)
    message = await preview(board, files, event)
    assert "Le registre ne peut être modifié ou exporté que par son admin : <@U0ADMIN01>" in words(message)
    assert files.requests == []


async def test_each_shared_file_is_previewed_once(board, files, slack):
    await preview(board, files, shared(files, "registry.yaml", edited_sample()))
    client = AsyncMock()
    await handle_file_shared_event({"type": "file_shared", "file_id": "F0REG0001", "user_id": ADMIN,
                                    "channel_id": "D0ADMIN01"}, client, board)
    client.chat_postMessage.assert_not_awaited()
    assert len(files.requests) == 1


def test_the_bot_token_only_goes_to_slack_hosts():
    slack_files = SlackFiles(TOKEN, extra_hosts=["127.0.0.1"])
    assert slack_files.allowed("https://files.slack.com/files-pri/T1-F1/registry.yaml")
    assert slack_files.allowed("http://127.0.0.1:8080/files/registry.yaml")
    assert not slack_files.allowed("http://files.slack.com/files-pri/T1-F1/registry.yaml")
    assert not slack_files.allowed("https://files.slack.com.evil.example/registry.yaml")
    assert not slack_files.allowed("https://evil.example/?u=files.slack.com")
    assert not SlackFiles(TOKEN, extra_hosts=["slack.com"]).allowed("http://slack.com/files/registry.yaml")


# --- the department form ---------------------------------------------------------------------

async def open_form(board, user: str, dept: str) -> dict:
    client = AsyncMock()
    await handle_edit_department_action(AsyncMock(), click(user, Action.HOME_EDIT_DEPARTMENT, dept), client, board)
    view = client.views_open.await_args.kwargs["view"]
    assert client.views_open.await_args.kwargs["trigger_id"] == "9.9.9"
    assert check_view(view) == []
    return view


def state_of(view: dict, **changes: Any) -> dict:
    """The values Slack submits for the form as opened, with ``changes`` (block id -> new value)."""
    values: dict[str, dict] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        value = changes.get(block_id, element.get("initial_user") or element.get("initial_users")
                            or element.get("initial_conversation") or element.get("initial_value"))
        kind = element["type"]
        if kind == "users_select":
            state = {"type": kind, "selected_user": value}
        elif kind == "multi_users_select":
            state = {"type": kind, "selected_users": value or []}
        elif kind == "conversations_select":
            state = {"type": kind, "selected_conversation": value}
        else:
            state = {"type": kind, "value": value or None}
        values[block_id] = {"value": state}
    return {**view, "state": {"values": values}}


async def submit(board, user: str, view: dict) -> AsyncMock:
    ack = AsyncMock()
    await handle_edit_department_view(ack, {"user": {"id": user}, "view": view}, view, board)
    ack.assert_awaited_once()
    return ack


async def test_the_form_opens_with_the_department_as_it_is(board):
    view = await open_form(board, ADMIN, "legal")
    assert view["callback_id"] == Callback.EDIT_DEPARTMENT_VIEW
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs[Block.DEPT_OWNER]["initial_user"] == "U0LEGAL01"
    assert inputs[Block.DEPT_DEPUTIES]["initial_users"] == ["U0LEGAL02"]
    assert inputs[Block.DEPT_HEAD]["initial_user"] == "U0CEO0001"
    assert inputs[Block.DEPT_CHANNEL]["initial_conversation"] == "C0LEGAL01"
    assert inputs[Block.DEPT_KEYWORDS]["initial_value"].splitlines()[:2] == ["avocat", "lawyer"]
    assert inputs[Block.DEPT_TIMEOUT_CRITICAL]["initial_value"] == "10m"
    assert inputs[Block.DEPT_TIMEOUT_HIGH]["placeholder"]["text"] == "empty: 1 h (general setting)"


async def test_the_form_is_not_for_everyone(board):
    view = await open_form(board, MEMBER, "legal")
    assert "Le registre ne peut être modifié ou exporté que par son admin : <@U0ADMIN01>" in words(view)
    assert "submit" not in view


async def test_a_valid_form_is_stored_and_the_home_tab_refreshed(board, slack):
    view = await open_form(board, ADMIN, "legal")
    ack = await submit(board, ADMIN, state_of(view, **{
        Block.DEPT_OWNER: "U0LEGAL02", Block.DEPT_DEPUTIES: ["U0LEGAL01", "U0DPO0001"],
        Block.DEPT_KEYWORDS: "avocat\nhuissier\n« mise en demeure »", Block.DEPT_TIMEOUT_HIGH: "30m",
        Block.DEPT_TIMEOUT_CRITICAL: "",
    }))
    assert ack.await_args.kwargs == {}  # the modal closes
    dept = board.registry().department("legal")
    assert (dept.owner, dept.deputies) == ("U0LEGAL02", ["U0LEGAL01", "U0DPO0001"])
    assert dept.keywords == ["avocat", "huissier", "mise en demeure"]  # a line's quotes are no part of it
    assert dept.ack_timeouts.model_dump(exclude_none=True) == {"high": "30m"}
    entry = board.repo.history(1)[0]
    assert (entry.action, entry.actor, entry.source) == ("edit-department", ADMIN, "slack")
    published = slack.calls_to("views.publish")
    assert published and published[-1].body["user_id"] == ADMIN
    assert "<@U0LEGAL02>" in words(published[-1].body["view"])


async def test_field_errors_are_shown_inside_the_form_and_nothing_changes(board):
    view = await open_form(board, ADMIN, "legal")
    ack = await submit(board, ADMIN, state_of(view, **{
        Block.DEPT_DEPUTIES: ["U0LEGAL01"], Block.DEPT_TIMEOUT_HIGH: "1 hour", Block.DEPT_TIMEOUT_NORMAL: "0m",
    }))
    answer = ack.await_args.kwargs
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        Block.DEPT_DEPUTIES: "Claire Martin is the owner of legal: a deputy must be someone else.",
        Block.DEPT_TIMEOUT_HIGH: "Bad duration “1 hour”: a positive whole number followed by s, m, h or d (for example 15m).",
        Block.DEPT_TIMEOUT_NORMAL: "Bad duration “0m”: a positive whole number followed by s, m, h or d (for example 15m).",
    }
    assert revision(board) == 1


async def test_a_value_the_whole_registry_refuses_is_shown_on_its_field(board):
    view = await open_form(board, ADMIN, "legal")
    ack = await submit(board, ADMIN, state_of(view, **{Block.DEPT_CHANNEL: "D0NOTCHAN"}))
    answer = ack.await_args.kwargs
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [Block.DEPT_CHANNEL]
    assert "bad channel id 'D0NOTCHAN'" in answer["errors"][Block.DEPT_CHANNEL]
    assert revision(board) == 1


@pytest.mark.parametrize(("field", "value", "said"), [
    (Block.DEPT_KEYWORDS, "avocat\ngreffe, tribunal",  # several keywords on one line
     "“greffe, tribunal” is several keywords in one: it would be looked for as it is. Put one per line."),
    (Block.DEPT_KEYWORDS, 'avocat "mise en demeure"',  # and quoted as on the command line
     "“avocat \"mise en demeure\"” is several keywords in one: it would be looked for as it is. Put one per line."),
    (Block.DEPT_CHANNEL, "C0NOPE000",  # a channel Slack does not know
     "I can't see any channel C0NOPE000: pick it from Slack's # list (a private channel: invite me first, "
     "/invite @switchboard). Nothing changed."),
])
async def test_a_value_slack_or_the_keywords_rules_refuse_is_shown_on_its_field(board, field, value, said):
    view = await open_form(board, ADMIN, "legal")
    ack = await submit(board, ADMIN, state_of(view, **{field: value}))
    answer = ack.await_args.kwargs
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {field: said}
    assert revision(board) == 1


async def test_a_form_opened_before_someone_elses_change_is_refused(board):
    view = await open_form(board, ADMIN, "legal")
    await registry_command(board, ADMIN, 'add-keyword legal "huissier"')
    ack = await submit(board, ADMIN, state_of(view, **{Block.DEPT_OWNER: "U0LEGAL02"}))
    assert "Someone changed legal since this form was opened" in ack.await_args.kwargs["errors"][Block.DEPT_OWNER]
    assert owner(board, "legal") == "U0LEGAL01"


async def test_a_form_leaving_no_deputy_is_saved_with_the_warning_in_the_modal(board):
    view = await open_form(board, ADMIN, "legal")
    ack = await submit(board, ADMIN, state_of(view, **{Block.DEPT_DEPUTIES: []}))
    answer = ack.await_args.kwargs
    assert answer["response_action"] == "update"
    assert check_view(answer["view"]) == []
    assert "`legal` has no deputy: if <@U0LEGAL01> does not answer" in words(answer["view"])
    assert board.registry().department("legal").deputies == []


async def test_a_form_submitted_by_someone_no_longer_admin_is_refused(board):
    view = await open_form(board, ADMIN, "legal")
    ack = await submit(board, MEMBER, state_of(view, **{Block.DEPT_OWNER: "U0LEGAL02"}))
    assert "Le registre ne peut être modifié ou exporté que par son admin : Léa Fournier. Adressez-vous à cette personne." in \
        ack.await_args.kwargs["errors"][Block.DEPT_OWNER]
    assert revision(board) == 1


# --- App Home --------------------------------------------------------------------------------

ESCALATION = {"id": "ESC-12", "status": "open", "severity": "critical", "department": "legal", "topic": None,
              "text": "Un avocat nous met en demeure <!channel>", "chain": [{"level": 1, "users": ["U0LEGAL01"]}],
              "notified": ["U0LEGAL01"], "created_at": START.timestamp()}


async def published_home(board, slack, user: str) -> dict:
    await board.publish_home(user)
    call = slack.calls_to("views.publish")[-1]
    assert call.ok, call.response  # within Slack's limits
    assert call.body["user_id"] == user
    return call.body["view"]


async def test_home_for_an_admin_has_edit_buttons_and_the_health_panel(board, slack):
    board.escalations.items = [ESCALATION, {**ESCALATION, "id": "ESC-13", "status": "acknowledged"}]
    view = await published_home(board, slack, ADMIN)
    edits = [b["accessory"]["value"] for b in view["blocks"] if (b.get("accessory") or {}).get("action_id")
             == Action.HOME_EDIT_DEPARTMENT]
    assert edits == [d.id for d in board.registry().departments]
    text = words(view)
    assert "*Responsibility health*" in text
    assert "Without a deputy (single point of failure): `crisis` (<@U0CEO0001>)" in text
    assert "Open escalations per department: `legal` 2" in text
    assert "No escalation is waiting for you." in text


async def test_home_for_a_responsible_person_lists_what_waits_for_them(board, slack):
    board.escalations.items = [ESCALATION]
    view = await published_home(board, slack, "U0LEGAL01")
    text = words(view)
    assert "*ESC-12* — critique · Juridique · depuis le 02/11/2026 09:00 UTC" in text
    assert "<!channel>" not in text and "@channel" in text  # a message cannot ping anyone from the Home tab
    assert "Vous êtes responsable de : `legal`" in text
    assert not any((b.get("accessory") or {}).get("action_id") == Action.HOME_EDIT_DEPARTMENT for b in view["blocks"])
    assert "Santé des responsabilités" not in text


def test_a_usage_error_names_the_placeholders_in_the_askers_language():
    from handlers import blocks
    from knowledge.errors import SwitchboardError
    from knowledge.registry_commands import parse_command

    with pytest.raises(SwitchboardError) as caught:
        parse_command("add-keyword quality")
    french = blocks.registry_error(caught.value, "fr")["text"]
    english = blocks.registry_error(caught.value, "en")["text"]
    assert 'add-keyword &lt;service&gt;[/&lt;sujet&gt;] "mots" ["autres mots"…]' in french
    assert 'add-keyword &lt;department&gt;[/&lt;topic&gt;] "words" ["more words"…]' in english


# --- warnings about the registry's words ------------------------------------------------------

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
    text = words(await registry_command(board, ADMIN, 'add-keyword customer_care "vae"'))
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


async def test_a_new_department_without_deputy_nor_head_is_said_to_go_straight_to_triage(board, slack):
    speaks(board, slack, "fr-FR")
    said = words(await registry_command(board, ADMIN, 'add-department ev "Salons" <@U0PRESS01>'))
    assert (":warning: `ev` n'a ni suppléant·e ni direction : si <@U0PRESS01> ne répond pas, l'escalade passe "
            "directement au triage") in said
    assert "direction (point" not in said


async def test_show_takes_a_topic_as_department_slash_topic_in_slack_too(board):
    text = words(await registry_command(board, MEMBER, "show legal/privacy"))
    assert "Sujet *Données personnelles (RGPD)* (`privacy`) : responsable <@U0DPO0001>" in text
    assert "Mots-clés : rgpd, gdpr" in text and "avocat" not in text  # the topic's words, not the department's
    text = words(await registry_command(board, ADMIN, "show legal/nothing"))
    assert "Department `legal` has no topic `nothing`. Its topics: `privacy`." in text
    text = words(await registry_command(board, ADMIN, "show privacy"))
    assert "`privacy` is a topic, not a department: write `legal/privacy`." in text

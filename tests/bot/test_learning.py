"""The corrections log, the router taught with it, and keyword suggestions (accepted, dismissed, from the CLI)."""
from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.learning import Learning, accept_from_cli, dismiss_from_cli
from knowledge.edit_errors import EditRefused
from knowledge.errors import NotFound
from knowledge.registry_edits import apply_edit
from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from knowledge.suggestions import LabelledText, suggest_keywords
from knowledge.validation import load_registry_file
from tests.conftest import SAMPLE_REGISTRY

UNSURE = "un client demande pourquoi son compte a été fermé"
BAILIFF = ["Un huissier est passé au magasin de Lyon ce matin", "Courrier d'un huissier reçu à l'accueil du siège",
           "L'huissier revient demain pour le constat"]


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "data")
    RegistryRepo(store).replace(load_registry_file(SAMPLE_REGISTRY).registry, actor="system", source="file")
    yield store
    store.close()


@pytest.fixture
def repo(store):
    return RegistryRepo(store)


def clock(start: float = 1_800_000_000.0):
    moments = iter(range(10_000))
    return lambda: start + next(moments)


# --- the corrections log -------------------------------------------------------------------------

async def test_corrections_are_logged_with_who_when_and_why_and_survive_a_restart(tmp_path, store):
    learning = Learning(store, now=clock())
    await learning.record(text=UNSURE, department="customer_care", topic=None, who="U0ADMIN01", source="choice",
                          ref="esc:ESC-4")
    await learning.record(text="Un huissier est passé", department="legal", topic=None, who="U0LEGAL01",
                          source="reassign")
    lines = [json.loads(line) for line in (tmp_path / "data" / "corrections.jsonl").read_text().splitlines()]
    assert lines == [
        {"text": UNSURE, "department": "customer_care", "topic": None, "who": "U0ADMIN01", "when": 1_800_000_000.0,
         "source": "choice", "ref": "esc:ESC-4"},
        {"text": "Un huissier est passé", "department": "legal", "topic": None, "who": "U0LEGAL01",
         "when": 1_800_000_001.0, "source": "reassign", "ref": None},
    ]
    store.close()
    with Store.open(tmp_path / "data") as reopened:
        again = Learning(reopened)
        assert [(c.text, c.department, c.source) for c in again.corrections] == \
            [(UNSURE, "customer_care", "choice"), ("Un huissier est passé", "legal", "reassign")]


async def test_nothing_is_logged_for_an_empty_text_or_an_unknown_source(store):
    learning = Learning(store)
    assert await learning.record(text="  ", department="legal", topic=None, who="U1", source="choice") is None
    with pytest.raises(ValueError):
        await learning.record(text=UNSURE, department="legal", topic=None, who="U1", source="guess")
    assert learning.corrections == []


# --- the taught router -----------------------------------------------------------------------------

async def test_a_correction_is_taught_at_once_and_again_to_the_router_of_a_new_revision(store, repo):
    learning = Learning(store)
    registry, revision = repo.current()
    assert learning.router(registry, revision).route(UNSURE).confident is False
    await learning.record(text=UNSURE, department="customer_care", topic=None, who="U0ADMIN01", source="choice")
    route = learning.router(registry, revision).route(UNSURE)
    assert (route.department, route.confident) == ("customer_care", True)

    repo.change(lambda data: data["settings"].update(language="en"), actor="U0ADMIN01", source="cli", action="edit")
    registry, revision = repo.current()
    route = learning.router(registry, revision).route(UNSURE)
    assert (route.department, route.confident) == ("customer_care", True)


async def test_corrections_are_taught_to_a_fresh_process(store, repo):
    await Learning(store).record(text=UNSURE, department="customer_care", topic=None, who="U1", source="reassign")
    registry, revision = repo.current()
    route = Learning(store).router(registry, revision).route(UNSURE)
    assert (route.department, route.confident) == ("customer_care", True)


async def test_the_latest_correction_of_a_text_wins(store, repo):
    learning = Learning(store)
    registry, revision = repo.current()
    router = learning.router(registry, revision)
    await learning.record(text=UNSURE, department="customer_care", topic=None, who="U1", source="choice")
    await learning.record(text=UNSURE, department="security", topic=None, who="U2", source="reassign")
    assert learning.router(registry, revision) is router  # relabelled in place, not rebuilt
    route = router.route(UNSURE)
    assert (route.department, route.confident) == ("security", True)
    assert len(router.learned) == 1


async def test_corrections_to_a_removed_department_are_skipped(store, repo):
    learning = Learning(store)
    await learning.record(text=UNSURE, department="hr", topic=None, who="U1", source="choice")

    def drop_hr(data: dict) -> None:
        data["departments"] = [d for d in data["departments"] if d["id"] != "hr"]

    repo.change(drop_hr, actor="U0ADMIN01", source="cli", action="remove-department")
    registry, revision = repo.current()
    route = learning.router(registry, revision).route(UNSURE)
    assert route.department != "hr" and route.confident is False


# --- suggestions -----------------------------------------------------------------------------------

def test_words_people_keep_using_for_a_department_are_suggested_and_known_or_shared_ones_are_not():
    registry = load_registry_file(SAMPLE_REGISTRY).registry
    corrections = [LabelledText(text, "legal") for text in BAILIFF] + [
        LabelledText("Ma commande est bloquée en préparation depuis une semaine", "customer_care", "delivery"),
        LabelledText("Commande bloquée en préparation, le client s'impatiente", "customer_care", "delivery"),
        LabelledText("Un journaliste parle du magasin", "press"),
        LabelledText("Le magasin de Nantes est fermé", "hr"),
    ]
    found = {(s.department, s.topic, s.words): s for s in suggest_keywords(registry, corrections)}
    assert ("legal", None, "huissier") in found
    assert found[("legal", None, "huissier")].support == 3
    assert ("customer_care", "delivery", "bloquée") in found  # every supporting text named that topic
    words = {w for _d, _t, w in found}
    assert "commande" not in words  # already a keyword of customer care
    assert "magasin" not in words  # spread over legal, press and hr: says nothing about one of them
    assert "lyon" not in words and "Lyon" not in words  # seen once only


def test_the_same_text_corrected_twice_counts_once():
    registry = load_registry_file(SAMPLE_REGISTRY).registry
    corrections = [LabelledText(BAILIFF[0], "legal"), LabelledText(BAILIFF[0], "legal")]
    assert suggest_keywords(registry, corrections) == []


async def test_a_dismissed_suggestion_never_comes_back_even_after_a_restart(tmp_path, store, repo):
    learning = Learning(store)
    for text in BAILIFF:
        await learning.record(text=text, department="legal", topic=None, who="U0LEGAL01", source="reassign")
    registry, _revision = repo.current()
    suggestion = next(s for s in learning.suggestions(registry) if s.words == "huissier")
    dismiss_from_cli(learning, repo, suggestion.id, "U0ADMIN01")
    assert "huissier" not in [s.words for s in learning.suggestions(registry)]
    await learning.record(text="Encore l'huissier", department="legal", topic=None, who="U1", source="choice")
    assert "huissier" not in [s.words for s in Learning(store).suggestions(registry)]
    with pytest.raises(NotFound):
        accept_from_cli(learning, repo, suggestion.id, "U0ADMIN01")


async def test_accepting_a_suggestion_is_an_audited_registry_change(store, repo):
    learning = Learning(store)
    for text in BAILIFF:
        await learning.record(text=text, department="legal", topic=None, who="U0LEGAL01", source="reassign")
    registry, _revision = repo.current()
    suggestion = next(s for s in learning.suggestions(registry) if s.words == "huissier")
    accepted, entry = accept_from_cli(learning, repo, suggestion.id, "U0ADMIN01")
    assert accepted == suggestion
    assert (entry.actor, entry.source, entry.action, entry.revision) == ("U0ADMIN01", "cli", "add-keyword", 2)
    assert "huissier" in repo.current()[0].department("legal").keywords
    assert "huissier" not in [s.words for s in learning.suggestions(repo.current()[0])]


async def test_accepting_a_keyword_another_hand_already_added_changes_nothing(store, repo):
    learning = Learning(store)
    for text in BAILIFF:
        await learning.record(text=text, department="legal", topic=None, who="U0LEGAL01", source="reassign")
    suggestion = next(s for s in learning.suggestions(repo.current()[0]) if s.words == "huissier")
    repo.change(lambda data: next(d for d in data["departments"] if d["id"] == "legal")["keywords"].append("Huissier"),
                actor="U0ADMIN01", source="cli", action="add-keyword")
    with pytest.raises(NotFound):  # no longer suggested: the registry knows the word now
        accept_from_cli(learning, repo, suggestion.id, "U0ADMIN01")
    with pytest.raises(EditRefused):  # and the edit itself refuses a duplicate
        repo.change(lambda data: apply_edit(data, suggestion.edit(), actor="U0ADMIN01"), actor="U0ADMIN01",
                    source="cli", action="add-keyword")
    assert repo.current()[1] == 2


# --- the command line ------------------------------------------------------------------------------

async def _seeded_folder(tmp_path, store) -> str:
    learning = Learning(store)
    for text in BAILIFF:
        await learning.record(text=text, department="legal", topic=None, who="U0LEGAL01", source="reassign")
    for text in ("Le ticket de caisse est illisible", "Encore un ticket de caisse sans TVA"):
        await learning.record(text=text, department="ecommerce", topic=None, who="U0SHOP001", source="choice")
    store.close()
    return str(tmp_path / "data")


def _listed(capsys) -> dict[str, str]:
    out = capsys.readouterr().out
    return {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and '"' in line}


async def test_cli_lists_accepts_and_dismisses_suggestions(tmp_path, store, capsys):
    folder = await _seeded_folder(tmp_path, store)
    assert main(["--data-dir", folder, "registry", "suggestions"]) == 0
    listed = _listed(capsys)
    bailiff = next(i for i, line in listed.items() if '"huissier"' in line)
    receipt = next(i for i, line in listed.items() if "ecommerce" in line)
    assert "legal" in listed[bailiff] and "3 corrections" in listed[bailiff]

    assert main(["--data-dir", folder, "registry", "suggestions", "--accept", bailiff, "--as", "U0ADMIN01"]) == 0
    assert "added to the keywords of legal (revision 2" in capsys.readouterr().out
    assert main(["--data-dir", folder, "registry", "suggestions", "--dismiss", receipt]) == 0
    assert "will not be suggested again" in capsys.readouterr().out

    assert main(["--data-dir", folder, "registry", "suggestions"]) == 0
    listed = _listed(capsys)
    assert bailiff not in listed and receipt not in listed
    with Store.open(folder) as reopened:
        repo = RegistryRepo(reopened)
        entry = repo.history(1)[0]
        assert (entry.actor, entry.source, entry.action) == ("U0ADMIN01", "cli", "add-keyword")
        assert "huissier" in repo.current()[0].department("legal").keywords
        assert repo.current()[1] == 2  # the dismissal changed nothing in the registry


async def test_cli_refuses_an_unknown_suggestion_and_changes_nothing(tmp_path, store, capsys):
    folder = await _seeded_folder(tmp_path, store)
    assert main(["--data-dir", folder, "registry", "suggestions", "--accept", "zzzzzz"]) == 1
    assert "no keyword suggestion 'zzzzzz'" in capsys.readouterr().err
    with Store.open(folder) as reopened:
        assert RegistryRepo(reopened).current()[1] == 1


async def test_a_new_router_is_announced_once_and_a_reused_one_is_not(store, repo):
    learning = Learning(store)
    built = []
    learning.on_new_router = lambda: built.append(True)
    registry, revision = repo.current()
    first = await learning.arouter(registry, revision)
    again = await learning.arouter(registry, revision)
    assert again is first and built == [True]


async def test_callers_waiting_for_the_same_new_router_announce_it_once(store, repo):
    import asyncio

    learning = Learning(store)
    built = []
    learning.on_new_router = lambda: built.append(True)
    registry, revision = repo.current()
    routers = await asyncio.gather(*(learning.arouter(registry, revision) for _ in range(5)))
    assert len({id(r) for r in routers}) == 1 and built == [True]

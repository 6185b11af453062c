"""The data folder and the audited registry repository, on real folders and real processes."""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from knowledge.errors import Conflict, RegistryInvalid, StoreLocked
from knowledge.journal import journal_path, read_database
from knowledge.models import Registry
from knowledge.registry_diff import diff_registries
from knowledge.registry_repo import RegistryRepo
from knowledge.storage import StoreCorrupt
from knowledge.store import Store
from knowledge.validation import load_registry_file

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "samples" / "registry.yaml"
CRASH_WRITER = Path(__file__).resolve().parent / "crash_writer.py"


@pytest.fixture
def sample() -> Registry:
    return load_registry_file(SAMPLE).registry


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data") as opened:
        yield opened


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT)}


def set_owner(dept_id: str, owner: str):
    def mutate(data: dict) -> None:
        next(d for d in data["departments"] if d["id"] == dept_id)["owner"] = owner
    return mutate


# -- Store ----------------------------------------------------------------------------------


def test_open_creates_the_folder_with_one_file_per_concern(tmp_path):
    with Store.open(tmp_path / "data") as store:
        db = store.table_db("escalations")
        store.call(db.table("open").insert, {"case": 1})
        store.call(store.log("outbox").append, {"sent": 1})
        assert store.table_db("escalations") is db
    names = sorted(p.name for p in (tmp_path / "data").iterdir() if p.name != ".lock")
    assert names == ["escalations.journal.jsonl", "escalations.json", "outbox.jsonl"]
    with Store.open(tmp_path / "data") as store:
        assert store.call(store.table_db("escalations").table("open").all) == [{"case": 1}]
        assert store.call(store.log("outbox").tail, 1) == [{"sent": 1}]


def test_file_names_cannot_leave_the_folder(store):
    with pytest.raises(ValueError, match="must match"):
        store.table_db("../registry")


_OPEN_IN_CHILD = """
import sys
from knowledge.errors import StoreLocked
from knowledge.store import Store
try:
    Store.open(sys.argv[1]).close()
except StoreLocked as exc:
    print(exc)
    sys.exit(3)
print("opened")
"""


def test_a_second_process_is_refused_while_the_folder_is_in_use(tmp_path):
    folder = tmp_path / "data"
    store = Store.open(folder)
    refused = subprocess.run([sys.executable, "-c", _OPEN_IN_CHILD, str(folder)],
                             capture_output=True, text=True, env=child_env(), timeout=60)
    assert refused.returncode == 3, refused.stderr
    assert refused.stdout.strip() == (f"data folder {folder} is already used by another Switchboard "
                                      f"process (lock file {folder / '.lock'})")
    store.close()

    allowed = subprocess.run([sys.executable, "-c", _OPEN_IN_CHILD, str(folder)],
                             capture_output=True, text=True, env=child_env(), timeout=60)
    assert allowed.stdout.strip() == "opened", allowed.stderr


def test_a_second_store_in_the_same_process_is_refused_too(store):
    with pytest.raises(StoreLocked):
        Store.open(store.data_dir)


def test_every_call_runs_on_the_same_writer_thread(store):
    def where() -> str:
        return threading.current_thread().name

    def nested() -> tuple[str, str]:
        return where(), store.call(where)  # already on the writer: runs inline, no deadlock

    async def from_loop() -> str:
        return await store.acall(where)

    first = store.call(where)
    assert first.startswith("store-writer") and first != threading.current_thread().name
    assert store.call(nested) == (first, first)
    assert asyncio.run(from_loop()) == first


async def test_the_event_loop_keeps_running_while_the_writer_is_busy(store):
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    await store.acall(time.sleep, 0.3)
    task.cancel()
    assert ticks >= 10


def test_a_closed_store_refuses_work(tmp_path):
    store = Store.open(tmp_path / "data")
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(RuntimeError, match="closed"):
        store.call(print)


# -- RegistryRepo ---------------------------------------------------------------------------


def test_empty_repository_has_no_registry_and_nothing_to_undo(store):
    repo = RegistryRepo(store)
    assert repo.current() == (None, 0)
    assert repo.history() == []
    with pytest.raises(Conflict, match="nothing to undo"):
        repo.undo(actor="U0ADMIN01", source="slack")
    with pytest.raises(Conflict, match="import a registry file first"):
        repo.change(set_owner("legal", "U0LEGAL02"), actor="cli", source="cli", action="set-owner")


def test_import_then_change_is_persisted_and_audited(tmp_path, sample):
    clock = Clock()
    with Store.open(tmp_path / "data") as store:
        repo = RegistryRepo(store, clock=clock)
        imported = repo.replace(sample, actor="cli", source="file", summary="samples/registry.yaml")
        changed, warnings = repo.change(set_owner("legal", "U0LEGAL02"), actor="U0ADMIN01", source="slack",
                                        action="set-owner", summary="legal owner is now Marc")
        assert imported.revision == 1 and changed.revision == 2
        assert repo.current()[0].responsible("legal")[0] == "U0LEGAL02"
        assert any("U0LEGAL02" in w.message for w in warnings)  # now both owner and deputy

    with Store.open(tmp_path / "data") as store:
        registry, revision = RegistryRepo(store).current()
    assert revision == 2 and registry.responsible("legal")[0] == "U0LEGAL02"

    lines = (tmp_path / "data" / "audit.jsonl").read_text("utf-8").splitlines()
    first, second = (json.loads(line) for line in lines)
    assert first["action"] == "import" and first["before"] is None and first["after"] == sample.to_data()
    assert first["summary"] == "samples/registry.yaml"
    assert "+ departments[legal]" in first["diff"]
    assert second == {
        "revision": 2,
        "at": "2025-03-01T09:02:00+00:00",
        "actor": "U0ADMIN01",
        "source": "slack",
        "action": "set-owner",
        "summary": "legal owner is now Marc",
        "diff": ["departments[legal].owner: U0LEGAL01 -> U0LEGAL02"],
        "before": sample.to_data(),
        "after": second["after"],
    }
    assert second["after"]["departments"][2]["owner"] == "U0LEGAL02"


def test_invalid_change_changes_nothing(tmp_path, sample):
    with Store.open(tmp_path / "data") as store:
        repo = RegistryRepo(store)
        repo.replace(sample, actor="cli", source="file")
        files_before = {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir()}

        def break_it(data: dict) -> None:
            data["departments"][2]["owner"] = "claire"  # not a Slack user id
            data["settings"]["triage_department"] = "nowhere"

        with pytest.raises(RegistryInvalid) as caught:
            repo.change(break_it, actor="U0ADMIN01", source="slack", action="set-owner")
        assert len(caught.value.problems) >= 2
        assert repo.current() == (sample, 1)
        assert len(repo.history()) == 1
        files_after = {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir()}
    assert files_after == files_before


def test_a_change_that_changes_nothing_is_refused(store, sample):
    repo = RegistryRepo(store)
    repo.replace(sample, actor="cli", source="file")
    with pytest.raises(Conflict, match="no change"):
        repo.replace(sample, actor="cli", source="file")
    with pytest.raises(Conflict, match="no change"):
        repo.change(set_owner("legal", "U0LEGAL01"), actor="cli", source="cli", action="set-owner")
    assert repo.current()[1] == 1


def test_unknown_source_is_a_programming_error(store, sample):
    with pytest.raises(ValueError, match="audit source"):
        RegistryRepo(store).replace(sample, actor="cli", source="web")


def test_undo_walks_back_one_change_at_a_time(store, sample):
    repo = RegistryRepo(store)
    repo.replace(sample, actor="cli", source="file")
    repo.change(set_owner("legal", "U0LEGAL02"), actor="U0ADMIN01", source="slack", action="set-owner")
    repo.change(set_owner("hr", "U0HR00002"), actor="U0ADMIN01", source="slack", action="set-owner",
                summary="hr owner")

    undone = repo.undo(actor="U0ADMIN01", source="slack")
    assert (undone.revision, undone.action, undone.undoes) == (4, "undo", 3)
    assert undone.summary == "undo revision 3 (set-owner: hr owner)"
    assert undone.diff == ["departments[hr].owner: U0HR00002 -> U0HR00001"]
    registry, revision = repo.current()
    assert revision == 4
    assert registry.responsible("hr")[0] == "U0HR00001" and registry.responsible("legal")[0] == "U0LEGAL02"

    # A new change after an undo is undone first; then the walk goes on past the earlier undo.
    repo.change(set_owner("press", "U0CEO0001"), actor="U0ADMIN01", source="slack", action="set-owner")
    assert repo.undo(actor="cli", source="cli").undoes == 5
    assert repo.undo(actor="cli", source="cli").undoes == 2
    assert repo.current() == (sample, 7)
    with pytest.raises(Conflict, match="first import"):
        repo.undo(actor="cli", source="cli")
    assert [e.action for e in repo.history()] == ["undo", "undo", "set-owner", "undo", "set-owner",
                                                  "set-owner", "import"]


def test_undo_of_a_reimport_restores_the_previous_file(store, sample):
    repo = RegistryRepo(store)
    repo.replace(sample, actor="cli", source="file")
    data = sample.to_data()
    data["departments"] = [d for d in data["departments"] if d["id"] != "hr"]
    smaller = Registry.model_validate(data)
    entry = repo.replace(smaller, actor="cli", source="file")
    assert entry.diff == ["- departments[hr]"]
    repo.undo(actor="cli", source="cli")
    assert repo.current()[0] == sample


def test_history_is_newest_first_and_limited(store, sample):
    repo = RegistryRepo(store)
    repo.replace(sample, actor="cli", source="file")
    for owner in ("U0LEGAL02", "U0CEO0001", "U0LEGAL01"):
        repo.change(set_owner("legal", owner), actor="U0ADMIN01", source="slack", action="set-owner")
    assert [e.revision for e in repo.history(limit=2)] == [4, 3]
    assert [e.revision for e in repo.history()] == [4, 3, 2, 1]
    assert repo.history()[0].diff == ["departments[legal].owner: U0CEO0001 -> U0LEGAL01"]


def test_history_never_goes_back_in_time_when_a_clock_is_behind_the_last_change(store, sample):
    now = [datetime(2025, 3, 1, 18, 55, tzinfo=UTC)]  # a console's simulated clock, ahead
    repo = RegistryRepo(store, clock=lambda: now[0])
    repo.replace(sample, actor="console", source="slack")
    now[0] = datetime(2025, 3, 1, 17, 50, tzinfo=UTC)  # then the real time, an hour behind
    repo.change(set_owner("legal", "U0LEGAL02"), actor="cli", source="cli", action="set-owner")
    newest, first = repo.history()
    assert newest.at >= first.at == datetime(2025, 3, 1, 18, 55, tzinfo=UTC)
    assert repo.registry_at(datetime(2025, 3, 1, 18, 0, tzinfo=UTC)) == (None, 0)


def test_registry_at_a_past_time(store, sample):
    clock = Clock()  # entries at 09:01, 09:02, 09:03
    repo = RegistryRepo(store, clock=clock)
    repo.replace(sample, actor="cli", source="file")
    repo.change(set_owner("legal", "U0LEGAL02"), actor="U0ADMIN01", source="slack", action="set-owner")
    repo.change(set_owner("legal", "U0CEO0001"), actor="U0ADMIN01", source="slack", action="set-owner")

    def owner_at(hour: int, minute: int, second: int = 0) -> tuple[str | None, int]:
        registry, revision = repo.registry_at(datetime(2025, 3, 1, hour, minute, second, tzinfo=UTC))
        return (registry.responsible("legal")[0] if registry else None), revision

    assert owner_at(8, 59) == (None, 0)
    assert owner_at(9, 1) == ("U0LEGAL01", 1)
    assert owner_at(9, 2, 30) == ("U0LEGAL02", 2)
    assert owner_at(12, 0) == ("U0CEO0001", 3)
    assert repo.registry_at(datetime(2025, 3, 1, 9, 2, 30))[1] == 2  # naive means UTC


def test_crash_between_audit_and_registry_write_is_repaired_on_open(tmp_path, sample):
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        repo = RegistryRepo(store)
        repo.replace(sample, actor="cli", source="file")
        repo.change(set_owner("legal", "U0LEGAL02"), actor="U0ADMIN01", source="slack", action="set-owner")
    # Roll registry.json back to revision 1, as if the process died right after the audit append.
    doc = read_database(folder / "registry.json")
    doc["current"]["1"] = {"revision": 1, "data": sample.to_data()}
    (folder / "registry.json").write_text(json.dumps(doc), "utf-8")
    journal_path(folder / "registry.json").unlink()

    with Store.open(folder) as store:
        registry, revision = RegistryRepo(store).current()
        assert revision == 2 and registry.responsible("legal")[0] == "U0LEGAL02"
    assert read_database(folder / "registry.json")["current"]["1"]["revision"] == 2


def test_registry_ahead_of_its_audit_log_is_reported(tmp_path, sample):
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        RegistryRepo(store).replace(sample, actor="cli", source="file")
    (folder / "audit.jsonl").write_text("")
    with Store.open(folder) as store, pytest.raises(StoreCorrupt, match="audit log lost entries"):
        RegistryRepo(store)


def test_killed_writer_loses_no_reported_write(tmp_path):
    folder = tmp_path / "data"
    rng = random.Random(7)
    reported: list[int] = []
    next_step = 0
    for _round in range(3):
        child = subprocess.Popen(
            [sys.executable, str(CRASH_WRITER), str(folder), str(next_step), str(SAMPLE)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(),
        )
        wanted = rng.randint(3, 25)
        seen = 0
        while seen < wanted:
            line = child.stdout.readline()
            assert line, f"writer stopped early: {child.stderr.read()}"
            reported.append(int(line))
            seen += 1
        time.sleep(rng.uniform(0, 0.02))  # land the kill somewhere inside a write
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()

        with Store.open(folder) as store:
            items = sorted(doc["n"] for doc in store.call(store.table_db("items").all))
            events = [r["n"] for r in store.call(list, store.log("events"))]
            repo = RegistryRepo(store)
            registry, revision = repo.current()
            audit = store.call(list, store.log("audit"))
        assert set(reported) <= set(items)
        assert set(reported) <= set(events)
        assert {f"step {n}" for n in reported} <= {r["summary"] for r in audit}
        assert revision == len(audit) == audit[-1]["revision"]
        assert registry == Registry.model_validate(audit[-1]["after"])
        assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
        for name in ("items.json", "registry.json"):
            json.loads((folder / name).read_text("utf-8"))
        assert items == list(range(len(items)))  # nothing lost, nothing duplicated
        next_step = len(items)  # the next child continues after what is really stored
    assert len(reported) >= 9


# -- diff_registries ------------------------------------------------------------------------


def test_diff_is_keyed_by_id_and_readable(sample):
    before = sample.to_data()
    after = json.loads(json.dumps(before))
    legal = next(d for d in after["departments"] if d["id"] == "legal")
    legal["owner"] = "U0CEO0001"
    legal["deputies"].append("U0HR00001")
    legal["topics"][0]["keywords"].remove(legal["topics"][0]["keywords"][0])
    after["departments"].insert(0, {"id": "sales", "name": "Ventes", "owner": "U0SHOP001"})
    after["departments"] = [d for d in after["departments"] if d["id"] != "hr"]
    after["settings"]["ack_timeouts"]["critical"] = "10m"
    after["people"]["U0NEW0001"] = {"name": "Nouvelle Personne"}
    del after["people"]["U0HR00002"]

    removed_keyword = before["departments"][2]["topics"][0]["keywords"][0]
    topic = before["departments"][2]["topics"][0]["id"]
    assert diff_registries(before, after) == [
        "settings.ack_timeouts.critical: 15m -> 10m",
        "- people[U0HR00002]",
        "+ people[U0NEW0001]",
        "departments[legal].owner: U0LEGAL01 -> U0CEO0001",
        "+ departments[legal].deputies: U0HR00001",
        f"- departments[legal].topics[{topic}].keywords: {removed_keyword}",
        "- departments[hr]",
        "+ departments[sales]",
    ]


def test_diff_reports_reordering_and_a_new_registry(sample):
    before = sample.to_data()
    after = json.loads(json.dumps(before))
    after["departments"].reverse()
    assert diff_registries(before, after) == [
        "departments: order changed (" + ", ".join(d["id"] for d in after["departments"]) + ")"
    ]
    assert diff_registries(None, before)[:2] == ["new registry", "+ departments[community]"]
    assert diff_registries(before, before) == []

"""The journaled TinyDB storage: a write costs what it changes, compacts, survives crashes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tinydb import TinyDB

from knowledge import journal as journal_module
from knowledge.journal import JournaledJSONStorage, JournaledTables, journal_path, read_database
from knowledge.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _db(path: Path) -> TinyDB:
    return TinyDB(path, storage=JournaledJSONStorage)


def test_documents_survive_reopening_with_inserts_updates_and_removals(tmp_path):
    path = tmp_path / "things.json"
    db = _db(path)
    things = db.table("things")
    a, b = things.insert({"n": 1}), things.insert({"n": 2})
    things.update({"n": 3}, doc_ids=[a])
    things.remove(doc_ids=[b])
    db.table("other").insert({"x": True})
    db.drop_table("other")
    db.close()
    again = _db(path)
    assert [dict(d) for d in again.table("things").all()] == [{"n": 3}]
    assert "other" not in again.tables()
    assert read_database(path) == {"things": {str(a): {"n": 3}}}


def test_a_write_appends_only_what_changed(tmp_path):
    path = tmp_path / "outbox.json"
    db = _db(path)
    entries = db.table("entries")
    entries.insert_multiple({"text": "x" * 2000, "n": i} for i in range(200))  # a large backlog
    size = journal_path(path).stat().st_size
    entries.update({"sent": True}, doc_ids=[7])
    grown = journal_path(path).stat().st_size - size
    assert grown < 2500  # one document, not the 400 KB table
    line = journal_path(path).read_bytes().splitlines()[-1]
    assert set(json.loads(line)["tables"]["entries"]["set"]) == {"7"}


def test_compaction_writes_the_snapshot_and_empties_the_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "COMPACT_MIN_BYTES", 2000)
    path = tmp_path / "things.json"
    db = _db(path)
    things = db.table("things")
    for i in range(60):
        things.upsert({"k": i % 3, "n": i}, cond=lambda d, k=i % 3: d["k"] == k)
    assert journal_path(path).stat().st_size < 2000 + 200  # compacted at least once
    db.close()
    again = _db(path)
    assert sorted(d["n"] for d in again.table("things").all()) == [57, 58, 59]


def test_opening_creates_nothing_and_the_first_write_is_the_snapshot(tmp_path):
    path = tmp_path / "fresh.json"
    db = _db(path)
    assert db.table("t").all() == []
    assert list(tmp_path.iterdir()) == []  # a read-only command leaves no file behind
    db.table("t").insert({"a": 1})
    assert json.loads(path.read_bytes()) == {"t": {"1": {"a": 1}}}
    db.table("t").insert({"a": 2})
    assert read_database(path) == {"t": {"1": {"a": 1}, "2": {"a": 2}}}  # the second one, journaled


def test_a_torn_last_line_is_cut_and_the_rest_kept(tmp_path):
    path = tmp_path / "things.json"
    db = _db(path)
    db.table("t").insert({"n": 1})
    db.table("t").insert({"n": 2})
    db.close()
    with open(journal_path(path), "ab") as handle:
        handle.write(b'{"tables": {"t": {"set": {"3": {"n"')
    assert read_database(path) == {"t": {"1": {"n": 1}, "2": {"n": 2}}}
    again = _db(path)
    assert [d["n"] for d in again.table("t").all()] == [1, 2]
    again.table("t").insert({"n": 3})
    again.close()
    assert [d["n"] for d in _db(path).table("t").all()] == [1, 2, 3]


def test_an_old_whole_file_database_opens_as_its_snapshot(tmp_path):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps({"current": {"1": {"revision": 4}}}))
    db = _db(path)
    assert db.table("current").get(doc_id=1) == {"revision": 4}


def test_the_store_uses_it_for_every_database(tmp_path):
    with Store.open(tmp_path) as store:
        items = store.table_db("items").table("items")
        store.call(items.insert, {"ok": True})
        store.call(items.insert, {"ok": False})
    assert journal_path(tmp_path / "items.json").exists()
    with Store.open(tmp_path) as store:
        items = store.table_db("items").table("items")
        assert [d["ok"] for d in store.call(items.all)] == [True, False]


def test_every_write_that_returned_survives_sigkill(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tinydb import TinyDB
        from knowledge import journal
        journal.COMPACT_MIN_BYTES = 3000
        db = TinyDB({str(tmp_path / "things.json")!r}, storage=journal.JournaledJSONStorage)
        table = db.table("things")
        i = 0
        while True:
            key = i % 40
            table.upsert({{"k": key, "n": i}}, cond=lambda d, key=key: d["k"] == key)
            print(i, flush=True)
            i += 1
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    last = -1
    assert child.stdout is not None
    for line in child.stdout:
        last = int(line)
        if last >= 400:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    rows = {d["k"]: d["n"] for d in _db(tmp_path / "things.json").table("things").all()}
    # the last write reported for each key is there (or a later one that returned unreported)
    for i in range(max(0, last - 39), last + 1):
        assert rows[i % 40] >= i


def test_a_failed_first_write_changes_nothing(tmp_path, monkeypatch):
    tables = JournaledTables(tmp_path / "fresh.json")

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module.AtomicJSONStorage, "_replace", full_disk)
    with pytest.raises(OSError):
        tables.commit({"tables": {"t": {"set": {"1": {"a": 1}}}}})
    assert tables.table("t") == {}
    monkeypatch.undo()
    tables.commit({"tables": {"t": {"set": {"2": {"a": 2}}}}})
    assert read_database(tmp_path / "fresh.json") == {"t": {"2": {"a": 2}}}


def test_a_failed_compaction_keeps_the_change_and_retries_later(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "COMPACT_MIN_BYTES", 500)
    path = tmp_path / "outbox.json"
    tables = JournaledTables(path)
    tables.commit({"tables": {"t": {"set": {"0": {"n": 0}}}}})
    real_replace = journal_module.AtomicJSONStorage._replace

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module.AtomicJSONStorage, "_replace", full_disk)
    for n in range(1, 40):  # the journal passes its size limit: compactions fail, commits do not
        tables.commit({"tables": {"t": {"set": {str(n): {"n": n, "pad": "x" * 20}}}}})
    assert len(read_database(path)["t"]) == 40
    monkeypatch.setattr(journal_module.AtomicJSONStorage, "_replace", real_replace)
    tables.commit({"tables": {"t": {"del": ["0"]}}})
    assert journal_path(path).stat().st_size == 0  # compacted at last
    assert len(read_database(path)["t"]) == 39

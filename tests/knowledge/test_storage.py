"""Crash-safe files: the atomic TinyDB storage and the append-only JSON-lines log, on real files."""
from __future__ import annotations

import json

import pytest
from tinydb import TinyDB

from knowledge.storage import AppendLog, AtomicJSONStorage, StoreCorrupt


def open_db(path, **kwargs) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, **kwargs)


# -- AtomicJSONStorage ----------------------------------------------------------------------


def test_writes_survive_reopen_and_leave_only_the_data_file(tmp_path):
    db = open_db(tmp_path / "cases.json")
    for n in range(5):
        db.table("cases").insert({"n": n, "text": "Mise en demeure reçue"})
    db.table("cases").update({"state": "acked"}, doc_ids=[2])
    db.close()

    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.json"]
    again = open_db(tmp_path / "cases.json")
    rows = again.table("cases").all()
    assert [r["n"] for r in rows] == [0, 1, 2, 3, 4]
    assert again.table("cases").get(doc_id=2)["state"] == "acked"
    assert json.loads((tmp_path / "cases.json").read_text("utf-8"))["cases"]["1"]["text"] == "Mise en demeure reçue"


def test_missing_or_empty_file_is_an_empty_database(tmp_path):
    (tmp_path / "empty.json").write_text("")
    assert open_db(tmp_path / "empty.json").table("x").all() == []
    assert open_db(tmp_path / "absent.json").table("x").all() == []
    assert not (tmp_path / "absent.json").exists()  # reading does not create files


def test_leftover_temp_file_from_a_killed_write_is_removed_on_open(tmp_path):
    db = open_db(tmp_path / "cases.json")
    db.insert({"n": 1})
    db.close()
    leftover = tmp_path / ".cases.json.k3j2x9.tmp"
    leftover.write_text('{"_default": {"1": {"n": 1}, "2": {"n"')  # a write cut short
    other = tmp_path / ".outbox.json.aaaa.tmp"  # belongs to another file: not ours to remove
    other.write_text("{}")

    again = open_db(tmp_path / "cases.json")
    assert not leftover.exists()
    assert other.exists()
    assert again.all() == [{"n": 1}]


def test_failed_write_keeps_the_previous_content(tmp_path):
    db = open_db(tmp_path / "cases.json")
    db.insert({"n": 1})
    before = (tmp_path / "cases.json").read_bytes()

    with pytest.raises(TypeError):
        db.insert({"n": 2, "tags": {"not", "json"}})  # a set cannot be serialised

    assert (tmp_path / "cases.json").read_bytes() == before
    assert db.all() == [{"n": 1}]  # the in-memory copy was reloaded from disk, not left half-changed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.json"]


def test_file_mode_is_kept_across_writes(tmp_path):
    db = open_db(tmp_path / "cases.json")
    db.insert({"n": 1})
    (tmp_path / "cases.json").chmod(0o640)
    db.insert({"n": 2})
    assert (tmp_path / "cases.json").stat().st_mode & 0o777 == 0o640


def test_unreadable_file_is_reported_with_its_path(tmp_path):
    (tmp_path / "cases.json").write_text('{"_default": {"1": ')
    with pytest.raises(StoreCorrupt, match=r"cases\.json:1: not valid JSON"):
        open_db(tmp_path / "cases.json").all()


# -- AppendLog ------------------------------------------------------------------------------


def test_appended_records_read_back_in_order_after_reopen(tmp_path):
    log = AppendLog(tmp_path / "audit.jsonl")
    for n in range(1, 6):
        assert log.append({"n": n, "summary": "owner → U2"}) == n
    log.close()

    again = AppendLog(tmp_path / "audit.jsonl")
    assert len(again) == 5
    assert [r["n"] for r in again] == [1, 2, 3, 4, 5]
    assert [r["n"] for r in reversed(again)] == [5, 4, 3, 2, 1]
    assert [r["n"] for r in again.tail(2)] == [4, 5]
    assert [r["n"] for r in again.tail(50)] == [1, 2, 3, 4, 5]
    assert again.tail(0) == []
    assert (tmp_path / "audit.jsonl").read_text("utf-8").count("\n") == 5


def test_torn_last_line_is_cut_on_open_and_appends_continue_cleanly(tmp_path):
    path = tmp_path / "audit.jsonl"
    log = AppendLog(path)
    log.append({"n": 1})
    log.append({"n": 2})
    log.close()
    with open(path, "ab") as handle:
        handle.write(b'{"n": 3, "summ')  # the process died in the middle of this append

    repaired = AppendLog(path)
    assert len(repaired) == 2
    assert [r["n"] for r in repaired] == [1, 2]
    repaired.append({"n": 3})
    repaired.close()
    assert [json.loads(line)["n"] for line in path.read_text().splitlines()] == [1, 2, 3]


def test_garbage_last_line_is_cut_but_earlier_damage_is_reported(tmp_path):
    path = tmp_path / "audit.jsonl"
    path.write_bytes(b'{"n": 1}\n{"n": 2}\n\x00\x00\x00\n')
    log = AppendLog(path)
    assert [r["n"] for r in log] == [1, 2]
    log.close()

    path.write_bytes(b'{"n": 1}\n{"n": oops}\n{"n": 3}\n')
    damaged = AppendLog(path)
    assert len(damaged) == 3  # only the tail is repaired automatically
    with pytest.raises(StoreCorrupt, match=r"audit\.jsonl:2: not valid JSON"):
        list(damaged)


def test_reading_backwards_across_blocks_and_long_lines(tmp_path):
    log = AppendLog(tmp_path / "big.jsonl", durable=False)
    texts = [f"record {n} " + "x" * (n % 7) * 40_000 for n in range(40)]
    for n, text in enumerate(texts):
        log.append({"n": n, "text": text})
    assert [r["text"] for r in reversed(log)] == texts[::-1]
    assert [r["n"] for r in log.tail(3)] == [37, 38, 39]
    log.close()
    assert len(AppendLog(tmp_path / "big.jsonl")) == 40


def test_empty_log(tmp_path):
    log = AppendLog(tmp_path / "sub" / "outbox.jsonl")
    assert len(log) == 0
    assert list(log) == [] and list(reversed(log)) == [] and log.tail(5) == []
    assert (tmp_path / "sub" / "outbox.jsonl").exists()

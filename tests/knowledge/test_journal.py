"""The journaled table: durable per change, compacted, replayed after a crash."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from knowledge import journal as journal_module
from knowledge.journal import JournaledTable
from knowledge.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_rows_survive_reopening(tmp_path):
    table = JournaledTable(tmp_path, "things")
    table.put("a", {"n": 1})
    table.put("b", {"n": 2})
    table.put("a", {"n": 3})
    table.delete("b")
    table.close()
    again = JournaledTable(tmp_path, "things")
    assert dict(again.items()) == {"a": {"n": 3}}


def test_compaction_keeps_the_rows_and_empties_the_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "COMPACT_MIN", 10)
    table = JournaledTable(tmp_path, "things")
    for i in range(25):
        table.put(str(i % 3), {"n": i})
    assert (tmp_path / "things.jsonl").stat().st_size < 25 * 20  # compacted at least once
    table.close()
    again = JournaledTable(tmp_path, "things")
    assert {k: v["n"] for k, v in again.items()} == {"0": 24, "1": 22, "2": 23}


def test_a_torn_last_line_is_cut_and_the_rest_kept(tmp_path):
    table = JournaledTable(tmp_path, "things")
    table.put("a", {"n": 1})
    table.close()
    with open(tmp_path / "things.jsonl", "ab") as handle:
        handle.write(b'{"key": "b", "row": {"n"')
    again = JournaledTable(tmp_path, "things")
    assert dict(again.items()) == {"a": {"n": 1}}
    again.put("c", {"n": 3})
    again.close()
    assert set(dict(JournaledTable(tmp_path, "things").items())) == {"a", "c"}


def test_the_store_hands_out_journals_and_closes_them(tmp_path):
    with Store.open(tmp_path) as store:
        store.call(lambda: store.journal("outbox").put("x", {"ok": True}))
    with Store.open(tmp_path) as store:
        assert store.call(lambda: store.journal("outbox").get("x")) == {"ok": True}


def test_every_write_that_returned_survives_sigkill(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from knowledge import journal
        journal.COMPACT_MIN = 50
        from knowledge.journal import JournaledTable
        table = JournaledTable(__import__("pathlib").Path({str(tmp_path)!r}), "things")
        i = 0
        while True:
            table.put(str(i % 40), {{"n": i}})
            print(i, flush=True)
            i += 1
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    last = -1
    for line in child.stdout:
        last = int(line)
        if last >= 400:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    table = JournaledTable(tmp_path, "things")
    rows = {int(k): v["n"] for k, v in table.items()}
    # the last write reported for each key is there (or a later one that returned unreported)
    for i in range(max(0, last - 39), last + 1):
        assert rows[i % 40] >= i

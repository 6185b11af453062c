"""Cost of one durable write as the logs grow: Switchboard's store against TinyDB's default storage.

Two writes are measured at each log size (1k, 10k, 100k entries; --quick: 1k, 10k):

- an audited registry change: ours is ``RegistryRepo.change`` (validation, diff, an audit line
  appended to an audit log that already holds N entries, then registry.json replaced
  atomically); the naive one-file design is a TinyDB doc update with the default JSONStorage in
  a database that also holds an N-entry log table;
- one append to a log: ours is ``AppendLog.append``; the default is a TinyDB table insert.

Prefills are written directly (no fsync); then each cell times consecutive durable writes and
reports the median. The growth column is the 100k (or largest) median over the 1k median.
Ours should stay flat (<= 2x); the default grows about linearly with the file.

Usage: python bench/store_writes.py [--quick] [--dir DIR] [--writes N]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tinydb import JSONStorage, TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.registry_repo import RegistryRepo  # noqa: E402
from knowledge.storage import AppendLog  # noqa: E402
from knowledge.store import Store  # noqa: E402
from knowledge.validation import load_registry_file  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "registry.yaml"
AT = "2025-03-01T09:00:00+00:00"
CELL_BUDGET_S = 8.0  # a slow cell stops early (but after at least MIN_WRITES writes)
MIN_WRITES = 5


def log_record(n: int) -> dict:
    """A log line shaped like an outbox/escalation history record (~300 bytes)."""
    return {
        "n": n, "at": AT, "kind": "escalation.reminded", "escalation": f"E{n:07d}",
        "department": "legal", "severity": "high", "to": ["U0LEGAL01", "U0LEGAL02"],
        "text": "Rappel : mise en demeure reçue sur Instagram, toujours pas d'accusé de réception.",
        "channel": "C0LEGAL01", "ts": f"1740819600.{n:06d}",
    }


def timed(write: Callable[[int], object], writes: int) -> float:
    """Median milliseconds of up to ``writes`` calls of ``write(k)``."""
    samples: list[float] = []
    started = time.perf_counter()
    for k in range(writes):
        t0 = time.perf_counter()
        write(k)
        samples.append((time.perf_counter() - t0) * 1000)
        if len(samples) >= MIN_WRITES and time.perf_counter() - started > CELL_BUDGET_S:
            break
    return statistics.median(samples)


def describe(k: int) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        data["departments"][0]["description"] = f"Modération et veille (révision de bench {k})"
    return mutate


# -- ours -------------------------------------------------------------------------------------


def prefill_ours(folder: Path, size: int, data: dict) -> None:
    """An audit log and an events log of ``size`` entries each, plus a matching registry.json."""
    folder.mkdir(parents=True)
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    with open(folder / "audit.jsonl", "w", encoding="utf-8") as audit:
        for revision in range(1, size + 1):
            audit.write(
                f'{{"revision":{revision},"at":"{AT}","actor":"U0ADMIN01","source":"slack",'
                f'"action":"describe","summary":"bench","diff":[],"before":{blob},"after":{blob}}}\n'
            )
    doc = {"current": {"1": {"revision": size, "data": data}}}
    (folder / "registry.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    events = AppendLog(folder / "events.jsonl", durable=False)
    for n in range(size):
        events.append(log_record(n))
    events.close()


def measure_ours(folder: Path, size: int, writes: int) -> tuple[float, float]:
    """(audited change ms, log append ms) on a durable store."""
    with Store.open(folder) as store:
        repo = RegistryRepo(store)
        events = store.log("events")
        assert len(events) == size and repo.current()[1] == size
        change = timed(lambda k: repo.change(describe(k), actor="U0ADMIN01", source="slack",
                                             action="describe"), writes)
        append = timed(lambda k: store.call(events.append, log_record(size + k)), writes)
    return change, append


# -- TinyDB's default JSONStorage, one file ---------------------------------------------------


def prefill_default(path: Path, size: int, data: dict) -> None:
    """One TinyDB file holding the registry doc and a log table of ``size`` entries."""
    tables = {
        "registry": {"1": {"revision": size, "data": data}},
        "log": {str(n + 1): log_record(n) for n in range(size)},
    }
    path.write_text(json.dumps(tables, ensure_ascii=False), "utf-8")


def measure_default(path: Path, size: int, data: dict, writes: int) -> tuple[float, float]:
    """(registry doc update ms, log insert ms) with TinyDB's default JSONStorage."""
    db = TinyDB(path, storage=JSONStorage)
    registry, log_table = db.table("registry"), db.table("log")

    def update(k: int) -> None:
        describe(k)(data)
        registry.update({"revision": size + k + 1, "data": data}, doc_ids=[1])

    change = timed(update, writes)
    append = timed(lambda k: log_table.insert(log_record(size + k)), writes)
    db.close()
    return change, append


# -- report -----------------------------------------------------------------------------------


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1k and 10k only")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the scratch files")
    parser.add_argument("--writes", type=int, default=50, help="writes timed per cell (median taken)")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    data = load_registry_file(SAMPLE).registry.to_data()

    scratch = Path(tempfile.mkdtemp(prefix="store-bench-", dir=args.dir))
    rows: list[tuple[int, float, float, float, float]] = []
    started = time.perf_counter()
    try:
        for size in sizes:
            ours_dir = scratch / f"ours-{size}"
            prefill_ours(ours_dir, size, data)
            ours_change, ours_append = measure_ours(ours_dir, size, args.writes)
            shutil.rmtree(ours_dir)
            default_file = scratch / f"default-{size}.json"
            prefill_default(default_file, size, data)
            default_change, default_append = measure_default(default_file, size, data, args.writes)
            default_file.unlink()
            rows.append((size, ours_change, ours_append, default_change, default_append))
            print(f"  measured {size:>7,} entries ({time.perf_counter() - started:.0f}s so far)", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    header = ("log entries", "ours: audited change", "ours: log append",
              "default: registry update", "default: log insert")
    widths = [max(len(h), 14) for h in header]
    print()
    print("median ms per durable write")
    print(" | ".join(h.rjust(w) for h, w in zip(header, widths)))
    print("-+-".join("-" * w for w in widths))
    for size, *cells in rows:
        print(" | ".join([f"{size:,}".rjust(widths[0])] + [f"{c:.2f}".rjust(w) for c, w in zip(cells, widths[1:])]))
    first, last = rows[0], rows[-1]
    ratios = [b / a for a, b in zip(first[1:], last[1:])]
    label = f"growth {last[0] // 1000}k/{first[0] // 1000}k"
    print(" | ".join([label.rjust(widths[0])] + [f"{r:.1f}x".rjust(w) for r, w in zip(ratios, widths[1:])]))
    verdict = "flat" if max(ratios[:2]) <= 2 else "NOT flat"
    print(f"\nours: {verdict} (goal <= 2x); default grows {ratios[2]:.0f}x / {ratios[3]:.0f}x "
          f"for {last[0] // first[0]}x more entries; total {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()

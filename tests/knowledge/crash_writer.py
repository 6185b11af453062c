"""Helper for the crash test: writes to a data folder until killed, printing each finished step.

Usage: python crash_writer.py DATA_DIR FIRST_STEP REGISTRY_YAML

Each step inserts into the "items" table, appends to the "events" log and makes one audited
registry change, then prints the step number (flushed): a printed number means all three
writes have returned.
"""
from __future__ import annotations

import sys

from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from knowledge.validation import load_registry_file


def main() -> None:
    data_dir, first, registry_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = Store.open(data_dir)
    items, events = store.table_db("items"), store.log("events")
    repo = RegistryRepo(store)
    if repo.current()[0] is None:
        repo.replace(load_registry_file(registry_file).registry, actor="cli", source="file")
    step = first
    while True:
        store.call(items.insert, {"n": step, "pad": "p" * 3000})
        store.call(events.append, {"n": step})

        def describe(data: dict, step: int = step) -> None:
            data["departments"][0]["description"] = f"step {step}"

        repo.change(describe, actor="system", source="cli", action="describe", summary=f"step {step}")
        print(step, flush=True)
        step += 1


if __name__ == "__main__":
    main()

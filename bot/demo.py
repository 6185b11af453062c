"""`switchboard demo`: a tour of the product on the embedded store, no Slack account needed."""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bot.cli import SAMPLE_REGISTRY


def run_demo(args: argparse.Namespace) -> int:
    """Import the sample registry into a throw-away data folder and print the responsibility report."""
    from knowledge.store import RegistryRepo, Store
    from knowledge.validation import load_registry_file, render_report_text, responsibility_report

    registry_file = Path(args.registry) if args.registry else SAMPLE_REGISTRY
    loaded = load_registry_file(registry_file)
    with tempfile.TemporaryDirectory(prefix="switchboard-demo-") as tmp, Store.open(Path(tmp)) as store:
        entry = RegistryRepo(store).replace(loaded.registry, actor="demo", source="file", action="import",
                                            summary=f"import of {registry_file.name}")
        print(f"imported {registry_file.name} as revision {entry.revision}\n")
        for warning in loaded.warnings:
            print(f"warning: {warning}")
        print(render_report_text(responsibility_report(loaded.registry), loaded.registry))
    return 0

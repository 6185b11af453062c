"""`switchboard registry …`: validate, import, export, show, history, undo, suggestions, audit."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli_common import _actor, _current_registry, _data_dir, _open_store, _reason, _repo, open_store_to_change
from knowledge.errors import Conflict, RegistryInvalid, StoreLocked, SwitchboardError
from knowledge.report import counted

IMPORT_FROM_SLACK = "send the file to the bot in a direct message (it shows the diff and asks for confirmation)"
UNDO_FROM_SLACK = "`/registry undo`"


def print_problems(title: str, problems, stream) -> None:
    if problems:
        print(f"{title} ({len(problems)}):", file=stream)
        for problem in problems:
            print(f"  {problem}", file=stream)


# --- registry ------------------------------------------------------------------------------

def _load_file(path: str, stream, verdict: str):
    """The loaded registry file, or None after printing every error (its warnings are the caller's to print)."""
    from knowledge.validation import load_registry_file

    try:
        loaded = load_registry_file(path)
    except RegistryInvalid as exc:
        print_problems("errors", exc.problems, stream)
        print_problems("warnings", exc.warnings, stream)
        other = "the other warnings are" if exc.warnings else "warnings are"
        print(f"{path}: {verdict} ({other} checked once the errors are fixed)", file=stream)
        return None
    return loaded


def cmd_registry_validate(args: argparse.Namespace) -> int:
    loaded = _load_file(args.file, sys.stdout, "invalid")
    if loaded is None:
        return 1
    print_problems("warnings", loaded.warnings, sys.stdout)
    reg = loaded.registry
    topics = sum(len(d.topics) for d in reg.departments)
    people = counted(len(reg.people), "person", "people")
    print(f"{args.file}: valid — {counted(len(reg.departments), 'department')}, {counted(topics, 'topic')}, {people}")
    return 0


def cmd_registry_import(args: argparse.Namespace) -> int:
    loaded = _load_file(args.file, sys.stderr, "invalid, nothing was imported")
    if loaded is None:
        return 1
    with open_store_to_change(args, from_slack=IMPORT_FROM_SLACK, create=True) as store:
        repo = _repo(store)
        try:
            entry = repo.replace(
                loaded.registry, actor=_actor(args), source="file", action="import",
                summary=f"import of {Path(args.file).name}",
            )
        except Conflict:  # the only refusal of replace: the file is the stored registry already
            # not a failure: a deploy script that imports the same file again must succeed; no
            # warnings either, nothing was imported (they were printed when it was)
            print(f"no change: the stored registry (revision {repo.current()[1]}) is already exactly like "
                  f"{args.file}; nothing imported")
            return 0
    # the file's warnings once it is imported, not above a refusal or a "no change"
    print_problems("warnings", loaded.warnings, sys.stdout)
    print(f"imported {args.file} as revision {entry.revision}")
    for line in entry.diff[:40]:
        print(f"  {line}")
    if len(entry.diff) > 40:
        print(f"  … {len(entry.diff) - 40} more changes")
    return 0


def export_format(given: str | None, output: str | None) -> str:
    """``--format`` when given, else the output file's extension: .json is JSON, anything else YAML."""
    if given:
        return given
    return "json" if output and Path(output).suffix.lower() == ".json" else "yaml"


def cmd_registry_export(args: argparse.Namespace) -> int:
    from knowledge.validation import dump_registry

    registry = _current_registry(args)
    text = dump_registry(registry, export_format(args.format, args.output))
    if args.output:
        output = Path(args.output)
        if not output.parent.is_dir():
            raise SwitchboardError(f"cannot write {output}: there is no folder {output.parent}")
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise SwitchboardError(f"cannot write {output}: {_reason(exc)}") from None
        print(f"exported to {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_registry_show(args: argparse.Namespace) -> int:
    from bot.render_text import render_registry

    registry = _current_registry(args)
    print(render_registry(registry, args.department))
    return 0


def cmd_registry_history(args: argparse.Namespace) -> int:
    from bot.render_text import render_history, render_registry

    when = args.at
    try:
        with _open_store(args) as store:
            repo = _repo(store)
            if when is not None:
                registry, revision = repo.registry_at(when)
            else:
                entries = repo.history(limit=args.limit)
    except StoreLocked:
        from knowledge.registry_repo import read_audit_snapshot

        print("(the bot is running on this data folder: reading its history without the lock)", file=sys.stderr)
        snapshot = read_audit_snapshot(_data_dir(args))
        before = [entry for entry in snapshot if when is None or entry.at <= when]
        registry, revision = (before[-1].registry(), before[-1].revision) if before else (None, 0)
        entries = list(reversed(snapshot))[: args.limit]
    if when is not None:
        if registry is None:
            raise SwitchboardError(f"no registry existed at {when.isoformat()}: the first one was imported later "
                                   "(`switchboard registry history` lists when)")
        print(f"registry as it was at {when.isoformat()} (revision {revision}):\n")
        print(render_registry(registry, None))
        return 0
    print(render_history(entries) if entries else "no changes recorded yet")
    return 0


def cmd_registry_undo(args: argparse.Namespace) -> int:
    with open_store_to_change(args, from_slack=UNDO_FROM_SLACK) as store:
        entry = _repo(store).undo(actor=_actor(args), source="cli")
    print(f"undone: now at revision {entry.revision} ({entry.summary})")
    for line in entry.diff[:40]:
        print(f"  {line}")
    return 0


def cmd_registry_suggestions(args: argparse.Namespace) -> int:
    from bot.suggestions_cli import run_suggestions_cli

    return run_suggestions_cli(args)


def cmd_registry_audit(args: argparse.Namespace) -> int:
    from knowledge.validation import render_report_text, responsibility_report

    registry = _current_registry(args)
    print(render_report_text(responsibility_report(registry), registry))
    return 0

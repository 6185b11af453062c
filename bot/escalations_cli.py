"""`switchboard escalations list [--open]` and `switchboard escalations show ESC-42` (or `42`).

Reads the data folder through ``Store.open``. When the bot is running it holds the folder's
lock; the command then reads the files directly without touching them (the active file is
only ever replaced whole and the archives only grow, so a reader sees a consistent state).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot.cli_common import _data_dir, _data_dir_origin, open_store
from bot.escalation_store import ARCHIVE_GLOB, EscalationRecords, escalation_id, escalation_number
from knowledge.durations import format_duration
from knowledge.errors import NotFound, StoreLocked
from knowledge.journal import read_database
from knowledge.models import Registry

_TEXT_WIDTH = 60


# -- reading -------------------------------------------------------------------------------------

def _read_locked(folder: Path) -> tuple[list[dict], Registry | None]:
    from knowledge.registry_repo import RegistryRepo

    with open_store(folder, create=False) as store:
        records = EscalationRecords(store)
        escalations = store.call(lambda: records.active() + list(records.archived()))
        registry, _revision = RegistryRepo(store).current()
    return escalations, registry


def _json_lines(path: Path) -> Iterator[dict]:
    with open(path, "rb") as handle:
        for line in handle:
            try:
                yield json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                return  # a line being appended right now


def _read_snapshot(folder: Path) -> tuple[list[dict], Registry | None]:
    """The same data, read without the lock and without writing anything."""
    escalations: list[dict] = []
    for shard in sorted(folder.glob("escalations-active-*.json")):
        escalations.extend(read_database(shard).get("active", {}).values())
    seen = {e["id"] for e in escalations}
    for archive in sorted(folder.glob(ARCHIVE_GLOB)):
        escalations.extend(e for e in _json_lines(archive) if e.get("id") not in seen)
    registry = None
    try:
        current = read_database(folder / "registry.json").get("current", {}).get("1")
        registry = Registry.model_validate(current["data"]) if current else None
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        registry = None
    return escalations, registry


def load(folder: Path, origin: str | None = None) -> tuple[list[dict], Registry | None]:
    """Every escalation (newest first) and the current registry, if any; ``origin`` says where
    the folder came from, for the error when it does not exist."""
    if folder.exists() and not folder.is_dir():
        raise NotFound(f"data folder {folder} is a file, not a folder: pass --data-dir DIR or set SWITCHBOARD_DATA_DIR")
    if not folder.is_dir():
        where = f" ({origin})" if origin else ""
        raise NotFound(f"no data folder at {folder}{where}: no escalation is stored there; pass --data-dir DIR "
                       "or set SWITCHBOARD_DATA_DIR to the bot's data folder")
    try:
        escalations, registry = _read_locked(folder)
    except StoreLocked:
        escalations, registry = _read_snapshot(folder)
    unique = {e["id"]: e for e in escalations if e.get("id")}
    return sorted(unique.values(), key=lambda e: escalation_number(e["id"]), reverse=True), registry


# -- rendering ----------------------------------------------------------------------------------

def _when(epoch: float | None) -> str:
    if epoch is None:
        return "—"
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def _relative(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 86400:
        return f"{seconds // 86400} d {seconds % 86400 // 3600} h"
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def _who(user: str | None, registry: Registry | None) -> str:
    if not user:
        return "—"
    name = registry.person_name(user) if registry else user
    return f"{name} ({user})" if name != user else user


def _people(users: list[str], registry: Registry | None) -> str:
    return ", ".join(_who(u, registry) for u in users) or "nobody"


def _channel(channel: str, registry: Registry | None) -> str:
    """A channel as the console names it: ``#community`` for a department's, else ``#C0…``."""
    dept = next((d for d in registry.departments if d.channel == channel), None) if registry else None
    return f"#{dept.id if dept else channel}"


def _where(channel: str, registry: Registry | None) -> str:
    """Where something was said, in words: a direct message, a watched channel, a named channel."""
    if channel.startswith("D"):  # Slack's ids of direct messages
        return "a direct message"
    if registry and channel in registry.settings.watched_channels:
        return f"the watched channel {_channel(channel, registry)}"
    return _channel(channel, registry)


def _source(esc: dict, registry: Registry | None) -> str:
    """Where the escalation came from: a text typed to the bot, or a Slack message and its link."""
    source = esc.get("source") or {}
    channel, ts, permalink = source.get("channel"), source.get("ts"), source.get("permalink")
    if not ts:  # no Slack message behind it: the text was typed to the bot
        typed = "typed with /escalate" if esc.get("via") == "command" else "typed"
        return f"{typed} in {_where(channel, registry)}" if channel else typed
    if not channel:
        return permalink or "—"
    link = f" ({permalink})" if permalink else ""
    if channel.startswith("D"):
        return f"a direct message{link}"
    replied = source.get("thread_ts") not in (None, ts)
    return f"{'a reply in a thread' if replied else 'a message'} in {_where(channel, registry)}{link}"


def _called(users: list[str], channel: str | None, registry: Registry | None, nobody: str) -> str:
    """Who a level calls in: its people, its channel, or both."""
    called = ([_people(users, registry)] if users else []) + ([_channel(channel, registry)] if channel else [])
    return " and ".join(called) or nobody


# The chain's stored labels, as a reader says them: the last level calls in the triage department.
_LEVELS = {"unacknowledged": "triage"}


def _label(label: str | None) -> str:
    return _LEVELS.get(label or "", label or "")


def _short(text: str, width: int = _TEXT_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _holder(esc: dict, registry: Registry | None) -> str:
    if esc["status"] == "resolved":
        return _who(esc.get("resolved_by"), registry)
    if esc["status"] == "acknowledged":
        return _who(esc.get("acknowledged_by"), registry)
    level = esc["chain"][esc["level"]] if esc.get("chain") else {"users": [], "channel": None}
    return _called(level["users"], None if level["users"] else level.get("channel"), registry, "—")


def render_list(escalations: list[dict], registry: Registry | None) -> str:
    """One line per escalation: id, status, severity, department, level, created, who holds it, text."""
    header = ("ID", "STATUS", "SEVERITY", "DEPARTMENT", "LEVEL", "CREATED (UTC)", "WITH", "TEXT")
    rows = [header]
    for esc in escalations:
        department = esc["department"] + (f"/{esc['topic']}" if esc.get("topic") else "")
        rows.append((esc["id"], esc["status"], esc["severity"], department, f"L{esc.get('level', 0)}",
                     _when(esc.get("created_at"))[:16], _short(_holder(esc, registry), 32), _short(esc.get("text", ""))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1] for row in rows)


def _describe(entry: dict, registry: Registry | None) -> str:
    detail, kind = entry.get("detail") or {}, entry["kind"]
    actor = f"by {_who(entry.get('actor'), registry)}" if entry.get("actor") else ""
    if kind == "created":
        return " ".join(part for part in (actor, f"via {detail.get('via')}",
                                          f"({detail.get('department')}, {detail.get('severity')})") if part)
    if kind == "notified":
        called = _called(detail.get("users", []), detail.get("channel"), registry, "nobody")
        return f"L{detail.get('level')} {_label(detail.get('label'))}: {called}"
    if kind == "climbed":
        skipped = f", skipped empty L{', L'.join(map(str, detail['skipped']))}" if detail.get("skipped") else ""
        return (f"L{detail.get('from_level')} -> L{detail.get('level')} {_label(detail.get('label'))}: "
                f"not acknowledged in {format_duration(detail.get('after_seconds') or 0)}{skipped}")
    if kind == "reassigned":
        person = f", person {_who(detail['person'], registry)}" if detail.get("person") else ""
        return f"{actor}: {detail.get('from_department')} -> {detail.get('department')}{person}"
    if kind == "severity_raised":
        return f"{actor}: {detail.get('from_severity')} -> {detail.get('severity')}"
    if kind == "reminded":
        return f"reminder sent to {_who(detail.get('user'), registry)}"
    if kind == "nudged":
        users = detail.get("users") or []
        return f"still not acknowledged: reminder {detail.get('count')} sent to {_people(users, registry)}"
    if kind == "resolved":
        return actor + (f": {detail['note']}" if detail.get("note") else "")
    if kind == "delivery_failed":
        return f"{detail.get('method')} to {detail.get('to')} refused by Slack: {detail.get('error')}"
    return actor


_HOW = {
    "reaction": "by a reaction with the escalation emoji",
    "shortcut": "with the Escalate message shortcut",
    "command": "with /escalate",
    "mention": "by a mention of the bot",
    "auto": "automatically: a serious post in a watched channel",
    "dm": "from a direct message to the bot",
}


def _how(via: str | None) -> str:
    """How an escalation was created, in words."""
    return _HOW.get(via or "", f"via {via}")


def render_show(esc: dict, registry: Registry | None, now: float | None = None) -> str:
    """The escalation's facts, its chain and its timeline."""
    now = time.time() if now is None else now
    topic = f" › {esc['topic']}" if esc.get("topic") else ""
    lines = [
        f"{esc['id']} · {esc['severity']} · {esc['department']}{topic} · {esc['status']}",
        f"Text:      {_short(esc.get('text', ''), 400)}",
        f"Source:    {_source(esc, registry)}",
        f"Reporters: {_people(esc.get('reporters', []), registry)}",
        f"Created:   {_when(esc.get('created_at'))} UTC, {_how(esc.get('via'))}",
    ]
    if esc.get("acknowledged_by"):
        lines.append(f"Acknowledged: {_who(esc['acknowledged_by'], registry)} at {_when(esc['acknowledged_at'])} UTC")
    if esc.get("resolved_by"):
        note = f" — {esc['resolved_note']}" if esc.get("resolved_note") else ""
        lines.append(f"Resolved:  {_who(esc['resolved_by'], registry)} at {_when(esc['resolved_at'])} UTC{note}")
    if esc.get("due_at") is not None:
        left = esc["due_at"] - now
        when = f"in {_relative(left)}" if left >= 1 else "overdue"
        step = {"nudge": "reminder to everyone called in", "remind": "reminder to whoever acknowledged"}.get(
            esc.get("due_kind") or "", esc.get("due_kind"))
        lines.append(f"Next step: {step} at {_when(esc['due_at'])} UTC ({when})")
    lines.append(f"Chain (each level waits {format_duration(esc.get('ack_seconds') or 0)}):")
    width = max((len(_label(level["label"])) for level in esc.get("chain", [])), default=0)
    for level in esc.get("chain", []):
        mark = "<- now" if level["level"] == esc.get("level") and esc["status"] == "open" else ""
        called = _called(level["users"], level.get("channel"), registry, "—")
        lines.append(f"  L{level['level']} {_label(level['label']):<{width}}  {called} {mark}".rstrip())
    lines.append("Timeline (UTC):")
    for entry in esc.get("timeline", []):
        event = entry["kind"].replace("_", " ")  # reporter_added reads "reporter added"
        lines.append(f"  {_when(entry['at'])}  {event:<16} {_describe(entry, registry)}".rstrip())
    waiting = sum(1 for m in esc.get("messages", []) if not m.get("ts"))
    lines.append(f"Cards: {len(esc.get('messages', []))} posted" + (f", {waiting} not delivered yet" if waiting else ""))
    return "\n".join(lines)


def run_escalations_cli(args: argparse.Namespace) -> int:
    """Entry point of `switchboard escalations list|show`."""
    escalations, registry = load(_data_dir(args), _data_dir_origin(args))
    if args.escalations_command == "list":
        if getattr(args, "open", False):
            escalations = [e for e in escalations if e["status"] != "resolved"]
        if not escalations:
            print("no open escalations" if getattr(args, "open", False) else "no escalations yet")
            return 0
        print(render_list(escalations, registry))
        return 0
    given = args.escalation_id.strip()
    wanted = escalation_id(escalation_number(f"ESC-{given}" if given.isdigit() else given))
    found = next((e for e in escalations if e["id"] == wanted), None)
    if found is None:
        raise NotFound(f"there is no escalation {wanted} in {_data_dir(args)}")
    sys.stdout.write(render_show(found, registry) + "\n")
    return 0

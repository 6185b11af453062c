"""The audited registry: the current registry, its revision number, and one audit entry per change.

``RegistryRepo`` keeps the registry in ``registry.json`` (current data + revision number) and
one audit entry per change in ``audit.jsonl``; each entry carries the full data before and
after, so history, ``registry_at`` and undo read the audit log only. Its files live in a
``knowledge.store.Store``, whose writer thread does all its disk work.

Crash ordering. The audit append is the commit point: a change first appends its entry (with
the new revision and the full ``after`` data) and fsyncs it, then rewrites ``registry.json``.
A crash between the two leaves the audit log one revision ahead; opening the repository sees
``audit revision > registry revision`` and re-applies the last entry's ``after``. The reverse
(registry ahead of its audit log) cannot come from a crash and is reported as ``StoreCorrupt``.

Decisions. A change that leaves the registry identical raises ``Conflict`` and records
nothing. Undo restores the ``before`` of the most recent change that is not undone yet and is
itself an audited change (action ``undo``, ``undoes`` = that revision); undo entries are never
undone themselves, so repeated undos walk further back and there is no redo. The first import
cannot be undone (there is no registry to go back to).
"""
from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from tinydb.table import Document

from knowledge.errors import Conflict, Problem
from knowledge.journal import read_database
from knowledge.models import Registry
from knowledge.registry_diff import diff_registries
from knowledge.storage import StoreCorrupt
from knowledge.validation import validate_data

if TYPE_CHECKING:
    from knowledge.store import Store

log = logging.getLogger(__name__)

SOURCES: tuple[str, ...] = ("file", "slack", "cli", "undo")



@dataclass(frozen=True)
class AuditEntry:
    """One registry change as written to the audit log."""

    revision: int
    at: datetime
    actor: str  # Slack user id, or "cli" / "system"
    source: str  # one of SOURCES
    action: str  # "import", "set-owner", "undo", ...
    summary: str
    diff: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any]
    undoes: int | None = None  # for action "undo": the revision whose change was reverted

    def to_record(self) -> dict[str, Any]:
        """Plain JSON data for the log."""
        record = asdict(self)
        record["at"] = self.at.isoformat()
        if self.undoes is None:
            record.pop("undoes")
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> AuditEntry:
        """Read an entry back from the log (keys it does not know are ignored)."""
        values = {k: v for k, v in record.items() if k in cls.__dataclass_fields__}
        values["at"] = datetime.fromisoformat(record["at"])
        return cls(**values)

    def registry(self) -> Registry:
        """The registry as it was right after this change."""
        return Registry.model_validate(self.after)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class RegistryRepo:
    """The current registry, its revision number, and its audited change history.

    Make one per Store: it caches the current registry, which a second instance would not see
    change. Every method may be called from any thread; disk work runs on the store's writer.
    """

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = _utcnow):
        self._store = store
        self._clock = clock
        self._db = store.table_db("registry")
        self._audit = store.log("audit")
        # (registry, revision) swapped as one tuple so readers on other threads see a matching pair.
        self._current: tuple[Registry | None, int] = (None, 0)
        self._data: dict[str, Any] | None = None
        self._doc_stale = False
        store.call(self._load)

    # -- loading and crash repair ----------------------------------------------------------

    def _load(self) -> None:
        doc = self._db.table("current").get(doc_id=1)
        revision, data = (doc["revision"], doc["data"]) if doc else (0, None)
        last = self._audit.tail(1)
        audit_revision = last[0]["revision"] if last else 0
        if audit_revision > revision:
            log.warning(
                "registry.json is at revision %d but the audit log at %d: re-applying revision %d",
                revision, audit_revision, audit_revision,
            )
            revision, data = audit_revision, last[0]["after"]
            self._doc_stale = True
        elif audit_revision < revision:
            raise StoreCorrupt(
                f"{self._store.data_dir / 'registry.json'} is at revision {revision} but "
                f"{self._audit.path} ends at revision {audit_revision}: the audit log lost entries"
            )
        self._set(data, revision)
        self._write_doc()

    def _set(self, data: dict[str, Any] | None, revision: int, registry: Registry | None = None) -> None:
        if registry is None and data is not None:
            try:
                registry = Registry.model_validate(data)
            except ValidationError as exc:
                raise StoreCorrupt(f"{self._store.data_dir / 'registry.json'}: {exc}") from exc
        self._data = data
        self._current = (registry, revision)

    def _write_doc(self) -> None:
        if not self._doc_stale:
            return
        # The audit entry is already durable: if this write fails, the next call retries it.
        doc = Document({"revision": self._current[1], "data": self._data}, doc_id=1)
        self._db.table("current").upsert(doc)
        self._doc_stale = False

    # -- reading ---------------------------------------------------------------------------

    def current(self) -> tuple[Registry | None, int]:
        """The current registry (None before the first import) and its revision; do not mutate."""
        return self._current

    def history(self, limit: int = 20) -> list[AuditEntry]:
        """The last ``limit`` audit entries, newest first."""
        return self._store.call(lambda: [AuditEntry.from_record(r) for r in reversed(self._audit.tail(limit))])

    def registry_at(self, when: datetime) -> tuple[Registry | None, int]:
        """The registry and revision in force at ``when`` (naive times are taken as UTC)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return self._store.call(self._registry_at, when)

    def _registry_at(self, when: datetime) -> tuple[Registry | None, int]:
        for record in reversed(self._audit):
            if datetime.fromisoformat(record["at"]) <= when:
                return Registry.model_validate(record["after"]), record["revision"]
        return None, 0

    # -- changing --------------------------------------------------------------------------

    def replace(
        self, registry: Registry, *, actor: str, source: str, action: str = "import", summary: str = ""
    ) -> AuditEntry:
        """Make ``registry`` the current one (validated as a whole); Conflict if nothing changes."""
        _check_source(source)
        return self._store.call(self._replace, registry.to_data(), actor, source, action, summary)

    def _replace(self, data: dict[str, Any], actor: str, source: str, action: str, summary: str) -> AuditEntry:
        loaded = validate_data(data, source="registry")
        return self._commit(loaded.registry, actor=actor, source=source, action=action, summary=summary)

    def change(
        self, mutate: Callable[[dict[str, Any]], None], *, actor: str, source: str, action: str, summary: str = ""
    ) -> tuple[AuditEntry, list[Problem]]:
        """Apply ``mutate`` to a copy of the data; store it if the whole registry still validates.

        Returns the audit entry and the validation warnings. RegistryInvalid (or whatever
        ``mutate`` raises) leaves everything unchanged.
        """
        _check_source(source)
        return self._store.call(self._change, mutate, actor, source, action, summary)

    def _change(
        self, mutate: Callable[[dict[str, Any]], None], actor: str, source: str, action: str, summary: str
    ) -> tuple[AuditEntry, list[Problem]]:
        if self._data is None:
            raise Conflict("there is no registry yet: import a registry file first")
        data = copy.deepcopy(self._data)
        mutate(data)
        loaded = validate_data(data, source="registry")
        entry = self._commit(loaded.registry, actor=actor, source=source, action=action, summary=summary)
        return entry, list(loaded.warnings)

    def undo(self, *, actor: str, source: str) -> AuditEntry:
        """Revert the most recent change not undone yet; Conflict("nothing to undo") otherwise."""
        _check_source(source)
        return self._store.call(self._undo, actor, source)

    def _undo(self, actor: str, source: str) -> AuditEntry:
        target = self._undo_target()
        if target is None:
            raise Conflict("nothing to undo")
        if target.before is None:
            raise Conflict(
                f"nothing to undo: revision {target.revision} is the first import; import another file instead"
            )
        loaded = validate_data(copy.deepcopy(target.before), source="registry")
        summary = f"undo revision {target.revision} ({target.action}" + (
            f": {target.summary})" if target.summary else ")"
        )
        return self._commit(
            loaded.registry, actor=actor, source=source, action="undo", summary=summary, undoes=target.revision
        )

    def _undo_target(self) -> AuditEntry | None:
        # Undo entries pop the newest remaining change, like closing brackets: walking back,
        # each undo cancels the next plain change found.
        pending = 0
        for record in reversed(self._audit):
            if record.get("action") == "undo" and record.get("undoes") is not None:
                pending += 1
            elif pending:
                pending -= 1
            else:
                return AuditEntry.from_record(record)
        return None

    def _moment(self) -> datetime:
        """Now, or the last change's moment if the clock is behind it (a console's simulated
        clock ran ahead in this folder): history never goes back in time, and ``registry_at``
        keeps finding revisions in order."""
        now = self._clock()
        last = self._audit.tail(1)
        if last:
            previous = datetime.fromisoformat(last[0]["at"])
            if previous > now:
                return previous
        return now

    def _commit(
        self, registry: Registry, *, actor: str, source: str, action: str, summary: str, undoes: int | None = None
    ) -> AuditEntry:
        self._write_doc()
        after = registry.to_data()
        if after == self._data:
            raise Conflict("no change: the registry is already exactly like this")
        entry = AuditEntry(
            revision=self._current[1] + 1,
            at=self._moment(),
            actor=actor,
            source=source,
            action=action,
            summary=summary,
            diff=diff_registries(self._data, after),
            before=self._data,
            after=after,
            undoes=undoes,
        )
        self._audit.append(entry.to_record())  # the commit point
        self._set(copy.deepcopy(after), entry.revision, registry)
        self._doc_stale = True
        self._write_doc()
        return entry


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"audit source {source!r} is not one of {', '.join(SOURCES)}")


# -- reading while another process holds the folder ----------------------------------------------

def read_registry_snapshot(data_dir: str | Path) -> tuple[Registry | None, int]:
    """The current registry and revision, read without the lock and without writing anything.

    Safe while the bot runs: ``read_database`` applies the journal the way the bot does.
    """
    path = Path(data_dir) / "registry.json"
    if not path.exists():
        return None, 0
    doc = (read_database(path).get("current") or {}).get("1")
    if not doc:
        return None, 0
    return Registry.model_validate(doc["data"]), doc["revision"]


def read_audit_snapshot(data_dir: str | Path) -> list[AuditEntry]:
    """Every complete audit entry, oldest first, read without the lock (a line being written is skipped)."""
    path = Path(data_dir) / "audit.jsonl"
    entries: list[AuditEntry] = []
    if path.exists():
        with open(path, "rb") as handle:
            for line in handle:
                try:
                    entries.append(AuditEntry.from_record(json.loads(line)))
                except (json.JSONDecodeError, UnicodeDecodeError, KeyError):
                    break
    return entries

"""Registry imports from Slack: a shared file previewed, kept pending, then confirmed or cancelled.

``preview`` downloads the shared file (``url_private`` with the bot token, only from Slack's own
hosts), validates it and keeps it as a pending import with the revision it was compared to;
``confirm`` replaces the registry only if nothing changed since, ``cancel`` drops it. Pending
imports live in the store, so a restart between the preview and the click loses nothing; a
preview nobody answers is dropped after a day. Only admins may import (``require_admin``).
"""
from __future__ import annotations

import logging
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from tinydb import Query

from bot.slack_files import SlackFiles
from knowledge.edit_errors import EditError, EditRefused
from knowledge.errors import Conflict
from knowledge.models import Registry
from knowledge.registry_commands import is_registry_file
from knowledge.registry_diff import diff_registries
from knowledge.registry_findings import Finding, change_findings
from knowledge.registry_repo import AuditEntry, RegistryRepo
from knowledge.store import Store
from knowledge.validation import parse_registry_text

log = logging.getLogger(__name__)

PENDING_LIFETIME = timedelta(days=1)
_SEEN_FILES = 500  # file ids remembered, so file_shared and the file_share message import once


@dataclass(frozen=True)
class ImportPreview:
    """What an import would change, waiting for the admin's confirmation."""

    token: str
    name: str
    diff: list[str]
    findings: list[Finding]
    revision: int  # the revision the file was compared to



class RegistryImports:
    """Pending registry imports, stored, each confirmed or cancelled by an admin."""

    def __init__(self, *, store: Store, repo: RegistryRepo, call: Callable[[str, dict], Awaitable[dict]],
                 files: SlackFiles, clock: Callable[[], datetime], require_admin: Callable[[str, str], Registry]):
        self.store = store
        self.repo = repo
        self.call = call
        self.files = files
        self.require_admin = require_admin
        self._clock = clock
        self._pending = store.table_db("registry_imports").table("pending")
        self._seen_files: OrderedDict[str, None] = OrderedDict()

    async def preview(self, user: str, *, file_id: str, name: str | None = None, size: int | None = None,
                             url: str | None = None, filetype: str | None = None) -> ImportPreview | None:
        """Validate a registry file shared by ``user`` and keep it pending.

        None when the file is no registry file or was seen already (Slack announces a file
        shared in a direct message twice: the message and ``file_shared``).
        """
        if file_id in self._seen_files:
            return None
        self._seen_files[file_id] = None
        while len(self._seen_files) > _SEEN_FILES:
            self._seen_files.popitem(last=False)
        if not url:
            try:
                info = await self.call("files.info", {"file": file_id})
            except SlackApiError as exc:
                raise EditError("import_download_failed", name=name or file_id,
                                error=str(exc.response.get("error", "slack_error"))) from exc
            meta = info.get("file") or {}
            name, size, filetype = meta.get("name"), meta.get("size"), meta.get("filetype")
            url = meta.get("url_private_download") or meta.get("url_private")
        if not is_registry_file(name, filetype):
            return None
        self.require_admin(user, "import")
        name = name or file_id
        if size is not None and size > self.files.max_bytes:
            raise EditError("import_too_big", name=name, size=size, limit=self.files.max_bytes)
        if not url:
            raise EditError("import_download_failed", name=name, error="no download address")
        raw = await self.files.download(url, name)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise EditError("import_not_text", name=name) from None
        loaded = parse_registry_text(text, name)  # RegistryInvalid names file, line and field
        current, revision = self.repo.current()
        after = loaded.registry.to_data()
        diff = diff_registries(current.to_data() if current else None, after)
        if current is not None and not diff:
            raise EditRefused("import_identical", name=name)
        token = uuid.uuid4().hex[:16]
        row = {"token": token, "user": user, "name": name, "data": after, "revision": revision,
               "created_at": self._clock().isoformat()}
        await self.store.acall(self._keep_pending, row)
        log.info("registry import of %s by %s pending (%d differences)", name, user, len(diff))
        return ImportPreview(token, name, diff, change_findings(current, loaded.registry), revision)

    async def confirm(self, user: str, token: str) -> tuple[AuditEntry, list[Finding], str]:
        """Replace the registry with a pending import, if the registry did not change since the preview."""
        self.require_admin(user, "import")
        return await self.store.acall(self._confirm, user, token)

    def _keep_pending(self, row: dict[str, Any]) -> None:
        # Previews nobody answered are dropped once they are too old to be confirmed.
        oldest = (self._clock() - PENDING_LIFETIME).isoformat()
        self._pending.remove(Query().created_at < oldest)
        self._pending.insert(row)

    def _take_pending(self, token: str) -> dict[str, Any] | None:
        rows = self._pending.search(Query().token == token)
        self._pending.remove(Query().token == token)
        if not rows:
            return None
        created = datetime.fromisoformat(rows[0]["created_at"])
        return rows[0] if self._clock() - created <= PENDING_LIFETIME else None

    def _confirm(self, user: str, token: str) -> tuple[AuditEntry, list[Finding], str]:
        row = self._take_pending(token)
        if row is None:
            raise EditRefused("import_expired")
        before, revision = self.repo.current()
        if revision != row["revision"]:
            raise EditRefused("import_stale", revision=revision, name=row["name"])
        try:
            entry = self.repo.replace(Registry.model_validate(row["data"]), actor=user, source="slack",
                                      action="import", summary=f"import of {row['name']}")
        except EditError:
            raise
        except Conflict as exc:
            raise EditRefused("import_identical", name=row["name"]) from exc
        log.info("registry revision %d by %s: import of %s", entry.revision, user, row["name"])
        return entry, change_findings(before, entry.registry()), row["name"]

    async def cancel(self, user: str, token: str) -> str:
        """Drop a pending import; the file's name, for the answer."""
        self.require_admin(user, "import")
        row = await self.store.acall(self._take_pending, token)
        if row is None:
            raise EditRefused("import_expired")
        log.info("registry import of %s cancelled by %s", row["name"], user)
        return row["name"]

"""Registry administration from Slack: admins, audited changes, history, undo, export, import, App Home.

Reading is for everyone; changing is for ``settings.admins`` only (anyone else gets NotAdmin,
naming the admins, and the attempt is logged). Every change goes through
``RegistryRepo.change`` or ``replace`` on the store's writer thread, so it is validated as a
whole and audited with source ``slack``; the ``Change`` handed back says what the change left
fragile (a department without deputy is accepted, with that warning).

An import is two steps, a preview kept pending then a confirmation: ``bot/registry_imports.py``.

Nothing here sees a Slack payload: the listeners in ``handlers/registry.py`` pass plain values.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from slack_sdk.errors import SlackApiError

from bot.escalation_chain import ack_actors
from bot.registry_imports import ImportPreview, RegistryImports
from bot.slack_errors import classify_error
from bot.slack_files import SlackFiles
from handlers import blocks
from handlers.i18n import t
from knowledge.department_form import DepartmentForm, EditDepartment
from knowledge.edit_errors import EditError, EditRefused, FieldErrors, UnknownTarget
from knowledge.errors import Conflict, NotAllowed
from knowledge.models import Department, Registry
from knowledge.registry_edits import Edit, PersonRef, RemoveDepartment, SetChannel, apply_edit
from knowledge.registry_findings import Finding, change_findings
from knowledge.registry_repo import AuditEntry, RegistryRepo
from knowledge.report import Chain, PersonLoad, responsibility_report
from knowledge.store import Store
from knowledge.validation import dump_registry

log = logging.getLogger(__name__)
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")  # the registry's form of a channel id

SlackCall = Callable[[str, dict], Awaitable[dict]]


class NotAdmin(EditError, NotAllowed):
    """Only the registry admins may change the registry."""

    def __init__(self, admins: list[str]):
        super().__init__("not_admin", admins=list(admins))


# --- what the service hands back -------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """A stored change: its audit entry, and what it left fragile that was not before."""

    entry: AuditEntry
    findings: list[Finding]


@dataclass(frozen=True)
class PastRegistry:
    """The registry in force at a moment (None: there was none yet)."""

    at: datetime
    registry: Registry | None
    revision: int
    future: bool = False  # the moment is still to come: this is the registry as it is now


@dataclass(frozen=True)
class Health:
    """The responsibility health panel: single points of failure, overloads, open escalations."""

    without_deputy: tuple[Chain, ...]
    over_limit: tuple[PersonLoad, ...]
    owner_limit: int
    open_by_department: dict[str, int]


@dataclass(frozen=True)
class HomeData:
    """Everything the Home tab shows one person."""

    user: str
    registry: Registry | None
    revision: int
    is_admin: bool
    waiting: list[dict]  # open escalations this person was called in on, newest first
    load: PersonLoad | None  # what this person owns, deputises, heads
    health: Health | None  # admins only


def department_fingerprint(data: dict[str, Any]) -> str:
    """A short digest of one department's data, to notice that it changed under an open form."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --- the service ----------------------------------------------------------------------------

class RegistryAdmin:
    """Reading and changing the registry from Slack, and the data of the Home tab."""

    def __init__(
        self,
        *,
        store: Store,
        repo: RegistryRepo,
        call: SlackCall,
        files: SlackFiles,
        open_escalations: Callable[[], Awaitable[list[dict]]],
        language_of: Callable[[str | None], Awaitable[str]],
        clock: Callable[[], datetime] = _utcnow,
    ):
        self.store = store
        self.repo = repo
        self.call = call
        self.files = files
        self._open_escalations = open_escalations
        self._language_of = language_of
        self._clock = clock
        self.imports = RegistryImports(store=store, repo=repo, call=call, files=files, clock=clock,
                                       require_admin=self.require_admin)

    @classmethod
    def for_switchboard(cls, switchboard: Any, *, token: str, api_url: str | None = None,
                        clock: Callable[[], datetime] = _utcnow) -> RegistryAdmin:
        """The service on a Switchboard's store, repository, Slack calls, escalations and locales.

        ``api_url`` is the Web API address the bot uses: when it is a local emulator, its host
        may serve shared files too.
        """
        extra = [urlparse(api_url).hostname or ""] if api_url else []
        return cls(
            store=switchboard.store,
            repo=switchboard.repo,
            call=switchboard.call,
            files=SlackFiles(token, extra_hosts=extra),
            open_escalations=lambda: switchboard.escalations.list(open_only=True),
            language_of=switchboard.locales.of,
            clock=clock,
        )

    # -- who may do what -------------------------------------------------------------------

    def current(self) -> tuple[Registry, int]:
        """The registry in force and its revision; EditError("no_registry") before the first import."""
        registry, revision = self.repo.current()
        if registry is None:
            raise EditError("no_registry")
        return registry, revision

    def is_admin(self, user: str | None) -> bool:
        """True when ``user`` is one of the registry's admins."""
        registry, _revision = self.repo.current()
        return bool(registry and user and user in registry.settings.admins)

    def require_admin(self, user: str, what: str) -> Registry:
        """The current registry when ``user`` is an admin; NotAdmin (logged) otherwise."""
        registry, _revision = self.current()
        if user not in registry.settings.admins:
            log.warning("registry: %s is not an admin and was refused %r", user, what)
            raise NotAdmin(registry.settings.admins)
        return registry

    # -- changes ---------------------------------------------------------------------------

    async def apply(self, user: str, edit: Edit) -> Change:
        """Make one change as ``user``: validated as a whole, audited, or refused with nothing changed."""
        registry = self.require_admin(user, edit.action)
        counts = await self.open_by_department() if isinstance(edit, RemoveDepartment) else {}
        names = await self._names(registry, edit.people())
        if isinstance(edit, SetChannel):
            await self._check_channel(edit.channel)

        def mutate(data: dict[str, Any]) -> None:
            apply_edit(data, edit, actor=user, open_escalations=lambda d: counts.get(d, 0), names=names)

        return await self.store.acall(self._change, mutate, user, edit.action, edit.summary())

    def _change(self, mutate: Callable[[dict[str, Any]], None], user: str, action: str, summary: str) -> Change:
        before, _revision = self.repo.current()
        try:
            entry, _warnings = self.repo.change(mutate, actor=user, source="slack", action=action, summary=summary)
        except EditError:
            raise
        except Conflict as exc:
            raise EditRefused("no_change") from exc
        log.info("registry revision %d by %s: %s", entry.revision, user, summary)
        return Change(entry, change_findings(before, entry.registry()))

    async def undo(self, user: str) -> Change:
        """Undo the most recent change not undone yet (the undo is itself audited)."""
        self.require_admin(user, "undo")
        return await self.store.acall(self._undo, user)

    def _undo(self, user: str) -> Change:
        before, _revision = self.repo.current()
        try:
            entry = self.repo.undo(actor=user, source="slack")
        except Conflict as exc:
            raise EditRefused("nothing_to_undo") from exc
        log.info("registry revision %d by %s: %s", entry.revision, user, entry.summary)
        return Change(entry, change_findings(before, entry.registry()))

    # -- reading ---------------------------------------------------------------------------

    async def history(self, limit: int) -> list[AuditEntry]:
        """The last ``limit`` changes, newest first."""
        return await self.store.acall(self.repo.history, limit)

    async def registry_at(self, when: datetime) -> PastRegistry:
        """The registry in force at ``when`` (naive times are UTC)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        registry, revision = await self.store.acall(self.repo.registry_at, when)
        return PastRegistry(when, registry, revision, future=when > self._clock())

    async def open_by_department(self) -> dict[str, int]:
        """How many escalations are open per department."""
        return dict(Counter(e.get("department") for e in await self._open_escalations() if e.get("department")))

    # -- export ----------------------------------------------------------------------------

    async def export(self, user: str, lang: str) -> tuple[str, int]:
        """Send the registry as a YAML file to ``user`` in a direct message; (file name, revision)."""
        self.require_admin(user, "export")
        registry, revision = self.current()
        data = dump_registry(registry, "yaml").encode("utf-8")
        name = f"registry-r{revision}-{self._clock():%Y%m%d-%H%M}.yaml"
        try:
            opened = await self.call("conversations.open", {"users": user})
            channel = (opened.get("channel") or {}).get("id")
            reserved = await self.call("files.getUploadURLExternal", {"filename": name, "length": len(data)})
            await self.files.upload(reserved["upload_url"], data)
            await self.call("files.completeUploadExternal", {
                "files": [{"id": reserved["file_id"], "title": name}],
                "channel_id": channel,
                "initial_comment": t(lang, "reg.export.comment", revision=revision),
            })
        except SlackApiError as exc:
            log.warning("registry export to %s failed: %s", user, exc)
            raise EditError("export_failed", error=str(exc.response.get("error", "slack_error"))) from exc
        log.info("registry revision %d exported to %s as %s", revision, user, name)
        return name, revision

    # -- import: the pending imports' own service (bot/registry_imports.py) ----------------------

    async def preview_import(self, user: str, **file: Any) -> ImportPreview | None:
        """See ``RegistryImports.preview``."""
        return await self.imports.preview(user, **file)

    async def confirm_import(self, user: str, token: str) -> tuple[Change, str]:
        """See ``RegistryImports.confirm``; the change, with the file's name."""
        entry, findings, name = await self.imports.confirm(user, token)
        return Change(entry, findings), name

    async def cancel_import(self, user: str, token: str) -> str:
        """See ``RegistryImports.cancel``."""
        return await self.imports.cancel(user, token)

    # -- the department form ---------------------------------------------------------------

    def department(self, user: str, dept_id: str) -> tuple[Registry, Department, str]:
        """The registry, one department and its fingerprint, for the form an admin opens."""
        registry = self.require_admin(user, "edit-department")
        data = registry.to_data()
        for index, dept in enumerate(registry.departments):
            if dept.id == dept_id:
                return registry, dept, department_fingerprint(data["departments"][index])
        raise UnknownTarget("unknown_department", department=dept_id, known=[d.id for d in registry.departments])

    async def save_department(self, user: str, dept_id: str, form: DepartmentForm, fingerprint: str) -> Change:
        """Store the department form; EditRefused when the department changed since the form opened."""
        registry = self.require_admin(user, "edit-department")
        edit = EditDepartment(dept_id, form)
        names = await self._names(registry, edit.people())
        dept = registry.department(dept_id)
        if form.channel and _CHANNEL_ID.fullmatch(form.channel) and (dept is None or form.channel != dept.channel):
            try:  # a malformed id is the registry's validation's to explain, on the same field
                await self._check_channel(form.channel)
            except EditRefused as exc:
                raise FieldErrors({"channel": exc}) from exc

        def mutate(data: dict[str, Any]) -> None:
            dept = next((d for d in data.get("departments", []) if d.get("id") == dept_id), None)
            if dept is not None and department_fingerprint(dept) != fingerprint:
                raise EditRefused("department_changed", department=dept_id)
            apply_edit(data, edit, actor=user, names=names)

        return await self.store.acall(self._change, mutate, user, edit.action, edit.summary())

    # -- App Home --------------------------------------------------------------------------

    async def home(self, user: str) -> HomeData:
        """What the Home tab shows ``user``: escalations waiting for them, the registry, its health."""
        registry, revision = self.repo.current()
        escalations = await self._open_escalations()
        waiting = [e for e in escalations if e.get("status", "open") == "open" and user in _called_in(e)
                   and (registry is None or user in ack_actors(e, registry))]  # not what they handed away
        waiting.sort(key=lambda e: e.get("created_at") or 0, reverse=True)
        if registry is None:
            return HomeData(user, None, revision, False, waiting, None, None)
        report = responsibility_report(registry)
        is_admin = user in registry.settings.admins
        health = None
        if is_admin:
            counts = Counter(e.get("department") for e in escalations if e.get("department"))
            health = Health(report.without_deputy, report.over_limit, report.owner_limit, dict(counts))
        return HomeData(user, registry, revision, is_admin, waiting, report.person(user), health)

    async def publish_home(self, user: str) -> None:
        """Publish ``user``'s Home tab in their language."""
        lang = await self._language_of(user)
        view = blocks.home_view(await self.home(user), lang)
        await self.call("views.publish", {"user_id": user, "view": view})

    # -- helpers ---------------------------------------------------------------------------

    async def _names(self, registry: Registry, people: list[PersonRef]) -> dict[str, str]:
        """Display names, from Slack, of people a change adds to a non-empty people directory.

        EditRefused when Slack knows no such user (an id typed by hand, with a typo): the change
        would send escalations to nobody. Any other failure of Slack keeps the name Slack sent."""
        names: dict[str, str] = {}
        if not registry.people:
            return names
        for person in people:
            if person.id in registry.people or person.id in names:
                continue
            try:
                answer = await self.call("users.info", {"user": person.id})
            except SlackApiError as exc:
                if classify_error(exc)[1] == "user_not_found":
                    raise EditRefused("unknown_user", user=person.id) from exc
                log.info("users.info for %s failed (%s): using the name Slack sent", person.id, exc)
                continue
            info = answer.get("user") or {}
            name = (info.get("profile") or {}).get("real_name") or info.get("real_name") or info.get("name")
            if name:
                names[person.id] = name
        return names


    async def _check_channel(self, channel: str | None) -> None:
        """EditRefused when Slack knows no such channel (an id typed by hand, with a typo): the
        department's escalations would be posted nowhere. Any other failure of Slack (a missing
        scope on an app installed before it was asked for) lets the change through."""
        if not channel:
            return
        try:
            await self.call("conversations.info", {"channel": channel})
        except SlackApiError as exc:
            if classify_error(exc)[1] == "channel_not_found":
                raise EditRefused("unknown_channel", channel_id=channel) from exc
            log.info("conversations.info for %s failed (%s): channel kept as given", channel, exc)


def _called_in(escalation: dict) -> set[str]:
    """The people an escalation has called in so far."""
    if "notified" in escalation:
        return set(escalation.get("notified") or [])
    chain = escalation.get("chain") or []
    return set(chain[0].get("users") or []) if chain else set()

"""Registry administration listeners: `/registry`, the department form, the import of a shared file.

Each listener parses the payload into plain values, calls ``switchboard.admin`` (``bot.admin``)
and renders the answer with ``handlers.blocks``. Known problems (a typo, not an admin, a change
that would break the registry) are answered in the person's language; nothing changes then.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any

from handlers import blocks
from handlers.blocks.registry import refusal_key
from handlers.i18n import MESSAGES, t
from handlers.ids import Action, Block, Callback, Command
from handlers.parsing import clicked
from knowledge.department_form import DepartmentForm
from knowledge.edit_errors import EditError, FieldErrors
from knowledge.errors import NotAllowed, RegistryInvalid, SwitchboardError
from knowledge.registry_commands import Export, Help, History, Show, Undo, is_change, is_registry_file, parse_command
from knowledge.registry_edits import unknown_department

log = logging.getLogger(__name__)

FIELD_BLOCKS = {
    "owner": Block.DEPT_OWNER,
    "deputies": Block.DEPT_DEPUTIES,
    "head": Block.DEPT_HEAD,
    "channel": Block.DEPT_CHANNEL,
    "keywords": Block.DEPT_KEYWORDS,
    "examples": Block.DEPT_EXAMPLES,
    "timeout_critical": Block.DEPT_TIMEOUT_CRITICAL,
    "timeout_high": Block.DEPT_TIMEOUT_HIGH,
    "timeout_normal": Block.DEPT_TIMEOUT_NORMAL,
}
_PROBLEM_FIELD = re.compile(r"^departments\[\d+\]\.(\w+)(?:\.(critical|high|normal))?")
MODAL_ERROR_LIMIT = 150


# --- /registry ----------------------------------------------------------------------------------

async def handle_registry_command(ack, command: dict, switchboard) -> None:
    """`/registry …` -> help, the registry, its history, or a change (admins only), answered to the asker only."""
    user = command.get("user_id")
    lang = await switchboard.locales.of(user)
    admin = switchboard.admin
    text = command.get("text") or ""
    try:
        if is_change(text) and not admin.is_admin(user):
            admin.require_admin(user, text)  # refused before any typo is pointed out: it is not theirs to change
        message = await _run(admin, parse_command(text), user, lang)
    except SwitchboardError as exc:
        message = blocks.registry_error(exc, lang)
    await ack(response_type="ephemeral", **message)


async def _run(admin: Any, parsed: Any, user: str, lang: str) -> dict:
    if isinstance(parsed, Help):
        registry, _revision = admin.repo.current()
        admins = list(registry.settings.admins) if registry else []
        return blocks.registry_help(lang, admins, admin.is_admin(user))
    if isinstance(parsed, Show):
        registry, revision = admin.current()
        dept = registry.department(parsed.department) if parsed.department else None
        if parsed.department and dept is None:  # unknown, or a topic's id alone: said as /registry edits say it
            raise unknown_department(registry.to_data(), parsed.department)
        if dept is not None and parsed.topic and dept.topic(parsed.topic) is None:
            raise EditError("unknown_topic", department=dept.id, topic=parsed.topic, known=[t.id for t in dept.topics])
        return blocks.registry_overview(registry, revision, lang, department=parsed.department, topic=parsed.topic)
    if isinstance(parsed, History):
        if parsed.at is None:
            current, revision = admin.current()
            return blocks.registry_history(await admin.history(parsed.limit), revision, lang, current)
        past = await admin.registry_at(parsed.at)
        when = blocks.when_text(past.at, lang)
        if past.registry is None:
            return blocks.plain_message(t(lang, "reg.history.none_at", time=when))
        heading = t(lang, "reg.history.at", time=when, revision=past.revision)
        if past.future:  # a moment to come: the registry as it is now
            heading += " " + t(lang, "reg.history.future")
        return blocks.registry_overview(past.registry, past.revision, lang, heading=heading)
    if isinstance(parsed, Undo):
        change = await admin.undo(user)
        headline = t(lang, "reg.done.undo", undone=change.entry.undoes)
        return blocks.registry_change_message(change, lang, headline, admin.repo.current()[0])
    if isinstance(parsed, Export):
        name, revision = await admin.export(user, lang)
        return blocks.plain_message(t(lang, "reg.export.sent", revision=revision, name=blocks.escape(name)))
    change = await admin.apply(user, parsed)
    registry = admin.repo.current()[0]
    return blocks.registry_change_message(change, lang, blocks.edit_headline(parsed, lang, registry), registry)


# --- the department form --------------------------------------------------------------------

async def handle_edit_department_action(ack, body: dict, client, switchboard) -> None:
    """Edit button on the Home tab -> the department's form (admins), or a modal saying why not."""
    await ack()
    user, dept_id = clicked(body)
    lang = await switchboard.locales.of(user)
    try:
        registry, dept, fingerprint = switchboard.admin.department(user, dept_id)
    except SwitchboardError as exc:
        view = blocks.notice_modal(blocks.registry_error(exc, lang)["text"], lang)
    else:
        view = blocks.department_modal(registry, dept, fingerprint, lang)
    await client.views_open(trigger_id=body["trigger_id"], view=view)


def _state(view: dict) -> dict[str, dict]:
    values = (view.get("state") or {}).get("values") or {}
    return {block_id: (elements.get("value") or {}) for block_id, elements in values.items()}


def department_form(view: dict) -> tuple[str, str, DepartmentForm]:
    """(department id, fingerprint, form) out of a submitted department modal."""
    meta = json.loads(view.get("private_metadata") or "{}")
    state = _state(view)

    def text(block_id: str) -> str | None:
        if block_id not in state:
            return None
        return state[block_id].get("value") or ""

    timeouts = {severity: text(block_id) for severity, block_id in blocks.TIMEOUT_BLOCKS.items() if block_id in state}
    def picked(block_id: str, key: str) -> str | None:
        if block_id not in state:
            return None
        return state[block_id].get(key) or ""

    form = DepartmentForm(
        owner=state.get(Block.DEPT_OWNER, {}).get("selected_user"),
        head=picked(Block.DEPT_HEAD, "selected_user"),
        channel=picked(Block.DEPT_CHANNEL, "selected_conversation"),
        deputies=list(state[Block.DEPT_DEPUTIES].get("selected_users") or []) if Block.DEPT_DEPUTIES in state else None,
        keywords=text(Block.DEPT_KEYWORDS) if meta.get("k", True) else None,
        examples=text(Block.DEPT_EXAMPLES) if meta.get("e", True) else None,
        timeouts=timeouts,
    )
    return meta.get("d", ""), meta.get("f", ""), form


def _field_text(error: Exception, lang: str, name_of: Any) -> str:
    """An error as plain text for a modal field (no mrkdwn there: people by name, no code marks)."""
    code, params = getattr(error, "code", None), getattr(error, "params", {})
    if code == "no_registry":
        return blocks.cut(t(lang, "error.no_registry"), MODAL_ERROR_LIMIT)
    if code and f"reg.err.{code}" in MESSAGES:
        shown = {}
        for key, value in params.items():
            if key in ("person", "admins", "deputies"):
                people = [value] if isinstance(value, str) else list(value)
                shown[key] = ", ".join(name_of(p) for p in people) or t(lang, "who.none")
            elif isinstance(value, list | tuple):
                shown[key] = ", ".join(map(str, value)) or t(lang, "who.none")
            else:
                shown[key] = str(value)
        return blocks.cut(t(lang, refusal_key(code, params), **shown).replace("`", ""), MODAL_ERROR_LIMIT)
    return blocks.cut(str(error), MODAL_ERROR_LIMIT)


def _invalid_errors(error: RegistryInvalid) -> dict[str, str]:
    errors: dict[str, str] = {}
    for problem in error.problems:
        match = _PROBLEM_FIELD.match(problem.path)
        field = None
        if match:
            field = f"timeout_{match[2]}" if match[1] == "ack_timeouts" and match[2] else match[1]
        block = FIELD_BLOCKS.get(field or "", Block.DEPT_OWNER)
        errors.setdefault(block, blocks.cut(problem.message, MODAL_ERROR_LIMIT))
    return errors


async def handle_edit_department_view(ack, body: dict, view: dict, switchboard) -> None:
    """Department form submitted -> stored (warnings shown in the modal), or field errors inside it."""
    user = body["user"]["id"]
    lang = await switchboard.locales.of(user)
    admin = switchboard.admin
    dept_id, fingerprint, form = department_form(view)
    registry, _revision = admin.repo.current()

    def name_of(user_id: str) -> str:
        return registry.person_name(user_id) if registry else user_id

    try:
        change = await admin.save_department(user, dept_id, form, fingerprint)
    except FieldErrors as exc:
        errors = {FIELD_BLOCKS[f]: _field_text(e, lang, name_of) for f, e in exc.fields.items() if f in FIELD_BLOCKS}
        await ack(response_action="errors", errors=errors)
        return
    except RegistryInvalid as exc:
        await ack(response_action="errors", errors=_invalid_errors(exc))
        return
    except SwitchboardError as exc:
        await ack(response_action="errors", errors={Block.DEPT_OWNER: _field_text(exc, lang, name_of)})
        return
    warnings = blocks.finding_lines(change.findings, lang)
    if warnings:
        text = t(lang, "reg.done.edit-department", department=dept_id) + "\n\n" + "\n".join(warnings)
        await ack(response_action="update", view=blocks.notice_modal(text, lang, "reg.modal.saved_title"))
    else:
        await ack()
    await switchboard.publish_home(user)  # the admin is looking at the Home tab: show the change


# --- import of a shared registry file -------------------------------------------------------

async def _preview_import(switchboard, client, user: str, channel: str, file: dict[str, Any]) -> None:
    lang = await switchboard.locales.of(user)
    try:
        preview = await switchboard.admin.preview_import(user, **file)
    except RegistryInvalid as exc:
        message = blocks.import_invalid_message(file.get("name") or file["file_id"], exc, lang)
    except SwitchboardError as exc:
        message = blocks.registry_error(exc, lang)
    else:
        if preview is None:
            return  # the same file, announced by its other event
        message = blocks.import_preview_message(preview, lang, switchboard.admin.repo.current()[0])
    await client.chat_postMessage(channel=channel, **message)


def _from_someone(event: dict, switchboard) -> bool:
    return not event.get("bot_id") and event.get("user") not in (None, switchboard.bot_user_id)


async def is_registry_file_share(event: dict, switchboard) -> bool:
    """Matcher: a person (not the bot) shared a YAML or JSON file with the bot in a direct message."""
    if event.get("channel_type") != "im" or not _from_someone(event, switchboard):
        return False
    return any(is_registry_file(f.get("name"), f.get("filetype")) for f in event.get("files") or [])


async def handle_file_share_message_event(event: dict, client, switchboard) -> None:
    """A registry file shared in a direct message -> validated, its diff shown with Replace / Cancel buttons."""
    for item in event.get("files") or []:
        if not is_registry_file(item.get("name"), item.get("filetype")) or not item.get("id"):
            continue
        shared = {"file_id": item["id"], "name": item.get("name"), "size": item.get("size"),
                  "url": item.get("url_private_download") or item.get("url_private"), "filetype": item.get("filetype")}
        await _preview_import(switchboard, client, event["user"], event["channel"], shared)


async def handle_file_shared_event(event: dict, client, switchboard) -> None:
    """`file_shared` in a direct message -> the same as a shared registry file (each file is handled once)."""
    user, channel = event.get("user_id"), event.get("channel_id") or ""
    file_id = event.get("file_id") or (event.get("file") or {}).get("id")
    if not file_id or not channel.startswith("D") or user in (None, switchboard.bot_user_id):
        return
    await _preview_import(switchboard, client, user, channel, {"file_id": file_id})


async def handle_import_confirm_action(ack, body: dict, respond, switchboard) -> None:
    """Replace button under an import preview -> the registry is replaced (audited); the preview says so."""
    await ack()
    user, token = clicked(body)
    lang = await switchboard.locales.of(user)
    try:
        change, name = await switchboard.admin.confirm_import(user, token)
    except NotAllowed as exc:
        await respond(response_type="ephemeral", replace_original=False, **blocks.registry_error(exc, lang))
        return
    except SwitchboardError as exc:
        await respond(replace_original=True, **blocks.registry_error(exc, lang))
        return
    headline = t(lang, "reg.done.import", name=blocks.escape(name))
    await respond(replace_original=True, **blocks.registry_change_message(change, lang, headline,
                                                                          switchboard.admin.repo.current()[0]))


async def handle_import_cancel_action(ack, body: dict, respond, switchboard) -> None:
    """Cancel button under an import preview -> the pending import is dropped; nothing changes."""
    await ack()
    user, token = clicked(body)
    lang = await switchboard.locales.of(user)
    try:
        name = await switchboard.admin.cancel_import(user, token)
    except NotAllowed as exc:
        await respond(response_type="ephemeral", replace_original=False, **blocks.registry_error(exc, lang))
        return
    except SwitchboardError as exc:
        await respond(replace_original=True, **blocks.registry_error(exc, lang))
        return
    await respond(replace_original=True,
                  **blocks.plain_message(t(lang, "reg.import.cancelled", name=blocks.escape(name))))


def register(app: Any) -> None:
    """Attach the listeners; call it before ``handlers.events.register`` (its message listener takes every message)."""
    app.command(Command.REGISTRY)(handle_registry_command)
    app.action(Action.HOME_EDIT_DEPARTMENT)(handle_edit_department_action)
    app.view(Callback.EDIT_DEPARTMENT_VIEW)(handle_edit_department_view)
    app.action(Action.IMPORT_CONFIRM)(handle_import_confirm_action)
    app.action(Action.IMPORT_CANCEL)(handle_import_cancel_action)
    app.event({"type": "message", "subtype": "file_share"}, matchers=[is_registry_file_share])(
        handle_file_share_message_event
    )
    app.event("file_shared")(handle_file_shared_event)

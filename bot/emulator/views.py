"""Web API methods about modals and App Home: views.open, views.push, views.update, views.publish."""
from __future__ import annotations

import hashlib
from typing import Any

from bot.emulator.api import ApiError, Args, Method, registrar
from bot.emulator.blocks import check_view
from bot.emulator.store import APP_ID, BOT_ID, TEAM_ID, Workspace

METHODS: dict[str, Method] = {}
method = registrar(METHODS)


# -- views


def _view(ws: Workspace, args: Args, view_id: str | None = None, **extra: Any) -> dict[str, Any]:
    given = args.get("view")
    problems = check_view(given)
    if problems:
        raise ApiError("invalid_arguments", response_metadata={"messages": problems})
    view_id = view_id or ws.new_id("V", 10)
    previous = ws.views.get(view_id, {})
    view = {
        "id": view_id,
        "team_id": TEAM_ID,
        "type": given["type"],
        "blocks": given.get("blocks", []),
        "private_metadata": given.get("private_metadata", ""),
        "callback_id": given.get("callback_id", ""),
        "external_id": given.get("external_id", previous.get("external_id", "")),
        "state": {"values": {}},
        "hash": hashlib.sha1(f"{view_id}{ws.next_ts()}".encode()).hexdigest()[:20],
        "clear_on_close": bool(given.get("clear_on_close", False)),
        "notify_on_close": bool(given.get("notify_on_close", False)),
        "root_view_id": previous.get("root_view_id", view_id),
        "previous_view_id": previous.get("previous_view_id"),
        "app_id": APP_ID,
        "bot_id": BOT_ID,
        **{k: given[k] for k in ("title", "submit", "close") if k in given},
        **extra,
    }
    ws.views[view_id] = view
    return {"view": view}


def _use_trigger(ws: Workspace, args: Args) -> None:
    trigger = args.text("trigger_id")
    if not trigger:
        raise ApiError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing trigger_id"]})
    if trigger in ws.used_triggers:
        raise ApiError("exchanged_trigger_id")
    ws.used_triggers.add(trigger)


@method("views.open")
def views_open(ws: Workspace, args: Args) -> dict[str, Any]:
    """Open a modal; each trigger_id opens one view only, as in Slack."""
    _use_trigger(ws, args)
    return _view(ws, args, trigger_id=args.text("trigger_id"))


@method("views.push")
def views_push(ws: Workspace, args: Args) -> dict[str, Any]:
    """Push a modal on top of the open one."""
    _use_trigger(ws, args)
    return _view(ws, args, trigger_id=args.text("trigger_id"))


@method("views.update")
def views_update(ws: Workspace, args: Args) -> dict[str, Any]:
    """Replace a view known by view_id or external_id; a stale hash is a conflict."""
    view_id = args.text("view_id")
    external = args.text("external_id")
    if view_id is None and external:
        view_id = next((v["id"] for v in ws.views.values() if v.get("external_id") == external), None)
    if view_id is None or view_id not in ws.views:
        raise ApiError("not_found")
    given_hash = args.text("hash")
    if given_hash and given_hash != ws.views[view_id]["hash"]:
        raise ApiError("hash_conflict")
    return _view(ws, args, view_id)


@method("views.publish")
def views_publish(ws: Workspace, args: Args) -> dict[str, Any]:
    """Publish a user's App Home; the same view id each time for a user."""
    user = args.text("user_id")
    if not user:
        raise ApiError("invalid_arguments")
    existing = next((v["id"] for v in ws.views.values() if v.get("user_id") == user), None)
    return _view(ws, args, existing, user_id=user)

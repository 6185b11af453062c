"""Modal submissions: reassign and resolve an escalation."""
from __future__ import annotations

from typing import Any

from handlers.ids import Block, Callback
from knowledge.errors import Conflict, NotAllowed, NotFound


def _value(view: dict, block_id: str) -> Any:
    state = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    element = state.get("value") or {}
    if "selected_option" in element:
        return (element.get("selected_option") or {}).get("value")
    if "selected_user" in element:
        return element.get("selected_user")
    return element.get("value")


async def handle_reassign_view(ack, body: dict, view: dict, switchboard) -> None:
    """Reassign modal submitted -> re-routed to the chosen department (and person), history kept."""
    user = body["user"]["id"]
    esc_id = view.get("private_metadata", "")
    department, _, topic = (_value(view, Block.REASSIGN_DEPARTMENT) or "").partition("/")  # "legal/privacy": a topic
    person = _value(view, Block.REASSIGN_PERSON)
    try:
        await switchboard.reassign(esc_id, user, department, person, topic=topic or None)
    except (NotAllowed, Conflict, NotFound) as exc:
        await ack(response_action="errors", errors={Block.REASSIGN_DEPARTMENT: str(exc)[:150]})
        return
    await ack()


async def handle_resolve_view(ack, body: dict, view: dict, switchboard) -> None:
    """Resolve modal submitted -> the escalation is closed with the note."""
    user = body["user"]["id"]
    esc_id = view.get("private_metadata", "")
    note = (_value(view, Block.RESOLVE_NOTE) or "").strip() or None
    try:
        await switchboard.resolve(esc_id, user, note)
    except (NotAllowed, Conflict, NotFound) as exc:
        await ack(response_action="errors", errors={Block.RESOLVE_NOTE: str(exc)[:150]})
        return
    await ack()


def register(app: Any) -> None:
    app.view(Callback.REASSIGN_VIEW)(handle_reassign_view)
    app.view(Callback.RESOLVE_VIEW)(handle_resolve_view)

"""Buttons: Acknowledge, Reassign, Resolve on escalation cards; "is it rather…?" choices."""
from __future__ import annotations

import json
import logging
import re
from typing import Any

from handlers import blocks
from handlers.i18n import t
from handlers.ids import Action
from handlers.parsing import clicked
from knowledge.errors import Conflict, NotAllowed, NotFound

log = logging.getLogger(__name__)


def _action(body: dict) -> dict:
    actions = body.get("actions") or [{}]
    return actions[0]


async def _refuse(respond, lang: str, message: str) -> None:
    await respond(response_type="ephemeral", replace_original=False, **blocks.plain_message(blocks.escape(message)))


async def handle_ack_action(ack, body: dict, respond, switchboard) -> None:
    """Acknowledge button -> recorded once; cards and the source thread are updated."""
    await ack()
    user, esc_id = clicked(body)
    lang = await switchboard.locales.of(user)
    try:
        await switchboard.acknowledge(esc_id, user)
    except (NotAllowed, Conflict) as exc:
        await _refuse(respond, lang, str(exc))


async def _open_modal(ack, body: dict, client, respond, switchboard, build) -> None:
    """Check the clicker may act, then open the modal ``build(esc, lang)`` returns."""
    await ack()
    user, esc_id = clicked(body)
    lang = await switchboard.locales.of(user)
    try:
        esc = await switchboard.check_can_act(esc_id, user)
    except (NotAllowed, Conflict) as exc:
        await _refuse(respond, lang, str(exc))
        return
    await client.views_open(trigger_id=body["trigger_id"], view=build(esc, lang))


async def handle_reassign_action(ack, body: dict, client, respond, switchboard) -> None:
    """Reassign button -> a modal to pick another department and, optionally, a person."""
    await _open_modal(ack, body, client, respond, switchboard,
                      lambda esc, lang: blocks.reassign_modal(esc, switchboard.registry(), lang))


async def handle_resolve_action(ack, body: dict, client, respond, switchboard) -> None:
    """Resolve button -> a modal asking for an optional note."""
    await _open_modal(ack, body, client, respond, switchboard, blocks.resolve_modal)


async def handle_choose_department_action(ack, body: dict, respond, switchboard) -> None:
    """"Is it rather…?" button -> the choice is learned as a correction; an escalation goes to that department at once."""
    await ack()
    user = body["user"]["id"]
    lang = await switchboard.locales.of(user)
    try:
        choice = json.loads(_action(body).get("value") or "{}")
        department = choice["d"]
    except (ValueError, KeyError, TypeError):
        log.warning("malformed choice value from %s", user)
        return
    ref = str(choice.get("r") or "")
    asker = choice.get("u")
    if asker and user != asker and not switchboard.admin.is_admin(user):  # a question's choice is its asker's
        await respond(response_type="ephemeral", replace_original=False,
                      **blocks.plain_message(t(lang, "who.choice_not_yours")))
        return
    try:
        name = await switchboard.choose(department, choice.get("t"), ref, user, choice.get("q"))
    except (NotAllowed, Conflict, NotFound) as exc:
        await _refuse(respond, lang, str(exc))
        return
    if ref.startswith("esc:"):
        message = body.get("message") or {}
        if message.get("text") and not any(str(b.get("block_id", "")).startswith("escalation_")
                                           for b in message.get("blocks") or []):
            # the note in the source thread: its choices give way (the thread is told where it went)
            await respond(replace_original=True, **blocks.plain_message(message["text"]))
        text = t(lang, "esc.chosen", id=blocks.escape(ref[4:]), department=blocks.escape(name))
        await respond(response_type="ephemeral", replace_original=False, **blocks.plain_message(text))
        return
    # the answer's buttons give way to the choice, so that a second click cannot teach the opposite;
    # in a channel's thread others read it: in the registry's language, people named, not pinged
    registry = switchboard.registry()
    public = ref.startswith("msg:") and not ref.startswith("msg:D")
    answer = blocks.chosen_answer(registry, department, choice.get("t"),
                                  registry.settings.language if public else lang, user, ping=not public)
    await respond(replace_original=True, **answer)


def register(app: Any) -> None:
    app.action(Action.ACK)(handle_ack_action)
    app.action(Action.REASSIGN)(handle_reassign_action)
    app.action(Action.RESOLVE)(handle_resolve_action)
    app.action(re.compile(rf"^{Action.CHOOSE_DEPARTMENT}_\d$"))(handle_choose_department_action)

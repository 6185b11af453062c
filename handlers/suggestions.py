"""Keyword suggestions in the App Home: Add puts the keyword in the registry (audited), Dismiss drops it for good.

The suggestions come from corrections (``bot.learning``); only registry admins see them. The
outcome of a click, or why nothing changed, heads the Home tab when it is published again.
"""
from __future__ import annotations

import logging
from typing import Any

from handlers import blocks
from handlers.i18n import t
from handlers.ids import Action
from knowledge.errors import NotFound, SwitchboardError

log = logging.getLogger(__name__)


def _suggestion_id(body: dict) -> str:
    return ((body.get("actions") or [{}])[0]).get("value") or ""


async def handle_suggestion_accept_action(ack, body: dict, switchboard) -> None:
    """Add button under a suggested keyword -> the keyword is added (audited, admins only); the Home tab says so."""
    await ack()
    user = body["user"]["id"]
    lang = await switchboard.locales.of(user)
    try:
        suggestion, change = await switchboard.accept_suggestion(user, _suggestion_id(body))
    except NotFound:
        notice = t(lang, "learn.gone")
    except SwitchboardError as exc:  # not an admin, the keyword exists already, the registry refuses it
        notice = blocks.registry_error(exc, lang)["text"]
    else:
        lines = [blocks.suggestion_done(suggestion, "accepted", switchboard.registry(), lang, change.entry.revision)]
        lines += blocks.finding_lines(change.findings, lang)
        notice = "\n".join(lines)
    await switchboard.publish_home_with_suggestions(user, notice)


async def handle_suggestion_dismiss_action(ack, body: dict, switchboard) -> None:
    """Dismiss button under a suggested keyword -> it is never suggested again (admins only); the Home tab says so."""
    await ack()
    user = body["user"]["id"]
    lang = await switchboard.locales.of(user)
    try:
        suggestion = await switchboard.dismiss_suggestion(user, _suggestion_id(body))
    except NotFound:
        notice = t(lang, "learn.gone")
    except SwitchboardError as exc:
        notice = blocks.registry_error(exc, lang)["text"]
    else:
        notice = blocks.suggestion_done(suggestion, "dismissed", switchboard.registry(), lang)
    await switchboard.publish_home_with_suggestions(user, notice)


def register(app: Any) -> None:
    app.action(Action.SUGGESTION_ACCEPT)(handle_suggestion_accept_action)
    app.action(Action.SUGGESTION_DISMISS)(handle_suggestion_dismiss_action)

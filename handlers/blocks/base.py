"""Block Kit primitives: escaping, cutting to Slack's limits, mentions, sections, buttons."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from handlers.i18n import t
from knowledge.models import Registry

TEXT_LIMIT = 3000  # a section block's text
EXCERPT_LIMIT = 600
BUTTON_LIMIT = 75
VALUE_LIMIT = 2000  # a button's value
SEMANTIC_TERM = "~semantic"  # in Route.matched: the semantic backend chose the department
ICONS = {"critical": ":rotating_light:", "high": ":warning:", "normal": ":information_source:"}


def escape(text: str) -> str:
    """Neutralise Slack control sequences (&, <, >) in untrusted text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack's own escaping undone: message and command texts arrive with &, < and > written as
    entities; stored as the person wrote them, they are escaped once when posted again."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def cut(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters with a visible ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_SLACK_MARKUP = re.compile(r"<([@#!])?([^<>|]+)(?:\|([^<>]*))?>")


def readable(text: str, names: Any = None) -> str:
    """A quoted Slack text as people read it in Slack, before it is escaped: ``<@U0…>`` as
    @Name (``names``: user id -> name, else the id), ``<#C0…|press>`` as #press, ``<!here>``
    as @here, and a link as its label with the real address beside it, so a crafted label
    cannot hide where it leads. Nothing in the result pings anyone once escaped."""
    def one(match: re.Match[str]) -> str:
        sigil, target, label = match.group(1), match.group(2), match.group(3)
        if sigil == "@":
            name = names(target) if names is not None else None
            return f"@{label or name or target}"
        if sigil == "#":
            return f"#{label or target}"
        if sigil == "!":
            return f"@{(label or target).split('^')[0]}"
        return f"{label} ({target})" if label and label != target else target

    return _SLACK_MARKUP.sub(one, text)


def safe(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` escaped and cut to ``limit``, never in the middle of an entity (``&amp;``)."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    kept = escaped[: limit - 1]
    partial = kept.rfind("&", max(0, len(kept) - 4))
    if partial != -1 and ";" not in kept[partial:]:
        kept = kept[:partial]
    return kept.rstrip() + "…"


def mention(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else "—"


def mentions(user_ids: list[str], lang: str, empty_key: str = "who.none", person=mention) -> str:
    """People as ``person`` shows each one (a mention by default), or the ``empty_key`` sentence."""
    return ", ".join(person(u) for u in user_ids) if user_ids else t(lang, empty_key)


def channel_link(channel_id: str | None) -> str:
    return f"<#{channel_id}>" if channel_id else "—"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text, TEXT_LIMIT)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(text, TEXT_LIMIT)}]}


def _plain(text: str, limit: int = BUTTON_LIMIT) -> dict:
    return {"type": "plain_text", "text": cut(text, limit), "emoji": True}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": _plain(label), "action_id": action_id, "value": value[:2000]}
    if style:
        button["style"] = style
    return button


def _department_label(registry: Registry, dept_id: str, topic_id: str | None) -> tuple[str, str]:
    dept = registry.department(dept_id)
    name = escape(dept.name) if dept else escape(dept_id)
    topic = dept.topic(topic_id) if dept else None
    return name, (f" › {escape(topic.name)}" if topic else "")


def _time(ts: float | None, lang: str) -> str:
    """A moment as Slack shows it to each reader, in their own time zone ("Today at 14:05",
    "aujourd'hui à 14:05"); the UTC text for clients that cannot ("07/12 à 14:05 UTC")."""
    if ts is None:
        return "—"
    moment = datetime.fromtimestamp(ts, tz=timezone.utc)
    at = "à" if lang == "fr" else "at"
    fallback = (moment.strftime(f"%d/%m {at} %H:%M UTC") if lang == "fr"
                else f"{moment:%b} {moment.day} {at} {moment:%H:%M} UTC")  # "Dec 7", not "Dec 07"
    return f"<!date^{int(ts)}^{{date_short_pretty}} {at} {{time}}|{fallback}>"

"""The App Home tab: escalations waiting, registry overview, health panel, suggestions."""
from __future__ import annotations

from typing import Any

from handlers.i18n import t
from handlers.ids import Action
from knowledge.models import Registry
from handlers.blocks.base import ICONS, TEXT_LIMIT, _button, _context, _department_label, _section, cut, escape, mention, readable, safe
from handlers.blocks.registry import _code_list, department_text, when_text

HOME_DEPARTMENTS = 40
HOME_WAITING = 10
HOME_SUGGESTIONS = 8


def _quote(words: str, lang: str) -> str:
    return f"« {escape(words)} »" if lang == "fr" else f"“{escape(words)}”"


def suggestion_blocks(suggestions: list[Any], registry: Registry, lang: str) -> list[dict]:
    """Suggested keywords for admins, each with Accept / Dismiss buttons (values: the suggestion id)."""
    blocks: list[dict] = [{"type": "divider"}, _section(f"*{t(lang, 'learn.home.title')}*")]
    if not suggestions:
        return blocks + [_context(t(lang, "learn.home.none"))]
    for suggestion in suggestions[:HOME_SUGGESTIONS]:
        name, topic = _department_label(registry, suggestion.department, suggestion.topic)
        line = t(lang, "learn.suggestion", words=_quote(suggestion.words, lang), department=f"{name}{topic}",
                 support=suggestion.support, percent=round(suggestion.precision * 100))
        examples = "\n".join("> " + safe(" ".join(e.split()), 120) for e in suggestion.examples[:2])
        blocks.append(_section(f"{line}\n{examples}" if examples else line))
        blocks.append({"type": "actions", "block_id": f"suggestion_{suggestion.id}", "elements": [
            _button(t(lang, "learn.accept"), Action.SUGGESTION_ACCEPT, suggestion.id, "primary"),
            _button(t(lang, "learn.dismiss"), Action.SUGGESTION_DISMISS, suggestion.id),
        ]})
    if len(suggestions) > HOME_SUGGESTIONS:
        blocks.append(_context(t(lang, "learn.home.more", count=len(suggestions) - HOME_SUGGESTIONS)))
    return blocks


def suggestion_done(suggestion: Any, decision: str, registry: Registry, lang: str, revision: int | None = None) -> str:
    """What became of a suggestion, in a sentence."""
    name, topic = _department_label(registry, suggestion.department, suggestion.topic)
    return t(lang, f"learn.{decision}", words=_quote(suggestion.words, lang), department=f"{name}{topic}",
             revision=revision if revision is not None else "—")


def home_view(data: Any, lang: str, *, suggestions: list[Any] | None = None, notice: str | None = None) -> dict:
    """The Home tab: escalations waiting for the person; the registry (Edit buttons and health for admins).

    Admins also see ``suggestions`` (keywords learned from corrections) when given; ``notice``
    (already safe text) heads the tab, e.g. what became of the suggestion just clicked.
    """
    blocks: list[dict] = [_section(notice), {"type": "divider"}] if notice else []
    blocks.append(_section(f"*{t(lang, 'reg.home.waiting')}*"))
    if data.waiting:
        for esc in data.waiting[:HOME_WAITING]:
            blocks.append(_section(_waiting_text(esc, data.registry, lang)))
        if len(data.waiting) > HOME_WAITING:
            blocks.append(_context(t(lang, "reg.more", count=len(data.waiting) - HOME_WAITING)))
    else:
        blocks.append(_context(t(lang, "reg.home.waiting_none")))
    registry = data.registry
    if registry is None:
        blocks += [{"type": "divider"}, _section(t(lang, "error.no_registry"))]
        return {"type": "home", "blocks": blocks}
    load = data.load
    if load is not None and (load.owns or load.deputises or load.heads):
        blocks.append(_context(t(lang, "reg.home.mine", owns=_code_list(load.owns, lang),
                                 deputises=_code_list(load.deputises, lang), heads=_code_list(load.heads, lang))))
    blocks += [{"type": "divider"}, _section(f"*{t(lang, 'reg.home.overview')}*")]
    for dept in registry.departments[:HOME_DEPARTMENTS]:
        block = _section(department_text(registry, dept, lang))
        if data.is_admin:
            block["accessory"] = _button(t(lang, "reg.home.edit"), Action.HOME_EDIT_DEPARTMENT, dept.id)
        blocks.append(block)
    if len(registry.departments) > HOME_DEPARTMENTS:
        blocks.append(_context(t(lang, "reg.home.more", count=len(registry.departments) - HOME_DEPARTMENTS)))
    if data.health is not None:
        blocks += [{"type": "divider"}, _section(_health_text(data.health, registry, lang)),
                   _context(t(lang, "reg.home.admin_hint", revision=data.revision))]
    if data.is_admin and suggestions is not None:
        blocks += suggestion_blocks(suggestions, registry, lang)
    return {"type": "home", "blocks": blocks}


def _waiting_text(esc: dict, registry: Registry | None, lang: str) -> str:
    severity = esc.get("severity") or "normal"
    if registry is not None:
        name, topic = _department_label(registry, esc.get("department") or "", esc.get("topic"))
    else:
        name, topic = escape(esc.get("department") or "?"), ""
    names = (lambda user: registry.person_name(user) if user in registry.people else None) if registry else None
    excerpt = safe(readable(esc.get("text") or "", names).replace("\n", " "), 200)
    return t(lang, "reg.home.waiting_item", icon=ICONS.get(severity, ""), id=escape(str(esc.get("id"))),
             severity=t(lang, f"esc.severity.{severity}") if severity in ICONS else escape(severity),
             department=f"{name}{topic}", time=when_text(esc.get("created_at"), lang), excerpt=excerpt)


def _health_text(health: Any, registry: Registry, lang: str) -> str:
    lines = [f"*{t(lang, 'reg.home.health')}*"]
    gaps = ", ".join(f"`{c.label}` ({mention(c.owner)})" for c in health.without_deputy)
    lines.append(t(lang, "reg.home.no_deputy", targets=gaps or t(lang, "reg.home.all_good")))
    heavy = ", ".join(f"{mention(p.user_id)} ({p.owner_count})" for p in health.over_limit)
    lines.append(t(lang, "reg.home.overloaded", limit=health.owner_limit, people=heavy or t(lang, "reg.home.all_good")))
    counts = sorted(health.open_by_department.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"`{escape(str(d))}` {n}" for d, n in counts)
    lines.append(t(lang, "reg.home.open", counts=shown or t(lang, "reg.home.all_good")))
    return cut("\n".join(lines), TEXT_LIMIT)

"""Answers to "who handles this?" and their "is it rather…?" choice buttons."""
from __future__ import annotations

import json
from typing import Any

from handlers.i18n import t
from handlers.ids import Action
from handlers.blocks.base import SEMANTIC_TERM, VALUE_LIMIT, _button, _context, _department_label, _section, channel_link, escape
from handlers.blocks.base import mention as _mention, mentions as _mentions
from knowledge.concept_index import concept_label
from knowledge.evidence import CONFIDENT_AT
from knowledge.models import Registry

# --- "who handles this?" --------------------------------------------------------------------

def _reason(term: str, lang: str) -> str:
    """One reason of the engine (``knowledge.reasons``), escaped, in ``lang``."""
    if term == SEMANTIC_TERM:
        return t(lang, "who.semantic")
    kind, parts = getattr(term, "kind", "term"), {k: escape(v) for k, v in getattr(term, "parts", {}).items()}
    if kind == "rule":
        return t(lang, "who.why_rule", **parts)
    if kind == "rule_concept":  # the rule's term was met through its subject, named in ``lang``
        concept = escape(concept_label(getattr(term, "parts", {}).get("concept", ""), lang))
        return t(lang, "who.why_rule_concept", **{**parts, "concept": concept})
    if kind == "concept":  # the thesaurus names its concepts in both languages
        concept = escape(concept_label(getattr(term, "parts", {}).get("concept", ""), lang))
        return t(lang, "who.why_concept", words=f"{parts['words']} " if parts["words"] else "", concept=concept)
    if kind in ("example", "correction", "off_duty"):
        return t(lang, f"who.why_{kind}", **parts)
    return escape(term)


def _pair(alternative: Any) -> tuple[str | None, str | None]:
    if isinstance(alternative, dict):
        return alternative.get("department"), alternative.get("topic")
    return alternative.department, alternative.topic


def _choice_value(department: str, topic: str | None, ref: str, question: str | None, asker: str | None = None) -> str:
    """The button value: the choice, what it is for, who asked and, for a question, its text (cut to fit)."""
    value: dict[str, Any] = {"d": department, "t": topic, "r": ref}
    if asker:
        value["u"] = asker
    if question:
        value["q"] = question
        for _attempt in range(8):
            encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            if len(encoded) <= VALUE_LIMIT:
                return encoded
            value["q"] = value["q"][: max(0, len(value["q"]) - (len(encoded) - VALUE_LIMIT) - 8)]
        value.pop("q")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


OTHERWISE = 2  # runner-ups offered under a confident answer: with the answer, three departments in one click
RUNNER_UP_SHARE = 0.03  # ...each with at least this share of the evidence (none at all is no candidate)


def runner_ups(alternatives: list[Any], department: str) -> list[Any]:
    """The departments worth a one-click correction under a confident answer for ``department``."""
    def share(alternative: Any) -> float:
        return alternative.get("confidence", 0.0) if isinstance(alternative, dict) else alternative.confidence

    return [a for a in alternatives
            if _pair(a)[0] != department and share(a) >= RUNNER_UP_SHARE][:OTHERWISE]


def choice_buttons(alternatives: list[Any], registry: Registry, ref: str, question: str | None = None,
                   asker: str | None = None) -> dict | None:
    """Up to three "Is it rather…?" buttons; each value carries the choice, what it is for, and the question."""
    candidates = [(d, topic) for d, topic in map(_pair, alternatives) if d and registry.department(d)][:3]
    if not candidates:
        return None
    elements = []
    for number, (department, topic_id) in enumerate(candidates):
        name, topic = _department_label(registry, department, topic_id)
        label = f"{name}{topic}".replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace(" › ", " / ")
        elements.append(_button(label, f"{Action.CHOOSE_DEPARTMENT}_{number}",
                                _choice_value(department, topic_id, ref, question, asker)))
    return {"type": "actions", "block_id": "route_choices", "elements": elements}


def who_answer(route: Any, registry: Registry, lang: str, *, ref: str = "", question: str | None = None,
               ping: bool = True, asker: str | None = None) -> dict:
    """The answer to "who handles this?": department, people, channel, confidence, why.

    When not confident it offers the alternatives as buttons; their values carry ``question``
    so that a click can teach the router. Without ``ping`` (an answer posted where others read
    it, in a channel's thread), people are named rather than mentioned: a question notifies no one.
    """
    name, topic = _department_label(registry, route.department, route.topic)
    if route.confident:
        headline = t(lang, "who.confident", department=name, topic=topic)
    else:
        headline = t(lang, "who.not_confident", triage=name)
    people = people_lines(registry, lang, route.owner, route.deputies, route.head, route.channel, ping,
                          registry.department_backup(route.department, route.topic) if route.confident else None)
    terms = ", ".join(_reason(m, lang) for m in route.matched[:8]) if route.matched else t(lang, "who.why_nothing")
    percent = round(route.confidence * 100)
    # not sure, and the likeliest department is another one than the triage department answered
    # (after a semantic disagreement the engine's own confidence may be high: said plainly then)
    guess = route.guess.department if route.guess is not None else None
    if not route.confident and guess not in (None, route.department) and route.confidence < CONFIDENT_AT:
        rival = next((a for a in route.alternatives if a.department != guess), None)
        name_of_guess, _topic = _department_label(registry, guess, None)
        if rival is not None and rival.confidence >= route.guess.confidence:  # neck and neck: no likeliest
            sure = t(lang, "who.guess_tie", department=name_of_guess,
                     other=_department_label(registry, rival.department, None)[0])
        else:
            sure = t(lang, "who.guess", department=name_of_guess, percent=percent)
    else:
        sure = t(lang, "who.confidence", percent=percent)
    why = f"{sure} · {t(lang, 'who.why', terms=terms)}"
    blocks = [_section(headline), _section("\n".join(people)), _context(why)]
    text = headline
    if not route.confident:
        choices = choice_buttons(route.alternatives, registry, ref, question, asker)
        if choices:
            blocks.append(_section(t(lang, "who.alternatives")))
            blocks.append(choices)
    else:  # the runner-ups, so that a wrong answer is corrected (and taught) in one click
        choices = choice_buttons(runner_ups(route.alternatives, route.department), registry, ref, question, asker)
        if choices:
            blocks.append(_context(t(lang, "who.otherwise")))
            blocks.append(choices)
    return {"text": text, "blocks": blocks}


def backups_text(deputies: list[str], backup: str | None, lang: str, person=_mention) -> str:
    """The deputies, and the department's owner who also steps in for a topic's own owner."""
    stepping_in = [t(lang, "who.backup", person=person(backup))] if backup else []
    if not deputies and not stepping_in:
        return t(lang, "who.no_deputy")
    return ", ".join([*(person(u) for u in deputies), *stepping_in])


def people_lines(registry: Registry, lang: str, owner: str, deputies: list[str], head: str | None,
                 channel: str | None, ping: bool, backup: str | None = None) -> list[str]:
    """The lines naming who handles it: mentioned with ``ping``, else named (a channel's thread);
    ``backup``: the department's owner, who steps in for a topic's own owner."""
    def named(user_id: str | None) -> str:
        return f"*{escape(registry.person_name(user_id))}*" if user_id else "—"

    mention = _mention if ping else named
    colon = " :" if lang == "fr" else ":"
    count = len(deputies) + (1 if backup else 0)
    people = [f"*{t(lang, 'who.owner')}*{colon} {mention(owner)}",
              f"*{t(lang, 'who.deputy' if count == 1 else 'who.deputies')}*{colon} "
              f"{backups_text(deputies, backup, lang, mention)}"]
    if head:
        people.append(f"*{t(lang, 'who.head')}*{colon} {mention(head)}")
    if channel:
        people.append(f"*{t(lang, 'who.channel')}*{colon} {channel_link(channel)}")
    return people


def chosen_answer(registry: Registry, department: str, topic: str | None, lang: str, chooser: str,
                  ping: bool = True) -> dict:
    """A question's answer once someone picked the department among the "is it rather…?" choices:
    who chose, and who handles it there (the buttons are gone, so nobody can teach the opposite)."""
    name, topic_label = _department_label(registry, department, topic)
    by = _mention(chooser) if ping else f"*{escape(registry.person_name(chooser))}*"
    headline = t(lang, "who.chosen", department=f"{name}{topic_label}", user=by)
    owner, deputies, head = registry.responsible(department, topic)
    dept = registry.department(department)
    people = people_lines(registry, lang, owner, deputies, head, dept.channel if dept else None, ping,
                          registry.department_backup(department, topic))
    return {"text": headline, "blocks": [_section(headline), _section("\n".join(people))]}


def plain_message(text: str) -> dict:
    """A one-section message whose text is already safe to post."""
    return {"text": text, "blocks": [_section(text)]}


def error_message(lang: str, key: str, **values: Any) -> dict:
    return plain_message(t(lang, key, **values))

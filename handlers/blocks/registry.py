"""`/registry` answers and the import preview."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from handlers.i18n import MESSAGES, t
from handlers.ids import Action
from knowledge.durations import format_duration
from knowledge.models import Registry
from handlers.blocks.base import TEXT_LIMIT, _button, _context, _department_label, _section, channel_link, cut, escape, mention, mentions
from handlers.blocks.answers import backups_text, people_lines, plain_message

# --- registry administration ------------------------------------------------------------------
# `/registry` answers and the import preview (the department form: ``department_form.py``; the
# App Home: ``home.py``). Values come
# from bot/admin.py (Change, HomeData) and bot/registry_imports.py (ImportPreview), read by attribute only.

DIFF_LINES = 20
SHOW_DEPARTMENTS = 45


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"


def _label(lang: str, key: str) -> str:
    return f"*{t(lang, key)}*{_colon(lang)}"


def _code_list(values: Any, lang: str) -> str:
    items = [f"`{escape(str(v))}`" for v in values]
    return ", ".join(items) if items else t(lang, "who.none")


def when_text(moment: Any, lang: str) -> str:
    """A datetime, an ISO text or epoch seconds, as people read it, in UTC."""
    if isinstance(moment, int | float):
        moment = datetime.fromtimestamp(moment, tz=timezone.utc)
    elif isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return escape(moment)
    if not isinstance(moment, datetime):
        return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%d/%m/%Y %H:%M UTC" if lang == "fr" else "%Y-%m-%d %H:%M UTC")


# the placeholders of a command's usage (``knowledge.registry_commands.USAGE``), in French
_USAGE_FR = (("<department>", "<service>"), ("[department]", "[service]"), ("<topic>", "<sujet>"),
             ("@person", "@personne"), ('"more words"', '"autres mots"'), ('"words"', '"mots"'),
             ('"Name"', '"Nom"'), ("[@owner]", "[@responsable]"), ("#channel|none", "#canal|none"),
             ("[count]", "[nombre]"))


def _usage(usage: str, lang: str) -> str:
    """A command's usage with its placeholders in ``lang``."""
    if lang == "fr":
        for english, french in _USAGE_FR:
            usage = usage.replace(english, french)
    return usage


# a person or a channel Slack sent inside typed text (<@U…|name>, <#C…>), once escaped
_ESCAPED_MENTION = re.compile(r"&lt;(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+)(?:\|.*?)?&gt;")
_TYPED = ("extra", "value", "words", "name")  # values that are text a person typed


def _typed_text(value: str) -> str:
    """Typed text made safe, the people and channels in it shown as Slack shows them (by name);
    ``<!channel>`` and the like stay plain text."""
    return _ESCAPED_MENTION.sub(lambda m: f"<{m[1]}>", escape(value))


def registry_params(params: dict[str, Any], lang: str) -> dict[str, str]:
    """An error's or a finding's values, made safe and readable: people as mentions, ids as code."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if key in _TYPED and isinstance(value, str):
            out[key] = _typed_text(value)
        elif key == "person":
            out[key] = mention(value)
        elif key in ("admins", "deputies"):
            out[key] = mentions(list(value), lang)
        elif key == "channel":
            out[key] = channel_link(value)
        elif key == "usage":
            out[key] = escape(_usage(str(value), lang).replace("`", "'"))
        elif key == "unaccented":  # how a keyword reads without its accents, when that matters
            said = f"« {escape(str(value))} »" if lang == "fr" else f"“{escape(str(value))}”"
            out[key] = (f", et le lit {said} sans ses accents" if lang == "fr" else
                        f", and reads it as {said} without its accents") if value else ""
        elif isinstance(value, list | tuple):
            out[key] = _code_list(value, lang)
        else:
            out[key] = escape(str(value))
    return out


# refusals whose sentence depends on how many of something there are: code -> what is counted
_COUNTED = {"not_admin": "admins", "precedence_department": "rules", "open_escalations": "count"}


def refusal_key(code: str, params: dict[str, Any]) -> str:
    """The sentence of refusal ``code``: ``reg.err.<code>``, or its ``.one`` or ``.none`` form
    when what it counts is one or nothing (one admin is asked as one person; none, not at all)."""
    key = f"reg.err.{code}"
    counted = params.get(_COUNTED.get(code, ""))
    number = counted if isinstance(counted, int) else len(counted) if isinstance(counted, list | tuple) else None
    variant = f"{key}.{'none' if number == 0 else 'one'}" if number in (0, 1) else key
    return variant if variant in MESSAGES else key


def registry_error(error: Exception, lang: str) -> dict:
    """A refusal in the person's language: what is wrong, and that nothing changed."""
    code = getattr(error, "code", None)
    problems = getattr(error, "problems", None)
    if code == "no_registry":
        return plain_message(t(lang, "error.no_registry"))
    if code and f"reg.err.{code}" in MESSAGES:
        key = refusal_key(code, error.params)
        return plain_message(t(lang, key, **registry_params(error.params, lang)))
    if problems is not None:
        lines = [f"• {escape(str(p))}" for p in problems[:15]]
        if len(problems) > 15:
            lines.append(t(lang, "reg.more", count=len(problems) - 15))
        return plain_message(t(lang, "reg.invalid") + "\n" + "\n".join(lines))
    return plain_message(escape(str(error)))


def finding_lines(findings: list[Any], lang: str) -> list[str]:
    """What a change left fragile, one warning per line."""
    return [t(lang, f"reg.warn.{f.code}", **registry_params(f.params, lang)) for f in findings]


_DIFF_PATH = re.compile(r"^(?P<sign>[+-] )?departments\[(?P<dept>[^\]]+)\]"
                        r"(?:\.topics\[(?P<topic>[^\]]+)\])?(?P<field>\.[a-z_]+)?(?P<rest>.*)$")
_PERSON_ID = re.compile(r"\b[UW][A-Z0-9]{6,}\b")
_INHERITED = re.compile(r"^\(inherited: (?P<value>.*)\)$")
_FIELDS = ("owner", "deputies", "head", "channel", "keywords", "name", "description", "examples", "topics",
           "ack_timeouts")


def _readable_diff_line(line: str, registry: Registry | None, lang: str) -> str:
    """A diff line as people read it: departments and topics by name, people by name, fields in
    ``lang`` ("Juridique · responsable : Claire Martin -> Marc Dubois"); other lines as they are,
    but for "(none)", in ``lang`` too."""
    if line == "new registry":
        return t(lang, "reg.diff.new")
    match = _DIFF_PATH.match(line) if registry is not None else None
    if match is None:
        return line.replace("(none)", t(lang, "reg.diff.none"))
    dept = registry.department(match["dept"])
    place = dept.name if dept else match["dept"]
    topic = dept.topic(match["topic"]) if dept and match["topic"] else None
    if match["topic"]:
        place += f" › {topic.name if topic else match['topic']}"
    field = (match["field"] or "")[1:]
    if field in _FIELDS:
        place += f" · {t(lang, f'reg.field.{field}')}"
    elif field:
        place += f".{field}"
    rest = _diff_values(match["rest"], field, lang)
    rest = _PERSON_ID.sub(lambda m: registry.person_name(m.group(0)), rest)
    if lang == "fr" and rest.startswith(":"):  # French typography: a space before the colon
        rest = " " + rest
    return f"{match['sign'] or ''}{place}{rest}"


def _diff_values(rest: str, field: str, lang: str) -> str:
    """``: before -> after`` in ``lang``: "(none)" as fits the field, and what a topic inherited
    from its department said as such ("none of its own — the department's, …, applied")."""
    none_key = f"reg.diff.none.{field}"
    none = t(lang, none_key if none_key in MESSAGES else "reg.diff.none")
    if not rest.startswith(": ") or " -> " not in rest:
        return rest.replace("(none)", none)
    before, after = rest[2:].split(" -> ", 1)
    shown = []
    for when, value in (("before", before), ("after", after)):
        inherited = _INHERITED.match(value)
        if value == "(none)":
            value = none
        elif inherited and f"reg.diff.inherited.{field}.{when}" in MESSAGES:
            who = inherited["value"].removeprefix("[").removesuffix("]")
            value = t(lang, f"reg.diff.inherited.{field}.{when}", who=who)
        shown.append(value)
    return ": " + " -> ".join(shown)


def _diff_block(diff: list[str], lang: str, limit: int = DIFF_LINES, registry: Registry | None = None) -> str:
    shown = [escape(_readable_diff_line(line, registry, lang)) for line in diff[:limit]]
    text = "```" + "\n".join(shown) + "```"
    if len(diff) > limit:
        text += "\n" + t(lang, "reg.more_lines", count=len(diff) - limit)
    return cut(text, TEXT_LIMIT)


def edit_headline(edit: Any, lang: str, registry: Registry | None = None) -> str:
    """What an edit did, in a sentence: "@Claire is now the owner of *Legal* (`legal`)" (the
    department by its name in ``registry``, the one after the change, when it has it)."""
    values: dict[str, Any] = {}
    for name in ("department", "name", "channel"):
        if hasattr(edit, name):
            values[name] = getattr(edit, name)
    if hasattr(edit, "target"):
        values["target"] = edit.target.label
    if hasattr(edit, "words"):
        values["words"] = ", ".join(f"« {w} »" if lang == "fr" else f"“{w}”" for w in edit.words)
    person = getattr(edit, "person", None) or getattr(edit, "owner", None)
    if person is not None:
        values["person"] = person.id
    key = f"reg.done.{edit.action}"
    if (edit.action == "set-channel" and edit.channel is None) or (edit.action == "set-head" and person is None):
        key += ".none"
    if edit.action == "add-department" and person is None:
        key += ".self"
    safe_values = registry_params({k: v for k, v in values.items() if k != "words"}, lang)
    if "words" in values:
        safe_values["words"] = escape(values["words"])
    for field, dept_id, topic_id in (("target", *_target_ids(edit)), ("department", values.get("department"), None)):
        if field in safe_values:
            safe_values[field] = _named(registry, dept_id, topic_id, safe_values[field])
    return t(lang, key, **safe_values)


def _target_ids(edit: Any) -> tuple[str | None, str | None]:
    target = getattr(edit, "target", None)
    return (target.department, target.topic) if target is not None else (None, None)


def _named(registry: Registry | None, dept_id: str | None, topic_id: str | None, shown: str) -> str:
    """A department (or topic) by its name, its id after it: "*Legal* (`legal`)"; the id alone
    when the registry does not have it (a department just removed)."""
    dept = registry.department(dept_id) if registry is not None and dept_id else None
    if dept is None:
        return f"`{shown}`"
    name, topic = _department_label(registry, dept_id, topic_id)
    return f"*{name}{topic}* (`{shown}`)"


def registry_change_message(change: Any, lang: str, headline: str, registry: Registry | None = None) -> dict:
    """A stored change: what it did, its warnings, its diff (names from ``registry``), and how to undo it."""
    entry = change.entry
    blocks = [_section(f":white_check_mark: {headline}")]
    warnings = finding_lines(change.findings, lang)
    if warnings:
        blocks.append(_section("\n".join(warnings)))
    if entry.diff:
        blocks.append(_section(_diff_block(entry.diff, lang, registry=registry)))
    footer = "reg.done.footer.undo" if entry.action == "undo" else "reg.done.footer"
    blocks.append(_context(t(lang, footer, revision=entry.revision)))
    return {"text": headline, "blocks": blocks}


def registry_help(lang: str, admins: list[str], is_admin: bool) -> dict:
    """`/registry help`: what everyone can read, and what admins can change."""
    text = t(lang, "reg.help.read")
    text += "\n\n" + t(lang, "reg.help.admin", admins=mentions(admins, lang))
    if not admins:  # nobody can change it from Slack: say how it is changed
        text += "\n" + t(lang, "reg.err.not_admin.none")
    elif not is_admin:
        text += "\n" + t(lang, "reg.help.not_admin")
    return {"text": t(lang, "reg.help.title"), "blocks": [_section(f"*{t(lang, 'reg.help.title')}*"), _section(text)]}


def _people_line(registry: Registry, owner: str, deputies: list[str], head: str | None,
                 channel: str | None, lang: str) -> str:
    return " · ".join(people_lines(registry, lang, owner, deputies, head, channel, ping=True))


def department_text(registry: Registry, dept: Any, lang: str, *, detailed: bool = False,
                    topic: str | None = None) -> str:
    """One department: name, id, people, channel and topics (with keywords and timeouts when
    detailed); with ``topic``, the department's heading and that topic only, with its keywords."""
    triage = f" {t(lang, 'reg.show.triage')}" if dept.id == registry.settings.triage_department else ""
    lines = [f"*{escape(dept.name)}* (`{dept.id}`){triage}",
             _people_line(registry, dept.owner, dept.deputies, dept.head, dept.channel, lang)]
    if topic is not None:
        detailed = False  # the topic's words, not the department's
    if detailed:
        if dept.description:
            lines.insert(1, f"_{escape(dept.description)}_")
        timeouts = ", ".join(
            f"{t(lang, f'esc.severity.{sev}')} {format_duration(registry.ack_seconds(dept.id, sev), lang)}"
            for sev in ("critical", "high", "normal"))
        lines.append(t(lang, "reg.show.timeouts", timeouts=timeouts))
        if dept.keywords:
            lines.append(t(lang, "reg.show.keywords", keywords=", ".join(escape(k) for k in dept.keywords)))
        for rule in registry.settings.precedence:  # the rules that send texts here first
            if rule.prefer == dept.id:
                said = [f"« {escape(w)} »" if lang == "fr" else f"“{escape(w)}”" for w in rule.when]
                lines.append(t(lang, "reg.show.rule", words=f" {t(lang, 'reg.show.or')} ".join(said)))
    shown = [item for item in dept.topics if item.id == topic] if topic else dept.topics
    for item in shown:
        owner, deputies, _head = registry.responsible(dept.id, item.id)
        backup = registry.department_backup(dept.id, item.id)
        label = t(lang, "reg.field.deputy" if len(deputies) + bool(backup) == 1 else "reg.field.deputies")
        lines.append("• " + t(lang, "reg.show.topic", name=escape(item.name), id=item.id, owner=mention(owner),
                              deputies_label=label, deputies=backups_text(deputies, backup, lang)))
        if (detailed or topic) and item.keywords:
            lines.append("   " + t(lang, "reg.show.keywords", keywords=", ".join(escape(k) for k in item.keywords)))
    return cut("\n".join(lines), TEXT_LIMIT)


def registry_overview(registry: Registry, revision: int, lang: str, *, department: str | None = None,
                      heading: str | None = None, topic: str | None = None) -> dict:
    """`/registry show [department[/topic]]`, or the registry as it was at a date (``heading``)."""
    if department is not None:
        dept = registry.department(department)
        departments = [dept] if dept else []
    else:
        departments = list(registry.departments)
    title = heading or t(lang, "reg.show.title", count=len(registry.departments),
                         triage=registry.settings.triage_department, revision=revision)
    blocks = [_section(title)]
    for dept in departments[:SHOW_DEPARTMENTS]:
        blocks.append(_section(department_text(registry, dept, lang, detailed=department is not None, topic=topic)))
    if len(departments) > SHOW_DEPARTMENTS:
        blocks.append(_context(t(lang, "reg.show.more", count=len(departments) - SHOW_DEPARTMENTS)))
    return {"text": title, "blocks": blocks}


def registry_history(entries: list[Any], revision: int, lang: str, registry: Registry | None = None) -> dict:
    """`/registry history`: the last changes, newest first, who made them and what changed."""
    title = t(lang, "reg.history.title", revision=revision)
    if not entries:
        return plain_message(t(lang, "reg.history.empty"))
    blocks = [_section(title)]
    for entry in entries[:24]:
        actor = (mention(entry.actor) if entry.actor[:1] in ("U", "W")
                 else t(lang, "reg.actor.system") if entry.actor == "system" else escape(entry.actor))
        source = t(lang, f"reg.source.{entry.source}") if f"reg.source.{entry.source}" in MESSAGES else escape(entry.source)
        head = t(lang, "reg.history.entry", revision=entry.revision, time=when_text(entry.at, lang),
                 actor=actor, source=source, action=escape(entry.action))
        if entry.undoes:
            head += " · " + t(lang, "reg.history.undoes", undone=entry.undoes)
        blocks.append(_section(head + "\n" + _diff_block(entry.diff, lang, limit=8, registry=registry)))
    return {"text": title, "blocks": blocks}


def import_preview_message(preview: Any, lang: str, registry: Registry | None = None) -> dict:
    """The diff of a shared registry file, with Replace / Cancel buttons; nothing changes before the click."""
    title = t(lang, "reg.import.preview", name=escape(preview.name), revision=preview.revision)
    blocks = [_section(title), _section(_diff_block(preview.diff, lang, limit=30, registry=registry))]
    warnings = finding_lines(preview.findings, lang)
    if warnings:
        blocks.append(_section(cut("\n".join(warnings), TEXT_LIMIT)))
    blocks.append(_section(t(lang, "reg.import.question")))
    blocks.append({"type": "actions", "block_id": "registry_import", "elements": [
        _button(t(lang, "reg.import.confirm"), Action.IMPORT_CONFIRM, preview.token, "primary"),
        _button(t(lang, "reg.import.cancel"), Action.IMPORT_CANCEL, preview.token),
    ]})
    return {"text": title, "blocks": blocks}


def import_invalid_message(name: str, error: Exception, lang: str) -> dict:
    """A shared file that is not a valid registry: every problem with its line."""
    problems = getattr(error, "problems", None) or []
    lines = [f"• {escape(str(p))}" for p in problems[:20]]
    if len(problems) > 20:
        lines.append(t(lang, "reg.more", count=len(problems) - 20))
    return plain_message(cut(t(lang, "reg.import.invalid", name=escape(name)) + "\n" + "\n".join(lines), TEXT_LIMIT))

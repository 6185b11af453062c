"""Plain-text rendering for the command line (the CLI speaks English)."""
from __future__ import annotations

from typing import Any, Iterable

from knowledge.durations import format_duration
from knowledge.models import SEVERITIES, Registry


def _person(registry: Registry, user_id: str | None) -> str:
    if not user_id:
        return "—"
    name = registry.person_name(user_id)
    return f"{name} ({user_id})" if name != user_id else user_id


def _people(registry: Registry, user_ids: Iterable[str], backup: str | None = None) -> str:
    """Deputies by name; with ``backup``, the department's owner who also steps in for a topic's own owner."""
    rendered = [_person(registry, u) for u in user_ids]
    if backup:
        return ", ".join([*rendered, f"{_person(registry, backup)} (the department's owner)"])
    return ", ".join(rendered) if rendered else "none (single point of failure)"


def render_registry(registry: Registry, department_id: str | None) -> str:
    """Departments with owner, deputies, head, channel, timeouts, keywords and topics; the whole
    registry also lists its synonyms and precedence rules. ``department_id`` may name one
    department (``legal``, with the rules that prefer it) or one topic (``legal/privacy``)."""
    from knowledge.registry_edits import unknown_department

    departments = registry.departments
    if department_id:
        dept_part, _, topic_id = department_id.partition("/")
        dept = registry.department(dept_part)
        if dept is None:  # refused as /registry refuses it, naming the known ones or the topic's full id
            raise unknown_department(registry.to_data(), dept_part)
        if topic_id:
            return _render_topic(registry, dept, topic_id)
        departments = [dept]
    s = registry.settings
    lines: list[str] = []
    if not department_id:
        lines.append(
            f"language {s.language} · triage → {s.triage_department} · admins "
            f"{', '.join(s.admins) or 'none'} · escalation emoji :{s.escalation_emoji}: · "
            f"watched {', '.join(s.watched_channels) or 'none'} (auto-escalate at {s.auto_escalate_min_severity}+)"
        )
        if s.synonyms:
            lines.append("synonyms: " + "; ".join(f"{key} = {', '.join(terms)}" for key, terms in s.synonyms.items()))
        for n, rule in enumerate(s.precedence, start=1):
            lines.append(f"precedence {n}: {', '.join(rule.when)} → {rule.prefer}")
        lines.append("")
    for dept in departments:
        triage = "  [triage]" if dept.id == s.triage_department else ""
        lines.append(f"{dept.id} — {dept.name}{triage}")
        if dept.description:
            lines.append(f"  {dept.description}")
        lines.append(f"  owner:    {_person(registry, dept.owner)}")
        lines.append(f"  deputies: {_people(registry, dept.deputies)}")
        lines.append(f"  head:     {_person(registry, dept.head)}")
        lines.append(f"  channel:  {dept.channel or '—'}")
        timeouts = ", ".join(f"{sev} {format_duration(registry.ack_seconds(dept.id, sev))}" for sev in SEVERITIES)
        lines.append(f"  ack:      {timeouts}")
        if dept.keywords:
            lines.append(f"  keywords: {', '.join(dept.keywords)}")
        if department_id:
            rules = [n for n, rule in enumerate(s.precedence, start=1) if rule.prefer == dept.id]
            for n in rules:
                lines.append(f"  precedence {n}: {', '.join(s.precedence[n - 1].when)} → {dept.id}")
        for topic in dept.topics:
            owner, deputies, _ = registry.responsible(dept.id, topic.id)
            lines.append(f"  · topic {topic.id} — {topic.name}")
            backup = registry.department_backup(dept.id, topic.id)
            lines.append(f"      owner {_person(registry, owner)}; deputies {_people(registry, deputies, backup)}")
            if topic.keywords:
                lines.append(f"      keywords: {', '.join(topic.keywords)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _render_topic(registry: Registry, dept: Any, topic_id: str) -> str:
    """One topic (``legal/privacy``): who answers for it, where, and its words."""
    from knowledge.errors import NotFound

    topic = dept.topic(topic_id)
    if topic is None:
        known = ", ".join(t.id for t in dept.topics) or "none"
        raise NotFound(f"unknown topic {topic_id!r} in department {dept.id!r}; its topics: {known}")
    owner, deputies, head = registry.responsible(dept.id, topic.id)
    backup = registry.department_backup(dept.id, topic.id)
    inherited = " — the department's"
    lines = [
        f"{dept.id}/{topic.id} — {topic.name}  (topic of {dept.id} — {dept.name})",
        f"  owner:    {_person(registry, owner)}{'' if topic.owner else inherited}",
        f"  deputies: {_people(registry, deputies, backup)}{'' if topic.deputies is not None else inherited}",
        f"  head:     {_person(registry, head)}",
        f"  channel:  {dept.channel or '—'}",
    ]
    if topic.keywords:
        lines.append(f"  keywords: {', '.join(topic.keywords)}")
    return "\n".join(lines) + "\n"


def _names(entries: list[Any]) -> dict[str, str]:
    """Person names by Slack id, from the registries the entries left (the newest name wins)."""
    names: dict[str, str] = {}
    for entry in reversed(entries):  # oldest first
        people = (entry.after or {}).get("people") or {}
        for user_id, person in people.items():
            if isinstance(person, dict) and person.get("name"):
                names[user_id] = person["name"]
    return names


def who_and_where(actor: str, source: str, names: dict[str, str]) -> str:
    """Who made a change and from where: "Léa Fournier (U0ADMIN01) via slack", "cli" rather than "cli via cli"."""
    who = f"{names[actor]} ({actor})" if actor in names else actor
    return who if actor == source else f"{who} via {source}"


def render_history(entries: list[Any]) -> str:
    """Audit entries, newest first: revision, when, who (by name when the registry knows them),
    from where, and the diff."""
    names = _names(entries)
    lines: list[str] = []
    for entry in entries:
        when = entry.at.strftime("%Y-%m-%d %H:%M:%S UTC")
        lines.append(f"r{entry.revision}  {when}  {who_and_where(entry.actor, entry.source, names)}: "
                     f"{entry.action} — {entry.summary}")
        for line in entry.diff[:12]:
            lines.append(f"    {line}")
        if len(entry.diff) > 12:
            lines.append(f"    … {len(entry.diff) - 12} more")
    return "\n".join(lines)


def render_route(route: Any, registry: Registry, *, with_severity: bool) -> str:
    """A readable routing answer: who is responsible, how sure, and why.

    When the route is not confident it goes to the triage department, while its confidence and
    matched terms are about the likeliest department (``route.guess``, the top candidate): the
    text says so, so the confidence is not read as confidence in the triage answer. The JSON
    answer is not changed.
    """
    dept = registry.department(route.department)
    name = dept.name if dept else route.department
    lines = []
    if route.confident:
        lines.append(f"department: {route.department} — {name}")
    else:
        lines.append(f"not confident: handing to the triage department {route.department} — {name}")
    if route.topic:
        topic = dept.topic(route.topic) if dept else None
        lines.append(f"topic:      {route.topic}{' — ' + topic.name if topic else ''}")
    lines.append(f"owner:      {_person(registry, route.owner)}")
    backup = registry.department_backup(route.department, route.topic) if route.confident else None
    lines.append(f"deputies:   {_people(registry, route.deputies, backup)}")
    lines.append(f"head:       {_person(registry, route.head)}")
    lines.append(f"channel:    {route.channel or '—'}")
    if route.confident:
        lines.append(f"confidence: {route.confidence:.0%}")
    else:
        lines.append(f"confidence: {_unsure_confidence(route)}")
    if with_severity:
        reasons = getattr(route, "severity_reasons", None) or []
        lines.append(f"severity:   {route.severity}" + (f" ({'; '.join(reasons)})" if reasons else ""))
    why = ", ".join(route.matched) if route.matched else "no term of the registry matched"
    if route.confident or not route.matched or route.guess is None:
        lines.append(f"why:        {why}")
    else:
        lines.append(f"why ({_label(route.guess)}): {why}")
    if route.confident:
        if _shares(route.alternatives):
            lines.append(f"also:       {_shares(route.alternatives)}")
    else:
        ranked = list(route.alternatives)
        top = route.guess
        if top is not None and top.department == route.department:
            ranked.insert(0, top)  # the triage department was itself the likeliest one
        if _shares(ranked):
            # a share is not a confidence: labelled as such, so the likeliest department's two
            # numbers do not read as a contradiction
            lines.append(f"share of the evidence: {_shares(ranked)}")
    return "\n".join(lines)


def _label(candidate: Any) -> str:
    return f"{candidate.department}{'/' + candidate.topic if candidate.topic else ''}"


def _share(candidate: Any) -> float:
    return candidate.confidence  # an Alternative's confidence is its share of the evidence


def _shares(candidates: Iterable[Any]) -> str:
    """The candidates with their shares, leaving out those under 1% (that would read 0%)."""
    shown = (f"{_label(c)} {_share(c):.0%}" for c in candidates)
    return ", ".join(text for text in shown if not text.endswith(" 0%"))


def _unsure_confidence(route: Any) -> str:
    """The confidence line of a route handed to triage: whose confidence it is, and that it is too low."""
    from knowledge.evidence import CONFIDENT_AT

    top = route.guess
    if top is None:
        return f"{route.confidence:.0%} — no department matched"
    needed = f"below the {CONFIDENT_AT:.0%} needed"
    if top.department == route.department:
        return (f"{route.confidence:.0%} in the likeliest department, {_label(top)} (the triage department "
                f"itself) — {needed} to be sure")
    level = [a for a in route.alternatives
             if a.department != top.department and round(a.confidence, 2) >= round(top.confidence, 2)]
    if level:  # a tie, or a precedence rule that put a department with less evidence first
        ruled = bool(route.matched) and route.matched[0].startswith("rule:")
        why = "first by a precedence rule" if ruled else "level with " + ", ".join(_label(a) for a in level)
        return f"{route.confidence:.0%}: no department stands out ({_label(top)} {why}) — {needed} to route there"
    return f"{route.confidence:.0%} in the likeliest department, {_label(top)} — {needed} to route there"

"""One administrator's change to the registry, applied to the registry's plain data.

    SetOwner, AddDeputy, …         one Edit per `/registry` change (``knowledge.registry_commands`` parses them)
    apply_edit(data, edit, ...)    applies one Edit to registry data (a plain dict) in place

The department form and its edit are in ``knowledge.department_form``, the errors in
``knowledge.edit_errors``, what a change leaves fragile in ``knowledge.registry_findings``.
The whole registry is validated afterwards by ``RegistryRepo.change``; the checks here catch what
a person typed wrong and say it in words they understand.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from knowledge.edit_errors import BadCommand, EditRefused, UnknownTarget

USER_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")
CHANNEL_RE = re.compile(r"^[CG][A-Z0-9]{2,}$")
IDENT_RE = re.compile(r"^[a-z0-9_-]{1,64}$")
KEYWORD_LIMIT = 200
EXAMPLE_LIMIT = 2000
NAME_LIMIT = 200
# what Slack sends for a mention of a person, a channel or a group (<@U…>, <#C…>, <!here>)
_SLACK_MENTION_RE = re.compile(r"<[@#!][^>]*>")
_KEYWORD_SEPARATORS = re.compile(r"\s*[,;]\s*")

# --- what a command names ---------------------------------------------------------------------

@dataclass(frozen=True)
class PersonRef:
    """A Slack user, with the name Slack sent alongside the id when it did."""

    id: str
    name: str | None = None


@dataclass(frozen=True)
class Target:
    """A department, or one topic inside it."""

    department: str
    topic: str | None = None

    @property
    def label(self) -> str:
        """``legal`` or ``legal/privacy``."""
        return f"{self.department}/{self.topic}" if self.topic else self.department


# --- edits ------------------------------------------------------------------------------------

@dataclass
class EditContext:
    """What an edit may need besides the data: who makes it, open escalations, people's names."""

    actor: str
    open_escalations: Callable[[str], int] = lambda _department: 0
    names: Mapping[str, str] = field(default_factory=dict)


class Edit:
    """A change to the registry data; ``action`` names it in the audit log."""

    action: ClassVar[str] = ""

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        """Change ``data`` in place, or raise an EditError and leave the registry as it was."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line for the audit log."""
        raise NotImplementedError

    def people(self) -> list[PersonRef]:
        """The people this edit puts into the registry (their names may need looking up)."""
        return []


@dataclass(frozen=True)
class SetOwner(Edit):
    target: Target
    person: PersonRef
    action: ClassVar[str] = "set-owner"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept, topic = _locate(data, self.target)
        owner, _deputies = _effective(dept, topic)
        if owner == self.person.id and (topic is None or topic.get("owner")):
            raise EditRefused("already_owner", person=self.person.id, target=self.target.label)
        holder = topic if topic is not None else dept
        holder["owner"] = self.person.id
        if self.person.id in (holder.get("deputies") or []):  # a deputy who takes over is no longer their own deputy
            holder["deputies"] = [d for d in holder["deputies"] if d != self.person.id]
        ensure_person(data, self.person, ctx)

    def summary(self) -> str:
        return f"owner of {self.target.label}: {self.person.id}"

    def people(self) -> list[PersonRef]:
        return [self.person]


@dataclass(frozen=True)
class AddDeputy(Edit):
    target: Target
    person: PersonRef
    action: ClassVar[str] = "add-deputy"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept, topic = _locate(data, self.target)
        owner, deputies = _effective(dept, topic)
        if self.person.id == owner:
            raise EditRefused("owner_as_deputy", person=self.person.id, target=self.target.label)
        if self.person.id in deputies:
            raise EditRefused("already_deputy", person=self.person.id, target=self.target.label)
        (topic if topic is not None else dept)["deputies"] = [*deputies, self.person.id]
        ensure_person(data, self.person, ctx)

    def summary(self) -> str:
        return f"deputy of {self.target.label}: + {self.person.id}"

    def people(self) -> list[PersonRef]:
        return [self.person]


@dataclass(frozen=True)
class RemoveDeputy(Edit):
    target: Target
    person: PersonRef
    action: ClassVar[str] = "remove-deputy"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept, topic = _locate(data, self.target)
        _owner, deputies = _effective(dept, topic)
        if self.person.id not in deputies:
            raise EditRefused("not_deputy", person=self.person.id, target=self.target.label, deputies=deputies)
        (topic if topic is not None else dept)["deputies"] = [d for d in deputies if d != self.person.id]

    def summary(self) -> str:
        return f"deputy of {self.target.label}: - {self.person.id}"


@dataclass(frozen=True)
class SetHead(Edit):
    department: str
    person: PersonRef | None  # None: the department no longer has a head
    action: ClassVar[str] = "set-head"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept = find_department(data, self.department)
        if self.person is None:
            if not dept.get("head"):
                raise EditRefused("no_head", department=self.department)
            del dept["head"]
            return
        if dept.get("head") == self.person.id:
            raise EditRefused("already_head", person=self.person.id, department=self.department)
        dept["head"] = self.person.id
        ensure_person(data, self.person, ctx)

    def summary(self) -> str:
        return f"head of {self.department}: {self.person.id if self.person else 'none'}"

    def people(self) -> list[PersonRef]:
        return [self.person] if self.person else []


@dataclass(frozen=True)
class SetChannel(Edit):
    department: str
    channel: str | None  # None: the department no longer posts in a channel
    action: ClassVar[str] = "set-channel"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept = find_department(data, self.department)
        if self.channel is None:
            if "channel" not in dept:
                raise EditRefused("no_channel", department=self.department)
            del dept["channel"]
        elif dept.get("channel") == self.channel:
            raise EditRefused("same_channel", department=self.department, channel=self.channel)
        else:
            dept["channel"] = self.channel

    def summary(self) -> str:
        return f"channel of {self.department}: {self.channel or 'none'}"


@dataclass(frozen=True)
class AddKeyword(Edit):
    target: Target
    words: tuple[str, ...]
    action: ClassVar[str] = "add-keyword"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept, topic = _locate(data, self.target)
        holder = topic if topic is not None else dept
        keywords = list(holder.get("keywords") or [])
        check_new_keywords(self.target, self.words)
        for words in self.words:
            if any(k.casefold() == words.casefold() for k in keywords):
                raise EditRefused("keyword_exists", target=self.target.label, words=words)
            keywords.append(words)
        holder["keywords"] = keywords

    def summary(self) -> str:
        return f"keywords of {self.target.label}: + " + ", ".join(self.words)


@dataclass(frozen=True)
class RemoveKeyword(Edit):
    target: Target
    words: tuple[str, ...]
    action: ClassVar[str] = "remove-keyword"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept, topic = _locate(data, self.target)
        holder = topic if topic is not None else dept
        keywords = list(holder.get("keywords") or [])
        for words in self.words:
            kept = [k for k in keywords if k.casefold() != words.casefold()]
            if len(kept) == len(keywords):
                raise EditRefused("keyword_missing", target=self.target.label, words=words, keywords=keywords)
            keywords = kept
        holder["keywords"] = keywords

    def summary(self) -> str:
        return f"keywords of {self.target.label}: - " + ", ".join(self.words)


@dataclass(frozen=True)
class AddDepartment(Edit):
    department: str
    name: str
    owner: PersonRef | None = None  # None: the administrator who adds it
    action: ClassVar[str] = "add-department"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        departments = data.setdefault("departments", [])
        if any(d.get("id") == self.department for d in departments):
            raise EditRefused("department_exists", department=self.department)
        owner = self.owner or PersonRef(ctx.actor)
        departments.append({"id": self.department, "name": self.name, "owner": owner.id})
        ensure_person(data, owner, ctx)

    def summary(self) -> str:
        owner = f", owner {self.owner.id}" if self.owner else ""
        return f"new department {self.department} ({self.name}{owner})"

    def people(self) -> list[PersonRef]:
        return [self.owner] if self.owner else []


@dataclass(frozen=True)
class RemoveDepartment(Edit):
    department: str
    action: ClassVar[str] = "remove-department"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        find_department(data, self.department)
        settings = data.get("settings") or {}
        if settings.get("triage_department") == self.department:
            raise EditRefused("triage_department", department=self.department)
        # rules cannot be edited from Slack: say which ones name it, rather than let the whole
        # registry's validation call an existing department "unknown"
        rules = [rule for rule in settings.get("precedence") or [] if rule.get("prefer") == self.department]
        if rules:
            raise EditRefused("precedence_department", department=self.department,
                              rules=[" / ".join(map(str, rule.get("when") or [])) for rule in rules])
        count = ctx.open_escalations(self.department)
        if count:
            raise EditRefused("open_escalations", department=self.department, count=count)
        data["departments"] = [d for d in data["departments"] if d.get("id") != self.department]

    def summary(self) -> str:
        return f"department {self.department} removed"


def has_slack_mention(text: str) -> bool:
    """True when ``text`` holds a Slack mention of a person, a channel or a group."""
    return bool(_SLACK_MENTION_RE.search(text))


def check_new_keywords(target: Target, words: tuple[str, ...]) -> None:
    """BadCommand for a keyword no message would ever match: too long, with a mention, or
    several keywords typed as one with commas (each is quoted on its own instead)."""
    for phrase in words:
        if len(phrase) > KEYWORD_LIMIT:
            raise BadCommand("keyword_too_long", words=phrase[:40] + "…", limit=KEYWORD_LIMIT)
        if has_slack_mention(phrase):
            raise BadCommand("mention_in_keyword", words=phrase)
        parts = [p for p in _KEYWORD_SEPARATORS.split(phrase) if p]
        if len(parts) > 1:
            quoted = " ".join(f'"{p}"' for w in words for p in _KEYWORD_SEPARATORS.split(w) if p)
            raise BadCommand("keyword_with_comma", words=phrase, target=target.label, quoted=quoted)


# --- applying ---------------------------------------------------------------------------------


def apply_edit(
    data: dict[str, Any],
    edit: Edit,
    *,
    actor: str,
    open_escalations: Callable[[str], int] = lambda _department: 0,
    names: Mapping[str, str] | None = None,
) -> None:
    """Apply ``edit`` to registry ``data`` in place (``names``: display names of new people)."""
    edit.apply(data, EditContext(actor=actor, open_escalations=open_escalations, names=names or {}))


def find_department(data: dict[str, Any], dept_id: str) -> dict[str, Any]:
    """The department ``dept_id`` in registry ``data``; UnknownTarget (listing the known ids) otherwise."""
    for dept in data.get("departments") or []:
        if isinstance(dept, dict) and dept.get("id") == dept_id:
            return dept
    raise unknown_department(data, dept_id)


def unknown_department(data: dict[str, Any], dept_id: str) -> UnknownTarget:
    """The error for a department id that registry ``data`` lacks: the known ids, or, for a
    topic's id given alone, how to write it (``legal/privacy``)."""
    departments = [d for d in data.get("departments") or [] if isinstance(d, dict)]
    owners = [str(d.get("id")) for d in departments
              if any(isinstance(t, dict) and t.get("id") == dept_id for t in d.get("topics") or [])]
    if owners:
        return UnknownTarget("topic_not_department", department=dept_id,
                             targets=[f"{owner}/{dept_id}" for owner in owners])
    return UnknownTarget("unknown_department", department=dept_id, known=[str(d.get("id")) for d in departments])


def _locate(data: dict[str, Any], target: Target) -> tuple[dict[str, Any], dict[str, Any] | None]:
    dept = find_department(data, target.department)
    if target.topic is None:
        return dept, None
    topics = dept.get("topics") or []
    for topic in topics:
        if topic.get("id") == target.topic:
            return dept, topic
    known = [str(t.get("id")) for t in topics]
    raise UnknownTarget("unknown_topic", department=target.department, topic=target.topic, known=known)


def _effective(dept: dict[str, Any], topic: dict[str, Any] | None) -> tuple[str, list[str]]:
    """Owner and deputies in force for a department or a topic (a topic inherits what it omits)."""
    owner = (topic or {}).get("owner") or dept.get("owner")
    if topic is not None and topic.get("deputies") is not None:
        return owner, list(topic["deputies"])
    return owner, list(dept.get("deputies") or [])


def ensure_person(data: dict[str, Any], person: PersonRef, ctx: EditContext) -> None:
    """Add a newcomer to a non-empty people directory (validation requires everyone to be in it)."""
    people = data.get("people")
    if people and person.id not in people:
        name = (ctx.names.get(person.id) or person.name or person.id).strip() or person.id
        people[person.id] = {"name": name[:NAME_LIMIT]}

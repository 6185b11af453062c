"""One administrator's change to the registry, applied to the registry's plain data.

    SetOwner, AddDeputy, …         one Edit per `/registry` change (``knowledge.registry_commands`` parses them)
    apply_edit(data, edit, ...)    applies one Edit to registry data (a plain dict) in place
    check_department_form(form)    the fields of the department form, cleaned, or FieldErrors
    change_findings(before, after) what a change leaves fragile: no deputy, owner who deputises, overload

The whole registry is validated afterwards by ``RegistryRepo.change``; the checks here catch what
a person typed wrong and say it in words they understand. Every error carries a ``code`` and
``params`` so the bot can say it in French or English; ``str(error)`` is the English sentence.

    EditError (SwitchboardError)
    ├── BadCommand      the text cannot be understood
    ├── EditRefused     understood, but not possible in the registry as it is (also a Conflict)
    ├── UnknownTarget   a department or topic id that names nothing (also a NotFound)
    └── FieldErrors     a department form with wrong fields; ``fields`` maps field -> EditError
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from knowledge.durations import DURATION_RE
from knowledge.errors import Conflict, NotFound, SwitchboardError
from knowledge.models import SEVERITIES, Registry
from knowledge.report import OWNER_LIMIT, owners, responsibility_chains

USER_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")
CHANNEL_RE = re.compile(r"^[CG][A-Z0-9]{2,}$")
IDENT_RE = re.compile(r"^[a-z0-9_-]{1,64}$")
KEYWORD_LIMIT = 200
EXAMPLE_LIMIT = 2000
NAME_LIMIT = 200

# --- errors ------------------------------------------------------------------------------------

_ENGLISH = {
    "unknown_command": "unknown command {command!r}: expected one of {commands}",
    "missing_argument": "something is missing: /registry {usage}",
    "too_many_arguments": "unexpected {extra!r}: /registry {usage}",
    "unclosed_quote": "a quote is opened but never closed",
    "bad_person": "{value!r} is not a person: pick someone from Slack's @ list (or write a user id, U…)",
    "bad_channel": "{value!r} is not a channel: pick one from Slack's # list (or write a channel id, C…)",
    "bad_target": "bad department {value!r}: expected <department> or <department>/<topic>",
    "bad_id": "bad id {value!r}: expected lower-case letters, digits, _ or - (at most 64)",
    "bad_date": "bad date {value!r}: expected a date and time such as 2026-11-02T14:00 (UTC)",
    "bad_number": "bad number {value!r}: expected how many changes to show, 1 to {limit}",
    "name_too_long": "the name is too long: at most {limit} characters",
    "head_on_topic": "topics have no head of their own: set the head of department {department!r}",
    "unknown_department": "unknown department {department!r}; known: {known}",
    "unknown_topic": "department {department!r} has no topic {topic!r}; its topics: {known}",
    "already_owner": "{person} is already the owner of {target}",
    "already_deputy": "{person} is already a deputy of {target}",
    "owner_as_deputy": "{person} is the owner of {target}: a deputy must be someone else",
    "not_deputy": "{person} is not a deputy of {target} (deputies: {deputies})",
    "already_head": "{person} is already the head of {department}",
    "same_channel": "the channel of {department} is already {channel}",
    "no_channel": "{department} has no channel to remove",
    "keyword_exists": "{target} already has the keyword {words!r}",
    "keyword_missing": "{target} has no keyword {words!r} (keywords: {keywords})",
    "keyword_too_long": "the keyword {words!r} is too long: at most {limit} characters",
    "department_exists": "a department {department!r} already exists",
    "triage_department": "{department!r} is the triage department: name another one in settings first",
    "open_escalations": "{department!r} still has {count} open escalation(s): resolve or reassign them first",
    "owner_required": "every department needs an owner",
    "bad_duration": "bad duration {value!r}: expected a whole number followed by s, m, h or d (e.g. 15m)",
    "example_too_long": "an example is too long: at most {limit} characters",
    "fields": "the form has mistakes: {details}",
    # refusals of the administration service
    "not_admin": "only the registry admins can change the registry: {admins}",
    "no_registry": "no registry is loaded yet: import a registry file first",
    "no_change": "no change: the registry is already exactly like this",
    "nothing_to_undo": "nothing to undo",
    "department_changed": "department {department!r} was changed by someone else since the form was opened",
    "import_not_text": "{name!r} is not UTF-8 text: send the registry as YAML or JSON",
    "import_too_big": "{name!r} is too big ({size} bytes, at most {limit})",
    "import_download_failed": "cannot download {name!r}: {error}",
    "import_expired": "this import is no longer pending (already confirmed or cancelled)",
    "import_stale": "the registry changed since the preview (now revision {revision}): send {name!r} again",
    "import_identical": "{name!r} is identical to the current registry: nothing to import",
    "export_failed": "the registry file could not be sent: {error}",
}


class EditError(SwitchboardError):
    """A known problem with an administrator's change, with a code and values for translation."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        super().__init__(_english(code, params))


def _english(code: str, params: Mapping[str, Any]) -> str:
    template = _ENGLISH.get(code)
    if template is None:
        return code.replace("_", " ") + (f" ({params})" if params else "")
    shown = {k: ", ".join(map(str, v)) or "none" if isinstance(v, list | tuple) else v for k, v in params.items()}
    return template.format(**shown)


class BadCommand(EditError):
    """The `/registry` text cannot be understood."""


class EditRefused(EditError, Conflict):
    """The change is understood but cannot be made to the registry as it is."""


class UnknownTarget(EditError, NotFound):
    """A department or topic that the registry does not have."""


class FieldErrors(EditError):
    """Several fields of a form are wrong; ``fields`` maps each field name to its error."""

    def __init__(self, fields: dict[str, EditError]):
        self.fields = fields
        details = "; ".join(f"{name}: {error}" for name, error in fields.items())
        super().__init__("fields", details=details)


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
        (topic if topic is not None else dept)["owner"] = self.person.id
        _ensure_person(data, self.person, ctx)

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
        _ensure_person(data, self.person, ctx)

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
    person: PersonRef
    action: ClassVar[str] = "set-head"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept = _find_department(data, self.department)
        if dept.get("head") == self.person.id:
            raise EditRefused("already_head", person=self.person.id, department=self.department)
        dept["head"] = self.person.id
        _ensure_person(data, self.person, ctx)

    def summary(self) -> str:
        return f"head of {self.department}: {self.person.id}"

    def people(self) -> list[PersonRef]:
        return [self.person]


@dataclass(frozen=True)
class SetChannel(Edit):
    department: str
    channel: str | None  # None: the department no longer posts in a channel
    action: ClassVar[str] = "set-channel"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept = _find_department(data, self.department)
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
        for words in self.words:
            if len(words) > KEYWORD_LIMIT:
                raise BadCommand("keyword_too_long", words=words[:40] + "…", limit=KEYWORD_LIMIT)
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
        _ensure_person(data, owner, ctx)

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
        _find_department(data, self.department)
        if (data.get("settings") or {}).get("triage_department") == self.department:
            raise EditRefused("triage_department", department=self.department)
        count = ctx.open_escalations(self.department)
        if count:
            raise EditRefused("open_escalations", department=self.department, count=count)
        data["departments"] = [d for d in data["departments"] if d.get("id") != self.department]

    def summary(self) -> str:
        return f"department {self.department} removed"


@dataclass(frozen=True)
class DepartmentForm:
    """The department form as submitted.

    The owner is required. For every other field, None means the form did not offer it and the
    registry keeps what it has; an empty head or channel ("") removes it, an empty list or text
    empties the field.
    """

    owner: str | None
    head: str | None = None  # "": no head
    channel: str | None = None  # "": no channel
    deputies: list[str] | None = None
    keywords: str | None = None  # one per line
    examples: str | None = None  # one per line
    timeouts: dict[str, str | None] = field(default_factory=dict)  # severity -> text; absent: left as is


@dataclass(frozen=True)
class EditDepartment(Edit):
    """Owner, deputies, head, channel, keywords, examples and timeouts of one department at once."""

    department: str
    form: DepartmentForm
    action: ClassVar[str] = "edit-department"

    def apply(self, data: dict[str, Any], ctx: EditContext) -> None:
        dept = _find_department(data, self.department)
        clean = check_department_form(self.form, self.department)
        dept["owner"] = clean["owner"]
        for key in ("deputies", "keywords", "examples"):
            if clean[key] is not None:
                dept[key] = clean[key]
        for key in ("head", "channel"):
            if clean[key]:
                dept[key] = clean[key]
            elif clean[key] is not None:
                dept.pop(key, None)
        if clean["timeouts"] is not None:
            timeouts = dict(dept.get("ack_timeouts") or {})
            for severity, value in clean["timeouts"].items():
                if value:
                    timeouts[severity] = value
                else:
                    timeouts.pop(severity, None)
            if timeouts:
                dept["ack_timeouts"] = timeouts
            else:
                dept.pop("ack_timeouts", None)
        for user_id in [clean["owner"], *(clean["deputies"] or []), clean["head"]]:
            if user_id:
                _ensure_person(data, PersonRef(user_id), ctx)

    def summary(self) -> str:
        return f"department {self.department} edited"

    def people(self) -> list[PersonRef]:
        ids = [self.form.owner, *(self.form.deputies or []), self.form.head]
        return [PersonRef(u) for u in dict.fromkeys(ids) if u]


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


def _find_department(data: dict[str, Any], dept_id: str) -> dict[str, Any]:
    departments = [d for d in data.get("departments") or [] if isinstance(d, dict)]
    for dept in departments:
        if dept.get("id") == dept_id:
            return dept
    known = [str(d.get("id")) for d in departments]
    raise UnknownTarget("unknown_department", department=dept_id, known=known)


def _locate(data: dict[str, Any], target: Target) -> tuple[dict[str, Any], dict[str, Any] | None]:
    dept = _find_department(data, target.department)
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


def _ensure_person(data: dict[str, Any], person: PersonRef, ctx: EditContext) -> None:
    """Add a newcomer to a non-empty people directory (validation requires everyone to be in it)."""
    people = data.get("people")
    if people and person.id not in people:
        name = (ctx.names.get(person.id) or person.name or person.id).strip() or person.id
        people[person.id] = {"name": name[:NAME_LIMIT]}


def check_department_form(form: DepartmentForm, department: str = "") -> dict[str, Any]:
    """The form's values cleaned (lists from lines, duplicates dropped); FieldErrors names each bad field."""
    errors: dict[str, EditError] = {}
    if not form.owner:
        errors["owner"] = BadCommand("owner_required")
    deputies = None
    if form.deputies is not None:
        deputies = list(dict.fromkeys(form.deputies))
        if form.owner and form.owner in deputies:
            errors["deputies"] = BadCommand("owner_as_deputy", person=form.owner, target=department)
    keywords = _lines(form.keywords)
    for words in keywords or []:
        if len(words) > KEYWORD_LIMIT:
            errors["keywords"] = BadCommand("keyword_too_long", words=words[:40] + "…", limit=KEYWORD_LIMIT)
            break
    if keywords is not None:
        seen: set[str] = set()
        keywords = [k for k in keywords if not (k.casefold() in seen or seen.add(k.casefold()))]
    examples = _lines(form.examples)
    if any(len(e) > EXAMPLE_LIMIT for e in examples or []):
        errors["examples"] = BadCommand("example_too_long", limit=EXAMPLE_LIMIT)
    timeouts: dict[str, str | None] | None = None
    if form.timeouts:
        timeouts = {}
        for severity, text in form.timeouts.items():
            if severity not in SEVERITIES:
                continue
            value = (text or "").strip().replace(" ", "")
            if value and not DURATION_RE.match(value):
                errors[f"timeout_{severity}"] = BadCommand("bad_duration", value=(text or "").strip())
            timeouts[severity] = value or None
    if errors:
        raise FieldErrors(errors)
    return {"owner": form.owner, "deputies": deputies, "head": form.head, "channel": form.channel,
            "keywords": keywords, "examples": examples, "timeouts": timeouts}


def _lines(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- what a change leaves fragile -------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """Something a valid registry leaves fragile; ``code`` and ``params`` as for errors."""

    code: str  # "no_deputy", "owner_is_deputy" or "overloaded"
    params: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        """What makes two findings the same one across revisions."""
        return self.code, str(self.params.get("target") or self.params.get("person"))


def findings(registry: Registry) -> list[Finding]:
    """Every place with no deputy, every owner who deputises themselves, every overloaded owner."""
    found: list[Finding] = []
    for chain in responsibility_chains(registry):
        if chain.owner in chain.deputies:
            found.append(Finding("owner_is_deputy", {"target": chain.label, "person": chain.owner}))
        if not chain.backups:
            found.append(Finding("no_deputy", {"target": chain.label, "person": chain.owner}))
    for user_id, owned in owners(registry).items():
        if len(owned) > OWNER_LIMIT:
            found.append(Finding("overloaded", {"person": user_id, "count": len(owned), "limit": OWNER_LIMIT,
                                                "targets": [c.label for c in owned]}))
    return found


def change_findings(before: Registry | None, after: Registry) -> list[Finding]:
    """The findings ``after`` has that ``before`` did not: what this change made fragile."""
    seen = {f.key for f in findings(before)} if before is not None else set()
    return [f for f in findings(after) if f.key not in seen]

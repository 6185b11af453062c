"""The department form: its fields, how they are checked, and the edit it makes to one department."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from knowledge.durations import DURATION_RE
from knowledge.edit_errors import BadCommand, EditError, FieldErrors
from knowledge.models import SEVERITIES
from knowledge.registry_edits import (
    EXAMPLE_LIMIT,
    Edit,
    EditContext,
    PersonRef,
    Target,
    check_new_keywords,
    ensure_person,
    find_department,
)


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
        dept = find_department(data, self.department)
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
                ensure_person(data, PersonRef(user_id), ctx)

    def summary(self) -> str:
        return f"department {self.department} edited"

    def people(self) -> list[PersonRef]:
        ids = [self.form.owner, *(self.form.deputies or []), self.form.head]
        return [PersonRef(u) for u in dict.fromkeys(ids) if u]


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
    keywords = [_unquoted(k) for k in _lines(form.keywords) or []] if form.keywords is not None else None
    for words in keywords or []:
        if any(mark in words for mark in _QUOTES):  # 'avocat "mise en demeure"': two keywords on one line
            errors["keywords"] = BadCommand("keyword_per_line", words=words)
            break
        try:  # as /registry add-keyword checks them: too long, a mention, several on one line
            check_new_keywords(Target(department), (words,))
        except BadCommand as exc:
            errors["keywords"] = BadCommand("keyword_per_line", words=words) if exc.code == "keyword_with_comma" else exc
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


_QUOTES = '"“”«»'


def _unquoted(line: str) -> str:
    """A keyword line without the quotes around it ("mise en demeure", « mise en demeure »)."""
    if len(line) > 2 and line[0] in _QUOTES and line[-1] in _QUOTES:
        return line[1:-1].strip()
    return line


def _lines(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]

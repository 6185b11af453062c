"""The responsibility registry, format version 1, as pydantic models.

Field-level rules (types, id patterns, durations, unknown keys) live here; rules that need the
whole registry (duplicates, references, triage department) live in ``knowledge.validation``.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from knowledge.durations import DURATION_RE, parse_duration

SEVERITIES: tuple[str, ...] = ("critical", "high", "normal")
SEVERITY_RANK: dict[str, int] = {"normal": 0, "high": 1, "critical": 2}  # higher is more serious
Severity = Literal["critical", "high", "normal"]
Language = Literal["fr", "en"]

UserId = Annotated[str, StringConstraints(pattern=r"^[UW][A-Z0-9]{2,}$")]
ChannelId = Annotated[str, StringConstraints(pattern=r"^[CG][A-Z0-9]{2,}$")]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+$", max_length=64)]
Duration = Annotated[str, StringConstraints(pattern=DURATION_RE.pattern)]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
SynonymTerm = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]

DEFAULT_ACK = {"critical": "15m", "high": "1h", "normal": "4h"}
DEFAULT_REMINDER = {"critical": "4h", "high": "1d", "normal": "1d"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Timeouts(_Strict):
    """A duration per severity; a missing severity falls back to the next level up."""

    critical: Duration | None = None
    high: Duration | None = None
    normal: Duration | None = None

    def seconds(self, severity: str) -> int | None:
        value = getattr(self, severity)
        return parse_duration(value) if value else None


class SeverityKeywords(_Strict):
    critical: list[Phrase] = Field(default_factory=list)
    high: list[Phrase] = Field(default_factory=list)
    normal: list[Phrase] = Field(default_factory=list)


class PrecedenceRule(_Strict):
    """Extension: "texts that say one of ``when`` go to ``prefer``" when that department is plausible."""

    when: Annotated[list[Phrase], Field(min_length=1)]
    prefer: Ident


class Settings(_Strict):
    language: Language = "fr"
    triage_department: Ident
    admins: list[UserId] = Field(default_factory=list)
    escalation_emoji: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_+\-']+$")] = "rotating_light"
    watched_channels: list[ChannelId] = Field(default_factory=list)
    auto_escalate_min_severity: Severity = "high"
    severity_keywords: SeverityKeywords = Field(default_factory=SeverityKeywords)
    ack_timeouts: Timeouts = Field(default_factory=lambda: Timeouts(**DEFAULT_ACK))
    # Extension: time after an acknowledgement before the acknowledger is reminded.
    reminder_after: Timeouts = Field(default_factory=lambda: Timeouts(**DEFAULT_REMINDER))
    # Extension: the registry's own words, added to the built-in thesaurus (concept id or word -> terms).
    synonyms: dict[SynonymTerm, Annotated[list[SynonymTerm], Field(min_length=1)]] = Field(default_factory=dict)
    # Extension: how overlaps between departments are settled, first matching rule first.
    precedence: list[PrecedenceRule] = Field(default_factory=list)

    def ack_seconds(self, severity: str) -> int:
        return self.ack_timeouts.seconds(severity) or parse_duration(DEFAULT_ACK[severity])

    def reminder_seconds(self, severity: str) -> int:
        return self.reminder_after.seconds(severity) or parse_duration(DEFAULT_REMINDER[severity])


class Person(_Strict):
    name: Name
    title: Annotated[str, StringConstraints(max_length=300)] | None = None


class Topic(_Strict):
    id: Ident
    name: Name
    keywords: list[Phrase] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)
    owner: UserId | None = None
    deputies: list[UserId] | None = None


class Department(_Strict):
    id: Ident
    name: Name
    description: Annotated[str, StringConstraints(max_length=4000)] = ""
    channel: ChannelId | None = None
    owner: UserId
    deputies: list[UserId] = Field(default_factory=list)
    head: UserId | None = None
    ack_timeouts: Timeouts | None = None
    keywords: list[Phrase] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)

    def topic(self, topic_id: str | None) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None) if topic_id else None


class Registry(_Strict):
    version: Literal[1]
    settings: Settings
    people: dict[UserId, Person] = Field(default_factory=dict)
    departments: Annotated[list[Department], Field(min_length=1)]

    def department(self, dept_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == dept_id), None)

    @property
    def triage(self) -> Department:
        dept = self.department(self.settings.triage_department)
        assert dept is not None, "validated registries always have their triage department"
        return dept

    def responsible(self, dept_id: str, topic_id: str | None = None) -> tuple[str, list[str], str | None]:
        """Owner, deputies and head for a department or one of its topics (topic overrides)."""
        dept = self.department(dept_id)
        if dept is None:
            raise KeyError(dept_id)
        topic = dept.topic(topic_id)
        owner = topic.owner if topic and topic.owner else dept.owner
        deputies = topic.deputies if topic and topic.deputies is not None else dept.deputies
        return owner, list(deputies), dept.head

    def department_backup(self, dept_id: str, topic_id: str | None = None) -> str | None:
        """The department's owner when a topic's own owner holds it and the owner is not already
        one of its deputies: the person who steps in for them besides the deputies."""
        dept = self.department(dept_id)
        if dept is None:
            return None
        owner, deputies, _head = self.responsible(dept_id, topic_id)
        return dept.owner if dept.owner != owner and dept.owner not in deputies else None

    def escalation_people(self, dept_id: str, topic_id: str | None = None,
                          picked: str | None = None) -> tuple[str, list[str], str | None]:
        """Who an escalation of a department (or topic) calls: the person it rests with (``picked``
        by hand, else the owner), the people who back them up if they do not acknowledge, and
        the head. The backups are the owner of a person picked by hand, the deputies, and the
        department's owner when a topic's own owner holds it: nobody is left out of the chase."""
        owner, deputies, head = self.responsible(dept_id, topic_id)
        first = picked or owner
        backup = self.department_backup(dept_id, topic_id)
        backups = [*([owner] if first != owner else []), *deputies, *([backup] if backup else [])]
        return first, [b for b in dict.fromkeys(backups) if b != first], head

    def ack_seconds(self, dept_id: str, severity: str) -> int:
        dept = self.department(dept_id)
        if dept and dept.ack_timeouts and dept.ack_timeouts.seconds(severity):
            return dept.ack_timeouts.seconds(severity)  # type: ignore[return-value]
        return self.settings.ack_seconds(severity)

    def person_name(self, user_id: str) -> str:
        person = self.people.get(user_id)
        return person.name if person else user_id

    def to_data(self) -> dict:
        """Plain data, without defaults that were never written, ready for YAML/JSON."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)

"""Who carries what in a registry: responsibility chains, load per person, and the audit report.

A *chain* is one place where an escalation can land: every department, plus every topic that
overrides its department's owner or deputies (a topic that overrides nothing shares its
department's chain). The validation warnings and ``switchboard registry audit`` both read
chains from here, so they always agree.
"""
from __future__ import annotations

from dataclasses import dataclass

from knowledge.models import Registry
from knowledge.registry_file import Loc

# A person who owns more departments or topics than this gets a warning.
OWNER_LIMIT = 3

@dataclass(frozen=True)
class Chain:
    """One department, or one topic with its own owner or deputies, as escalation sees it."""

    label: str  # ``legal`` or ``legal/privacy``
    kind: str  # ``department`` or ``topic``
    loc: Loc  # where it sits in the file: ``("departments", 2)`` or ``(..., "topics", 0)``
    owner: str
    deputies: tuple[str, ...]
    head: str | None
    owns_owner: bool  # the owner is written here (always true for a department)
    owns_deputies: bool  # the deputies are written here (not inherited)
    department_owner: str = ""  # for a topic, its department's owner, who backs up the topic's own

    @property
    def backups(self) -> tuple[str, ...]:
        """The people who step in when the owner does not acknowledge: the deputies who are not
        the owner, and for a topic with an owner of its own, the department's owner (as
        ``Registry.escalation_people`` calls them)."""
        return tuple(d for d in dict.fromkeys((*self.deputies, self.department_owner)) if d and d != self.owner)


@dataclass(frozen=True)
class PersonLoad:
    """What one person is on the hook for."""

    user_id: str
    name: str | None  # None when the person is not in the ``people`` directory
    owns: tuple[str, ...]
    deputises: tuple[str, ...]
    heads: tuple[str, ...]
    admin: bool

    @property
    def owner_count(self) -> int:
        """Number of departments and topics this person owns."""
        return len(self.owns)

    @property
    def deputy_count(self) -> int:
        """Number of departments and topics where this person is a deputy."""
        return len(self.deputises)

    @property
    def head_count(self) -> int:
        """Number of departments this person heads."""
        return len(self.heads)

    @property
    def display(self) -> str:
        """``U0ABC (Name)`` when the name is known, else the bare id."""
        return f"{self.user_id} ({self.name})" if self.name else self.user_id


@dataclass(frozen=True)
class ResponsibilityReport:
    """The audit of a registry: gaps, and the load on every person."""

    department_count: int
    topic_count: int
    without_deputy: tuple[Chain, ...]
    people: tuple[PersonLoad, ...]  # most owned first, then most deputised, then by id
    over_limit: tuple[PersonLoad, ...]  # owners of more than ``owner_limit`` things
    not_in_people: tuple[str, ...]  # referenced ids missing from a non-empty directory
    unassigned: tuple[str, ...]  # directory entries that are no admin and own, deputise, head nothing
    owner_limit: int = OWNER_LIMIT

    def person(self, user_id: str) -> PersonLoad | None:
        """The load of one person, or None if the registry never mentions them."""
        return next((p for p in self.people if p.user_id == user_id), None)


def responsibility_chains(registry: Registry) -> list[Chain]:
    """Every department and every topic that overrides the owner or the deputies, in file order."""
    chains: list[Chain] = []
    for i, dept in enumerate(registry.departments):
        chains.append(Chain(
            label=dept.id, kind="department", loc=("departments", i), owner=dept.owner,
            deputies=tuple(dept.deputies), head=dept.head, owns_owner=True, owns_deputies=True,
        ))
        for k, topic in enumerate(dept.topics):
            if topic.owner is None and topic.deputies is None:
                continue
            owner, deputies, head = registry.responsible(dept.id, topic.id)
            chains.append(Chain(
                label=f"{dept.id}/{topic.id}", kind="topic", loc=("departments", i, "topics", k),
                owner=owner, deputies=tuple(deputies), head=head,
                owns_owner=topic.owner is not None, owns_deputies=topic.deputies is not None,
                department_owner=dept.owner,
            ))
    return chains


def owners(registry: Registry) -> dict[str, list[Chain]]:
    """Each owner and the chains they own (topics count only when they name their own owner)."""
    owned: dict[str, list[Chain]] = {}
    for chain in responsibility_chains(registry):
        if chain.owns_owner:
            owned.setdefault(chain.owner, []).append(chain)
    return owned


def responsibility_report(registry: Registry) -> ResponsibilityReport:
    """Count, for everyone the registry mentions, what they own, deputise and head."""
    chains = responsibility_chains(registry)
    owns: dict[str, list[str]] = {}
    deputises: dict[str, list[str]] = {}
    heads: dict[str, list[str]] = {}
    for chain in chains:
        if chain.owns_owner:
            owns.setdefault(chain.owner, []).append(chain.label)
        if chain.owns_deputies:
            for deputy in dict.fromkeys(chain.deputies):
                deputises.setdefault(deputy, []).append(chain.label)
    for dept in registry.departments:
        if dept.head:
            heads.setdefault(dept.head, []).append(dept.id)
    admins = set(registry.settings.admins)
    mentioned = [*registry.people, *owns, *deputises, *heads, *registry.settings.admins]
    loads = [
        PersonLoad(
            user_id=uid,
            name=registry.people[uid].name if uid in registry.people else None,
            owns=tuple(owns.get(uid, ())), deputises=tuple(deputises.get(uid, ())),
            heads=tuple(heads.get(uid, ())), admin=uid in admins,
        )
        for uid in dict.fromkeys(mentioned)
    ]
    loads.sort(key=lambda p: (-p.owner_count, -p.deputy_count, -p.head_count, p.user_id))
    return ResponsibilityReport(
        department_count=len(registry.departments),
        topic_count=sum(len(d.topics) for d in registry.departments),
        without_deputy=tuple(c for c in chains if not c.backups),
        people=tuple(loads),
        over_limit=tuple(p for p in loads if p.owner_count > OWNER_LIMIT),
        not_in_people=tuple(
            p.user_id for p in loads if registry.people and p.user_id not in registry.people
        ),
        unassigned=tuple(
            p.user_id for p in loads
            if p.user_id in registry.people and not (p.owns or p.deputises or p.heads or p.admin)
        ),
    )


def _listing(labels: tuple[str, ...]) -> str:
    return ", ".join(labels) if labels else "-"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and the English ``noun``, in the plural unless there is one: "1 topic", "2 topics"."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"


def render_report_text(report: ResponsibilityReport, registry: Registry) -> str:
    """The audit as plain text for the terminal (``switchboard registry audit``)."""
    lines = [
        f"Responsibility audit: {counted(report.department_count, 'department')}, "
        f"{counted(report.topic_count, 'topic')}, {counted(len(registry.people), 'person', 'people')} "
        f"in the directory",
        "",
        "Without a deputy (single point of failure):",
    ]
    for chain in report.without_deputy:
        lines.append(f"  {chain.kind} {chain.label}: only {registry.person_name(chain.owner)} ({chain.owner})")
    if not report.without_deputy:
        lines.append("  none")
    lines += ["", f"Owners of more than {report.owner_limit} departments or topics:"]
    for person in report.over_limit:
        lines.append(f"  {person.display}: owns {person.owner_count} ({_listing(person.owns)})")
    if not report.over_limit:
        lines.append("  none")
    if report.not_in_people:
        lines += ["", "Referenced but missing from people:", *(f"  {uid}" for uid in report.not_in_people)]
    if report.unassigned:
        lines += ["", "In people but responsible for nothing:"]
        lines += [f"  {registry.person_name(uid)} ({uid})" for uid in report.unassigned]
    name_width = max([len("person"), *(len(p.display) for p in report.people)])
    lines += ["", "Who carries what:", f"  {'person':<{name_width}}  owns  deputy  head  owner of"]
    for person in report.people:
        if not (person.owns or person.deputises or person.heads):
            continue
        lines.append(
            f"  {person.display:<{name_width}}  {person.owner_count:>4}  {person.deputy_count:>6}  "
            f"{person.head_count:>4}  {_listing(person.owns)}"
        )
    return "\n".join(lines)

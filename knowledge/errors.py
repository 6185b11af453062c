"""Errors raised by the registry room, shown to people as they are.

    SwitchboardError            any known, user-facing problem
    ├── RegistryInvalid         a registry (file or change) fails validation; carries every problem
    ├── StoreLocked             another process already uses the data folder
    ├── NotFound                an unknown department, topic, person or escalation
    ├── NotAllowed              the person may not do this (not an admin, not on the chain)
    └── Conflict                the change cannot be made in the current state (nothing to undo…)
"""
from __future__ import annotations

from dataclasses import dataclass


class SwitchboardError(Exception):
    """A known problem whose message is meant for the person who caused it."""


@dataclass(frozen=True)
class Problem:
    """One validation finding: where it is and what is wrong."""

    path: str  # field path such as ``departments[3].deputies``
    message: str
    line: int | None = None
    source: str | None = None  # file name, or "registry" for an in-memory change

    def __str__(self) -> str:
        where = self.source or "registry"
        if self.line is not None:
            where = f"{where}:{self.line}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class RegistryInvalid(SwitchboardError):
    """The registry does not validate; ``problems`` lists all errors at once, ``warnings`` what
    was found beside them that blocks nothing (a '#' value read as a comment on an optional key)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = problems
        self.warnings = warnings or []
        super().__init__("\n".join(str(p) for p in problems))


class StoreLocked(SwitchboardError):
    """Another process holds the data folder."""


class NotFound(SwitchboardError):
    """An id that names nothing."""


class NotAllowed(SwitchboardError):
    """The person may not perform this action."""


class Conflict(SwitchboardError):
    """The action does not fit the current state."""

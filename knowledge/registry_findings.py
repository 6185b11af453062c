"""What a registry change leaves fragile: a place with no deputy, an owner who deputises, an overloaded owner."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.models import Registry
from knowledge.report import OWNER_LIMIT, owners, responsibility_chains


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

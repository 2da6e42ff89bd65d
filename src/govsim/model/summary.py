"""Counts of a polity by institution kind and level."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from govsim.model.kinds import InstitutionKind, Level

__all__ = ["PolitySummary"]


@dataclass(frozen=True)
class PolitySummary:
    """Counts by institution kind x level, seats, relations by kind, and who holds each role."""

    institutions: Mapping[tuple[str, str], int]
    seats: Mapping[tuple[str, str], int]
    relations: Mapping[str, int]
    territories: Mapping[str, int]
    #: Role name -> id of the institution holding it (roles set in the data).
    roles: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        levels = [lv.value for lv in Level]
        kinds = sorted({k for k, _ in self.institutions}, key=lambda k: InstitutionKind(k).code)
        width = max([len("kind")] + [len(k) for k in kinds])
        head = f"{'kind':<{width}}  " + "  ".join(f"{lv:>16}" for lv in levels)
        lines = ["Institutions (count / seats) by kind and level", head, "-" * len(head)]
        for k in kinds:
            cells = []
            for lv in levels:
                c = self.institutions.get((k, lv), 0)
                s = self.seats.get((k, lv), 0)
                cells.append(f"{f'{c:,} / {s:,}' if c else '-':>16}")
            lines.append(f"{k:<{width}}  " + "  ".join(cells))
        lines.append("")
        lines.append(
            "Territories: " + ", ".join(f"{lv} {n:,}" for lv, n in self.territories.items())
        )
        lines.append("Relations:   " + ", ".join(f"{k} {n:,}" for k, n in self.relations.items()))
        if self.roles:
            lines.append("Roles:       " + ", ".join(f"{r} {i}" for r, i in self.roles.items()))
        return "\n".join(lines)

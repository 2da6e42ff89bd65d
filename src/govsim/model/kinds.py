"""The vocabulary of the polity graph: levels, institution kinds, relation kinds.

All are :class:`enum.StrEnum`, so a file can say ``kind = "executive"`` and code can
compare ``inst.kind == "executive"``. The integer code of a member is its position
in the enum (``Level.codes()``), which is what the columnar tables store.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Self

import numpy as np

__all__ = [
    "CHAIN_KINDS",
    "CONSTRAINT_KINDS",
    "REMOVAL_KINDS",
    "SELECTION_KINDS",
    "InstitutionKind",
    "Level",
    "RelationGroup",
    "RelationKind",
]


class _Coded(StrEnum):
    """A StrEnum whose members have stable integer codes (their definition order)."""

    @classmethod
    @cache
    def members(cls) -> tuple[Self, ...]:
        """The members in definition order; a member's code is its position here."""
        return tuple(cls)

    @classmethod
    @cache
    def _positions(cls) -> dict[str, int]:
        return {m.value: i for i, m in enumerate(cls)}

    @property
    def code(self) -> int:
        return type(self)._positions()[self.value]

    @classmethod
    def from_code(cls, code: int) -> Self:
        return cls.members()[code]

    @classmethod
    def to_codes(cls, values: object) -> np.ndarray:
        """Names (or members) -> an int8 code array, vectorized over the distinct values.

        Raises ``ValueError`` carrying the first unknown value; callers wrap it in a
        :class:`govsim.ValidationError` that names the field.
        """
        arr = np.asarray(values, dtype=object).reshape(-1).astype(np.str_)
        distinct, inverse = np.unique(arr, return_inverse=True)
        lookup = cls._positions()
        unknown = [str(v) for v in distinct if str(v) not in lookup]
        if unknown:
            raise ValueError(unknown[0])
        mapped = np.array([lookup[str(v)] for v in distinct], dtype=np.int8)
        return mapped[inverse.reshape(-1)]


class Level(_Coded):
    """Tier of government an institution or territory belongs to."""

    NATIONAL = "national"
    REGIONAL = "regional"
    DISTRICT = "district"
    LOCAL = "local"


class InstitutionKind(_Coded):
    """What an institution is (see DESIGN.md, "The graph")."""

    HEAD_OF_STATE = "head_of_state"
    GOVERNMENT = "government"
    CHAMBER = "chamber"
    COURT = "court"
    OMBUDSMAN = "ombudsman"
    EXECUTIVE = "executive"  # akims, governors, mayors
    COUNCIL = "council"  # maslikhats and other local assemblies
    ELECTORATE = "electorate"  # the voters of one territory or district
    PARTY = "party"
    CONSULTATIVE = "consultative"
    AGENCY = "agency"


class RelationGroup(StrEnum):
    """The four functional groups of relations, plus informal ties."""

    SELECTION = "selection"
    REMOVAL = "removal"
    CONSTRAINT = "constraint"
    ACCESS = "access"
    INFORMAL = "informal"


class RelationKind(_Coded):
    """A typed relation, read "source -> target"."""

    ELECTS = "elects"
    APPOINTS = "appoints"
    NOMINATES = "nominates"
    CONSENTS = "consents"
    DISMISSES = "dismisses"
    NO_CONFIDENCE = "no_confidence"
    REVIEWS = "reviews"
    VETOES = "vetoes"
    OVERRIDES = "overrides"
    OVERSEES = "oversees"
    APPROVES_BUDGET = "approves_budget"
    PETITIONS = "petitions"
    PATRONAGE = "patronage"

    @property
    def group(self) -> RelationGroup:
        return _GROUP_OF[self]


_GROUP_OF: dict[RelationKind, RelationGroup] = {
    RelationKind.ELECTS: RelationGroup.SELECTION,
    RelationKind.APPOINTS: RelationGroup.SELECTION,
    RelationKind.NOMINATES: RelationGroup.SELECTION,
    RelationKind.CONSENTS: RelationGroup.SELECTION,
    RelationKind.DISMISSES: RelationGroup.REMOVAL,
    RelationKind.NO_CONFIDENCE: RelationGroup.REMOVAL,
    RelationKind.REVIEWS: RelationGroup.CONSTRAINT,
    RelationKind.VETOES: RelationGroup.CONSTRAINT,
    RelationKind.OVERRIDES: RelationGroup.CONSTRAINT,
    RelationKind.OVERSEES: RelationGroup.CONSTRAINT,
    RelationKind.APPROVES_BUDGET: RelationGroup.CONSTRAINT,
    RelationKind.PETITIONS: RelationGroup.ACCESS,
    RelationKind.PATRONAGE: RelationGroup.INFORMAL,
}

#: Relations that put a holder in place (and may not point from a node to itself).
SELECTION_KINDS: frozenset[RelationKind] = frozenset(
    k for k, g in _GROUP_OF.items() if g is RelationGroup.SELECTION
)
#: The selection relations that form a delegation chain (``nominates``/``consents`` do not).
CHAIN_KINDS: frozenset[RelationKind] = frozenset({RelationKind.ELECTS, RelationKind.APPOINTS})
#: Relations that can take a holder out.
REMOVAL_KINDS: frozenset[RelationKind] = frozenset(
    k for k, g in _GROUP_OF.items() if g is RelationGroup.REMOVAL
)
#: Relations that annul, block, override, audit or fund the target's acts.
CONSTRAINT_KINDS: frozenset[RelationKind] = frozenset(
    k for k, g in _GROUP_OF.items() if g is RelationGroup.CONSTRAINT
)

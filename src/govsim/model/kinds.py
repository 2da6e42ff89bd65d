"""The vocabulary of the polity graph: levels, institution kinds, roles, relation and rule kinds.

Every vocabulary is closed: a name outside it is an error naming the field, never a
silently new kind.

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
    "CHAMBER_ROLES",
    "CONSTRAINT_KINDS",
    "PARTY_KINDS",
    "REMOVAL_KINDS",
    "ROLE_KINDS",
    "RULE_PARAMETERS",
    "SELECTION_KINDS",
    "InstitutionKind",
    "Level",
    "RelationGroup",
    "RelationKind",
    "Role",
    "RuleKind",
    "RuleParameters",
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
    """The four functional groups of relations, plus informal ties and party ties.

    ``partisan`` holds the party ties (``holds_seats``, ``member_of``): who sits for
    which party. No structural metric selects them (each selects explicit kinds or
    the selection, removal and constraint groups), so adding party data to a polity
    changes no accountability, concentration or checks value; the party-aware power
    measures (:mod:`govsim.model.parties`, the bloc lawmaking game) read them.
    """

    SELECTION = "selection"
    REMOVAL = "removal"
    CONSTRAINT = "constraint"
    ACCESS = "access"
    INFORMAL = "informal"
    PARTISAN = "partisan"


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
    # New kinds go at the end, so that the codes of the older ones do not change.
    #: The source may dissolve the target (a head of state dissolving parliament):
    #: a removal channel -- it ends the target's holders' mandate early.
    DISSOLVES = "dissolves"
    #: The source may put bills before the target (legislative initiative): access
    #: to the target's agenda, not a power over its decision.
    INITIATES = "initiates"
    #: The source may make law by decree in the target's field (the target is the
    #: chamber whose lawmaking the decrees stand in for): a constraint on the target,
    #: whose monopoly of lawmaking it bypasses. The lawmaking game (ordinary laws)
    #: does not read it: decree power is a second, separate way to make rules, and
    #: folding it into the game would need a model of which bills go by decree.
    DECREES = "decrees"
    #: The source may put a question to the target electorate by referendum: access
    #: to the voters, over the heads of the other institutions.
    REFERS = "refers"
    #: The source may impeach (try and remove) the target: a removal channel.
    IMPEACHES = "impeaches"
    #: The source party holds ``seats`` of the target elected body's seats (a chamber
    #: or council that something ``elects``); ``seats`` is required. The seats of a
    #: body that no party holds are independents or vacant. A party tie: no selection
    #: channel (who fills the seats is said by ``elects``/``appoints``), read by
    #: :func:`govsim.model.parties.seat_table` and the bloc lawmaking game.
    HOLDS_SEATS = "holds_seats"
    #: The source office's holder belongs to the target party (an office has at most
    #: one party): a party tie, read by :func:`govsim.model.parties.party_of`.
    MEMBER_OF = "member_of"

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
    RelationKind.DISSOLVES: RelationGroup.REMOVAL,
    RelationKind.INITIATES: RelationGroup.ACCESS,
    RelationKind.DECREES: RelationGroup.CONSTRAINT,
    RelationKind.REFERS: RelationGroup.ACCESS,
    RelationKind.IMPEACHES: RelationGroup.REMOVAL,
    RelationKind.HOLDS_SEATS: RelationGroup.PARTISAN,
    RelationKind.MEMBER_OF: RelationGroup.PARTISAN,
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
#: The party ties: a party's seats in a body, an office holder's party.
PARTY_KINDS: frozenset[RelationKind] = frozenset(
    k for k, g in _GROUP_OF.items() if g is RelationGroup.PARTISAN
)


class Role(_Coded):
    """The constitutional role of a national institution, set in data.

    Engines, metrics and reforms find offices by role (:mod:`govsim.model.roles`),
    never by size or by id. At most one national institution holds each role, and
    a role must fit the institution's kind (:data:`ROLE_KINDS`). A polity has either
    a ``sole_chamber`` or a ``lower_chamber`` (and maybe an ``upper_chamber``), never
    both. The list is kept to what the metrics and reforms read:

    * ``head_of_state`` -- the president or monarch (``power.head_of_state``,
      ``tenure.*``, the concentration and checks metrics);
    * ``head_of_government`` -- the government or prime minister;
    * ``vice_president`` -- an office that succeeds the head of state
      (:class:`~govsim.reforms.VicePresidency`);
    * ``lower_chamber`` / ``upper_chamber`` -- the two houses of a bicameral
      parliament (the lower is the one the ``electoral.*`` metrics read, whatever
      its size);
    * ``sole_chamber`` -- the parliament of a unicameral polity (the lower-chamber
      lookup falls back to it);
    * ``constitutional_court`` and ``supreme_court``;
    * ``ombudsman``.
    """

    HEAD_OF_STATE = "head_of_state"
    HEAD_OF_GOVERNMENT = "head_of_government"
    VICE_PRESIDENT = "vice_president"
    LOWER_CHAMBER = "lower_chamber"
    UPPER_CHAMBER = "upper_chamber"
    SOLE_CHAMBER = "sole_chamber"
    CONSTITUTIONAL_COURT = "constitutional_court"
    SUPREME_COURT = "supreme_court"
    OMBUDSMAN = "ombudsman"


#: The institution kinds each role may be held by.
ROLE_KINDS: dict[Role, frozenset[InstitutionKind]] = {
    Role.HEAD_OF_STATE: frozenset({InstitutionKind.HEAD_OF_STATE}),
    Role.HEAD_OF_GOVERNMENT: frozenset({InstitutionKind.GOVERNMENT, InstitutionKind.EXECUTIVE}),
    Role.VICE_PRESIDENT: frozenset({InstitutionKind.HEAD_OF_STATE, InstitutionKind.EXECUTIVE}),
    Role.LOWER_CHAMBER: frozenset({InstitutionKind.CHAMBER}),
    Role.UPPER_CHAMBER: frozenset({InstitutionKind.CHAMBER}),
    Role.SOLE_CHAMBER: frozenset({InstitutionKind.CHAMBER}),
    Role.CONSTITUTIONAL_COURT: frozenset({InstitutionKind.COURT}),
    Role.SUPREME_COURT: frozenset({InstitutionKind.COURT}),
    Role.OMBUDSMAN: frozenset({InstitutionKind.OMBUDSMAN}),
}

#: The chamber roles.
CHAMBER_ROLES: frozenset[Role] = frozenset(
    {Role.LOWER_CHAMBER, Role.UPPER_CHAMBER, Role.SOLE_CHAMBER}
)


class RuleKind(StrEnum):
    """What a :class:`~govsim.model.Rule` records; its parameters are in :data:`RULE_PARAMETERS`.

    * ``adopts_laws`` -- the subject chamber must adopt every law (the lawmaking
      game's adopting chambers). ``subject``: a chamber; no ``value``.
    * ``passing_threshold`` -- the share of the subject chamber's seats a bill needs
      there. ``subject``: a chamber; ``value``: a number in (0, 1].
    * ``party_registration_threshold`` -- members a party needs to register.
      ``value``: a whole number >= 1.
    * ``party_branch_minimum`` -- members a party needs per regional branch.
      ``value``: a whole number >= 1.
    * ``party_membership_ban`` -- the subject office's holder may not be a party
      member. ``subject``: an office; no ``value``.
    * ``nepotism_ban`` -- the subject office's relatives may not hold political posts.
      ``subject``: an office; no ``value``.
    * ``constitutional_status`` -- the subject institution is set up by the
      constitution. ``subject``: an institution; no ``value``.
    * ``prosecution_consent`` -- the subject's holder cannot be prosecuted without the
      consent of the institution named by ``value``. ``subject``: an office;
      ``value``: an institution id.
    * ``administrative_centre`` -- the administrative centre of a region, named by
      ``value``. ``subject`` (optional): the region's executive; ``value``: a name.
    * ``incumbent_terms`` -- the terms of the subject office's current holder that its
      term limit counts, the running one included (without the rule: 1, a first
      term). ``subject``: an office; ``value``: a whole number >= 1.
    * ``term_count_reset`` -- a transitional rule: the terms the subject office's
      holder served before it took effect, the running one included, are not
      counted against the limit (Russia 2020, art. 81(3.1); Uzbekistan 2023).
      ``subject``: an office; no ``value``. The tenure metrics read both.
    """

    ADOPTS_LAWS = "adopts_laws"
    PASSING_THRESHOLD = "passing_threshold"
    PARTY_REGISTRATION_THRESHOLD = "party_registration_threshold"
    PARTY_BRANCH_MINIMUM = "party_branch_minimum"
    PARTY_MEMBERSHIP_BAN = "party_membership_ban"
    NEPOTISM_BAN = "nepotism_ban"
    CONSTITUTIONAL_STATUS = "constitutional_status"
    PROSECUTION_CONSENT = "prosecution_consent"
    ADMINISTRATIVE_CENTRE = "administrative_centre"
    INCUMBENT_TERMS = "incumbent_terms"
    TERM_COUNT_RESET = "term_count_reset"


class RuleParameters:
    """What a rule kind needs: whether it has a subject, and the type of its value.

    ``value`` is one of ``"none"`` (no value), ``"share"`` (a number in (0, 1]),
    ``"count"`` (a whole number >= 1), ``"id"`` (an institution id) or ``"text"``.
    """

    __slots__ = ("subject", "value")

    def __init__(self, subject: bool | None, value: str) -> None:
        #: True: a subject is required; None: optional; False: none allowed.
        self.subject = subject
        self.value = value

    def __repr__(self) -> str:
        return f"RuleParameters(subject={self.subject!r}, value={self.value!r})"


#: The parameters of each rule kind (see :class:`RuleKind`).
RULE_PARAMETERS: dict[RuleKind, RuleParameters] = {
    RuleKind.ADOPTS_LAWS: RuleParameters(subject=True, value="none"),
    RuleKind.PASSING_THRESHOLD: RuleParameters(subject=True, value="share"),
    RuleKind.PARTY_REGISTRATION_THRESHOLD: RuleParameters(subject=None, value="count"),
    RuleKind.PARTY_BRANCH_MINIMUM: RuleParameters(subject=None, value="count"),
    RuleKind.PARTY_MEMBERSHIP_BAN: RuleParameters(subject=True, value="none"),
    RuleKind.NEPOTISM_BAN: RuleParameters(subject=True, value="none"),
    RuleKind.CONSTITUTIONAL_STATUS: RuleParameters(subject=True, value="none"),
    RuleKind.PROSECUTION_CONSENT: RuleParameters(subject=True, value="id"),
    RuleKind.ADMINISTRATIVE_CENTRE: RuleParameters(subject=None, value="text"),
    RuleKind.INCUMBENT_TERMS: RuleParameters(subject=True, value="count"),
    RuleKind.TERM_COUNT_RESET: RuleParameters(subject=True, value="none"),
}

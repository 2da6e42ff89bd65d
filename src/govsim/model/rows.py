"""Pydantic row models: how people and files talk to a polity.

A :class:`~govsim.model.Polity` stores columns, not these objects; the row models
are the validated edge of the system. Build a polity from them, read one back with
``polity.institution(id)``, and load files through them. Every model is frozen,
forbids unknown fields (a typo in a scenario file is an error, not a silent
default) and holds collections as tuples.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal, get_args

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from govsim.model.base import ID_PATTERN, GovsimModel
from govsim.model.kinds import (
    RULE_PARAMETERS,
    InstitutionKind,
    Level,
    RelationKind,
    Role,
    RuleKind,
)

__all__ = [
    "ALLOCATION_METHODS",
    "MAX_COALITION_STEPS",
    "MAX_POPULATION",
    "MAX_RUNOFF_SIZE",
    "MAX_SEATS",
    "MAX_TERMS",
    "MAX_TERM_YEARS",
    "Bool",
    "ElectoralSystem",
    "Float",
    "Id",
    "Institution",
    "Int",
    "ListTier",
    "Relation",
    "Rule",
    "SingleMemberTier",
    "TermRule",
    "Territory",
    "Tier",
]

#: Most seats one institution (a chamber, or a group of identical offices) or one
#: relation may stand for: 10^7. The largest real groups are a country's local
#: elected offices (India's ~3.1 million panchayat members); the largest chamber,
#: China's National People's Congress, has about 3,000 seats. The bound keeps every
#: sum of seats over 10^6 institutions far inside int64.
MAX_SEATS = 10**7
#: Most residents of one territory: 10^10 (the world has about 8.2x10^9 people).
#: Populations summed over 10^6 territories stay far inside int64.
MAX_POPULATION = 10**10
#: Longest term of office, in years: 100 (the longest fixed terms in force are
#: 15 years, e.g. some constitutional judges; life tenure is ``years`` = the
#: expected tenure, never more than a lifetime).
MAX_TERM_YEARS = 100
#: Most terms a term rule may allow: 100 (at one year per term, a century in
#: office); more is no limit at all, which is written ``max_terms = None``. The
#: tenure models loop over terms, so the bound also bounds their work.
MAX_TERMS = 100

#: An identifier: non-empty, no surrounding whitespace, no NUL character (numpy's
#: unicode columns drop trailing NULs, so ``"gov\x00"`` would silently become ``"gov"``).
Id = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False, pattern=ID_PATTERN)]


def _number(value: object) -> object:
    # pydantic's lax mode reads "100" as 100 and true as 1; in a hand-written file
    # both are mistakes (a quoted number, a flag in the wrong field), not numbers.
    if isinstance(value, bool | str | bytes):
        raise PydanticCustomError(
            "number_type",
            "Input should be a number, not {type}",
            {"type": type(value).__name__},
        )
    return value


#: An int field that rejects text and booleans (``"100"``, ``true``).
Int = Annotated[int, BeforeValidator(_number)]
#: A float field that rejects text and booleans.
Float = Annotated[float, BeforeValidator(_number)]
#: A bool field that takes only ``True``/``False`` (not ``"no"``, ``0`` or ``1``).
Bool = Annotated[bool, Strict()]

AllocationMethod = Literal[
    "dhondt",
    "jefferson",
    "sainte_lague",
    "webster",
    "modified_sainte_lague",
    "imperiali",
    "huntington_hill",
    "adams",
    "dean",
    "hare",
    "droop",
    "hagenbach_bischoff",
]
#: Seat allocation methods understood by :func:`govsim.electoral.allocate`.
ALLOCATION_METHODS: tuple[str, ...] = get_args(AllocationMethod)


class _Row(GovsimModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class TermRule(_Row):
    """How long a holder serves and how often.

    Parameters
    ----------
    years : int
        Length of one term in years.
    max_terms : int or None
        Most terms a person may serve (``None``: no limit).
    consecutive_only : bool
        If true, ``max_terms`` limits consecutive terms only (a holder may return
        after a break), as in Kazakhstan's 1995 Constitution, art. 42(5) before 2022.
    exempt_incumbent : bool
        The limit does not bind the current holder (the First President's exemption
        of 2007-2022).
    """

    years: Int = Field(ge=1, le=MAX_TERM_YEARS)
    max_terms: Int | None = Field(default=None, ge=1, le=MAX_TERMS)
    consecutive_only: Bool = False
    exempt_incumbent: Bool = False


class Territory(_Row):
    """A territorial unit: the country, a region, a district, a rural okrug.

    ``parent`` is the id of the enclosing territory; ``population`` the number of
    residents (``None`` when unknown).
    """

    id: Id
    name: str
    level: Level
    parent: Id | None = None
    population: Int | None = Field(default=None, ge=0, le=MAX_POPULATION)


class Institution(_Row):
    """A node of the polity graph: an office, a body, or an electorate.

    ``seats`` is how many holders the node stands for: a chamber's seats, or a
    group of identical offices such as the rural akims of one district.
    ``term`` is the term rule of its holders, when one applies. ``role`` is its
    constitutional role (:class:`~govsim.model.Role`: ``head_of_state``,
    ``lower_chamber``, ...), by which engines, metrics and reforms find it; a role
    must fit the kind and is held by at most one national institution.
    """

    id: Id
    name: str
    kind: InstitutionKind
    level: Level
    territory: Id | None = None
    seats: Int = Field(default=1, ge=1, le=MAX_SEATS)
    term: TermRule | None = None
    role: Role | None = None


class Relation(_Row):
    """A typed edge, read "source -> target".

    ``seats`` is how many of the target's seats this channel fills (``None``: the
    channel is not seat-specific, i.e. it concerns all seats). ``threshold`` is a
    fraction of the source body's seats needed to use the power (e.g. 2/3 for an
    override), when one is recorded.
    """

    source: Id
    target: Id
    kind: RelationKind
    seats: Int | None = Field(default=None, ge=1, le=MAX_SEATS)
    threshold: Float | None = Field(default=None, gt=0.0, le=1.0)
    note: str | None = None


def _repr_set(model: _Row, optional: tuple[str, ...]) -> Iterator[tuple[str | None, object]]:
    # the optional rules of a tier appear in its repr only when set (reprs stay as before)
    for name, value in GovsimModel.__repr_args__(model):
        if name not in optional or value is not None:
            yield name, value


#: Most members a coalition threshold may distinguish: coalitions of 2 to 11 or more
#: parties (the laws in force stop at "three or more", as the Czech 5/8/11%).
MAX_COALITION_STEPS = 10


class ListTier(_Row):
    """A party-list tier: ``seats`` allocated by ``method`` among lists over ``threshold``.

    Parameters
    ----------
    seats, method, threshold, districts
        The seats, the allocation method, the legal threshold (a share of all list
        votes; for a single party where ``coalition_thresholds`` is set) and the
        number of list districts.
    coalition_thresholds : tuple of float, optional
        Thresholds of coalition lists of 2, 3, ... member parties, the last one for
        any larger coalition (Poland: ``(0.08,)`` beside 5% for parties; the Czech
        Republic since 2021: ``(0.08, 0.11)``), at most ``MAX_COALITION_STEPS``.
        A list's number of members is data of the vote model.
    exempt_minorities : bool, optional
        Lists of national minorities are exempt from the threshold (Poland, Electoral
        Code art. 197); which lists are is data of the vote model.
    bonus_seats : int, optional
        Majority bonus: seats given to the largest list on top of its share of the
        other seats (:func:`govsim.electoral.majority_bonus`; Greece: 50 of 300).
    majority_seats : int, optional
        Majority-assuring rule: the largest list gets at least this many seats and the
        others share the rest (San Marino: 35 of 60).
    bonus_threshold : float, optional
        Share of the votes the largest list needs for the bonus or the assured
        majority (Italian municipalities: 0.4); unset: any largest list.
    """

    type: Literal["list"] = "list"
    seats: Int = Field(ge=1, le=MAX_SEATS)
    method: AllocationMethod = "hare"
    threshold: Float = Field(default=0.0, ge=0.0, lt=1.0)
    districts: Int = Field(default=1, ge=1, le=MAX_SEATS)
    coalition_thresholds: tuple[Annotated[Float, Field(ge=0.0, lt=1.0)], ...] | None = Field(
        default=None, min_length=1, max_length=MAX_COALITION_STEPS
    )
    exempt_minorities: Bool | None = None
    bonus_seats: Int | None = Field(default=None, ge=0, le=MAX_SEATS)
    majority_seats: Int | None = Field(default=None, ge=1, le=MAX_SEATS)
    bonus_threshold: Float | None = Field(default=None, ge=0.0, lt=1.0)

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        return _repr_set(self, _LIST_OPTIONAL)

    @model_validator(mode="after")
    def _districts_fit(self) -> ListTier:
        # every list district elects at least one member
        if self.districts > self.seats:
            raise ValueError(
                f"field 'districts' = {self.districts} is more than field 'seats' = {self.seats}: "
                "every district needs at least one seat"
            )
        for name in ("bonus_seats", "majority_seats"):
            value = getattr(self, name)
            if value is not None and value > self.seats:
                raise ValueError(
                    f"field {name!r} = {value} is more than field 'seats' = {self.seats}"
                )
        bonus = self.bonus_seats or self.majority_seats
        if bonus and self.districts != 1:
            raise ValueError(
                "fields 'bonus_seats' and 'majority_seats' need field 'districts' = 1 "
                f"(a nationwide bonus); got districts = {self.districts}"
            )
        if self.bonus_threshold is not None and not bonus:
            raise ValueError("field 'bonus_threshold' needs 'bonus_seats' or 'majority_seats'")
        return self


_LIST_OPTIONAL = (
    "coalition_thresholds",
    "exempt_minorities",
    "bonus_seats",
    "majority_seats",
    "bonus_threshold",
)
#: Most candidates who may go to a second round (France's rule admits everyone over
#: 12.5% of the registered, at most 8 in theory; the leaders kept are 2 in practice).
MAX_RUNOFF_SIZE = 1000


class SingleMemberTier(_Row):
    """A tier of single-member districts decided by ``formula``.

    Parameters
    ----------
    seats : int
        Districts.
    formula : {"plurality", "two_round"}
        ``two_round`` is simulated as two rounds (:func:`govsim.electoral.two_round`).
    majority_registered : float, optional
        Two rounds only: share of the registered voters a first-round winner needs
        besides an absolute majority of the votes (France: 0.25).
    qualify_registered : float, optional
        Two rounds only: candidates with this share of the registered voters go to the
        second round (France: 0.125); unset: only the ``runoff_size`` leaders.
    runoff_size : int, optional
        Two rounds only: the leaders always in the second round (default 2), at most
        ``MAX_RUNOFF_SIZE``.
    """

    type: Literal["single_member"] = "single_member"
    seats: Int = Field(ge=1, le=MAX_SEATS)
    formula: Literal["plurality", "two_round"] = "plurality"
    majority_registered: Float | None = Field(default=None, ge=0.0, lt=1.0)
    qualify_registered: Float | None = Field(default=None, gt=0.0, lt=1.0)
    runoff_size: Int | None = Field(default=None, ge=1, le=MAX_RUNOFF_SIZE)

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        return _repr_set(self, _RUNOFF_OPTIONAL)

    @model_validator(mode="after")
    def _runoff_only(self) -> SingleMemberTier:
        if self.formula != "two_round":
            for name in _RUNOFF_OPTIONAL:
                if getattr(self, name) is not None:
                    raise ValueError(
                        f"field {name!r} needs field 'formula' = 'two_round'; "
                        f"got formula = {self.formula!r}"
                    )
        return self


_RUNOFF_OPTIONAL = ("majority_registered", "qualify_registered", "runoff_size")


Tier = Annotated[ListTier | SingleMemberTier, Field(discriminator="type")]


class ElectoralSystem(_Row):
    """How the voters fill a body's popularly elected seats, tier by tier.

    ``body`` is the institution id; seats filled otherwise (appointed, indirectly
    elected) are relations of the graph, not tiers.
    """

    body: Id
    tiers: tuple[Tier, ...] = Field(min_length=1)

    @property
    def seats(self) -> int:
        """Seats filled by all tiers together."""
        return sum(t.seats for t in self.tiers)


def _rule_kind(value: object) -> object:
    # A closed vocabulary: an unknown kind lists the known ones (and the nearest).
    if isinstance(value, RuleKind) or not isinstance(value, str):
        return value
    if value in {k.value for k in RuleKind}:
        return value
    import difflib

    known = [k.value for k in RuleKind]
    close = difflib.get_close_matches(value, known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise PydanticCustomError(
        "rule_kind",
        "unknown rule kind {kind}.{hint} Known kinds: {known}",
        {"kind": repr(value), "hint": hint, "known": ", ".join(known)},
    )


class Rule(_Row):
    """A rule recorded in the polity that has no edge of its own.

    ``kind`` is a :class:`~govsim.model.RuleKind`; each kind says whether it needs a
    ``subject`` (an institution id) and what type its ``value`` has
    (:data:`~govsim.model.kinds.RULE_PARAMETERS`). Examples:
    ``Rule(kind="party_membership_ban", subject="president")``,
    ``Rule(kind="party_registration_threshold", value=5000)``.
    """

    kind: Annotated[RuleKind, BeforeValidator(_rule_kind)]
    subject: Id | None = None
    value: bool | int | float | str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _parameters(self) -> Rule:
        value, kind = self.value, self.kind
        if isinstance(value, float) and value != value:
            raise ValueError(f"field 'value' of a rule of kind {kind.value!r} must not be NaN")
        spec = RULE_PARAMETERS[kind]
        if spec.subject is True and self.subject is None:
            raise ValueError(
                f"a rule of kind {kind.value!r} needs field 'subject' (an institution id)"
            )
        expected = {
            "none": "no value",
            "share": "a number in (0, 1]",
            "count": "a whole number >= 1",
            "id": "an institution id",
            "text": "a text",
        }[spec.value]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        ok = {
            "none": value is None,
            "share": number and 0.0 < float(value) <= 1.0,  # type: ignore[arg-type]
            "count": isinstance(value, int) and not isinstance(value, bool) and value >= 1,
            "id": isinstance(value, str) and value.strip() == value and value != "",
            "text": isinstance(value, str) and value != "",
        }[spec.value]
        if not ok:
            raise ValueError(
                f"field 'value' of a rule of kind {kind.value!r} must be {expected}. Got {value!r} instead"
            )
        return self

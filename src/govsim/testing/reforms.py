"""The reform contract suite and hypothesis strategies of reforms.

:func:`check_reform` is what every registered reform must pass, on any polity (in
the style of scikit-learn's ``check_estimator``): the input is unchanged, the
output is a valid polity, the result is deterministic, the reform and the output
round-trip through JSON and pickle, the declared traits hold, and a reform that
cannot apply raises :class:`govsim.ReformError` naming itself (never another
exception). :func:`reforms` draws reforms of every registered kind with ids from a
pool; :func:`reforms_for` draws them with parameters fitted to one polity, so that
most apply (and one in :data:`POOL_EVERY` takes the pool's, for the error path).
:func:`invalid_values` and :func:`check_invalid_parameter` are the common checks
of parameters: every bad value of every declared field is refused with a govsim
error naming the field.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from govsim.errors import GovsimError, ReformError
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import ListTier, Relation, SingleMemberTier, TermRule
from govsim.reforms import REGISTRY, TRAITS, Change, Reform, Selector

__all__ = [
    "HUGE_INT",
    "LAZY_FIELDS",
    "POOL_EVERY",
    "STRATEGIES",
    "TraitLog",
    "check_invalid_parameter",
    "check_reform",
    "check_traits",
    "eager_change",
    "invalid_values",
    "observe_traits",
    "polities_and_reforms",
    "reforms",
    "reforms_for",
]

_T = TypeVar("_T")

#: The fields of :class:`govsim.reforms.Change` that ``diff`` fills with lazy sequences.
LAZY_FIELDS = (
    "territories_added",
    "territories_removed",
    "institutions_added",
    "institutions_removed",
    "relations_added",
    "relations_removed",
    "relations_changed",
)


def eager_change(change: Change) -> Change:
    """The same change with every lazy sequence built into a plain tuple of its items.

    What ``diff`` returned before its sequences became lazy: the tests and
    ``benchmarks/bench_diff.py`` compare the two.
    """
    built: dict[str, Any] = {f: tuple(getattr(change, f)) for f in LAZY_FIELDS}
    return replace(change, **built)


# -- the contract --------------------------------------------------------------------------------
def _snapshot(p: Polity) -> Polity:
    copy: Polity = pickle.loads(pickle.dumps(p))
    return copy


def observe_traits(reform: Reform, before: Polity, after: Polity) -> dict[str, bool]:
    """Which traits of :data:`govsim.reforms.TRAITS` hold for ``before -> after``.

    ``idempotent`` holds when applying the reform to its own output gives the
    output back; a :class:`govsim.ReformError` on that second application counts as
    not idempotent.
    """
    ib, ia = before.institution_table.id, after.institution_table.id
    tb, ta = before.territory_table.id, after.territory_table.id
    tables_kept = (
        after.territory_table.equals(before.territory_table)
        and after.institution_table.equals(before.institution_table)
        and after.relation_table.equals(before.relation_table)
    )
    out = {
        "keeps_institutions": bool(np.isin(ib, ia).all()),
        "keeps_territories": bool(np.isin(tb, ta).all()),
        "no_new_institutions": bool(np.isin(ia, ib).all()),
        "no_new_territories": bool(np.isin(ta, tb).all()),
        "keeps_relations": after.relation_table.equals(before.relation_table),
        "conserves_population": _population_conserved(before, after),
        "rules_only": tables_kept,
    }
    try:
        out["idempotent"] = reform.apply(after) == after
    except ReformError:
        out["idempotent"] = False
    missing = set(TRAITS) - set(out)
    assert not missing, f"observe_traits has no check for the traits {sorted(missing)}"
    return out


def check_traits(reform: Reform, before: Polity, after: Polity) -> dict[str, bool]:
    """Assert that every trait ``reform`` holds (``traits``) holds for ``before -> after``.

    Returns what :func:`observe_traits` saw, so that a caller can collect
    counterexamples to the traits the reform lacks (see :class:`TraitLog`).
    """
    cls = type(reform)
    undeclared = set(TRAITS) - set(cls.traits) - set(cls.lacks)
    assert not undeclared, (
        f"{reform.name}: traits {sorted(undeclared)} declared neither held nor lacked"
    )
    seen = observe_traits(reform, before, after)
    for trait in sorted(cls.traits):
        assert seen[trait], f"{reform.name}: declared trait {trait!r} does not hold"
    return seen


class TraitLog:
    """Counterexamples to the traits reforms lack, collected over many applications.

    A trait a reform declares it lacks should fail somewhere: if it never does on
    many random applications, either the declaration is wrong (the trait holds) or
    the strategies never reach the case. :meth:`unrefuted` lists such traits.
    """

    def __init__(self) -> None:
        self.applied: Counter[str] = Counter()
        self.refuted: dict[str, Counter[str]] = {}

    def record(self, reform: Reform, seen: dict[str, bool]) -> None:
        self.applied[reform.name] += 1
        counts = self.refuted.setdefault(reform.name, Counter())
        for trait, held in seen.items():
            if not held:
                counts[trait] += 1

    def unrefuted(self, name: str) -> set[str]:
        """The traits reform ``name`` lacks that no recorded application contradicted."""
        lacks = REGISTRY[name].lacks
        return {t for t in lacks if not self.refuted.get(name, Counter())[t]}


def _population_conserved(before: Polity, after: Polity) -> bool:
    """At each level whose populations are all known before: all known after, same total."""
    tb, ta = before.territory_table, after.territory_table
    for code in range(len(Level)):
        pb = tb.population[tb.level == code]
        pa = ta.population[ta.level == code]
        all_known = pb.shape[0] and (pb >= 0).all()
        if all_known and not ((pa >= 0).all() and pa.sum() == pb.sum()):
            return False
    return True


def check_reform(reform: Reform, polity: Polity, log: TraitLog | None = None) -> Polity | None:
    """Run the reform contract on one polity; return the reformed polity (None if inapplicable).

    Every trait the reform holds is checked on the result; with a :class:`TraitLog`,
    what was seen of the traits it lacks is recorded there.

    Raises
    ------
    AssertionError
        Naming the broken clause.
    """
    name = type(reform).name
    assert name, f"{type(reform).__name__} has no registry name"
    assert REGISTRY.get(name) is type(reform), f"{type(reform).__name__} is not registered"
    # the reform itself: JSON (what scenario files and ensembles use) and pickle round-trips
    again = type(reform).model_validate_json(reform.model_dump_json())
    assert again == reform, f"{name}: JSON round-trip changed the reform"
    assert pickle.loads(pickle.dumps(reform)) == reform, f"{name}: pickle round-trip"
    snapshot = _snapshot(polity)
    message: str | None
    try:
        out = reform.apply(polity)
    except ReformError as exc:
        message = str(exc)
    else:
        message = None
    if message is not None:
        assert name in message, f"{name}: the ReformError does not name the reform: {message}"
        assert polity == snapshot, f"{name}: a failed apply changed its input"
        return None
    assert polity == snapshot, f"{name}: apply changed its input"
    assert isinstance(out, Polity)
    assert reform.apply(polity) == out, f"{name}: not deterministic"
    assert again.apply(polity) == out, f"{name}: the JSON round-tripped reform acts differently"
    # the output re-validates from its document form, and pickles
    assert Polity.from_document(out.to_dict()) == out, f"{name}: output does not round-trip"
    assert pickle.loads(pickle.dumps(out)) == out, f"{name}: output does not pickle"
    seen = check_traits(reform, polity, out)
    if log is not None:
        log.record(reform, seen)
    assert polity == snapshot, f"{name}: checking traits changed the input"
    return out


# -- strategies ----------------------------------------------------------------------------------
_KINDS = [k.value for k in InstitutionKind]
_LEVELS = [lv.value for lv in Level]
_RKINDS = [k.value for k in RelationKind]


def _pool(ids: Sequence[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(list(ids))


def _subset(
    ids: Sequence[str], max_size: int = 3, min_size: int = 0
) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(_pool(ids), min_size=min_size, max_size=max_size, unique=True).map(tuple)


def _selectors(ids: Sequence[str], territories: Sequence[str]) -> st.SearchStrategy[Selector]:
    kinds = st.sampled_from(_KINDS).map(lambda k: (k,))
    levels = st.sampled_from(_LEVELS).map(lambda lv: (lv,))
    return st.one_of(
        _subset(ids, 3, 1).map(lambda x: Selector(ids=x)),
        kinds.map(lambda k: Selector(kind=k)),
        st.builds(lambda k, lv: Selector(kind=k, level=lv), kinds, levels),
        st.builds(lambda k, w: Selector(kind=k, within=w), kinds, _subset(territories, 2, 1)),
    )


def _strategies(
    ids: Sequence[str], territories: Sequence[str]
) -> dict[str, st.SearchStrategy[Reform]]:
    from govsim import reforms as R

    one = _pool(ids)
    sel = _selectors(ids, territories)

    def maybe(s: st.SearchStrategy[_T]) -> st.SearchStrategy[_T | None]:
        return st.none() | s

    rel = st.builds(
        lambda s, t, k: Relation(source=s, target=t, kind=k),
        one | st.just("new_body"),
        one | st.just("new_body"),
        st.sampled_from(_RKINDS),
    )
    tiers = st.one_of(
        st.integers(1, 20).map(lambda n: (ListTier(seats=n, threshold=0.05),)),
        st.tuples(st.integers(1, 10), st.integers(1, 10)).map(
            lambda ab: (ListTier(seats=ab[0]), SingleMemberTier(seats=ab[1]))
        ),
    )
    return {
        "term_limit": st.builds(
            R.TermLimit, office=sel, years=st.integers(1, 10), max_terms=maybe(st.integers(1, 3))
        ),
        "resize_body": st.builds(R.ResizeBody, body=sel, seats=st.integers(1, 120)),
        "establish_institution": st.builds(
            R.EstablishInstitution,
            id=st.just("new_body") | one,
            institution_name=st.just("New body"),
            kind=st.sampled_from(_KINDS),
            level=st.sampled_from(_LEVELS),
            territory=maybe(_pool(territories)),
            seats=st.integers(1, 20),
            relations=st.lists(rel, max_size=3).map(tuple),
            replaces=maybe(one),
            inherit=st.lists(st.sampled_from(_RKINDS), max_size=2, unique=True).map(tuple),
        ),
        "constitutional_court": st.builds(
            R.ConstitutionalCourt,
            replaces=maybe(one),
            head_of_state=one,
            upper_chamber=one,
            lower_chamber=one,
            head_of_state_seats=st.integers(1, 6),
            upper_seats=st.integers(0, 3),
            lower_seats=st.integers(0, 3),
            chair_consent=st.booleans(),
            petitioners=_subset(ids),
            citizens=maybe(one),
            reviews=maybe(_subset(ids)),
        ),
        "constitutional_ombudsman": st.builds(
            R.ConstitutionalOmbudsman,
            office=one,
            head_of_state=one,
            upper_chamber=one,
            senate_elects=st.booleans(),
            immunity=st.booleans(),
            court=maybe(one),
        ),
        "establish_consultative_body": st.builds(
            R.EstablishConsultativeBody, appointer=one, advises=_subset(ids, 2)
        ),
        "appointment_quota": st.builds(
            R.AppointmentQuota,
            body=one,
            appointer=one,
            seats=st.integers(0, 20),
            kind=maybe(st.sampled_from(["appoints", "elects"])),
            nominated_by=maybe(one),
            nominated_seats=maybe(st.integers(1, 5)),
            resize=st.booleans(),
        ),
        "consent_requirement": st.builds(
            R.ConsentRequirement,
            offices=sel,
            consenting_body=maybe(one),
            consenting_kind=st.sampled_from(_KINDS),
        ),
        "remove_power": st.builds(
            R.RemovePower,
            source=sel,
            kind=st.sampled_from(_RKINDS),
            targets=maybe(sel),
            strict=st.booleans(),
        ),
        "chamber_approval": st.builds(
            R.ChamberApproval,
            lower_chamber=one,
            upper_chamber=one,
            drop_upper_adoption=st.booleans(),
            override_threshold=maybe(st.sampled_from([0.5, 2 / 3])),
        ),
        "direct_election": st.one_of(
            st.builds(
                R.DirectElection,
                offices=sel,
                share=st.floats(0, 1),
                territories=maybe(_subset(territories, 2, 1)),
                appointer=st.sampled_from(["dismissal", "consent", "nothing"]),
                create_electorates=st.booleans(),
            ),
            st.builds(R.DirectElection, offices=sel, seats=st.integers(1, 60)),
        ),
        "electoral_system_change": st.one_of(
            st.builds(
                R.ElectoralSystemChange,
                body=sel,
                tiers=tiers,
                district_electorates=st.booleans(),
            ),
            st.builds(R.ElectoralSystemChange, body=sel, list_share=st.floats(0, 1)),
        ),
        "electoral_threshold": st.builds(
            R.ElectoralThreshold, body=one, threshold=st.sampled_from([0.0, 0.03, 0.05, 0.07])
        ),
        "split_region": st.builds(
            R.SplitRegion,
            region=_pool(territories),
            new_region=st.just("t_new"),
            region_name=st.just("New region"),
            capital=maybe(st.just("Centre")),
            districts=_subset(territories, 3, 1),
            population=maybe(st.integers(0, 10**5)),
            grow_bodies=st.booleans(),
        ),
        "merge_regions": st.builds(
            R.MergeRegions,
            regions=_subset(territories, 2, 1),
            into=_pool(territories),
            shrink_bodies=st.booleans(),
        ),
        "nepotism_ban": st.builds(R.NepotismBan, office=one, targets=maybe(sel)),
        "party_membership_ban": st.builds(R.PartyMembershipBan, office=one),
        "party_registration_threshold": st.builds(
            R.PartyRegistrationThreshold,
            members=st.integers(1, 50_000),
            regional_branch=maybe(st.integers(1, 600)),
        ),
    }


#: The names :func:`reforms` can draw (a test checks it covers the registry).
STRATEGIES: tuple[str, ...] = tuple(sorted(_strategies(["x"], ["t"])))


def reforms(
    ids: Sequence[str] | None = None,
    territories: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
) -> st.SearchStrategy[Reform]:
    """Random reforms of the registered kinds, with ids drawn from pools.

    Parameters
    ----------
    ids, territories : sequences of str, optional
        Institution and territory ids to draw from; the defaults match the ids of
        :func:`govsim.testing.polities` (``n0``.. ``n29``, ``t0``.. ``t9``).
    names : sequence of str, optional
        Restrict to these registry names.
    """
    ids = list(ids) if ids is not None else [f"n{k}" for k in range(30)]
    territories = list(territories) if territories is not None else [f"t{k}" for k in range(10)]
    table = _strategies(ids, territories)
    chosen = sorted(table) if names is None else list(names)
    return st.one_of([table[n] for n in chosen])


# -- strategies fitted to a polity ---------------------------------------------------------------
#: How often :func:`reforms_for` draws parameters from the pool strategies (ids
#: anywhere in the polity, or unknown) instead of fitted ones: 1 in this many draws,
#: so that the error path stays covered.
POOL_EVERY = 8

_GHOST = "no_such_id"  # an id no drawn polity holds


@dataclass(frozen=True)
class _View:
    """The columns of one polity the fitted strategies read, as plain arrays."""

    polity: Polity
    ids: list[str]
    kind: np.ndarray  # institution kind codes
    level: np.ndarray
    terr: np.ndarray  # territory row of each institution (-1: none)
    seats: np.ndarray
    fill: np.ndarray  # seats filled by explicit elects/appoints channels
    system: np.ndarray  # seats of each body's electoral system (0: none)
    lists: list[str]  # bodies with a party-list tier
    t_ids: list[str]
    t_parent: np.ndarray
    t_level: np.ndarray
    t_pop: np.ndarray
    src: np.ndarray
    tgt: np.ndarray
    rkind: np.ndarray
    rseats: np.ndarray

    @classmethod
    def of(cls, polity: Polity) -> _View:
        inst, terr, rel = polity.institution_table, polity.territory_table, polity.relation_table
        n = len(inst)
        chain = np.isin(rel.kind, [RelationKind.ELECTS.code, RelationKind.APPOINTS.code])
        chain &= rel.seats > 0
        fill = np.bincount(rel.target[chain], weights=rel.seats[chain], minlength=n)
        system = np.zeros(n, dtype=np.int64)
        lists = []
        for s in polity.electoral_systems:
            system[polity.index_of(s.body)[0]] = s.seats
            if any(t.type == "list" for t in s.tiers):
                lists.append(s.body)
        return cls(
            polity=polity,
            ids=[str(i) for i in inst.id],
            kind=np.asarray(inst.kind, dtype=np.int64),
            level=np.asarray(inst.level, dtype=np.int64),
            terr=np.asarray(inst.territory, dtype=np.int64),
            seats=np.asarray(inst.seats, dtype=np.int64),
            fill=fill.astype(np.int64),
            system=system,
            lists=lists,
            t_ids=[str(t) for t in terr.id],
            t_parent=np.asarray(terr.parent, dtype=np.int64),
            t_level=np.asarray(terr.level, dtype=np.int64),
            t_pop=np.asarray(terr.population, dtype=np.int64),
            src=np.asarray(rel.source, dtype=np.int64),
            tgt=np.asarray(rel.target, dtype=np.int64),
            rkind=np.asarray(rel.kind, dtype=np.int64),
            rseats=np.asarray(rel.seats, dtype=np.int64),
        )

    @property
    def n(self) -> int:
        return len(self.ids)

    def kind_name(self, row: int) -> str:
        return _KINDS[int(self.kind[row])]

    def level_name(self, row: int) -> str:
        return _LEVELS[int(self.level[row])]


def _feeds_system(v: _View) -> np.ndarray:
    """Mask over relations: ``elects`` from an electorate to a body with an electoral system
    (removing one may leave the system with no electorate, which is invalid)."""
    voters: NDArray[np.bool_] = v.kind == InstitutionKind.ELECTORATE.code
    feeds: NDArray[np.bool_] = (
        (v.rkind == RelationKind.ELECTS.code) & voters[v.src] & (v.system[v.tgt] > 0)
    )
    return feeds


def _row(draw: st.DrawFn, v: _View, rows: Sequence[int] | None = None) -> int:
    pool = list(range(v.n)) if rows is None else list(rows)
    return int(draw(st.sampled_from(pool)))


def _other(draw: st.DrawFn, v: _View, *not_rows: int) -> str:
    """An institution id other than those of ``not_rows`` (any id if there is no other)."""
    rest = [k for k in range(v.n) if k not in not_rows] or list(range(v.n))
    return v.ids[_row(draw, v, rest)]


def _ids(
    draw: st.DrawFn, v: _View, max_size: int = 3, exclude: Sequence[int] = ()
) -> tuple[str, ...]:
    pool = [v.ids[k] for k in range(v.n) if k not in exclude]
    if not pool:
        return ()
    return tuple(draw(st.lists(st.sampled_from(pool), max_size=max_size, unique=True)))


def _fitted_selector(draw: st.DrawFn, v: _View, rows: Sequence[int] | None = None) -> Selector:
    """A selector that selects at least one institution (of ``rows``, when given)."""
    r = _row(draw, v, rows)
    way = draw(st.integers(0, 3))
    if way == 1:
        return Selector(kind=(v.kind_name(r),))
    if way == 2:
        return Selector(kind=(v.kind_name(r),), level=(v.level_name(r),))
    if way == 3 and v.terr[r] >= 0:
        return Selector(kind=(v.kind_name(r),), within=(v.t_ids[int(v.terr[r])],))
    extra = _ids(draw, v, 2) if rows is None else ()
    return Selector(ids=tuple(dict.fromkeys((v.ids[r], *extra))))


def _maybe(draw: st.DrawFn, value: Any) -> Any:
    return value if draw(st.booleans()) else None


@st.composite
def _term_limit(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    return R.TermLimit(
        office=_fitted_selector(draw, v),
        years=draw(st.integers(1, 10)),
        max_terms=draw(st.none() | st.integers(1, 3)),
        consecutive_only=draw(st.booleans()),
        exempt_incumbent=draw(st.booleans()),
    )


@st.composite
def _resize_body(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    body = _fitted_selector(draw, v)
    rows = body.rows(v.polity)
    need = max(1, int(v.fill[rows].max()), int(v.system[rows].max()))
    return R.ResizeBody(body=body, seats=draw(st.integers(need, need + 60)))


@st.composite
def _establish_institution(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    feeds = _feeds_system(v)
    keep = set(v.src[feeds].tolist()) | set(np.flatnonzero(v.system > 0).tolist())
    removable = [k for k in range(v.n) if k not in keep]
    replaces = draw(st.none() | st.sampled_from(removable)) if removable else None
    new = v.ids[replaces] if replaces is not None and draw(st.booleans()) else "new_body"
    others = [k for k in range(v.n) if k != replaces]
    relations = []
    for _ in range(draw(st.integers(0, 3)) if others else 0):
        other = v.ids[_row(draw, v, others)]
        kind = draw(st.sampled_from(_RKINDS))
        pair = (new, other) if draw(st.booleans()) else (other, new)
        relations.append(Relation(source=pair[0], target=pair[1], kind=kind))
    return R.EstablishInstitution(
        id=new,
        institution_name="New body",
        kind=draw(st.sampled_from(_KINDS)),
        level=draw(st.sampled_from(_LEVELS)),
        territory=draw(st.none() | st.sampled_from(v.t_ids)) if v.t_ids else None,
        seats=draw(st.integers(1, 20)),
        relations=tuple(relations),
        replaces=None if replaces is None else v.ids[replaces],
        inherit=tuple(draw(st.lists(st.sampled_from(_RKINDS), max_size=2, unique=True))),
    )


@st.composite
def _constitutional_court(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    replaces = draw(st.none() | st.integers(0, v.n - 1))
    keep = [k for k in range(v.n) if k != replaces] or [0]

    def one() -> str:
        return v.ids[_row(draw, v, keep)]

    gone = () if replaces is None else (replaces,)
    return R.ConstitutionalCourt(
        replaces=None if replaces is None else v.ids[replaces],
        head_of_state=one(),
        upper_chamber=one(),
        lower_chamber=one(),
        head_of_state_seats=draw(st.integers(1, 6)),
        upper_seats=draw(st.integers(0, 3)),
        lower_seats=draw(st.integers(0, 3)),
        chair_consent=draw(st.booleans()),
        petitioners=_ids(draw, v, 3, gone),
        citizens=_maybe(draw, one()),
        reviews=_maybe(draw, _ids(draw, v, 2, gone)),
        term_years=draw(st.integers(1, 12)),
    )


@st.composite
def _constitutional_ombudsman(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    o = _row(draw, v)
    return R.ConstitutionalOmbudsman(
        office=v.ids[o],
        head_of_state=_other(draw, v, o),
        upper_chamber=_other(draw, v, o),
        senate_elects=draw(st.booleans()),
        immunity=draw(st.booleans()),
        court=_maybe(draw, _other(draw, v, o)),
        term_years=draw(st.none() | st.integers(1, 10)),
    )


@st.composite
def _establish_consultative_body(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    return R.EstablishConsultativeBody(
        appointer=v.ids[_row(draw, v)],
        advises=_ids(draw, v, 2),
        seats=draw(st.integers(1, 20)),
        level=draw(st.sampled_from(_LEVELS)),
    )


@st.composite
def _appointment_quota(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    chain = np.isin(v.rkind, [RelationKind.ELECTS.code, RelationKind.APPOINTS.code])
    n = max(v.n, 1)
    pair_key = v.src * n + v.tgt
    counts = Counter(pair_key[chain].tolist())
    # an existing channel that records its seats and is the only one of its pair, or a new pair
    single = [
        int(e) for e in np.flatnonzero(chain & (v.rseats > 0)) if counts[int(pair_key[e])] == 1
    ]
    reuse: bool = draw(st.booleans())
    if single and reuse:
        e = int(draw(st.sampled_from(single)))
        a, b, old = int(v.src[e]), int(v.tgt[e]), int(v.rseats[e])
        kind = draw(st.sampled_from([None, _RKINDS[int(v.rkind[e])]]))
    else:
        free = [(a, b) for a in range(v.n) for b in range(v.n) if a != b and not counts[a * n + b]]
        a, b = draw(st.sampled_from(free)) if free else (0, 0)
        old = 0
        kind = draw(st.sampled_from([None, "appoints", "elects"]))
    resize = draw(st.booleans())
    if resize:
        low = max(0, int(v.system[b]) - int(v.seats[b]) + old, 1 - int(v.seats[b]) + old)
        seats = draw(st.integers(low, old + 20))
    else:
        seats = draw(st.integers(0, max(0, int(v.seats[b] - v.fill[b]) + old)))
    nominated = seats > 0 and a != b and draw(st.booleans())
    return R.AppointmentQuota(
        body=v.ids[b],
        appointer=v.ids[a],
        seats=seats,
        kind=kind,
        nominated_by=_other(draw, v, b) if nominated else None,
        nominated_seats=draw(st.none() | st.integers(1, seats)) if nominated else None,
        resize=resize,
    )


@st.composite
def _consent_requirement(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    if draw(st.integers(0, 3)) == 0:
        # the consenting body of each office is found by kind in its territory
        seated = [k for k in range(v.n) if v.terr[k] >= 0]
        pairs = [(k, j) for k in seated for j in seated if j != k and v.terr[j] == v.terr[k]]
        if pairs:
            k, j = draw(st.sampled_from(pairs))
            return R.ConsentRequirement(
                offices=Selector(ids=(v.ids[k],)), consenting_kind=v.kind_name(j)
            )
    offices = _fitted_selector(draw, v)
    rows = set(offices.rows(v.polity).tolist())
    if len(rows) == v.n > 1:  # leave someone to consent
        offices = Selector(ids=(v.ids[_row(draw, v)],))
        rows = set(offices.rows(v.polity).tolist())
    return R.ConsentRequirement(offices=offices, consenting_body=_other(draw, v, *rows))


@st.composite
def _remove_power(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    if v.src.shape[0] == 0:
        return R.RemovePower(
            source=_fitted_selector(draw, v), kind=draw(st.sampled_from(_RKINDS)), strict=False
        )
    edges = np.flatnonzero(~_feeds_system(v))
    e = int(draw(st.sampled_from(edges.tolist()))) if edges.shape[0] else 0
    s, t = int(v.src[e]), int(v.tgt[e])
    targets = draw(st.sampled_from([None, Selector(ids=(v.ids[t],))]))
    return R.RemovePower(
        source=_fitted_selector(draw, v, [s]),
        kind=_RKINDS[int(v.rkind[e])],
        targets=targets,
        strict=draw(st.booleans()),
    )


@st.composite
def _chamber_approval(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    lo = _row(draw, v)
    return R.ChamberApproval(
        lower_chamber=v.ids[lo],
        upper_chamber=_other(draw, v, lo),
        drop_upper_adoption=draw(st.booleans()),
        override_threshold=draw(st.sampled_from([None, 0.5, 2 / 3, 1.0])),
    )


@st.composite
def _direct_election(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    voters = v.kind == InstitutionKind.ELECTORATE.code
    elected = np.zeros(v.n, dtype=bool)  # offices an electorate elects already stay as they are
    elected[v.tgt[(v.rkind == RelationKind.ELECTS.code) & voters[v.src]]] = True
    candidates = [k for k in range(v.n) if not (voters[k] or elected[k])] or None
    offices = _fitted_selector(draw, v, candidates)
    rows = offices.rows(v.polity)
    common: dict[str, Any] = {
        "offices": offices,
        "appointer": draw(st.sampled_from(["dismissal", "consent", "nothing"])),
        "create_electorates": draw(st.integers(0, 5)) > 0,
    }
    seated = sorted({v.t_ids[int(t)] for t in v.terr[rows] if t >= 0})
    if seated and draw(st.integers(0, 3)) == 0:
        common["territories"] = tuple(
            draw(st.lists(st.sampled_from(seated), min_size=1, max_size=2, unique=True))
        )
    if draw(st.booleans()):
        return R.DirectElection(share=draw(st.floats(0, 1)), **common)
    total = int(v.seats[rows].sum())
    return R.DirectElection(seats=draw(st.integers(1, max(1, total))), **common)


@st.composite
def _electoral_system_change(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    electorate = InstitutionKind.ELECTORATE.code
    popular = (v.rkind == RelationKind.ELECTS.code) & (v.kind[v.src] == electorate)
    voted_in = {int(t) for t in v.terr[v.kind == electorate] if t >= 0}
    bodies = [
        k
        for k in range(v.n)
        if v.kind[k] != electorate and (popular[v.tgt == k].any() or int(v.terr[k]) in voted_in)
    ]
    if not bodies:
        bodies = list(range(v.n))
    body = draw(st.lists(st.sampled_from(bodies), min_size=1, max_size=2, unique=True))
    other_channel = (
        np.isin(v.rkind, [RelationKind.ELECTS.code, RelationKind.APPOINTS.code])
        & (v.rseats > 0)
        & ~popular
    )
    other = np.bincount(v.tgt[other_channel], weights=v.rseats[other_channel], minlength=v.n)
    room = max(1, int(min(v.seats[b] - other[b] for b in body)))
    selector = Selector(ids=tuple(v.ids[b] for b in body))
    if draw(st.booleans()):
        n_list = draw(st.integers(1, room))
        tiers: list[Any] = [ListTier(seats=n_list, threshold=draw(st.sampled_from([0.0, 0.05])))]
        if n_list < room and draw(st.booleans()):
            tiers.append(SingleMemberTier(seats=draw(st.integers(1, room - n_list))))
        return R.ElectoralSystemChange(
            body=selector, tiers=tuple(tiers), district_electorates=draw(st.booleans())
        )
    return R.ElectoralSystemChange(
        body=selector,
        list_share=draw(st.floats(0, 1)),
        district_electorates=draw(st.booleans()),
    )


@st.composite
def _electoral_threshold(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    body = draw(st.sampled_from(v.lists)) if v.lists else v.ids[_row(draw, v)]
    return R.ElectoralThreshold(body=body, threshold=draw(st.sampled_from([0.0, 0.03, 0.05, 0.07])))


def _parents_with_children(v: _View, at_least: int) -> list[int]:
    counts = Counter(int(p) for p in v.t_parent if p >= 0)
    return sorted(p for p, c in counts.items() if c >= at_least)


@st.composite
def _split_region(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    regions = _parents_with_children(v, 2) or list(range(len(v.t_ids)))
    # prefer regions that seat offices at their own level, or electorates (they are cloned)
    voters = v.kind == InstitutionKind.ELECTORATE.code
    seating = [t for t in regions if ((v.terr == t) & ((v.level == v.t_level[t]) | voters)).any()]
    prefer: bool = draw(st.booleans())
    reg = int(draw(st.sampled_from(seating if seating and prefer else regions)))
    children = [k for k in range(len(v.t_ids)) if v.t_parent[k] == reg]
    moved = draw(
        st.lists(
            st.sampled_from(children or [reg]),
            min_size=1,
            max_size=max(1, len(children) - 1),
            unique=True,
        )
    )
    pop_old = int(v.t_pop[reg])
    population = draw(st.integers(0, pop_old)) if pop_old >= 0 else None
    return R.SplitRegion(
        region=v.t_ids[reg],
        new_region="t_new",
        region_name="New region",
        capital=draw(st.none() | st.just("Centre")),
        districts=tuple(v.t_ids[k] for k in moved),
        population=population,
        grow_bodies=draw(st.integers(0, 3)) > 0,
    )


@st.composite
def _merge_regions(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    n_t = len(v.t_ids)
    key = v.t_parent * 8 + v.t_level
    siblings = [k for k in range(n_t) if (key == key[k]).sum() >= 2] or list(range(n_t))
    into = int(draw(st.sampled_from(siblings)))
    rest = [k for k in range(n_t) if key[k] == key[into] and k != into] or [into]
    regions = draw(st.lists(st.sampled_from(rest), min_size=1, max_size=2, unique=True))
    return R.MergeRegions(
        regions=tuple(v.t_ids[k] for k in regions),
        into=v.t_ids[into],
        shrink_bodies=draw(st.integers(0, 3)) > 0,
    )


def _patrons(v: _View, parties: bool = False) -> list[int]:
    """Rows that hold a ``patronage`` tie (with a party, if ``parties``), else every row."""
    tie = v.rkind == RelationKind.PATRONAGE.code
    if parties:
        party = InstitutionKind.PARTY.code
        a, b = v.src[tie & (v.kind[v.tgt] == party)], v.tgt[tie & (v.kind[v.src] == party)]
    else:
        a, b = v.src[tie], v.tgt[tie]
    rows = sorted({int(x) for x in np.concatenate([a, b])})
    return rows or list(range(v.n))


@st.composite
def _nepotism_ban(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    o = _row(draw, v, _patrons(v))
    return R.NepotismBan(office=v.ids[o], targets=_maybe(draw, _fitted_selector(draw, v)))


@st.composite
def _party_membership_ban(draw: st.DrawFn, /, v: _View) -> Reform:
    from govsim import reforms as R

    return R.PartyMembershipBan(office=v.ids[_row(draw, v, _patrons(v, parties=True))])


_FITTED: dict[str, Callable[[_View], st.SearchStrategy[Reform]]] = {
    "term_limit": _term_limit,
    "resize_body": _resize_body,
    "establish_institution": _establish_institution,
    "constitutional_court": _constitutional_court,
    "constitutional_ombudsman": _constitutional_ombudsman,
    "establish_consultative_body": _establish_consultative_body,
    "appointment_quota": _appointment_quota,
    "consent_requirement": _consent_requirement,
    "remove_power": _remove_power,
    "chamber_approval": _chamber_approval,
    "direct_election": _direct_election,
    "electoral_system_change": _electoral_system_change,
    "electoral_threshold": _electoral_threshold,
    "split_region": _split_region,
    "merge_regions": _merge_regions,
    "nepotism_ban": _nepotism_ban,
    "party_membership_ban": _party_membership_ban,
}
#: Reforms whose parameters concern territories, not institutions.
_TERRITORIAL = frozenset({"split_region", "merge_regions"})


def reforms_for(polity: Polity, names: Sequence[str] | None = None) -> st.SearchStrategy[Reform]:
    """Random reforms with parameters drawn from ``polity``, so that most of them apply.

    Ids, selectors, seat counts and territories are chosen from what the polity
    holds (a body is resized to at least the seats its channels fill, a region is
    split into a proper subset of its children, ...); one draw in
    :data:`POOL_EVERY` uses the pool strategies of :func:`reforms` instead (any id of
    the polity, or an unknown one), so the error path stays covered.

    Parameters
    ----------
    polity : Polity
    names : sequence of str, optional
        Restrict to these registry names.

    Examples
    --------
    >>> from hypothesis import find
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> r = find(reforms_for(p, ["split_region"]), lambda r: True)
    >>> r.name, r.region in {t.id for t in p.territories}
    ('split_region', True)
    """
    v = _View.of(polity)
    pool = _strategies([*v.ids, _GHOST], [*v.t_ids, _GHOST])
    chosen = sorted(pool) if names is None else list(names)
    out = []
    for name in chosen:
        fitted = _FITTED.get(name)
        usable = fitted is not None and (v.t_ids if name in _TERRITORIAL else v.n)
        if not usable or fitted is None:
            out.append(pool[name])
            continue
        out.append(_mixed(fitted(v), pool[name]))
    return st.one_of(out)


def _mixed(
    fit: st.SearchStrategy[Reform], pool: st.SearchStrategy[Reform]
) -> st.SearchStrategy[Reform]:
    """``pool`` in about one draw of :data:`POOL_EVERY`, else ``fit``."""

    def pick(k: int) -> st.SearchStrategy[Reform]:
        return pool if k % POOL_EVERY == 3 else fit

    # hypothesis favours small integers: test a residue that 0 and 1 miss
    return st.integers(0, 2**16).flatmap(pick)


@st.composite
def polities_and_reforms(
    draw: st.DrawFn, /, names: Sequence[str] | None = None, **polity_options: Any
) -> tuple[Polity, Reform]:
    """A random polity (:func:`govsim.testing.polities`) and a reform fitted to it.

    ``polity_options`` go to :func:`~govsim.testing.strategies.polities`; unless
    they say otherwise, the polities are ``shaped`` (levels by depth, electorates,
    electoral systems) and hold at least 2 institutions and 4 territories, so that
    every reform has something to act on (:func:`reforms` on ``polities()`` covers
    the empty and degenerate ones).
    """
    from govsim.testing.strategies import polities

    polity_options.setdefault("shaped", True)
    polity_options.setdefault("min_institutions", 2)
    polity_options.setdefault("min_territories", 4)
    polity = draw(polities(**polity_options))
    return polity, draw(reforms_for(polity, names))


# -- invalid parameters --------------------------------------------------------------------------
#: Far beyond any count a real polity needs and beyond int64: must be refused, never wrap.
HUGE_INT = 2**63


def _unwrap(annotation: Any) -> tuple[list[Any], bool, list[Any]]:
    """The member types of an annotation (Annotated and Optional removed), whether None
    is allowed, and the metadata found inside Annotated members."""
    members: list[Any] = []
    meta: list[Any] = []
    optional = False
    stack = [annotation]
    while stack:
        a = stack.pop()
        origin = get_origin(a)
        if a is type(None) or a is None:
            optional = True
        elif origin is Annotated:
            args = get_args(a)
            stack.append(args[0])
            meta.extend(args[1:])
        elif origin in (Union, UnionType):
            stack.extend(get_args(a))
        else:
            members.append(a)
    return members, optional, meta


def _bounds(meta: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in meta:
        for key in ("ge", "gt", "le", "lt", "min_length"):
            value = getattr(m, key, None)
            if value is not None:
                out[key] = value
        out.update(_bounds(getattr(m, "metadata", ()) or ()))
    return out


def _is_name(field: str) -> bool:
    """Free-text fields (names), as opposed to ids and references."""
    return field.endswith("name") or field == "capital"


def invalid_values(cls: type[Reform], example: Reform) -> list[tuple[str, Any]]:
    """Bad values for every declared field of a reform class, from its annotations.

    Per field: wrong types (text for numbers, ``True`` for counts, numbers for ids),
    values outside the declared bounds, :data:`HUGE_INT` for counts, NaN for
    fractions, empty, blank and NUL-carrying ids (the NUL appended to the
    ``example``'s own id, so that a lookup which drops it would find a real
    institution), an empty selector, unknown kinds and names, and bad nested tiers,
    relations and term rules. Each must be refused with a govsim error naming the
    field, at construction or on apply (:func:`check_invalid_parameter`).
    """
    out: list[tuple[str, Any]] = []
    for field, info in cls.model_fields.items():
        members, optional, meta = _unwrap(info.annotation)
        bounds = _bounds([*info.metadata, *meta])
        current = getattr(example, field)
        bad: list[Any] = []
        if not optional:
            bad.append(None)
        for t in members:
            origin, args = get_origin(t), get_args(t)
            if t is bool:
                bad += ["maybe", 2]
            elif t is int:
                bad += [True, 1.5, "3", HUGE_INT]
                if "ge" in bounds:
                    bad.append(bounds["ge"] - 1)
                if "gt" in bounds:
                    bad.append(bounds["gt"])
                if "le" in bounds:
                    bad.append(bounds["le"] + 1)
            elif t is float:
                bad += [True, "0.5", math.nan, math.inf]
                if "ge" in bounds:
                    bad.append(bounds["ge"] - 0.1)
                if "gt" in bounds:
                    bad.append(bounds["gt"])
                if "le" in bounds:
                    bad.append(bounds["le"] + 0.1)
                if "lt" in bounds:
                    bad.append(bounds["lt"])
            elif t is str:
                bad.append(5)
                if _is_name(field):
                    if bounds.get("min_length"):
                        bad.append("")
                else:
                    known = current if isinstance(current, str) else "president"
                    bad += ["", " ", f" {known}", f"{known}\x00"]
            elif isinstance(t, type) and issubclass(t, Selector):
                first = (current.ids or ("president",))[0] if current is not None else "president"
                bad += [
                    {},
                    {"ids": [""]},
                    {"ids": [" "]},
                    {"ids": [f"{first}\x00"]},
                    {"kind": ["bogus"]},
                    {"level": ["bogus"]},
                    5,
                ]
            elif (isinstance(t, type) and issubclass(t, Enum)) or origin is Literal:
                bad += ["bogus", 5]
            elif isinstance(t, type) and issubclass(t, TermRule):
                bad += [{"years": 0}, {"years": True}, {"years": HUGE_INT}]
            elif origin is tuple:
                item_types, _, _ = _unwrap(args[0])
                bad.append(5)
                if bounds.get("min_length"):
                    bad.append(())
                item = item_types[0] if len(item_types) == 1 else None
                if item is str:
                    known = current[0] if current else "president"
                    bad += [("",), (" ",), (f"{known}\x00",)]
                elif isinstance(item, type) and issubclass(item, Enum):
                    bad.append(("bogus",))
                elif isinstance(item, type) and issubclass(item, Relation):
                    bad += [
                        ({"source": "", "target": "president", "kind": "appoints"},),
                        ({"source": "president", "target": "president", "kind": "bogus"},),
                        ({"source": "president", "target": "x", "kind": "appoints", "seats": 0},),
                    ]
                else:  # tiers
                    bad += [
                        ({"type": "list", "seats": 0},),
                        ({"type": "list", "seats": 5, "threshold": 5},),
                        ({"type": "list", "seats": 3, "districts": 4},),
                        ({"type": "bogus", "seats": 3},),
                    ]
            elif origin is dict:
                bad += [5, {"": "x"}, {"x": 5}]
        out += [(field, value) for value in bad if not _same(value, current)]
    return out


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:
        return False


def check_invalid_parameter(example: Reform, field: str, value: Any, polity: Polity) -> str:
    """Build ``example`` with ``field = value`` and apply it; it must be refused.

    The refusal must be a :class:`govsim.GovsimError` (not pydantic's, numpy's or an
    OverflowError) whose message names ``field``, raised when the reform is built or
    when it is applied to ``polity``. Returns the message.

    Raises
    ------
    AssertionError
        If the value is accepted, or refused the wrong way.
    """
    cls = type(example)
    params = {k: getattr(example, k) for k in example.model_fields_set}
    params[field] = value
    try:
        reform = cls(**params)
        reform.apply(polity)
    except GovsimError as exc:
        message = str(exc)
        assert field in message, (
            f"{cls.name}: {field}={value!r} is refused, but the message does not name "
            f"{field!r}: {message}"
        )
        return message
    except Exception as exc:
        raise AssertionError(
            f"{cls.name}: {field}={value!r} raised {type(exc).__module__}.{type(exc).__name__} "
            f"instead of a govsim error: {str(exc)[:300]}"
        ) from exc
    raise AssertionError(f"{cls.name}: {field}={value!r} was accepted and applied")


def examples_kazakhstan() -> dict[str, Reform]:
    """One applicable instance of every registered reform for the Kazakhstan 2019 baseline."""
    from govsim import reforms as R
    from govsim.scenarios.kazakhstan_reforms import kazakhstan_reforms

    out: dict[str, Any] = {}
    for step in kazakhstan_reforms():
        out.setdefault(step.reform.name, step.reform)
    out["resize_body"] = R.ResizeBody(body=Selector(ids=("senate",)), seats=60)
    out["establish_institution"] = R.EstablishInstitution(
        id="supreme_audit_chamber",
        institution_name="Supreme Audit Chamber",
        kind="agency",
        level="national",
        territory="kz",
        relations=(
            Relation(source="president", target="supreme_audit_chamber", kind="appoints"),
            Relation(source="supreme_audit_chamber", target="government", kind="oversees"),
        ),
    )
    out["merge_regions"] = R.MergeRegions(regions=("kz.astana",), into="kz.akmola")
    out["remove_power"] = R.RemovePower(source=Selector(ids=("president",)), kind="reviews")
    return out

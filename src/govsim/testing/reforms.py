"""The reform contract suite and hypothesis strategies of reforms.

:func:`check_reform` is what every registered reform must pass, on any polity (in
the style of scikit-learn's ``check_estimator``): the input is unchanged, the
output is a valid polity, the result is deterministic, the reform and the output
round-trip through JSON and pickle, the declared traits hold, and a reform that
cannot apply raises :class:`govsim.ReformError` naming itself (never another
exception). :func:`reforms` draws reforms of every registered kind with ids from a
pool, so that on random polities (:func:`govsim.testing.polities`) they sometimes
apply and sometimes hit the error path.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from hypothesis import strategies as st

from govsim.errors import ReformError
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import ListTier, Relation, SingleMemberTier
from govsim.reforms import REGISTRY, Change, Reform, Selector

__all__ = ["LAZY_FIELDS", "STRATEGIES", "check_reform", "check_traits", "eager_change", "reforms"]

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
    return pickle.loads(pickle.dumps(p))


def check_traits(reform: Reform, before: Polity, after: Polity) -> None:
    """Assert that every trait ``reform`` declares holds for ``before -> after``."""
    traits = type(reform).traits
    ib, ia = before.institution_table.id, after.institution_table.id
    tb, ta = before.territory_table.id, after.territory_table.id
    checks: dict[str, Callable[[], bool]] = {
        "keeps_institutions": lambda: bool(np.isin(ib, ia).all()),
        "keeps_territories": lambda: bool(np.isin(tb, ta).all()),
        "no_new_institutions": lambda: bool(np.isin(ia, ib).all()),
        "no_new_territories": lambda: bool(np.isin(ta, tb).all()),
        "keeps_relations": lambda: after.relation_table.equals(before.relation_table),
        "conserves_population": lambda: _population_conserved(before, after),
        "rules_only": lambda: (
            after.territory_table.equals(before.territory_table)
            and after.institution_table.equals(before.institution_table)
            and after.relation_table.equals(before.relation_table)
        ),
        "idempotent": lambda: reform.apply(after) == after,
    }
    for trait in sorted(traits):
        assert checks[trait](), f"{reform.name}: declared trait {trait!r} does not hold"


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


def check_reform(reform: Reform, polity: Polity) -> Polity | None:
    """Run the reform contract on one polity; return the reformed polity (None if inapplicable).

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
    check_traits(reform, polity, out)
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
    maybe = lambda s: st.none() | s  # noqa: E731
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

"""The vectorized cores agree with the plain references on random polities.

``govsim.testing.strategies.polities()`` draws cycles, isolated nodes,
multi-channel and overfilled bodies and empty polities; every structural metric
must match :mod:`govsim.testing.reference` on them, and the batched path must match
the reference run variant by variant.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.metrics import accountability as A
from govsim.metrics import checks as K
from govsim.metrics import concentration as C
from govsim.metrics import decentralization as D
from govsim.model.kinds import InstitutionKind, RelationKind
from govsim.model.polity import Polity
from govsim.testing import reference as ref
from govsim.testing.strategies import polities


@st.composite
def tiered_polities(draw: st.DrawFn) -> Polity:
    """Polities shaped like real ones, so that every metric has something to measure.

    A territory tree (national / regional / district); each territory has an
    electorate, a council and an executive at its own level; a head of state, a
    government and one or two national chambers; random elects / appoints / consents /
    nominates channels (some recording seats, so bodies are split or overfilled)
    plus random checks and removals, cycles included.
    """
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_reg = int(rng.integers(0, 4))
    n_dis = int(rng.integers(0, 6)) if n_reg else 0
    t_level = [0] + [1] * n_reg + [2] * n_dis
    t_parent = [-1] + [0] * n_reg + [int(1 + rng.integers(0, n_reg)) for _ in range(n_dis)]
    t_pop = [int(x) if rng.random() < 0.8 else -1 for x in rng.integers(1, 10**5, len(t_level))]
    K = InstitutionKind
    kinds = [K.HEAD_OF_STATE, K.GOVERNMENT, K.CHAMBER] + [K.CHAMBER] * int(rng.integers(0, 2))
    levels, terrs = [0] * len(kinds), [0] * len(kinds)
    for t, lv in enumerate(t_level):
        for k in (K.ELECTORATE, K.COUNCIL, K.EXECUTIVE):
            if rng.random() < 0.9:
                kinds.append(k)
                levels.append(lv)
                terrs.append(t)
    kinds += [K.COURT, K.AGENCY]
    levels += [0, 0]
    terrs += [0, 0]
    n = len(kinds)
    seats = np.where(rng.random(n) < 0.5, 1, rng.integers(1, 30, n))
    kind_code = np.array([k.code for k in kinds])
    voters = np.flatnonzero(kind_code == K.ELECTORATE.code)
    R = RelationKind
    src, tgt, rk, rs = [], [], [], []
    for v in range(n):
        if kind_code[v] == K.ELECTORATE.code:
            continue
        left = int(seats[v])  # recorded seats may not overfill; unrecorded ones may
        for _ in range(int(rng.integers(0, 3))):
            elect = voters.size and rng.random() < 0.5
            s = int(rng.choice(voters)) if elect else int(rng.integers(0, n))
            if s == v:
                continue
            kind = R.ELECTS if elect or rng.random() < 0.3 else R.APPOINTS
            src.append(s), tgt.append(v), rk.append(kind.code)
            k = int(rng.integers(1, left + 1)) if left >= 1 and rng.random() < 0.5 else -1
            left -= max(k, 0)
            rs.append(k)
    for _ in range(int(rng.integers(0, 2 * n))):
        s, t = int(rng.integers(0, n)), int(rng.integers(0, n))
        kind = rng.choice([R.CONSENTS, R.NOMINATES, R.REVIEWS, R.VETOES, R.OVERRIDES,
                           R.OVERSEES, R.DISMISSES, R.NO_CONFIDENCE])  # fmt: skip
        if s == t:
            continue
        src.append(s), tgt.append(t), rk.append(R(kind).code), rs.append(-1)
    return Polity.from_arrays(
        f"tiered-{seed}",
        territories={"id": [f"t{k}" for k in range(len(t_level))], "level": t_level,
                     "parent": t_parent, "population": t_pop},
        institutions={"id": [f"n{k}" for k in range(n)], "kind": kind_code, "level": levels,
                      "territory": terrs, "seats": seats},
        relations={"source": np.array(src, dtype=np.int64), "target": np.array(tgt, dtype=np.int64),
                   "kind": np.array(rk, dtype=np.int8), "seats": np.array(rs, dtype=np.int64)},
    )  # fmt: skip


@st.composite
def appointment_graphs(draw: st.DrawFn) -> Polity:
    """Appointment hierarchies: a random forest, extra channels down the order (a DAG
    with shared descendants, parallel channels included) and, sometimes, channels back
    up (cycles); random seats, a few electorates among the targets."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    parent = np.array([rng.integers(-1, k) if k else -1 for k in range(n)])
    src, tgt = list(parent[parent >= 0]), list(np.flatnonzero(parent >= 0))
    for _ in range(int(rng.integers(0, n))):  # shared descendants (and parallel channels)
        a, b = sorted(rng.integers(0, n, 2).tolist())
        if a != b:
            src.append(a), tgt.append(b)
    if rng.random() < 0.5:  # cycles
        for _ in range(int(rng.integers(1, 4))):
            a, b = rng.integers(0, n, 2).tolist()
            if a != b:
                src.append(max(a, b)), tgt.append(min(a, b))
    K = InstitutionKind
    kind = np.where(rng.random(n) < 0.1, K.ELECTORATE.code, K.AGENCY.code)
    kind[0] = K.HEAD_OF_STATE.code
    return Polity.from_arrays(
        f"appointments-{seed}",
        institutions={"id": [f"n{k}" for k in range(n)], "kind": kind, "level": np.zeros(n, dtype=np.int8),
                      "seats": rng.integers(1, 6, n)},
        relations={"source": np.array(src, dtype=np.int64), "target": np.array(tgt, dtype=np.int64),
                   "kind": np.full(len(src), RelationKind.APPOINTS.code, dtype=np.int8)},
    )  # fmt: skip


ANY_POLITY = st.one_of(polities(), tiered_polities())

SUMMARIES = [
    (A.elected_share, ref.elected_share),
    (A.mean_chain_length, ref.mean_chain_length),
    (A.unaccountable_share, ref.unaccountable_share),
    (A.local_executive_share, ref.local_executive_share),
    (A.elected_legislature, ref.elected_legislature),
    (C.head_of_state_span, ref.head_of_state_span),
    (C.appointment_hhi, ref.appointment_hhi),
    (C.removal_exposure, ref.removal_exposure),
    (D.regional, lambda c: ref.tier_representation(c, "regional")),
    (D.district, lambda c: ref.tier_representation(c, "district")),
    (D.representation, ref.representation),
    (K.head_of_state, lambda c: ref.check_score(c, ref.heads_of_state(c))),
    (K.government, lambda c: ref.check_score(c, c.nodes_of_kind("government").tolist())),
]


@settings(deadline=None, max_examples=60)
@given(ANY_POLITY)
def test_cores_match_reference(p):
    c = p.compiled
    np.testing.assert_array_equal(A.chain_length(c), ref.chain_length(c))
    np.testing.assert_array_equal(C.appointment_depth(c), ref.appointment_depth(c))
    np.testing.assert_array_equal(C.appointment_span(c), ref.appointment_span(c))
    for core, plain in SUMMARIES:
        np.testing.assert_allclose(core(c), plain(c), rtol=1e-9, atol=1e-12, equal_nan=True)


@settings(deadline=None, max_examples=100)
@given(appointment_graphs())
def test_appointment_span_matches_reference(p):
    """Shared descendants count once, cycles reach themselves but exclude the node."""
    c = p.compiled
    np.testing.assert_array_equal(C.appointment_span(c), ref.appointment_span(c))
    np.testing.assert_array_equal(C.appointment_depth(c), ref.appointment_depth(c))
    np.testing.assert_allclose(C.head_of_state_span(c), ref.head_of_state_span(c), rtol=1e-12)


@settings(deadline=None, max_examples=40)
@given(st.one_of(polities(min_institutions=1), tiered_polities()), st.data())
def test_independence_matches_reference(p, data):
    c = p.compiled
    targets = data.draw(
        st.lists(st.integers(0, c.n_nodes - 1), min_size=1, max_size=3, unique=True)
    )
    np.testing.assert_allclose(
        K.independence(c, np.array(targets)), ref.independence(c, targets), atol=1e-9
    )


@settings(deadline=None, max_examples=30)
@given(ANY_POLITY, st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_batched_matches_reference(p, n_variants, seed):
    c = p.compiled
    mask = np.random.default_rng(seed).random((n_variants, c.n_edges)) < 0.6
    L = A.chain_length(c, mask)
    assert L.shape == (n_variants, c.n_nodes)
    batched = {
        f: f(c, mask)
        for f in (A.elected_share, A.mean_chain_length, A.unaccountable_share,
                  A.local_executive_share, A.elected_legislature)
    }  # fmt: skip
    plain = {
        A.elected_share: ref.elected_share,
        A.mean_chain_length: ref.mean_chain_length,
        A.unaccountable_share: ref.unaccountable_share,
        A.local_executive_share: ref.local_executive_share,
        A.elected_legislature: ref.elected_legislature,
    }
    for k in range(n_variants):
        np.testing.assert_array_equal(L[k], ref.chain_length(c, mask[k]))
        for f, vals in batched.items():
            np.testing.assert_allclose(
                vals[k], plain[f](c, mask[k]), rtol=1e-9, atol=1e-12, equal_nan=True
            )


@settings(deadline=None, max_examples=40)
@given(ANY_POLITY)
def test_ranges(p):
    """Every summary stays within its declared range (or is NaN where undefined)."""
    from govsim.metrics import iter_metrics

    for info in iter_metrics(per_node=False):
        if info.family not in ("accountability", "concentration", "checks", "decentralization"):
            continue
        v = info(p)
        lo, hi = info.range
        assert np.isnan(v) or lo - 1e-9 <= v <= hi + 1e-9, (info.name, v)

"""resize_body's sparse reads of the seats a body's channels and system fill, against plain lookups."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from govsim import Polity
from govsim.errors import ReformError
from govsim.reforms import ResizeBody
from govsim.reforms import primitives as P
from govsim.reforms._util import chain_fill
from govsim.reforms.chambers import seats_needed
from govsim.testing import polities


@st.composite
def _polity_and_rows(draw: st.DrawFn) -> tuple[Polity, np.ndarray]:
    polity = draw(polities(shaped=True, min_institutions=1, max_institutions=25))
    n = polity.n_institutions
    picked = draw(st.lists(st.integers(0, n - 1), max_size=2 * n))
    return polity, np.array(picked, dtype=np.int64)  # any order, repeats allowed


def _plain_need(polity: Polity) -> np.ndarray:
    """Per institution: max(seats its channels fill, seats of its electoral system)."""
    systems = {s.body: s.seats for s in polity.electoral_systems}
    ids = polity.institution_table.id
    by_system = np.array([systems.get(str(i), 0) for i in ids], dtype=np.int64)
    return np.maximum(chain_fill(P.Draft.of(polity)), by_system)


@settings(max_examples=80, deadline=None)
@given(polity=polities(shaped=True, min_institutions=1, max_institutions=25))
def test_the_seats_needed_are_those_of_the_plain_lookups(polity: Polity) -> None:
    bodies, need = seats_needed(polity)
    plain = _plain_need(polity)
    # exact: integer seat counts
    np.testing.assert_array_equal(bodies, np.flatnonzero(plain > 0))
    np.testing.assert_array_equal(need, plain[bodies])


@settings(max_examples=80, deadline=None)
@given(case=_polity_and_rows(), seats=st.integers(1, 12))
def test_resizing_refuses_exactly_the_bodies_the_plain_check_refuses(
    case: tuple[Polity, np.ndarray], seats: int
) -> None:
    """The first selected body (row order) whose need exceeds ``seats`` is named, else none."""
    polity, picked = case
    ids = polity.institution_table.id
    chosen = sorted({str(ids[i]) for i in picked.tolist()}) or [str(ids[0])]
    rows = np.sort(polity.index_of(chosen))
    need = _plain_need(polity)[rows]
    reform = ResizeBody(body=chosen, seats=seats)
    if (need > seats).any():
        k = int(np.flatnonzero(need > seats)[0])
        message = rf"{str(ids[rows[k]])!r}.*fill {int(need[k])} seats, more than {seats}"
        event("refused")
        with pytest.raises(ReformError, match=message):
            reform.apply(polity)
        return
    q = reform.apply(polity)
    # exact: integer seats set
    assert (q.institution_table.seats[rows] == seats).all()


@pytest.mark.parametrize("seed", range(6))
def test_sparse_take_is_a_dict_lookup(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    keys = np.sort(rng.choice(n, size=int(rng.integers(0, n + 1)), replace=False))
    values = rng.normal(size=keys.shape[0])
    rows = rng.integers(0, n, size=int(rng.integers(0, 2 * n)))
    table = dict(zip(keys.tolist(), values.tolist(), strict=True))
    want = np.array([table.get(r, -7.5) for r in rows.tolist()], dtype=np.float64)
    # exact: the values are copied, not computed
    np.testing.assert_array_equal(P.sparse_take(keys, values, rows, default=-7.5), want)


def test_a_body_whose_system_fills_more_seats_is_named() -> None:
    from govsim.scenarios import synthetic

    p = synthetic(2_000, seed=1)
    system = p.electoral_systems[0]
    with pytest.raises(ReformError, match=rf"{system.body!r}.*fill {system.seats} seats"):
        ResizeBody(body=system.body, seats=1).apply(p)
    councils = p.mask(kind="council")
    q = ResizeBody(body={"kind": "council"}, seats=60).apply(p)
    assert (q.institution_table.seats[councils] == 60).all()
    np.testing.assert_array_equal(
        q.institution_table.seats[~councils], p.institution_table.seats[~councils]
    )


def test_the_seats_needed_are_the_callers_own() -> None:
    """Writing to the answer leaves the fill that validation keeps as it was."""
    from govsim.model.validate import channel_fill
    from govsim.scenarios import synthetic

    p = synthetic(2_000, seed=4)
    kept = [a.copy() for a in channel_fill(p.relation_table)]
    without = P.Draft.of(p).replace(electoral_systems=()).build()
    for polity in (p, without):
        bodies, need = seats_needed(polity)
        bodies[:] = -1
        need[:] = -1
    # exact: the kept arrays are compared as stored
    for was, now in zip(kept, channel_fill(p.relation_table), strict=True):
        np.testing.assert_array_equal(now, was)

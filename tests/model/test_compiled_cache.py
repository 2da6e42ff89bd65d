"""The compiled view's caches: one row set and one mask per set of relation kinds, memo."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim import Polity
from govsim.model.kinds import RelationKind
from govsim.scenarios import synthetic
from govsim.testing.strategies import polities

KINDS = [k.value for k in RelationKind]


@settings(max_examples=25)
@given(polities(), st.lists(st.sampled_from(KINDS), max_size=4))
def test_cached_rows_and_masks_are_the_plain_ones(polity: Polity, kinds: list[str]) -> None:
    c = polity.compiled
    codes = [RelationKind(k).code for k in kinds]
    plain = np.isin(c.edge_kind, codes)
    np.testing.assert_array_equal(c.edge_mask(kinds), plain)
    np.testing.assert_array_equal(c.edge_rows(kinds), np.flatnonzero(plain))
    np.testing.assert_array_equal(c.edge_mask(None), np.ones(c.n_edges, dtype=bool))
    csr = c.out(kinds)
    sel = np.flatnonzero(plain)
    order = np.argsort(c.edge_source[sel], kind="stable")
    np.testing.assert_array_equal(csr.edges, sel[order])


def test_a_mask_is_computed_once_and_read_only() -> None:
    c = synthetic(500, seed=2).compiled
    first = c.edge_mask(("appoints", "elects"))
    assert c.edge_mask(["elects", "appoints"]) is first
    assert not first.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        first[0] = True
    combined = first & c.edge_mask("consents")  # combining makes a new array
    assert combined.flags.writeable


def test_memo_computes_once_per_view() -> None:
    p = synthetic(300, seed=1)
    calls = []

    def compute() -> int:
        calls.append(1)
        return 42

    assert p.compiled.memo(("answer", 1), compute) == 42
    assert p.compiled.memo(("answer", 1), compute) == 42
    assert len(calls) == 1
    assert synthetic(300, seed=1).compiled.memo(("answer", 1), compute) == 42
    assert len(calls) == 2  # a new polity, a new view


@settings(max_examples=20)
@given(polities(), st.sampled_from(["executive", "council", "electorate", "chamber"]))
def test_polity_masks_by_kind_are_cached_and_plain(polity: Polity, kind: str) -> None:
    from govsim.model.kinds import InstitutionKind

    plain = polity.institution_table.kind == InstitutionKind(kind).code
    np.testing.assert_array_equal(polity.mask(kind=kind), plain)
    first = polity.mask(kind=[kind, kind])
    first[:] = False  # the caller's copy: the cache is untouched
    np.testing.assert_array_equal(polity.mask(kind=kind), plain)

"""Selector.rows: the rows where the selector's mask holds, by whichever path answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim import Polity, ValidationError
from govsim.reforms import Selector
from govsim.testing import polities


@st.composite
def _polity_and_selector(draw: st.DrawFn) -> tuple[Polity, Selector]:
    polity = draw(polities(shaped=True, min_institutions=1, max_institutions=25))
    ids = [str(i) for i in polity.institution_table.id]
    chosen = tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=6)))  # repeats too
    kinds = sorted({i.kind.value for i in polity.institutions})
    way = draw(st.integers(0, 2))
    if way == 0:
        return polity, Selector(ids=chosen)
    if way == 1:
        return polity, Selector(ids=chosen, kind=(draw(st.sampled_from(kinds)),))
    return polity, Selector(kind=(draw(st.sampled_from(kinds)),))


@settings(max_examples=80, deadline=None)
@given(case=_polity_and_selector())
def test_rows_are_where_the_mask_holds(case: tuple[Polity, Selector]) -> None:
    polity, selector = case
    rows = selector.rows(polity)
    assert rows.dtype == np.int64
    # exact: row numbers
    np.testing.assert_array_equal(rows, np.flatnonzero(selector.mask(polity)))


def test_an_unknown_id_is_refused_on_both_paths() -> None:
    from govsim.scenarios import synthetic

    p = synthetic(1_000, seed=1)
    for selector in (Selector(ids=("nowhere",)), Selector(ids=("nowhere",), kind=("council",))):
        with pytest.raises(ValidationError, match="'nowhere'"):
            selector.rows(p)

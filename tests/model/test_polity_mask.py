"""Polity.mask: each criterion's mask AND-ed, against the plain row-by-row selection."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim import Polity
from govsim.model.kinds import InstitutionKind, Level
from govsim.scenarios import synthetic
from govsim.testing.strategies import polities

KINDS = [k.value for k in InstitutionKind]
LEVELS = [lv.value for lv in Level]


@settings(max_examples=60, deadline=None)
@given(
    polity=polities(shaped=True),
    kinds=st.none() | st.lists(st.sampled_from(KINDS), min_size=1, max_size=4),
    levels=st.none() | st.lists(st.sampled_from(LEVELS), min_size=1, max_size=3),
    writeable=st.booleans(),
)
def test_mask_is_the_plain_selection(
    polity: Polity, kinds: list[str] | None, levels: list[str] | None, writeable: bool
) -> None:
    plain = np.array(
        [
            (kinds is None or i.kind.value in kinds) and (levels is None or i.level.value in levels)
            for i in polity.institutions
        ],
        dtype=bool,
    ).reshape(-1)
    got = polity.mask(kind=kinds, level=levels, writeable=writeable)
    # exact: boolean masks
    np.testing.assert_array_equal(got, plain)
    again = polity.mask(kind=kinds, level=levels, writeable=writeable)  # the kept masks
    np.testing.assert_array_equal(again, plain)


def test_a_writeable_mask_is_the_callers_own() -> None:
    p = synthetic(2_000, seed=2)
    first = p.mask(kind="council")
    assert first.flags.writeable
    first[:] = False  # must not reach the mask the polity keeps
    second = p.mask(kind="council")
    assert second.any()
    np.testing.assert_array_equal(second, p.institution_table.kind == InstitutionKind.COUNCIL.code)
    shared = p.mask(kind="council", writeable=False)
    with pytest.raises(ValueError, match="read-only"):
        shared[0] = True

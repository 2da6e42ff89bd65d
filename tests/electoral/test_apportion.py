"""Tests of govsim.electoral.apportion."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.electoral import apportion
from govsim.errors import ValidationError
from govsim.model.rows import ALLOCATION_METHODS
from govsim.testing.electoral_reference import ref_allocate


def test_huntington_hill_hand_computed() -> None:
    """Hand computation with the divisors sqrt(k(k+1)) (0, 1.414, 2.449, 3.464, ...).

    Populations 100 and 50: both get a first seat (divisor 0); then 100/1.414 = 70.7;
    then 100/2.449 = 40.8 > 50/1.414 = 35.4; then 35.4 > 100/3.464 = 28.9.
    Populations 1000/300/200, 10 seats: after the three first seats the highest
    priorities are 707.1, 408.2, 288.7, 223.6 (A), 212.1 (B, 300/1.414), 182.6, 154.3 (A);
    the next would be C's 141.4 -> 7/2/1.
    """
    assert apportion([100, 50], 3).tolist() == [2, 1]
    assert apportion([100, 50], 4).tolist() == [3, 1]
    assert apportion([100, 50], 5).tolist() == [3, 2]
    assert apportion([1000, 300, 200], 10).tolist() == [7, 2, 1]


def test_min_seats_and_batch() -> None:
    assert apportion([1000, 10, 10], 10, "dhondt", min_seats=2).tolist() == [6, 2, 2]
    assert apportion([1000, 10, 10], 10, "hare", min_seats=2).tolist() == [6, 2, 2]
    assert apportion([1000, 0, 0], 5, min_seats=1).tolist() == [3, 1, 1]
    pops = np.array([[100, 50], [50, 100]])
    out, ties = apportion(pops, [3, 5], return_ties=True)
    assert out.tolist() == [[2, 1], [2, 3]]
    assert ties.tolist() == [False, False]


def test_errors() -> None:
    with pytest.raises(
        ValidationError, match="'seats' parameter of apportion must be >= min_seats"
    ):
        apportion([1, 2, 3], 5, min_seats=2)
    with pytest.raises(ValidationError, match="'populations'"):
        apportion([0, 0], 3)
    with pytest.raises(ValidationError, match="'method'"):
        apportion([1, 2], 3, method="lottery")
    with pytest.raises(ValidationError, match="'min_seats'"):
        apportion([1, 2], 3, min_seats=-1)


@settings(deadline=None, max_examples=80)
@given(
    pops=st.lists(st.integers(0, 10**7), min_size=1, max_size=10),
    extra=st.integers(0, 60),
    min_seats=st.integers(0, 3),
    method=st.sampled_from(ALLOCATION_METHODS),
)
def test_matches_reference(pops: list[int], extra: int, min_seats: int, method: str) -> None:
    seats = min_seats * len(pops) + extra
    if sum(pops) == 0 and extra > 0:
        return
    out, tie = apportion(pops, seats, method, min_seats, return_ties=True)
    ref, ref_tie = ref_allocate(pops, seats, method, min_seats=min_seats)
    assert out.tolist() == ref
    assert bool(tie) == ref_tie
    assert (out >= min_seats).all()


@settings(deadline=None, max_examples=60)
@given(
    pops=st.lists(st.integers(1, 4 * 10**7), min_size=2, max_size=12), seats=st.integers(12, 435)
)
def test_differential_apportionment_huntington(pops: list[int], seats: int) -> None:
    """Against the `apportionment` package's Huntington-Hill (every state has people)."""
    am = pytest.importorskip("apportionment.methods")
    out, tie = apportion(pops, seats, return_ties=True)
    if not tie:
        assert out.tolist() == am.compute("huntington", pops, seats)

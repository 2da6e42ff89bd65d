"""Tests of the majority bonus (govsim.electoral.majority_bonus) and its list-tier fields."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.electoral import VoteModel, majority_bonus, simulate
from govsim.errors import GovsimError, ValidationError
from govsim.model.rows import ElectoralSystem, ListTier
from govsim.testing.electoral_reference import ref_majority_bonus

# Greece, 25 June 2023, the eight parties over 3%: ND, SYRIZA, PASOK, KKE, Spartans,
# Greek Solution, Niki, Plefsi Eleftherias.
GREECE_2023 = [2_115_322, 930_013, 617_487, 401_224, 243_922, 231_491, 193_124, 165_523]


def test_greece_june_2023_published_result() -> None:
    """Hellenic Parliament, 25 June 2023 (Ministry of the Interior final results, as
    tabulated in the Wikipedia article "June 2023 Greek legislative election"): ND
    won 40.56% and 158 of 300 seats, SYRIZA 47, PASOK 32, KKE 21, Spartans 12, Greek
    Solution 12, Niki 10, Plefsi Eleftherias 8. Law 4804/2021: 50 bonus seats to a
    first party at 40% or more, the other 250 by Hare largest remainder among the
    parties over 3% (all eight here; the parties below 3% win nothing and are left out).
    """
    seats = majority_bonus(GREECE_2023, 300, "hare", bonus_seats=50, bonus_threshold=0.4)
    assert seats.tolist() == [158, 47, 32, 21, 12, 12, 10, 8]


def test_hand_computed_cases() -> None:
    # D'Hondt on 8 of 10 seats for 45/35/20: 4/3/1, plus 2 bonus seats
    assert majority_bonus([45, 35, 20], 10, bonus_seats=2, bonus_threshold=0.4).tolist() == [
        6,
        3,
        1,
    ]
    # below the bonus threshold: plain D'Hondt on all 10 (5/3/2 for 45/35/20 at 50%)
    assert majority_bonus([45, 35, 20], 10, bonus_seats=2, bonus_threshold=0.5).tolist() == [
        5,
        3,
        2,
    ]
    # San Marino style: 35 of 60 assured; the others share 25 by D'Hondt (40/20 -> 17/8)
    assert majority_bonus([40, 40, 20], 60, majority_seats=35).tolist() == [35, 17, 8]
    # an assured majority already reached changes nothing
    assert majority_bonus([80, 20], 10, majority_seats=6).tolist() == [8, 2]
    # the only list with votes keeps every seat
    assert majority_bonus([10, 0], 5, majority_seats=3).tolist() == [5, 0]
    # batched
    out = majority_bonus([[45, 35, 20], [20, 35, 45]], 10, bonus_seats=2)
    assert out.tolist() == [[6, 3, 1], [1, 3, 6]]


@settings(deadline=None, max_examples=80)
@given(
    st.lists(st.integers(0, 60), min_size=2, max_size=5).filter(lambda v: sum(v) > 0),
    st.integers(1, 30),
    st.sampled_from(["dhondt", "sainte_lague", "hare"]),
    st.data(),
)
def test_matches_reference(votes: list[int], seats: int, method: str, data: st.DataObject) -> None:
    bonus = data.draw(st.integers(0, seats))
    maj = data.draw(st.none() | st.integers(1, seats))
    bt = data.draw(st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(2, 5)]))
    got = majority_bonus(
        votes, seats, method, bonus_seats=bonus, majority_seats=maj, bonus_threshold=bt
    )
    want = ref_majority_bonus(votes, seats, method, Fraction(0), bonus, maj, bt)
    assert got.tolist() == want
    assert int(got.sum()) == seats


def test_errors_and_tier() -> None:
    with pytest.raises(ValidationError, match="'bonus_seats'"):
        majority_bonus([5, 4], 10, bonus_seats=11)
    with pytest.raises(ValidationError, match="'majority_seats'"):
        majority_bonus([5, 4], 10, majority_seats=0)
    with pytest.raises(ValidationError, match="'bonus_threshold'"):
        majority_bonus([5, 4], 10, bonus_seats=1, bonus_threshold=1.0)
    with pytest.raises(ValidationError, match="'seats'"):
        majority_bonus([5, 4], 0)
    with pytest.raises(GovsimError, match="'bonus_seats'"):
        ListTier(seats=10, bonus_seats=11)
    with pytest.raises(GovsimError, match="'bonus_threshold'"):
        ListTier(seats=10, bonus_threshold=0.4)
    tier = ListTier(seats=300, method="hare", bonus_seats=50, bonus_threshold=0.4)
    assert "bonus_seats=50" in repr(tier)
    model = VoteModel(shares=tuple(GREECE_2023), concentration=1e9, total_votes=sum(GREECE_2023))
    r = simulate(ElectoralSystem(body="parliament", tiers=(tier,)), model, 3, seed=0)
    np.testing.assert_array_equal(r.seats[:, 0], [158, 158, 158])

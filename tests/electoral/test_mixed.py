"""Tests of plurality, count_winners and mixed (parallel and compensatory)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.electoral import METHODS, allocate, count_winners, mixed, plurality
from govsim.errors import ValidationError
from govsim.testing.electoral_reference import ref_plurality

KZ2023 = [3_431_510, 693_938, 547_154, 535_139, 432_920, 331_058, 146_431, 248_291]
ELIG = [True] * 7 + [False]


def test_plurality_basic_and_ties() -> None:
    w, t = plurality([[[1, 3, 3], [0, 0, 0], [5, 1, 0]]], return_ties=True)
    assert w.tolist() == [[1, -1, 0]]
    assert t.tolist() == [[True, False, False]]
    with pytest.raises(ValidationError, match="'district_votes'"):
        plurality([1, 2, 3])
    with pytest.raises(ValidationError, match="'district_votes'"):
        plurality([[1, -2]])


@settings(deadline=None, max_examples=50)
@given(st.lists(st.lists(st.integers(0, 5), min_size=3, max_size=3), min_size=1, max_size=20))
def test_plurality_matches_reference(votes: list[list[int]]) -> None:
    assert plurality(np.array(votes)[None]).tolist()[0] == [ref_plurality(v) for v in votes]


def test_count_winners() -> None:
    assert count_winners([[0, 0, 1, -1]], 3).tolist() == [[2, 1, 0]]
    with pytest.raises(ValidationError, match="'winners'"):
        count_winners([3], 3)


def test_kazakhstan_2023_parallel() -> None:
    """Mazhilis 2023 (CEC; shared/reference/kazakhstan.md section 8): 69 list seats
    (Hare, 5%) + 29 districts, 22 won by Amanat and 7 by self-nominated candidates:
    Amanat 62, Auyl 8, Respublica 6, Ak Zhol 6, QHP 5, OSDP 4, self-nominated 7; 98 seats.
    """
    r = mixed(KZ2023, [0] * 22 + [-1] * 7, 69, "hare", 0.05, eligible=ELIG)
    assert r.seats.tolist() == [62, 8, 6, 6, 5, 4, 0, 0]
    assert r.list_seats.tolist() == [40, 8, 6, 6, 5, 4, 0, 0]
    assert r.district_seats.tolist() == [22, 0, 0, 0, 0, 0, 0, 0]
    assert int(r.independents) == 7
    assert int(r.size) == 98
    assert not r.ties


def test_compensatory_new_zealand_style() -> None:
    """Hand-computed MMP: 4 list + 6 district seats, Sainte-Laguë (divisors 1, 3, 5, ...).

    Votes 50/30/15/5, 10% threshold; districts won: party 0 x4, party 1 x1, party 3 x1.
    Without an alternative threshold party 3 does not qualify and keeps its district
    outside the allocation: 9 seats over 50/30/15, quotients 50, 30, 16.7, 15, 10, 10,
    7.1, 6, 5.6 -> 5/3/1, plus party 3's district: 5/3/1/1, size 10.
    With "or one district" (New Zealand) party 3 qualifies: 10 seats over 50/30/15/5,
    the 10th seat a tie at 5 between 15/3 and 5/1 that goes to the lower index ->
    entitlements 5/3/2/0; party 3 keeps its district as an overhang seat: 5/3/2/1, size 11.
    """
    votes = [50, 30, 15, 5]
    winners = [0, 0, 0, 0, 1, 3]
    r = mixed(votes, winners, 4, "sainte_lague", 0.1, compensatory=True)
    assert r.seats.tolist() == [5, 3, 1, 1]
    assert int(r.size) == 10
    r = mixed(votes, winners, 4, "sainte_lague", 0.1, compensatory=True, alt_threshold_districts=1)
    assert r.seats.tolist() == [5, 3, 2, 1]
    assert r.list_seats.tolist() == [1, 2, 2, 0]
    assert int(r.size) == 11
    assert bool(r.ties)


def test_compensatory_overhang_allow_and_level() -> None:
    votes = [40, 30, 30]
    r = mixed(votes, [0] * 6, 4, "dhondt", compensatory=True)
    assert r.seats.tolist() == [6, 3, 3]
    assert int(r.size) == 12
    r = mixed(votes, [0] * 6, 4, "dhondt", compensatory=True, overhang="level")
    assert r.seats.tolist() == [6, 4, 4]
    assert int(r.size) == 14
    # levelling: the result is exactly D'Hondt at the grown house size
    assert allocate(votes, 14, "dhondt").tolist() == [6, 4, 4]


def test_level_party_without_list_votes_keeps_overhang() -> None:
    """A party that qualifies by a district alone, with no list votes, cannot be levelled.

    It used to grow the house forever. Hand computation: 7 seats (4 list + 3 districts)
    over 100/100 by Sainte-Laguë, quotients 100, 100, 33.3, 33.3, 20, 20, 14.3, 14.3:
    4/3 (the 7th seat a tie, to the lower index); party 2 keeps its district: 4/3/1.
    """
    r = mixed(
        [100, 100, 0],
        [0, 1, 2],
        4,
        "sainte_lague",
        compensatory=True,
        overhang="level",
        alt_threshold_districts=1,
    )
    assert r.seats.tolist() == [4, 3, 1]
    assert int(r.size) == 8


def test_level_tiny_party_finds_the_house_directly() -> None:
    """Levelling a 3-vote party with 2 districts needs a house of about a million.

    Hand computation (Sainte-Laguë): its 2nd seat has priority 3/3 = 1; a 10^6-vote party's
    (k+1)-th seat has 10^6/(2k+1) >= 1 for k <= 499,999: 500,000 seats each, 1,000,002 in
    all. Growing the house seat by seat took 10^6 allocations.
    """
    r = mixed(
        [10**6, 10**6, 3],
        [0, 1, 2, 2],
        4,
        "sainte_lague",
        compensatory=True,
        overhang="level",
        alt_threshold_districts=1,
    )
    assert r.seats.tolist() == [500_000, 500_000, 2]
    assert int(r.size) == 1_000_002


@settings(deadline=None, max_examples=60)
@given(
    # no list below 1/50 of the largest, so that the plain linear search stays short
    votes=st.lists(st.one_of(st.just(0), st.integers(200, 10**4)), min_size=2, max_size=5),
    method=st.sampled_from(sorted(METHODS)),
    list_seats=st.integers(0, 8),
    data=st.data(),
)
def test_level_is_the_smallest_covering_house(
    votes: list[int], method: str, list_seats: int, data
) -> None:
    """Levelling against the plain definition: grow the house one seat at a time."""
    n = len(votes)
    # one list has votes; raising a 0 to 1 instead (as before) put a 1-vote list next to
    # lists of 10^4 and made the plain search below grow the house to ~5 * 10^4 seats,
    # one allocate call per seat (a minute for one example)
    votes[0] = max(votes[0], 200)
    winners = data.draw(st.lists(st.integers(-1, n - 1), min_size=1, max_size=12))
    r = mixed(
        votes,
        winners,
        list_seats,
        method,
        compensatory=True,
        overhang="level",
        alt_threshold_districts=1,
    )
    v, w = np.asarray(votes), np.asarray(winners)
    d = np.bincount(w[w >= 0], minlength=n)
    qualifies = (v > 0) | (d >= 1)
    house = list_seats + w.size - int((w == -1).sum())
    while True:  # the definition; parties without list votes cannot be levelled
        e = allocate(np.where(qualifies, v, 0), house, method)
        if not ((v > 0) & (d > e)).any():
            break
        house += 1
    assert r.seats.tolist() == np.maximum(e, d).tolist()


def test_mixed_batched_matches_one_by_one() -> None:
    rng = np.random.default_rng(3)
    votes = rng.integers(1, 1000, size=(6, 4))
    winners = rng.integers(-1, 4, size=(6, 5))
    for comp in (False, True):
        r = mixed(votes, winners, 7, "sainte_lague", 0.05, compensatory=comp, overhang="level")
        for j in range(6):
            one = mixed(
                votes[j], winners[j], 7, "sainte_lague", 0.05, compensatory=comp, overhang="level"
            )
            assert r.seats[j].tolist() == one.seats.tolist()
            assert r.size[j] == one.size


def test_mixed_errors() -> None:
    with pytest.raises(ValidationError, match="'district_winners'"):
        mixed([1, 2], [0, 2], 3)
    with pytest.raises(ValidationError, match="'overhang'"):
        mixed([1, 2], [0, 1], 3, compensatory=True, overhang="drop")
    with pytest.raises(ValidationError, match="'list_seats'"):
        mixed([1, 2], [0, 1], -3)

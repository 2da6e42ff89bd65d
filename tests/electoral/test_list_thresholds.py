"""Tests of per-list (coalition) thresholds and exempt lists in allocation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.electoral import VoteModel, allocate, qualifying_lists, simulate
from govsim.errors import GovsimError, ValidationError
from govsim.model.rows import ElectoralSystem, ListTier
from govsim.testing.electoral_reference import ref_allocate

# Poland, Sejm, 25 October 2015, nationwide valid votes: PiS, PO, Razem, KORWiN, PSL,
# Zjednoczona Lewica (a coalition), Kukiz'15, Nowoczesna, German Minority; the other
# lists are the remainder of the 15,200,671 valid votes.
POLAND_2015 = [
    5_711_687,
    3_661_474,
    550_349,
    722_999,
    779_875,
    1_147_102,
    1_339_094,
    1_155_370,
    27_530,
]
POLAND_2015_VALID = 15_200_671


def test_poland_2015_coalition_threshold_and_minority_exemption() -> None:
    """National Electoral Commission announcement of 27 October 2015 on the Sejm
    results (15,200,671 valid votes; lists as above; doczz.pl/doc/4085465 and the
    Wikipedia article "2015 Polish parliamentary election"). Electoral Code art. 196:
    5% for parties, 8% for coalitions; art. 197: lists of national-minority
    organisations are exempt. The United Left coalition (7.55%) stayed out while
    Nowoczesna (7.60%, a party) and the German Minority (0.18%, exempt) won seats:
    PiS, PO, Kukiz'15, Nowoczesna, PSL and the German Minority entered the Sejm.
    """
    others = POLAND_2015_VALID - sum(POLAND_2015)
    votes = [*POLAND_2015, others]  # every other list, as one entry that cannot pass
    thresholds = [0.05] * 5 + [0.08] + [0.05] * 4
    exempt = [False] * 8 + [True, False]
    eligible = [True] * 9 + [False]
    q = qualifying_lists(votes, 0.05, eligible, thresholds=thresholds, exempt=exempt)
    assert q.tolist() == [True, True, False, False, True, False, True, True, True, False]
    # without the coalition rule the United Left would have passed 5%
    assert qualifying_lists(votes, 0.05, eligible)[5]
    # the same test inside allocate: no seat for the United Left
    seats = allocate(votes, 460, "dhondt", 0.05, eligible, thresholds=thresholds, exempt=exempt)
    assert int(seats[5]) == 0
    assert int(seats.sum()) == 460


def test_exempt_list_gets_seats_below_threshold() -> None:
    # hand-computed: D'Hondt, 10 seats, 5% threshold; the 4% list is exempt
    assert allocate([50, 46, 4], 10, "dhondt", 0.05).tolist() == [5, 5, 0]
    got = allocate([50, 46, 4], 25, "dhondt", 0.05, exempt=[False, False, True])
    assert got.tolist() == ref_allocate([50, 46, 4], 25)[0]
    assert int(got[2]) == 1
    # an exempt list that is not eligible still wins nothing
    out = allocate([50, 46, 4], 25, eligible=[True, True, False], exempt=[False, False, True])
    assert int(out[2]) == 0


@settings(deadline=None, max_examples=80)
@given(
    st.lists(st.integers(0, 80), min_size=2, max_size=6).filter(lambda v: sum(v) > 0),
    st.integers(0, 25),
    st.sampled_from(["dhondt", "sainte_lague", "hare", "droop"]),
    st.data(),
)
def test_matches_reference(votes: list[int], seats: int, method: str, data: st.DataObject) -> None:
    n = len(votes)
    th = data.draw(st.lists(st.sampled_from([0, 1, 2, 3]), min_size=n, max_size=n))
    fr = [Fraction(k, 20) for k in th]  # 0, 5, 10, 15%
    ex = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    total = sum(votes)
    ok = [ex[i] or votes[i] * f.denominator >= f.numerator * total for i, f in enumerate(fr)]
    mask = qualifying_lists(votes, thresholds=[float(f) for f in fr], exempt=ex)
    assert mask.tolist() == ok
    if seats and not any(ok[i] and votes[i] for i in range(n)):
        with pytest.raises(ValidationError, match="'votes'"):
            allocate(votes, seats, method, thresholds=[float(f) for f in fr], exempt=ex)
        return
    got = allocate(votes, seats, method, thresholds=[float(f) for f in fr], exempt=ex)
    # the reference takes the same qualification as eligibility
    assert got.tolist() == ref_allocate(votes, seats, method, Fraction(0), ok)[0]


def test_errors_name_the_parameter() -> None:
    with pytest.raises(ValidationError, match="'thresholds'"):
        allocate([5, 4], 3, thresholds=[0.05])
    with pytest.raises(ValidationError, match="'thresholds'"):
        allocate([5, 4], 3, thresholds=[0.05, 1.0])
    with pytest.raises(ValidationError, match="'exempt'"):
        allocate([5, 4], 3, exempt=[1, 0])
    with pytest.raises(ValidationError, match="'exempt'"):
        allocate([5, 4], 3, exempt=[True, False, True])
    with pytest.raises(ValidationError, match="'thresholds'"):
        qualifying_lists([5, 4], thresholds=["a", "b"])
    with pytest.raises(GovsimError, match="coalition_thresholds"):
        ListTier(seats=10, coalition_thresholds=(1.5,))
    with pytest.raises(ValidationError, match="'members'"):
        VoteModel(shares=(0.5, 0.5), members=(1, 0))
    with pytest.raises(ValidationError, match="'minority'"):
        VoteModel(shares=(0.5, 0.5), minority=(0, 1))


def test_tier_and_monte_carlo_pass_them() -> None:
    tier = ListTier(
        seats=460,
        method="dhondt",
        threshold=0.05,
        coalition_thresholds=(0.08,),
        exempt_minorities=True,
    )
    model = VoteModel(
        shares=tuple(POLAND_2015),
        members=(1, 1, 1, 1, 1, 3, 1, 1, 1),
        minority=(False,) * 8 + (True,),
        concentration=1e9,
        total_votes=sum(POLAND_2015),
    )
    r = simulate(ElectoralSystem(body="sejm", tiers=(tier,)), model, 4, seed=0)
    assert (r.seats[:, 5] == 0).all()  # the coalition is out
    plain = ListTier(seats=460, method="dhondt", threshold=0.05)
    r = simulate(ElectoralSystem(body="sejm", tiers=(plain,)), model, 4, seed=0)
    assert (r.seats[:, 5] > 0).all()  # as a party it would be in
    np.testing.assert_array_equal(r.size, [460] * 4)

"""Tests of govsim.electoral.apportion."""

from __future__ import annotations

import apportionment.methods as am
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.electoral import apportion
from govsim.errors import UnknownNameError, ValidationError
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


# U.S. Census Bureau, "Apportionment Population and Number of Representatives by State:
# 2020 Census" (Table 1, released 26 April 2021; www2.census.gov/programs-surveys/decennial/
# 2020/data/apportionment/apportionment-2020-table01.xlsx): state, apportionment population
# (resident + overseas federal employees and dependents), representatives. Transcribed from
# the CSV copy stored in markjrieke/thedatadiary, 2021.04.27-bureau_results/
# apportionment-2020-table01.csv (commit 2f2692fa40ef2dd0c63706239819a2c395ef7911).
US_2020 = """\
Alabama,5030053,7
Alaska,736081,1
Arizona,7158923,9
Arkansas,3013756,4
California,39576757,52
Colorado,5782171,8
Connecticut,3608298,5
Delaware,990837,1
Florida,21570527,28
Georgia,10725274,14
Hawaii,1460137,2
Idaho,1841377,2
Illinois,12822739,17
Indiana,6790280,9
Iowa,3192406,4
Kansas,2940865,4
Kentucky,4509342,6
Louisiana,4661468,6
Maine,1363582,2
Maryland,6185278,8
Massachusetts,7033469,9
Michigan,10084442,13
Minnesota,5709752,8
Mississippi,2963914,4
Missouri,6160281,8
Montana,1085407,2
Nebraska,1963333,3
Nevada,3108462,4
New Hampshire,1379089,2
New Jersey,9294493,12
New Mexico,2120220,3
New York,20215751,26
North Carolina,10453948,14
North Dakota,779702,1
Ohio,11808848,15
Oklahoma,3963516,5
Oregon,4241500,6
Pennsylvania,13011844,17
Rhode Island,1098163,2
South Carolina,5124712,7
South Dakota,887770,1
Tennessee,6916897,9
Texas,29183290,38
Utah,3275252,4
Vermont,643503,1
Virginia,8654542,11
Washington,7715946,10
West Virginia,1795045,2
Wisconsin,5897473,8
Wyoming,577719,1
"""


def _us_2020() -> tuple[list[str], np.ndarray, np.ndarray]:
    rows = [line.split(",") for line in US_2020.splitlines()]
    names = [r[0] for r in rows]
    return names, np.array([int(r[1]) for r in rows]), np.array([int(r[2]) for r in rows])


def test_us_house_2020_census_apportionment() -> None:
    """The 2020 US House apportionment: Huntington-Hill, 435 seats, 50 states.

    Source: Census Bureau Table 1 (see ``US_2020``). The populations agree with two
    other stored copies: scheinerman/Apportionments.jl ``data/state-pops-2020.csv``
    (commit 9e84e90a) and the resident + overseas columns of GPHemsley/house-apportionment
    ``data/2020_census.csv`` (commit 7207072f); their total, 331,108,434, is the figure
    of the Apportionments.jl README. Every state gets its first seat from the divisor
    sqrt(0 * 1) = 0, as in the Census Bureau's method of equal proportions.
    """
    names, pops, published = _us_2020()
    assert len(names) == 50
    assert int(pops.sum()) == 331_108_434
    assert int(published.sum()) == 435
    seats, ties = apportion(pops, 435, "huntington_hill", return_ties=True)
    np.testing.assert_array_equal(seats, published)
    assert not ties
    # Other methods on the same table, against the rows the Apportionments.jl README
    # prints (app_compare, columns Hamilton and Jefferson; it also shows Rhode Island with
    # 1 seat under Hamilton against 2 under Huntington-Hill). Jefferson favours the large
    # states and leaves Vermont and Wyoming without a seat.
    row = {n: i for i, n in enumerate(names)}
    hamilton = apportion(pops, 435, "hare")
    jefferson = apportion(pops, 435, "dhondt")
    assert int(hamilton[row["Rhode Island"]]) == 1
    for state, ham, jef in [
        ("Alabama", 7, 6),
        ("Alaska", 1, 1),
        ("Arizona", 9, 9),
        ("Arkansas", 4, 4),
        ("California", 52, 54),
        ("Colorado", 8, 8),
        ("Connecticut", 5, 5),
        ("Delaware", 1, 1),
        ("Utah", 4, 4),
        ("Vermont", 1, 0),
        ("Virginia", 11, 12),
        ("Washington", 10, 10),
        ("West Virginia", 2, 2),
        ("Wisconsin", 8, 8),
        ("Wyoming", 1, 0),
    ]:
        assert (int(hamilton[row[state]]), int(jefferson[row[state]])) == (ham, jef), state


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
    with pytest.raises(UnknownNameError, match="Unknown allocation method 'lottery'"):
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
    out, tie = apportion(pops, seats, return_ties=True)
    if not tie:
        assert out.tolist() == am.compute("huntington", pops, seats)

"""Tests of govsim.electoral.indices: published values, reference, properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govsim.electoral import effective_number, gallagher, loosemore_hanby
from govsim.errors import ValidationError
from govsim.testing.electoral_reference import (
    ref_effective_number,
    ref_gallagher,
    ref_loosemore_hanby,
)

PARTIES_2023 = [3_431_510, 693_938, 547_154, 535_139, 432_920, 331_058, 146_431]
AGAINST_ALL = 248_291
LIST_SEATS = [40, 8, 6, 6, 5, 4, 0]
CHAMBER_SEATS = [62, 8, 6, 6, 5, 4, 0]


def test_kazakhstan_2023_reference_table() -> None:
    """shared/reference/metrics.md section 7 (values computed from CEC data, Mazhilis 2023).

    List tier, party votes only: LSq 2.19, LH 2.69, ENPv 2.84, ENPs 2.68.
    "Against all" kept as a category: LSq 4.37, LH 6.20, ENPv 3.07.
    Whole chamber (98) vs list votes, independents one 0-vote category: LSq 8.33,
    LH 14.32, ENPs 2.36; each of the 7 independents its own party: ENPs 2.38.
    """
    assert gallagher(PARTIES_2023, LIST_SEATS) == pytest.approx(2.19, abs=0.005)
    assert loosemore_hanby(PARTIES_2023, LIST_SEATS) == pytest.approx(2.69, abs=0.005)
    assert effective_number(PARTIES_2023) == pytest.approx(2.84, abs=0.005)
    assert effective_number(LIST_SEATS) == pytest.approx(2.68, abs=0.005)

    with_aa = [*PARTIES_2023, AGAINST_ALL]
    assert gallagher(with_aa, [*LIST_SEATS, 0]) == pytest.approx(4.37, abs=0.005)
    assert loosemore_hanby(with_aa, [*LIST_SEATS, 0]) == pytest.approx(6.20, abs=0.005)
    assert effective_number(with_aa) == pytest.approx(3.07, abs=0.005)

    votes = [*PARTIES_2023, 0]
    seats = [*CHAMBER_SEATS, 7]
    assert gallagher(votes, seats) == pytest.approx(8.33, abs=0.005)
    assert loosemore_hanby(votes, seats) == pytest.approx(14.32, abs=0.005)
    assert effective_number(seats) == pytest.approx(2.36, abs=0.005)
    assert effective_number([*CHAMBER_SEATS, *([1] * 7)]) == pytest.approx(2.38, abs=0.005)


#: Mazhilis, 10 January 2021: list-vote percentages and the 98 list seats (the whole
#: elected chamber then), CEC final results of 12 January 2021 as reported by The Astana
#: Times (astanatimes.com/2021/01/kazakh-parliamentary-election-central-election-commission-
#: announces-final-results/), H; the same figures as the timeline's 2021 party_seats step.
PARTIES_2021 = [71.09, 10.95, 9.10, 5.29, 3.57]  # Nur Otan, Ak Zhol, People's, Auyl, Adal
SEATS_2021 = [76, 12, 10, 0, 0]


def test_kazakhstan_2021_whole_chamber() -> None:
    """The 2021 half of the expert's 2021 -> 2023 move (issue #13: Gallagher 6.53 -> 8.33,
    ENP by seats 1.60 -> 2.36): by hand, sqrt(((71.09 - 77.55)^2 + (10.95 - 12.24)^2 +
    (9.10 - 10.20)^2 + 5.29^2 + 3.57^2) / 2) = 6.53 and 1 / sum s_i^2 = 1.60."""
    assert gallagher(PARTIES_2021, SEATS_2021) == pytest.approx(6.53, abs=0.005)
    assert effective_number(SEATS_2021) == pytest.approx(1.60, abs=0.005)


def test_hand_computed() -> None:
    """Votes 60/40, seats 70/30: LSq = sqrt(0.5 (100 + 100)) = 10, LH = 10; ENP(0.5, 0.5) = 2."""
    assert gallagher([0.6, 0.4], [0.7, 0.3]) == pytest.approx(10.0, rel=1e-12)
    assert loosemore_hanby([60, 40], [7, 3]) == pytest.approx(10.0, rel=1e-12)
    assert effective_number([1, 1]) == pytest.approx(2.0, rel=1e-12)
    assert gallagher([1, 0], [0, 1]) == pytest.approx(100.0, rel=1e-12)
    assert loosemore_hanby([1, 0], [0, 1]) == pytest.approx(100.0, rel=1e-12)


def test_batched_and_nan_for_zero_totals() -> None:
    v = np.array([[60, 40], [50, 50], [0, 0]])
    s = np.array([[7, 3], [1, 1], [1, 1]])
    g = gallagher(v, s)
    assert g.shape == (3,)
    np.testing.assert_allclose(g[:2], [10.0, 0.0], atol=1e-12)
    assert np.isnan(g[2])
    assert effective_number(np.zeros((2, 3))).shape == (2,)


@pytest.mark.parametrize("func", [gallagher, loosemore_hanby])
def test_bad_input(func) -> None:
    with pytest.raises(ValidationError, match="'seats'"):
        func([1, 2], [1, 2, 3])
    with pytest.raises(ValidationError, match="'votes'"):
        func([1, -2], [1, 2])
    with pytest.raises(ValidationError, match="'votes'"):
        func([1, np.nan], [1, 2])
    with pytest.raises(ValidationError, match="'x'"):
        effective_number([])


pairs = st.integers(1, 8).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 10**6), min_size=n, max_size=n),
        st.lists(st.integers(0, 200), min_size=n, max_size=n),
    )
)


@settings(deadline=None, max_examples=100)
@given(pair=pairs)
def test_matches_reference_and_ranges(pair) -> None:
    votes, seats = pair
    assume(sum(votes) > 0 and sum(seats) > 0)
    g, lh = gallagher(votes, seats), loosemore_hanby(votes, seats)
    assert g == pytest.approx(ref_gallagher(votes, seats), abs=1e-9)
    assert lh == pytest.approx(ref_loosemore_hanby(votes, seats), abs=1e-9)
    assert effective_number(votes) == pytest.approx(ref_effective_number(votes), rel=1e-12)
    assert 0 <= g <= lh + 1e-9 <= 100 + 1e-9  # LSq never exceeds LH
    assert 1 - 1e-12 <= effective_number(seats) <= len(seats) + 1e-9

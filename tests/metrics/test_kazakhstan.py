"""The direction of every structural metric across Kazakhstan's 2019-2023 reforms.

Baseline: ``kazakhstan_2019()``; after: ``kazakhstan("2024-01-01")`` (the reform
timeline up to the 2023 pilot elections of district akims). Reference facts:
shared/reference/kazakhstan.md; metric anchors: shared/reference/metrics.md.
"""

from __future__ import annotations

import pytest

from govsim.metrics import compare
from govsim.scenarios import kazakhstan, kazakhstan_2019

STRUCTURAL = ["accountability", "concentration", "checks", "decentralization"]


@pytest.fixture(scope="module")
def reform():
    return compare(kazakhstan_2019(), kazakhstan("2024-01-01"), metrics=STRUCTURAL)


def test_every_structural_metric_is_pinned(reform):
    assert {r.metric for r in reform} == set(EXPECTED)


#: metric -> expected sign of after - before (+1 up, -1 down, 0 unchanged)
EXPECTED = {
    "accountability.elected_share": +1,
    "accountability.mean_chain_length": -1,
    "accountability.unaccountable_share": 0,
    "accountability.local_executive_share": +1,
    "accountability.elected_legislature": +1,
    "concentration.head_of_state_span": -1,
    "concentration.appointment_hhi": +1,
    "concentration.removal_exposure": -1,
    "checks.head_of_state": +1,
    "checks.government": 0,
    "decentralization.regional": +1,
    "decentralization.district": +1,
    "decentralization.representation": +1,
}


def test_directions(reform):
    """Why each metric moves the way it does:

    - elected share up, mean chain length down: 1,668 rural akims (730 in Jul 2021,
      the rest as terms expired, by Aug 2023) and the akims of 42 districts and 3
      cities (Nov 2023 pilot) are now elected by their own voters (chain 1 instead of
      3-4), and the Mazhilis's 9 Assembly-of-People seats are gone (ref §2, §5). So
      the local-executive share rises from 0 (no subnational executive was elected in
      2019) to about 0.67.
    - unaccountable share stays 0: every office had a chain from the voters before
      and still has one.
    - elected legislature (V-Dem v2xex_elecleg) 0.652 -> 0.700: see the next test.
    - head-of-state span down: the elected pilot district akims leave the
      president's appointment tree, and the rural akims they appoint with them
      (the elected rural akims leave the appointed pool altogether); the
      president appoints 10 senators instead of 15.
    - appointment HHI up, slightly: the appointment channels that disappear
      (district akims appointing rural akims) were spread over ~200 small
      appointers, so the remaining appointed seats sit with fewer, larger ones.
    - removal exposure down (0.450 -> 0.418): the president's dismissal chain
      (president -> regional akim -> district akim -> rural akims) reaches the same
      offices before and after, since the reform keeps the former appointer's power
      to dismiss newly elected akims (coded UNCONFIRMED, appointer='dismissal'). The
      three new regions (2022) and the new district units add akims to his reach
      (2,563 -> 2,569 seats), but the maslikhats, which nobody in his chain can
      remove, grow more: 2,962 seats in 2019 to the CEC's 3,415 of March 2023 (office
      seats 5,693 -> 6,149).
    - checks on the head of state up (2.07 -> 2.29): the Mazhilis loses the 9 seats
      chosen by the president-appointed Assembly of People (independence from the
      president 0.916 -> 1); the Senate has 40 of 50 seats elected by maslikhats
      instead of 34 of 49 (0.694 -> 0.8); the Constitutional Court (2023; the
      president appoints 5 of 11 judges, each chamber 3) inherits the chambers'
      independence (0.460 -> 0.491).
    - checks on the government unchanged: the Mazhilis (no confidence) and the
      president (dismissal) are its checks before and after, both independent of it.
    - regional representation 2 -> 3: since 2022 the president appoints regional
      akims only with the regional maslikhat's consent (RAI executive "dual", 1);
      maslikhats stay directly elected (2). District representation up: pilot
      district akims are directly elected (executive 2 instead of dual 1).
    """
    for row in reform:
        sign = (row.delta > 1e-12) - (row.delta < -1e-12)
        assert sign == EXPECTED[row.metric], (row.metric, row.before, row.after)


def test_elected_legislature_reference_values(reform):
    """metrics.md §1.2 (V-Dem elecoff.R coding, upper and lower chamber averaged):
    2019 Mazhilis 98 direct + 9 indirect of 107 -> 0.958; Senate 34 indirect + 15
    appointed of 49 -> 0.347; mean 0.652. After 2022-23: Mazhilis 98/98 direct -> 1;
    Senate 40 indirect + 10 appointed -> 0.4; mean 0.700."""
    row = reform["accountability.elected_legislature"]
    # the seat counts above, in exact arithmetic: a few ulps
    assert row.before == pytest.approx(((98 + 9 / 2) / 107 + (34 / 2) / 49) / 2, rel=1e-12)
    assert row.after == pytest.approx((98 / 98 + (40 / 2) / 50) / 2, rel=1e-12)
    # the published 3-decimal figures
    assert row.before == pytest.approx(0.652, abs=5e-4)
    assert row.after == pytest.approx(0.700, abs=5e-4)


def test_regional_representation_values(reform):
    """RAI coding (metrics.md §4, §8.6): appointed akim + elected maslikhat = 2 in 2019;
    dual appointment with maslikhat consent + elected maslikhat = 3 after 2022."""
    # population-weighted means of integer scores: a few ulps
    assert reform["decentralization.regional"].before == pytest.approx(2.0, rel=1e-12)
    assert reform["decentralization.regional"].after == pytest.approx(3.0, rel=1e-12)

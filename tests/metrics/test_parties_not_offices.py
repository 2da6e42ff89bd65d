"""Recording party seats changes no structural metric: parties are not offices.

The party layer (``holds_seats``, ``member_of``) says who sits in an office. Before
``office_mask`` left out the party kind, adding Kazakhstan's sourced party seats moved
``accountability.elected_share`` (0.538 -> 0.537) and ``unaccountable_share``
(0 -> 5.3e-4) with no change of institution.
"""

from __future__ import annotations

import math

import pytest

from govsim import evaluate
from govsim.scenarios import kazakhstan

STRUCTURAL = ("accountability", "concentration", "checks", "decentralization")


@pytest.mark.parametrize("date", ["2019-01-01", "2024-01-01", "2026-12-01"])
def test_party_layer_moves_no_structural_metric(date: str) -> None:
    without = evaluate(kazakhstan(date), metrics=list(STRUCTURAL))
    with_parties = evaluate(kazakhstan(date, parties=True), metrics=list(STRUCTURAL))
    assert without.keys() == with_parties.keys()
    for name, value in without.items():
        other = with_parties[name]
        if math.isnan(value):
            assert math.isnan(other), name
        else:
            assert other == pytest.approx(value, rel=1e-12, abs=1e-15), name

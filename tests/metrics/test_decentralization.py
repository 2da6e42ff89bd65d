"""Hand-computed RAI representation scores (Hooghe et al. 2016 coding, metrics.md §4)."""

from __future__ import annotations

import math

import pytest

from govsim.metrics import decentralization as D


def test_toy_by_hand(toy):
    """r1: council directly elected (2) + governor directly elected (2) = 4; r2: council
    directly elected (2) + governor appointed by the president with the council's
    consent, i.e. dual (1) = 3. Population-weighted (300, 100): 3.75. No district tier:
    the representation score is the regional one."""
    c = toy.compiled
    units, score = D.representation_scores(c, "regional")
    assert dict(zip(units.tolist(), score.tolist(), strict=True)) == {
        1: 4.0,
        2: 3.0,
    }
    assert D.regional(c) == pytest.approx(3.75)
    assert math.isnan(D.district(c))
    assert D.representation(c) == pytest.approx(3.75)


@pytest.mark.parametrize(
    ("executive_channels", "expected"),
    [
        ([("centre", "appoints", "ex")], 2.0),  # appointed by the centre: 0 + assembly 2
        ([("centre", "appoints", "ex"), ("co", "consents", "ex")], 3.0),  # dual
        ([("co", "elects", "ex")], 4.0),  # chosen by the assembly
        ([("centre", "nominates", "ex"), ("co", "elects", "ex")], 3.0),  # dual
        ([("vr", "elects", "ex")], 4.0),  # directly elected
    ],
)
def test_executive_coding(build_polity, executive_channels, expected):
    """metrics.md §4 and §8.6: appointed akim + elected maslikhat -> 0 + 2 = 2; dual -> 3;
    an executive the assembly chooses, or the voters elect, -> 2 + 2 = 4."""
    p = build_polity(
        [("centre", "head_of_state", "national", 1, "n"), ("vr", "electorate", "regional", 1, "r"),
         ("co", "council", "regional", 20, "r"), ("ex", "executive", "regional", 1, "r")],
        [("vr", "elects", "co"), *executive_channels],
        [("n", "national", None, 10), ("r", "regional", "n", 10)],
    )  # fmt: skip
    assert D.regional(p.compiled) == expected


def test_indirect_assembly_and_unknown_population(build_polity):
    """Two units without population (equal weights): an assembly chosen by another
    body (1) and none at all (0); no executives: (1 + 0)/2."""
    p = build_polity(
        [("x", "council", "national", 5), ("a", "council", "district", 5, "d1")],
        [("x", "elects", "a")],
        [("n", "national", None, None), ("d1", "district", "n", None),
         ("d2", "district", "n", None)],
    )  # fmt: skip
    assert D.district(p.compiled) == pytest.approx(0.5)
    assert math.isnan(D.regional(p.compiled))

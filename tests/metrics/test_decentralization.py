"""Hand-computed RAI representation scores (Hooghe et al. 2016 coding, metrics.md §4)."""

from __future__ import annotations

import itertools
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
    assert D.regional(c) == pytest.approx(3.75, rel=1e-12)
    assert math.isnan(D.district(c))
    assert D.representation(c) == pytest.approx(3.75, rel=1e-12)


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
    assert D.regional(p.compiled) == pytest.approx(expected, rel=1e-12)


def test_indirect_assembly_and_unknown_population(build_polity):
    """Two units without population (equal weights): an assembly chosen by another
    body (1) and none at all (0); no executives: (1 + 0)/2."""
    p = build_polity(
        [("x", "council", "national", 5), ("a", "council", "district", 5, "d1")],
        [("x", "elects", "a")],
        [("n", "national", None, None), ("d1", "district", "n", None),
         ("d2", "district", "n", None)],
    )  # fmt: skip
    assert D.district(p.compiled) == pytest.approx(0.5, rel=1e-12)
    assert math.isnan(D.regional(p.compiled))


def test_unknown_populations_are_imputed(build_polity):
    """Region n1 (1,000 people) has districts a (600, known), b and c (unknown): b and c
    share the 400 left, 200 each. Region n2 has no known population: its district d
    gets the mean known district population, 600. Scores: a 4 (council and akim
    elected), b 2, c 2, d 0 (nothing). District tier:
    (600*4 + 200*2 + 200*2 + 600*0) / 1,600 = 2.0. Dropping the unknown units
    (weight 0, the earlier coding) gave 4.0."""
    inst, rel = [], []
    for d, akim_elected in (("a", True), ("b", False), ("c", False)):
        inst += [(f"v{d}", "electorate", "district", 1, d), (f"m{d}", "council", "district", 10, d),
                 (f"k{d}", "executive", "district", 1, d)]  # fmt: skip
        rel += [(f"v{d}", "elects", f"m{d}")]
        rel += [(f"v{d}", "elects", f"k{d}")] if akim_elected else [("p", "appoints", f"k{d}")]
    p = build_polity(
        [("p", "head_of_state", "national"), *inst],
        rel,
        [("n", "national", None, None), ("n1", "regional", "n", 1000),
         ("n2", "regional", "n", None), ("a", "district", "n1", 600),
         ("b", "district", "n1", None), ("c", "district", "n1", None),
         ("d", "district", "n2", None)],
    )  # fmt: skip
    c = p.compiled
    units = (c.territory_level == 2).nonzero()[0]
    weights = dict(zip(units.tolist(), D.unit_weights(c, units).tolist(), strict=True))
    assert sorted(weights.values()) == pytest.approx([200.0, 200.0, 600.0, 600.0], rel=1e-12)
    assert D.district(c) == pytest.approx(2.0, rel=1e-12)


def test_akim_rollout_is_monotone():
    """The district-akim roll-out (examples/akim_rollout.py): electing a growing share
    of the still appointed district akims of Kazakhstan at 2024-01-01 raises the
    district tier's RAI representation score step by step, and it reaches the fully
    elected value (elected maslikhat 2 + elected akim 2 = 4) only when every akim is
    elected. Populations are recorded for 21 of the 200 districts; weighting the other
    179 by 0 (the earlier coding) made the score jump to 4.0 at 50% and stay there."""
    from govsim.reforms import DirectElection
    from govsim.scenarios import kazakhstan

    start = kazakhstan("2024-01-01")
    values = []
    for share in (0.0, 0.25, 0.5, 0.75, 0.9, 1.0):
        p = start
        if share:
            reform = DirectElection(
                offices={"kind": ["executive"], "level": ["district"]},
                share=share,
                appointer="dismissal",
            )
            p = reform.apply(start)
        values.append(D.district(p.compiled))
    assert all(b > a for a, b in itertools.pairwise(values)), values
    # the registry keeps the population-weighted sum in [0, 4] (it rounded to
    # 4.000000000000001 before)
    assert values[-1] <= 4.0
    assert values[-1] == pytest.approx(4.0, rel=1e-12)
    assert values[-2] < 4.0

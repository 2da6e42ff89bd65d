"""The EU-27 Council's double majorities against a third party's brute force over 2^27 votes.

conormcd/lisbon-voting-simulation (GitHub, Conor McDermottroe, 2008-2011; README.md and
simulate.c) enumerates all 134,217,728 yes/no profiles of the 27 member states of
2007-2013 (the United Kingdom in, Croatia not yet) and prints, per state and rule, its
"influences": the number of profiles in which the state's vote decides the outcome.
A state decisive in ``eta`` coalitions that do not contain it is decisive in ``2 eta``
profiles (with its vote yes or no), so the count is ``2^27`` times the raw Banzhaf
index ``eta / 2^26``. Its "wins" -- profiles where the outcome matches the state's
vote -- are ``2^26 + eta`` for a monotone rule (Rae's agreement identity), a second
check on the same counts.

The program's own figures are a computation, not a published table: no per-state
Shapley-Shubik or Banzhaf table of the Lisbon rule was found in the stored sources
(see ``test_multiweight_eu27_exits.py``). They are an independent exact count, made
by enumeration rather than by generating functions, over the full 27-member game:
every one of the 54 integers below is reproduced exactly.

The rules as the program codes them (simulate.c), with its populations in thousands:

* ``TFEU 238(2)``, the reinforced qualified majority: 72% of the states (20 of 27)
  representing 65% of the population;
* ``TEU 16(4)`` as coded: a profile passes only with fewer than four states against
  *and* 55% of the states and 65% of the population, that is 24 states holding 65%.
  This is the program's reading, not the treaty's rule (four states with 35% of the
  population block; four small ones do not), and is tested as the game it is.

The populations are the program's (thousands, "Wikipedia", 2008); they are all
multiples of 10, so weights in units of 10,000 give the same coalitions, and the
program's 65% test ``100 * pop / total >= 65.0`` in float64 is ``pop >= 321,705``
thousand (0.65 x 494,930 = 321,704.5), i.e. 32,171 units.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.power import MultiWeightGame, multiweight_banzhaf

#: The program's member states and populations in thousands (simulate.c, ``countries``).
POPULATION_2008 = {
    "Austria": 8_300, "Belgium": 11_000, "Bulgaria": 7_700, "Cyprus": 770,
    "Czech Republic": 10_000, "Denmark": 5_400, "Estonia": 1_300, "Finland": 5_300,
    "France": 63_000, "Germany": 82_000, "Greece": 11_000, "Hungary": 10_000,
    "Ireland": 4_200, "Italy": 59_000, "Latvia": 2_300, "Lithuania": 3_400,
    "Luxembourg": 460, "Malta": 400, "Netherlands": 18_000, "Poland": 38_000,
    "Portugal": 11_000, "Romania": 22_000, "Slovakia": 5_400, "Slovenia": 2_000,
    "Spain": 44_000, "Sweden": 9_000, "UK": 60_000,
}  # fmt: skip

#: "Influences" by country (README.md, RESULTS), columns TFEU 238 (2) and TEU 16 (4).
INFLUENCES = {
    "Austria": (1_051_904, 5_180), "Belgium": (1_063_144, 5_180),
    "Bulgaria": (1_049_360, 5_180), "Cyprus": (1_022_312, 5_180),
    "Czech Republic": (1_058_936, 5_180), "Denmark": (1_039_832, 5_180),
    "Estonia": (1_024_224, 5_180), "Finland": (1_039_588, 5_180),
    "France": (1_319_580, 5_200), "Germany": (1_461_000, 5_216),
    "Greece": (1_063_144, 5_180), "Hungary": (1_058_936, 5_180),
    "Ireland": (1_035_320, 5_180), "Italy": (1_292_968, 5_200),
    "Latvia": (1_028_052, 5_180), "Lithuania": (1_032_072, 5_180),
    "Luxembourg": (1_020_988, 5_180), "Malta": (1_020_704, 5_180),
    "Netherlands": (1_094_272, 5_180), "Poland": (1_190_088, 5_192),
    "Portugal": (1_063_144, 5_180), "Romania": (1_111_244, 5_180),
    "Slovakia": (1_039_832, 5_180), "Slovenia": (1_026_972, 5_180),
    "Spain": (1_206_472, 5_192), "Sweden": (1_054_660, 5_180),
    "UK": (1_299_552, 5_200),
}  # fmt: skip

#: "Wins" of two states under TFEU 238 (2) (README.md), for the agreement identity.
WINS_238_2 = {"Germany": 67_839_364, "Malta": 67_619_216, "Poland": 67_703_908}

PROFILES = 2**27
#: 65% of 494,930 thousand, in units of 10,000 people (see the module docstring).
POPULATION_QUOTA = 32_171


def _game(states: int) -> MultiWeightGame:
    pop = np.array(list(POPULATION_2008.values()), dtype=np.int64)
    assert np.all(pop % 10 == 0)
    assert int(pop.sum()) == 494_930
    w = np.c_[np.ones(pop.size, dtype=np.int64), pop // 10]
    return MultiWeightGame(w, [[states, POPULATION_QUOTA]], names=list(POPULATION_2008))


@pytest.mark.parametrize(("column", "states"), [(0, 20), (1, 24)], ids=["TFEU238(2)", "TEU16(4)"])
def test_influence_counts_match_the_brute_force(column: int, states: int) -> None:
    raw = multiweight_banzhaf(_game(states), normalized=False)
    got = np.array([raw[k] * PROFILES for k in INFLUENCES])
    want = np.array([v[column] for v in INFLUENCES.values()], dtype=np.float64)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)


def test_wins_follow_from_the_swings() -> None:
    raw = multiweight_banzhaf(_game(20), normalized=False)
    for state, wins in WINS_238_2.items():
        assert 2**26 + raw[state] * PROFILES / 2 == pytest.approx(wins, abs=1e-6)

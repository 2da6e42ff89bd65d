"""The EU-27 double majority against a published per-state result: who gains from an exit.

No published table of per-state Shapley–Shubik or Banzhaf values for the EU-27 under
the Lisbon rule was found in the stored sources searched (Kóczy 2021, Games 12(2):51;
Petróczy, Rogers & Kóczy 2022; Petróczy & Csató, arXiv:2312.16878; Kirsch's CEPS
commentary; the ``powerindex`` and ``powerindices`` examples; GitHub code): their pages
are stored from the beginning only, and the tables lie beyond. A second search found
no more: Kóczy's "Beyond Lisbon" (9dok.org copy) and "How Brexit affects European
Union power distribution" (MT-DP 2016/11, pdffox copy; VoxEU column), Kóczy (2021) on
MDPI and its mirrors, Leech (2002, Public Choice 113), Słomczyński & Życzkowski
(physics/0610271), Cichocki & Życzkowski (2010, ebin.pub), Ion (2023, EJGE 12(1)), the
``power_bdd``, ``powerindexR``, ``GameTheory`` and ``CoopGame`` documentation, and GitHub
code and issues hold abstracts, first pages and programs, no per-state table; Kirsch &
Langner and the Wikipedia article on voting in the Council were not found. What the stored text
does publish per state is the direction of the change after a further exit, which this
file checks; an exact per-state count by a third party's brute force over the 2^27
profiles is checked in ``test_multiweight_eu27_bruteforce.py``.

A third search (December 2026; query, corpus: what came back) found no table either.
Web pages, "Mercik Ramsey effect of Brexit balance of power EU Council Banzhaf": Kóczy
(2021) and Petróczy et al. (2022) again (mdpi.com, cricutcom-setup.com, 9dok.org),
Kirsch's CEPS page, all from their first page; Mercik & Ramsey not stored. Web pages,
"Szczypińska ... after Brexit Banzhaf" and "Grech ... Penrose-Banzhaf 2020 population":
neither author stored; new were Gábor (2020), "Impact of Brexit on power in Council of
the European Union", *Open Political Science* 3:192-197, doi:10.1515/openps-2020-0016
(docslib.org/doc/13258528, Banzhaf indices of the EU-27), Kleinowski & Czaputowicz's
UACES 2017 draft (vdocuments.mx) and Kleinowski (2019), doi:10.14746/ssp.2019.2.1
(slideshare.net), each stored to its introduction only; a query naming Gábor's table
rows returned the same first page. Code, "EU27 Council qualified majority
Shapley-Shubik Banzhaf index per member state population 2020": sumtxt/coresize (Nice
weights EU-9 to EU-28), conormcd/lisbon-voting-simulation (used), power-index READMEs.
Documentation, "Voting in the Council ... Banzhaf Shapley-Shubik table": ghxm/comPosition,
``R/eu_council_voting_weights.R`` (after Holger Döring's code), normalised Banzhaf and
Shapley-Shubik per state to 3 decimals for the EU-28 of 2014-11-01 without their inputs
or source, and population shares (2 decimals) for the EU-27 of 2020 without indices;
computed from its 2014 shares the indices disagree (Germany's Shapley-Shubik 0.146
against 0.149, Banzhaf 0.103 against 0.116), so it was not used. Repositories named
``banzhaf``, ``powerind``, ``power-ind``, ``voting-power``, ``shapley-shubik``,
``eu-council`` and ``council``; exact strings ``"Malta": 0.``, ``Malta,0.0``, ``double
majority`` and the Eurostat totals for Germany 83166711, 83155031, 83237124 (code that
would carry EU populations): no EU-27 power table. A Wikipedia copy
(chinapedia/wikipedia.abstract.en) holds ``Page/Council_of_the_European_Union.md``, the
EU-28 article text, whose tables (the governments represented) are dropped and which
gives the voting rule but no index; it has no page on voting in the Council.
"""

from __future__ import annotations

from math import ceil

import numpy as np
import pytest

from govsim.power import MultiWeightGame, multiweight_shapley_shubik

#: Population on 1 Jan 2023, Eurostat tps00001 (as in tests/power/test_multiweight.py; H).
EU27_2023 = {
    "Germany": 84_358_845, "France": 68_070_697, "Italy": 58_850_717, "Spain": 48_059_777,
    "Poland": 36_753_736, "Romania": 19_051_562, "Netherlands": 17_811_291,
    "Belgium": 11_754_004, "Czechia": 10_827_529, "Sweden": 10_521_556,
    "Portugal": 10_467_366, "Greece": 10_394_055, "Hungary": 9_597_085, "Austria": 9_104_772,
    "Bulgaria": 6_447_710, "Denmark": 5_932_654, "Finland": 5_563_970, "Slovakia": 5_428_792,
    "Ireland": 5_194_336, "Croatia": 3_850_894, "Lithuania": 2_857_279, "Slovenia": 2_116_792,
    "Latvia": 1_883_008, "Estonia": 1_365_884, "Cyprus": 920_701, "Luxembourg": 660_809,
    "Malta": 542_051,
}  # fmt: skip

#: Population unit of the weights: 10,000 people. Rounding moves no share by more than
#: 2e-5 against units of 1,000 (measured), far below the changes tested (1e-3).
UNIT = 10_000


def _council(pop: dict[str, int]) -> MultiWeightGame:
    """55% of the states (rounded up) holding 65% of the population, or all but three."""
    n = len(pop)
    w = np.array([round(v / UNIT) for v in pop.values()], dtype=np.int64)
    states = ceil(0.55 * n - 1e-9)
    quota = ceil(0.65 * int(w.sum()))
    return MultiWeightGame(
        np.c_[np.ones(n, dtype=np.int64), w], [[states, quota], [n - 3, 0]], names=list(pop)
    )


@pytest.mark.parametrize("leaver", ["Poland", "Hungary"])
def test_an_exit_that_keeps_the_state_threshold_benefits_the_small(leaver: str) -> None:
    """Petróczy, Rogers & Kóczy (2022), "Exits from the European Union and Their Effect on
    Power Distribution in the Council", *Games* 13(1):18, doi:10.3390/g13010018,
    abstract: an exit that does not change the number of states the 55% threshold
    needs benefits the small member states (an exit that changes it, as Brexit did, 16
    -> 15, benefits the populous: Kóczy 2021, *Games* 12(2):51). From 27 states to 26
    the threshold stays 15: the largest state loses and the small ones gain. The paper
    names a Polexit; Hungary is a second case. Populations of 2023 (the paper's own
    year is not in the stored text): the direction is tested, not the size."""
    before = multiweight_shapley_shubik(_council(EU27_2023))
    rest = {k: v for k, v in EU27_2023.items() if k != leaver}
    assert ceil(0.55 * len(rest) - 1e-9) == ceil(0.55 * len(EU27_2023) - 1e-9) == 15
    after = multiweight_shapley_shubik(_council(rest))
    assert after["Germany"] < before["Germany"] - 1e-4
    small = [k for k, v in rest.items() if v < 7_000_000]  # Bulgaria and every smaller state
    assert len(small) == 13
    for state in small:
        assert after[state] > before[state] + 1e-4, state
    assert sum(after.values()) == pytest.approx(1.0, abs=1e-9)

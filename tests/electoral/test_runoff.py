"""Tests of the two-round runoff (govsim.electoral.two_round) and its Monte Carlo tier."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.electoral import VoteModel, simulate, two_round
from govsim.electoral.runoff import MAX_CANDIDATES, MAX_DISTRICT_VOTES
from govsim.errors import GovsimError, ValidationError
from govsim.model.rows import ElectoralSystem, SingleMemberTier
from govsim.testing.electoral_reference import ref_two_round

# Charente's 1st constituency, legislative by-election, first round of 22 January 2023:
# Pilato, Cazenave, Souchaud, Clergeau, Mesnier, Nicolas, Bondon, Bénétreau.
CHARENTE_1_2023 = [8311, 843, 480, 1107, 8353, 425, 501, 3485]
CHARENTE_1_2023_REGISTERED = 83_963


def test_published_french_case_first_round_decides_who_qualifies() -> None:
    """Charente 1st constituency, by-election of 22 January 2023 (final first-round
    figures published by the prefecture, france3-regions.francetvinfo.fr, "Election
    législative partielle en Charente : 1er tour très serré et abstention massive";
    83,963 registered). Code électoral art. L126: nobody has a majority, nobody reaches
    12.5% of the registered (10,496 votes), so the top two, Mesnier (8,353) and Pilato
    (8,311), go to the second round; Bénétreau's 14.8% of the votes cast is not enough.
    Pilato won the second round (12,200 to 11,726): with the first-round votes alone
    Mesnier would win; a transfer of Bénétreau's and the small candidates' voters
    that favours Pilato reproduces the result.
    """
    r = two_round(
        [CHARENTE_1_2023],
        CHARENTE_1_2023_REGISTERED,
        majority_registered=0.25,
        qualify_registered=0.125,
    )
    assert not r.first_round[0]
    assert np.flatnonzero(r.qualified[0]).tolist() == [0, 4]
    assert int(r.winners[0]) == 4  # no transfer: the front runner keeps the lead
    t = np.zeros((8, 8))
    t[[1, 2, 3, 5, 6, 7], 0] = 0.3  # 30% of the others' voters go to Pilato
    t[[1, 2, 3, 5, 6, 7], 4] = 0.2
    r = two_round(
        [CHARENTE_1_2023],
        CHARENTE_1_2023_REGISTERED,
        majority_registered=0.25,
        qualify_registered=0.125,
        transfer=t,
    )
    assert int(r.winners[0]) == 0


def test_french_rules_triangular_and_first_round_win() -> None:
    # 100 registered: 13% of the registered qualifies a third candidate
    r = two_round([[40, 30, 13, 5]], 100, majority_registered=0.25, qualify_registered=0.125)
    assert r.qualified[0].tolist() == [True, True, True, False]
    # a majority with 24 of 100 registered is not enough in the first round
    r = two_round([[24, 10, 9]], 100, majority_registered=0.25, qualify_registered=0.125)
    assert not r.first_round[0]
    assert r.qualified[0].tolist() == [True, True, False]
    r = two_round([[25, 10, 9]], 100, majority_registered=0.25, qualify_registered=0.125)
    assert r.first_round[0]
    assert int(r.winners[0]) == 0


def test_nobody_voted_and_batch_shape() -> None:
    r = two_round(np.zeros((3, 4, 2), dtype=np.int64))
    assert r.winners.shape == (3, 4)
    assert (r.winners == -1).all()


_district = st.lists(st.integers(0, 50), min_size=2, max_size=5)


@settings(deadline=None, max_examples=80)
@given(
    st.lists(_district, min_size=1, max_size=6).filter(lambda d: len({len(x) for x in d}) == 1),
    st.integers(0, 300),
    st.sampled_from([0, 1, 2]),
    st.sampled_from([None, Fraction(1, 8), Fraction(1, 5)]),
    st.integers(1, 3),
    st.data(),
)
def test_matches_reference(
    districts: list[list[int]],
    extra: int,
    maj: int,
    qual: Fraction | None,
    size: int,
    data: st.DataObject,
) -> None:
    n = len(districts[0])
    # transfer entries in eighths: exact in float64, so float and Fraction agree
    t = data.draw(
        st.lists(st.lists(st.integers(0, 2), min_size=n, max_size=n), min_size=n, max_size=n)
    )
    tf = [[Fraction(x, 8) for x in row] for row in t]
    reg = [sum(d) + extra for d in districts]
    mr = [Fraction(0), Fraction(1, 4), Fraction(1, 3)][maj]
    r = two_round(
        districts,
        reg,
        majority_registered=mr,
        qualify_registered=qual,
        runoff_size=size,
        transfer=np.asarray(t) / 8,
    )
    for k, d in enumerate(districts):
        w, first, field = ref_two_round(d, reg[k], mr, qual, size, tf)
        assert int(r.winners[k]) == w
        assert bool(r.first_round[k]) == first
        assert np.flatnonzero(r.qualified[k]).tolist() == field


def test_errors_name_the_parameter() -> None:
    with pytest.raises(ValidationError, match="'first_round'"):
        two_round([1, 2])
    with pytest.raises(ValidationError, match="'first_round'"):
        two_round([[1, -2]])
    with pytest.raises(ValidationError, match="MAX_DISTRICT_VOTES"):
        two_round([[MAX_DISTRICT_VOTES + 1, 1]])
    with pytest.raises(ValidationError, match="MAX_CANDIDATES"):
        two_round(np.ones((1, MAX_CANDIDATES + 1), dtype=np.int64))
    with pytest.raises(ValidationError, match="'registered'"):
        two_round([[5, 4]], qualify_registered=0.125)
    with pytest.raises(ValidationError, match="'registered'"):
        two_round([[5, 4]], 8)  # fewer registered than votes
    with pytest.raises(ValidationError, match="'registered'"):
        two_round([[5, 4], [1, 1]], [10, 10, 10])
    with pytest.raises(ValidationError, match="'qualify_registered'"):
        two_round([[5, 4]], 10, qualify_registered=0.0)
    with pytest.raises(ValidationError, match="'majority_registered'"):
        two_round([[5, 4]], 10, majority_registered=1.5)
    with pytest.raises(ValidationError, match="'runoff_size'"):
        two_round([[5, 4]], runoff_size=0)
    with pytest.raises(ValidationError, match="'transfer'"):
        two_round([[5, 4]], transfer=[[0, 1]])
    with pytest.raises(ValidationError, match="'transfer'"):
        two_round([[5, 4, 1]], transfer=[[0, 0.7, 0.7], [0, 0, 0], [0, 0, 0]])


def test_tier_fields_and_simulation() -> None:
    with pytest.raises(GovsimError, match="'qualify_registered'"):
        SingleMemberTier(seats=3, qualify_registered=0.125)  # plurality tier
    tier = SingleMemberTier(
        seats=40, formula="two_round", majority_registered=0.25, qualify_registered=0.125
    )
    es = ElectoralSystem(body="assembly", tiers=(tier,))
    plain = VoteModel(shares=(0.4, 0.35, 0.25), district_swing=0.0, turnout=0.4, concentration=1e7)
    # no swing, no transfer: the front runner wins every district
    r = simulate(es, plain, 20, seed=0)
    assert (r.seats[:, 0] == 40).all()
    # at 40% turnout the third (25% of the votes, 10% of the registered) is out and its
    # voters go 90% to the runner-up, who then wins everywhere
    moved = VoteModel(
        shares=(0.4, 0.35, 0.25),
        district_swing=0.0,
        turnout=0.4,
        concentration=1e7,
        transfers=((0, 0, 0), (0, 0, 0), (0, 0.9, 0)),
    )
    r = simulate(es, moved, 20, seed=0)
    assert (r.seats[:, 1] == 40).all()
    with pytest.raises(ValidationError, match="'transfers'"):
        VoteModel(shares=(0.5, 0.5), transfers=((0, 2), (0, 0)))
    with pytest.raises(ValidationError, match="'turnout'"):
        VoteModel(shares=(0.5, 0.5), turnout=0.0)

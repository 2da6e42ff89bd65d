"""Size bounds of the power indices: large games end fast, with a faithful value or an error."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from govsim import ValidationError
from govsim.power import (
    BlockGame,
    WeightedGame,
    approximate_banzhaf,
    approximate_shapley_shubik,
    banzhaf,
    lawmaking_shares,
    seats_needed,
    shapley_shubik,
    swing_probabilities,
)
from govsim.power import exact as exact_module

US = BlockGame(
    {"president": 1, "senate": 100, "house": 435},
    [{"president": 1, "senate": 51, "house": 218}, {"senate": 67, "house": 290}],
)


pytestmark = pytest.mark.usefixtures("hang_guard")


def kazakh_game(mazhilis: int, senate: int = 49) -> BlockGame:
    """The Kazakhstan 2019 lawmaking game with chambers of the given sizes."""
    return BlockGame(
        {"president": 1, "mazhilis": mazhilis, "senate": senate},
        [
            {"president": 1, "mazhilis": mazhilis // 2 + 1, "senate": senate // 2 + 1},
            {"mazhilis": -(-2 * mazhilis // 3), "senate": -(-2 * senate // 3)},
        ],
    )


def test_adaptive_rule_matches_the_exact_fractions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The adaptive rule (forced on the US game) agrees with the big-integer count to 1e-12."""
    exact = shapley_shubik(US, exact=True)
    monkeypatch.setattr(exact_module, "MAX_GAUSS_NODES", 10)
    adaptive = shapley_shubik(US)
    for name in US.names:
        assert adaptive[name] == pytest.approx(float(exact[name]), abs=1e-12)


@pytest.mark.parametrize("seats", [10**5, 10**7])
def test_chamber_of_many_seats_is_fast_and_faithful(seats: int) -> None:
    """10^5 seats spent minutes in roots_legendre(50001); now an adaptive rule, to 1e-9.

    The shares sum to 1 (efficiency) and, as the chamber grows, stay within 1e-3 of those
    of a Mazhilis of 3,000 seats computed by the exact rule (the limit is smooth).
    """
    shares = shapley_shubik(kazakh_game(seats))
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-9)
    reference = shapley_shubik(kazakh_game(3_000))  # exact Gauss–Legendre rule
    for name, value in shares.items():
        assert value == pytest.approx(reference[name], abs=1e-3)


def test_two_large_chambers() -> None:
    """Two chambers of 10^5 seats: the old count grid would hold 10^10 cells per node."""
    game = BlockGame(
        {"president": 1, "lower": 100_000, "upper": 100_000},
        [{"president": 1, "lower": 50_001, "upper": 50_001}, {"lower": 66_667, "upper": 66_667}],
    )
    shares = shapley_shubik(game)
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-9)
    assert shares["lower"] == pytest.approx(shares["upper"], abs=1e-12)
    beta = banzhaf(game)
    assert sum(beta.values()) == pytest.approx(1.0, abs=1e-12)
    assert swing_probabilities(game, 0.5).shape == (3,)


def test_lawmaking_shares_of_a_polity_with_a_huge_chamber() -> None:
    """evaluate()'s power metrics on a 10^5-seat Mazhilis end fast with shares summing to 1."""
    from govsim.reforms import ResizeBody
    from govsim.scenarios.kazakhstan import kazakhstan_2019

    polity = kazakhstan_2019().apply(ResizeBody(body="mazhilis", seats=100_000))
    shares = lawmaking_shares(polity)
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-9)
    assert shares["mazhilis"] == pytest.approx(0.4256, abs=1e-3)


def test_weighted_shapley_shubik_of_300_players_is_refused_up_front() -> None:
    """Weights 1..300 need 10^9 cells (half a minute) and hours exactly: errors naming the way out."""
    game = WeightedGame(np.arange(1, 301), 45_150 // 2 + 1)
    with pytest.raises(ValidationError, match=r"'game' parameter of shapley_shubik.*approximate"):
        shapley_shubik(game)
    with pytest.raises(ValidationError, match="'exact' parameter of shapley_shubik"):
        shapley_shubik(game, exact=True)
    estimate = approximate_shapley_shubik(game, n_samples=200, seed=0)  # the way out works
    assert estimate.values.shape == (300,)


def test_huge_total_weight_is_refused_not_a_memory_error() -> None:
    """A total weight of 10^12 asked for 10^12 frequencies (MemoryError)."""
    game = WeightedGame([10**12, 1], 2)
    with pytest.raises(ValidationError, match=r"'game' parameter of banzhaf.*MAX_FREQUENCY_CELLS"):
        banzhaf(game)
    with pytest.raises(ValidationError, match="'game' parameter of swing_probabilities"):
        swing_probabilities(game, 0.5)
    with pytest.raises(ValidationError, match="'exact' parameter of banzhaf"):
        banzhaf(WeightedGame([10**12, 1], 10**12), exact=True)  # 2 x 10^12 additions
    assert banzhaf(game, exact=True).tolist() == [Fraction(1), Fraction(0)]  # q = 2: cheap


def test_exact_block_count_is_bounded() -> None:
    with pytest.raises(ValidationError, match=r"'exact' parameter of shapley_shubik.*MAX_EXACT"):
        shapley_shubik(kazakh_game(10**5), exact=True)
    assert sum(shapley_shubik(kazakh_game(98), exact=True).values()) == Fraction(1)


def test_weights_beyond_int64_are_refused_not_wrapped() -> None:
    """[2**63, 1, 1] became [-2**63, 1, 1] in the int64 conversion."""
    with pytest.raises(ValidationError, match="'weights' parameter of WeightedGame"):
        WeightedGame([2**63, 1, 1], 2)
    with pytest.raises(ValidationError, match="'weights' parameter of WeightedGame"):
        WeightedGame([1e19, 1.0], 2)
    with pytest.raises(ValidationError, match="'weights' parameter of WeightedGame"):
        WeightedGame([2**62, 2**62], 2)  # the int64 sum wrapped around


def test_block_size_bound() -> None:
    with pytest.raises(ValidationError, match=r"'sizes\[a\]' parameter of BlockGame"):
        BlockGame({"a": 2**63}, [{"a": 1}])  # size_array raised OverflowError


def test_sample_count_bound() -> None:
    """10^12 samples asked numpy for a (10^12, 1) array: now refused naming n_samples."""
    with pytest.raises(ValidationError, match="'n_samples' parameter of approximate_banzhaf"):
        approximate_banzhaf(US, n_samples=10**12)
    with pytest.raises(ValidationError, match="'n_samples' parameter of approximate_shapley"):
        approximate_shapley_shubik(WeightedGame([1, 1, 1], 2), n_samples=10**12)


def test_exact_flag_must_be_a_bool() -> None:
    with pytest.raises(ValidationError, match="'exact' parameter of shapley_shubik"):
        shapley_shubik(US, exact="yes")  # type: ignore[call-overload]
    with pytest.raises(ValidationError, match="'normalized' parameter of banzhaf"):
        banzhaf(US, normalized=None)  # type: ignore[call-overload]


def test_seats_needed_checks_its_arguments() -> None:
    """seats_needed(0.5, 0) returned 1 vote out of no seats."""
    with pytest.raises(ValidationError, match="'seats' parameter of seats_needed"):
        seats_needed(0.5, 0)
    with pytest.raises(ValidationError, match="'fraction' parameter of seats_needed"):
        seats_needed(1.5, 10)
    with pytest.raises(ValidationError, match="'fraction' parameter of seats_needed"):
        seats_needed(float("nan"), 10)
    assert seats_needed(2 / 3, 99) == 66

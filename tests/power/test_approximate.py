"""Monte Carlo power indices agree with the exact ones within their standard errors."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import ValidationError
from govsim.power import (
    BlockGame,
    WeightedGame,
    approximate_banzhaf,
    approximate_shapley_shubik,
    banzhaf,
    shapley_shubik,
)

US = BlockGame(
    {"president": 1, "senate": 100, "house": 435},
    [{"president": 1, "senate": 51, "house": 218}, {"senate": 67, "house": 290}],
)
GAME = WeightedGame([7, 7, 5, 3, 3, 1, 1, 0, 2, 9], 20)


def within(est: np.ndarray, se: np.ndarray, exact: np.ndarray, k: float = 4.5) -> bool:
    return bool(np.all(np.abs(est - exact) <= k * se + 1e-12))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weighted_within_error(seed: int) -> None:
    for normalized in (True, False):
        est = approximate_banzhaf(GAME, n_samples=20_000, seed=seed, normalized=normalized)
        assert within(est.values, est.stderr, banzhaf(GAME, normalized=normalized))
    est = approximate_shapley_shubik(GAME, n_samples=20_000, seed=seed)
    assert within(est.values, est.stderr, shapley_shubik(GAME))
    assert np.all(est.stderr[GAME.weights > 0] > 0)


@pytest.mark.parametrize("seed", [0, 1])
def test_block_within_error(seed: int) -> None:
    for est, exact in (
        (approximate_shapley_shubik(US, n_samples=20_000, seed=seed), shapley_shubik(US)),
        (approximate_banzhaf(US, n_samples=20_000, seed=seed), banzhaf(US)),
        (
            approximate_banzhaf(US, n_samples=20_000, seed=seed, normalized=False),
            banzhaf(US, normalized=False),
        ),
    ):
        names = US.names
        assert within(
            np.array([est.values[b] for b in names]),
            np.array([est.stderr[b] for b in names]),
            np.array([exact[b] for b in names]),
        )


def test_standard_error_shrinks_and_seed_reproduces() -> None:
    small = approximate_shapley_shubik(GAME, n_samples=2_000, seed=5)
    large = approximate_shapley_shubik(GAME, n_samples=50_000, seed=5)
    assert np.all(large.stderr[GAME.weights > 0] < small.stderr[GAME.weights > 0])
    again = approximate_shapley_shubik(GAME, n_samples=2_000, seed=5)
    np.testing.assert_array_equal(small.values, again.values)


def test_rejects_bad_input() -> None:
    with pytest.raises(ValidationError, match="'n_samples' parameter of approximate_banzhaf"):
        approximate_banzhaf(GAME, n_samples=1)
    with pytest.raises(ValidationError, match="'game' parameter of approximate_shapley_shubik"):
        approximate_shapley_shubik("game")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'seed'"):
        approximate_banzhaf(GAME, seed=-1)

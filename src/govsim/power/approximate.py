"""Monte Carlo Shapley–Shubik and Banzhaf indices, with standard errors.

For games too large for :mod:`govsim.power.exact` (a weighted game with a huge total
weight, a block game with very many blocks). Both estimators sample Owen's multilinear
extension: draw ``t`` (``t = 1/2`` for Banzhaf, ``t ~ U(0, 1)`` for Shapley–Shubik),
let every player join independently with probability ``t``, and record which players
swing. The mean of the swing indicators is unbiased for the index, and its standard
error is the sample standard deviation over ``sqrt(n_samples)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim._random import SeedLike, as_generator
from govsim._validation import check_int, param_error
from govsim.power.games import BlockGame, WeightedGame

__all__ = ["MAX_SAMPLE_CELLS", "PowerEstimate", "approximate_banzhaf", "approximate_shapley_shubik"]

_BATCH_CELLS = 1 << 22  # samples x players per batch: bounds memory

#: Most samples x players (weighted game) or samples x blocks x clauses (block game) of
#: one estimate: the running time, about 10 ns a cell (10^9 cells: some seconds). The
#: default 10^4 samples reach a standard error below 0.005; 10^7 samples of a game of 100
#: players (a standard error near 1.6e-4) stay within the bound.
MAX_SAMPLE_CELLS = 10**9


@dataclass(frozen=True)
class PowerEstimate:
    """A Monte Carlo power index with its standard errors.

    Attributes
    ----------
    values : numpy.ndarray or dict
        The estimates, shaped like the exact index (per player, or block -> total).
    stderr : numpy.ndarray or dict
        Monte Carlo standard error of each estimate, shaped like ``values``.
    n_samples : int
        Number of samples drawn (per block for a block game).
    """

    values: Any
    stderr: Any
    n_samples: int


def _check(game: Any, n_samples: Any, func: str) -> int:
    if not isinstance(game, (WeightedGame, BlockGame)):
        raise param_error("game", func, "a WeightedGame or a BlockGame", type(game).__name__)
    n = check_int(n_samples, "n_samples", func, low=2)
    if isinstance(game, WeightedGame):
        per_sample = game.n_players
    else:
        per_sample = len(game.names) * len(game.names) * game.threshold_array.shape[0]
    if n * per_sample > MAX_SAMPLE_CELLS:
        raise param_error(
            "n_samples",
            func,
            f"at most MAX_SAMPLE_CELLS = {MAX_SAMPLE_CELLS:,} divided by the {per_sample:,} "
            f"cells of a sample of this game, i.e. <= {MAX_SAMPLE_CELLS // per_sample:,}",
            n,
        )
    return n


def _weighted_moments(
    game: WeightedGame, n_samples: int, rng: np.random.Generator, banzhaf: bool
) -> tuple[NDArray[np.float64], ...]:
    """Sums over samples of X_i, X_i^2, X_i R and R, R^2 (R = number of swingers)."""
    w, q, n = game.weights, game.quota, game.n_players
    sx = np.zeros(n)
    sxr = np.zeros(n)
    sr = sr2 = 0.0
    batch = max(1, _BATCH_CELLS // n)
    for start in range(0, n_samples, batch):  # batches of samples, vectorized within
        b = min(batch, n_samples - start)
        t = np.full((b, 1), 0.5) if banzhaf else rng.random((b, 1))
        z = rng.random((b, n)) < t
        total = z.astype(np.int64) @ w
        others = total[:, None] - w * z
        x = ((others < q) & (others + w >= q)).astype(np.float64)
        r = x.sum(axis=1)
        sx += x.sum(axis=0)
        sxr += r @ x
        sr += r.sum()
        sr2 += r @ r
    return sx, sx.copy(), sxr, np.array(sr), np.array(sr2)  # X is 0/1: sum X^2 = sum X


def _block_member_swings(
    game: BlockGame, n_samples: int, rng: np.random.Generator, banzhaf: bool
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mean and standard error of the swing indicator of one member of each block."""
    sizes = game.size_array
    mean = np.empty(sizes.size)
    se = np.empty(sizes.size)
    batch = max(1, _BATCH_CELLS // (sizes.size * game.threshold_array.shape[0]))
    for b in range(sizes.size):  # loop over blocks; samples vectorized, in batches
        others = sizes.copy()
        others[b] -= 1
        bump = np.zeros(sizes.size, dtype=np.int64)
        bump[b] = 1
        swings = 0
        for start in range(0, n_samples, batch):
            m = min(batch, n_samples - start)
            t = np.full((m, 1), 0.5) if banzhaf else rng.random((m, 1))
            counts = rng.binomial(others[None, :], t)
            swings += int(np.count_nonzero(game.winning(counts + bump) & ~game.winning(counts)))
        p = swings / n_samples  # the indicator is 0/1: its sample variance from the mean
        mean[b] = p
        se[b] = np.sqrt(p * (1.0 - p) * n_samples / (n_samples - 1)) / np.sqrt(n_samples)
    return mean, se


def _weighted_estimate(
    game: WeightedGame, n_samples: int, seed: SeedLike, banzhaf: bool, normalized: bool
) -> PowerEstimate:
    rng = as_generator(seed)
    sx, sx2, sxr, sr, sr2 = _weighted_moments(game, n_samples, rng, banzhaf)
    m = n_samples
    mean = sx / m
    var = (sx2 - m * mean**2) / (m - 1)
    if not normalized:
        return PowerEstimate(mean, np.sqrt(np.maximum(var, 0.0) / m), m)
    # Ratio estimator beta_i = mean_i / mean_R; delta method on Z = (X_i - beta_i R) / mean_R.
    mean_r = float(sr) / m
    beta = mean / mean_r
    var_r = (float(sr2) - m * mean_r**2) / (m - 1)
    cov = (sxr - m * mean * mean_r) / (m - 1)
    var_z = (var - 2.0 * beta * cov + beta**2 * var_r) / mean_r**2
    return PowerEstimate(beta, np.sqrt(np.maximum(var_z, 0.0) / m), m)


def _by_block(
    game: BlockGame, values: NDArray[np.float64], stderr: NDArray[np.float64], n: int
) -> PowerEstimate:
    # A block game's estimate is keyed by block name, like the exact indices' result.
    names = game.names
    return PowerEstimate(
        dict(zip(names, values.tolist(), strict=True)),
        dict(zip(names, stderr.tolist(), strict=True)),
        n,
    )


def approximate_banzhaf(
    game: WeightedGame | BlockGame,
    *,
    n_samples: int = 10_000,
    seed: SeedLike = None,
    normalized: bool = True,
) -> PowerEstimate:
    """Monte Carlo Banzhaf index with standard errors.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game.
    n_samples : int, default 10000
        Number of random coalitions (per block, for a block game).
    seed : int, numpy.random.Generator or None
        Randomness (see :func:`govsim._random.as_generator`).
    normalized : bool, default True
        Shares summing to 1 (ratio estimator) or raw swing probabilities.

    Returns
    -------
    PowerEstimate
        ``values`` and ``stderr`` shaped like :func:`govsim.power.banzhaf`'s result.

    Raises
    ------
    govsim.ValidationError
        If ``game`` is not a game, ``n_samples < 2`` or beyond ``MAX_SAMPLE_CELLS``, or
        ``seed`` is invalid.

    Notes
    -----
    Each sample is a uniformly random coalition ``S``; ``X_i = [S - i loses, S + i wins]``
    has mean ``beta'_i``. The normalized index is the ratio
    ``mean(X_i) / mean(sum_j X_j)``; its standard error comes from the delta method.
    For a block game the others' counts are drawn directly as binomials.

    Examples
    --------
    >>> est = approximate_banzhaf(WeightedGame([2, 1, 1], 3), n_samples=20_000, seed=1)
    >>> bool(abs(est.values[0] - 0.6) < 4 * est.stderr[0])
    True

    References
    ----------
    Leech, D. (2003). Computing power indices for large voting games. *Management
    Science* 49(6):831–837.
    """
    n = _check(game, n_samples, "approximate_banzhaf")
    if isinstance(game, WeightedGame):
        return _weighted_estimate(game, n, seed, banzhaf=True, normalized=normalized)
    mean, se = _block_member_swings(game, n, as_generator(seed), banzhaf=True)
    sizes = game.size_array.astype(np.float64)
    tot, tot_se = mean * sizes, se * sizes
    if normalized:
        grand = tot.sum()
        # Blocks are sampled independently: d beta_b / d T_j = ([j = b] grand - T_b) / grand^2.
        jac = (np.eye(sizes.size) * grand - tot[:, None]) / grand**2
        tot_se = np.sqrt((jac**2) @ tot_se**2)
        tot = tot / grand
    return _by_block(game, tot, tot_se, n)


def approximate_shapley_shubik(
    game: WeightedGame | BlockGame, *, n_samples: int = 10_000, seed: SeedLike = None
) -> PowerEstimate:
    """Monte Carlo Shapley–Shubik index with standard errors.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game.
    n_samples : int, default 10000
        Number of samples (per block, for a block game).
    seed : int, numpy.random.Generator or None
        Randomness (see :func:`govsim._random.as_generator`).

    Returns
    -------
    PowerEstimate
        ``values`` and ``stderr`` shaped like :func:`govsim.power.shapley_shubik`'s result.

    Raises
    ------
    govsim.ValidationError
        If ``game`` is not a game, ``n_samples < 2`` or beyond ``MAX_SAMPLE_CELLS``, or
        ``seed`` is invalid.

    Notes
    -----
    ``phi_i = E_{t ~ U(0,1)} P_t(i swings)`` (Owen 1972): a sample draws ``t`` uniformly,
    then a coalition in which each player joins with probability ``t``. This is the
    same as sampling the set of players ahead of ``i`` in a random ordering, so the
    estimate is unbiased; the values sum to 1 in expectation.

    Examples
    --------
    >>> est = approximate_shapley_shubik(WeightedGame([2, 1, 1], 3), n_samples=20_000, seed=1)
    >>> bool(abs(est.values[0] - 2 / 3) < 4 * est.stderr[0])
    True

    References
    ----------
    Owen, G. (1972). Multilinear extensions of games. *Management Science* 18(5):64–79.
    Mann, I. and Shapley, L. S. (1960). *Values of large games, IV: evaluating the
    electoral college by Monte Carlo techniques*. RAND RM-2651.
    """
    n = _check(game, n_samples, "approximate_shapley_shubik")
    if isinstance(game, WeightedGame):
        return _weighted_estimate(game, n, seed, banzhaf=False, normalized=False)
    mean, se = _block_member_swings(game, n, as_generator(seed), banzhaf=False)
    sizes = game.size_array.astype(np.float64)
    return _by_block(game, mean * sizes, se * sizes, n)

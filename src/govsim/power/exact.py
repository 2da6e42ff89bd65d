"""Exact Shapley–Shubik and Banzhaf indices of weighted and block games.

Both indices are integrals of one quantity, the probability that a player is a
*swing* (turns a losing coalition of the others into a winning one) when every other
player joins independently with probability ``t`` (Owen's multilinear extension):

.. math::

    \\beta_i = P_{1/2}(i \\text{ swings}), \\qquad
    \\phi_i = \\int_0^1 P_t(i \\text{ swings})\\,dt
           = \\sum_k \\frac{k!\\,(n-1-k)!}{n!}\\,\\#\\{S \\not\\ni i : |S| = k,\\ i \\text{ swings } S\\}.

``P_t(i swings)`` is a polynomial of degree ``n - 1`` in ``t``, so Gauss–Legendre
quadrature with ``m = n // 2 + 1`` nodes integrates it exactly (up to rounding): the
float path is exact mathematics evaluated in float64, with every intermediate a
probability in [0, 1] -- nothing overflows, at any number of players (``powerindex``
forms ``k!`` and overflows from 171 players on).

* Weighted games: the distribution of the others' weight at each node is the
  generating function ``prod_j ((1 - t) + t x^{w_j})`` evaluated at the ``N``-th roots of
  unity (``N`` odd, ``N > sum(w)``, so that nothing wraps around and no factor vanishes).
  Players of equal weight are equivalent, so the leave-one-out product for a weight
  class is the full product divided by one factor (in log space), and the swing window
  ``q - w <= S < q`` is summed in closed form. Cost ``O(m * d * N / 2)`` for ``d``
  distinct weights (Banzhaf: one node), no loop over players.
* Block games: the others' count state ``(c_1, ..., c_B)`` is a product of binomials.
  Whether a coalition wins depends on each count only through the clause thresholds it
  reaches, so the swing region is a boolean grid over the *intervals* between the
  thresholds (at most ``2 K + 1`` per block for ``K`` clauses, whatever the sizes) and
  the probability is one tensor contraction per block of binomial interval
  probabilities (regularized incomplete beta functions). Cost ``O(B * m * prod_b (2 K +
  1))``. Above ``MAX_GAUSS_NODES`` nodes (games of 4,000 players or more, e.g. a chamber
  of 10^5 seats) the Shapley–Shubik integral is taken by adaptive Gauss–Kronrod panels
  placed around the thresholds instead, to ``ADAPTIVE_TOLERANCE`` (a chamber of 10^7
  seats takes a tenth of a second).

``exact=True`` switches to integer counting with Python big ints (numpy object arrays)
and returns :class:`fractions.Fraction` values -- exact, but much slower (weighted:
``O(n^2 q)`` big-int additions for Shapley–Shubik, ``O(n q)`` for Banzhaf; block:
``O(B * prod_b (n_b + 1))``), so refused beyond ``MAX_EXACT_CELLS`` additions.

Every size bound (``MAX_*``) is checked before any work, and its error names the
parameter and the Monte Carlo function of :mod:`govsim.power.approximate` to use instead.

References
----------
Shapley, L. S. and Shubik, M. (1954). A method for evaluating the distribution of
power in a committee system. *American Political Science Review* 48(3):787–792.
Banzhaf, J. F. (1965). Weighted voting doesn't work. *Rutgers Law Review* 19:317–343.
Owen, G. (1972). Multilinear extensions of games. *Management Science* 18(5):64–79.
Bilbao, J. M., Fernández, J. R., Jiménez Losada, A. and López, J. J. (2000). Generating
functions for computing power indices efficiently. *TOP* 8(2):191–213.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import comb, factorial
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray
from scipy.special import betainc, roots_legendre

from govsim._validation import param_error
from govsim.errors import ValidationError
from govsim.power.games import BlockGame, WeightedGame

__all__ = [
    "ADAPTIVE_TOLERANCE",
    "MAX_EXACT_CELLS",
    "MAX_FREQUENCY_CELLS",
    "MAX_GAUSS_NODES",
    "MAX_GRID_CELLS",
    "MAX_QUADRATURE_CELLS",
    "banzhaf",
    "shapley_shubik",
    "swing_probabilities",
]

#: Most Gauss–Legendre nodes of the exact Shapley–Shubik rule (``n // 2 + 1`` nodes for
#: ``n`` players, i.e. games of up to 3,999 players). Computing the nodes costs
#: ``O(nodes^2)`` (0.15 s at 2,000; minutes at 50,000, for a chamber of 10^5 seats).
#: Larger block games switch to the adaptive rule (:data:`ADAPTIVE_TOLERANCE`); larger
#: weighted games are refused with a pointer to the Monte Carlo estimator.
MAX_GAUSS_NODES = 2000
#: Absolute error target of the adaptive rule for each block's Shapley–Shubik share
#: (block games of more than ``2 * MAX_GAUSS_NODES - 1`` players), checked a posteriori;
#: for a block of more than 9 x 10^3 members, ``size x 2^-53`` (the rounding of the
#: binomial probabilities themselves, 1.1e-9 for 10^7 members) where that is larger.
ADAPTIVE_TOLERANCE = 1e-12
#: Most weight-class x frequency cells of a weighted game's generating function
#: (``distinct weights x (total weight + 1) / 2``; about 16 bytes x 6 arrays each, so
#: 2^22 cells hold some 400 MB). Published weighted games are far below: the UN Security
#: Council has 2 x 23 cells, the US Electoral College about 20 x 270, the EU Council of
#: 27 members (Nice weights, total 345) about 15 x 173.
MAX_FREQUENCY_CELLS = 1 << 22
#: Most nodes x weight classes x frequencies of the weighted Shapley–Shubik rule, i.e. its
#: running time (some 30 ns a cell: 3 x 10^7 cells take about a second). 300 players of
#: weights 1..300 need 10^9: use :func:`govsim.power.approximate_shapley_shubik`.
MAX_QUADRATURE_CELLS = 30_000_000
#: Most big-integer additions of an ``exact=True`` index (about 50 ns each: 2 x 10^7 take
#: about a second): ``n (n + 1) q`` for a weighted Shapley–Shubik index, ``n q`` for
#: Banzhaf, blocks x the count grid ``prod_b (n_b + 1)`` for a block game (the US
#: lawmaking game of 1 + 100 + 435 players needs 3 x 88,872).
MAX_EXACT_CELLS = 20_000_000
#: Most cells of a block game's compressed count grid (at most ``prod_b min(2 d_b + 1,
#: n_b + 1)`` for ``d_b`` distinct thresholds of a block of ``n_b`` members): a lawmaking
#: game of two chambers and a head of state has at most 5 x 5 x 2; 2^20 cells take some
#: 13 blocks of two thresholds each.
MAX_GRID_CELLS = 1 << 20

# Complex cells (nodes x weight classes x frequencies) per chunk: bounds peak memory.
_CHUNK_CELLS = 1 << 21
# Blocks smaller than this get no panel edges of their own (their polynomials are of low
# degree, which the 15-point rule integrates on any panel).
_SMALL_BLOCK = 32
# Refinement rounds and live panels of the adaptive rule (each round halves the panels
# that miss the tolerance).
_MAX_ROUNDS = 48
_MAX_PANELS = 1 << 16
# Offsets, in standard deviations of a binomial count, of the panel edges put around
# each threshold of a large block: the integrand changes there, and only there.
_FEATURE_OFFSETS = np.array([0.0, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48])


@lru_cache(maxsize=64)
def _nodes(n_players: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Gauss–Legendre nodes and weights on [0, 1], exact for degree ``n_players - 1``."""
    x, w = roots_legendre(n_players // 2 + 1)
    return (x + 1.0) / 2.0, w / 2.0


def _check_game(game: Any, func: str) -> None:
    if not isinstance(game, (WeightedGame, BlockGame)):
        raise param_error("game", func, "a WeightedGame or a BlockGame", type(game).__name__)


def _check_flag(value: Any, param: str, func: str) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise param_error(param, func, "a bool", value)


def _too_large(func: str, what: str, cells: int, bound: int, bound_name: str) -> ValidationError:
    """The error for a game beyond a documented size bound, with the way out."""
    approx = "approximate_banzhaf" if func == "banzhaf" else "approximate_shapley_shubik"
    return param_error(
        "game",
        func,
        f"a game whose {what} is at most {bound_name} = {bound:,} "
        f"(use govsim.power.{approx}, Monte Carlo with standard errors, for larger games)",
        f"{cells:,}",
    )


def _frequency_cells(game: WeightedGame) -> int:
    """Weight classes x frequencies of :func:`_weighted_setup`, computed without building it."""
    total = game.total_weight
    n_freq = total + 1 if total % 2 == 0 else total + 2
    return int(np.unique(game.weights).size) * ((n_freq + 1) // 2)


def _check_weighted_float(game: WeightedGame, func: str, index: str) -> None:
    """Refuse, up front, a weighted game beyond the float path's documented bounds."""
    cells = _frequency_cells(game)
    if cells > MAX_FREQUENCY_CELLS:
        raise _too_large(
            func, "weight classes x frequencies", cells, MAX_FREQUENCY_CELLS, "MAX_FREQUENCY_CELLS"
        )
    if index != "ss":
        return
    nodes = game.n_players // 2 + 1
    if nodes > MAX_GAUSS_NODES:
        raise _too_large(
            func,
            "number of quadrature nodes (players // 2 + 1)",
            nodes,
            MAX_GAUSS_NODES,
            "MAX_GAUSS_NODES",
        )
    if nodes * cells > MAX_QUADRATURE_CELLS:
        raise _too_large(
            func,
            "nodes x weight classes x frequencies",
            nodes * cells,
            MAX_QUADRATURE_CELLS,
            "MAX_QUADRATURE_CELLS",
        )


def _check_exact(game: WeightedGame | BlockGame, func: str, index: str) -> None:
    """Refuse, up front, an ``exact=True`` count beyond :data:`MAX_EXACT_CELLS` additions."""
    if isinstance(game, WeightedGame):
        n, q = game.n_players, game.quota
        cells = n * (n + 1) * q if index == "ss" else n * q
    else:
        grid = 1
        for s in game.size_array.tolist():
            grid *= s + 1
        cells = len(game.names) * grid
    if cells > MAX_EXACT_CELLS:
        raise param_error(
            "exact",
            func,
            "False for a game whose exact count needs more than MAX_EXACT_CELLS = "
            f"{MAX_EXACT_CELLS:,} big-integer additions (the float path is exact up to rounding)",
            f"True, with {cells:,}",
        )


# --- weighted games, float path ---------------------------------------------------------


def _weighted_setup(game: WeightedGame) -> tuple[Any, ...]:
    """Weight classes, their sizes and the frequency-domain pieces shared by all nodes."""
    classes, counts = np.unique(game.weights, return_counts=True)
    total, q = game.total_weight, game.quota
    n_freq = total + 1 if total % 2 == 0 else total + 2  # odd: no factor is ever 0
    k = np.arange((n_freq + 1) // 2, dtype=np.int64)  # k and N - k are conjugate: keep half
    # theta = w * omega_k, reduced with integers so that it stays accurate for large weights.
    half_angle = np.pi * ((k[None, :] * classes[:, None]) % n_freq) / n_freq  # theta / 2, (d, K)
    cos_h, sin_h = np.cos(half_angle), np.sin(half_angle)
    # Each factor is (1-t) + t e^{-i theta} = e^{-i theta/2} g with g = cos_h + i (1-2t) sin_h.
    # The swing window sum_{s=q-w}^{q-1} e^{i omega s} times e^{i theta/2} (which undoes the
    # phase of the removed factor) is e^{i omega q} 2i sin_h / (e^{i omega} - 1).
    e_q = np.exp(2j * np.pi * ((k * q) % n_freq) / n_freq)
    denom = np.exp(2j * np.pi * k / n_freq) - 1.0
    denom[0] = 1.0
    kernel = e_q * 2j * sin_h / denom
    big = classes > q  # the window starts at 0 instead: sum_{s=0}^{q-1}
    if big.any():
        kernel[big] = ((e_q - 1.0) / denom) * (cos_h[big] + 1j * sin_h[big])
    kernel[:, 0] = np.minimum(classes, q)
    kernel[:, 1:] *= 2.0 / n_freq  # conjugate pairs count twice ...
    kernel[:, 0] *= 1.0 / n_freq  # ... except the zero frequency
    phase = counts.astype(np.float64) @ half_angle  # sum of the e^{-i theta/2} phases, (K,)
    return classes, counts.astype(np.float64), cos_h, sin_h, kernel, phase


def _weighted_swing(
    game: WeightedGame, t: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Swing probability of a player of each distinct weight at each node ``t``.

    Returns ``(classes, probs)`` with ``probs`` of shape ``(len(t), len(classes))``.
    ``P_t(q - w <= S_{-i} < q) = (1/N) sum_k phi_{-i}(omega_k) sum_{s=q-w}^{q-1} e^{i omega_k s}``
    with ``phi_{-i} = phi / f_w`` (``phi`` the characteristic function of the total weight).
    """
    classes, counts, cos_h, sin_h, kernel, phase = _weighted_setup(game)
    out = np.empty((t.size, classes.size))
    step = max(1, _CHUNK_CELLS // cos_h.size)
    for start in range(0, t.size, step):  # chunks of nodes, to bound memory
        tc = t[start : start + step]
        a = (1.0 - 2.0 * tc)[:, None, None] * sin_h[None]  # imaginary part of g, (m, d, K)
        abs2 = cos_h[None] ** 2 + a**2
        log_abs = counts @ (0.5 * np.log(abs2))  # (m, K)
        arg = counts @ np.arctan2(a, cos_h[None]) - phase
        pk = np.exp(log_abs + 1j * arg)[:, None, :] * kernel[None]
        # Re(phi * kernel / g) with 1/g = conj(g) / |g|^2
        out[start : start + step] = ((pk.real * cos_h[None] + pk.imag * a) / abs2).sum(axis=-1)
    return classes, np.clip(out, 0.0, 1.0)


def _weighted_ss(game: WeightedGame) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Shapley–Shubik value of a player of each distinct weight.

    The Gauss–Legendre nodes come in pairs ``t, 1 - t`` with equal weights; the two
    nodes of a pair share ``|g|`` and have opposite ``arg g``, so each pair costs one
    pass over the ``(d, K)`` grid.
    """
    t, lam = _nodes(game.n_players)
    classes, counts, cos_h, sin_h, kernel, phase = _weighted_setup(game)
    n_pairs = t.size // 2
    total = np.zeros(classes.size)
    step = max(1, _CHUNK_CELLS // cos_h.size)
    for start in range(0, n_pairs, step):  # chunks of node pairs, to bound memory
        stop = min(start + step, n_pairs)
        a = (1.0 - 2.0 * t[start:stop])[:, None, None] * sin_h[None]
        abs2 = cos_h[None] ** 2 + a**2
        log_abs = counts @ (0.5 * np.log(abs2))
        arg = counts @ np.arctan2(a, cos_h[None])
        phi_t = np.exp(log_abs + 1j * (arg - phase))  # node t
        phi_s = np.exp(log_abs - 1j * (arg + phase))  # node 1 - t: a -> -a
        plus = (phi_t + phi_s)[:, None, :] * kernel[None]
        minus = (phi_t - phi_s)[:, None, :] * kernel[None]
        pair = ((plus.real * cos_h[None] + minus.imag * a) / abs2).sum(axis=-1)  # (pairs, d)
        total += lam[start:stop] @ pair
    if t.size % 2:  # the middle node t = 1/2
        total += lam[n_pairs] * _weighted_swing(game, t[n_pairs : n_pairs + 1])[1][0]
    return classes, np.clip(total, 0.0, 1.0)


def _weighted_float(game: WeightedGame, index: str) -> NDArray[np.float64]:
    if index == "ss":
        classes, per_class = _weighted_ss(game)
    else:
        classes, probs = _weighted_swing(game, np.array([0.5]))
        per_class = probs[0]
    values = per_class[np.searchsorted(classes, game.weights)]
    values[game.weights == 0] = 0.0  # a zero-weight player never swings
    return values


# --- block games, float path --------------------------------------------------------------


def _swing_cells(game: BlockGame, b: int) -> tuple[NDArray[np.bool_], list[NDArray[np.int64]]]:
    """The swing region of a member of block ``b``, on the compressed count grid.

    Whether a coalition wins depends on each count ``c_j`` only through which of the
    clause thresholds it reaches, so the others' count states of block ``j`` fall into
    intervals ``[s_i, s_{i+1})`` between the thresholds (for block ``b`` itself also the
    thresholds minus one, where the member's own vote decides). Returns the swing
    indicator on the grid of intervals and, per block, the interval starts ``s_i``
    (``s_0 = 0``; the last interval ends after ``n_j``, the others' count of block ``j``).
    The grid has at most ``prod_j (2 K + 1)`` cells for ``K`` clauses, whatever the sizes.
    """
    sizes = game.size_array.copy()
    sizes[b] -= 1
    thresholds = game.threshold_array
    starts = []
    for j in range(sizes.size):
        cuts = set(thresholds[:, j].tolist()) | {0}
        if j == b:
            cuts |= {x - 1 for x in thresholds[:, j].tolist()}
        starts.append(np.array(sorted(x for x in cuts if 0 <= x <= sizes[j]), dtype=np.int64))
    grids = np.meshgrid(*starts, indexing="ij", sparse=True)
    shape = tuple(s.size for s in starts)
    win_without = np.zeros(shape, dtype=bool)
    win_with = np.zeros(shape, dtype=bool)
    for clause in thresholds:  # loop over clauses (few), vectorized over cells
        without = np.ones(shape, dtype=bool)
        with_ = np.ones(shape, dtype=bool)
        for j, g in enumerate(grids):
            without &= g >= clause[j]
            with_ &= (g + (j == b)) >= clause[j]
        win_without |= without
        win_with |= with_
    return win_with & ~win_without, starts


def _interval_probs(
    starts: NDArray[np.int64], n: int, t: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``P(s_i <= X < s_{i+1})`` for ``X ~ Binomial(n, t)``, shape ``(len(t), len(starts))``.

    ``starts`` begins at 0 and the last interval ends after ``n``. A one-count interval
    is the pmf itself; a wider one a difference of lower-tail probabilities, or of
    upper-tail ones where those are the smaller (so a tail interval stays accurate).
    """
    tt = t[:, None]
    cuts = starts[1:] - 1  # P(X <= cut) at the inner interval boundaries, 0 <= cut < n
    lower = np.zeros((t.size, starts.size + 1))
    upper = np.zeros((t.size, starts.size + 1))
    upper[:, 0] = 1.0
    lower[:, -1] = 1.0
    if cuts.size:  # the regularized incomplete beta function (scipy's bdtr is less accurate)
        k = cuts[None, :].astype(np.float64)
        lower[:, 1:-1] = betainc(n - k, k + 1.0, 1.0 - tt)
        upper[:, 1:-1] = betainc(k + 1.0, n - k, tt)
    from_upper = lower[:, 1:] > 0.5  # the interval's upper end lies in the upper half
    probs = np.where(from_upper, upper[:, :-1] - upper[:, 1:], lower[:, 1:] - lower[:, :-1])
    point = np.diff(np.append(starts, n + 1)) == 1
    if point.any():
        # scipy.stats costs about 0.45 s to import (a third of `import govsim`, paid by
        # every command); only single-count intervals need it, so it loads here.
        from scipy.stats import binom

        probs[:, point] = binom.pmf(starts[point][None, :], n, tt)
    return np.clip(probs, 0.0, 1.0)


def _block_float(game: BlockGame, t: NDArray[np.float64]) -> NDArray[np.float64]:
    """Swing probability of one member of each block at each node, shape ``(len(t), B)``."""
    sizes = game.size_array
    out = np.empty((t.size, sizes.size))
    memo: dict[tuple[bytes, int], NDArray[np.float64]] = {}  # blocks other than b: shared

    def probs(starts: NDArray[np.int64], n: int) -> NDArray[np.float64]:
        key = (starts.tobytes(), n)
        if key not in memo:
            memo[key] = _interval_probs(starts, n, t)
        return memo[key]

    for b in range(sizes.size):  # loop over blocks
        grid, starts = _swing_cells(game, b)
        others = sizes.copy()
        others[b] -= 1
        p = [probs(s, int(n)) for s, n in zip(starts, others, strict=True)]
        step = max(1, _CHUNK_CELLS // grid.size)
        for lo in range(0, t.size, step):  # chunks of nodes, to bound memory
            hi = lo + step
            acc = grid.astype(np.float64) @ p[-1][lo:hi].T  # (..., m)
            for j in range(sizes.size - 2, -1, -1):
                acc = np.einsum("...am,ma->...m", acc, p[j][lo:hi])
            out[lo:hi, b] = acc
    return np.clip(out, 0.0, 1.0)


def _check_block(game: BlockGame, func: str) -> None:
    """Refuse, up front, a block game whose compressed grid exceeds :data:`MAX_GRID_CELLS`."""
    cells = 1
    for j, n in enumerate(game.size_array.tolist()):
        cells *= min(2 * np.unique(game.threshold_array[:, j]).size + 1, n + 1)
    if cells > MAX_GRID_CELLS:
        raise _too_large(func, "compressed count grid", cells, MAX_GRID_CELLS, "MAX_GRID_CELLS")


def _panel_edges(game: BlockGame) -> NDArray[np.float64]:
    """Starting panels of the adaptive rule: fine around every threshold of a large block.

    ``P_t(swing)`` is a sum of products of binomial interval probabilities; the one of
    ``Binomial(n, t)`` at count ``s`` changes only within a few standard deviations
    ``sqrt(t (1 - t) / n)`` of ``t = s / n`` and is flat to double precision beyond 48.
    """
    sizes = game.size_array
    thresholds = game.threshold_array
    offsets = np.concatenate([-_FEATURE_OFFSETS[1:], _FEATURE_OFFSETS])
    edges = [np.array([0.0, 1.0])]
    for j, n in enumerate(sizes.tolist()):
        if n < _SMALL_BLOCK:  # a polynomial of low degree: the panel rule integrates it
            continue
        cuts = np.unique(np.concatenate([thresholds[:, j], thresholds[:, j] - 1]))
        centre = cuts[(cuts > 0) & (cuts <= n)] / n
        sigma = np.sqrt(np.maximum(centre * (1.0 - centre), 1.0 / n) / n)
        edges.append((centre[:, None] + sigma[:, None] * offsets[None, :]).ravel())
    return np.unique(np.clip(np.concatenate(edges), 0.0, 1.0))


# Gauss–Kronrod 7-15 rule on [-1, 1] (QUADPACK qk15; Piessens et al. 1983): the 15-point
# Kronrod nodes and weights (non-negative half) and the weights of the 7-point Gauss rule
# on the odd-indexed nodes.
_KRONROD_X = np.array(
    [
        0.991455371120812639206854697526329,
        0.949107912342758524526189684047851,
        0.864864423359769072789712788640926,
        0.741531185599394439863864773280788,
        0.586087235467691130294144845693013,
        0.405845151377397166906606412076961,
        0.207784955007898467600689403773245,
        0.0,
    ]
)
_KRONROD_W = np.array(
    [
        0.022935322010529224963732008058970,
        0.063092092629978553290700663189204,
        0.104790010322250183839876322541518,
        0.140653259715525918745189590510238,
        0.169004726639267902826583426598550,
        0.190350578064785409913256402421014,
        0.204432940075298892414161999234649,
        0.209482141084727828012999174891714,
    ]
)
_GAUSS7_W = np.array(
    [
        0.129484966168869693270611432679082,
        0.279705391489276667901467771423780,
        0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ]
)


@lru_cache(maxsize=1)
def _kronrod_rule() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The 15 nodes on [0, 1], the Kronrod weights and the Gauss weights (0 off its nodes)."""
    x = np.concatenate([-_KRONROD_X[:-1], _KRONROD_X[::-1]])
    wk = np.concatenate([_KRONROD_W[:-1], _KRONROD_W[::-1]])
    wg = np.zeros(15)
    wg[1:7:2], wg[7], wg[9:15:2] = _GAUSS7_W[:3], _GAUSS7_W[3], _GAUSS7_W[2::-1]
    return (x + 1.0) / 2.0, wk / 2.0, wg / 2.0


def _block_ss_adaptive(game: BlockGame, func: str) -> NDArray[np.float64]:
    """Shapley–Shubik value of one member of each block by adaptive Gauss–Kronrod panels.

    On each panel the 15-point Kronrod and the embedded 7-point Gauss rule are applied;
    a panel where their difference, times the block size, exceeds ``tol`` times the
    larger of the panel's width and ``2^-16`` is split in two. The Kronrod values of the
    accepted panels sum to every block's share within ``tol`` (plus ``2^-16`` of it per
    accepted narrow panel), by that a-posteriori estimate (pessimistic: the Gauss rule's
    error bounds the Kronrod rule's), with ``tol = max(ADAPTIVE_TOLERANCE, n_max
    2^-53)``: a binomial probability at count ``k`` carries a relative rounding error
    of about ``k 2^-53`` (``t^k`` amplifies the rounding of ``t``), so a block of
    ``n_max = 10^7`` members is known to about 1e-9, one of 10^5 to 1e-11. The integrand
    is the compressed swing grid, so the cost is ``O(panels)`` whatever the block sizes.
    """
    x, wk, wg = _kronrod_rule()
    sizes = game.size_array.astype(np.float64)
    tol = max(ADAPTIVE_TOLERANCE, float(sizes.max()) * 2.0**-53)
    edges = _panel_edges(game)
    a, b = edges[:-1], edges[1:]
    total = np.zeros(sizes.size)
    for _ in range(_MAX_ROUNDS):  # rounds of refinement, each batched over the panels
        width = b - a
        t = (a[:, None] + width[:, None] * x[None, :]).ravel()
        vals = _block_float(game, t).reshape(a.size, x.size, sizes.size)
        kron = width[:, None] * np.einsum("pnb,n->pb", vals, wk)
        gauss = width[:, None] * np.einsum("pnb,n->pb", vals, wg)
        err = np.abs(kron - gauss) * sizes
        done = (err <= tol * np.maximum(width, 1.0 / _MAX_PANELS)[:, None]).all(axis=1)
        total += kron[done].sum(axis=0)
        split = ~done
        if not split.any():
            return np.clip(total, 0.0, 1.0)
        if 2 * int(split.sum()) > _MAX_PANELS:
            break
        mid = 0.5 * (a[split] + b[split])
        a, b = np.concatenate([a[split], mid]), np.concatenate([mid, b[split]])
    raise param_error(  # a bound on the work; no game tried comes near it
        "game",
        func,
        f"a game whose Shapley–Shubik integral reaches {ADAPTIVE_TOLERANCE} within "
        f"{_MAX_PANELS} panels (use govsim.power.approximate_shapley_shubik)",
        game,
    )


def _block_ss(game: BlockGame, func: str) -> NDArray[np.float64]:
    """Shapley–Shubik value of one member of each block: the exact rule, or adaptive if large."""
    if game.n_players // 2 + 1 <= MAX_GAUSS_NODES:
        t, lam = _nodes(game.n_players)
        return np.asarray(lam @ _block_float(game, t))
    return _block_ss_adaptive(game, func)


# --- exact (big-integer) paths ----------------------------------------------------------


def _weighted_exact_counts(game: WeightedGame, by_size: bool) -> dict[int, NDArray[Any]]:
    """Swing counts of a player of each distinct positive weight (by coalition size if asked).

    Returns weight -> object array of Python ints: ``counts[k]`` = number of coalitions of
    ``k`` other players that the player turns from losing to winning (shape ``(n,)``), or a
    0-d total when ``by_size`` is false.
    """
    w, q, n = game.weights, game.quota, game.n_players
    rows = n + 1 if by_size else 1
    gf = np.zeros((rows, q), dtype=object)  # gf[k, s] = # coalitions of size k, weight s < q
    gf[0, 0] = 1
    for wi in w.tolist():  # exact path: a loop over players is the price of big ints
        if wi < q:
            shifted = gf[:-1, : q - wi] if by_size else gf[:, : q - wi]
            if by_size:
                gf[1:, wi:] = gf[1:, wi:] + shifted
            else:
                gf[:, wi:] = gf[:, wi:] + shifted.copy()
    out: dict[int, NDArray[Any]] = {}
    for wi in np.unique(w).tolist():
        if wi == 0:
            continue
        minus = gf.copy()  # gf = minus * (1 + y x^w): undo one factor
        if wi < q:
            if by_size:
                for k in range(1, rows):
                    minus[k, wi:] = gf[k, wi:] - minus[k - 1, : q - wi]
            else:
                for s0 in range(wi, q, wi):
                    stop = min(s0 + wi, q)
                    minus[0, s0:stop] = gf[0, s0:stop] - minus[0, s0 - wi : stop - wi]
        lo = max(q - wi, 0)
        out[wi] = minus[:, lo:q].sum(axis=1) if by_size else minus[0, lo:q].sum()
    return out


def _ss_weights(n: int) -> list[int]:
    """``k! (n-1-k)!`` for k = 0..n-1 (the numerators over ``n!``)."""
    return [factorial(k) * factorial(n - 1 - k) for k in range(n)]


def _weighted_exact(game: WeightedGame, index: str) -> NDArray[Any]:
    n = game.n_players
    counts = _weighted_exact_counts(game, by_size=index == "ss")
    if index == "ss":
        coef, denom = _ss_weights(n), factorial(n)
        per = {
            wi: Fraction(sum(int(c) * f for c, f in zip(v[:n], coef, strict=True)), denom)
            for wi, v in counts.items()
        }
    else:
        per = {wi: Fraction(int(v), 2 ** (n - 1)) for wi, v in counts.items()}
    return np.array([per.get(wi, Fraction(0)) for wi in game.weights.tolist()], dtype=object)


def _swing_grid(game: BlockGame, b: int) -> NDArray[np.bool_]:
    """Count states of the *others* in which a member of block ``b`` swings."""
    sizes = game.size_array.copy()
    sizes[b] -= 1
    grids = np.meshgrid(*[np.arange(s + 1) for s in sizes], indexing="ij", sparse=True)
    thresholds = game.threshold_array
    win_without = np.zeros(tuple(sizes + 1), dtype=bool)
    win_with = np.zeros_like(win_without)
    for clause in thresholds:  # loop over clauses (few), vectorized over states
        without = np.ones_like(win_without)
        with_ = np.ones_like(win_without)
        for j, g in enumerate(grids):
            without &= g >= clause[j]
            with_ &= (g + (j == b)) >= clause[j]
        win_without |= without
        win_with |= with_
    return win_with & ~win_without


def _block_exact_counts(game: BlockGame, b: int) -> list[int]:
    """Swing counts of one member of block ``b`` by the number ``k`` of other players."""
    grid = _swing_grid(game, b)
    sizes = game.size_array.copy()
    sizes[b] -= 1
    binoms = [np.array([comb(int(s), j) for j in range(s + 1)], dtype=object) for s in sizes]
    # Contract block by block, keeping a polynomial in the number of players k.
    poly = grid.astype(object) * binoms[-1]
    for j in range(sizes.size - 2, -1, -1):  # loop over blocks, then over one block's counts
        length = poly.shape[-1]
        new = np.zeros((*poly.shape[:j], length + sizes[j]), dtype=object)
        for c in range(sizes[j] + 1):
            new[..., c : c + length] = new[..., c : c + length] + binoms[j][c] * poly[..., c, :]
        poly = new
    return [int(v) for v in poly]


def _block_exact(game: BlockGame, index: str) -> dict[str, Fraction]:
    n = game.n_players
    out: dict[str, Fraction] = {}
    for b, (name, size) in enumerate(game.sizes.items()):
        counts = _block_exact_counts(game, b)
        if index == "ss":
            coef = _ss_weights(n)
            out[name] = size * Fraction(
                sum(c * f for c, f in zip(counts, coef, strict=False)), factorial(n)
            )
        else:
            out[name] = size * Fraction(sum(counts), 2 ** (n - 1))
    return out


# --- public API ---------------------------------------------------------------------------


def swing_probabilities(game: WeightedGame | BlockGame, t: float) -> NDArray[np.float64]:
    """Probability that each player swings when the others join independently with probability ``t``.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game.
    t : float
        Probability in [0, 1] that each other player joins.

    Returns
    -------
    numpy.ndarray
        Per player (weighted game) or per member of each block (block game, in
        ``game.names`` order).

    Notes
    -----
    This is the partial derivative of Owen's multilinear extension,
    ``d f / d x_i (t, ..., t)``; at ``t = 1/2`` it is the raw Banzhaf index.

    Examples
    --------
    >>> swing_probabilities(WeightedGame([1, 1, 1], 2), 0.5).round(12).tolist()
    [0.5, 0.5, 0.5]

    References
    ----------
    Owen, G. (1972). Multilinear extensions of games. *Management Science* 18(5):64–79.
    """
    _check_game(game, "swing_probabilities")
    if isinstance(t, bool) or not isinstance(t, (int, float, np.floating)) or not 0.0 <= t <= 1.0:
        raise param_error("t", "swing_probabilities", "a probability in [0, 1]", t)
    nodes = np.array([float(t)])
    if isinstance(game, BlockGame):
        _check_block(game, "swing_probabilities")
        block: NDArray[np.float64] = _block_float(game, nodes)[0]
        return block
    _check_weighted_float(game, "swing_probabilities", "bz")
    classes, probs = _weighted_swing(game, nodes)
    values: NDArray[np.float64] = probs[0][np.searchsorted(classes, game.weights)]
    values[game.weights == 0] = 0.0
    return values


@overload
def shapley_shubik(game: WeightedGame, *, exact: bool = ...) -> NDArray[Any]: ...
@overload
def shapley_shubik(game: BlockGame, *, exact: bool = ...) -> dict[str, Any]: ...


def shapley_shubik(
    game: WeightedGame | BlockGame, *, exact: bool = False
) -> NDArray[Any] | dict[str, Any]:
    """Exact Shapley–Shubik power index.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game.
    exact : bool, default False
        If true, count with Python big integers and return :class:`fractions.Fraction`
        values (slow, for verification); otherwise float64.

    Returns
    -------
    numpy.ndarray or dict
        For a :class:`WeightedGame`, the index of each player (sums to 1). For a
        :class:`BlockGame`, block name -> the block's total share (each member holds
        ``share / size``); the shares sum to 1.

    Raises
    ------
    govsim.ValidationError
        If ``game`` is not a game, or is larger than a documented bound
        (``MAX_FREQUENCY_CELLS``, ``MAX_GAUSS_NODES``, ``MAX_QUADRATURE_CELLS`` for a
        weighted game, ``MAX_GRID_CELLS`` for a block game, ``MAX_EXACT_CELLS`` with
        ``exact=True``); use :func:`govsim.power.approximate_shapley_shubik` then.

    Notes
    -----
    ``phi_i = sum over orderings of [i is pivotal] / n!
    = sum_{S not containing i, i swings S} |S|! (n - 1 - |S|)! / n!
    = integral_0^1 P_t(i swings) dt``. The float path evaluates the integral by
    Gauss–Legendre quadrature with ``n // 2 + 1`` nodes, which is exact for the degree
    ``n - 1`` polynomial ``P_t``; see the module docstring for the generating functions
    and the cost. Accuracy: absolute error of order ``1e-13`` per value. A block game of
    more than ``2 * MAX_GAUSS_NODES - 1`` players is integrated by adaptive
    Gauss–Kronrod panels to ``ADAPTIVE_TOLERANCE`` per share (``size * 2^-53`` for
    a block of more than 9,000 members).

    Examples
    --------
    The UN Security Council (5 permanent members of weight 7, 10 elected of weight 1,
    quota 39) -- each permanent member holds 0.1963, each elected member 0.001865:

    >>> phi = shapley_shubik(WeightedGame([7] * 5 + [1] * 10, 39))
    >>> [round(float(v), 6) for v in (phi[0], phi[5])]
    [0.19627, 0.001865]
    >>> shapley_shubik(WeightedGame([2, 1, 1], 3), exact=True).tolist()
    [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). A method for evaluating the distribution of
    power in a committee system. *American Political Science Review* 48(3):787–792.
    Owen, G. (1972). Multilinear extensions of games. *Management Science* 18(5):64–79.
    """
    func = "shapley_shubik"
    _check_game(game, func)
    _check_flag(exact, "exact", func)
    if exact:
        _check_exact(game, func, "ss")
    if isinstance(game, WeightedGame):
        if exact:
            return _weighted_exact(game, "ss")
        _check_weighted_float(game, func, "ss")
        return _weighted_float(game, "ss")
    if exact:
        return _block_exact(game, "ss")
    _check_block(game, func)
    per_member = _block_ss(game, func)
    return {name: float(per_member[b] * s) for b, (name, s) in enumerate(game.sizes.items())}


@overload
def banzhaf(game: WeightedGame, *, normalized: bool = ..., exact: bool = ...) -> NDArray[Any]: ...
@overload
def banzhaf(game: BlockGame, *, normalized: bool = ..., exact: bool = ...) -> dict[str, Any]: ...


def banzhaf(
    game: WeightedGame | BlockGame, *, normalized: bool = True, exact: bool = False
) -> NDArray[Any] | dict[str, Any]:
    """Exact Banzhaf power index.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game.
    normalized : bool, default True
        If true, shares that sum to 1 (the normalized Banzhaf index); otherwise swing
        probabilities ``eta_i / 2^(n-1)`` (the raw, "absolute" Banzhaf index).
    exact : bool, default False
        If true, count with Python big integers and return :class:`fractions.Fraction`
        values; otherwise float64.

    Returns
    -------
    numpy.ndarray or dict
        For a :class:`WeightedGame`, one value per player. For a :class:`BlockGame`,
        block name -> the block's total (its members' values summed).

    Raises
    ------
    govsim.ValidationError
        If ``game`` is not a game.

    Notes
    -----
    ``eta_i`` = number of coalitions ``S`` of the other players with ``S`` losing and
    ``S + i`` winning; raw ``beta'_i = eta_i / 2^(n-1) = P_{1/2}(i swings)``;
    normalized ``beta_i = eta_i / sum_j eta_j``. Cost: one generating-function
    evaluation (weighted: ``O(d * N)``; block: ``O(B * prod_b (n_b + 1))``).

    Examples
    --------
    >>> beta = banzhaf(WeightedGame([7] * 5 + [1] * 10, 39))
    >>> [round(float(v), 4) for v in (beta[0], beta[5])]
    [0.1669, 0.0165]
    >>> banzhaf(WeightedGame([2, 1, 1], 3), normalized=False).round(12).tolist()
    [0.75, 0.25, 0.25]

    References
    ----------
    Banzhaf, J. F. (1965). Weighted voting doesn't work: a mathematical analysis.
    *Rutgers Law Review* 19:317–343.
    Felsenthal, D. S. and Machover, M. (1998). *The Measurement of Voting Power*.
    Edward Elgar (raw vs normalized Banzhaf).
    """
    func = "banzhaf"
    _check_game(game, func)
    _check_flag(exact, "exact", func)
    _check_flag(normalized, "normalized", func)
    if exact:
        _check_exact(game, func, "bz")
    if isinstance(game, WeightedGame):
        if not exact:
            _check_weighted_float(game, func, "bz")
        raw = _weighted_exact(game, "bz") if exact else _weighted_float(game, "bz")
        if normalized:
            total = raw.sum()
            raw = np.array([v / total for v in raw], dtype=object) if exact else raw / total
        return raw
    totals: dict[str, Any]
    if exact:
        totals = dict(_block_exact(game, "bz"))
    else:
        _check_block(game, func)
        per_member = _block_float(game, np.array([0.5]))[0]
        totals = {name: float(per_member[b] * s) for b, (name, s) in enumerate(game.sizes.items())}
    if not normalized:
        return totals
    grand = sum(totals.values())
    return {name: v / grand for name, v in totals.items()}

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
* Block games: the others' count state ``(c_1, ..., c_B)`` is a product of binomials;
  the swing region is a boolean grid over the ``prod_b (n_b + 1)`` count states and the
  probability is one tensor contraction per block. Cost ``O(B * m * prod_b (n_b + 1))``.

``exact=True`` switches to integer counting with Python big ints (numpy object arrays)
and returns :class:`fractions.Fraction` values -- exact at any size, but much slower
(weighted: ``O(n^2 q)`` big-int additions for Shapley–Shubik, ``O(n q)`` for Banzhaf;
block: ``O(B * prod_b (n_b + 1))``).

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
from scipy.special import roots_legendre
from scipy.stats import binom

from govsim._validation import param_error
from govsim.power.games import BlockGame, WeightedGame

__all__ = ["banzhaf", "shapley_shubik", "swing_probabilities"]

# Complex cells (nodes x weight classes x frequencies) per chunk: bounds peak memory.
_CHUNK_CELLS = 1 << 21


@lru_cache(maxsize=64)
def _nodes(n_players: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Gauss–Legendre nodes and weights on [0, 1], exact for degree ``n_players - 1``."""
    x, w = roots_legendre(n_players // 2 + 1)
    return (x + 1.0) / 2.0, w / 2.0


def _check_game(game: Any, func: str) -> None:
    if not isinstance(game, (WeightedGame, BlockGame)):
        raise param_error("game", func, "a WeightedGame or a BlockGame", type(game).__name__)


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


def _block_float(game: BlockGame, t: NDArray[np.float64]) -> NDArray[np.float64]:
    """Swing probability of one member of each block at each node, shape ``(len(t), B)``."""
    sizes = game.size_array
    out = np.empty((t.size, sizes.size))
    for b in range(sizes.size):  # loop over blocks
        grid = _swing_grid(game, b).astype(np.float64)
        others = sizes.copy()
        others[b] -= 1
        pmfs = [binom.pmf(np.arange(s + 1)[None, :], s, t[:, None]) for s in others]  # (m, s+1)
        acc = grid @ pmfs[-1].T  # (..., m): BLAS does the big contraction
        for j in range(sizes.size - 2, -1, -1):
            acc = np.einsum("...am,ma->...m", acc, pmfs[j])
        out[:, b] = acc
    return np.clip(out, 0.0, 1.0)


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
        return _block_float(game, nodes)[0]
    classes, probs = _weighted_swing(game, nodes)
    values = probs[0][np.searchsorted(classes, game.weights)]
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
        If ``game`` is not a game.

    Notes
    -----
    ``phi_i = sum over orderings of [i is pivotal] / n!
    = sum_{S not containing i, i swings S} |S|! (n - 1 - |S|)! / n!
    = integral_0^1 P_t(i swings) dt``. The float path evaluates the integral by
    Gauss–Legendre quadrature with ``n // 2 + 1`` nodes, which is exact for the degree
    ``n - 1`` polynomial ``P_t``; see the module docstring for the generating functions
    and the cost. Accuracy: absolute error of order ``1e-13`` per value.

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
    _check_game(game, "shapley_shubik")
    if isinstance(game, WeightedGame):
        return _weighted_exact(game, "ss") if exact else _weighted_float(game, "ss")
    if exact:
        return _block_exact(game, "ss")
    t, lam = _nodes(game.n_players)
    per_member = lam @ _block_float(game, t)
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
    _check_game(game, "banzhaf")
    if isinstance(game, WeightedGame):
        raw = _weighted_exact(game, "bz") if exact else _weighted_float(game, "bz")
        if normalized:
            total = raw.sum()
            raw = np.array([v / total for v in raw], dtype=object) if exact else raw / total
        return raw
    totals: dict[str, Any]
    if exact:
        totals = dict(_block_exact(game, "bz"))
    else:
        per_member = _block_float(game, np.array([0.5]))[0]
        totals = {name: float(per_member[b] * s) for b, (name, s) in enumerate(game.sizes.items())}
    if not normalized:
        return totals
    grand = sum(totals.values())
    return {name: v / grand for name, v in totals.items()}

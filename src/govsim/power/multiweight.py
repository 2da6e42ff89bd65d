"""Multi-weight games: clauses that need several weights at once, with exact indices.

A *multi-weight game* gives every player a weight in each of ``D`` dimensions (a vote
in each chamber, a state and its population, ...). A coalition wins when, for at
least one *clause* ``k``, its summed weight reaches ``t_kd`` in every dimension ``d``:

.. math::

    S \\text{ wins} \\iff \\exists k\\ \\forall d:\\ \\sum_{i \\in S} w_{id} \\ge t_{kd}.

Examples: the EU Council's qualified majority (55% of the member states *and* 65% of
the population, or all but three states: a blocking minority needs at least four
states), and the lawmaking game of a parliament in which a party or a patron's
appointees vote as one bloc in several chambers at once (:func:`govsim.power.lawmaking_blocs`).
Players come in *classes* of identical members (``counts``): a chamber's independent
members are one class of unit weight in that chamber's dimension.

Exact indices, three paths (Bilbao et al. 2000; Owen 1972), chosen by cost, none
with a loop over coalitions, orderings or players:

* **separable** (few blocs: at most :data:`MAX_BLOC_PROFILES` joint counts of the
  classes that are not one dimension's unit members, at most
  :data:`MAX_SEPARABLE_CLAUSES` clauses): Owen's multilinear extension at the
  Gauss–Legendre nodes, with the unit members of each dimension an independent
  binomial count given the blocs that join, so that a clause holds with a product of
  binomial tails and the union of the clauses is summed by inclusion–exclusion. No
  weight grid: a lawmaking bloc game of 600 members costs milliseconds (Russia 2020
  at d = 1/2: 3.5 s on the quadrature path, 5 ms here). Tried first.

* **counting** (at most :data:`MAX_COUNT_PLAYERS` players): integer counts
  ``N[k, v]`` of the coalitions of size ``k`` and weight vector ``v`` (each weight
  capped at its largest threshold: a coalition beyond it wins or loses alike), built
  once over all players; a dimension in which every player weighs 1 is the size
  itself and is not stored. The others of one member of class ``c`` are got by
  dividing one factor out, ``N_c[k, v] = N[k, v] - N_c[k-1, v - w_c]`` (exact in
  int64, the top cap cell included). Shapley–Shubik weighs a swing of size ``k`` by
  ``k! (n-1-k)! / n!``, Banzhaf by ``2^-(n-1)``. With one weight axis beside the size
  (the EU Council's states and population) a member's swings at each size are one
  interval of that axis, so the division is done on prefix sums at the interval's
  ends (:func:`_hits_one_axis`), and members are added to the table in place (int32
  counts up to 33 players): the EU-27 with populations in thousands (28 x 290,000
  cells) in 0.09-0.3 s, against 1.3-4.4 s before (busy machine, best of 5 each,
  interleaved).
* **quadrature** (any number of players up to ``2 * MAX_GAUSS_NODES - 1``): the
  distribution of the others' capped weight vector when each joins with
  probability ``t``, at the Gauss–Legendre nodes that integrate the degree ``n - 1``
  polynomial ``P_t(swing)`` exactly (Owen's multilinear extension); the members of
  unit weight in one dimension give it a capped binomial count, independent of the
  other dimensions (an outer product), and each bloc member is one shifted sum.
  Banzhaf is the one node ``t = 1/2``.

References
----------
Owen, G. (1972). Multilinear extensions of games. *Management Science* 18(5):64–79.
Bilbao, J. M., Fernández, J. R., Jiménez Losada, A. and López, J. J. (2000). Generating
functions for computing power indices efficiently. *TOP* 8(2):191–213.
Algaba, E., Bilbao, J. M., Fernández García, J. R. and López, J. J. (2003). Computing
power indices in weighted multiple majority games. *Mathematical Social Sciences*
46(1):63–80.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from math import lgamma
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import check_bool, param_error
from govsim.power.exact import MAX_GAUSS_NODES, _nodes
from govsim.power.games import MAX_BLOCK_SIZE, MAX_TOTAL_WEIGHT

__all__ = [
    "MAX_BLOC_PROFILES",
    "MAX_COUNT_PLAYERS",
    "MAX_DIMENSIONS",
    "MAX_PLAYER_CLASSES",
    "MAX_SEPARABLE_CLAUSES",
    "MAX_STATE_CELLS",
    "MultiWeightGame",
    "multiweight_banzhaf",
    "multiweight_shapley_shubik",
]

#: Most weight dimensions of a game (chambers, or criteria of a double majority): 8.
MAX_DIMENSIONS = 8
#: Most player classes: 512 (the EU Council has 27, a lawmaking game a few blocs per
#: chamber). The quadrature path costs classes^2 distribution updates.
MAX_PLAYER_CLASSES = 512
#: Most players of the integer counting path: counts up to C(61, 30) fit in int64.
MAX_COUNT_PLAYERS = 62
#: Most bloc profiles of the separable path: the joint counts of the classes that are
#: not one dimension's unit members (a lawmaking game's blocs; the EU-27's 2^27 is far
#: beyond it): 4096.
MAX_BLOC_PROFILES = 4096
#: Most clauses of the separable path (inclusion–exclusion over the 2^K - 1 clause
#: sets; a lawmaking game has 1-4): 10.
MAX_SEPARABLE_CLAUSES = 10
#: Most cells of the capped weight grid (times the sizes or nodes axis): 2^25, some
#: 270 MB of float64. The EU-27 with populations in thousands needs 28 x 290,000.
MAX_STATE_CELLS = 1 << 25


class MultiWeightGame:
    """A simple game whose coalitions win when they reach every threshold of some clause.

    Parameters
    ----------
    weights : array_like of int, shape (n_classes, n_dims)
        Weight of one member of each player class in each dimension (non-negative).
    clauses : array_like of int, shape (n_clauses, n_dims)
        Thresholds; a coalition wins when it meets every threshold of at least one
        clause. Each clause has a positive threshold and is reachable by all players.
    counts : array_like of int, optional
        Members of each class (default 1 each), at most ``MAX_BLOCK_SIZE``.
    names : sequence of str, optional
        One name per class (default ``"0"``, ``"1"``, ...), unique.

    Raises
    ------
    govsim.ValidationError
        If a shape, weight, threshold, count or name breaks the rules above, or a bound
        (:data:`MAX_DIMENSIONS`, :data:`MAX_PLAYER_CLASSES`) is exceeded.

    Examples
    --------
    A double majority: 3 of 4 states holding 60 of the 100 people, or all 4 states.

    >>> g = MultiWeightGame([[1, 50], [1, 30], [1, 15], [1, 5]], [[3, 60], [4, 0]])
    >>> g.n_players, g.is_winning([1, 2, 3]), g.is_winning([0, 1, 3])
    (4, False, True)
    """

    __slots__ = ("_clauses", "_counts", "_names", "_weights")
    _weights: NDArray[np.int64]
    _clauses: NDArray[np.int64]
    _counts: NDArray[np.int64]
    _names: tuple[str, ...]

    def __init__(
        self,
        weights: ArrayLike,
        clauses: ArrayLike,
        *,
        counts: ArrayLike | None = None,
        names: Sequence[str] | None = None,
    ) -> None:
        func = "MultiWeightGame"
        w = _int_matrix(weights, "weights", func)
        c = _int_matrix(clauses, "clauses", func)
        n_classes, n_dims = w.shape
        if n_classes == 0 or n_dims == 0:
            raise param_error("weights", func, "at least one class and one dimension", w.shape)
        if n_classes > MAX_PLAYER_CLASSES:
            raise param_error(
                "weights",
                func,
                f"at most {MAX_PLAYER_CLASSES} classes (MAX_PLAYER_CLASSES)",
                n_classes,
            )
        if n_dims > MAX_DIMENSIONS:
            raise param_error(
                "weights", func, f"at most {MAX_DIMENSIONS} dimensions (MAX_DIMENSIONS)", n_dims
            )
        if c.shape[0] == 0 or c.shape[1] != n_dims:
            raise param_error(
                "clauses", func, f"a non-empty array of shape (n_clauses, {n_dims})", c.shape
            )
        m = (
            np.ones(n_classes, dtype=np.int64)
            if counts is None
            else _int_vector(counts, "counts", func)
        )
        if m.shape != (n_classes,) or (m < 1).any() or (m > MAX_BLOCK_SIZE).any():
            raise param_error(
                "counts",
                func,
                f"{n_classes} integers in [1, {MAX_BLOCK_SIZE}] (MAX_BLOCK_SIZE)",
                m.tolist(),
            )
        totals = [sum(int(x) for x in (w[:, d] * m).tolist()) for d in range(n_dims)]
        if max(totals) > MAX_TOTAL_WEIGHT:
            raise param_error(
                "weights", func, "total weights of at most 2**62 per dimension", max(totals)
            )
        for k in range(c.shape[0]):
            if not (c[k] > 0).any():
                raise param_error(
                    f"clauses[{k}]", func, "a clause with a positive threshold", c[k].tolist()
                )
            over = np.flatnonzero(c[k] > np.array(totals))
            if over.size:
                d = int(over[0])
                raise param_error(
                    f"clauses[{k}][{d}]",
                    func,
                    f"a threshold of at most the total weight {totals[d]}",
                    int(c[k, d]),
                )
        if names is None:
            labels = tuple(str(i) for i in range(n_classes))
        else:
            if isinstance(names, str) or len(names) != n_classes:
                raise param_error("names", func, f"{n_classes} names", names)
            labels = tuple(str(x) for x in names)
            if len(set(labels)) != n_classes:
                raise param_error("names", func, "unique names", list(labels))
        for arr in (w, c, m):
            arr.flags.writeable = False
        object.__setattr__(self, "_weights", w)
        object.__setattr__(self, "_clauses", c)
        object.__setattr__(self, "_counts", m)
        object.__setattr__(self, "_names", labels)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def weights(self) -> NDArray[np.int64]:
        """Weights of one member of each class, shape ``(n_classes, n_dims)`` (read-only)."""
        return self._weights

    @property
    def clauses(self) -> NDArray[np.int64]:
        """Thresholds, shape ``(n_clauses, n_dims)`` (read-only)."""
        return self._clauses

    @property
    def counts(self) -> NDArray[np.int64]:
        """Members of each class (read-only)."""
        return self._counts

    @property
    def names(self) -> tuple[str, ...]:
        """Class names, in order."""
        return self._names

    @property
    def n_players(self) -> int:
        """Total number of players (members of all classes)."""
        return int(self._counts.sum())

    def winning(self, totals: ArrayLike) -> NDArray[np.bool_]:
        """Vectorized win test over weight vectors ``totals`` of shape ``(..., n_dims)``."""
        v = np.asarray(totals)
        met: NDArray[np.bool_] = np.all(v[..., None, :] >= self._clauses, axis=-1)
        won: NDArray[np.bool_] = np.any(met, axis=-1)
        return won

    def is_winning(self, members: Sequence[int] | Mapping[str, int]) -> bool:
        """Whether a coalition wins: class indices (one member each) or class name -> members."""
        if isinstance(members, Mapping):
            index = {n: i for i, n in enumerate(self._names)}
            unknown = sorted(set(members) - set(index))
            if unknown:
                raise param_error(
                    "members", "MultiWeightGame.is_winning", f"names among {self._names}", unknown
                )
            held = np.zeros(len(self._names), dtype=np.int64)
            for name, k in members.items():
                held[index[name]] = int(k)
        else:
            held = np.bincount(
                np.asarray(list(members), dtype=np.int64), minlength=len(self._names)
            )
        return bool(self.winning(held @ self._weights))

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self._weights.tolist(), self._clauses.tolist(), self._counts.tolist(), self._names),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MultiWeightGame):
            return NotImplemented
        return (
            self._names == other._names
            and np.array_equal(self._weights, other._weights)
            and np.array_equal(self._clauses, other._clauses)
            and np.array_equal(self._counts, other._counts)
        )

    def __hash__(self) -> int:
        return hash(
            (self._names, self._weights.tobytes(), self._clauses.tobytes(), self._counts.tobytes())
        )

    def __repr__(self) -> str:
        return (
            f"MultiWeightGame(weights={self._weights.tolist()}, clauses={self._clauses.tolist()}, "
            f"counts={self._counts.tolist()}, names={list(self._names)})"
        )


def _rebuild(weights: Any, clauses: Any, counts: Any, names: Sequence[str]) -> MultiWeightGame:
    return MultiWeightGame(weights, clauses, counts=counts, names=names)


def _int_matrix(values: ArrayLike, param: str, func: str) -> NDArray[np.int64]:
    arr = np.asarray(values)
    if arr.ndim != 2 or (
        arr.dtype.kind not in "iub"
        and not (
            arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))
        )
    ):
        raise param_error(
            param, func, "a 2-D array of integers", f"shape {arr.shape}, dtype {arr.dtype}"
        )
    if arr.size and (float(arr.max()) >= 2.0**62 or float(arr.min()) < 0):
        raise param_error(
            param, func, "integers in [0, 2**62)", arr.max() if arr.max() > 0 else arr.min()
        )
    return arr.astype(np.int64).copy()


def _int_vector(values: ArrayLike, param: str, func: str) -> NDArray[np.int64]:
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise param_error(
            param, func, "a 1-D array of integers", f"shape {arr.shape}, dtype {arr.dtype}"
        )
    return arr.astype(np.int64).copy()


# --- the capped grid -------------------------------------------------------------------------
def _caps(game: MultiWeightGame) -> NDArray[np.int64]:
    caps: NDArray[np.int64] = game.clauses.max(axis=0)
    return caps


def _win_grid(
    game: MultiWeightGame,
    caps: NDArray[np.int64],
    count_dims: NDArray[np.bool_],
    sizes: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """``win[k, v...]`` over a sizes axis (``sizes``; the count dimensions are read from
    it) and one axis per other dimension (``0..cap``).

    The win test is separable, so each clause is an outer AND of one 1-D comparison
    per axis: no array of weight vectors is formed.
    """
    grid_dims = np.flatnonzero(~count_dims)
    shape = (sizes.shape[0], *(int(caps[d]) + 1 for d in grid_dims))
    out = np.zeros(shape, dtype=bool)
    for clause in game.clauses:
        met = np.ones(sizes.shape[0], dtype=bool)
        for d in np.flatnonzero(count_dims):
            met = met & (np.minimum(sizes, caps[d]) >= clause[d])
        term = met.reshape((-1,) + (1,) * len(grid_dims))
        for j, d in enumerate(grid_dims):
            axis = np.arange(int(caps[d]) + 1) >= clause[d]
            term = term & axis.reshape((1,) * (j + 1) + (-1,) + (1,) * (len(grid_dims) - j - 1))
        out |= term
    return out


def _swing_mask(
    game: MultiWeightGame,
    caps: NDArray[np.int64],
    count_dims: NDArray[np.bool_],
    win: NDArray[np.bool_],
    c: int,
    with_size: bool,
) -> NDArray[np.bool_]:
    """``swing[k, v...]``: a member of class ``c`` turns the others' state ``(k, v)`` into a win.

    ``win`` is :func:`_win_grid` over sizes ``0..n`` (``with_size``) or ``[0]``; joining
    moves a state one size up and ``w_c`` (capped) along each other axis, a gather.
    """
    grid_dims = np.flatnonzero(~count_dims)
    joined = win[1:] if with_size else win
    for j, d in enumerate(grid_dims):
        index = np.minimum(np.arange(int(caps[d]) + 1) + game.weights[c, d], caps[d])
        joined = np.take(joined, index, axis=j + 1)
    before = win[:-1] if with_size else win
    swing: NDArray[np.bool_] = joined & ~before
    return swing


def _shift(arr: NDArray[Any], axis: int, w: int, cap: int) -> NDArray[Any]:
    """``out[v] = sum of arr[u]`` over ``min(u + w, cap) = v`` along ``axis`` (a capped shift)."""
    if w == 0:
        return arr
    a = np.moveaxis(arr, axis, 0)
    out = np.zeros_like(a)
    if w <= cap:
        out[w:cap] = a[: cap - w]
    out[cap] = a[max(cap - w, 0) :].sum(axis=0)
    return np.moveaxis(out, 0, axis)


def _add_member_one_axis(table: NDArray[Any], w: int, cap: int, added: int) -> None:
    """``table[1:] += _shift(table[:-1], 1, w, cap)`` in place, for one weight axis.

    After ``added`` members only sizes ``0..added`` are filled, so sizes ``added + 1``
    down to 1 are updated, each from the size below before that one is touched (no
    temporary of the whole table: the EU-27 in thousands has 28 x 290,000 cells).
    """
    for k in range(min(added + 1, table.shape[0] - 1), 0, -1):  # sizes, largest first
        src = table[k - 1]
        top = int(src[max(cap - w, 0) :].sum())
        if w < cap:
            table[k, w:cap] += src[: cap - w]
        table[k, cap] += top


# --- counting path ---------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _counting(
    game: MultiWeightGame, general: bool = False
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per-member (Shapley–Shubik, raw Banzhaf) by counting; ``general`` forces the
    grid pass of :func:`_hits_grid` on a one-axis game (for tests and benchmarks)."""
    n = game.n_players
    caps = _caps(game)
    w, m = game.weights, game.counts
    count_dims = np.all(w == 1, axis=0)
    grid = [int(caps[d]) for d in np.flatnonzero(~count_dims)]
    shape = (n + 1, *(g + 1 for g in grid))
    # counts are at most C(n, n // 2): int32 holds them up to 33 players (C(33, 16) < 2^31),
    # which halves the memory the in-place additions stream through
    table = np.zeros(shape, dtype=np.int32 if n <= 33 else np.int64)
    table[(0,) * len(shape)] = 1
    wg = w[:, ~count_dims]

    added = 0
    for c in range(len(game.names)):
        for _ in range(int(m[c])):
            if len(grid) == 1:
                _add_member_one_axis(table, int(wg[c, 0]), grid[0], added)
            else:
                moved = table[:-1]
                for j, cap in enumerate(grid):
                    moved = _shift(moved, j + 1, int(wg[c, j]), cap)
                if moved is table[:-1] or moved.base is table:
                    moved = moved.copy()
                table[1:] += moved  # a fresh array: the in-place sum reads no updated cell
            added += 1
    log_n = lgamma(n + 1)
    ss_w = np.array([np.exp(lgamma(k + 1) + lgamma(n - k) - log_n) for k in range(n)])
    if len(grid) == 1 and not general:
        hits = _hits_one_axis(game, table, caps, count_dims)
    else:
        hits = _hits_grid(game, table, caps, count_dims)
    ss = hits @ ss_w
    bz = hits.sum(axis=1) / 2.0 ** (n - 1)
    return ss, bz


def _hits_grid(
    game: MultiWeightGame,
    table: NDArray[np.int64],
    caps: NDArray[np.int64],
    count_dims: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """``hits[c, k]``: coalitions of ``k`` others that one member of class ``c`` swings.

    The others' counts are got by dividing the member's factor out of ``table``, size by
    size, over the whole weight grid, and summed where :func:`_swing_mask` holds.
    """
    n = game.n_players
    grid = [int(caps[d]) for d in np.flatnonzero(~count_dims)]
    wg = game.weights[:, ~count_dims]
    win = _win_grid(game, caps, count_dims, np.arange(n + 1))
    hits = np.zeros((len(game.names), n))
    for c in range(len(game.names)):
        swing = _swing_mask(game, caps, count_dims, win, c, True)
        prev = table[0]
        for k in range(n):  # the others of one member: divide its factor out, size by size
            if k:
                spread = prev
                for j, cap in enumerate(grid):
                    spread = _shift(spread, j, int(wg[c, j]), cap)
                prev = table[k] - spread
            hits[c, k] = float(np.sum(prev, where=swing[k]))
    return hits


def _hits_one_axis(
    game: MultiWeightGame,
    table: NDArray[np.int64],
    caps: NDArray[np.int64],
    count_dims: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """:func:`_hits_grid` for games with one weight axis beside the size (the EU Council's).

    With one axis ``v`` (capped at ``cap``) the winning states of size ``k`` are
    ``v >= t_k``, ``t_k`` the least threshold of the clauses whose size parts ``k``
    meets (``cap + 1``: none), since every clause is a conjunction of lower bounds. A
    member of weight ``w`` swings the others' state ``(k, v)`` exactly when
    ``max(t_{k+1} - w, 0) <= v < t_k`` (empty when ``t_{k+1} = cap + 1``): one interval
    per size, so only prefix sums of the others' counts are needed. With
    ``P[k, x] = sum_{v < x} N[k, v]`` over all players, dividing the member's factor
    out, ``N_c[k, v] = N[k, v] - N_c[k-1, v - w]`` for ``v < cap``, sums to

    ``P_c[k, x] = sum_{j=0..k} (-1)^j P[k - j, x - j w]``  (``P[., y <= 0] = 0``, ``x <= cap``)

    and at ``x = cap + 1`` (every state) ``P_c[k, cap + 1] = sum_j (-1)^j P[k - j, cap + 1]``:
    a gather of ``n^2`` cells per class and end point instead of ``n`` passes over the
    grid. The sums are exact in int64 (wrapping partial sums included: the result fits).
    """
    n = game.n_players
    (axis,) = np.flatnonzero(~count_dims)
    cap = int(caps[axis])
    prefix = np.zeros((n + 1, cap + 2), dtype=np.int64)
    np.cumsum(table, axis=1, out=prefix[:, 1:])
    win = _win_grid(game, caps, count_dims, np.arange(n + 1))  # (n + 1, cap + 1), monotone in v
    least = np.where(win.any(axis=1), np.argmax(win, axis=1), cap + 1).astype(np.int64)  # t_k
    k = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    rows = np.clip(k - j, 0, None)
    live = j <= k
    sign = np.where(j % 2 == 0, 1, -1).astype(np.int64)
    hi_end = least[:n]  # v < t_k: not yet winning
    hits = np.zeros((len(game.names), n))
    for c in range(len(game.names)):  # one gather per class (classes: at most a few dozen)
        w = int(game.weights[c, axis])
        never = least[1:] > cap
        lo_end = np.where(never, hi_end, np.maximum(least[1:] - w, 0))
        ends = []
        for x in (lo_end, hi_end):
            y = np.where(x[:, None] > cap, cap + 1, x[:, None] - j * w)
            cell = prefix[rows, np.clip(y, 0, cap + 1)]
            ends.append(np.where(live & (y > 0), sign * cell, 0).sum(axis=1))
        hits[c] = np.maximum(ends[1] - ends[0], 0).astype(np.float64)
    return hits


# --- separable path --------------------------------------------------------------------------
def _unit_members(
    game: MultiWeightGame,
) -> tuple[NDArray[np.bool_], NDArray[np.int64], NDArray[np.int64]]:
    """Classes of unit weight in one dimension, that dimension (-1 else), members per dimension."""
    w, m = game.weights, game.counts
    unit: NDArray[np.bool_] = (w.sum(axis=1) == 1) & (w.max(axis=1) == 1)
    unit_dim: NDArray[np.int64] = np.where(unit, np.argmax(w, axis=1), -1)
    per_dim = np.bincount(unit_dim[unit], weights=m[unit], minlength=w.shape[1]).astype(np.int64)
    return unit, unit_dim, per_dim


def _separable_cells(game: MultiWeightGame) -> int | None:
    """Cells of the separable path (nodes x profiles x clause sets x dimensions), or
    ``None`` when the game has too many bloc profiles or clauses for it."""
    unit, _, _ = _unit_members(game)
    blocs = ~unit & (game.weights.sum(axis=1) > 0)
    profiles = float(np.prod(game.counts[blocs] + 1, dtype=np.float64))
    n_clauses, n_dims = game.clauses.shape
    if profiles > MAX_BLOC_PROFILES or n_clauses > MAX_SEPARABLE_CLAUSES:
        return None
    nodes = game.n_players // 2 + 1
    if nodes > MAX_GAUSS_NODES:
        return None
    return int(nodes * profiles * (2**n_clauses - 1) * n_dims)


def _tail(need: NDArray[np.int64], trials: NDArray[np.int64], t: NDArray[np.float64]) -> Any:
    """``P(Binomial(trials, t) >= need)``, broadcast over ``need`` and ``trials`` (last axis:
    dimensions) and the nodes ``t`` (a new first axis)."""
    # scipy.stats is imported only when a game needs it (python -X importtime shows its cost)
    from scipy.stats import binom

    tt = t.reshape((-1,) + (1,) * need.ndim)
    inside = np.clip(need, 1, np.maximum(trials, 1))
    sf = binom.sf(inside - 1, trials, tt)
    return np.where(need <= 0, 1.0, np.where(need > trials, 0.0, sf))


def _separable(game: MultiWeightGame, t: NDArray[np.float64]) -> NDArray[np.float64]:
    """``P_t(a member of class c swings)`` at each node, shape ``(len(t), n_classes)``,
    when the classes other than one dimension's unit members (the blocs) are few.

    Given which bloc members join (a *profile* ``b``, weight vector ``W_b``), the unit
    members of dimension ``d`` add an independent ``Binomial(n_d, t)`` count ``X_d``, so
    each clause holds with probability ``prod_d P(X_d >= t_kd - W_bd)`` and the union of
    the clauses is summed by inclusion–exclusion over the clause sets ``K`` (a set
    holds when each ``X_d`` reaches ``max_{k in K} t_kd - W_bd``). The swing probability
    is ``sum_b P_t(b) [P_t(win | W_b + w_c) - P_t(win | W_b)]``: no weight grid at all.
    The binomial tails are evaluated once per game, at the distinct counts the profiles
    need, and gathered per class (``nodes x profiles x (2^K - 1) x D`` cells).
    """
    w, m, clauses = game.weights, game.counts, game.clauses
    n_clauses, n_dims = clauses.shape
    unit, unit_dim, per_dim = _unit_members(game)
    blocs = np.flatnonzero(~unit & (w.sum(axis=1) > 0))
    profile = np.zeros((1, 0), dtype=np.int64)
    if blocs.size:
        axes = np.meshgrid(*(np.arange(int(m[j]) + 1) for j in blocs), indexing="ij")
        profile = np.stack([a.ravel() for a in axes], axis=1).astype(np.int64)
    base = profile @ w[blocs]  # (profiles, D)
    sets = ((np.arange(1, 2**n_clauses)[:, None] >> np.arange(n_clauses)) & 1).astype(bool)
    need = np.where(sets[:, :, None], clauses[None], 0).max(axis=1)  # (sets, D)
    sign = np.where(sets.sum(axis=1) % 2 == 1, 1.0, -1.0)
    # Tail tables, once per game, at the needed counts that occur: for dimension d,
    # tail[d][v][t, i] = P(Binomial(per_dim[d] - v, t) >= levels[d][i]), with v = 1 when
    # the member asked about is one of that dimension's unit members.
    from scipy.stats import binom

    shifts = np.vstack([np.zeros((1, n_dims), dtype=np.int64), w])  # joining: 0 or w_c
    levels: list[NDArray[np.int64]] = []
    tail: list[list[Any]] = []
    for d in range(n_dims):
        offsets = (base[:, d][:, None] + shifts[None, :, d]).ravel()
        xs = np.unique(np.maximum(need[None, :, d] - offsets[:, None], 0))
        levels.append(xs)
        tail.append([_tail(xs, np.array(max(int(per_dim[d]) - v, 0)), t) for v in (0, 1)])
    # Profile probabilities of each bloc class, with all its members or one fewer.
    pmf = [
        [binom.pmf(np.arange(int(m[j]) + 1)[None, :], int(m[j]) - v, t[:, None]) for v in (0, 1)]
        for j in blocs
    ]
    out = np.zeros((t.shape[0], len(game.names)))

    def p_win(offset: NDArray[np.int64], own_dim: int) -> Any:
        prod = np.ones((t.shape[0], offset.shape[0], need.shape[0]))
        for d in range(n_dims):
            x = np.maximum(need[None, :, d] - offset[:, None, d], 0)  # (profiles, sets)
            index = np.searchsorted(levels[d], x)
            prod = prod * tail[d][1 if d == own_dim else 0][:, index]
        return prod @ sign  # inclusion–exclusion: (t, profiles)

    for c in range(len(game.names)):
        if not w[c].any():
            continue  # a null player never swings
        prob = np.ones((t.shape[0], profile.shape[0]))
        for col, j in enumerate(blocs):
            prob = prob * pmf[col][1 if j == c else 0][:, profile[:, col]]
        own = int(unit_dim[c])
        swing = p_win(base + w[c], own) - p_win(base, own)
        out[:, c] = np.sum(prob * swing, axis=1)
    return np.clip(out, 0.0, 1.0)


# --- quadrature path -------------------------------------------------------------------------
def _quadrature(game: MultiWeightGame, t: NDArray[np.float64]) -> NDArray[np.float64]:
    """``P_t(a member of class c swings)`` at each node: shape ``(len(t), n_classes)``.

    The members of unit weight in one dimension (a chamber's independents) add a capped
    binomial count to that dimension alone, independently of the other dimensions: the
    distribution starts as the outer product of one capped binomial per dimension, and
    the other classes (blocs) are added member by member as shifted sums.
    """
    caps = _caps(game)
    w, m = game.weights, game.counts
    n_dims = w.shape[1]
    no_counts = np.zeros(n_dims, dtype=bool)
    unit = (w.sum(axis=1) == 1) & (w.max(axis=1) == 1)
    unit_dim = np.where(unit, np.argmax(w, axis=1), -1)
    per_dim = np.bincount(unit_dim[unit], weights=m[unit], minlength=n_dims).astype(np.int64)
    tt = t.reshape((-1,) + (1,) * n_dims)
    out = np.zeros((t.shape[0], len(game.names)))
    win = _win_grid(game, caps, no_counts, np.zeros(1, dtype=np.int64))

    def marginal(d: int, members: int) -> NDArray[np.float64]:
        from scipy.stats import binom

        v = np.arange(int(caps[d]) + 1)
        probs: NDArray[np.float64] = binom.pmf(v[None, :], members, t[:, None])
        probs[:, -1] = binom.sf(int(caps[d]) - 1, members, t)  # P(count >= cap)
        return probs

    for c in range(len(game.names)):
        dist = np.ones((t.shape[0],) + (1,) * n_dims)
        for d in range(n_dims):
            members = int(per_dim[d]) - (1 if unit_dim[c] == d else 0)
            shape = [1] * n_dims
            shape[d] = int(caps[d]) + 1
            dist = dist * marginal(d, members).reshape(t.shape[0], *shape)
        for other in np.flatnonzero(~unit):
            for _ in range(int(m[other]) - (1 if other == c else 0)):
                moved = dist
                for d in range(n_dims):
                    moved = _shift(moved, d + 1, int(w[other, d]), int(caps[d]))
                dist = (1.0 - tt) * dist + tt * moved
        swing = _swing_mask(game, caps, no_counts, win, c, False)
        out[:, c] = np.where(swing, dist, 0.0).reshape(t.shape[0], -1).sum(axis=1)
    return np.clip(out, 0.0, 1.0)


def _plan(game: MultiWeightGame, func: str) -> str:
    n = game.n_players
    separable = _separable_cells(game)
    if separable is not None and separable <= MAX_STATE_CELLS:
        return "separable"
    caps = _caps(game)
    count_dims = np.all(game.weights == 1, axis=0)
    grid_cells = int(np.prod([int(c) + 1 for c in caps[~count_dims]], dtype=np.float64))
    if n <= MAX_COUNT_PLAYERS and (n + 1) * grid_cells <= MAX_STATE_CELLS:
        return "counting"
    cells = int(np.prod([int(c) + 1 for c in caps], dtype=np.float64))
    nodes = n // 2 + 1
    if nodes > MAX_GAUSS_NODES:
        raise param_error(
            "game", func, f"at most {2 * MAX_GAUSS_NODES - 1} players (MAX_GAUSS_NODES)", n
        )
    if nodes * cells > MAX_STATE_CELLS:
        raise param_error(
            "game",
            func,
            f"a capped weight grid of at most {MAX_STATE_CELLS} cells x nodes (MAX_STATE_CELLS); "
            "use govsim.power.approximate_shapley_shubik on an equivalent block game",
            nodes * cells,
        )
    return "quadrature"


def _check(game: Any, func: str) -> MultiWeightGame:
    if not isinstance(game, MultiWeightGame):
        raise param_error("game", func, "a MultiWeightGame", type(game).__name__)
    return game


def multiweight_shapley_shubik(game: MultiWeightGame) -> dict[str, float]:
    """Exact Shapley–Shubik index of a :class:`MultiWeightGame`, by class.

    Parameters
    ----------
    game : MultiWeightGame

    Returns
    -------
    dict
        Class name -> the class's total share (each member holds ``share / count``);
        the shares sum to 1.

    Raises
    ------
    govsim.ValidationError
        If ``game`` is not a multi-weight game or is beyond :data:`MAX_STATE_CELLS` /
        ``MAX_GAUSS_NODES``.

    Notes
    -----
    ``phi_i = sum_{S not containing i, S loses, S + i wins} |S|! (n - 1 - |S|)! / n!
    = integral_0^1 P_t(i swings) dt``; see the module docstring for the two paths.
    Accuracy: absolute error of order 1e-13 per share.

    Examples
    --------
    >>> g = MultiWeightGame([[1, 50], [1, 30], [1, 15], [1, 5]], [[3, 60], [4, 0]])
    >>> {k: round(v, 4) for k, v in multiweight_shapley_shubik(g).items()}
    {'0': 0.5, '1': 0.1667, '2': 0.1667, '3': 0.1667}

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
    """
    func = "multiweight_shapley_shubik"
    game = _check(game, func)
    plan = _plan(game, func)
    if plan == "counting":
        per_member = _counting(game)[0]
    elif plan == "separable":
        x, wq = _nodes(game.n_players)
        per_member = wq @ _separable(game, x)
    else:
        x, wq = _nodes(game.n_players)
        per_member = wq @ _quadrature(game, x)
    return {name: float(per_member[c] * game.counts[c]) for c, name in enumerate(game.names)}


def multiweight_banzhaf(game: MultiWeightGame, *, normalized: bool = True) -> dict[str, float]:
    """Exact Banzhaf index of a :class:`MultiWeightGame`, by class.

    Parameters
    ----------
    game : MultiWeightGame
    normalized : bool, default True
        Shares summing to 1; otherwise each class's members' swing probabilities
        ``eta_i / 2^(n-1)`` summed (the raw index).

    Returns
    -------
    dict
        Class name -> the class's total.

    Raises
    ------
    govsim.ValidationError
        As :func:`multiweight_shapley_shubik`.

    Notes
    -----
    ``beta'_i = #{S not containing i: S loses, S + i wins} / 2^(n-1) = P_{1/2}(i swings)``.

    Examples
    --------
    >>> g = MultiWeightGame([[1, 50], [1, 30], [1, 15], [1, 5]], [[3, 60], [4, 0]])
    >>> {k: round(v, 4) for k, v in multiweight_banzhaf(g, normalized=False).items()}
    {'0': 0.5, '1': 0.25, '2': 0.25, '3': 0.25}

    References
    ----------
    Banzhaf, J. F. (1965). *Rutgers Law Review* 19:317–343.
    """
    func = "multiweight_banzhaf"
    game = _check(game, func)
    check_bool(normalized, "normalized", func)
    plan = _plan(game, func)
    if plan == "counting":
        per_member = _counting(game)[1]
    elif plan == "separable":
        per_member = _separable(game, np.array([0.5]))[0]
    else:
        per_member = _quadrature(game, np.array([0.5]))[0]
    totals = {name: float(per_member[c] * game.counts[c]) for c, name in enumerate(game.names)}
    if not normalized:
        return totals
    grand = sum(totals.values())
    return {k: (v / grand if grand > 0 else 0.0) for k, v in totals.items()}

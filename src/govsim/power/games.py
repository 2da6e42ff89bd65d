"""Simple voting games: weighted games and games of blocks of identical members.

A *simple game* says which coalitions of players win. Two representations cover the
lawmaking procedures govsim models:

* :class:`WeightedGame` -- player ``i`` carries an integer weight ``w_i``; a coalition
  wins when its total weight reaches the quota ``q``.
* :class:`BlockGame` -- players come in named blocks of identical members (a president,
  a senate of 100, a house of 435); a coalition is described by how many members of
  each block it holds and wins when it meets every threshold of at least one *clause*.

Both are immutable, validated on construction, hashable and picklable; the power
indices of :mod:`govsim.power.exact` and :mod:`govsim.power.approximate` take either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import check_int, check_nonnegative_int_array, param_error

__all__ = ["MAX_BLOCK_SIZE", "MAX_TOTAL_WEIGHT", "BlockGame", "Game", "WeightedGame"]

#: Largest total weight of a :class:`WeightedGame`: 2^62, so that sums of weights never
#: wrap around in int64. (The indices bound the work far below: see
#: :mod:`govsim.power.exact`.)
MAX_TOTAL_WEIGHT = 2**62
#: Largest block of a :class:`BlockGame`: 10^9 members, more than the largest
#: electorate (India's, under 10^9 voters); a chamber holds at most a few thousand.
MAX_BLOCK_SIZE = 10**9


def _int_weights(values: ArrayLike, param: str, func: str) -> NDArray[np.int64]:
    """Non-negative integer weights, refusing values beyond int64 before converting them."""
    arr = np.asarray(values)
    wraps = arr.size and arr.dtype.kind in "uf" and np.all(np.isfinite(arr))
    if wraps and float(arr.max()) >= 2.0**63:  # uint64 or float: astype(int64) would wrap
        raise param_error(param, func, "an array of integers below 2**63", arr.max())
    return check_nonnegative_int_array(arr, param, func)


class WeightedGame:
    """A weighted majority game ``[q; w_1, ..., w_n]``.

    Parameters
    ----------
    weights : array_like of int
        Non-negative integer weight of each player (at least one player).
    quota : int
        Total weight a coalition needs to win, ``1 <= quota <= sum(weights)``.

    Raises
    ------
    govsim.ValidationError
        If a weight is negative or not integral, there are no players, or the quota
        is not an integer in ``[1, sum(weights)]``.

    Notes
    -----
    A coalition ``S`` wins iff ``sum(w_i for i in S) >= quota``. The weights are stored
    as a read-only ``int64`` array.

    Examples
    --------
    >>> g = WeightedGame([7] * 5 + [1] * 10, 39)  # the UN Security Council
    >>> g.n_players, g.total_weight
    (15, 45)
    >>> g.is_winning([0, 1, 2, 3, 4, 5, 6, 7, 8])
    True
    """

    __slots__ = ("_quota", "_weights")
    _quota: int
    _weights: NDArray[np.int64]

    def __init__(self, weights: ArrayLike, quota: int) -> None:
        w = _int_weights(weights, "weights", "WeightedGame")
        if w.ndim != 1 or w.size == 0:
            raise param_error(
                "weights", "WeightedGame", "a non-empty 1-D array", f"shape {w.shape}"
            )
        total = sum(w.tolist())  # Python ints: no wrap-around
        if total > MAX_TOTAL_WEIGHT:
            raise param_error("weights", "WeightedGame", "weights summing to at most 2**62", total)
        q = check_int(quota, "quota", "WeightedGame", low=1, high=total)
        w = w.copy()
        w.flags.writeable = False
        object.__setattr__(self, "_weights", w)
        object.__setattr__(self, "_quota", q)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def weights(self) -> NDArray[np.int64]:
        """The players' weights (read-only)."""
        return self._weights

    @property
    def quota(self) -> int:
        """The winning quota."""
        return self._quota

    @property
    def n_players(self) -> int:
        """Number of players."""
        return int(self._weights.size)

    @property
    def total_weight(self) -> int:
        """Sum of all weights."""
        return int(self._weights.sum())

    def is_winning(self, coalition: Iterable[int]) -> bool:
        """Whether the coalition given by player indices wins.

        Parameters
        ----------
        coalition : iterable of int
            Player indices (repeats count once).

        Returns
        -------
        bool
            ``sum of the members' weights >= quota``.

        Examples
        --------
        >>> g = WeightedGame([2, 1, 1], 3)
        >>> g.is_winning([0, 1]), g.is_winning([1, 2])
        (True, False)
        """
        idx = np.fromiter(coalition, dtype=np.int64)
        return bool(self._weights[np.unique(idx)].sum() >= self._quota)

    def __reduce__(self) -> tuple[Any, ...]:
        return (WeightedGame, (self._weights.tolist(), self._quota))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WeightedGame):
            return NotImplemented
        return self._quota == other._quota and np.array_equal(self._weights, other._weights)

    def __hash__(self) -> int:
        return hash((self._quota, self._weights.tobytes()))

    def __repr__(self) -> str:
        return f"WeightedGame(weights={self._weights.tolist()}, quota={self._quota})"


class BlockGame:
    """A simple game whose players form named blocks of identical members.

    Parameters
    ----------
    sizes : mapping of str to int
        Block name -> number of members (``>= 1``), e.g.
        ``{"president": 1, "senate": 100, "house": 435}``. The order of the mapping is
        the order of the blocks.
    clauses : iterable of mapping of str to int
        Each clause maps block names to the number of that block's members a coalition
        needs; a block a clause does not name needs 0. A coalition wins when it meets
        every threshold of at least one clause. At least one clause.

    Raises
    ------
    govsim.ValidationError
        If a size is not a positive int, there are no blocks or clauses, a clause names
        an unknown block, or a threshold is negative or larger than its block.

    Notes
    -----
    A coalition holding ``c_b`` members of block ``b`` wins iff
    ``any(all(c_b >= t_b for b) for t in clauses)``; such games are monotone by
    construction. Every member of a block is interchangeable with the others, which
    is what makes exact power indices cheap: they depend on the count state
    ``(c_1, ..., c_B)`` only, not on which members form it.

    Examples
    --------
    >>> us = BlockGame(
    ...     {"president": 1, "senate": 100, "house": 435},
    ...     [{"president": 1, "senate": 51, "house": 218}, {"senate": 67, "house": 290}],
    ... )
    >>> us.n_players
    536
    >>> us.is_winning({"senate": 70, "house": 300})
    True
    """

    __slots__ = ("_names", "_sizes", "_thresholds")
    _names: tuple[str, ...]
    _sizes: tuple[int, ...]
    _thresholds: tuple[tuple[int, ...], ...]

    def __init__(self, sizes: Mapping[str, int], clauses: Iterable[Mapping[str, int]]) -> None:
        func = "BlockGame"
        if not isinstance(sizes, Mapping) or len(sizes) == 0:
            raise param_error("sizes", func, "a non-empty mapping of block name to size", sizes)
        names = tuple(str(k) for k in sizes)
        counts = tuple(
            check_int(v, f"sizes[{k}]", func, low=1, high=MAX_BLOCK_SIZE) for k, v in sizes.items()
        )
        index = {name: i for i, name in enumerate(names)}
        rows: list[tuple[int, ...]] = []
        for j, clause in enumerate(clauses):
            if not isinstance(clause, Mapping):
                raise param_error(
                    f"clauses[{j}]", func, "a mapping of block name to threshold", clause
                )
            row = [0] * len(names)
            for block, need in clause.items():
                if block not in index:
                    known = ", ".join(repr(n) for n in names)
                    raise param_error(
                        f"clauses[{j}]", func, f"a mapping over the blocks {known}", block
                    )
                b = index[block]
                row[b] = check_int(need, f"clauses[{j}][{block}]", func, low=0, high=counts[b])
            rows.append(tuple(row))
        if not rows:
            raise param_error("clauses", func, "a non-empty sequence of clauses", [])
        for j, clause_row in enumerate(rows):
            if not any(clause_row):  # the empty coalition would win: no one is ever pivotal
                raise param_error(
                    f"clauses[{j}]",
                    func,
                    "a clause with at least one positive threshold",
                    _clause_repr(names, clause_row),
                )
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_sizes", counts)
        object.__setattr__(self, "_thresholds", tuple(rows))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def names(self) -> tuple[str, ...]:
        """Block names, in order."""
        return self._names

    @property
    def sizes(self) -> dict[str, int]:
        """Block name -> number of members (a fresh dict)."""
        return dict(zip(self._names, self._sizes, strict=True))

    @property
    def clauses(self) -> list[dict[str, int]]:
        """The clauses as dicts naming every block (fresh objects)."""
        return [dict(zip(self._names, row, strict=True)) for row in self._thresholds]

    @property
    def size_array(self) -> NDArray[np.int64]:
        """Block sizes as an int64 array (in :attr:`names` order)."""
        return np.asarray(self._sizes, dtype=np.int64)

    @property
    def threshold_array(self) -> NDArray[np.int64]:
        """Clause thresholds, shape ``(n_clauses, n_blocks)``."""
        return np.asarray(self._thresholds, dtype=np.int64).reshape(len(self._thresholds), -1)

    @property
    def n_players(self) -> int:
        """Total number of players over all blocks."""
        return sum(self._sizes)

    def winning(self, counts: ArrayLike) -> NDArray[np.bool_]:
        """Vectorized win test: ``counts`` has a last axis of length ``n_blocks``.

        Parameters
        ----------
        counts : array_like of int, shape (..., n_blocks)
            Members of each block in the coalition, in :attr:`names` order.

        Returns
        -------
        ndarray of bool, shape (...)
            Whether some clause has all its thresholds met.

        Examples
        --------
        >>> g = BlockGame({"p": 1, "c": 3}, [{"p": 1, "c": 2}, {"c": 3}])
        >>> g.winning([[1, 2], [0, 2], [0, 3]]).tolist()
        [True, False, True]
        """
        c = np.asarray(counts)
        met: NDArray[np.bool_] = np.all(c[..., None, :] >= self.threshold_array, axis=-1)
        won: NDArray[np.bool_] = np.any(met, axis=-1)
        return won

    def is_winning(self, counts: Mapping[str, int]) -> bool:
        """Whether a coalition holding ``counts[b]`` members of each block wins.

        Parameters
        ----------
        counts : mapping of str to int
            Members per block; blocks left out count 0.

        Returns
        -------
        bool

        Raises
        ------
        govsim.ValidationError
            If ``counts`` names an unknown block.

        Examples
        --------
        >>> g = BlockGame({"p": 1, "c": 3}, [{"p": 1, "c": 2}, {"c": 3}])
        >>> g.is_winning({"p": 1, "c": 2}), g.is_winning({"c": 2})
        (True, False)
        """
        unknown = set(counts) - set(self._names)
        if unknown:
            raise param_error(
                "counts", "BlockGame.is_winning", f"a mapping over {self._names}", sorted(unknown)
            )
        vec = [int(counts.get(n, 0)) for n in self._names]
        return bool(self.winning(vec))

    def __reduce__(self) -> tuple[Any, ...]:
        return (BlockGame, (self.sizes, self.clauses))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BlockGame):
            return NotImplemented
        return (self._names, self._sizes, self._thresholds) == (
            other._names,
            other._sizes,
            other._thresholds,
        )

    def __hash__(self) -> int:
        return hash((self._names, self._sizes, self._thresholds))

    def __repr__(self) -> str:
        return f"BlockGame(sizes={self.sizes}, clauses={self.clauses})"


def _clause_repr(names: tuple[str, ...], row: tuple[int, ...]) -> dict[str, int]:
    """A clause row as a dict, for error messages."""
    return dict(zip(names, row, strict=True))


#: Either kind of game.
Game = WeightedGame | BlockGame

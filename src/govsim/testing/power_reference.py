"""Plain brute-force power indices, used by the tests as an independent reference.

These enumerate orderings or coalitions of individual players straight from the
definitions, with exact rational arithmetic. They are exponential: keep games to at
most 8 players for orderings and about 16 for coalitions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations, permutations, product
from math import comb, factorial, prod
from typing import Any

from govsim.power.games import BlockGame, WeightedGame
from govsim.power.multiweight import MultiWeightGame

__all__ = [
    "banzhaf_subsets",
    "block_totals",
    "double_majority_mitm",
    "multiweight_subsets",
    "multiweight_types",
    "player_labels",
    "shapley_shubik_orderings",
    "shapley_shubik_subsets",
    "winning_function",
]


def player_labels(game: WeightedGame | BlockGame) -> list[str | int]:
    """One label per individual player: its index (weighted) or its block name (block).

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game (individual players; a block counts as ``size`` players).

    Returns
    -------
    list of int or str

    Examples
    --------
    >>> player_labels(BlockGame({"p": 1, "c": 2}, [{"p": 1, "c": 2}]))
    ['p', 'c', 'c']
    """
    if isinstance(game, WeightedGame):
        return list(range(game.n_players))
    return [name for name, size in game.sizes.items() for _ in range(size)]


def winning_function(game: WeightedGame | BlockGame) -> Callable[[Sequence[int]], bool]:
    """``win(players)`` for a collection of player indices, straight from the definition.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game (individual players; a block counts as ``size`` players).

    Returns
    -------
    callable
        ``win(players) -> bool`` over indices into :func:`player_labels`.

    Examples
    --------
    >>> win = winning_function(WeightedGame([2, 1, 1], 3))
    >>> win([0, 1]), win([1, 2])
    (True, False)
    """
    if isinstance(game, WeightedGame):
        weights = [int(w) for w in game.weights]
        return lambda players: sum(weights[i] for i in players) >= game.quota
    labels = player_labels(game)
    clauses = game.clauses

    def win(players: Sequence[int]) -> bool:
        counts = {name: 0 for name in game.names}
        for i in players:
            counts[labels[i]] += 1  # type: ignore[index]
        return any(all(counts[b] >= need for b, need in clause.items()) for clause in clauses)

    return win


def shapley_shubik_orderings(game: WeightedGame | BlockGame) -> list[Fraction]:
    """Shapley–Shubik index per player: the share of the ``n!`` orderings in which it is pivotal.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game (individual players; a block counts as ``size`` players).

    Returns
    -------
    list of Fraction

    Examples
    --------
    >>> shapley_shubik_orderings(WeightedGame([2, 1, 1], 3))
    [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
    """
    n = game.n_players
    win = winning_function(game)
    pivots = [0] * n
    for order in permutations(range(n)):
        for k in range(n):
            if win(order[: k + 1]):
                pivots[order[k]] += 1
                break
    return [Fraction(p, factorial(n)) for p in pivots]


def _swings(game: WeightedGame | BlockGame, i: int) -> list[tuple[int, ...]]:
    n = game.n_players
    win = winning_function(game)
    others = [j for j in range(n) if j != i]
    return [s for k in range(n) for s in combinations(others, k) if not win(s) and win((*s, i))]


def shapley_shubik_subsets(game: WeightedGame | BlockGame) -> list[Fraction]:
    """Shapley–Shubik index per player: ``sum over swings S of |S|! (n-1-|S|)! / n!``.

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game (individual players; a block counts as ``size`` players).

    Returns
    -------
    list of Fraction

    Examples
    --------
    >>> shapley_shubik_subsets(WeightedGame([2, 1, 1], 3))
    [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
    """
    n = game.n_players
    return [
        sum(
            (
                Fraction(factorial(len(s)) * factorial(n - 1 - len(s)), factorial(n))
                for s in _swings(game, i)
            ),
            Fraction(0),
        )
        for i in range(n)
    ]


def banzhaf_subsets(game: WeightedGame | BlockGame, *, normalized: bool = True) -> list[Fraction]:
    """Banzhaf index per player from its swing count (normalized or ``/ 2^(n-1)``).

    Parameters
    ----------
    game : WeightedGame or BlockGame
        The game (individual players; a block counts as ``size`` players).
    normalized : bool, default True
        Shares of the total swing count, or swing probabilities ``eta_i / 2^(n-1)``.

    Returns
    -------
    list of Fraction

    Examples
    --------
    >>> banzhaf_subsets(WeightedGame([2, 1, 1], 3))
    [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]

    References
    ----------
    Banzhaf, J. F. (1965). Weighted voting doesn't work. *Rutgers Law Review* 19:317–343.
    """
    n = game.n_players
    eta = [len(_swings(game, i)) for i in range(n)]
    if normalized:
        total = sum(eta)
        return [Fraction(e, total) for e in eta]
    return [Fraction(e, 2 ** (n - 1)) for e in eta]


def block_totals(game: BlockGame, per_player: Sequence[Fraction]) -> dict[str, Fraction]:
    """Sum per-player values into block totals.

    Parameters
    ----------
    game : BlockGame
        The game.
    per_player : sequence of Fraction
        One value per individual player, in :func:`player_labels` order.

    Returns
    -------
    dict
        Block name -> the sum over its members.

    Examples
    --------
    >>> g = BlockGame({"p": 1, "c": 2}, [{"p": 1, "c": 2}])
    >>> block_totals(g, shapley_shubik_orderings(g))
    {'p': Fraction(1, 3), 'c': Fraction(2, 3)}
    """
    out = {name: Fraction(0) for name in game.names}
    for label, value in zip(player_labels(game), per_player, strict=True):
        out[label] += value  # type: ignore[index]
    return out


def multiweight_subsets(game: MultiWeightGame) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """Shapley–Shubik and raw Banzhaf totals per class of a multi-weight game, by enumeration.

    Every individual player (a class of ``count`` members gives ``count`` players) and
    every coalition of the others is enumerated; a coalition wins when some clause has
    all its thresholds met by the summed weight vectors, straight from the definition.
    Keep games to about 14 players.

    Returns
    -------
    (dict, dict)
        Class name -> the class's Shapley–Shubik total, and its raw Banzhaf total
        (``sum of eta_i / 2^(n-1)`` over its members).

    Examples
    --------
    >>> g = MultiWeightGame([[1, 50], [1, 30], [1, 15], [1, 5]], [[3, 60], [4, 0]])
    >>> ss, bz = multiweight_subsets(g)
    >>> ss["0"], bz["3"]
    (Fraction(1, 2), Fraction(1, 4))
    """
    labels = [c for c, m in enumerate(game.counts.tolist()) for _ in range(m)]
    weights = [tuple(int(x) for x in game.weights[c]) for c in labels]
    clauses = [tuple(int(x) for x in row) for row in game.clauses]
    n = len(labels)

    def win(players: Sequence[int]) -> bool:
        total = [sum(weights[i][d] for i in players) for d in range(len(clauses[0]))]
        return any(all(t >= need for t, need in zip(total, c, strict=True)) for c in clauses)

    ss = {name: Fraction(0) for name in game.names}
    bz = {name: Fraction(0) for name in game.names}
    for i in range(n):
        others = [j for j in range(n) if j != i]
        name = game.names[labels[i]]
        for k in range(n):
            for s in combinations(others, k):
                if not win(s) and win((*s, i)):
                    ss[name] += Fraction(factorial(k) * factorial(n - 1 - k), factorial(n))
                    bz[name] += Fraction(1, 2 ** (n - 1))
    return ss, bz


def multiweight_types(
    game: MultiWeightGame, classes: Sequence[str] | None = None
) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """Shapley–Shubik and raw Banzhaf totals per class, by enumerating coalition *types*.

    Members of one class are interchangeable, so a coalition of the others of a member
    of class ``c`` is described by how many members of each class it holds, ``s``, and
    stands for ``prod_j C(m_j - [j = c], s_j)`` coalitions of size ``k = sum s``. Every
    type is enumerated and tested against the clauses straight from the definition;
    the swing counts are exact integers (``k! (n - 1 - k)!`` summed, divided by ``n!``
    once). It is independent of the generating functions and the quadrature, and it
    plays games of hundreds of players when the classes are few: the work is
    ``prod_j (m_j + 1)`` types per class (the Russian bloc lawmaking game at
    discipline 1: 155,000).

    Parameters
    ----------
    game : MultiWeightGame
    classes : sequence of str, optional
        Only these classes (default all); the others are absent from the result.

    Examples
    --------
    >>> g = MultiWeightGame([[1, 50], [1, 30], [1, 15], [1, 5]], [[3, 60], [4, 0]])
    >>> ss, bz = multiweight_types(g)
    >>> ss["0"], bz["3"]
    (Fraction(1, 2), Fraction(1, 4))
    """
    weights = [tuple(int(x) for x in row) for row in game.weights]
    clauses = [tuple(int(x) for x in row) for row in game.clauses]
    counts = [int(x) for x in game.counts]
    n, dims = sum(counts), len(clauses[0])
    fact = [factorial(k) for k in range(n + 1)]

    def win(total: Sequence[int]) -> bool:
        return any(all(t >= need for t, need in zip(total, c, strict=True)) for c in clauses)

    wanted = list(game.names) if classes is None else list(classes)
    ss: dict[str, Fraction] = {}
    bz: dict[str, Fraction] = {}
    for c, name in enumerate(game.names):
        if name not in wanted:
            continue
        others = [m - (1 if j == c else 0) for j, m in enumerate(counts)]
        ss_num = bz_num = 0
        for s in product(*(range(o + 1) for o in others)):
            total = [sum(s[j] * weights[j][d] for j in range(len(s))) for d in range(dims)]
            if win(total) or not win([t + x for t, x in zip(total, weights[c], strict=True)]):
                continue
            mult = prod(comb(o, x) for o, x in zip(others, s, strict=True))
            k = sum(s)
            ss_num += mult * fact[k] * fact[n - 1 - k]
            bz_num += mult
        ss[name] = Fraction(ss_num * counts[c], fact[n])
        bz[name] = Fraction(bz_num * counts[c], 2 ** (n - 1))
    return ss, bz


def double_majority_mitm(
    weights: Sequence[int], states: int, quota: int, all_but: int | None = None
) -> tuple[list[Fraction], list[Fraction]]:
    """Shapley–Shubik and raw Banzhaf per player of a double majority, by meet in the middle.

    A coalition wins when it has at least ``states`` members holding at least ``quota``
    weight, or (if ``all_but`` is given) at least ``all_but`` members whatever their
    weight -- the EU Council's rule with ``states = 15``, ``quota = ceil(0.65 x
    population)``, ``all_but = 24`` (a blocking minority needs four states). For each
    player the other players are split in two halves whose subsets are listed with
    numpy (size and weight of each), and the swings of each pair of sizes are counted
    with a sorted search: exact integers, without the generating functions of
    :mod:`govsim.power.multiweight`. Some 30 players at most (2^15 subsets a half).

    Examples
    --------
    >>> ss, bz = double_majority_mitm([50, 30, 15, 5], 3, 60, all_but=4)
    >>> ss[0], bz[3]
    (Fraction(1, 2), Fraction(1, 4))
    """
    import numpy as np

    w = np.asarray(weights, dtype=np.int64)
    n = w.shape[0]
    top = n + 1 if all_but is None else all_but

    def subsets(arr: Any) -> tuple[Any, Any]:
        k = arr.shape[0]
        bits = (np.arange(2**k)[:, None] >> np.arange(k)) & 1
        return bits.sum(axis=1), bits @ arr

    ss: list[Fraction] = []
    bz: list[Fraction] = []
    for i in range(n):
        others = np.delete(w, i)
        half = others.shape[0] // 2
        size_a, sum_a = subsets(others[:half])
        size_b, sum_b = subsets(others[half:])
        by_size = [np.sort(sum_b[size_b == kb]) for kb in range(others.shape[0] - half + 1)]
        swings = [0] * n
        for ka in range(half + 1):
            a = sum_a[size_a == ka]
            for kb, b in enumerate(by_size):
                k = ka + kb  # the others' coalition size
                if k + 1 < states or k >= top:
                    continue
                if k + 1 >= top:  # joining makes it win outright; it lost unless it met both
                    lo, hi = None, quota if k >= states else None
                else:
                    lo, hi = quota - int(w[i]), quota if k >= states else None
                below_hi = (
                    np.full(a.shape[0], b.shape[0])
                    if hi is None
                    else np.searchsorted(b, hi - a, side="left")
                )
                below_lo = (
                    np.zeros(a.shape[0], dtype=np.int64)
                    if lo is None
                    else (np.searchsorted(b, lo - a, side="left"))
                )
                swings[k] += int((below_hi - below_lo).sum())
        ss.append(
            sum(
                (
                    Fraction(factorial(k) * factorial(n - 1 - k) * c, factorial(n))
                    for k, c in enumerate(swings)
                ),
                Fraction(0),
            )
        )
        bz.append(Fraction(sum(swings), 2 ** (n - 1)))
    return ss, bz

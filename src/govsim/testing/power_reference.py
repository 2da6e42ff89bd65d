"""Plain brute-force power indices, used by the tests as an independent reference.

These enumerate orderings or coalitions of individual players straight from the
definitions, with exact rational arithmetic. They are exponential: keep games to at
most 8 players for orderings and about 16 for coalitions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations, permutations
from math import factorial

from govsim.power.games import BlockGame, WeightedGame

__all__ = [
    "banzhaf_subsets",
    "block_totals",
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

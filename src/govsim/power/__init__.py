"""Power in voting games: Shapley–Shubik and Banzhaf indices, and the lawmaking game.

* :class:`WeightedGame`, :class:`BlockGame` -- the games.
* :func:`shapley_shubik`, :func:`banzhaf` -- exact indices (float64 or exact rationals).
* :func:`approximate_shapley_shubik`, :func:`approximate_banzhaf` -- Monte Carlo, with
  standard errors.
"""

from govsim.power.approximate import PowerEstimate, approximate_banzhaf, approximate_shapley_shubik
from govsim.power.exact import banzhaf, shapley_shubik, swing_probabilities
from govsim.power.games import BlockGame, Game, WeightedGame

__all__ = [
    "BlockGame",
    "Game",
    "PowerEstimate",
    "WeightedGame",
    "approximate_banzhaf",
    "approximate_shapley_shubik",
    "banzhaf",
    "shapley_shubik",
    "swing_probabilities",
]

"""Power in voting games: Shapley–Shubik and Banzhaf indices, and the lawmaking game.

* :class:`WeightedGame`, :class:`BlockGame` -- the games.
* :func:`shapley_shubik`, :func:`banzhaf` -- exact indices (float64 or exact rationals).
* :func:`approximate_shapley_shubik`, :func:`approximate_banzhaf` -- Monte Carlo, with
  standard errors.
* :func:`lawmaking_game` -- the polity's procedure for passing a law, as a block game;
  :func:`lawmaking_shares` -- the Shapley–Shubik share of each of its blocks. The
  registered ``power.*`` metrics over them are in :mod:`govsim.metrics.power`.
* :class:`MultiWeightGame` -- clauses that need several weights at once (the EU
  Council's double majority), with exact :func:`multiweight_shapley_shubik` and
  :func:`multiweight_banzhaf`.
* :func:`lawmaking_blocs` -- the lawmaking game with parties and appointees voting as
  blocs under a discipline ``d`` in [0, 1]; :func:`bloc_shares` -- its shares;
  :func:`simulated_bloc_shares` -- their mean over Monte Carlo elections.
"""

from govsim.power.approximate import PowerEstimate, approximate_banzhaf, approximate_shapley_shubik
from govsim.power.blocs import bloc_shares, lawmaking_blocs, simulated_bloc_shares
from govsim.power.exact import banzhaf, shapley_shubik, swing_probabilities
from govsim.power.games import BlockGame, Game, WeightedGame
from govsim.power.lawmaking import lawmaking_game, lawmaking_shares, seats_needed
from govsim.power.multiweight import (
    MultiWeightGame,
    multiweight_banzhaf,
    multiweight_shapley_shubik,
)

__all__ = [
    "BlockGame",
    "Game",
    "MultiWeightGame",
    "PowerEstimate",
    "WeightedGame",
    "approximate_banzhaf",
    "approximate_shapley_shubik",
    "banzhaf",
    "bloc_shares",
    "lawmaking_blocs",
    "lawmaking_game",
    "lawmaking_shares",
    "multiweight_banzhaf",
    "multiweight_shapley_shubik",
    "seats_needed",
    "shapley_shubik",
    "simulated_bloc_shares",
    "swing_probabilities",
]

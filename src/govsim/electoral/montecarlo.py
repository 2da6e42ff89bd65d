"""Monte Carlo elections: a vote model, batched over draws, through an electoral system."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from govsim._random import SeedLike, as_generator
from govsim._validation import check_int, param_error
from govsim.electoral.allocate import allocate
from govsim.electoral.bonus import majority_bonus
from govsim.electoral.indices import effective_number, gallagher
from govsim.electoral.mixed import count_winners
from govsim.electoral.runoff import two_round
from govsim.electoral.vote_model import MAX_TOTAL_VOTES, VoteModel
from govsim.model.rows import ElectoralSystem, ListTier, SingleMemberTier

__all__ = [
    "MAX_DRAW_CELLS",
    "MAX_TOTAL_VOTES",
    "SimulationResult",
    "VoteModel",
    "simulate",
]

#: Most draws x (entries + districts x contenders) of one :func:`simulate` call: its
#: memory and running time (10^8 cells, a few seconds). The electoral metrics draw
#: 2,000 elections of the Mazhilis, 2,000 x (9 + 29 x 8) cells.
MAX_DRAW_CELLS = 10**8
# Draws x districts x contenders per block of district noise: bounds peak memory.
_NOISE_CELLS = 1 << 22


@dataclass(frozen=True)
class SimulationResult:
    """Per-draw outcome of :func:`simulate` and its summaries.

    ``votes`` and ``seats`` have shape (n, entries); ``size`` (n,) is the seats
    filled. Summaries treat list-eligible entries as parties (a majority is a
    majority of one party, not of self-nominated members) and compute indices over
    the entries that can win seats (so "against all" is left out of the base).
    """

    votes: NDArray[np.int64]
    seats: NDArray[np.int64]
    size: NDArray[np.int64]
    parties: NDArray[np.bool_]
    counted: NDArray[np.bool_]
    names: tuple[str, ...] | None = None

    @cached_property
    def largest(self) -> NDArray[np.int64]:
        """Seats of the largest party in each draw."""
        largest: NDArray[np.int64] = np.where(self.parties, self.seats, 0).max(axis=1)
        return largest

    @property
    def p_majority(self) -> float:
        """P(the largest party holds more than half of the seats)."""
        return float(np.mean(2 * self.largest > self.size))

    @property
    def p_two_thirds(self) -> float:
        """P(the largest party holds at least two thirds of the seats)."""
        return float(np.mean(3 * self.largest >= 2 * self.size))

    @cached_property
    def gallagher(self) -> NDArray[np.float64]:
        """Gallagher index of each draw (list votes vs all seats, counted entries)."""
        c = self.counted
        return np.asarray(gallagher(self.votes[:, c], self.seats[:, c]))

    @cached_property
    def enp_seats(self) -> NDArray[np.float64]:
        """Effective number of parties by seats in each draw (counted entries)."""
        return np.asarray(effective_number(self.seats[:, self.counted]))

    @property
    def expected_gallagher(self) -> float:
        """Mean Gallagher index over draws."""
        return float(self.gallagher.mean())

    @property
    def expected_enp(self) -> float:
        """Mean effective number of parties (seats) over draws."""
        return float(self.enp_seats.mean())

    def seat_quantiles(self, q: Sequence[float] = (0.05, 0.5, 0.95)) -> NDArray[np.float64]:
        """Quantiles of each entry's seats, shape (len(q), entries).

        Parameters
        ----------
        q : sequence of float, default (0.05, 0.5, 0.95)
            Probabilities in [0, 1].

        Returns
        -------
        ndarray of float64, shape (len(q), entries)

        Examples
        --------
        >>> from govsim.model.rows import ElectoralSystem, SingleMemberTier
        >>> es = ElectoralSystem(body="m", tiers=(SingleMemberTier(seats=10),))
        >>> r = simulate(es, VoteModel(shares=(0.6, 0.4), district_swing=0.0), 5, seed=0)
        >>> r.seat_quantiles((0.5,)).tolist()
        [[10.0, 0.0]]
        """
        return np.quantile(self.seats, q, axis=0)

    def summary(self) -> dict[str, float]:
        """The scalar summaries as a dict.

        Returns
        -------
        dict
            ``p_majority``, ``p_two_thirds``, ``expected_gallagher``, ``expected_enp``.

        Examples
        --------
        >>> from govsim.model.rows import ElectoralSystem, SingleMemberTier
        >>> es = ElectoralSystem(body="m", tiers=(SingleMemberTier(seats=10),))
        >>> r = simulate(es, VoteModel(shares=(0.6, 0.4), district_swing=0.0), 5, seed=0)
        >>> r.summary()["p_majority"], r.summary()["expected_enp"]
        (1.0, 1.0)
        """
        return {
            "p_majority": self.p_majority,
            "p_two_thirds": self.p_two_thirds,
            "expected_gallagher": self.expected_gallagher,
            "expected_enp": self.expected_enp,
        }


def _list_seats(
    tier: ListTier, m: VoteModel, votes: NDArray[np.int64], elig: NDArray[np.bool_]
) -> NDArray[np.int64]:
    """One list tier's seats for every draw: per-list thresholds, exemptions, bonus."""
    thresholds = None
    if tier.coalition_thresholds is not None and m.members is not None:
        steps = (tier.threshold, *tier.coalition_thresholds)
        thresholds = [steps[min(k, len(steps)) - 1] for k in m.members]  # a loop over lists
    exempt = None
    if tier.exempt_minorities and m.minority is not None:
        exempt = np.asarray(m.minority, dtype=bool)
    if tier.bonus_seats or tier.majority_seats:
        return majority_bonus(
            votes,
            tier.seats,
            tier.method,
            tier.threshold,
            elig,
            bonus_seats=tier.bonus_seats or 0,
            majority_seats=tier.majority_seats,
            bonus_threshold=tier.bonus_threshold or 0.0,
            thresholds=thresholds,
            exempt=exempt,
        )
    return allocate(
        votes, tier.seats, tier.method, tier.threshold, elig, thresholds=thresholds, exempt=exempt
    )


def _two_round_winners(
    tier: SingleMemberTier, m: VoteModel, p: NDArray[np.float64], rng: np.random.Generator
) -> NDArray[np.int64]:
    """Two-round winners of a block of draws, shape (draws, districts).

    First-round shares ``q_i exp(sigma e_di)`` normalised per district: the same noise
    model as :meth:`VoteModel.district_winners`, as votes rather than an argmax.
    """
    s = np.asarray(m.shares)
    w = m.district_weights
    ratio = np.where(s > 0, p / np.where(s > 0, s, 1.0), 1.0)
    with np.errstate(divide="ignore"):
        logq = np.log(w * ratio)
    contenders = np.flatnonzero(w > 0)
    noise = rng.standard_normal((p.shape[0], tier.seats, contenders.size))
    noise *= m.district_swing
    noise += logq[:, None, contenders]
    noise -= noise.max(axis=-1, keepdims=True)
    share = np.exp(noise)
    share /= share.sum(axis=-1, keepdims=True)
    transfer = None
    if m.transfers is not None:
        transfer = np.asarray(m.transfers)[np.ix_(contenders, contenders)]
    result = two_round(
        share,
        share.sum(axis=-1) / m.turnout,
        majority_registered=tier.majority_registered or 0.0,
        qualify_registered=tier.qualify_registered,
        runoff_size=tier.runoff_size or 2,
        transfer=transfer,
    )
    return np.where(result.winners >= 0, contenders[np.maximum(result.winners, 0)], -1)


def simulate(
    system: ElectoralSystem, vote_model: VoteModel, n: int, seed: SeedLike
) -> SimulationResult:
    """Simulate ``n`` elections of ``system`` under ``vote_model``, vectorized over draws.

    Parameters
    ----------
    system : ElectoralSystem
        Its tiers: :class:`~govsim.model.rows.ListTier` (one nationwide district)
        and :class:`~govsim.model.rows.SingleMemberTier`.
    vote_model : VoteModel
        National shares, their uncertainty and the district swing.
    n : int
        Number of draws (>= 1).
    seed : SeedLike
        Seed, SeedSequence or Generator (see :mod:`govsim._random`).

    Returns
    -------
    SimulationResult
        Per-draw votes and seats (n, entries) and the summaries
        ``p_majority``, ``p_two_thirds``, ``expected_gallagher``, ``expected_enp``,
        ``seat_quantiles()``.

    Raises
    ------
    govsim.ValidationError
        ``n < 1``, draws x cells beyond ``MAX_DRAW_CELLS``, a bad seed, or a list tier
        with several districts (not modelled).

    Notes
    -----
    Per draw: ``p ~ Dirichlet(a0 s)``; list votes ``floor(p V)``; each list tier's
    seats by :func:`~govsim.electoral.allocate` with its method and threshold
    (exact, ineligible entries in the threshold base); each single-member tier's
    districts by plurality on ``log q + sigma e`` (see :class:`VoteModel`).

    Examples
    --------
    >>> from govsim.model.rows import ElectoralSystem, ListTier, SingleMemberTier
    >>> es = ElectoralSystem(body="mazhilis", tiers=(ListTier(seats=69, method="hare", threshold=0.05),
    ...                                            SingleMemberTier(seats=29)))
    >>> votes = VoteModel(shares=(3_431_510, 693_938, 547_154, 535_139, 432_920, 331_058,
    ...                           146_431, 248_291), eligible=(True,) * 7 + (False,))
    >>> r = simulate(es, votes, 2000, seed=1)
    >>> r.seats.shape, bool((r.size == 98).all())
    ((2000, 8), True)
    >>> 0.9 < r.p_majority <= 1.0
    True

    References
    ----------
    .. [1] Gelman, A., King, G. (1994). A unified method of evaluating electoral
       systems and redistricting plans. *AJPS* 38(2):514-554 (uniform partisan
       swing plus district noise).
    """
    if not isinstance(system, ElectoralSystem):
        raise param_error("system", "simulate", "an ElectoralSystem", type(system).__name__)
    if not isinstance(vote_model, VoteModel):
        raise param_error("vote_model", "simulate", "a VoteModel", type(vote_model).__name__)
    m = vote_model
    contenders = int(np.count_nonzero(m.district_weights > 0))
    per_draw = m.n_entries + sum(
        t.seats * contenders for t in system.tiers if isinstance(t, SingleMemberTier)
    )
    n = check_int(n, "n", "simulate", low=1, high=max(1, MAX_DRAW_CELLS // per_draw))
    if per_draw > MAX_DRAW_CELLS:
        raise param_error(
            "system",
            "simulate",
            f"a system whose draw needs at most MAX_DRAW_CELLS = {MAX_DRAW_CELLS:,} cells",
            per_draw,
        )
    rng = as_generator(seed)
    p = m.draw_shares(n, rng)
    votes = np.floor(p * m.total_votes).astype(np.int64)
    seats = np.zeros_like(votes)
    elig = m.list_eligible
    for tier in system.tiers:  # a handful of tiers; each batched over draws
        if isinstance(tier, ListTier):
            if tier.districts != 1:
                raise param_error(
                    "system",
                    "simulate",
                    "list tiers with one nationwide district",
                    f"{tier.districts} districts",
                )
            seats += _list_seats(tier, m, votes, elig)
        elif isinstance(tier, SingleMemberTier):
            step = max(1, _NOISE_CELLS // max(1, tier.seats * contenders))
            for lo in range(0, n, step):  # blocks of draws, to bound the noise array
                if tier.formula == "two_round":
                    winners = _two_round_winners(tier, m, p[lo : lo + step], rng)
                else:
                    winners = m.district_winners(p[lo : lo + step], tier.seats, rng)
                seats[lo : lo + step] += count_winners(winners, m.n_entries)
    counted = elig | (m.district_weights > 0)
    return SimulationResult(votes, seats, seats.sum(axis=1), elig, counted, m.names)

"""Single-member districts and mixed systems (parallel and compensatory), batched."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import check_choice, check_int, param_error
from govsim.electoral.allocate import (
    MAX_ENTRIES,
    MAX_SEATS,
    _check_method,
    _passes,
    _prepare,
    _run,
    _threshold_ratio,
)
from govsim.electoral.methods import METHODS, QuotaMethod

__all__ = ["MixedResult", "count_winners", "mixed", "plurality"]


def plurality(
    district_votes: ArrayLike, return_ties: bool = False
) -> NDArray[np.int64] | tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Winners of single-member districts by plurality (first past the post), batched.

    Parameters
    ----------
    district_votes : array_like, shape (..., districts, parties)
        Votes of each party's candidate in each district (counts or shares; any
        leading batch shape, e.g. (draws, districts, parties)).
    return_ties : bool, default False
        Also return a mask of the districts whose winner was decided by the tie rule.

    Returns
    -------
    ndarray of int64, shape (..., districts)
        Index of the winning party; -1 for a district where nobody has votes.

    Raises
    ------
    govsim.ValidationError
        Negative or non-finite votes, or fewer than two axes.

    Notes
    -----
    The winner is ``argmax_i votes_i``; ties go to the lower index.

    Examples
    --------
    >>> plurality([[10, 30, 20], [5, 5, 1], [0, 0, 0]]).tolist()
    [1, 0, -1]

    References
    ----------
    .. [1] Constitutional Law of Kazakhstan "On Elections", art. 9(2) (relative
       majority in single-member districts, as cited by International IDEA).
    """
    a = np.asarray(district_votes)
    if a.ndim < 2 or a.shape[-1] == 0:
        raise param_error(
            "district_votes",
            "plurality",
            "an array of shape (..., districts, parties)",
            f"shape {a.shape}",
        )
    if not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)) or (
        a.size and (not np.all(np.isfinite(a)) or a.min() < 0)
    ):
        raise param_error(
            "district_votes", "plurality", "an array of finite non-negative votes", "other values"
        )
    winners = a.argmax(axis=-1)
    top = np.take_along_axis(a, winners[..., None], axis=-1)
    winners = np.where(top[..., 0] > 0, winners, -1)
    if return_ties:
        ties = ((a == top).sum(axis=-1) > 1) & (winners >= 0)
        return winners, ties
    return winners


def count_winners(winners: ArrayLike, parties: int) -> NDArray[np.int64]:
    """Seats per party from district winners ``(..., districts)``; -1 (independents) is skipped.

    Parameters
    ----------
    winners : array_like of int, shape (..., districts)
        The winning party of each district (as from :func:`plurality`), or -1 for a
        winner outside the parties (an independent).
    parties : int
        Number of parties, at least 1.

    Returns
    -------
    ndarray of int64, shape (..., parties)
        ``out[..., i] = #{d : winners[..., d] == i}``.

    Raises
    ------
    govsim.ValidationError
        If ``winners`` is not an integer array, ``parties < 1`` or parties x elections
        exceed ``MAX_ENTRIES`` of :mod:`govsim.electoral.allocate`, or a winner lies
        outside ``[-1, parties)``.

    Examples
    --------
    >>> count_winners([[0, 2, 2, -1]], 3).tolist()
    [[1, 0, 2]]

    References
    ----------
    Cox, G. W. (1997). *Making Votes Count*. Cambridge University Press.
    """
    w = np.asarray(winners)
    batch = max(1, w.size // w.shape[-1]) if w.ndim and w.shape[-1] else 1
    parties = check_int(parties, "parties", "count_winners", low=1, high=MAX_ENTRIES // batch)
    if not np.issubdtype(w.dtype, np.integer) or w.ndim < 1:
        raise param_error(
            "winners", "count_winners", "an integer array of shape (..., districts)", w.dtype
        )
    if w.size and (w.min() < -1 or w.max() >= parties):
        raise param_error(
            "winners",
            "count_winners",
            f"party indices in [-1, {parties})",
            f"[{w.min()}, {w.max()}]",
        )
    out = np.zeros((*w.shape[:-1], parties), dtype=np.int64)
    for i in range(parties):  # a loop over parties, vectorized over batch and districts
        out[..., i] = (w == i).sum(axis=-1)
    return out


@dataclass(frozen=True)
class MixedResult:
    """Seats of a mixed election, each array of shape (..., parties) unless noted.

    ``seats = list_seats + district_seats``; ``independents`` (shape (...)) counts
    districts won by candidates without a party list; ``size`` (shape (...)) is the
    body's size, larger than nominal with overhang or levelling seats; ``ties``
    (shape (...)) marks elections whose list allocation used the tie rule.
    """

    seats: NDArray[np.int64]
    list_seats: NDArray[np.int64]
    district_seats: NDArray[np.int64]
    independents: NDArray[np.int64]
    size: NDArray[np.int64]
    ties: NDArray[np.bool_]


def mixed(
    list_votes: ArrayLike,
    district_winners: ArrayLike,
    list_seats: int,
    method: str = "hare",
    threshold: float | Fraction = 0.0,
    compensatory: bool = False,
    overhang: Literal["allow", "level"] = "allow",
    alt_threshold_districts: int | None = None,
    eligible: ArrayLike | None = None,
) -> MixedResult:
    """Seats of a mixed-member election: parallel (MMM) or compensatory (MMP).

    Parameters
    ----------
    list_votes : array_like of int, shape (..., parties)
        Party-list votes; may include ineligible entries such as "against all".
    district_winners : array_like of int, shape (..., districts)
        Winning party of each single-member district (-1: an independent).
    list_seats : int
        Seats of the list tier (parallel) or the list seats added to the districts
        to make the nominal body size (compensatory).
    method : str, default "hare"
        List allocation method (New Zealand uses ``"sainte_lague"``).
    threshold : float or Fraction, default 0
        List threshold as a fraction of all list votes (exact, as in :func:`allocate`).
    compensatory : bool, default False
        False: parallel, list seats allocated independently (Kazakhstan since 2023).
        True: the whole body is allocated on list votes among qualifying parties,
        district seats counted against each party's entitlement (New Zealand).
    overhang : {"allow", "level"}, default "allow"
        Compensatory only. ``"allow"``: a party keeps district seats beyond its
        entitlement and the body grows (New Zealand). ``"level"``: the body grows
        until every party's entitlement covers its district seats (Germany 2013-2020);
        a party without list votes (qualified by its districts alone) cannot be
        levelled and keeps its district seats as overhang.
    alt_threshold_districts : int, optional
        Compensatory only: a party also qualifies with at least this many district
        seats (New Zealand: 1).
    eligible : array_like of bool, optional
        Entries of ``list_votes`` that may win list seats.

    Returns
    -------
    MixedResult

    Raises
    ------
    govsim.ValidationError
        Bad votes, winners, seats (``list_seats`` and a levelled house at most
        ``MAX_SEATS``), threshold or overhang rule.
    govsim.UnknownNameError
        An unknown method (the message suggests the closest name).

    Notes
    -----
    Parallel: ``seats_i = allocate(list_votes, list_seats)_i + districts_i``.
    Compensatory: parties qualify with ``v_i >= threshold * V`` or
    ``districts_i >= alt_threshold_districts``; with ``H = list_seats + districts``
    minus the district seats of independents and non-qualifying parties,
    ``E = allocate(v over qualifying parties, H)`` and
    ``seats_i = max(E_i, districts_i)`` (overhang allowed) or, with levelling, the
    smallest ``H' >= H`` such that ``E_i(H') >= districts_i`` for all ``i``.

    Examples
    --------
    Kazakhstan 2023 (parallel): 69 list seats, 5% Hare; 22 districts to Amanat, 7 to
    self-nominated candidates.

    >>> votes = [3431510, 693938, 547154, 535139, 432920, 331058, 146431, 248291]
    >>> winners = [0] * 22 + [-1] * 7
    >>> r = mixed(votes, winners, 69, "hare", 0.05, eligible=[True] * 7 + [False])
    >>> r.seats.tolist(), int(r.independents), int(r.size)
    ([62, 8, 6, 6, 5, 4, 0, 0], 7, 98)

    Compensatory with overhang (hand-computed): 10 seats, 6 districts all won by
    party 0 with 40% of the votes; D'Hondt entitlement 4/3/3 -> party 0 keeps 6.

    >>> r = mixed([40, 30, 30], [0] * 6, 4, "dhondt", compensatory=True)
    >>> r.seats.tolist(), int(r.size)
    ([6, 3, 3], 12)
    >>> r = mixed([40, 30, 30], [0] * 6, 4, "dhondt", compensatory=True, overhang="level")
    >>> r.seats.tolist(), int(r.size)
    ([6, 4, 4], 14)

    References
    ----------
    .. [1] Constitutional Law of Kazakhstan "On Elections" (2022 amendments): 69
       list seats, 5% threshold, 29 single-member districts.
    .. [2] New Zealand Electoral Act 1993, ss. 191-193 (5% or one electorate seat;
       Sainte-Laguë; overhang).
    .. [3] Bundeswahlgesetz 2013, s. 6 (levelling seats).
    """
    func = "mixed"
    method = _check_method(method, func)
    overhang = check_choice(overhang, "overhang", func, ("allow", "level"))  # type: ignore[assignment]
    list_seats = check_int(list_seats, "list_seats", func, low=0, high=MAX_SEATS)
    num, den = _threshold_ratio(threshold, func)
    v, s, ok, batch = _prepare(list_votes, list_seats, eligible, func, "list_votes")
    n = v.shape[1]
    w = np.asarray(district_winners)
    if not np.issubdtype(w.dtype, np.integer) or w.ndim < 1:
        raise param_error(
            "district_winners",
            func,
            "an integer array of shape (..., districts)",
            f"dtype {w.dtype}",
        )
    try:
        w = np.broadcast_to(w, (*batch, w.shape[-1])).reshape(-1, w.shape[-1])
    except ValueError:
        raise param_error(
            "district_winners", func, f"of batch shape {batch}", f"shape {w.shape}"
        ) from None
    if w.size and (w.min() < -1 or w.max() >= n):
        raise param_error(
            "district_winners", func, f"party indices in [-1, {n})", f"[{w.min()}, {w.max()}]"
        )
    d = count_winners(w, n)
    independents = (w == -1).sum(axis=1)
    n_districts = w.shape[1]
    passes = _passes(v, ok, num, den)

    if not compensatory:
        lst, ties = _run(method, v, s, passes, None, func, "list_votes")
    else:
        if alt_threshold_districts is not None:
            alt = check_int(alt_threshold_districts, "alt_threshold_districts", func, low=1)
            passes = passes | (ok & (d >= alt))
        kept = independents + np.where(passes, 0, d).sum(axis=1)
        house = list_seats + n_districts - kept
        ent, ties = _run(method, v, house, passes, None, func, "list_votes")
        if overhang == "level":
            ent, ties = _level(method, v, passes, d, house, ent, ties, func)
        lst = np.where(passes, np.maximum(ent - d, 0), 0)
    seats = lst + d
    shape = (*batch, n)
    return MixedResult(
        seats=seats.reshape(shape),
        list_seats=lst.reshape(shape),
        district_seats=d.reshape(shape),
        independents=independents.reshape(batch),
        size=(seats.sum(axis=1) + independents).reshape(batch),
        ties=ties.reshape(batch),
    )


def _level(
    method: str,
    v: NDArray[np.int64],
    passes: NDArray[np.bool_],
    d: NDArray[np.int64],
    house: NDArray[np.int64],
    ent: NDArray[np.int64],
    ties: NDArray[np.bool_],
    func: str,
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """The smallest house ``>= house`` whose entitlements cover every party's districts.

    Only parties with list votes can be levelled: a qualifying party without any (it
    qualified by its district seats alone) keeps its seats as overhang, as under
    ``"allow"``, instead of growing the house forever. Divisor methods are house
    monotone (a party never loses a seat when the house grows), so the smallest
    sufficient house is found by doubling and bisection; quota methods are not
    (the Alabama paradox), so their house grows seat by seat from a proven lower bound.
    """
    ent, ties, house = ent.copy(), ties.copy(), house.copy()
    need = passes & (v > 0)

    def short(e: NDArray[np.int64], rows: NDArray[np.intp]) -> NDArray[np.bool_]:
        return np.asarray((need[rows] & (d[rows] > e)).any(axis=1))

    def run(rows: NDArray[np.intp], h: NDArray[np.int64]) -> tuple[NDArray[Any], NDArray[Any]]:
        return _run(method, v[rows], h, passes[rows], None, func, "list_votes")

    live = np.flatnonzero(short(ent, np.arange(v.shape[0])))
    if not live.size:
        return ent, ties
    # Every divisor method here (d(k) in [k, k + 2]) and the Hare and Hagenbach-Bischoff
    # quotas (at least V / (H + 1)) give a list at most v_i (H + 2n) / V + 1 seats, so a
    # party with d_i district seats is still short at any H < (d_i - 1) V / v_i - 2n:
    # ``lo`` is short. (Droop's rounded-up quota can leave many more seats to the
    # remainders when there are few votes per seat, so it starts from the house itself.)
    lo = house[live]
    if method != "droop":
        n = v.shape[1]
        vl = np.where(need[live], v[live], 0).astype(np.float64)
        total = vl.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.where(vl > 0, (d[live] - 1) * total / vl, 0.0).max(axis=1)
        low = (np.floor(bound * (1.0 - 1e-12)) - 2 * n - 1).astype(np.int64)
        lo = np.maximum(lo, low)
    if isinstance(METHODS[method], QuotaMethod):
        h = lo
        while live.size:  # a loop over added seats, each step batched over elections
            h = h + 1
            e, t = run(live, h)
            ent[live], ties[live] = e, t
            still = short(e, live)
            live, h = live[still], h[still]
        return ent, ties
    # doubling: hi is the first of lo + 1, lo + 2, lo + 4, ... that covers every party
    hi = lo + 1
    grow = np.ones(live.size, dtype=bool)
    while grow.any():
        rows = np.flatnonzero(grow)
        e, _ = run(live[rows], hi[rows])
        still = short(e, live[rows])
        step = hi[rows[still]] - lo[rows[still]]
        lo[rows[still]] = hi[rows[still]]
        hi[rows[still]] += 2 * step
        grow[rows[~still]] = False
    # bisection: lo short, hi covered
    while (gap := hi - lo > 1).any():
        rows = np.flatnonzero(gap)
        mid = (lo[rows] + hi[rows]) // 2
        e, _ = run(live[rows], mid)
        still = short(e, live[rows])
        lo[rows[still]] = mid[still]
        hi[rows[~still]] = mid[~still]
    ent[live], ties[live] = run(live, hi)
    return ent, ties

"""Majority bonus systems: seats added to, or a majority assured for, the largest list."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import check_int, param_error
from govsim.electoral.allocate import (
    MAX_SEATS,
    _check_method,
    _list_thresholds,
    _mask,
    _passes,
    _prepare,
    _rsum,
    _run,
    _threshold_ratio,
)

__all__ = ["majority_bonus"]


def majority_bonus(
    votes: ArrayLike,
    seats: int,
    method: str = "dhondt",
    threshold: float | Fraction = 0.0,
    eligible: ArrayLike | None = None,
    *,
    bonus_seats: int = 0,
    majority_seats: int | None = None,
    bonus_threshold: float | Fraction = 0.0,
    thresholds: ArrayLike | None = None,
    exempt: ArrayLike | None = None,
) -> NDArray[np.int64]:
    """List seats with a majority bonus for the largest list, batched over elections.

    Parameters
    ----------
    votes : array_like of int, shape (..., parties)
        Votes of each list (coalitions as one list), any leading batch shape.
    seats : int
        Seats of the tier, bonus included (1 to ``MAX_SEATS``).
    method, threshold, eligible, thresholds, exempt
        The base allocation, as in :func:`~govsim.electoral.allocate`.
    bonus_seats : int, default 0
        Seats given to the largest list on top of its share of the other
        ``seats - bonus_seats`` (Greece 2012-2019: 50 of 300; 2023: 50 at 40% or more,
        Law 4804/2021), 0 to ``seats``.
    majority_seats : int, optional
        A majority-assuring rule: after the bonus, a largest list with fewer seats
        gets exactly this many and the other lists share ``seats - majority_seats``
        (San Marino: 35 of 60; Italian municipalities over 15,000 inhabitants: 60% of
        the council), 1 to ``seats``.
    bonus_threshold : float or Fraction in [0, 1), default 0
        Share of all votes the largest list needs for the bonus and the assured
        majority (Italicum 2015: 40%; Italian municipalities: 40%); below it the
        tier is allocated proportionally.

    Returns
    -------
    ndarray of int64, shape (..., parties)
        Seats of each list; the last axis sums to ``seats``.

    Raises
    ------
    govsim.ValidationError
        As :func:`~govsim.electoral.allocate`; ``bonus_seats`` or ``majority_seats``
        outside ``[0, seats]`` / ``[1, seats]``; a bonus threshold outside [0, 1).
    govsim.UnknownNameError
        An unknown method.

    Notes
    -----
    The largest list is the one with the most votes among the lists over the
    threshold (the lower index on equal votes). Greece's sliding scale below 40%
    (20 seats at 25%, one more per half point) is not modelled: give the bonus that
    applies to the result at hand.

    Examples
    --------
    Hand-computed: 10 seats, 2 bonus seats at 40%, D'Hondt on the other 8 for
    45/35/20 (quotients 45, 35, 22.5, 20, 17.5, 15, 11.7, 11.25) gives 4/3/1, so 6/3/1.

    >>> majority_bonus([45, 35, 20], 10, bonus_seats=2, bonus_threshold=0.4).tolist()
    [6, 3, 1]
    >>> majority_bonus([45, 35, 20], 10, majority_seats=6).tolist()  # 5/3/2 -> 6 assured
    [6, 3, 1]
    >>> majority_bonus([35, 35, 30], 10, bonus_seats=2, bonus_threshold=0.4).tolist()
    [4, 3, 3]

    References
    ----------
    .. [1] Greece, Presidential Decree 26/2012 as amended by Law 4804/2021, art. 99
       (bonus seats to the first party, the rest by Hare among parties over 3%).
    .. [2] Italy, Legislative Decree 267/2000 (TUEL), art. 73 (60% of the council to
       the lists of the elected mayor).
    """
    func = "majority_bonus"
    method = _check_method(method, func)
    seats = check_int(seats, "seats", func, low=1, high=MAX_SEATS, high_name="MAX_SEATS")
    bonus_seats = check_int(bonus_seats, "bonus_seats", func, low=0, high=seats)
    if majority_seats is not None:
        majority_seats = check_int(majority_seats, "majority_seats", func, low=1, high=seats)
    bnum, bden = _threshold_ratio(bonus_threshold, func, "bonus_threshold")
    num, den = _threshold_ratio(threshold, func)
    v, s, ok, batch = _prepare(votes, seats, eligible, func, "votes")
    n = v.shape[1]
    ratio = (num, den) if thresholds is None else _list_thresholds(thresholds, n, func)
    passes = _passes(v, ok, *ratio)
    if exempt is not None:
        passes = passes | (ok & _mask(exempt, v, batch, "exempt", func))
    rows = np.arange(v.shape[0])
    lead = np.where(passes, v, -1).argmax(axis=1)  # lower index on equal votes
    top = v[rows, lead]
    total = _rsum(v)
    if v.max(initial=0) * max(bden, 1) >= 2**62 or total.max(initial=0) * bnum >= 2**62:
        raise param_error("votes", func, "small enough for exact threshold arithmetic", v.max())
    gets = passes[rows, lead] & (top > 0) & (top * bden >= bnum * total)
    out, _ = _run(method, v, s - bonus_seats * gets, passes, None, func, "votes")
    out[rows, lead] += bonus_seats * gets
    if majority_seats is not None:
        short = gets & (out[rows, lead] < majority_seats)
        if short.any():
            r = np.flatnonzero(short)
            others = passes[r].copy()
            others[np.arange(r.size), lead[r]] = False
            rest = np.full(r.size, seats - majority_seats, dtype=np.int64)
            alone = (_rsum(others & (v[r] > 0)) == 0) | (rest == 0)
            sub = np.zeros((r.size, n), dtype=np.int64)
            if (~alone).any():
                k = np.flatnonzero(~alone)
                sub[k], _ = _run(method, v[r[k]], rest[k], others[k], None, func, "votes")
            # nobody else can take the other seats: the largest list keeps them all
            sub[np.arange(r.size), lead[r]] = np.where(alone, seats, majority_seats)
            out[r] = sub
    return out.reshape(*batch, n)

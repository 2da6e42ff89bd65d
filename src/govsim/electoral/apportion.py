"""Apportionment of seats to regions (or of districts to regions) by population."""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import check_int, param_error
from govsim.electoral.allocate import MAX_SEATS, _check_method, _prepare, _run

__all__ = ["apportion"]


@overload
def apportion(
    populations: ArrayLike,
    seats: ArrayLike,
    method: str = ...,
    min_seats: int = ...,
    return_ties: Literal[False] = ...,
) -> NDArray[np.int64]: ...
@overload
def apportion(
    populations: ArrayLike,
    seats: ArrayLike,
    method: str = ...,
    min_seats: int = ...,
    return_ties: Literal[True] = ...,
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]: ...
def apportion(
    populations: ArrayLike,
    seats: ArrayLike,
    method: str = "huntington_hill",
    min_seats: int = 0,
    return_ties: bool = False,
) -> NDArray[np.int64] | tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Apportion seats to regions in proportion to population, batched.

    Parameters
    ----------
    populations : array_like of int, shape (..., regions)
        Population of each region; any leading batch shape.
    seats : int or array_like of int, shape broadcastable to (...)
        House size (>= ``min_seats * regions``).
    method : str, default "huntington_hill"
        Any name of :data:`govsim.model.rows.ALLOCATION_METHODS` (the US House
        uses Huntington-Hill; Hamilton is ``"hare"``, Jefferson ``"dhondt"``,
        Webster ``"sainte_lague"``).
    min_seats : int, default 0
        Seats every region receives whatever its population.
    return_ties : bool, default False
        Also return the mask of apportionments decided by the lower-index tie rule.

    Returns
    -------
    ndarray of int64, shape (..., regions)
        Seats per region, summing to ``seats``; with ``return_ties`` also the tie mask.

    Raises
    ------
    govsim.ValidationError
        Bad populations or seats (the bounds of :func:`govsim.electoral.allocate`),
        ``seats < min_seats * regions``, or seats to apportion beyond the minimums
        while every population is zero.
    govsim.UnknownNameError
        An unknown method (the message suggests the closest name).

    Notes
    -----
    A divisor method with minimum ``m`` gives ``max(m, round_d(p_i / lambda))`` seats
    for the divisor ``lambda`` that fills the house (the first ``m`` seats of every
    region have infinite priority). A quota method first gives every region ``m``
    seats and apportions the remaining ``S - m n`` seats by largest remainder on the
    populations. Huntington-Hill gives every populated region a first seat
    (divisor ``sqrt(k(k+1))``, zero for ``k = 0``).

    Examples
    --------
    Hand computation: populations 100 and 50 each get a first seat; the next
    priorities are 100/sqrt(2) = 70.7, then 100/sqrt(6) = 40.8 against
    50/sqrt(2) = 35.4, then 50/sqrt(2) = 35.4 against 100/sqrt(12) = 28.9:

    >>> [apportion([100, 50], s).tolist() for s in (3, 4, 5)]
    [[2, 1], [3, 1], [3, 2]]
    >>> apportion([1000, 10, 10], 10, "dhondt", min_seats=2).tolist()
    [6, 2, 2]

    References
    ----------
    .. [1] Balinski, M. L. & Young, H. P. (1982). *Fair Representation*. Yale UP.
    .. [2] 2 U.S.C. 2a (method of equal proportions for the US House).
    """
    func = "apportion"
    method = _check_method(method, func)
    min_seats = check_int(min_seats, "min_seats", func, low=0, high=MAX_SEATS)
    v, s, ok, batch = _prepare(populations, seats, None, func, "populations")
    need = min_seats * v.shape[1]
    if (s < need).any():
        raise param_error("seats", func, f">= min_seats * regions = {need}", int(s.min()))
    floors = np.full_like(v, min_seats)
    out, ties = _run(method, v, s, ok, floors, func, "populations")
    out = out.reshape(*batch, v.shape[1])
    return (out, ties.reshape(batch)) if return_ties else out

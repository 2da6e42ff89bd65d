"""Disproportionality and fragmentation indices, batched over leading axes.

All three accept counts or shares (each array is normalised by its own sum over
the last axis) and return values on the scale in which they are published:
Gallagher and Loosemore-Hanby in percentage points (0-100), the effective number
of parties as a count (1 to the number of parties).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import param_error

__all__ = ["effective_number", "gallagher", "loosemore_hanby"]


def _shares(x: ArrayLike, param: str, func: str) -> NDArray[np.float64]:
    """Fractions of the last-axis total; NaN rows where the total is zero."""
    a = np.asarray(x, dtype=np.float64) if not isinstance(x, np.ndarray) else x.astype(np.float64)
    if a.ndim == 0 or a.shape[-1] == 0:
        raise param_error(
            param, func, "an array with a non-empty last (parties) axis", f"shape {a.shape}"
        )
    if not np.all(np.isfinite(a)) or (a.size and a.min() < 0):
        raise param_error(
            param,
            func,
            "an array of finite non-negative counts or shares",
            "negative or non-finite values",
        )
    total: NDArray[np.float64] = a.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return a / total


def _pair(
    votes: ArrayLike, seats: ArrayLike, func: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    v, s = _shares(votes, "votes", func), _shares(seats, "seats", func)
    if v.shape[-1] != s.shape[-1]:
        raise param_error(
            "seats", func, f"the same number of parties as votes ({v.shape[-1]})", s.shape[-1]
        )
    try:
        np.broadcast_shapes(v.shape, s.shape)
    except ValueError:
        raise param_error(
            "seats", func, f"broadcastable to the votes' shape {v.shape}", f"shape {s.shape}"
        ) from None
    return v, s


def gallagher(votes: ArrayLike, seats: ArrayLike) -> NDArray[np.float64] | float:
    """Gallagher's least-squares index of disproportionality, in percentage points.

    Parameters
    ----------
    votes, seats : array_like, shape (..., parties)
        Vote and seat counts (or shares) per party, broadcastable against each other.

    Returns
    -------
    float or ndarray, shape (...)
        ``LSq`` on the 0-100 scale; NaN where the votes or seats total zero.

    Raises
    ------
    govsim.ValidationError
        Negative or non-finite entries, or mismatched party axes.

    Notes
    -----
    ``LSq = sqrt(0.5 * sum_i (v_i - s_i)^2)`` with ``v_i``, ``s_i`` the vote and
    seat percentages. Which entries form the party axis ("against all", others,
    independents) is the caller's choice and changes the value.

    Examples
    --------
    >>> round(float(gallagher([60, 40], [70, 30])), 6)
    10.0

    References
    ----------
    .. [1] Gallagher, M. (1991). Proportionality, disproportionality and electoral
       systems. *Electoral Studies* 10(1):33-51.
    """
    v, s = _pair(votes, seats, "gallagher")
    out = 100.0 * np.sqrt(0.5 * np.sum((v - s) ** 2, axis=-1))
    return out if out.ndim else float(out)


def loosemore_hanby(votes: ArrayLike, seats: ArrayLike) -> NDArray[np.float64] | float:
    """Loosemore-Hanby index of disproportionality, in percentage points.

    Parameters
    ----------
    votes, seats : array_like, shape (..., parties)
        Vote and seat counts (or shares) per party.

    Returns
    -------
    float or ndarray, shape (...)
        ``LH`` on the 0-100 scale; NaN where a total is zero.

    Raises
    ------
    govsim.ValidationError
        Negative or non-finite entries, or mismatched party axes.

    Notes
    -----
    ``LH = 0.5 * sum_i |v_i - s_i|`` (percentages): the share of seats held by
    parties beyond their vote share.

    Examples
    --------
    >>> round(float(loosemore_hanby([60, 30, 10], [70, 30, 0])), 6)
    10.0

    References
    ----------
    .. [1] Loosemore, J. & Hanby, V. J. (1971). The theoretical limits of maximum
       distortion. *British Journal of Political Science* 1(4):467-477.
    """
    v, s = _pair(votes, seats, "loosemore_hanby")
    out = 50.0 * np.sum(np.abs(v - s), axis=-1)
    return out if out.ndim else float(out)


def effective_number(x: ArrayLike) -> NDArray[np.float64] | float:
    """Laakso-Taagepera effective number of parties.

    Parameters
    ----------
    x : array_like, shape (..., parties)
        Votes or seats (counts or shares) per party.

    Returns
    -------
    float or ndarray, shape (...)
        ``1 / sum_i p_i^2``; NaN where the total is zero.

    Raises
    ------
    govsim.ValidationError
        Negative or non-finite entries.

    Notes
    -----
    ``ENP = 1 / sum_i p_i^2`` with ``p_i = x_i / sum x``: ENPv from votes, ENPs from seats.

    Examples
    --------
    >>> effective_number([50, 50])
    2.0
    >>> effective_number([[1, 1, 1, 1], [1, 0, 0, 0]]).tolist()
    [4.0, 1.0]

    References
    ----------
    .. [1] Laakso, M. & Taagepera, R. (1979). "Effective" number of parties.
       *Comparative Political Studies* 12(1):3-27.
    """
    p = _shares(x, "x", "effective_number")
    out = 1.0 / np.sum(p * p, axis=-1)
    return out if out.ndim else float(out)

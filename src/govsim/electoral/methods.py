"""Seat allocation methods: divisor and quota definitions, registered by name.

Every name in :data:`govsim.model.rows.ALLOCATION_METHODS` maps to one entry of
:data:`METHODS`. A divisor method is given by its divisor sequence ``d(k)`` (the
divisor for a list's ``k+1``-th seat); a quota method by its quota ``Q(V, S)``
and largest-remainder rounding. Divisors are written with integer numerators and
denominators so that the allocation cores can compare quotients exactly:
the priority of a list with ``v`` votes for its ``k+1``-th seat is
``v**power * num(k) / den(k)`` (``power=2`` for Huntington-Hill, whose divisor
``sqrt(k(k+1))`` is irrational; squaring keeps the order and makes it rational).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.errors import unknown_name
from govsim.model.rows import ALLOCATION_METHODS

__all__ = ["METHODS", "DivisorMethod", "QuotaMethod", "get_method"]

IntArray = NDArray[np.int64]


def _one(k: IntArray) -> IntArray:
    return np.ones_like(k)


@dataclass(frozen=True)
class DivisorMethod:
    """A highest-averages (divisor) method.

    The priority of a list with ``v`` votes for its ``k+1``-th seat
    is ``v**power * num(k) / den(k)``; seats go one by one to the highest priority.

    Attributes
    ----------
    name : str
        Registry name.
    den, num : callable
        Integer-valued numpy functions of ``k`` (seats already held).
    power : int
        1, or 2 for Huntington-Hill.
    delta : float
        Rounding point of the stationary approximation ``d(k) ~ k + delta``,
        used only for the starting guess of the vectorized core.
    zero_first : bool
        ``d(0) = 0``: every list with votes is guaranteed a first seat.
    scale : int
        ``den/num`` is the published divisor times ``scale`` (kept integral).
    reference : str
        Where the method is defined.
    """

    name: str
    den: Callable[[IntArray], IntArray]
    num: Callable[[IntArray], IntArray] = _one
    power: int = 1
    delta: float = 1.0
    zero_first: bool = False
    scale: int = 1
    reference: str = ""
    kind: str = "divisor"

    @property
    def unit_num(self) -> bool:
        """True when ``num(k) == 1`` for every ``k`` (cores then skip the product)."""
        return self.num is _one

    def divisor(self, k: int) -> float:
        """The divisor ``d(k)`` for the ``k+1``-th seat, as a float (for display).

        Parameters
        ----------
        k : int
            Seats already won.

        Returns
        -------
        float
            ``(den(k) / num(k)) ** (1 / power) / scale``.

        Examples
        --------
        >>> [get_method("sainte_lague").divisor(k) for k in range(3)]
        [1.0, 3.0, 5.0]
        >>> round(get_method("huntington_hill").divisor(2), 4)
        2.4495
        """
        kk = np.asarray([k], dtype=np.int64)
        ratio = float(self.den(kk)[0]) / float(self.num(kk)[0])
        return float(ratio ** (1.0 / self.power) / self.scale)


@dataclass(frozen=True)
class QuotaMethod:
    """A largest-remainder method with the quota ``Q = qnum(V, S) / qden(S)``.

    Each list first gets ``floor(v / Q)`` seats; the seats left go to the largest
    remainders ``v mod Q``.
    """

    name: str
    quota: Callable[[IntArray, IntArray], tuple[IntArray, IntArray]]
    reference: str = ""
    kind: str = "quota"


def _hare(total: IntArray, seats: IntArray) -> tuple[IntArray, IntArray]:
    return total, seats


def _droop(total: IntArray, seats: IntArray) -> tuple[IntArray, IntArray]:
    return total // (seats + 1) + 1, np.ones_like(seats)


def _hagenbach_bischoff(total: IntArray, seats: IntArray) -> tuple[IntArray, IntArray]:
    return total, seats + 1


_DHONDT = DivisorMethod(
    "dhondt",
    den=lambda k: k + 1,
    delta=1.0,
    reference="D'Hondt (1882); Jefferson (1792). Divisors 1, 2, 3, ...",
)
_SAINTE_LAGUE = DivisorMethod(
    "sainte_lague",
    den=lambda k: 2 * k + 1,
    delta=0.5,
    reference="Sainte-Laguë (1910); Webster (1832). Divisors 1, 3, 5, ... (or 0.5, 1.5, ...).",
)
_MODIFIED_SAINTE_LAGUE = DivisorMethod(
    "modified_sainte_lague",
    # divisors 1.4, 3, 5, 7, ... scaled by 5 to integers 7, 15, 25, 35, ...
    den=lambda k: np.where(k == 0, 7, 10 * k + 5),
    delta=0.5,
    scale=5,
    reference="Scandinavian modified Sainte-Laguë: divisors 1.4, 3, 5, 7, ...",
)
_IMPERIALI = DivisorMethod(
    "imperiali",
    den=lambda k: k + 2,
    delta=2.0,
    reference="Imperiali highest averages: divisors 2, 3, 4, ...",
)
_HUNTINGTON_HILL = DivisorMethod(
    "huntington_hill",
    den=lambda k: k * (k + 1),
    power=2,
    delta=0.5,
    zero_first=True,
    reference="Huntington (1928), Trans. AMS 30:85-110; US House apportionment since 1941. "
    "Divisors sqrt(k(k+1)).",
)
_ADAMS = DivisorMethod(
    "adams",
    den=lambda k: k,
    delta=0.0,
    zero_first=True,
    reference="Adams (1832); Balinski & Young (1982), Fair Representation. Divisors 0, 1, 2, ...",
)
_DEAN = DivisorMethod(
    "dean",
    # harmonic mean 2k(k+1)/(2k+1): priority v (2k+1) / (2k(k+1))
    den=lambda k: 2 * k * (k + 1),
    num=lambda k: 2 * k + 1,
    delta=0.5,
    zero_first=True,
    reference="Dean (1832); Balinski & Young (1982). Divisors 2k(k+1)/(2k+1).",
)
_HARE = QuotaMethod(
    "hare",
    _hare,
    reference="Hamilton (1792) / Hare quota V/S with largest remainders; Kazakhstan, "
    "Constitutional Law 'On Elections', art. 97-1.",
)
_DROOP = QuotaMethod(
    "droop",
    _droop,
    reference="Droop (1881): quota floor(V/(S+1)) + 1 with largest remainders.",
)
_HAGENBACH_BISCHOFF = QuotaMethod(
    "hagenbach_bischoff",
    _hagenbach_bischoff,
    reference="Hagenbach-Bischoff quota V/(S+1) with largest remainders.",
)

#: name -> method, for every name in ALLOCATION_METHODS (aliases share one object).
METHODS: dict[str, DivisorMethod | QuotaMethod] = {
    "dhondt": _DHONDT,
    "jefferson": _DHONDT,
    "sainte_lague": _SAINTE_LAGUE,
    "webster": _SAINTE_LAGUE,
    "modified_sainte_lague": _MODIFIED_SAINTE_LAGUE,
    "imperiali": _IMPERIALI,
    "huntington_hill": _HUNTINGTON_HILL,
    "adams": _ADAMS,
    "dean": _DEAN,
    "hare": _HARE,
    "droop": _DROOP,
    "hagenbach_bischoff": _HAGENBACH_BISCHOFF,
}

# The model's vocabulary and this registry must not drift apart.
assert set(METHODS) == set(ALLOCATION_METHODS), "METHODS and ALLOCATION_METHODS differ"


def get_method(name: str) -> DivisorMethod | QuotaMethod:
    """Look an allocation method up by name.

    Parameters
    ----------
    name : str
        One of :data:`govsim.model.rows.ALLOCATION_METHODS`.

    Returns
    -------
    DivisorMethod or QuotaMethod

    Raises
    ------
    govsim.UnknownNameError
        If ``name`` is not registered; the message lists the known names.

    Examples
    --------
    >>> get_method("jefferson").name
    'dhondt'
    >>> get_method("modified_sainte_lague").divisor(0)
    1.4

    References
    ----------
    Balinski, M. L. and Young, H. P. (2001). *Fair Representation*, 2nd ed. Brookings
    Institution Press (the divisor and quota methods).
    """
    try:
        return METHODS[name]
    except (KeyError, TypeError):
        raise unknown_name("allocation method", name, METHODS) from None

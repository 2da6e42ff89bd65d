"""Which office of a polity a polity-level metric is about.

The ``electoral.*``, ``power.*`` and ``tenure.*`` families each summarise one office
of the polity -- the head of state, the lower chamber, the upper chamber -- and must
agree on which institution that is. This module is the one place that says so:

* the *head of state* is the first national institution of kind ``head_of_state``;
* the national chambers are ranked by seats, most first, the polity's own order
  breaking a tie; the *lower* chamber is the first of them (the Mazhilis, 98 or 107
  seats, against the Senate's 49 or 50) and the *upper* chamber the second.

Each lookup returns ``None`` when the polity lacks the office, so that every family
decides for itself what a missing office means (a share of 0, or an error).
"""

from __future__ import annotations

from typing import Any

from govsim.model.rows import Institution

__all__ = ["chambers_by_size", "head_of_state", "lower_chamber", "upper_chamber"]


def head_of_state(polity: Any) -> Institution | None:
    """The polity's national head of state, or None.

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads ``polity.select``.

    Returns
    -------
    Institution or None
        The first national institution of kind ``head_of_state`` in the polity's order.

    Examples
    --------
    >>> from govsim.model import Institution, Polity
    >>> p = Polity("p", institutions=[
    ...     Institution(id="president", name="President", kind="head_of_state", level="national"),
    ... ])
    >>> head_of_state(p).id
    'president'
    >>> head_of_state(Polity("empty")) is None
    True
    """
    heads = polity.select(kind="head_of_state", level="national")
    return heads[0] if heads else None


def chambers_by_size(polity: Any) -> tuple[Institution, ...]:
    """The polity's national chambers, most seats first.

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads ``polity.select``.

    Returns
    -------
    tuple of Institution
        National institutions of kind ``chamber`` by seats, descending; chambers with
        equal seats keep the polity's order (the sort is stable).

    Examples
    --------
    Kazakhstan in 2019: the Mazhilis (107 seats) and the Senate (49):

    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> [(c.id, c.seats) for c in chambers_by_size(kazakhstan_2019())]
    [('mazhilis', 107), ('senate', 49)]
    """
    chambers = polity.select(kind="chamber", level="national")
    return tuple(sorted(chambers, key=lambda c: -c.seats))


def lower_chamber(polity: Any) -> Institution | None:
    """The national chamber with the most seats, or None.

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads ``polity.select``.

    Returns
    -------
    Institution or None
        ``chambers_by_size(polity)[0]``; None without a national chamber.

    Examples
    --------
    >>> from govsim.model import Polity
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> lower_chamber(kazakhstan_2019()).id, lower_chamber(Polity("empty"))
    ('mazhilis', None)
    """
    chambers = chambers_by_size(polity)
    return chambers[0] if chambers else None


def upper_chamber(polity: Any) -> Institution | None:
    """The national chamber with the second most seats, or None if unicameral.

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads ``polity.select``.

    Returns
    -------
    Institution or None
        ``chambers_by_size(polity)[1]``; None with fewer than two national chambers.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> upper_chamber(kazakhstan_2019()).id
    'senate'
    """
    chambers = chambers_by_size(polity)
    return chambers[1] if len(chambers) > 1 else None

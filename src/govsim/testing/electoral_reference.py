"""Plain-Python reference implementations of the electoral engine, for tests.

Each function handles one election with Python integers and
:class:`fractions.Fraction`, seat by seat, exactly as the textbooks describe the
method; nothing here is vectorized or clever. The tests compare
:mod:`govsim.electoral` against these on random inputs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

__all__ = [
    "ref_allocate",
    "ref_effective_number",
    "ref_gallagher",
    "ref_loosemore_hanby",
    "ref_majority_bonus",
    "ref_plurality",
    "ref_two_round",
]

# Divisor d(k) for the (k+1)-th seat, squared for Huntington-Hill so that it is rational.
_DIVISORS = {
    "dhondt": lambda k: Fraction(k + 1),
    "sainte_lague": lambda k: Fraction(2 * k + 1),
    "modified_sainte_lague": lambda k: Fraction(7, 5) if k == 0 else Fraction(2 * k + 1),
    "imperiali": lambda k: Fraction(k + 2),
    "huntington_hill": lambda k: Fraction(k * (k + 1)),  # squared divisor
    "adams": lambda k: Fraction(k),
    "dean": lambda k: Fraction(2 * k * (k + 1), 2 * k + 1),
}
_ALIASES = {"jefferson": "dhondt", "webster": "sainte_lague"}
_QUOTA = ("hare", "droop", "hagenbach_bischoff")


def _key(method: str, v: int, k: int, floor: int) -> tuple[int, Fraction]:
    """Priority of the (k+1)-th seat: (rank class, value); higher wins."""
    if k < floor:
        return (2, Fraction(0))  # guaranteed seat
    d = _DIVISORS[method](k)
    if d == 0:
        # d(0) = 0: a first seat for every list with votes, largest lists first.
        return (1, Fraction(v)) if v > 0 else (0, Fraction(0))
    num = v * v if method == "huntington_hill" else v
    return (0, num / d)


def ref_allocate(
    votes: Sequence[int],
    seats: int,
    method: str = "dhondt",
    threshold: Fraction = Fraction(0),
    eligible: Sequence[bool] | None = None,
    min_seats: int = 0,
) -> tuple[list[int], bool]:
    """Allocate ``seats`` for one election; return (seats per entry, tie at the last seat).

    Parameters
    ----------
    votes : sequence of int
        Votes (or populations) per entry.
    seats : int
        Seats to fill.
    method : str, default "dhondt"
        One of :data:`govsim.model.rows.ALLOCATION_METHODS`.
    threshold : Fraction, default 0
        Share of the total an entry needs (at the threshold passes).
    eligible : sequence of bool, optional
        Entries that may win seats (all by default).
    min_seats : int, default 0
        Seats every entry gets first (apportionment floors).

    Returns
    -------
    seats : list of int
        Seats per entry, ties at the last seat going to the lower index.
    tie : bool
        Whether the last seat was tied.

    Raises
    ------
    ValueError
        When seats are to be filled but no eligible list over the threshold has votes.

    Examples
    --------
    Balinski & Young's example, D'Hondt and Hamilton (largest remainder):

    >>> ref_allocate([5117, 4400, 162, 161, 160], 100)
    ([52, 45, 1, 1, 1], False)
    >>> ref_allocate([5117, 4400, 162, 161, 160], 100, "hare")[0]
    [51, 44, 2, 2, 1]

    References
    ----------
    Balinski, M. L. and Young, H. P. (1975). The quota method of apportionment.
    *American Mathematical Monthly* 82(7):701-730.
    """
    method = _ALIASES.get(method, method)
    n = len(votes)
    ok = [True] * n if eligible is None else list(eligible)
    total = sum(votes)
    ok = [
        ok[i] and votes[i] * threshold.denominator >= threshold.numerator * total for i in range(n)
    ]
    if seats > min_seats * n and sum(votes[i] for i in range(n) if ok[i]) == 0:
        raise ValueError("no eligible list with votes")
    if method in _QUOTA:
        base = [min_seats] * n
        out, tie = _ref_quota(method, votes, ok, seats - min_seats * n)
        return [a + b for a, b in zip(out, base, strict=True)], tie
    s = [0] * n
    last = None
    for _ in range(seats):
        best = None
        for i in range(n):
            if not ok[i]:
                continue
            key = _key(method, votes[i], s[i], min_seats)
            if best is None or key > best[0]:
                best = (key, i)
        assert best is not None
        s[best[1]] += 1
        last = best[0]
    tie = False
    if last is not None and last[0] < 2:
        tie = any(ok[i] and _key(method, votes[i], s[i], min_seats) == last for i in range(n))
    return s, tie


def _ref_quota(
    method: str, votes: Sequence[int], ok: list[bool], seats: int
) -> tuple[list[int], bool]:
    n = len(votes)
    total = sum(votes[i] for i in range(n) if ok[i])
    if seats == 0:
        return [0] * n, False
    if method == "hare":
        quota = Fraction(total, seats)
    elif method == "droop":
        quota = Fraction(total // (seats + 1) + 1)
    else:
        quota = Fraction(total, seats + 1)
    s = [math.floor(votes[i] / quota) if ok[i] else 0 for i in range(n)]
    rem = [votes[i] / quota - s[i] if ok[i] else Fraction(-1) for i in range(n)]
    tie = False
    left = seats - sum(s)
    if left < 0:  # Hagenbach-Bischoff with every remainder zero: highest index gives one back
        holders = [i for i in range(n) if s[i] > 0]
        s[holders[-1]] -= 1
        tie = len(holders) > 1
        left = 0
    members = [i for i in range(n) if ok[i] and votes[i] > 0]
    while left >= len(members) > 0:  # Droop with fewer votes than seats: whole rounds
        for i in members:
            s[i] += 1
        left -= len(members)
    order = sorted(members, key=lambda i: (-rem[i], i))
    for i in order[:left]:
        s[i] += 1
    if 0 < left < len(order) and rem[order[left - 1]] == rem[order[left]]:
        tie = True
    return s, tie


def ref_plurality(district_votes: Sequence[int]) -> int:
    """Winner of one district: the most votes, lower index on ties; -1 if nobody has votes.

    Parameters
    ----------
    district_votes : sequence of int
        Votes per party in the district.

    Returns
    -------
    int
        Index of the winner, or -1.

    Examples
    --------
    >>> ref_plurality([3, 5, 5]), ref_plurality([0, 0])
    (1, -1)
    """
    best = max(district_votes)
    return district_votes.index(best) if best > 0 else -1


def ref_two_round(
    votes: Sequence[int],
    registered: int | None = None,
    majority_registered: Fraction = Fraction(0),
    qualify_registered: Fraction | None = None,
    runoff_size: int = 2,
    transfer: Sequence[Sequence[Fraction]] | None = None,
) -> tuple[int, bool, list[int]]:
    """One two-round district: (winner, decided in the first round, second-round field).

    The rules of :func:`govsim.electoral.runoff.two_round`, candidate by candidate:
    the leader (lower index on equal votes) wins outright with more than half of the
    votes and at least ``majority_registered`` of the registered; otherwise the
    ``runoff_size`` leaders and everyone with ``qualify_registered`` of the
    registered stand again, each keeping their votes and receiving
    ``transfer[i][j]`` of every eliminated candidate ``i``'s votes; the most votes
    win, the lower index on ties. -1 when nobody has votes.

    Examples
    --------
    >>> ref_two_round([40, 35, 25], transfer=[[0, 0, 0], [0, 0, 0], [0, Fraction(9, 10), 0]])
    (1, False, [0, 1])
    """
    n = len(votes)
    total = sum(votes)
    ranked = sorted(range(n), key=lambda i: (-votes[i], i))
    lead = ranked[0]
    if votes[lead] == 0:
        return -1, False, []
    reg = total if registered is None else registered
    if 2 * votes[lead] > total and votes[lead] >= majority_registered * reg:
        return lead, True, []
    field = [i for i in ranked[:runoff_size] if votes[i] > 0]
    if qualify_registered is not None:
        field += [i for i in range(n) if i not in field and votes[i] >= qualify_registered * reg]
    field.sort()
    second = {}
    for j in field:
        got = Fraction(votes[j])
        if transfer is not None:
            got += sum(
                (Fraction(votes[i]) * Fraction(transfer[i][j]) for i in range(n) if i not in field),
                Fraction(0),
            )
        second[j] = got
    winner = max(field, key=lambda j: (second[j], -j))
    return winner, False, field


def ref_majority_bonus(
    votes: Sequence[int],
    seats: int,
    method: str = "dhondt",
    threshold: Fraction = Fraction(0),
    bonus_seats: int = 0,
    majority_seats: int | None = None,
    bonus_threshold: Fraction = Fraction(0),
) -> list[int]:
    """Seats of one list election with a majority bonus, as the laws describe it.

    The largest list (lower index on equal votes) among those over ``threshold``
    qualifies for the bonus when it has at least ``bonus_threshold`` of the votes.
    A qualifying list receives ``bonus_seats`` on top of its share of the other
    ``seats - bonus_seats`` (by :func:`ref_allocate`); then, if it holds fewer than
    ``majority_seats``, it gets exactly ``majority_seats`` and the other lists share
    ``seats - majority_seats``. Without a qualifying list all ``seats`` are
    allocated proportionally.

    Examples
    --------
    >>> ref_majority_bonus([45, 35, 20], 10, bonus_seats=2, bonus_threshold=Fraction(2, 5))
    [6, 3, 1]
    """
    n = len(votes)
    total = sum(votes)
    ok = [votes[i] * threshold.denominator >= threshold.numerator * total for i in range(n)]
    cands = [i for i in range(n) if ok[i] and votes[i] > 0]
    lead = min(cands, key=lambda i: (-votes[i], i))
    if votes[lead] < bonus_threshold * total:
        return ref_allocate(votes, seats, method, threshold)[0]
    out = ref_allocate(votes, seats - bonus_seats, method, threshold)[0]
    out[lead] += bonus_seats
    if majority_seats is not None and out[lead] < majority_seats:
        rest = [votes[i] if i != lead else 0 for i in range(n)]
        elig = [ok[i] and i != lead for i in range(n)]
        left = seats - majority_seats
        if left and any(rest[i] > 0 and elig[i] for i in range(n)):
            # the threshold was decided on all votes: pass it as eligibility
            out = ref_allocate(rest, left, method, Fraction(0), elig)[0]
        else:
            out = [0] * n
        out[lead] = majority_seats + (
            left if not any(rest[i] > 0 and elig[i] for i in range(n)) else 0
        )
    return out


def _percent(x: Sequence[float]) -> list[float]:
    total = sum(x)
    return [100.0 * a / total for a in x]


def ref_gallagher(votes: Sequence[float], seats: Sequence[float]) -> float:
    """Gallagher least-squares index on the 0-100 scale: sqrt(0.5 * sum (v_i - s_i)^2).

    Parameters
    ----------
    votes, seats : sequence of float
        Counts or shares per party (each normalised to percentages).

    Returns
    -------
    float

    Examples
    --------
    >>> round(ref_gallagher([60, 40], [70, 30]), 6)
    10.0

    References
    ----------
    Gallagher, M. (1991). *Electoral Studies* 10(1):33-51.
    """
    v, s = _percent(votes), _percent(seats)
    return math.sqrt(0.5 * sum((a - b) ** 2 for a, b in zip(v, s, strict=True)))


def ref_loosemore_hanby(votes: Sequence[float], seats: Sequence[float]) -> float:
    """Loosemore-Hanby index on the 0-100 scale: 0.5 * sum |v_i - s_i|.

    Parameters
    ----------
    votes, seats : sequence of float
        Counts or shares per party (each normalised to percentages).

    Returns
    -------
    float

    Examples
    --------
    >>> round(ref_loosemore_hanby([60, 30, 10], [70, 30, 0]), 6)
    10.0

    References
    ----------
    Loosemore, J. and Hanby, V. J. (1971). *British Journal of Political Science*
    1(4):467-477.
    """
    v, s = _percent(votes), _percent(seats)
    return 0.5 * sum(abs(a - b) for a, b in zip(v, s, strict=True))


def ref_effective_number(x: Sequence[float]) -> float:
    """Laakso-Taagepera effective number: 1 / sum p_i^2 with p_i = x_i / sum x.

    Parameters
    ----------
    x : sequence of float
        Votes or seats per party.

    Returns
    -------
    float

    Examples
    --------
    >>> ref_effective_number([1, 1, 1, 1])
    4.0

    References
    ----------
    Laakso, M. and Taagepera, R. (1979). *Comparative Political Studies* 12(1):3-27.
    """
    total = sum(x)
    return 1.0 / sum((a / total) ** 2 for a in x)

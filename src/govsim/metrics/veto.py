"""Veto players, political constraint and agenda setting in the lawmaking game.

Registered metrics (family ``veto``), each read from the lawmaking game that
:func:`govsim.power.lawmaking_game` derives from the polity's ``adopts_laws`` and
``passing_threshold`` rules and its ``vetoes`` / ``overrides`` relations, and from the
party ties of :mod:`govsim.model.parties` (``holds_seats``, ``member_of``):

* ``veto.institutional_players`` -- Tsebelis's institutional veto players: the
  institutions whose consent a law needs when every veto is taken at face value
  (a president whose veto a qualified majority can override counts, as Tsebelis
  2002 counts the US President);
* ``veto.absolute_players`` -- those whose consent no override can replace (the
  blocks present in every winning clause of the game as the data have it);
* ``veto.partisan_players`` -- the partisan veto players inside the institutional
  ones after absorption by identity (one party controlling several counts once);
* ``veto.polcon`` -- Henisz's political constraint index POLCON III as his dataset
  computes it, from the lawmaking chambers, their party alignment with the executive
  and their fractionalization;
* ``veto.polcon_v`` -- POLCON V: the same with the constitutional court as a further
  veto point (without the sub-federal one, which the structure cannot see);
* ``veto.setter_gain`` -- the agenda setter's share of the gain from moving the
  status quo in a one-dimensional Romer-Rosenthal setter model, and
  ``veto.proposer_advantage`` -- how much more of it the setter gains than a veto
  player who can only accept or refuse.

What they cannot see. The polity records who must consent, not where anyone stands:
there are no ideal points, so absorption is by identity only (Tsebelis's absorption
of a veto player inside the others' unanimity core needs positions, see
:func:`effective_veto_players_1d`), the setter model draws positions at random as its
authors do, and POLCON uses Henisz's published alignment and fractionalization step. Seats that no party holds and no head of state
appoints are *unaffiliated*: for partisan veto players they are one actor per
chamber, for fractionalization one seat each (Rae's convention for independents). A
chamber without party data and without appointed seats is one actor of its own.
Party discipline is perfect here; the bloc games of :mod:`govsim.power` make it a
parameter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import as_array, check_fraction, check_int, param_error
from govsim.metrics.checks import independence
from govsim.metrics.registry import register_metric
from govsim.model.kinds import RelationKind
from govsim.model.parties import membership, seat_table
from govsim.model.roles import constitutional_court, head_of_state
from govsim.power.lawmaking import lawmaking_game, seats_needed

__all__ = [
    "Blocs",
    "absolute_veto_players",
    "absolute_veto_players_count",
    "chamber_blocs",
    "court_independence",
    "effective_veto_players_1d",
    "institutional_veto_players",
    "institutional_veto_players_count",
    "majority_coalition",
    "partisan_veto_players",
    "partisan_veto_players_count",
    "polcon",
    "polcon_from_chambers",
    "polcon_inputs",
    "polcon_v",
    "proposer_advantage",
    "rae_fractionalization",
    "receiver_gain",
    "setter_gain",
    "setter_gain_metric",
    "veto_blocks",
]

_REF_TSEBELIS = (
    "Tsebelis (2002), Veto Players: How Political Institutions Work, Princeton UP, ch. 1-2, 4."
)
_REF_HENISZ = (
    "Henisz (2000), Economics & Politics 12(1):1-31; the POLCON dataset as the Quality of "
    "Government Standard Dataset publishes it (h_polcon3, h_polcon5): its alignment and "
    "fractionalization step recovered from the published rows "
    "(tests/metrics/test_polcon_published.py)."
)
_REF_ROMER = "Romer & Rosenthal (1978), Public Choice 33(4):27-43."

#: POLCON III with ``k`` effective chambers at full strength (every ``s_c = 1``): ``B_k``
#: as the dataset has it, ``B_1 = 0.6667`` (2/3 rounded: Georgia 2013 publishes 0.240012 =
#: 0.6667 * 0.36) and ``B_2 = 0.8``; an executive alone (``k = 0``) scores 0. They equal
#: ``1 - E|W_n|`` for ``n = k + 1`` veto players with ideal points and status quo i.i.d.
#: uniform on [0, 1] (``E|W_n| = 4 / ((n + 1)(n + 2))``: 1/3 and 1/5), Henisz's (2000)
#: spatial model. Sources: QoG Standard Dataset, cross-section editions Jan17 and Jan20,
#: ``h_polcon3`` (the rows in ``tests/metrics/test_polcon_published.py``).
POLCON3_FULL: dict[int, float] = {0: 0.0, 1: 0.6667, 2: 0.8}
#: POLCON V with the judiciary coded independent (``h_j = 1``) and no sub-federal veto
#: point (``h_f = 0``): ``J_0 + D_k * mean_c(s_c)``, ``J_0 = 0.6667`` the executive and the
#: judiciary (2/3), ``D_1 = 0.13333`` (Italy, Lebanon, Kyrgyzstan in Jan20, to 2e-8) and
#: ``D_2 = 0.1333`` (Japan in Jan20, to 1e-8): one or two chambers at full strength reach
#: 4/5 (the dataset's rounding of ``4/5 - 2/3`` differs by edition and row; module
#: docstring of the test file). With no effective chamber the dataset publishes 0 even
#: for an independent judiciary (Tanzania, Jan20), so ``D_0`` is not used.
POLCON5_JUDICIARY_BASE = 0.6667
POLCON5_JUDICIARY_SLOPE: dict[int, float] = {1: 0.13333, 2: 0.1333}
#: Most lawmaking chambers POLCON takes: 2. The dataset codes a lower and an upper
#: chamber and publishes constants for no more; with three or more the metrics say they
#: do not apply (a govsim error) rather than extrapolate. The spatial model would give
#: ``1 - 4 / ((k + 2)(k + 3))`` (13/15 for three), but the dataset does not follow it
#: mechanically: its POLCON V tops out at 4/5 with two chambers as with one.
MAX_POLCON_CHAMBERS = 2
#: Most other veto players :func:`setter_gain` and :func:`receiver_gain` take: 256,
#: far above any polity's veto players (a few institutions, or the parties of a
#: coalition). The exact quadrature grows with the number (about 0.3 s for the
#: receivers' gain at 256 on the project's machine, 17 s at 1,000), so the bound keeps
#: a malformed input from hanging.
MAX_SETTER_RECEIVERS = 256


# ---------------------------------------------------------------------------- cores
def veto_blocks(thresholds: ArrayLike) -> NDArray[np.bool_]:
    """Which blocks of a block game are veto players: needed by every clause.

    Parameters
    ----------
    thresholds : array_like of int, shape (n_clauses, n_blocks)
        ``thresholds[c, b]`` = members of block ``b`` clause ``c`` needs
        (:attr:`govsim.power.BlockGame.threshold_array`).

    Returns
    -------
    ndarray of bool, shape (n_blocks,)
        ``all(thresholds[:, b] > 0)``: a coalition without ``b`` meets no clause.

    Examples
    --------
    >>> veto_blocks([[1, 51, 218], [0, 67, 290]]).tolist()  # the US: President overridable
    [False, True, True]
    """
    t = as_array(thresholds, "thresholds", "veto_blocks")
    if t.ndim != 2 or t.shape[0] < 1 or t.dtype.kind not in "iuf":
        raise param_error("thresholds", "veto_blocks", "a 2-d array of clause thresholds", t.shape)
    out: NDArray[np.bool_] = np.all(t > 0, axis=0)
    return out


def majority_coalition(seats: ArrayLike, need: int) -> NDArray[np.bool_]:
    """The blocs of a chamber that form its majority, largest first (Riker's size order).

    Blocs join in decreasing order of seats (ties in their given order) until their
    seats reach ``need``; a bloc joins only if the ones before it fall short. Without
    positions this is the ideology-free stand-in for the governing coalition: a single
    party with ``need`` seats is the majority on its own.

    Parameters
    ----------
    seats : array_like of int, shape (n_blocs,)
    need : int
        Seats a bill needs (:func:`govsim.power.seats_needed`).

    Returns
    -------
    ndarray of bool, shape (n_blocs,)
        The members of the coalition (all blocs if together they fall short).

    Examples
    --------
    >>> majority_coalition([40, 8, 6, 6, 5, 4, 22], 50).tolist()
    [True, False, False, False, False, False, True]
    """
    s = np.asarray(as_array(seats, "seats", "majority_coalition"), dtype=np.int64).reshape(-1)
    need = check_int(need, "need", "majority_coalition", low=0)
    order = np.argsort(-s, kind="stable")
    before = np.cumsum(s[order]) - s[order]  # seats of the blocs that joined earlier
    out = np.zeros(s.shape[0], dtype=bool)
    out[order] = before < need
    return out


def rae_fractionalization(seats: ArrayLike, singletons: int = 0) -> float:
    """Rae's fractionalization ``F = 1 - sum_i s_i^2`` over seat shares.

    ``singletons`` more seats are each a bloc of one (independents). A chamber with
    no seats has ``F = 0``.

    Examples
    --------
    >>> round(rae_fractionalization([50, 50]), 3), rae_fractionalization([7])
    (0.5, 0.0)
    """
    s = np.asarray(as_array(seats, "seats", "rae_fractionalization"), dtype=np.float64)
    u = check_int(singletons, "singletons", "rae_fractionalization", low=0)
    total = float(s.sum()) + u
    if total <= 0:
        return 0.0
    return float(1.0 - (np.sum((s / total) ** 2) + u / total**2))


def polcon_from_chambers(
    fractionalization: ArrayLike, aligned: ArrayLike, judiciary: float = 0.0
) -> float:
    """POLCON from the effective chambers' fractionalization and alignment (Henisz's step).

    Each chamber ``c`` adds ``s_c = F_c`` if it is aligned with the executive and
    ``s_c = 1 - F_c`` if not (``F_c`` Rae's fractionalization); ``F_c = nan`` (no party
    data) gives ``s_c = 1``, the chamber as one actor of its own, the most any party
    composition can give. With ``k`` chambers:

    ``POLCON III = B_k * mean_c(s_c)`` (:data:`POLCON3_FULL`: ``B_1 = 0.6667``,
    ``B_2 = 0.8``; ``k = 0`` gives 0), and with a judiciary independent with
    probability ``I`` (``judiciary``)

    ``POLCON V = (1 - I) * POLCON III + I * (J_0 + D_k * mean_c(s_c))``
    (:data:`POLCON5_JUDICIARY_BASE`, :data:`POLCON5_JUDICIARY_SLOPE`; 0 for ``k = 0``).

    ``I = 0`` and ``I = 1`` are the dataset's two codings of the judiciary (``h_j``);
    in between is the expectation over them. Fractionalization raises the constraint
    for an aligned chamber and lowers it for an opposed one, as the codebook says (QoG,
    ``h_polcon3``); alignment lowers it for a chamber more than half held together
    (``F < 1/2``). The rule and its constants are
    recovered from the published values, which it reproduces to float32 precision
    (``tests/metrics/test_polcon_published.py``).

    Examples
    --------
    >>> polcon_from_chambers([0.48], [True])  # 0.6667 * 0.48
    0.320016
    >>> round(polcon_from_chambers([0.4919, 0.5196], [False, False]), 5)  # the US, 2016
    0.3954
    >>> polcon_from_chambers([], [])  # the executive alone
    0.0
    >>> round(polcon_from_chambers([0.7294067], [True], judiciary=1.0), 5)  # Italy, POLCON V
    0.76395
    """
    func = "polcon_from_chambers"
    raw = as_array(fractionalization, "fractionalization", func)
    if raw.ndim != 1 or (raw.size and raw.dtype.kind not in "iuf"):
        raise param_error("fractionalization", func, "a 1-d array of numbers", raw)
    f = raw.astype(np.float64)
    a = as_array(aligned, "aligned", func)
    if a.shape != f.shape or (a.size and a.dtype.kind != "b"):
        raise param_error("aligned", func, "one bool per chamber of 'fractionalization'", a)
    if f.shape[0] > MAX_POLCON_CHAMBERS:
        raise param_error(
            "fractionalization",
            func,
            f"at most {MAX_POLCON_CHAMBERS} chambers (MAX_POLCON_CHAMBERS: the dataset's "
            "constants cover a lower and an upper chamber)",
            f.shape[0],
        )
    if not np.all(np.isnan(f) | ((f >= 0.0) & (f <= 1.0))):
        raise param_error("fractionalization", func, "values in [0, 1] or nan", f)
    i = check_fraction(judiciary, "judiciary", func, closed_right=True)
    k = f.shape[0]
    if k == 0:
        return 0.0
    s = np.where(np.isnan(f), 1.0, np.where(a.astype(bool), f, 1.0 - f))
    mean = float(s.mean())
    three = POLCON3_FULL[k] * mean
    five = POLCON5_JUDICIARY_BASE + POLCON5_JUDICIARY_SLOPE[k] * mean
    return (1.0 - i) * three + i * five


@lru_cache(maxsize=64)
def _setter_integral(k: int) -> float:
    # E[gain] / E|x - q| = 6 * int_0^1 k (1 - m)^(k-1) g(m) dm, g piecewise cubic with a
    # kink at m = 1/2; Gauss-Legendre on each half is exact for the polynomial degree.
    nodes, weights = np.polynomial.legendre.leggauss(k // 2 + 4)
    total = 0.0
    for lo, hi in ((0.0, 0.5), (0.5, 1.0)):
        m = 0.5 * (hi - lo) * nodes + 0.5 * (hi + lo)
        w = 0.5 * (hi - lo) * weights
        u = 1.0 - m
        g = np.where(m <= 0.5, m**2 * u, u**3 + (1.0 - 8.0 * u**3) / 6.0)
        total += float(np.sum(w * k * u ** (k - 1) * g))
    return 6.0 * total


def setter_gain(receivers: int) -> float:
    """Share of the distance to the status quo an agenda setter closes (Romer & Rosenthal).

    The setter makes a take-it-or-leave-it proposal (closed rule) that ``receivers``
    other veto players must each accept; ideal points and the status quo are i.i.d.
    uniform on [0, 1] (Henisz's assumptions) and utilities fall with distance. The
    receivers accept what each prefers to the status quo ``q``: if ``q`` lies below
    every receiver, the points between ``q`` and ``2 m - q`` (``m`` the nearest
    receiver), symmetrically above, nothing if ``q`` lies among them. The setter
    proposes the point of that set nearest its ideal point ``x``. The value is
    ``E[|x - q| - |x - outcome|] / E[|x - q|]``: 1 for a setter alone, 5/8 with one
    receiver, falling as receivers are added. In closed form, with ``u = 1 - m``,

    ``6 * int_0^1 k u^(k-1) g(m) dm``, ``g = m^2 u`` for ``m <= 1/2`` and
    ``u^3 + (1 - 8 u^3) / 6`` above,

    computed by Gauss-Legendre quadrature that is exact for the polynomial.

    Examples
    --------
    >>> setter_gain(0), round(setter_gain(1), 6)
    (1.0, 0.625)

    References
    ----------
    Romer, T. and Rosenthal, H. (1978). Political resource allocation, controlled
    agendas, and the status quo. *Public Choice* 33(4):27-43.
    """
    k = check_int(
        receivers,
        "receivers",
        "setter_gain",
        low=0,
        high=MAX_SETTER_RECEIVERS,
        high_name="MAX_SETTER_RECEIVERS",
    )
    return 1.0 if k == 0 else _setter_integral(k)


def _gauss(lo: Any, hi: Any, n: int) -> tuple[Any, Any]:
    t, w = np.polynomial.legendre.leggauss(n)
    lo, hi = (
        np.asarray(lo, dtype=np.float64)[..., None],
        np.asarray(hi, dtype=np.float64)[..., None],
    )
    return 0.5 * (hi - lo) * t + 0.5 * (hi + lo), 0.5 * (hi - lo) * w


@lru_cache(maxsize=64)
def _receiver_integral(k: int) -> float:
    # Status quo q below the nearest receiver m (the other side doubles it), d = m - q.
    # Per (m, d), over the setter's x: the setter's gain h, and the receivers' penalty
    # from the outcome o passing them: E[(o - m)+] and E[(o - m)+^2] (one receiver sits
    # at m, the other k - 1 are uniform on [m, 1]). Pieces split at d = 1 - m, where the
    # integrand is a polynomial, so Gauss-Legendre with enough nodes is exact.
    n = k // 2 + 8
    total = 0.0
    for mlo, mhi in ((0.0, 0.5), (0.5, 1.0)):
        m, wm = _gauss(mlo, mhi, n)
        kink = np.minimum(1.0 - m, m)  # d = 1 - m, inside [0, m] for m > 1/2
        pieces = [(0.0 * m, m)] if mhi <= 0.5 else [(0.0 * m, kink), (kink, m)]
        for lo, hi in pieces:
            d, wd = _gauss(lo, hi, n)
            mm, u = m[:, None], 1.0 - m[:, None]
            setter = np.where(d >= u, (u + d) ** 2 / 2, 2 * d * u)
            rest = np.maximum(0.0, u - d)
            past = np.minimum(1.0, mm + d) - mm
            e1 = past**2 / 2 + d * rest
            e2 = past**3 / 3 + d**2 * rest
            penalty = k * u ** (k - 1) * e1
            if k > 1:
                penalty = penalty + (k - 1) * k * u ** (k - 2) * e2 / 2
            integrand = k * u ** (k - 1) * setter - (2.0 / k) * penalty
            total += float(np.sum(wm[:, None] * wd * integrand))
    return 6.0 * total


def receiver_gain(receivers: int) -> float:
    """Share of the distance to the status quo a receiver gains in the setter model.

    The same model as :func:`setter_gain`; the value is the mean over the
    ``receivers`` of ``E[|y - q| - |y - outcome|] / E[|y - q|]`` (``y`` a receiver's
    ideal point): 3/8 with one receiver (against the setter's 5/8), 0.275 with two.
    0 without receivers.

    Examples
    --------
    >>> round(receiver_gain(1), 6), round(receiver_gain(2), 6)
    (0.375, 0.275)
    """
    k = check_int(
        receivers,
        "receivers",
        "receiver_gain",
        low=0,
        high=MAX_SETTER_RECEIVERS,
        high_name="MAX_SETTER_RECEIVERS",
    )
    return 0.0 if k == 0 else _receiver_integral(k)


def effective_veto_players_1d(ideal_points: ArrayLike) -> NDArray[np.bool_]:
    """Tsebelis's absorption rule on a line: only the two extreme veto players count.

    A veto player whose ideal point lies inside the unanimity core of the others (on
    a line, between the leftmost and the rightmost) adds no policy stability. Ties
    keep the first of the equal extremes.

    Examples
    --------
    >>> effective_veto_players_1d([0.2, 0.5, 0.9]).tolist()
    [True, False, True]
    """
    x = np.asarray(as_array(ideal_points, "ideal_points", "effective_veto_players_1d"), float)
    x = x.reshape(-1)
    out = np.zeros(x.shape[0], dtype=bool)
    if x.shape[0]:
        out[[int(np.argmin(x)), int(np.argmax(x))]] = True
    return out


# ---------------------------------------------------------------- reading the polity
def institutional_veto_players(polity: Any) -> list[str]:
    """The institutions whose consent an ordinary law needs, every veto taken as final.

    The blocks of :func:`~govsim.power.lawmaking_game` with
    ``chamber_override=None, presidential_override=None`` that its one clause needs
    (:func:`veto_blocks`): the adopting chambers, the approving chambers and a head of
    state with a veto. An override by a qualified majority does not remove a veto
    player here (Tsebelis 2002, ch. 4, counts the US President).
    """
    game = lawmaking_game(polity, chamber_override=None, presidential_override=None)
    needed = veto_blocks(game.threshold_array)
    return [b for b, v in zip(game.names, needed, strict=True) if v]


def absolute_veto_players(polity: Any) -> list[str]:
    """The institutions no override can bypass: needed in every clause of the game."""
    game = lawmaking_game(polity)
    needed = veto_blocks(game.threshold_array)
    return [b for b, v in zip(game.names, needed, strict=True) if v]


class Blocs(NamedTuple):
    """The voting blocs of one chamber.

    ``labels[k]`` holds ``seats[k]``: a party (its id), or the head of state's
    appointees (labelled with the head of state's party, or its id if it has none).
    ``unaffiliated`` seats belong to no party and no appointing head of state.
    """

    chamber: str
    labels: tuple[str, ...]
    seats: NDArray[np.int64]
    unaffiliated: int
    total: int


def _executive_label(polity: Any, executive_party: str | None = None) -> str | None:
    head = head_of_state(polity)
    if executive_party is not None:
        ok = (
            isinstance(executive_party, str)
            and polity.has_institution(executive_party)
            and polity.institution(executive_party).kind == "party"
        )
        if not ok:
            raise param_error(
                "executive_party",
                "veto metrics",
                "the id of a party of the polity",
                executive_party,
            )
        return None if head is None else executive_party
    if head is None:
        return None
    party = int(membership(polity)[int(polity.index_of(head.id)[0])])
    return head.id if party < 0 else str(polity.institution_table.id[party])


def chamber_blocs(polity: Any, chamber: str, *, executive_party: str | None = None) -> Blocs | None:
    """The blocs of ``chamber``, or None when the polity has no bloc data for it.

    Party seats come from :func:`govsim.model.parties.seat_table` (``holds_seats``);
    seats the head of state fills by ``appoints`` and no party holds form one bloc with
    the head of state's party (the appointees vote with the appointer, as in the
    president's bloc of the bloc lawmaking games); the rest are unaffiliated. A chamber
    where no party holds seats and the head of state appoints none has no bloc data.
    ``executive_party`` stands for the head of state's party (see :func:`polcon`).
    """
    table = seat_table(polity, chamber)
    c = polity.compiled
    row = int(polity.index_of(chamber)[0])
    head = head_of_state(polity)
    appointed = 0
    if head is not None:
        hrow = int(polity.index_of(head.id)[0])
        m = (
            (c.edge_kind == RelationKind.APPOINTS.code)
            & (c.edge_source == hrow)
            & (c.edge_target == row)
        )
        appointed = min(int(c.edge_fill[m].sum()), table.independents)
    if table.parties.shape[0] == 0 and appointed == 0:
        return None
    labels = [str(p) for p in table.parties]
    seats = [int(s) for s in table.seats]
    if appointed:
        label = _executive_label(polity, executive_party)
        assert label is not None  # appointed > 0 needs a head of state
        if label in labels:
            seats[labels.index(label)] += appointed
        else:
            labels.append(label)
            seats.append(appointed)
    return Blocs(
        chamber,
        tuple(labels),
        np.asarray(seats, dtype=np.int64),
        table.independents - appointed,
        table.total,
    )


def _passing_need(polity: Any, chamber: str, seats: int) -> int:
    rules = polity.rules_of("passing_threshold", subject=chamber)
    fraction = float(rules[0].value) if rules else None
    return seats_needed(fraction, seats)


def _majority_labels(polity: Any, blocs: Blocs) -> list[str]:
    """The blocs of the chamber's majority, largest first; the unaffiliated seats as one actor."""
    labels = [*blocs.labels, f"{blocs.chamber}:unaffiliated"]
    seats = np.append(blocs.seats, blocs.unaffiliated)
    need = _passing_need(polity, blocs.chamber, blocs.total)
    members = majority_coalition(seats, need) & (seats > 0)
    order = np.argsort(-seats, kind="stable")
    return [labels[int(k)] for k in order if members[k]]


def partisan_veto_players(polity: Any, *, executive_party: str | None = None) -> list[str]:
    """The partisan veto players after absorption by identity (Tsebelis 2002, ch. 2).

    Inside each institutional veto player (:func:`institutional_veto_players`): a
    chamber with bloc data contributes the blocs of its majority
    (:func:`majority_coalition` over :func:`chamber_blocs`, the unaffiliated seats as one
    actor), a chamber without one counts as one actor, and the head of state is its
    party (``member_of``), or itself if it has none. A party that is a veto player in
    several places counts once (the absorption rule for identical actors).
    ``executive_party`` stands for the head of state's party (see :func:`polcon`).
    """
    head = head_of_state(polity)
    executive = _executive_label(polity, executive_party)
    chambers = {c.id for c in polity.select(kind="chamber", level="national")}
    actors: dict[str, None] = {}
    for vp in institutional_veto_players(polity):
        if head is not None and vp == head.id:
            actors[executive or vp] = None
        elif vp in chambers:
            blocs = chamber_blocs(polity, vp, executive_party=executive_party)
            for lab in [vp] if blocs is None else _majority_labels(polity, blocs):
                actors[lab] = None
        else:
            actors[vp] = None
    return list(actors)


def polcon_inputs(
    polity: Any, *, executive_party: str | None = None
) -> list[tuple[str, float, bool]]:
    """Per lawmaking chamber: ``(id, fractionalization, aligned)``.

    The chambers are the institutional veto players that are chambers. A chamber is
    *aligned* with the executive (POLCON's ``align`` dummies) when the executive's
    bloc -- the head of state's party, or its appointees if it has no party -- is the
    chamber's largest bloc or in its majority (:func:`majority_coalition`).
    Fractionalization is Rae's over the blocs, each unaffiliated seat a bloc of one. A
    chamber without bloc data is reported with ``F = nan`` and not aligned.
    ``executive_party`` stands for the head of state's party (see :func:`polcon`).
    """
    chambers = {c.id for c in polity.select(kind="chamber", level="national")}
    executive = _executive_label(polity, executive_party)
    out: list[tuple[str, float, bool]] = []
    for vp in institutional_veto_players(polity):
        if vp not in chambers:
            continue
        blocs = chamber_blocs(polity, vp, executive_party=executive_party)
        if blocs is None:
            out.append((vp, float("nan"), False))
            continue
        f = rae_fractionalization(blocs.seats, blocs.unaffiliated)
        largest = (
            blocs.labels[int(np.argmax(blocs.seats))]
            if blocs.seats.size and int(blocs.seats.max()) > 1
            else None
        )
        aligned = executive is not None and (
            executive == largest or executive in _majority_labels(polity, blocs)
        )
        out.append((vp, f, bool(aligned)))
    return out


# ---------------------------------------------------------------------------- metrics
@register_metric(
    "veto.institutional_players",
    definition="Number of institutions whose consent an ordinary law needs, every veto taken as final (Tsebelis's institutional veto players).",
    range=(0.0, float("inf")),
    direction="higher",
    reference=_REF_TSEBELIS,
    input="polity",
)
def institutional_veto_players_count(polity: Any) -> float:
    """Number of institutional veto players (:func:`institutional_veto_players`).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> institutional_veto_players_count(kazakhstan_2019())  # President, Mazhilis, Senate
    3.0

    References
    ----------
    Tsebelis, G. (2002). *Veto Players: How Political Institutions Work*. Princeton UP.
    """
    return float(len(institutional_veto_players(polity)))


@register_metric(
    "veto.absolute_players",
    definition="Number of institutions whose consent no override can replace (needed in every winning clause of the lawmaking game).",
    range=(0.0, float("inf")),
    direction="higher",
    reference=_REF_TSEBELIS,
    input="polity",
)
def absolute_veto_players_count(polity: Any) -> float:
    """Number of institutions needed in every clause of the lawmaking game.

    Kazakhstan 2019: the Mazhilis and the Senate both had to adopt every law (2); from
    2022 the Mazhilis adopts and the Senate approves, and the Mazhilis can override a
    Senate refusal by 2/3 (UNCONFIRMED, see the data file), so only the Mazhilis is
    left (1). The President's veto falls to 2/3 of each chamber in both.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> absolute_veto_players_count(kazakhstan_2019())
    2.0
    """
    return float(len(absolute_veto_players(polity)))


@register_metric(
    "veto.partisan_players",
    definition="Number of partisan veto players after absorption by identity: the majority blocs of each veto chamber and the head of state's party, each counted once.",
    range=(0.0, float("inf")),
    direction="higher",
    reference=_REF_TSEBELIS,
    input="polity",
)
def partisan_veto_players_count(polity: Any, *, executive_party: str | None = None) -> float:
    """Number of partisan veto players (:func:`partisan_veto_players`).

    Without party data each institutional veto player is one actor, so the value
    equals ``veto.institutional_players``; a party holding the majority of several
    veto chambers and the presidency makes it 1.

    Examples
    --------
    >>> from govsim.model import Institution, Polity, Relation
    >>> p = Polity("p", institutions=[
    ...     Institution(id="electorate", name="Voters", kind="electorate", level="national"),
    ...     Institution(id="pres", name="President", kind="head_of_state", level="national"),
    ...     Institution(id="house", name="House", kind="chamber", level="national", seats=10),
    ...     Institution(id="party.a", name="A", kind="party", level="national"),
    ... ], relations=[
    ...     Relation(source="electorate", target="house", kind="elects"),
    ...     Relation(source="pres", target="house", kind="vetoes"),
    ...     Relation(source="party.a", target="house", kind="holds_seats", seats=6),
    ...     Relation(source="pres", target="party.a", kind="member_of"),
    ... ])
    >>> partisan_veto_players(p), partisan_veto_players_count(p)
    (['party.a'], 1.0)
    """
    return float(len(partisan_veto_players(polity, executive_party=executive_party)))


def _polcon_chambers(
    polity: Any, executive_party: str | None, metric: str
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The fractionalizations and alignments of :func:`polcon_inputs`, at most two chambers."""
    inputs = polcon_inputs(polity, executive_party=executive_party)
    if len(inputs) > MAX_POLCON_CHAMBERS:
        raise param_error(
            "polity",
            metric,
            f"at most {MAX_POLCON_CHAMBERS} lawmaking chambers (MAX_POLCON_CHAMBERS: the "
            "POLCON dataset publishes constants for a lower and an upper chamber only)",
            [c for c, _, _ in inputs],
        )
    f = np.array([x for _, x, _ in inputs], dtype=np.float64)
    aligned = np.array([x for _, _, x in inputs], dtype=bool)
    return f, aligned


@register_metric(
    "veto.polcon",
    definition="Henisz's political constraint index POLCON III as his dataset computes it: B_k * mean_c(s_c) over the k lawmaking chambers (B_1 = 0.6667, B_2 = 0.8), s_c = F_c for a chamber aligned with the executive and 1 - F_c for an opposed one (F Rae's fractionalization); 0 for the executive alone.",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REF_HENISZ,
    input="polity",
)
def polcon(polity: Any, *, executive_party: str | None = None) -> float:
    """Political constraint (POLCON III) as the published dataset computes it.

    Parameters
    ----------
    polity : govsim.model.Polity
    executive_party : str, optional
        The id of the party to treat as the executive's, for a head of state who is
        formally no party member but governs with one (Kazakhstan's President after
        the 2022 membership ban, backed by Amanat): the structure records formal ties
        only, so without it such a president is aligned with no chamber.

    Returns
    -------
    float
        ``B_k * mean_c(s_c)`` (:func:`polcon_from_chambers`). Raises a
        :class:`~govsim.errors.ValidationError` naming ``polity`` when more than two
        chambers make law (:data:`MAX_POLCON_CHAMBERS`).

    Notes
    -----
    Henisz (2000) draws the ideal points of the executive and of each effective
    chamber and the status quo i.i.d. uniform on a line and measures how little room
    for change unanimity leaves; party alignment and fractionalization then move each
    chamber between absorbed by the executive and fully independent. The published
    values follow one rule (recovered from 15 rows of the Quality of Government
    dataset, aligned, opposed and mixed chambers, to 3e-8; the rows and their sources
    are in ``tests/metrics/test_polcon_published.py``):

    ``POLCON III = B_k * mean_c(s_c)``, ``s_c = F_c`` (aligned) or ``1 - F_c``
    (opposed), ``B_1 = 0.6667``, ``B_2 = 0.8``, and 0 with no effective chamber.

    What is read from the polity (:func:`polcon_inputs`):

    * the chambers: every national chamber among the institutional veto players,
      that is whose consent an ordinary law needs (de jure). The dataset counts a
      chamber only when it is *effective* (``h_l1``, ``h_l2``, coded from Polity's
      executive-constraints score, de facto), which the structure cannot see; where
      the dataset codes none as effective it publishes 0 (Kazakhstan 2013 and 2016)
      and this metric gives more;
    * alignment: the executive's bloc (the head of state's party, or his appointees
      if he has none) is the chamber's largest bloc or in its majority;
    * fractionalization: Rae's ``F`` over the chamber's blocs, each unaffiliated seat a
      bloc of one;
    * a chamber without party data (and without appointed seats) is one actor of its
      own, not aligned: ``F = 0``, ``s = 1``, the chamber's full constraint. Every party
      composition gives ``s <= 1``, so without party data the value is the most the
      chambers can constrain;
    * three or more lawmaking chambers: the dataset has no such row and no constant, so
      the metric does not apply (see :data:`MAX_POLCON_CHAMBERS`).

    Examples
    --------
    A president of party A and one chamber of 100 where A holds 60 and B 40:
    ``F = 1 - 0.6^2 - 0.4^2 = 0.48``; aligned ``0.6667 * 0.48``, and with B's president
    opposed, ``0.6667 * 0.52``:

    >>> from govsim.model import Institution, Polity, Relation
    >>> p = Polity("p", institutions=[
    ...     Institution(id="voters", name="V", kind="electorate", level="national"),
    ...     Institution(id="pres", name="P", kind="head_of_state", level="national"),
    ...     Institution(id="house", name="H", kind="chamber", level="national", seats=100),
    ...     Institution(id="party.a", name="A", kind="party", level="national"),
    ...     Institution(id="party.b", name="B", kind="party", level="national"),
    ... ], relations=[
    ...     Relation(source="voters", target="house", kind="elects"),
    ...     Relation(source="party.a", target="house", kind="holds_seats", seats=60),
    ...     Relation(source="party.b", target="house", kind="holds_seats", seats=40),
    ...     Relation(source="pres", target="party.a", kind="member_of"),
    ... ])
    >>> round(polcon(p), 6), round(polcon(p, executive_party="party.b"), 6)
    (0.320016, 0.346684)

    References
    ----------
    Henisz, W. J. (2000). The institutional environment for economic growth.
    *Economics & Politics* 12(1):1-31. Henisz, W. J. (2002). The institutional
    environment for infrastructure investment. *Industrial and Corporate Change*
    11(2):355-389. The Quality of Government Institute, QoG Standard Dataset
    (cross-section, editions Jan17 and Jan20) and its codebook on ``h_polcon3``
    (alignment lowers the constraint; fractionalization raises it for an aligned
    executive and lowers it for an opposed one): https://datafinder.qog.gu.se/variable/h_polcon3.
    """
    f, aligned = _polcon_chambers(polity, executive_party, "veto.polcon")
    return polcon_from_chambers(f, aligned)


@register_metric(
    "veto.setter_gain",
    definition="Share of the distance to the status quo that the chamber where bills start closes as agenda setter facing the other veto players (1-D setter model, uniform positions).",
    range=(0.0, 1.0),
    direction="neutral",
    reference=_REF_ROMER,
    input="polity",
)
def setter_gain_metric(polity: Any) -> float:
    """The agenda setter's gain (:func:`setter_gain`) in the polity's lawmaking game.

    The setter is the chamber where bills start: the first ``adopts_laws`` chamber
    (the sole chamber without such rules); the receivers are the other institutional
    veto players. Assumptions: a closed rule (no amendment by the receivers), one
    dimension, positions and status quo uniform; overrides and who else may initiate
    bills (``initiates``) are not read, and which chamber holds the agenda when
    several adopt is taken from the order of the rules.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(setter_gain_metric(kazakhstan_2019()), 3)  # the Mazhilis facing Senate and President
    0.425
    """
    players = institutional_veto_players(polity)
    return setter_gain(max(len(players) - 1, 0))


@register_metric(
    "veto.proposer_advantage",
    definition="Agenda setter's gain minus a receiving veto player's, each as a share of its distance to the status quo (1-D Romer-Rosenthal setter model, uniform positions).",
    range=(0.0, 1.0),
    direction="neutral",
    reference=_REF_ROMER,
    input="polity",
)
def proposer_advantage(polity: Any) -> float:
    """The proposer's advantage: :func:`setter_gain` minus :func:`receiver_gain`.

    Same setter and receivers as ``veto.setter_gain``. With one receiver the setter
    gains 5/8 and the receiver 3/8 of their distances to the status quo: an advantage
    of 1/4; a setter alone keeps everything (1). The advantage falls as receivers are
    added, since each narrows what the setter can propose.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(proposer_advantage(kazakhstan_2019()), 3)  # 0.425 - 0.275
    0.15
    """
    k = max(len(institutional_veto_players(polity)) - 1, 0)
    return setter_gain(k) - receiver_gain(k)


def court_independence(polity: Any) -> float | None:
    """The constitutional court's independence from the head of state, if it reviews laws.

    None when the polity has no constitutional court (role ``constitutional_court``) or
    it ``reviews`` no national chamber; otherwise ``I``, the share of its composition
    whose selection does not run through the head of state
    (:func:`govsim.metrics.checks.independence`), or 1 without a head of state.
    """
    court = constitutional_court(polity)
    if court is None:
        return None
    c = polity.compiled
    row = int(polity.index_of(court.id)[0])
    chambers = {x.id for x in polity.select(kind="chamber", level="national")}
    targets = np.isin(c.ids, sorted(chambers)) if chambers else np.zeros(c.n_nodes, bool)
    reviews = (c.edge_kind == RelationKind.REVIEWS.code) & (c.edge_source == row)
    if not targets[c.edge_target[reviews]].any():
        return None
    head = head_of_state(polity)
    if head is None:
        return 1.0
    return float(independence(c, head.id)[row])


@register_metric(
    "veto.polcon_v",
    definition="Henisz's POLCON V without the sub-federal veto point: POLCON III, and with a constitutional court reviewing laws 0.6667 + D_k * mean_c(s_c) (D_1 = 0.13333, D_2 = 0.1333), weighted by the court's independence from the head of state; 0 for the executive alone.",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REF_HENISZ,
    input="polity",
)
def polcon_v(polity: Any, *, executive_party: str | None = None) -> float:
    """POLCON V with the judiciary, without sub-federal units.

    The chambers and ``s_c`` of :func:`polcon`. The published POLCON V
    (``h_polcon5``) of a unitary polity (``h_f = 0``) is POLCON III when the
    judiciary is coded dependent (``h_j = 0``: Laos, Jamaica, Côte d'Ivoire in Jan20,
    Guyana in Jan17), and ``0.6667 + D_k * mean_c(s_c)`` when it is coded independent
    (Italy, Lebanon, Kyrgyzstan, Japan in Jan20, to 2e-8): the executive and the
    judiciary give 2/3, the chambers at full strength 4/5 (:data:`POLCON5_JUDICIARY_SLOPE`),
    and with no effective chamber the value is 0 even for an independent judiciary
    (Tanzania). Here the judiciary is the constitutional court when it ``reviews`` a
    national chamber's laws (:func:`court_independence`), independent with probability
    ``I``, its independence from the head of state; the dataset codes ``h_j`` from
    Polity's executive-constraints and ICRG's law-and-order scores, which the
    structure cannot see. So the value is ``(1 - I) * POLCON III + I * (0.6667 + D_k *
    mean_c(s_c))`` (:func:`polcon_from_chambers`).

    Not established: Japan 2013 (Jan17) publishes 0.7477048 = 0.667 + 0.1333 *
    mean(s), 3e-4 above the rule (a coarser rounding of 2/3 in that edition); the
    federal rows (``h_f = 1``: the sub-federal veto point) were not resolved, and
    sub-federal units that constrain national policy have no relation kind here, so a
    federation's value is that of a unitary polity with the same chambers and court.

    Examples
    --------
    Kazakhstan: the Constitutional Council of 2019 is 46% independent of the President,
    the Constitutional Court of 2026 (all 11 judges appointed by him with the
    Kurultai's consent) not at all, so POLCON V equals POLCON III in 2026:

    >>> from govsim.scenarios import kazakhstan
    >>> round(polcon_v(kazakhstan("2026-12-01")), 4), round(polcon(kazakhstan("2026-12-01")), 4)
    (0.6667, 0.6667)
    """
    f, aligned = _polcon_chambers(polity, executive_party, "veto.polcon_v")
    independent = court_independence(polity)
    return polcon_from_chambers(f, aligned, judiciary=0.0 if independent is None else independent)

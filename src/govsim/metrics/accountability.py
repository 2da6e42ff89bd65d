"""Vertical accountability: how long is the chain of delegation from voters to each seat?

A *chain channel* is an ``elects`` or ``appoints`` relation into an office (any
institution but an electorate); ``nominates`` and ``consents`` are recorded but do
not form the chain. Electorates have chain length 0; a seat filled by a channel
from X has chain length ``1 + chain_length(X)``; an office's own chain length is
the shortest over its channels (a multi-source breadth-first search from every
electorate). Seats that no channel from an electorate reaches have no chain
(length ``inf``): they are *unaccountable*.

Seat-weighted summaries weight each channel by the seats it fills (see
:func:`govsim.metrics._kernels.channel_seats`); seats of a body that no channel
claims are unaccountable. Every summary here accepts a boolean ``mask`` over the
relations, of shape ``(n_edges,)`` or ``(variants, n_edges)``, and then computes
all variants in one call (the relations where the mask is False are absent).

References
----------
Strøm, K. (2000). Delegation and accountability in parliamentary democracies.
European Journal of Political Research 37(3):261-289.
Coppedge, M. et al. V-Dem Codebook, ``v2x_elecoff`` / ``v2xex_elecleg``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import param_error
from govsim.metrics._kernels import (
    bfs_levels,
    chain_edges,
    chain_source_levels,
    channel_seats,
    channels_into,
    office_seats,
    run_starts,
)
from govsim.metrics.registry import Direction, register_metric
from govsim.model.compiled import Compiled
from govsim.model.kinds import CHAIN_KINDS, InstitutionKind, Level, RelationKind

__all__ = [
    "chain_length",
    "elected_legislature",
    "elected_share",
    "local_executive_share",
    "mean_chain_length",
    "unaccountable_share",
]

_ELECTORATE = InstitutionKind.ELECTORATE.code
_ELECTS = RelationKind.ELECTS.code
_STRØM = "Strøm (2000), EJPR 37:261-289; V-Dem v2x_elecoff (Coppedge et al., V-Dem Codebook)."


# --------------------------------------------------------------------------- masks
def _edge_mask(c: Compiled, mask: ArrayLike | None, func: str) -> NDArray[np.bool_] | None:
    """Validate a relation mask; return it as (variants, n_edges) or None."""
    if mask is None:
        return None
    arr = np.asarray(mask)
    if arr.dtype != bool or arr.ndim not in (1, 2) or arr.shape[-1] != c.n_edges:
        raise param_error(
            "mask",
            func,
            f"a bool array of shape (n_edges,) or (variants, n_edges) with n_edges={c.n_edges}",
            f"{arr.dtype} array of shape {arr.shape}",
        )
    return arr if arr.ndim == 2 else arr[None, :]


def _active(c: Compiled, mask: NDArray[np.bool_] | None) -> NDArray[np.bool_] | None:
    """The mask restricted to the chain channels (in their target-sorted order)."""
    return None if mask is None else mask[:, chain_edges(c).edges]


def _out(value: NDArray[np.float64], mask: ArrayLike | None) -> float | NDArray[np.float64]:
    """A summary's value: a float without a mask, (variants,) with a 2-D mask."""
    if mask is None or np.ndim(mask) == 1:
        return float(value[0])
    return value


# --------------------------------------------------------------------------- levels
def _batched_levels(c: Compiled, active: NDArray[np.bool_]) -> NDArray[np.integer]:
    """Chain levels of every node in every variant; the dtype's max where unreachable.

    Bellman-Ford relaxation restricted to the frontier: each pass takes only the
    channels whose source improved in some variant on the previous pass, and for
    every target and variant the smallest level among its active ones (one
    ``minimum.reduceat`` over those channels, which stay sorted by target). With
    unit lengths every pass settles one more level, so passes = the longest
    shortest chain + 1, and each channel is relaxed about once.
    """
    ch = chain_edges(c)
    n_var, n = active.shape[0], c.n_nodes
    # chain lengths are < n_nodes, so int16 is exact for small polities and halves the traffic
    dtype = np.int16 if n < np.iinfo(np.int16).max - 1 else np.int32
    big = np.iinfo(dtype).max
    level = np.full((n_var, n), big, dtype=dtype)
    changed = c.kind == _ELECTORATE
    level[:, changed] = 0
    if ch.n == 0:
        return level
    for _ in range(n + 1):
        sel = np.flatnonzero(changed[ch.source])
        if sel.size == 0:
            break
        src, tgt = ch.source[sel], ch.target[sel]
        starts = run_starts(tgt)
        gt = tgt[starts]
        cand = level[:, src]
        cand[~active[:, sel]] = big
        best = np.minimum.reduceat(cand, starts, axis=1)
        np.minimum(best, big - 1, out=best)
        best += 1  # unreachable stays at big
        current = level[:, gt]
        better = best < current
        improved = better.any(axis=0)
        if not improved.any():
            break
        level[:, gt] = np.where(better, best, current)
        changed = np.zeros(n, dtype=bool)
        changed[gt[improved]] = True
    return level


def _lengths(raw: NDArray[np.integer]) -> NDArray[np.float64]:
    """Levels of :func:`_batched_levels` as chain lengths: ``inf`` where unreachable."""
    return np.where(raw == np.iinfo(raw.dtype).max, np.inf, raw.astype(np.float64))


def _source_levels(
    c: Compiled, mask: NDArray[np.bool_] | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per variant and chain channel: the seats it fills and its source's chain level."""
    ch = chain_edges(c)
    if mask is None:
        # every summary over the channels asks for these: once per compiled view
        return c.memo("accountability.source_levels", lambda: _all_source_levels(c))
    active = _active(c, mask)
    w = channel_seats(c, active)
    return w, _lengths(_batched_levels(c, active)[:, ch.source])  # type: ignore[arg-type]


def _all_source_levels(c: Compiled) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """:func:`_source_levels` without a mask (read-only arrays, shared by the metrics).

    The levels are read at the channels' sources only, which are never sinks of the
    chain graph: :func:`~govsim.metrics._kernels.chain_source_levels`, a search over
    the chain channels without an adjacency and without the sinks.
    """
    lv = _as_lengths(chain_source_levels(c).take(chain_edges(c).source))[None, :]
    lv.setflags(write=False)
    return channel_seats(c), lv


def _chain_levels(c: Compiled) -> NDArray[np.float64]:
    """Chain length of every node without a mask: one BFS per compiled view (read-only)."""

    def compute() -> NDArray[np.float64]:
        out = _as_lengths(bfs_levels(c.out(CHAIN_KINDS), np.flatnonzero(c.kind == _ELECTORATE)))
        out.setflags(write=False)
        return out

    return c.memo("accountability.chain_levels", compute)


def _as_lengths(level: NDArray[np.int64]) -> NDArray[np.float64]:
    """BFS levels (-1 where unreached) as chain lengths (``inf`` there), float64.

    One lookup per node in a table of the distinct levels ``0, 1, ..., max, inf``
    (index -1 is the table's last entry): a single pass, where a compare, a cast
    and a ``where`` take three.
    """
    if level.size == 0:
        return np.zeros(0, dtype=np.float64)
    table = np.arange(int(level.max()) + 2, dtype=np.float64)
    table[-1] = np.inf
    out: NDArray[np.float64] = table.take(level)
    return out


def _per_office_seat(c: Compiled, seats: NDArray[np.float64]) -> NDArray[np.float64]:
    """Seats (per variant) as a share of all office seats; NaN when there are none."""
    total = office_seats(c)
    return seats / total if total else np.full(seats.shape, np.nan)


ChannelFormula = Callable[[Compiled, NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]
Summary = Callable[..., "float | NDArray[np.float64]"]


def _over_channels(
    name: str, *, definition: str, range: tuple[float, float], direction: Direction
) -> Callable[[ChannelFormula], Summary]:
    """Register a seat-weighted summary written as its formula over the chain channels.

    The formula gets ``(c, w, lv)``: the seats each channel fills and the chain
    level of its source, both ``(variants, channels)``, and returns one value per
    variant. The registered function is ``f(c, mask=None)`` (mask validated, a
    float back without a mask) and carries the formula's docstring.
    """

    def decorate(formula: ChannelFormula) -> Summary:
        def metric(c: Compiled, mask: ArrayLike | None = None) -> float | NDArray[np.float64]:
            w, lv = _source_levels(c, _edge_mask(c, mask, formula.__name__))
            return _out(formula(c, w, lv), mask)

        for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
            setattr(metric, attr, getattr(formula, attr))
        return register_metric(
            name, definition=definition, range=range, direction=direction, reference=_STRØM
        )(metric)

    return decorate


# --------------------------------------------------------------------------- metrics
@register_metric(
    "accountability.chain_length",
    definition="Length of the shortest elects/appoints chain from an electorate to each office (inf: none).",
    range=(0.0, np.inf),
    direction="lower",
    reference=_STRØM,
    per_node=True,
)
def chain_length(c: Compiled, mask: ArrayLike | None = None) -> NDArray[np.float64]:
    """Delegation-chain length of every institution.

    Parameters
    ----------
    c : Compiled
        The compiled polity (``polity.compiled``).
    mask : bool array of shape (n_edges,) or (variants, n_edges), optional
        Relations present in each variant; all of them when None.

    Returns
    -------
    ndarray of float64, shape (n_nodes,) or (variants, n_nodes)
        0 for electorates, ``inf`` where no chain from an electorate exists.

    Notes
    -----
    ``L(e) = 0`` for an electorate ``e``; otherwise
    ``L(v) = 1 + min_{X -> v} L(X)`` over the ``elects``/``appoints`` channels into
    ``v``. Computed as a multi-source frontier BFS over the CSR adjacency of the
    chain relations (one gather per level); with a mask, as level-synchronous
    relaxation over all variants at once.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> L = chain_length(p.compiled)
    >>> [float(L[p.index_of(i)][0]) for i in ("electorate", "president", "government", "akim.l0")]
    [0.0, 1.0, 2.0, 4.0]

    References
    ----------
    Strøm (2000), "Delegation and accountability in parliamentary democracies",
    EJPR 37:261-289 (the chain voters -> MPs -> cabinet -> ministers).
    """
    m = _edge_mask(c, mask, "chain_length")
    if m is None:
        return _chain_levels(c).copy()  # the caller's own array; the BFS runs once per view
    out = _lengths(_batched_levels(c, _active(c, m)))  # type: ignore[arg-type]
    return out[0] if m.shape[0] == 1 and np.ndim(mask) == 1 else out  # type: ignore[arg-type]


@_over_channels(
    "accountability.elected_share",
    definition="Seat-weighted share of office seats filled directly by an electorate (chain length 1).",
    range=(0.0, 1.0),
    direction="higher",
)
def elected_share(
    c: Compiled, w: NDArray[np.float64], lv: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Share of all office seats chosen directly by voters.

    Parameters
    ----------
    c : Compiled
    mask : bool array (n_edges,) or (variants, n_edges), optional

    Returns
    -------
    float, or ndarray (variants,) for a 2-D mask; NaN when there are no office seats.

    Notes
    -----
    ``sum_e w_e [L(source_e) = 0] / sum_{offices} seats``, with ``w_e`` the seats
    channel ``e`` fills.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(elected_share(synthetic(1_000, seed=1).compiled), 4)
    0.5427
    """
    return _per_office_seat(c, (w * (lv == 0)).sum(axis=1))


@_over_channels(
    "accountability.mean_chain_length",
    definition="Seat-weighted mean chain length over the office seats that have a chain.",
    range=(1.0, np.inf),
    direction="lower",
)
def mean_chain_length(
    c: Compiled, w: NDArray[np.float64], lv: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Mean length of the delegation chain behind a seat.

    Parameters
    ----------
    c : Compiled
    mask : bool array (n_edges,) or (variants, n_edges), optional

    Returns
    -------
    float, or ndarray (variants,); NaN when no seat has a chain.

    Notes
    -----
    ``sum_e w_e (1 + L(source_e)) / sum_e w_e`` over channels with a finite
    ``L(source_e)``.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(mean_chain_length(synthetic(1_000, seed=1).compiled), 4)
    2.2436
    """
    fin = np.isfinite(lv)
    den = np.where(fin, w, 0.0).sum(axis=1)
    num = (w * np.where(fin, lv + 1.0, 0.0)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


@_over_channels(
    "accountability.unaccountable_share",
    definition="Seat-weighted share of office seats with no chain from any electorate.",
    range=(0.0, 1.0),
    direction="lower",
)
def unaccountable_share(
    c: Compiled, w: NDArray[np.float64], lv: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Share of office seats that no chain of delegation from voters reaches.

    Parameters
    ----------
    c : Compiled
    mask : bool array (n_edges,) or (variants, n_edges), optional

    Returns
    -------
    float, or ndarray (variants,); NaN when there are no office seats.

    Notes
    -----
    ``1 - sum_e w_e [L(source_e) < inf] / sum_{offices} seats``: seats filled from
    an unaccountable source, and seats no channel fills, count as unaccountable.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(unaccountable_share(synthetic(1_000, seed=1).compiled), 4)
    0.0
    """
    reached = np.where(np.isfinite(lv), w, 0.0).sum(axis=1)
    return np.clip(1.0 - _per_office_seat(c, reached), 0.0, 1.0)


@register_metric(
    "accountability.local_executive_share",
    definition="Seat-weighted share of subnational executive seats chosen by the electorate of their own territory.",
    range=(0.0, 1.0),
    direction="higher",
    reference="V-Dem v2ellocelc / v2elsrgel (local and regional executives elected); Strøm (2000).",
)
def local_executive_share(
    c: Compiled, mask: ArrayLike | None = None
) -> float | NDArray[np.float64]:
    """Share of subnational executive seats filled by their own territory's voters.

    Parameters
    ----------
    c : Compiled
    mask : bool array (n_edges,) or (variants, n_edges), optional

    Returns
    -------
    float, or ndarray (variants,); NaN when there is no subnational executive.

    Notes
    -----
    Over executives ``v`` below the national level:
    ``sum_e w_e [source_e is an electorate, territory(source_e) = territory(v)] / sum_v seats_v``.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(local_executive_share(synthetic(1_000, seed=1).compiled), 4)
    0.2763
    """
    m = _edge_mask(c, mask, "local_executive_share")
    ch = chain_edges(c)
    w = channel_seats(c, _active(c, m))
    sub = (c.kind == InstitutionKind.EXECUTIVE.code) & (c.level != Level.NATIONAL.code)
    total = float(c.seats[sub].sum())
    # the channels from an electorate into a subnational executive, then those whose
    # two ends share a territory (compared on these channels only)
    voted = np.flatnonzero(sub.take(ch.target) & (c.kind.take(ch.source) == _ELECTORATE))
    terr = c.territory.take(ch.target.take(voted))
    own = voted[(c.territory.take(ch.source.take(voted)) == terr) & (terr >= 0)]
    val = w[:, own].sum(axis=1) / total if total else np.full(w.shape[0], np.nan)
    return _out(val, mask)


@register_metric(
    "accountability.elected_legislature",
    definition="V-Dem v2xex_elecleg: share of national chamber seats elected (indirectly: half), chambers averaged.",
    range=(0.0, 1.0),
    direction="higher",
    reference="V-Dem v2xex_elecleg (elecoff.R, vdeminstitute/dataset_construction); Coppedge et al., V-Dem Codebook.",
)
def elected_legislature(c: Compiled, mask: ArrayLike | None = None) -> float | NDArray[np.float64]:
    """How elected the national legislature is, V-Dem style.

    Parameters
    ----------
    c : Compiled
    mask : bool array (n_edges,) or (variants, n_edges), optional

    Returns
    -------
    float, or ndarray (variants,); 0 when there is no national chamber (V-Dem
    codes a country without a legislature as 0).

    Notes
    -----
    For each national ``chamber`` ``k`` with ``S_k`` seats,
    ``E_k = (direct_k + indirect_k / 2) / S_k``, where ``direct_k`` are the seats
    an electorate ``elects`` and ``indirect_k`` the seats another body ``elects``;
    appointed and unfilled seats count 0. ``v2xex_elecleg`` is the mean of ``E_k``
    over the chambers (lower and upper averaged, as V-Dem does when the upper
    chamber counts).

    Examples
    --------
    A 100-seat chamber with 70 directly elected, 20 elected by regional councils
    and 10 appointed seats: ``(70 + 20/2) / 100 = 0.8``; the synthetic polity's
    lower chamber is fully elected and its upper chamber has 2 seats per regional
    council plus 10 appointees:

    >>> from govsim.scenarios import synthetic
    >>> round(elected_legislature(synthetic(1_000, seed=1).compiled), 4)
    0.5714

    References
    ----------
    V-Dem Institute, ``dataset_construction``, ``mm-prep/R/extra/elecoff.R``:
    ``v2xex_elecleg = ((v2lgello + v2lginello/2) + (v2lgelecup + v2lginelup/2)) / 2 / 100``.
    """
    m = _edge_mask(c, mask, "elected_legislature")
    ch = chain_edges(c)
    w = channel_seats(c, _active(c, m))
    chamber = (c.kind == InstitutionKind.CHAMBER.code) & (c.level == Level.NATIONAL.code)
    n_ch = int(chamber.sum())
    if n_ch == 0:
        return _out(np.zeros(w.shape[0]), mask)
    sel = channels_into(ch, np.flatnonzero(chamber))  # not a pass over every channel
    src, tgt = ch.source[sel], ch.target[sel]
    elects = ch.kind[sel] == _ELECTS
    score = np.where(elects, np.where(c.kind[src] == _ELECTORATE, 1.0, 0.5), 0.0)
    val = (w[:, sel] * (score / c.seats[tgt])).sum(axis=1) / n_ch
    return _out(val, mask)

"""Batched seat allocation: divisor (highest averages) and quota (largest remainder) methods.

The cores work on a 2-D view ``(elections, parties)`` of any batch shape. A divisor
method starts from the stationary-rounding guess ``ceil(v S / V - delta)`` and
then moves one seat per election and step from the weakest held quotient to the
strongest unheld one until no such move is possible (a loop over corrections,
each step vectorized over elections; the number of steps is the guess's error,
at most a few times the number of parties). Ties at the last seat are then
settled by one exact equality test and given to the lower index.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import (
    as_array,
    check_fraction,
    check_int,
    check_nonnegative_int_array,
    param_error,
)
from govsim.electoral.methods import METHODS, DivisorMethod, QuotaMethod, get_method

__all__ = ["MAX_DIVISOR_WORK", "MAX_ENTRIES", "MAX_SEATS", "allocate", "qualifying_lists"]

#: Most seats of one election: 10^7, over 3,000 times the largest legislature (China's
#: National People's Congress, about 3,000 seats) and more than the councillors of every
#: local council of the largest democracies put together (India's 3 million or so). The
#: bound keeps every divisor ``d(k)`` exact in int64 and float64 (the Dean divisor at
#: 10^12 seats wrapped around in int64, and the correction loop never ended).
MAX_SEATS = 10**7
#: Most entries (elections x parties) of one call: 10^8, an 800 MB votes array; the
#: Monte Carlo metrics use 2,000 x 9.
MAX_ENTRIES = 10**8
#: Most elections x parties^2 of a divisor method: the correction loop moves one seat
#: per election and step, and the steps grow with the number of parties (10^4 parties
#: take about a second per election). 2,000 Monte Carlo draws of 9 lists need 1.6 x 10^5;
#: an apportionment among the 3,143 US counties 10^7.
MAX_DIVISOR_WORK = 10**9

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

# Float quotients decide exactly when numerator * denominator stays below this bound
# (distinct rationals then differ by more than two ulps; equal ones round equally).
_EXACT_FLOAT_BOUND = 2**50
# Integer products (votes x seats, votes x threshold denominator) must stay below this.
_INT_BOUND = 2**62
# Relative gap under which a float decision is re-checked exactly when the bound fails.
_NEAR_TIE = 2.0**-40
# Elections per block of the vectorized cores.
_BLOCK = 1024


def _threshold_ratio(threshold: Any, func: str, param: str = "threshold") -> tuple[int, int]:
    """Return ``threshold`` as an exact fraction ``num / den`` (floats: denominator <= 10^6)."""
    if isinstance(threshold, Fraction):
        if not (0 <= threshold < 1):
            raise param_error(param, func, "in [0, 1)", threshold)
        return threshold.numerator, threshold.denominator
    t = check_fraction(threshold, param, func)
    # 0.05 is stored as 0.05000000000000000277...; the nearest small fraction is what was meant.
    frac = Fraction(t).limit_denominator(10**6)
    return frac.numerator, frac.denominator


def _list_thresholds(values: ArrayLike, n: int, func: str) -> tuple[IntArray, IntArray]:
    """Per-list thresholds as exact fractions: numerators and denominators, shape (n,)."""
    t = as_array(values, "thresholds", func)
    if t.shape != (n,):
        raise param_error(
            "thresholds", func, f"one threshold per list, shape ({n},)", f"shape {t.shape}"
        )
    pairs = [_threshold_ratio(x.item(), func, "thresholds") for x in t]  # a loop over lists
    return (
        np.asarray([p[0] for p in pairs], dtype=np.int64),
        np.asarray([p[1] for p in pairs], dtype=np.int64),
    )


def _mask(
    values: ArrayLike, v: IntArray, batch: tuple[int, ...], param: str, func: str
) -> BoolArray:
    """A boolean mask broadcast to the votes' shape, flattened like them to 2-D."""
    e = as_array(values, param, func)
    if e.dtype != bool:
        raise param_error(param, func, "a boolean array", f"dtype {e.dtype}")
    shape = (*batch, v.shape[1])
    try:
        return np.ascontiguousarray(np.broadcast_to(e, shape)).reshape(v.shape)
    except ValueError:
        raise param_error(
            param, func, f"broadcastable to the votes' shape {shape}", f"shape {e.shape}"
        ) from None


def _rsum(a: NDArray[Any]) -> NDArray[Any]:
    """Row sums of a 2-D array; einsum beats ``sum(axis=1)`` on short rows.

    About 3x on a 1024 x 8 block: ``python -m timeit -s "import numpy as np;
    a = np.ones((1024, 8), np.int64)" "np.einsum('ij->i', a)"`` against ``"a.sum(axis=1)"``.
    """
    if a.dtype == bool:
        # int8 counts are exact below 128 columns
        counts: NDArray[Any] = (
            np.einsum("ij->i", a.view(np.int8)) if a.shape[1] < 128 else a.sum(axis=1)
        )
        return counts
    sums: NDArray[Any] = np.einsum("ij->i", a)
    return sums


def _first_r(e: BoolArray, r: IntArray) -> BoolArray:
    """Mark the first ``r`` True entries of each row of ``e`` (lower index first)."""
    return e & (np.cumsum(e, axis=1) <= r[:, None])


def _resolve(g: NDArray[Any], e: BoolArray, seats: NDArray[Any]) -> tuple[NDArray[Any], BoolArray]:
    """Give the ``seats - g.sum()`` seats left to the first tied entries ``e``; flag real ties.

    Without a tie every marked entry gets its seat; the cumulative count that
    picks the lower indices is only computed for elections that have a tie.
    """
    r = seats - _rsum(g)
    tie = _rsum(e) > r
    out = g + e
    if tie.any():
        rows = np.flatnonzero(tie)
        out[rows] = g[rows] + _first_r(e[rows], r[rows])
    return out, tie


# ---------------------------------------------------------------------------------------------
# divisor methods


def _priority(
    method: DivisorMethod,
    vp: NDArray[np.float64],
    k: NDArray[Any],
    floors: NDArray[Any] | None,
    held: bool,
) -> NDArray[np.float64]:
    """Float priority of each list for its ``k+1``-th seat.

    ``vp`` is ``votes ** power`` with -1 marking lists that cannot win seats, so that
    their priority is negative (below any list with votes, and below zero-vote lists
    at 0). With ``held=True`` the priorities are those of seats already held, and a
    seat that cannot be given back (``k < 0``, a guaranteed seat below ``floors``, or
    the first seat under ``d(0) = 0``) gets +inf; with ``held=False`` such a seat
    (not yet held) gets +inf when the list has votes, so it is handed out first.
    """
    if held:
        # k = -1 (no seat held) must not be given back: +inf, whatever the list's votes.
        den = method.den(np.maximum(k, 0))
        if not method.unit_num:
            vp = vp * method.num(np.maximum(k, 0))
        p = np.full(np.broadcast_shapes(vp.shape, k.shape), np.inf)
        usable = k >= 0 if not method.zero_first else k >= 1
        np.divide(vp, den, out=p, where=usable)
    else:
        den = method.den(k)
        if not method.unit_num:
            vp = vp * method.num(k)
        if method.zero_first:
            with np.errstate(divide="ignore", invalid="ignore"):
                p = vp / den
                # first seat (den 0): +inf with votes, -inf if out, 0 for a list without
                # votes (sign 0 times inf is NaN, set to 0 just below)
                p = np.where(den == 0, np.sign(vp) * np.inf, p)
            p[np.isnan(p)] = 0.0
        else:
            p = vp / den
    if floors is not None:
        p = np.where(k < floors, np.inf, p)
    return p


def _exact_key(method: DivisorMethod, v: int, k: int, floor: int) -> tuple[int, Fraction]:
    """Exact priority of one list for its ``k+1``-th seat as a sortable (is_infinite, value)."""
    if k < floor:
        return (1, Fraction(0))
    kk = np.asarray([max(k, 0)], dtype=np.int64)
    den, num = int(method.den(kk)[0]), int(method.num(kk)[0])
    if den == 0:
        return (1, Fraction(0)) if v > 0 else (0, Fraction(0))
    return (0, Fraction(v**method.power * num, den))


def _exact_divisor_row(
    method: DivisorMethod, v: list[int], ok: list[bool], seats: int, floors: list[int], s: list[int]
) -> tuple[list[int], bool]:
    """Finish one election exactly in Python integers, starting from a near-correct ``s``."""
    n = len(v)
    live = [i for i in range(n) if ok[i]]
    while True:
        nxt = {i: _exact_key(method, v[i], s[i], floors[i]) for i in live}
        last = {i: _exact_key(method, v[i], s[i] - 1, floors[i]) for i in live if s[i] > floors[i]}
        best = max(live, key=lambda i: (nxt[i], -i))
        diff = seats - sum(s)
        if diff > 0:
            s[best] += 1
            continue
        worst = min(last, key=lambda i: (last[i], -i))
        if diff < 0:
            s[worst] -= 1
            continue
        if nxt[best] > last[worst]:
            s[best] += 1
            s[worst] -= 1
            continue
        break
    t = min(last.values()) if last else None
    if t is None or t[0] == 1 or max(nxt.values()) != t:
        return s, False
    won_at_t = [i for i in last if last[i] == t]
    g = [s[i] - (i in won_at_t) for i in range(n)]
    tied = [i for i in live if i in won_at_t or nxt[i] == t]
    r = seats - sum(g)
    for i in tied[:r]:
        g[i] += 1
    return g, len(tied) > r


def _divisor_core(
    method: DivisorMethod, v: IntArray, ok: BoolArray, seats: IntArray, floors: IntArray | None
) -> tuple[IntArray, BoolArray]:
    """Divisor-method allocation of ``seats`` among the lists marked ``ok`` (floors: guaranteed seats)."""
    if floors is not None and not floors.any():
        floors = None
    n_el = v.shape[0]
    s = np.zeros_like(v)
    ties = np.zeros(n_el, dtype=bool)

    # d(0) = 0 with fewer seats than lists with votes: one seat each to the largest lists.
    few = np.zeros(n_el, dtype=bool)
    if method.zero_first:
        n_pos = _rsum(ok & (v > 0))
        few = seats < n_pos if floors is None else (seats < n_pos) & (floors.sum(axis=1) == 0)
        if few.any():
            vv = np.where(ok[few] & (v[few] > 0), v[few], -1)
            ordered = -np.sort(-vv, axis=1)
            t = ordered[np.arange(vv.shape[0]), np.maximum(seats[few] - 1, 0)]
            t = np.where(seats[few] > 0, t, np.iinfo(np.int64).max)[:, None]
            s[few], ties[few] = _resolve((vv > t).astype(np.int64), vv == t, seats[few])

    rows = np.flatnonzero(~few & (seats > 0))
    if rows.size == 0:
        return s, ties
    vr, okr = v[rows], ok[rows]
    # Seat counts are kept as float64 (exact for any realistic count) so that the
    # quotient arithmetic below never converts between integer and float arrays.
    sr = seats[rows].astype(np.float64)
    fr = None if floors is None else floors[rows].astype(np.float64)
    vr_ok = np.where(okr, vr, 0)
    vf = vr_ok.astype(np.float64)
    vp = np.where(okr, vf * vf if method.power == 2 else vf, -1.0)

    # Starting guess: stationary rounding at the divisor V / (S + n (delta - 1/2))
    # (Pukelsheim 2017, sec. 6.1), which is off by at most a seat or two in practice.
    n_ok = _rsum(okr)
    target = sr + n_ok * (method.delta - 0.5)
    mult = np.maximum(target, 0.0) / np.maximum(_rsum(vr_ok), 1)
    guess = vf * mult[:, None]
    guess -= method.delta
    np.ceil(guess, out=guess)
    np.maximum(guess, 0.0, out=guess)
    if method.zero_first:
        np.maximum(guess, vr_ok > 0, out=guess)
    if fr is not None:  # (lists that are out have no votes, so only floors can seat them)
        np.maximum(guess, fr, out=guess)
        guess[~okr] = 0.0

    # Correction steps: one seat per election and step, only on elections still moving.
    # An election is done when its seats sum to S and its weakest held quotient is at
    # least its strongest unheld one (the signpost condition); t and u record those two.
    t = np.empty(rows.size)
    u = np.empty(rows.size)
    live = np.arange(rows.size)
    while live.size:
        full = live.size == rows.size  # first pass: views, no copies
        g = guess if full else guess[live]
        vpl = vp if full else vp[live]
        fl = fr if fr is None or full else fr[live]
        diff = sr[live] - _rsum(g)
        nxt = _priority(method, vpl, g, fl, held=False)
        last = _priority(method, vpl, g - 1, fl, held=True)
        imax, imin = nxt.argmax(axis=1), last.argmin(axis=1)
        ar = np.arange(live.size)
        umax, tmin = nxt[ar, imax], last[ar, imin]
        swap = (diff == 0) & (umax > tmin)
        plus, minus = (diff > 0) | swap, (diff < 0) | swap
        done = ~(plus | minus)
        t[live[done]], u[live[done]] = tmin[done], umax[done]
        guess[live[plus], imax[plus]] += 1
        guess[live[minus], imin[minus]] -= 1
        live = live[~done]

    result, tie_rows = guess, np.zeros(rows.size, dtype=bool)
    tied = np.flatnonzero((t == u) & np.isfinite(t))
    if tied.size:
        g = guess[tied]
        fl = None if fr is None else fr[tied]
        nxt = _priority(method, vp[tied], g, fl, held=False)
        won_t = _priority(method, vp[tied], g - 1, fl, held=True) == t[tied, None]
        e = won_t | (nxt == t[tied, None])
        result[tied], tie_rows[tied] = _resolve(g - won_t, e, sr[tied])

    # Where floats cannot certify the order, settle elections with a near-tie exactly.
    kmax = np.asarray([int(sr.max())], dtype=np.int64)
    vmax = int(vr_ok.max())
    bound = vmax**method.power * int(method.num(kmax)[0]) * max(int(method.den(kmax)[0]), 1)
    if bound >= _EXACT_FLOAT_BOUND:
        with np.errstate(invalid="ignore"):
            near = np.isfinite(t) & np.isfinite(u) & (t - u <= np.abs(t) * _NEAR_TIE)
        f0 = np.zeros(vr.shape, dtype=np.int64) if fr is None else fr.astype(np.int64)
        for j in np.flatnonzero(near):
            row, flag = _exact_divisor_row(
                method,
                vr[j].tolist(),
                okr[j].tolist(),
                int(sr[j]),
                f0[j].tolist(),
                [int(x) for x in guess[j]],
            )
            result[j], tie_rows[j] = row, flag

    s[rows], ties[rows] = result.astype(np.int64), tie_rows
    return s, ties


# ---------------------------------------------------------------------------------------------
# quota methods


def _quota_core(
    method: QuotaMethod, v: IntArray, ok: BoolArray, seats: IntArray
) -> tuple[IntArray, BoolArray]:
    """Largest-remainder allocation of ``seats`` among the lists marked ``ok``."""
    ok = ok & (v > 0)  # a list without votes has no remainder to compete with
    vv = np.where(ok, v, 0)
    qnum, qden = method.quota(_rsum(vv), seats)
    qnum = np.maximum(qnum, 1)
    scaled = vv * qden[:, None]
    floor = scaled // qnum[:, None]  # zero where not ok: scaled is zero there
    rem = scaled - floor * qnum[:, None]  # cheaper than %, same integers
    rem[~ok] = -1
    r = seats - _rsum(floor)
    ties = np.zeros(v.shape[0], dtype=bool)

    # Hagenbach-Bischoff can hand out S+1 seats when every remainder is zero: the
    # last of them is a tie among all lists, taken back from the highest index.
    over = r < 0
    if over.any():
        has = floor[over] > 0
        last_idx = v.shape[1] - 1 - np.argmax(has[:, ::-1], axis=1)
        floor[np.flatnonzero(over), last_idx] -= 1
        ties[over] = has.sum(axis=1) > 1
        r = np.maximum(r, 0)

    # Droop with fewer votes than seats can leave more seats than lists with votes:
    # hand those out in whole rounds first.
    n_ok = _rsum(ok) if method.name == "droop" else None  # Hare and H-B leave r < lists
    if n_ok is not None and (r >= n_ok).any():
        rounds = np.where(n_ok > 0, r // np.maximum(n_ok, 1), 0)
        floor = floor + np.where(ok, rounds[:, None], 0)
        r = r - rounds * n_ok

    # The r-th largest remainder: ascending sort, index n - r (r < n after the rounds).
    n = v.shape[1]
    ordered = np.sort(rem, axis=1)
    t = ordered[np.arange(v.shape[0]), np.clip(n - r, 0, n - 1)]
    t = np.where(r > 0, t, np.iinfo(np.int64).max)[:, None]
    s, t_ties = _resolve(floor + (rem > t), rem == t, seats)
    return s, ties | t_ties


# ---------------------------------------------------------------------------------------------
# public API


def _passes(v: IntArray, ok: BoolArray, num: int | IntArray, den: int | IntArray) -> BoolArray:
    """Eligible lists with ``votes / total >= num / den``, decided in integers.

    ``num`` and ``den`` are scalars or one per list (shape (parties,)). The caller has
    checked that ``votes * den`` and ``total * num`` fit in int64.
    """
    if not np.any(num):
        return ok
    return ok & (v * den >= num * _rsum(v)[:, None])


def _admit(ok: BoolArray, passes: BoolArray, v: IntArray, min_parties: int) -> BoolArray:
    """Admit the largest eligible lists below the threshold until ``min_parties`` pass."""
    need = np.maximum(min_parties - passes.sum(axis=1), 0)
    if not need.any():
        return passes
    key = np.where(ok & ~passes & (v > 0), v, -1)
    order = np.argsort(-key, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(v.shape[1])[None, :].repeat(v.shape[0], 0), axis=1)
    admitted: BoolArray = passes | ((rank < need[:, None]) & (key > 0))
    return admitted


def _check_votes(values: ArrayLike, param: str, func: str) -> IntArray:
    """Non-negative integer counts, refusing values beyond int64 *before* converting them.

    ``np.asarray([2**63, 1, 1])`` is a uint64 array, and its conversion to int64 wrapped
    around to ``-2**63`` silently (so ``allocate([2**63, 1, 1], 7)`` gave ``[0, 4, 3]``).
    """
    arr = as_array(values, param, func)
    if arr.size > MAX_ENTRIES:
        raise param_error(
            param, func, f"an array of at most MAX_ENTRIES = {MAX_ENTRIES:,} entries", arr.size
        )
    wraps = arr.size and arr.dtype.kind in "uf" and bool(np.all(np.isfinite(arr)))
    if wraps and float(arr.max()) >= 2.0**63:
        raise param_error(param, func, "an array of integers below 2**63", arr.max())
    return check_nonnegative_int_array(arr, param, func)


def _check_method(method: Any, func: str) -> str:
    """The method's name, or the registry's UnknownNameError with the closest match."""
    get_method(method)  # raises govsim.UnknownNameError ("did you mean ...?")
    return str(method)


def _prepare(
    votes: ArrayLike, seats: ArrayLike, eligible: ArrayLike | None, func: str, vname: str
) -> tuple[IntArray, IntArray, BoolArray, tuple[int, ...]]:
    """Validate and flatten to ``(elections, parties)``; return the batch shape too."""
    v = _check_votes(votes, vname, func)
    if v.ndim == 0 or v.shape[-1] == 0:
        raise param_error(
            vname, func, "an array with a non-empty last (parties) axis", f"shape {v.shape}"
        )
    batch = v.shape[:-1]
    seats = seats if isinstance(seats, (int, np.integer)) else as_array(seats, "seats", func)
    if isinstance(seats, (int, np.integer)) or np.ndim(seats) == 0:
        s_scalar = check_int(
            seats if np.ndim(seats) else np.asarray(seats).item(),
            "seats",
            func,
            low=0,
            high=MAX_SEATS,
        )
        s = np.full(batch, s_scalar, dtype=np.int64)
    else:
        s_arr = np.asarray(seats)
        if not np.issubdtype(s_arr.dtype, np.integer):
            raise param_error(
                "seats",
                func,
                "an int or an integer array of the batch shape",
                f"dtype {s_arr.dtype}",
            )
        if s_arr.size and s_arr.min() < 0:
            raise param_error("seats", func, ">= 0", int(s_arr.min()))
        if s_arr.size and s_arr.max() > MAX_SEATS:
            raise param_error("seats", func, f"<= MAX_SEATS = {MAX_SEATS:,}", int(s_arr.max()))
        try:
            s = np.broadcast_to(s_arr, batch).astype(np.int64)
        except ValueError:
            raise param_error(
                "seats", func, f"broadcastable to the batch shape {batch}", f"shape {s_arr.shape}"
            ) from None
    if eligible is None:
        ok = np.ones(v.shape, dtype=bool)
    else:
        e = as_array(eligible, "eligible", func)
        if e.dtype != bool:
            raise param_error("eligible", func, "a boolean array", f"dtype {e.dtype}")
        try:
            ok = np.broadcast_to(e, v.shape)
        except ValueError:
            raise param_error(
                "eligible", func, f"broadcastable to the votes' shape {v.shape}", f"shape {e.shape}"
            ) from None
    n = v.shape[-1]
    return v.reshape(-1, n), s.reshape(-1), np.ascontiguousarray(ok).reshape(-1, n), batch


def _run(
    method_name: str,
    v: IntArray,
    s: IntArray,
    ok: BoolArray,
    floors: IntArray | None,
    func: str,
    vname: str,
    threshold: tuple[int | IntArray, int | IntArray] = (0, 1),
    min_parties: int = 0,
    exempt: BoolArray | None = None,
) -> tuple[IntArray, BoolArray]:
    """Apply the threshold, check that every election with seats has votes, dispatch.

    ``threshold`` is ``(num, den)``, scalars or one pair per list; ``exempt`` marks
    the entries that pass whatever their votes (if eligible).

    Works in blocks of :data:`_BLOCK` elections, small enough that every temporary
    stays in cache and in the allocator's pool.
    """
    method = METHODS[method_name]
    num, den = threshold
    nmax, dmax = int(np.max(num)), int(np.max(den))
    vmax = int(v.max(initial=0))
    smax = int(s.max(initial=0))
    if smax > MAX_SEATS:  # a levelled house (mixed) can grow past the seats it was given
        raise param_error("seats", func, f"<= MAX_SEATS = {MAX_SEATS:,}", smax)
    if isinstance(method, DivisorMethod) and v.shape[0] * v.shape[1] ** 2 > MAX_DIVISOR_WORK:
        raise param_error(
            vname,
            func,
            f"an array whose elections x parties^2 is at most MAX_DIVISOR_WORK = "
            f"{MAX_DIVISOR_WORK:,} for the divisor method {method_name!r}",
            f"{v.shape[0]:,} x {v.shape[1]:,}^2",
        )
    if vmax * (smax + 1) >= _INT_BOUND or vmax * dmax >= _INT_BOUND:
        raise param_error(vname, func, "small enough for exact integer arithmetic (< 2**62)", vmax)
    if nmax and vmax * v.shape[1] * nmax >= _INT_BOUND:
        raise param_error(vname, func, "small enough for exact threshold arithmetic", vmax)
    if vmax * v.shape[1] >= _INT_BOUND:
        # The row totals (quotas, the divisor cores' starting guess) would wrap around in
        # int64 -- garbage seats from the quota core, an endless correction loop in the
        # divisor core. Only checked when it can happen; a float sum is exact enough here.
        tmax = float(v.sum(axis=1, dtype=np.float64).max(initial=0.0))
        if tmax >= _INT_BOUND:
            raise param_error(
                vname,
                func,
                "small enough that every election's total stays below 2**62",
                f"a total of {tmax:.4g}",
            )
    out = np.empty_like(v)
    ties = np.empty(v.shape[0], dtype=bool)
    for a in range(0, v.shape[0], _BLOCK):
        b = slice(a, a + _BLOCK)
        vb, sb = v[b], s[b]
        okb = _passes(vb, ok[b], num, den)
        if exempt is not None:
            okb = okb | (ok[b] & exempt[b])
        if min_parties:
            okb = _admit(ok[b], okb, vb, min_parties)
        fb = None if floors is None else floors[b]
        base = 0 if fb is None else fb.sum(axis=1)
        empty = (sb > base) & (_rsum(okb & (vb > 0)) == 0)
        if empty.any():
            first = a + int(np.flatnonzero(empty)[0])
            raise param_error(
                vname,
                func,
                "such that every election with seats has an eligible party over the threshold with votes",
                f"no such party in election {first} (flat index) of {v.shape[0]}",
            )
        if isinstance(method, QuotaMethod):
            o, t = _quota_core(method, vb, okb, sb - base)
            out[b], ties[b] = (o if fb is None else o + fb), t
        else:
            out[b], ties[b] = _divisor_core(method, vb, okb, sb, fb)
    return out, ties


@overload
def allocate(
    votes: ArrayLike,
    seats: ArrayLike,
    method: str = ...,
    threshold: float | Fraction = ...,
    eligible: ArrayLike | None = ...,
    return_ties: Literal[False] = ...,
    *,
    min_parties: int = ...,
    thresholds: ArrayLike | None = ...,
    exempt: ArrayLike | None = ...,
) -> IntArray: ...
@overload
def allocate(
    votes: ArrayLike,
    seats: ArrayLike,
    method: str = ...,
    threshold: float | Fraction = ...,
    eligible: ArrayLike | None = ...,
    return_ties: Literal[True] = ...,
    *,
    min_parties: int = ...,
    thresholds: ArrayLike | None = ...,
    exempt: ArrayLike | None = ...,
) -> tuple[IntArray, BoolArray]: ...
def allocate(
    votes: ArrayLike,
    seats: ArrayLike,
    method: str = "dhondt",
    threshold: float | Fraction = 0.0,
    eligible: ArrayLike | None = None,
    return_ties: bool = False,
    *,
    min_parties: int = 0,
    thresholds: ArrayLike | None = None,
    exempt: ArrayLike | None = None,
) -> IntArray | tuple[IntArray, BoolArray]:
    """Allocate seats among party lists, for any batch of elections at once.

    Parameters
    ----------
    votes : array_like of int, shape (..., parties)
        Votes of each list (and of entries such as "against all", see ``eligible``);
        any leading batch shape.
    seats : int or array_like of int, shape broadcastable to (...)
        Seats to fill in each election (>= 0).
    method : str, default "dhondt"
        One of :data:`govsim.model.rows.ALLOCATION_METHODS`: divisor methods ``dhondt``
        (``jefferson``), ``sainte_lague`` (``webster``), ``modified_sainte_lague``,
        ``imperiali``, ``huntington_hill``, ``adams``, ``dean``; largest-remainder
        methods ``hare``, ``droop``, ``hagenbach_bischoff``.
    threshold : float or Fraction in [0, 1), default 0
        Legal threshold as a fraction of the sum over the parties axis (ineligible
        entries included). A list passes when ``votes * den >= num * total`` in exact
        integer arithmetic, with ``num/den`` the threshold (a float is read as the
        nearest fraction with denominator <= 10**6, so 0.05 is exactly 1/20): a list
        exactly at the threshold passes.
    eligible : array_like of bool, broadcastable to votes' shape, optional
        Entries that may win seats. Ineligible entries count in the threshold base
        but win nothing and do not enter the quota (e.g. "against all").
    return_ties : bool, default False
        Also return a boolean array of the batch shape marking the elections whose
        last seat(s) were decided by the tie rule.
    min_parties : int, default 0
        If fewer eligible lists pass the threshold, the largest eligible lists below
        it (with votes) are admitted until this many take part. Kazakhstan's
        Constitutional Law "On Elections" (art. 97-1) admits the runner-up when only
        one list passes: ``min_parties=2``. (Its further guarantee of at least two
        seats to the runner-up is not modelled.)
    thresholds : array_like of float, shape (parties,), optional
        Per-list thresholds in [0, 1), replacing ``threshold`` list by list (read
        exactly like it): coalitions facing a higher bar than parties, e.g. Poland's
        5% for parties and 8% for coalitions (Electoral Code art. 196), or the Czech
        Republic's 5/8/11% for parties / two-party / larger coalitions (Act 247/1995
        as amended in 2021). One value per list, the same in every election.
    exempt : array_like of bool, broadcastable to votes' shape, optional
        Lists exempt from the threshold (still subject to ``eligible``), e.g. the
        lists of national-minority organisations in Poland (Electoral Code art. 197).

    Returns
    -------
    seats : ndarray of int64, shape (..., parties)
        Seats of each entry; the last axis sums to ``seats``.
    ties : ndarray of bool, shape (...)
        Only with ``return_ties=True``.

    Raises
    ------
    govsim.ValidationError
        Negative, non-integral, non-numeric votes or votes of 2**63 or more; negative
        or non-integer seats, or more than ``MAX_SEATS``; more than ``MAX_ENTRIES``
        entries, or (divisor methods) elections x parties^2 beyond
        ``MAX_DIVISOR_WORK``; a threshold outside [0, 1); a non-boolean ``eligible``;
        an election with seats to fill but no eligible list over the threshold with
        any votes (there is no allocation to return, so none is invented).
    govsim.UnknownNameError
        An unknown method (the message suggests the closest name).

    Notes
    -----
    Divisor methods give the ``k+1``-th seat of list ``i`` the priority
    ``v_i / d(k)``; the ``S`` highest priorities win. Divisors ``d(k)``: D'Hondt
    ``k+1``; Sainte-Laguë ``2k+1``; modified Sainte-Laguë ``1.4, 3, 5, ...``;
    Imperiali ``k+2``; Huntington-Hill ``sqrt(k(k+1))``; Adams ``k``; Dean
    ``2k(k+1)/(2k+1)``. With ``d(0) = 0`` every list with votes gets a first seat;
    when there are fewer seats than such lists, the seats go one each to the
    largest lists. Largest-remainder methods give ``floor(v_i / Q)`` seats with
    the quota ``Q`` of the lists that passed (Hare ``V/S``, Droop
    ``floor(V/(S+1)) + 1``, Hagenbach-Bischoff ``V/(S+1)``) and the remaining seats
    to the largest remainders. (If Droop leaves more seats than lists with votes,
    each of them first gets whole rounds; if Hagenbach-Bischoff hands out ``S+1`` seats, which
    needs every remainder to be zero, the highest-index list gives one back and
    the election is flagged as a tie.)

    Ties at the last seat go to the lower index, as in Kazakhstan, where the list
    registered earlier wins. Comparisons are exact: remainders in integers, and
    divisor quotients in floats only where their size guarantees exactness
    (``max votes**power * num * den < 2**50``); otherwise near-ties are settled in
    Python integers. Zero seats give all zeros. No election is silently left short.

    Examples
    --------
    >>> allocate([5117, 4400, 162, 161, 160], 100, "dhondt").tolist()
    [52, 45, 1, 1, 1]
    >>> allocate([5117, 4400, 162, 161, 160], 100, "hare").tolist()
    [51, 44, 2, 2, 1]
    >>> s, ties = allocate([[10, 10, 5], [30, 20, 10]], 3, return_ties=True)
    >>> s.tolist(), ties.tolist()
    ([[2, 1, 0], [2, 1, 0]], [True, False])
    >>> allocate([900, 50, 49], 10, "hare", threshold=0.05).tolist()  # 50 passes 5% of 999
    [9, 1, 0]

    References
    ----------
    .. [1] Balinski, M. L. & Young, H. P. (1982). *Fair Representation*. Yale UP.
    .. [2] Pukelsheim, F. (2017). *Proportional Representation*, 2nd ed. Springer.
    .. [3] Constitutional Law of Kazakhstan "On Elections", art. 97-1 (Hare quota,
       largest remainders, earlier list wins ties, runner-up admission).
    """
    func = "allocate"
    method = _check_method(method, func)
    num, den = _threshold_ratio(threshold, func)
    min_parties = check_int(min_parties, "min_parties", func, low=0)
    v, s, ok, batch = _prepare(votes, seats, eligible, func, "votes")
    ratio = (num, den) if thresholds is None else _list_thresholds(thresholds, v.shape[1], func)
    ex = None if exempt is None else _mask(exempt, v, batch, "exempt", func)
    out, ties = _run(method, v, s, ok, None, func, "votes", ratio, min_parties, ex)
    out = out.reshape(*batch, v.shape[1])
    if return_ties:
        return out, ties.reshape(batch)
    return out


def qualifying_lists(
    votes: ArrayLike,
    threshold: float | Fraction = 0.0,
    eligible: ArrayLike | None = None,
    *,
    thresholds: ArrayLike | None = None,
    exempt: ArrayLike | None = None,
) -> BoolArray:
    """The lists over their threshold (or exempt from it), for any batch of elections.

    The test :func:`allocate` applies, on its own: a list qualifies when it is
    eligible and ``votes * den >= num * total`` for its threshold ``num / den``
    (``thresholds`` per list, else ``threshold``), or when it is ``exempt``. Where
    the threshold is national and seats are allocated district by district (Poland's
    41 Sejm districts), pass the national result as ``eligible`` to each district.

    Parameters
    ----------
    votes : array_like of int, shape (..., parties)
    threshold, eligible, thresholds, exempt
        As in :func:`allocate`.

    Returns
    -------
    ndarray of bool, shape (..., parties)

    Raises
    ------
    govsim.ValidationError
        As :func:`allocate`, for these parameters.

    Examples
    --------
    A coalition at 7% misses its 8% bar; a minority list at 1% is exempt:

    >>> qualifying_lists([60, 32, 7, 1], 0.05, thresholds=[0.05, 0.05, 0.08, 0.05],
    ...                  exempt=[False, False, False, True]).tolist()
    [True, True, False, True]
    """
    func = "qualifying_lists"
    num, den = _threshold_ratio(threshold, func)
    v, _, ok, batch = _prepare(votes, 0, eligible, func, "votes")
    ratio = (num, den) if thresholds is None else _list_thresholds(thresholds, v.shape[1], func)
    n_, d_ = ratio
    vmax = int(v.max(initial=0))
    if vmax * int(np.max(d_)) >= _INT_BOUND or vmax * v.shape[1] * int(np.max(n_)) >= _INT_BOUND:
        raise param_error("votes", func, "small enough for exact threshold arithmetic", vmax)
    out = _passes(v, ok, n_, d_)
    if exempt is not None:
        out = out | (ok & _mask(exempt, v, batch, "exempt", func))
    return out.reshape(*batch, v.shape[1])

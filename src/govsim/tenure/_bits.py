"""The tenure Monte Carlo under a constant hazard, on packed bits.

:func:`govsim.tenure.simulate` runs this kernel when the hazard is a constant, there are
at least ``govsim.tenure.simulate._PACKED_FROM`` draws, and returns after a break are
ruled out (``comeback == 0``) or the limit restarts after a break (not a lifetime one):
the cases of ``benchmarks/bench_tenure.py``. It reads the same uniform draws as the
byte kernel, in the same order (``n`` doubles a year, in calls of :data:`CHUNK`), and
returns the same integers, so every output equals the byte kernel's exactly
(``tests/test_tenure_kernel.py`` checks both against the former kernel, draw for draw).

After the draws are compared with the exit odds, one history is one bit: 64 histories
share a ``uint64`` word, a year's logic is a few dozen bitwise ufuncs over ``n / 64``
words, and counters are *bit-sliced* (plane ``b`` holds bit ``b`` of every history's
value), so that adding a 0/1 mask is a ripple of ``&`` and ``^`` over the planes and
``sum_i x_i m_i = sum_b 2^b popcount(plane_b & m)`` (Knuth, *The Art of Computer
Programming* 4A, 2011, sec. 7.1.3, bitwise tricks; the "vertical counter" of bitsliced
code).

The term of a holder needs no counter of years. A spell that starts in year ``s``
(0-based) has its terms end in the years ``t`` with ``t + 1 = s (mod Y)``, so the
histories whose term ends in year ``t`` are those whose spell started in a year
congruent to ``c = (t + 1) mod Y``: one mask per class (at most ``Y``), and a new holder
who starts in year ``t + 1`` joins class ``c`` too. Terms completed within a spell are
a bit-sliced counter ``T`` (successors' only: ``0 <= T < max_terms``), and the first
holder, who starts in year 0 for every history, has its last term from
:func:`govsim.tenure.simulate._first_spell_terms`, one number for all draws.

Per year, with ``below = [u >= h]``, ``above = [u >= h + (1 - h)(1 - r)]``, ``E`` the
term ends and ``last`` the ends of the last allowed term (``last`` within ``E``):

``stay = (below & ~E) | (above & ~last)``

(``above`` implies ``below``), or ``below & ~last`` when one threshold is enough.

Returns follow the byte kernel step by step (``_Run.returning``): the first holder who
leaves alive (``u >= death_share * h``, a third packed comparison) joins ``out``, kept as
bools; each year the out-of-office first holders, in index order, draw once more (death
below ``q = death_share * h``, else a return with probability ``comeback`` when the
incumbent's seat is open), and the returns, a few indices, are packed back and cleared
from ``stay``. The first holder's total years are a bit-sliced counter, its spells a
count by index.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["CHUNK", "holder_moments", "run_packed"]

#: Draws per chunk of a year: 2^15 doubles (256 KiB) stay in the L2 cache while they
#: are compared with the exit odds.
CHUNK = 1 << 15

#: Words (of 64 histories) from which a mask is applied to the rows of a 2-D array one
#: call a row: 2^11 words (16 KiB a row).
_WIDE = 1 << 11

#: Outputs of :func:`run_packed`: tenure, D (the years without a new holder, all but the
#: last), holders_mean, holders_var, turnover, and with returns total and spells.
_Out = tuple[
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.int64] | None,
    NDArray[np.int64] | None,
]


def holder_moments(n: int, k: int, sum_d: int, sum_d2: int) -> tuple[float, float]:
    """Mean and variance over ``n`` draws of ``H = k - D`` distinct holders in years
    ``1..k``, from the exact sums of ``D`` and ``D^2``:

    ``sum H = n k - sum D``, ``sum H^2 = n k^2 - 2 k sum D + sum D^2``, and the
    variance ``(sum H^2 - (sum H)^2 / n) / (n - 1)`` (0 for one draw).
    """
    sum_h = n * k - sum_d
    sum_h2 = n * k * k - 2 * k * sum_d + sum_d2
    var = (sum_h2 - sum_h * sum_h / n) / (n - 1) if n > 1 else 0.0
    return sum_h / n, var


class _Planes:
    """Bit-sliced counters of ``64 * words`` histories: ``planes[b]`` holds bit ``b``."""

    def __init__(self, bits: int, words: int) -> None:
        self.planes = np.zeros((bits, words), dtype=np.uint64)
        self._carry = np.empty(words, dtype=np.uint64)
        self._next = np.empty(words, dtype=np.uint64)

    def add(self, mask: NDArray[np.uint64], bits: int) -> None:
        """``value += mask`` (0 or 1 a history), rippling through the ``bits`` lowest
        planes: the caller knows the sum stays below ``2^bits``."""
        p, carry, nxt = self.planes, self._carry, self._next
        np.bitwise_and(p[0], mask, out=carry)
        np.bitwise_xor(p[0], mask, out=p[0])
        for b in range(1, bits):
            if b + 1 < bits:
                np.bitwise_and(p[b], carry, out=nxt)
            np.bitwise_xor(p[b], carry, out=p[b])
            carry, nxt = nxt, carry
        self._carry, self._next = carry, nxt

    def put(self, mask: NDArray[np.uint64], value: int) -> None:
        """``value`` where ``mask`` (whose values are 0): its set bits into their planes."""
        for b in range(self.planes.shape[0]):
            if value >> b & 1:
                np.bitwise_or(self.planes[b], mask, out=self.planes[b])

    def values(self, n: int) -> NDArray[np.int64]:
        """The first ``n`` values as int64: the planes unpacked and added from the top,
        ``v = 2 v + bit`` (Horner), in bytes 8 planes at a time."""
        k = self.planes.shape[0]
        out: NDArray[np.int64] | None = None
        for lo in reversed(range(0, k, 8)):  # every group below the top one has 8 planes
            acc = np.zeros(n, dtype=np.uint8)
            for b in reversed(range(lo, min(lo + 8, k))):
                np.add(acc, acc, out=acc)
                bit = np.unpackbits(self.planes[b].view(np.uint8), count=n, bitorder="little")
                np.bitwise_or(acc, bit, out=acc)
            low = acc.astype(np.int64)
            if out is not None:
                np.multiply(out, 256, out=out)
                np.add(out, low, out=out)
            out = low if out is None else out
        return np.zeros(n, dtype=np.int64) if out is None else out


def _spans(n: int, size: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` of the chunks of ``size`` that cover ``range(n)``."""
    return [(lo, min(lo + size, n)) for lo in range(0, n, max(size, 1))]


def run_packed(
    years: int,
    n: int,
    h: float,
    renewable: float,
    two: bool,
    rng: np.random.Generator,
    span: int | None,
    limit: int | None,
    first_terms: int | None,
    generic_first: bool,
    death_share: float = 0.0,
    comeback: float = 0.0,
) -> _Out:
    """Simulate ``n`` histories over ``years`` years under the constant hazard ``h``.

    Parameters
    ----------
    years, n : int
        Horizon and draws (validated by the caller).
    h, renewable : float
        Exit odds in a year that ends no renewable term, and at the end of a renewable
        one (``h + (1 - h)(1 - reelection)``).
    two : bool
        Both odds are needed (a term can end in a re-election, and ``renewable > h``);
        else ``renewable`` is not read.
    rng : numpy.random.Generator
        The draws: ``n`` doubles a year, in calls of at most :data:`CHUNK`.
    span, limit : int or None
        Term length (``None``: no terms) and ``max_terms`` (``None``: no limit).
    first_terms : int or None
        Terms the first holder's first spell lasts at most (``None``: no cap).
    generic_first : bool
        The first holder's last term is a successor's (``counted == 1``, not exempt):
        no correction for it.
    death_share, comeback : float
        Returns after a break (``comeback > 0``): as in :func:`govsim.tenure.simulate`,
        under a limit that does not follow the holder across spells (the caller runs a
        lifetime limit on the byte kernel).

    Returns
    -------
    tenure, stays, holders_mean, holders_var, turnover, total, spells : numpy.ndarray
        The first holder's first spell, the years ``D`` without a new holder, the
        per-year moments and turnover, and (``None`` without returns) the first holder's
        total years and spells, as :class:`~govsim.tenure.TenureResult` has them.
    """
    words = -(-n // 64)
    size = words * 64
    # many words: a mask applied row by row (one 2-D call broadcasting it is slower a
    # word); few: in one call (fewer calls a year)
    wide = words > _WIDE
    # the real histories: the padding bits past n stay 0 (packed as the draws are, so that
    # bits and histories match on any byte order)
    valid = np.packbits(np.arange(size) < n, bitorder="little").view(np.uint64)
    u = np.empty(min(n, CHUNK))
    # u >= h, then u >= renewable, packed in one call; the padding stays False, so that
    # the padding bits never stay
    # with returns, u >= death_share * h too: the first holder who leaves alive
    returns = comeback > 0.0
    both = np.zeros((1 + two + returns) * size, dtype=bool)
    low, high = both[:size], both[size : (1 + two) * size]
    alive_u = both[(1 + two) * size :]
    chunks = [
        (u[: hi - lo], low[lo:hi], high[lo:hi], alive_u[lo:hi]) for lo, hi in _spans(n, u.size)
    ]
    dead_below = death_share * h
    y = 1 if span is None else span
    classes = np.zeros((0 if span is None else min(y, years + 1), words), dtype=np.uint64)
    if classes.size:
        classes[0] = valid  # every first holder's spell starts in year 0
    # terms completed in the spell: T < limit for a successor
    tbits = 0 if limit is None else (limit - 1).bit_length()
    terms = _Planes(tbits, words)
    last_planes = (
        [] if limit is None else [terms.planes[b] for b in range(tbits) if (limit - 1) >> b & 1]
    )
    first_until = years if first_terms is None else min(years, first_terms * y)
    first_last = -1 if first_terms is None else first_terms * y - 1  # its last term ends
    # the first holder's first spell runs (first: the first holder is in office, one and
    # the same mask without returns)
    spell1, kept_first = valid.copy(), np.empty(words, dtype=np.uint64)
    first = valid.copy() if returns else spell1
    tenure = _Planes(max(first_until.bit_length(), 1), words)  # written when the spell ends
    total = _Planes(years.bit_length() if returns else 0, words)
    # spells < 2^15 (at most one every two years of MAX_YEARS): two bytes, for the scatter
    spells = np.ones(n if returns else 0, dtype=np.int16)
    out = np.zeros(n if returns else 0, dtype=bool)  # the first holder out, alive, eligible
    flags = np.zeros(size if returns else 0, dtype=bool)  # scratch: the returns, unpacked
    back_w, keep = np.empty(words, dtype=np.uint64), np.empty(words, dtype=np.uint64)
    stays = _Planes(max((years - 1).bit_length(), 1), words)
    # rows 0..bits-1: D_b & stay for the holder sums; row bits: stay itself
    rows = np.empty((stays.planes.shape[0] + 1, words), dtype=np.uint64)
    counts = np.empty(rows.shape, dtype=np.uint8)  # popcounts of words: at most 64
    last, tmp, leave = (np.empty(words, dtype=np.uint64) for _ in range(3))
    holders_mean, holders_var, turnover = np.empty(years), np.empty(years), np.empty(years)
    sum_d = sum_d2 = 0  # sum of D and of D^2 over draws, exactly
    for year in range(years):  # loop over years; every step is vectorized over draws
        for seg, low_seg, high_seg, alive_seg in chunks:
            rng.random(out=seg)
            np.greater_equal(seg, h, out=low_seg)
            if two:
                np.greater_equal(seg, renewable, out=high_seg)
            if returns:
                np.greater_equal(seg, dead_below, out=alive_seg)
        packed: NDArray[Any] = np.packbits(both, bitorder="little").view(np.uint64)
        below, above = packed[:words], packed[words : (1 + two) * words]
        lives = packed[(1 + two) * words :]
        bits = year.bit_length()  # D <= year before this year's stays are added
        stay = rows[bits]
        if span is None:
            np.copyto(stay, below)
        else:
            c = (year + 1) % y
            ends = classes[c]
            if limit is not None:
                np.bitwise_and(ends, last_planes[0], out=last) if last_planes else np.copyto(
                    last, ends
                )
                for plane in last_planes[1:]:
                    np.bitwise_and(last, plane, out=last)
                if not generic_first and year < first_until:
                    # the first holder's own last term: never when exempt (every spell),
                    # else that of its first spell (a returning holder's count restarts)
                    own = first if first_terms is None else spell1
                    np.bitwise_and(last, own, out=tmp)
                    np.bitwise_xor(last, tmp, out=last)
                    if year == first_last:
                        np.bitwise_or(last, own, out=last)
            if two:
                np.bitwise_and(below, ends, out=tmp)
                np.bitwise_xor(below, tmp, out=stay)  # below & ~E
                if limit is not None:
                    np.bitwise_xor(ends, last, out=tmp)  # E & ~last
                    np.bitwise_and(above, tmp, out=tmp)
                    np.bitwise_or(stay, tmp, out=stay)
                else:
                    np.bitwise_or(stay, above, out=stay)
            elif limit is not None:
                np.bitwise_and(below, last, out=tmp)
                np.bitwise_xor(below, tmp, out=stay)  # below & ~last
            else:
                np.copyto(stay, below)
        back_n = 0
        if returns:  # as the byte kernel's _Run.returning, on the same draws
            np.bitwise_and(first, stay, out=tmp)
            np.bitwise_xor(first, tmp, out=tmp)  # the first holder leaves now ...
            np.bitwise_and(tmp, lives, out=tmp)  # ... alive
            alive = np.unpackbits(tmp.view(np.uint8), count=n, bitorder="little").view(bool)
            idx = np.flatnonzero(out)  # out since an earlier year
            if idx.size:
                w = rng.random(idx.size)
                dead = w < dead_below  # out of office the death risk is death_share * h
                if span is None:
                    np.copyto(keep, stay)
                else:  # the incumbent stays and its term goes on
                    np.bitwise_and(stay, ends, out=keep)
                    np.bitwise_xor(stay, keep, out=keep)
                keeps = np.unpackbits(keep.view(np.uint8), count=n, bitorder="little")
                vote = keeps[idx] == 0  # the incumbent's seat is open
                won = vote & ~dead & (w < dead_below + (1.0 - dead_below) * comeback)
                # every idx is out: only the few who die or come back leave it (their
                # positions, cheaper than a scatter of every idx or a boolean index)
                gone = np.flatnonzero(dead | won)
                out[idx[gone]] = False
                back = idx[gone[won[gone]]]
                back_n = back.size
                if back_n:  # the first holder comes back: the incumbent leaves
                    flags[back] = True
                    back_w[...] = np.packbits(flags, bitorder="little").view(np.uint64)
                    flags[back] = False
                    np.bitwise_and(stay, back_w, out=tmp)
                    np.bitwise_xor(stay, tmp, out=stay)
                    if year + 1 < years:
                        spells[back] += 1
            out |= alive
        if span is not None:
            if tbits:  # a re-election completes a term; a new holder starts at 0
                np.bitwise_and(ends, stay, out=tmp)
                terms.add(tmp, tbits)
                np.bitwise_and(terms.planes, stay, out=terms.planes)
            # a holder who leaves is followed in year + 1, in the class whose terms end now
            # (that class keeps its holders either way; the padding bits of ends are not read)
            if wide:
                for j, row in enumerate(classes):
                    if j != c:
                        np.bitwise_and(row, stay, out=row)
            else:
                np.bitwise_and(classes, stay, out=classes)
            np.invert(stay, out=leave)
            np.bitwise_or(ends, leave, out=ends)
        if returns:  # years in office, over every spell
            total.add(first, (year + 1).bit_length())
            np.bitwise_and(first, stay, out=first)
            if back_n:
                np.bitwise_or(first, back_w, out=first)
        if year < first_until:  # the first spell's holders who leave now served year + 1 years
            np.bitwise_and(spell1, stay, out=kept_first)
            np.bitwise_xor(spell1, kept_first, out=tmp)
            tenure.put(tmp, year + 1)
            spell1, kept_first = kept_first, spell1
            first = first if returns else spell1
        if back_n:  # D grows where the holder stays or the first one comes back
            np.bitwise_or(stay, back_w, out=stay)
        if wide:
            for b in range(bits):
                np.bitwise_and(stays.planes[b], stay, out=rows[b])
        else:
            np.bitwise_and(stays.planes[:bits], stay, out=rows[:bits])
        np.bitwise_count(rows[: bits + 1], out=counts[: bits + 1])
        sums = counts[: bits + 1].sum(axis=1, dtype=np.int64).tolist()
        kept = int(sums[bits])
        holders_mean[year], holders_var[year] = holder_moments(n, year + 1, sum_d, sum_d2)
        turnover[year] = (n - kept + back_n) / n  # kept counts the returns (D grows there)
        if year + 1 < years:
            # D grows where the holder stays: sum (D + s)^2 = sum D^2 + 2 sum_s D + sum s
            moved = sum(int(v) << b for b, v in enumerate(sums[:bits]))
            sum_d2 += 2 * moved + kept
            sum_d += kept
            stays.add(stay, (year + 1).bit_length())
    tenure.put(spell1, first_until)  # in office to the end of the horizon
    totals = total.values(n) if returns else None
    return (
        tenure.values(n),
        stays.values(n),
        holders_mean,
        holders_var,
        turnover,
        totals,
        spells.astype(np.int64) if returns else None,
    )

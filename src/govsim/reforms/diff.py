"""``diff(before, after)``: what a reform changed, matched by id (relations by their ends
and kind), in whole-column numpy passes.

The record it returns, :class:`~govsim.reforms.change.Change`, and its summary are in
:mod:`govsim.reforms.change`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import Relation
from govsim.model.tables import edited_from, kept_rows
from govsim.model.validate import id_index
from govsim.reforms.change import Change, FieldChange, LazyRows

__all__ = ["diff"]


class _Ids(LazyRows[str]):
    """Ids held as a numpy unicode column."""

    __slots__ = ("_ids",)

    def __init__(self, ids: NDArray[np.str_]) -> None:
        self._ids = ids

    def __len__(self) -> int:
        return int(self._ids.shape[0])

    def _build(self, index: NDArray[np.int64]) -> list[str]:
        return list(self._ids[index].tolist())

    def _take(self, index: NDArray[np.int64]) -> _Ids:
        return _Ids(self._ids[index])

    def _key(self) -> tuple[np.ndarray, ...]:
        return (self._ids,)


class _JointIds:
    """Ids of a joint institution code: rows of ``after``, then ``removed`` from ``len(after)``.

    Holds the ``after`` id column itself (shared with the polity) instead of a
    concatenated copy of 10^6 ids.
    """

    __slots__ = ("after", "removed")

    def __init__(self, after: NDArray[np.str_], removed: NDArray[np.str_]) -> None:
        self.after, self.removed = after, removed

    def ranks(self, codes: NDArray[np.int64], *, by_rank: bool | None = None) -> NDArray[np.int64]:
        """Integer keys of ``codes`` that sort like their ids.

        Few codes: their ids are sorted. Many: the ranks of all ids come from the
        sorted index the polity built while validating (cached), merged with the
        removed ids (``by_rank`` forces one way, for tests).
        """
        n, m = self.after.shape[0], self.removed.shape[0]
        if by_rank is None:
            by_rank = 8 * codes.size >= n + m
        if not by_rank:
            _, inverse = np.unique(self[codes.reshape(-1)], return_inverse=True)
            return inverse.reshape(codes.shape).astype(np.int64)
        index = id_index(self.after)
        rank = np.empty(n + m, dtype=np.int64)
        r_order = np.argsort(self.removed, kind="stable")
        # after ids below each removed id; an after id is preceded by the removed ids
        # with pos <= its sorted position (ids are distinct across the two columns)
        pos = np.searchsorted(index.sorted_ids, self.removed[r_order])
        rank[index.order] = np.arange(n) + np.searchsorted(pos, np.arange(n), side="right")
        rank[n + r_order] = pos + np.arange(m)
        return rank[codes]

    def __getitem__(self, codes: NDArray[np.int64]) -> NDArray[np.str_]:
        n = self.after.shape[0]
        outside = codes >= n
        if not outside.any():
            return self.after[codes]
        out = np.empty(codes.shape, dtype=np.result_type(self.after, self.removed))
        out[~outside] = self.after[codes[~outside]]
        out[outside] = self.removed[codes[outside] - n]
        return out


class _Relations(LazyRows[Relation]):
    """Relations held as packed rows (source, target, kind, seats, threshold bits)."""

    __slots__ = ("_ids", "_rows")

    def __init__(self, rows: NDArray[np.int64], ids: _JointIds) -> None:
        self._rows, self._ids = rows, ids

    def __len__(self) -> int:
        return int(self._rows.shape[0])

    def _build(self, index: NDArray[np.int64]) -> list[Relation]:
        return _relations(self._rows[index], self._ids)

    def _take(self, index: NDArray[np.int64]) -> _Relations:
        return _Relations(self._rows[index], self._ids)

    def _key(self) -> tuple[np.ndarray, ...]:
        return self._ids[self._rows[:, 0]], self._ids[self._rows[:, 1]], self._rows[:, 2:]


class _RelationPairs(LazyRows[tuple[Relation, Relation]]):
    """(old, new) relation pairs held as two aligned :class:`_Relations`."""

    __slots__ = ("_new", "_old")

    def __init__(self, old: _Relations, new: _Relations) -> None:
        self._old, self._new = old, new

    def __len__(self) -> int:
        return len(self._old)

    def _build(self, index: NDArray[np.int64]) -> list[tuple[Relation, Relation]]:
        return list(zip(self._old._build(index), self._new._build(index), strict=True))

    def _take(self, index: NDArray[np.int64]) -> _RelationPairs:
        return _RelationPairs(self._old._take(index), self._new._take(index))

    def _key(self) -> tuple[np.ndarray, ...]:
        return self._old._key() + self._new._key()


# -- computing the diff ------------------------------------------------------------------------------
# Every step below is a handful of whole-column numpy passes. ``np.unique`` without
# ``return_inverse`` and ``np.setdiff1d`` are avoided on columns of polity size: on
# numpy >= 2.3 they take a hash path that is slower than a sort on string ids
# (``benchmarks/bench_diff.py`` prints both).
_SAMPLE = 64  # unmatched rows looked up to guess the offsets of shifted rows


def _match(a: NDArray[np.str_], b: NDArray[np.str_]) -> tuple[NDArray[np.int64], ...]:
    """Rows of ``a`` only, rows of ``b`` only, and matched row pairs (ia, ib), by id.

    Rows whose ids sit at the same position in both columns (a reform keeps its
    input's row order and appends) match without a search. A reform that removes
    rows shifts the later ones by a few constant offsets: these are guessed from a
    sample of the unmatched rows and checked on all of them at once (ids are unique,
    so an equal id is a match whatever the guess). Only what is left is looked up in
    ``b``'s sorted id index, which the polity has already built and cached.
    """
    n = min(a.shape[0], b.shape[0])
    to_b = np.full(a.shape[0], -1, dtype=np.int64)  # matched row of b, -1 if none
    kept = _pairing(a, b)
    if kept is not None:  # b's first rows are a's rows under a mask: no id is compared
        to_b[_kept_before(kept, a.shape[0])] = np.arange(kept[1])
    else:
        aligned = np.flatnonzero(a[:n] == b[:n])
        to_b[aligned] = aligned
    rest = np.flatnonzero(to_b < 0)
    index = id_index(b)
    for _ in range(4):
        if rest.size < 16 * _SAMPLE:
            break
        rows, found = index.lookup(a[rest[:_SAMPLE]])
        shifts, counts = np.unique(rest[:_SAMPLE][found] - rows[found], return_counts=True)
        before = rest.size
        for d in shifts[counts >= _SAMPLE // 8].tolist():
            at = rest - d
            hit = (at >= 0) & (at < b.shape[0])
            hit[hit] = _equal_shifted(a, b, rest[hit], d)
            to_b[rest[hit]] = at[hit]
            rest = rest[~hit]
        if rest.size > before // 2:  # the guesses no longer pay
            break
    if rest.size:
        rows, found = index.lookup(a[rest])
        to_b[rest[found]] = rows[found]
    a_rows = np.flatnonzero(to_b >= 0)
    b_rows = to_b[a_rows]
    in_b = np.zeros(b.shape[0], dtype=bool)
    in_b[b_rows] = True
    return np.flatnonzero(to_b < 0), np.flatnonzero(~in_b), a_rows, b_rows


def _equal_shifted(
    a: NDArray[np.str_], b: NDArray[np.str_], rows: NDArray[np.int64], d: int
) -> NDArray[np.bool_]:
    """``a[rows] == b[rows - d]`` for ascending ``rows`` whose ``rows - d`` are rows of ``b``.

    Rows that fill most of their span are compared as two contiguous slices of the
    span (no gather of the strings: each gathered one is a copy of its width); sparse
    ones are gathered.
    """
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    lo, hi = int(rows[0]), int(rows[-1]) + 1
    if hi - lo > 4 * rows.shape[0]:
        sparse: NDArray[np.bool_] = a[rows] == b[rows - d]
        return sparse
    dense: NDArray[np.bool_] = (a[lo:hi] == b[lo - d : hi - d])[rows - lo]
    return dense


def _runs(b_rows: NDArray[np.int64], a_rows: NDArray[np.int64]) -> NDArray[np.int64] | None:
    """Bounds of the runs of pairs that step both rows by one, if there are few of them.

    ``out[j]:out[j + 1]`` is a run: pair ``k`` of it is ``(b_rows[s] + k - s, a_rows[s] +
    k - s)`` for its start ``s``. A reform keeps its input's rows in order, so removals
    and appends leave a few long runs (one more per removed row); ``None`` beyond
    ``max(64, pairs / 1024)`` runs.
    """
    k = b_rows.shape[0]
    if k == 0:
        return None
    cut = np.flatnonzero((np.diff(b_rows) != 1) | (np.diff(a_rows) != 1)) + 1
    if cut.shape[0] > max(64, k >> 10):
        return None
    return np.concatenate([[0], cut, [k]])


def _pairing(old: np.ndarray, new: np.ndarray) -> tuple[NDArray[np.bool_] | None, int] | None:
    """``(mask, n)`` if ``new``'s first ``n`` rows are ``old``'s rows under ``mask`` (all for
    None), in order (:func:`govsim.model.tables.kept_rows`; ``old`` itself: all rows)."""
    if new is old:
        return None, old.shape[0]
    kept = kept_rows(new)
    if kept is None or kept[0] is not old:
        return None
    return kept[1], kept[2]


def _kept_before(kept: tuple[NDArray[np.bool_] | None, int], n_old: int) -> NDArray[np.int64]:
    """The rows of the old column that a pairing keeps (ascending)."""
    mask, n = kept
    rows: NDArray[np.int64] = np.arange(n) if mask is None else np.flatnonzero(mask)
    return rows


def _row_map(
    n_before: int, before_rows: NDArray[np.int64], after_rows: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Before row -> matched after row, -2 if unmatched (so never equal to a reference)."""
    out = np.full(n_before, -2, dtype=np.int64)
    out[before_rows] = after_rows
    return out


def _ref_differs(
    row_map: NDArray[np.int64], old: NDArray[np.int64], new: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Where a reference (row or -1) names a different id before and after."""
    padded = np.append(row_map, -1)  # row -1 (no reference) stays -1
    differs: NDArray[np.bool_] = padded[old] != new
    return differs


def _matched_differ(
    old: np.ndarray,
    new: np.ndarray,
    b_rows: NDArray[np.int64],
    a_rows: NDArray[np.int64],
    ids: tuple[NDArray[np.bool_] | None, int] | None = None,
) -> NDArray[np.bool_]:
    """Where ``old[b_rows] != new[a_rows]``, without gathering the aligned pairs.

    ``ids`` is the pairing of the id columns (:func:`_pairing`), if known: where the
    column itself keeps the old rows under that pairing, the kept pairs are equal
    without being read, and an edit of some rows (:func:`govsim.model.tables.edited_from`)
    of a column whose rows stay paired in place is compared at those rows only.
    """
    if ids is not None:
        kept = _pairing(old, new)
        if kept is not None and kept[0] is ids[0] and kept[1] == ids[1]:
            out = a_rows >= kept[1]  # pairs among rows appended after the kept ones
            out[out] = _matched_differ(old, new, b_rows[out], a_rows[out])
            return out
        edit = edited_from(new)
        if edit is not None and edit[0] is old and ids[0] is None:
            # rows stay where they were: the pairs (i, i) for i < ids[1], then appended rows
            out = np.zeros(a_rows.shape[0], dtype=bool)
            touched = np.zeros(new.shape[0], dtype=bool)
            touched[edit[1]] = True
            touched[ids[1] :] = True
            look = np.flatnonzero(touched[a_rows])
            out[look] = _matched_differ(old, new, b_rows[look], a_rows[look])
            return out
    out = np.empty(b_rows.shape[0], dtype=bool)
    runs = _runs(b_rows, a_rows)
    if runs is not None:  # slices of both columns, compared in place (no gather)
        for s, e in zip(runs[:-1].tolist(), runs[1:].tolist(), strict=True):
            b0, a0 = int(b_rows[s]), int(a_rows[s])
            if old is new and b0 == a0:
                out[s:e] = False
            else:
                out[s:e] = np.asarray(old[b0 : b0 + e - s] != new[a0 : a0 + e - s], dtype=bool)
        return out
    aligned = b_rows == a_rows
    if old is new:  # a column the reform did not touch is shared, not copied
        out[aligned] = False
    else:
        n = min(old.shape[0], new.shape[0])
        out[aligned] = np.asarray(old[:n] != new[:n], dtype=bool)[b_rows[aligned]]
    out[~aligned] = np.asarray(old[b_rows[~aligned]] != new[a_rows[~aligned]], dtype=bool)
    return out


def _field_changes(
    ids: NDArray[np.str_],
    rows: NDArray[np.int64],
    cols: dict[str, tuple[NDArray[np.bool_], Any, Any]],
    decode: dict[str, Any],
) -> tuple[FieldChange, ...]:
    """Field changes of matched rows: per field, where it differs and its (old, new) value at k."""
    out: list[tuple[int, int, FieldChange]] = []
    for j, (name, (differ, old, new)) in enumerate(cols.items()):
        dec = decode.get(name, lambda v: v)
        for k in np.flatnonzero(differ).tolist():
            o, n = old(k), new(k)
            o = dec(o.item() if hasattr(o, "item") else o)
            n = dec(n.item() if hasattr(n, "item") else n)
            out.append((k, j, FieldChange(str(ids[rows[k]]), name, o, n)))
    return tuple(fc for _, _, fc in sorted(out, key=lambda x: (x[0], x[1])))


def _matched_fields(
    before: Any,
    after: Any,
    b_rows: NDArray[np.int64],
    a_rows: NDArray[np.int64],
    names: tuple[str, ...],
    ids: tuple[NDArray[np.bool_] | None, int] | None = None,
) -> dict[str, tuple[NDArray[np.bool_], Any, Any]]:
    """(differ, old value at k, new value at k) of plain columns of two matched tables."""
    out = {}
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        out[name] = (
            _matched_differ(old, new, b_rows, a_rows, ids),
            lambda k, c=old: c[b_rows[k]],
            lambda k, c=new: c[a_rows[k]],
        )
    return out


def _reference_field(
    row_map: NDArray[np.int64],
    old: NDArray[np.int64],
    new: NDArray[np.int64],
    ids_b: NDArray[np.str_],
    ids_a: NDArray[np.str_],
    b_rows: NDArray[np.int64],
    a_rows: NDArray[np.int64],
) -> tuple[NDArray[np.bool_], Any, Any]:
    """(differ, old id at k, new id at k) of a row-reference column ('' for -1)."""
    ob, na = old[b_rows], new[a_rows]
    return (
        _ref_differs(row_map, ob, na),
        lambda k: str(ids_b[ob[k]]) if ob[k] >= 0 else "",
        lambda k: str(ids_a[na[k]]) if na[k] >= 0 else "",
    )


class _Side(NamedTuple):
    """One polity's relations for :func:`_multiset_surplus`: the columns, not gathered.

    ``codes`` maps institution rows to joint codes (``None``: ``source`` and ``target``
    hold codes already); ``threshold`` is NaN for none.
    """

    codes: NDArray[np.int64] | None
    source: np.ndarray
    target: np.ndarray
    kind: np.ndarray
    seats: np.ndarray
    threshold: np.ndarray

    def rows(self) -> int:
        return int(self.source.shape[0])

    def ends(self, col: np.ndarray) -> NDArray[np.int64]:
        return col.astype(np.int64) if self.codes is None else self.codes[col]


def _relation_side(p: Polity, codes: NDArray[np.int64]) -> _Side:
    r = p.relation_table
    return _Side(codes, r.source, r.target, r.kind, r.seats, r.threshold)


def _threshold_bits(thr: np.ndarray) -> NDArray[np.int64]:
    """Thresholds as int64 bits, -1.0 for none (so that a row packs into integers)."""
    bits: NDArray[np.int64] = np.where(np.isnan(thr), -1.0, thr).view(np.int64)
    return bits


#: Rows per chunk where :func:`_surplus_sorted` compares neighbours (8 MB of int64).
_CHUNK = 1 << 20


def _multiset_surplus(side_b: _Side, side_a: _Side) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Relation rows in ``side_a`` but not ``side_b`` and vice versa, as multisets.

    Each row is packed exactly into one int64 (source, target, kind and a code of its
    (seats, threshold) pair), written column by column into one array for both sides
    (no row stack, no full-length copy of a column); the two halves are sorted in
    place and merged, and the surplus keys are unpacked into rows of (source, target,
    kind, seats, threshold bits). Rows too wide to pack take a structured sort.
    """
    sides = (side_b, side_a)
    nb, na = side_b.rows(), side_a.rows()
    if nb + na == 0:
        return np.zeros((0, 5), dtype=np.int64), np.zeros((0, 5), dtype=np.int64)
    special = [np.flatnonzero((s.seats != -1) | ~np.isnan(s.threshold)) for s in sides]
    pairs = np.array([[-1, _NO_THRESHOLD]], dtype=np.int64)
    st_codes: list[NDArray[np.int64]] = [k[:0] for k in special]
    if special[0].size or special[1].size:
        extra = np.concatenate(
            [
                np.stack([s.seats[k].astype(np.int64), _threshold_bits(s.threshold[k])], axis=1)
                for s, k in zip(sides, special, strict=True)
            ]
        )
        distinct, inverse = np.unique(extra, axis=0, return_inverse=True)
        pairs = np.concatenate([pairs, distinct])
        st_codes = np.split(inverse.reshape(-1) + 1, [special[0].size])

    def top(s: _Side) -> int:
        if not s.rows():
            return 0
        if s.codes is not None:
            return int(s.codes.max()) if s.codes.size else 0
        return max(int(s.source.max()), int(s.target.max()))

    node_bits = max(1, max(top(s) for s in sides).bit_length())
    kind_bits = max(1, max((int(s.kind.max()) for s in sides if s.rows()), default=0).bit_length())
    st_bits = max(1, (pairs.shape[0] - 1).bit_length())
    if 2 * node_bits + kind_bits + st_bits > 62:  # one bit left to tag the side
        both = np.concatenate([_rows_of(s) for s in sides])
        return _multiset_surplus_wide(both, nb)
    keys = np.empty(nb + na, dtype=np.int64)
    for s, k, st, out in zip(sides, special, st_codes, (keys[:nb], keys[nb:]), strict=True):
        if s.codes is None:
            out[:] = s.source
        else:
            np.take(s.codes, s.source, out=out)
        out <<= node_bits
        out |= s.ends(s.target)
        out <<= kind_bits
        out |= s.kind
        out <<= st_bits
        out[k] |= st
    key_b, key_a = keys[:nb], keys[nb:]
    if nb == na and np.array_equal(key_a, key_b):  # nothing moved
        return np.zeros((0, 5), dtype=np.int64), np.zeros((0, 5), dtype=np.int64)
    key_b.sort()
    key_a.sort()
    if nb == na and np.array_equal(key_a, key_b):  # rows moved, none changed
        return np.zeros((0, 5), dtype=np.int64), np.zeros((0, 5), dtype=np.int64)
    # a stable sort of two sorted runs is a single merge; the low bit says which side
    keys <<= 1
    key_a |= 1
    keys.sort(kind="stable")
    out_rows = []
    mask_st, mask_kind, mask_node = (1 << st_bits) - 1, (1 << kind_bits) - 1, (1 << node_bits) - 1
    for k in _surplus_sorted(keys):
        st = pairs[k & mask_st]
        k = k >> st_bits
        kind = k & mask_kind
        k = k >> kind_bits
        out_rows.append(np.stack([k >> node_bits, k & mask_node, kind, st[:, 0], st[:, 1]], axis=1))
    return out_rows[0], out_rows[1]


def _rows_of(s: _Side) -> NDArray[np.int64]:
    """A side as rows of (source, target, kind, seats, threshold bits), for wide codes."""
    return np.stack(
        [
            s.ends(s.source),
            s.ends(s.target),
            s.kind.astype(np.int64),
            s.seats.astype(np.int64),
            _threshold_bits(s.threshold),
        ],
        axis=1,
    ).reshape(-1, 5)


def _surplus_sorted(merged: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Keys of side a beyond their copies on side b, and vice versa (sorted).

    ``merged`` is sorted and holds ``key << 1 | side`` (side 1 = a). When no key is
    twice on one side (the usual case: relations are rarely parallel copies), a key
    on both sides is an adjacent pair that differs in the side bit only, found by
    comparing neighbours chunk by chunk; otherwise the keys are counted per run.
    """
    n = merged.shape[0]
    twice = merged[1:] == merged[:-1]  # the same key on the same side
    if twice.any():
        return _surplus_counted(merged)
    del twice
    paired = np.empty(max(n - 1, 0), dtype=bool)
    for i in range(0, n - 1, _CHUNK):
        j = min(i + _CHUNK, n - 1)
        paired[i:j] = (merged[i + 1 : j + 1] ^ merged[i:j]) == 1
    alone = np.ones(n, dtype=bool)
    alone[:-1] &= ~paired
    alone[1:] &= ~paired
    left = merged[alone]
    on_a = (left & 1).astype(bool)
    keys = left >> 1
    return keys[on_a], keys[~on_a]


def _surplus_counted(merged: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """:func:`_surplus_sorted` for keys that repeat on a side: counts per run of equal keys."""
    keys, from_a = merged >> 1, merged & 1
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    n_a = np.add.reduceat(from_a, starts)
    surplus = 2 * n_a - np.diff(np.append(starts, keys.shape[0]))
    return (
        np.repeat(keys[starts], np.maximum(surplus, 0)),
        np.repeat(keys[starts], np.maximum(-surplus, 0)),
    )


def _multiset_surplus_wide(
    both: NDArray[np.int64], nb: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    _, first, group = np.unique(both, axis=0, return_index=True, return_inverse=True)
    group = group.reshape(-1)
    n_groups = first.shape[0]
    surplus = np.bincount(group[nb:], minlength=n_groups) - np.bincount(
        group[:nb], minlength=n_groups
    )
    return both[np.repeat(first, np.maximum(surplus, 0))], both[
        np.repeat(first, np.maximum(-surplus, 0))
    ]


_NO_THRESHOLD = int(np.array(-1.0).view(np.int64))


def _sorted_and_paired(
    added: NDArray[np.int64],
    removed: NDArray[np.int64],
    ids: _JointIds,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Both relation row sets ordered by (source id, target id, kind, seats, threshold
    bits), and the rows of each whose (source, target, kind) occurs once in each.

    One joint lexsort over integer ranks of the ids; the (source, target, kind) runs
    of the sorted rows are the groups, counted per side with bincounts.
    """
    na = added.shape[0]
    both = np.concatenate([added, removed])
    if both.shape[0] == 0:
        return added, removed, np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    rank = ids.ranks(both[:, :2])
    order = np.lexsort((both[:, 4], both[:, 3], both[:, 2], rank[:, 1], rank[:, 0]))
    both, rank = both[order], rank[order]
    is_added = order < na
    head = np.ones(both.shape[0], dtype=bool)
    head[1:] = (
        (rank[1:, 0] != rank[:-1, 0])
        | (rank[1:, 1] != rank[:-1, 1])
        | (both[1:, 2] != both[:-1, 2])
    )
    group = np.cumsum(head) - 1
    n_groups = int(group[-1]) + 1
    lone = (np.bincount(group[is_added], minlength=n_groups) == 1) & (
        np.bincount(group[~is_added], minlength=n_groups) == 1
    )
    return (
        both[is_added],
        both[~is_added],
        lone[group[is_added]],
        lone[group[~is_added]],
    )


_RELATION_KINDS = RelationKind.members()


def _relations(rows: NDArray[np.int64], ids: _JointIds) -> list[Relation]:
    """Relation row models of packed rows (threshold stored as float bits, -1.0 for none)."""
    thresholds = np.ascontiguousarray(rows[:, 4]).view(np.float64).tolist()
    return [
        Relation.model_construct(
            source=s,
            target=t,
            kind=_RELATION_KINDS[k],
            seats=None if n < 0 else n,
            threshold=None if h < 0 else h,
            note=None,
        )
        for s, t, k, n, h in zip(
            ids[rows[:, 0]].tolist(),
            ids[rows[:, 1]].tolist(),
            rows[:, 2].tolist(),
            rows[:, 3].tolist(),
            thresholds,
            strict=True,
        )
    ]


def diff(before: Polity, after: Polity) -> Change:
    """The structured change from ``before`` to ``after``.

    Parameters
    ----------
    before, after : Polity

    Returns
    -------
    Change
        Territories and institutions added, removed and changed (field by field),
        relations added, removed and changed, electoral systems changed, rules
        added and removed. ``print(change)`` shows a summary.

    Examples
    --------
    >>> from govsim.reforms import ResizeBody
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000)
    >>> print(diff(p, ResizeBody(body="lower_chamber", seats=120).apply(p)).institutions_changed[0])
    lower_chamber: seats 100 -> 120
    """
    tb, ta = before.territory_table, after.territory_table
    t_only_b, t_only_a, tb_rows, ta_rows = _match(tb.id, ta.id)
    t_map = _row_map(len(tb), tb_rows, ta_rows)
    level = lambda c: Level.from_code(int(c)).value  # noqa: E731
    kind = lambda c: InstitutionKind.from_code(int(c)).value  # noqa: E731
    unknown = lambda v: None if v in (-1, "") else v  # noqa: E731
    t_pair = _pairing(tb.id, ta.id)
    t_cols = _matched_fields(tb, ta, tb_rows, ta_rows, ("name", "level"), t_pair)
    t_cols["parent"] = _reference_field(t_map, tb.parent, ta.parent, tb.id, ta.id, tb_rows, ta_rows)
    t_cols |= _matched_fields(tb, ta, tb_rows, ta_rows, ("population",), t_pair)
    t_changed = _field_changes(
        tb.id, tb_rows, t_cols, {"level": level, "parent": unknown, "population": unknown}
    )
    ib, ia = before.institution_table, after.institution_table
    i_only_b, i_only_a, ib_rows, ia_rows = _match(ib.id, ia.id)
    i_pair = _pairing(ib.id, ia.id)
    i_cols = _matched_fields(ib, ia, ib_rows, ia_rows, ("name", "kind", "level"), i_pair)
    i_cols["territory"] = _reference_field(
        t_map, ib.territory, ia.territory, tb.id, ta.id, ib_rows, ia_rows
    )
    i_cols |= _matched_fields(ib, ia, ib_rows, ia_rows, ("seats", "term"), i_pair)
    i_changed = _field_changes(
        ib.id, ib_rows, i_cols, {"kind": kind, "level": level, "territory": unknown}
    )
    groups: dict[str, Counter[tuple[str, ...]]] = {
        "institutions_added": _count(ia.kind[i_only_a], ia.level[i_only_a]),
        "institutions_removed": _count(ib.kind[i_only_b], ib.level[i_only_b]),
    }

    # relations: multisets of (source, target, kind, seats, threshold) over a joint id
    # code: an institution's row in ``after``, or len(after) + k for the k-th removed one
    all_ids = _JointIds(ia.id, ib.id[i_only_b])
    code_b = np.empty(len(ib), dtype=np.int64)
    code_b[ib_rows] = ia_rows
    code_b[i_only_b] = len(ia) + np.arange(i_only_b.shape[0])
    code_a = np.arange(len(ia), dtype=np.int64)
    added, removed = _relation_surplus(before, after, code_b, code_a)
    # a lone removal and a lone addition on the same (source, target, kind) is a change;
    # both lists are sorted by that key, so the k-th paired removal goes with the k-th addition
    added, removed, ka, kr = _sorted_and_paired(added, removed, all_ids)
    rel_added = _Relations(added[~ka], all_ids)
    rel_removed = _Relations(removed[~kr], all_ids)
    changed = _RelationPairs(_Relations(removed[kr], all_ids), _Relations(added[ka], all_ids))
    kinds_all = np.zeros(len(ia) + i_only_b.shape[0], dtype=np.int8)
    kinds_all[code_b] = ib.kind
    kinds_all[code_a] = ia.kind
    groups["relations_added"] = _count_rel(added[~ka], kinds_all)
    groups["relations_removed"] = _count_rel(removed[~kr], kinds_all)

    sb = {s.body: s for s in before.electoral_systems}
    sa = {s.body: s for s in after.electoral_systems}
    systems = tuple(
        (body, sb.get(body), sa.get(body))
        for body in [*sb, *(b for b in sa if b not in sb)]
        if sb.get(body) != sa.get(body)
    )
    rules_b, rules_a = set(before.rules), set(after.rules)
    return Change(
        before=before.name,
        after=after.name,
        territories_added=_Ids(ta.id[t_only_a]),
        territories_removed=_Ids(tb.id[t_only_b]),
        territories_changed=t_changed,
        institutions_added=_Ids(ia.id[i_only_a]),
        institutions_removed=_Ids(ib.id[i_only_b]),
        institutions_changed=i_changed,
        relations_added=rel_added,
        relations_removed=rel_removed,
        relations_changed=changed,
        electoral_systems_changed=systems,
        rules_added=tuple(r for r in after.rules if r not in rules_b),
        rules_removed=tuple(r for r in before.rules if r not in rules_a),
        groups=groups,
    )


_RELATION_COLUMNS = ("source", "target", "kind", "seats", "threshold")


def _relation_surplus(
    before: Polity, after: Polity, code_b: NDArray[np.int64], code_a: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Relation rows added and removed (packed rows, see :func:`_multiset_surplus`).

    When ``after``'s relations are rows that ``before`` kept, in order, then appended
    ones (:func:`_kept_rows`), the kept rows are on both sides and cancel: the
    multisets compared are the rows dropped and the rows appended. A column made some
    other way (the ends renumbered after institutions were removed, some ends
    rewired) is compared on the kept rows, in joint codes, in one pass
    (:func:`_kept_differ`): a kept pair that differs is a row of each side, so the
    multisets compared are ``dropped + moved`` against ``moved + appended``
    (``moved`` the differing kept pairs), never more rows than the whole ones.
    Anything else compares the two whole multisets (sorts of every relation).
    """
    rb, ra = before.relation_table, after.relation_table
    kept = _kept_rows(rb, ra)
    if kept is not None:
        keep, n_kept, unknown = kept
        rows = np.arange(n_kept) if keep is None else np.flatnonzero(keep)
        if rows.shape[0] == n_kept:
            moved = _kept_differ(rb, ra, rows, code_b, code_a, unknown)
            gone = np.zeros(0, dtype=np.int64) if keep is None else np.flatnonzero(~keep)
            drop = np.concatenate([gone, rows[moved]])
            add = np.concatenate([moved, np.arange(n_kept, len(ra))])
            dropped = _Side(
                code_b,
                rb.source[drop],
                rb.target[drop],
                rb.kind[drop],
                rb.seats[drop],
                rb.threshold[drop],
            )
            appended = _Side(
                code_a,
                ra.source[add],
                ra.target[add],
                ra.kind[add],
                ra.seats[add],
                ra.threshold[add],
            )
            return _multiset_surplus(dropped, appended)
    return _multiset_surplus(_relation_side(before, code_b), _relation_side(after, code_a))


def _kept_differ(
    rb: Any,
    ra: Any,
    rows: NDArray[np.int64],
    code_b: NDArray[np.int64],
    code_a: NDArray[np.int64],
    unknown: set[str],
) -> NDArray[np.int64]:
    """The ``k`` where ``rb``'s row ``rows[k]`` and ``ra``'s row ``k`` differ as relations.

    Compared by ids, not rows: the ends in joint codes (``code_b``, ``code_a``).
    Columns in ``unknown`` are compared; the others hold the same values by how they
    were made, and their ends name the same institutions when ``code_b`` maps each
    before row to the same after row. Thresholds compare NaN (none) equal to NaN.
    """
    n = rows.shape[0]
    identity = np.array_equal(code_b, code_a[: code_b.shape[0]])
    differ: NDArray[np.bool_] | None = None
    for c in _RELATION_COLUMNS:
        end = c in ("source", "target")
        if c not in unknown and (identity or not end):
            continue
        old, new = getattr(rb, c)[rows], getattr(ra, c)[:n]
        if end:
            old, new = code_b[old], code_a[new]
        here = old != new
        if c == "threshold":
            here &= ~(np.isnan(old) & np.isnan(new))
        differ = here if differ is None else differ | here
    return np.zeros(0, dtype=np.int64) if differ is None else np.flatnonzero(differ)


def _kept_rows(rb: Any, ra: Any) -> tuple[NDArray[np.bool_] | None, int, set[str]] | None:
    """(mask of ``rb``'s rows kept or None for all, number of ``ra``'s rows that are those,
    columns made some other way).

    Read from how ``ra``'s columns were made (:func:`govsim.model.tables.kept_rows`):
    each is ``rb``'s column, or its rows under one mask, possibly with rows appended.
    A column that is neither is listed, to be compared; ``None`` if the columns that
    are disagree, or none is.
    """
    shape: tuple[Any, int] | None = None
    unknown: set[str] = set()
    for c in _RELATION_COLUMNS:
        col_a, col_b = getattr(ra, c), getattr(rb, c)
        kept = (col_a, None, col_a.shape[0]) if col_a is col_b else kept_rows(col_a)
        if kept is None or kept[0] is not col_b:
            unknown.add(c)
            continue
        if shape is not None and (kept[1] is not shape[0] or kept[2] != shape[1]):
            return None
        shape = (kept[1], kept[2])
    if shape is None:
        return None
    return shape[0], shape[1], unknown


def _count(kinds: np.ndarray, levels: np.ndarray) -> Counter[tuple[str, ...]]:
    key = kinds.astype(np.int64) * len(Level) + levels
    counts = np.bincount(key, minlength=len(InstitutionKind) * len(Level))
    return Counter(
        {
            (
                InstitutionKind.from_code(int(c) // len(Level)).value,
                Level.from_code(int(c) % len(Level)).value,
            ): int(counts[c])
            for c in np.flatnonzero(counts)
        }
    )


def _count_rel(rows: np.ndarray, kinds: np.ndarray) -> Counter[tuple[str, ...]]:
    """Relations by (kind, source kind, target kind): one bincount of a packed key."""
    ni = len(InstitutionKind)
    key = (rows[:, 2] * ni + kinds[rows[:, 0]]) * ni + kinds[rows[:, 1]]
    counts = np.bincount(key, minlength=len(RelationKind) * ni * ni)
    return Counter(
        {
            (
                RelationKind.from_code(int(c) // (ni * ni)).value,
                InstitutionKind.from_code(int(c) // ni % ni).value,
                InstitutionKind.from_code(int(c) % ni).value,
            ): int(counts[c])
            for c in np.flatnonzero(counts)
        }
    )

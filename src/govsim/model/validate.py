"""Whole-polity validation, vectorized over the columns.

Every construction path (row models, arrays, files, networkx, reforms) ends in
:func:`validate_tables`, so a polity that exists is a valid polity. Each rule
raises :class:`govsim.ValidationError` naming the id and field at fault; the
checks are numpy operations over whole columns, so validating 10^6 institutions
and 3x10^6 relations takes about 0.1 s (``benchmarks/bench_model.py``).

Rules
-----
1. Ids are unique within territories and within institutions.
2. Every reference resolves: a territory's ``parent``, an institution's
   ``territory``, a relation's ``source`` and ``target``, an electoral system's
   ``body`` and a rule's ``subject``.
3. Territory parents form a forest (no territory is its own ancestor).
4. ``1 <= seats <= MAX_SEATS`` for institutions and for relations that record
   seats; populations lie in ``[0, MAX_POPULATION]``; thresholds lie in (0, 1];
   codes are in range (the bounds: :mod:`govsim.model.rows`).
5. The explicit ``seats`` of a body's ``elects`` and ``appoints`` channels add up
   to at most the body's seats, and an electoral system's tiers fit in its body.
   An electoral system belongs to a body that some electorate ``elects`` (the
   tiers say how voters fill seats; a body no voters elect has none to fill).
6. No selection relation (``elects``, ``appoints``, ``nominates``, ``consents``)
   runs from a node to itself.
7. Roles (:class:`~govsim.model.Role`): a role is held by a national institution
   whose kind fits it (:data:`~govsim.model.kinds.ROLE_KINDS`), by at most one
   institution, and a polity with a ``sole_chamber`` has no ``lower_chamber`` or
   ``upper_chamber``.
8. Party ties (``holds_seats``, ``member_of``) follow the rules of
   :mod:`govsim.model.parties`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, Literal, TypeVar

import numpy as np

from govsim.errors import ValidationError
from govsim.model.kinds import (
    CHAIN_KINDS,
    ROLE_KINDS,
    SELECTION_KINDS,
    InstitutionKind,
    Level,
    RelationKind,
    Role,
)
from govsim.model.parties import check_party_relations
from govsim.model.rows import MAX_POPULATION, MAX_SEATS, ElectoralSystem, Rule
from govsim.model.tables import (
    InstitutionTable,
    RelationTable,
    TerritoryTable,
    _is_sealed,
    appended_to,
    edited_from,
)

__all__ = [
    "IdIndex",
    "channel_fill",
    "check_unique",
    "derived",
    "id_index",
    "passed",
    "passed_rows",
    "validate_tables",
]

_V = TypeVar("_V")


#: Sorted ids compared with their neighbours this many at a time when the sorted copy
#: of a column does not exist (see :class:`_Sorted`).
DUPLICATE_BLOCK = 1 << 16


class _Sorted:
    """Rows of an id column in stable id order, and (once asked) its first duplicate.

    The sorted copy of the ids (``ids[order]``) is made only when something reads
    :attr:`sorted_ids`: for 10^6 ids of 18 characters it is 72 MB of fresh memory,
    whose first touch costs more than the sort itself. Lookups of a few ids search
    ``ids`` through ``order`` (``np.searchsorted(..., sorter=order)``) and the
    uniqueness check compares sorted neighbours a block at a time.
    """

    __slots__ = ("_dup", "_sorted", "ids", "order")

    def __init__(self, order: np.ndarray, ids: np.ndarray, sorted_ids: np.ndarray | None) -> None:
        self.order = order
        self.ids = ids  # order indexes these (the column itself, or a merged sorted copy)
        self._sorted = sorted_ids
        self._dup: tuple[tuple[str, int, int] | None] | None = None

    @property
    def sorted_ids(self) -> np.ndarray:
        if self._sorted is None:
            self._sorted = self.ids[self.order]
        return self._sorted

    def searchsorted(self, query: np.ndarray, side: Literal["left", "right"] = "left") -> Any:
        """Insertion points of ``query`` in the sorted ids (``np.searchsorted``)."""
        if self._sorted is not None or query.shape[0] * 8 >= self.order.shape[0]:
            return np.searchsorted(self.sorted_ids, query, side=side)  # many: copy once
        return np.searchsorted(self.ids, query, side=side, sorter=self.order)

    def at(self, positions: np.ndarray) -> np.ndarray:
        """The sorted ids at some positions."""
        rows = positions if self._sorted is not None else self.order[positions]
        out: np.ndarray = (self._sorted if self._sorted is not None else self.ids)[rows]
        return out

    def duplicates(self) -> tuple[str, int, int] | None:
        if self._dup is None:
            self._dup = (_first_duplicate(self),)
        return self._dup[0]


def _first_duplicate(s: _Sorted) -> tuple[str, int, int] | None:
    """The smallest duplicated id and its two lowest rows, from a stable sort (or None)."""
    n = s.order.shape[0]
    step = n if s._sorted is not None else DUPLICATE_BLOCK
    for start in range(0, n - 1, step):  # one block, or n / 2^16 of them
        block = s.at(np.arange(start, min(start + step + 1, n)))
        same = block[1:] == block[:-1]
        if same.any():
            k = start + int(np.flatnonzero(same)[0])
            a, b = sorted((int(s.order[k]), int(s.order[k + 1])))
            return str(block[k - start]), a, b
    return None


#: An index keeps appended rows apart from its sorted base while they are at most
#: this many, or one in TAIL_SHARE of the base: lookups then search two sorted arrays,
#: and no append copies the base.
TAIL_ROWS, TAIL_SHARE = 4096, 16


class IdIndex:
    """Vectorized id -> row lookup over a unicode id column (sorted once).

    The index of a column that extends an indexed one by appended rows
    (:func:`govsim.model.tables.appended_to`) shares the parent's sorted rows (its
    *base*, with no duplicate) and sorts only the rows appended since (its *tail*):
    a lookup searches both, uniqueness compares the tail with the base, and neither
    copies the base. ``order`` and ``sorted_ids`` (the stable sort of all rows) are
    merged from the two only when asked for.
    """

    __slots__ = ("_base", "_merged", "ids", "tail_order", "tail_sorted")

    def __init__(self, ids: np.ndarray) -> None:
        self.ids = ids
        self._base = _Sorted(np.argsort(ids, kind="stable"), ids, None)
        self.tail_order = self._base.order[:0]
        self.tail_sorted = ids[:0]
        self._merged: _Sorted | None = self._base

    @classmethod
    def _layered(
        cls, ids: np.ndarray, base: _Sorted, tail_order: np.ndarray, tail_sorted: np.ndarray
    ) -> IdIndex:
        index = cls.__new__(cls)
        index.ids = ids
        index._base = base
        index.tail_order = tail_order
        index.tail_sorted = tail_sorted
        index._merged = None if tail_order.shape[0] else base
        return index

    def _all(self) -> _Sorted:
        if self._merged is None:
            base = self._base
            where = base.searchsorted(self.tail_sorted, side="right")
            order = np.insert(base.order, where, self.tail_order)
            self._merged = _Sorted(order, self.ids, None)
        return self._merged

    @property
    def order(self) -> np.ndarray:
        """Rows in stable id order."""
        return self._all().order

    @property
    def sorted_ids(self) -> np.ndarray:
        """The ids in sorted order (``ids[order]``)."""
        return self._all().sorted_ids

    def lookup(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (rows, found) for an array of ids; rows are -1 where not found.

        An id held by several rows gives its lowest row (a base row comes before
        every tail row).
        """
        query = np.asarray(query, dtype=np.str_).reshape(-1)
        rows, found = _search(self._base, query)
        if self.tail_order.shape[0] and not found.all():
            miss = np.flatnonzero(~found)
            tail = _Sorted(self.tail_order, self.ids, self.tail_sorted)
            rows[miss], found[miss] = _search(tail, query[miss])
        return rows, found

    def duplicates(self) -> tuple[str, int, int] | None:
        """The first duplicated id (in sorted order) and its two lowest rows, or None."""
        if self._merged is not None:
            return self._merged.duplicates()
        # the base has no duplicate (see _merged_index): a duplicated id is a tail id
        # that is in the base or twice in the tail
        base, tail = self._base, self.tail_sorted
        rows, in_base = _search(base, tail)
        twice = np.zeros(tail.shape[0], dtype=bool)
        twice[1:] = tail[1:] == tail[:-1]
        twice[:-1] |= twice[1:]
        dup = in_base | twice
        if not dup.any():
            return None
        k = int(np.flatnonzero(dup)[0])  # the tail is sorted: the smallest duplicated id
        same = np.flatnonzero(tail == tail[k])
        held = ([int(rows[k])] if in_base[k] else []) + [int(r) for r in self.tail_order[same]]
        a, b = sorted(held)[:2]
        return str(tail[k]), a, b


def _search(s: _Sorted, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, found) of ``query`` in a sorted index: the lowest row of each id, else -1."""
    n = s.order.shape[0]
    if n == 0:
        return np.full(query.shape[0], -1, dtype=np.int64), np.zeros(query.shape[0], dtype=bool)
    pos_c = np.minimum(s.searchsorted(query), n - 1)
    found = s.at(pos_c) == query
    rows = np.where(found, s.order[pos_c], -1)
    return rows.astype(np.int64), found


# Indexes of read-only id columns, keyed by the column object. A reform that keeps a
# table's ids shares the column with the polity it came from, so the new polity
# reuses the sorted index instead of sorting 10^6 strings again.
_INDEXES: dict[int, tuple[weakref.ref[np.ndarray], IdIndex]] = {}


def id_index(ids: np.ndarray) -> IdIndex:
    """The :class:`IdIndex` of an id column, cached while a read-only column lives."""
    key = id(ids)
    hit = _INDEXES.get(key)
    if hit is not None and hit[0]() is ids:
        return hit[1]
    index = _merged_index(ids) or IdIndex(ids)
    if not ids.flags.writeable:

        def forget(_: object, key: int = key, cache: dict[int, Any] = _INDEXES) -> None:
            # bound defaults: at interpreter exit the module global may already be gone
            cache.pop(key, None)

        _INDEXES[key] = (weakref.ref(ids, forget), index)
    return index


def _merged_index(ids: np.ndarray) -> IdIndex | None:
    """The index of a column that extends an indexed one by appended rows, by merging.

    The old rows are sorted already; the appended ones are sorted alone. While they
    are few (:data:`TAIL_ROWS`, :data:`TAIL_SHARE`) and the old base has no duplicate,
    they are kept as the new index's tail beside the shared base (no O(n) copy);
    otherwise they are inserted where :func:`numpy.searchsorted` puts them (after equal
    old ids, as a stable sort of the whole column would): O(n) copying instead of an
    O(n log n) sort of strings.
    """
    old = appended_to(ids)
    if old is None:
        return None
    hit = _INDEXES.get(id(old))
    if hit is None or hit[0]() is not old:
        return None
    parent, n_old = hit[1], old.shape[0]
    tail = ids[n_old:]
    tail_order = np.argsort(tail, kind="stable")
    # old tail first: for equal ids a stable sort keeps its (lower) rows first
    rows = np.concatenate([parent.tail_order, tail_order + n_old])
    keys = np.concatenate([parent.tail_sorted.astype(ids.dtype, copy=False), tail[tail_order]])
    both = np.argsort(keys, kind="stable")
    rows, keys = rows[both], keys[both]
    base = parent._base
    n_base = base.order.shape[0]
    if rows.shape[0] <= max(TAIL_ROWS, n_base // TAIL_SHARE) and base.duplicates() is None:
        return IdIndex._layered(ids, base, rows, keys)
    where = base.searchsorted(keys, side="right")
    merged = _Sorted(np.insert(base.order, where, rows), ids, None)
    return IdIndex._layered(ids, merged, rows[:0], keys[:0])


def check_unique(index: IdIndex, what: str) -> None:
    """Raise if an id column holds some id twice, naming the id and both rows."""
    dup = index.duplicates()
    if dup is not None:
        raise ValidationError(
            f"{what} id {dup[0]!r} is not unique (rows {dup[1]} and {dup[2]}): field 'id'."
        )


#: Check groups that passed, keyed by (group, ids of the columns it read); each entry
#: holds weak references to those columns, so it goes when one of them does and an
#: id reused by a new array never matches.
_PASSED: dict[tuple[str, tuple[int, ...]], tuple[weakref.ref[np.ndarray], ...]] = {}


def passed(group: str, columns: tuple[np.ndarray, ...], check: Callable[[], object]) -> None:
    """:func:`_once` for checks outside this module."""
    _once(group, columns, check)


def passed_rows(
    group: str, columns: tuple[np.ndarray, ...], check: Callable[[Rows], object]
) -> None:
    """:func:`_once_rows` for a row-by-row check outside this module (the term column's).

    ``check(rows)`` checks the rows that ``rows`` selects (a slice or ascending row
    numbers): all, or only those appended or edited since the columns passed.
    """
    _once_rows(group, columns, len(columns), check)


def _grown(
    columns: tuple[np.ndarray, ...], rows_of: int
) -> tuple[tuple[np.ndarray, ...], int] | None:
    """The columns these extend by appended rows, and the first appended row, if they do.

    The first ``rows_of`` columns belong to the table whose rows a check reads: each
    extends a column of one length ``n_old`` (:func:`govsim.model.tables.appended_to`),
    and ``n_old`` is returned. The others (read to name rows or to bound references
    into another table) are the same columns or extend theirs: a row that passed keeps
    passing when the table it refers to only grows.
    """
    parents: list[np.ndarray] = []
    start = -1
    for k, col in enumerate(columns):
        old = appended_to(col)
        parent = col if old is None else old
        if k < rows_of:
            if old is None or (start >= 0 and parent.shape[0] != start):
                return None
            start = parent.shape[0]
        parents.append(parent)
    return (tuple(parents), start) if start >= 0 else None


def _edited(
    columns: tuple[np.ndarray, ...], rows_of: int
) -> tuple[tuple[np.ndarray, ...], np.ndarray] | None:
    """The columns these were edited from at some rows, and those rows (ascending), if so.

    Each of the first ``rows_of`` columns is the same column or an edit of one at some
    rows (:func:`govsim.model.tables.edited_from`), at least one is an edit; the others
    (context) are the same, appended to or edited: the lengths of the tables they
    bound do not shrink.
    """
    parents: list[np.ndarray] = []
    touched: list[np.ndarray] = []
    for k, col in enumerate(columns):
        hit = edited_from(col)
        if hit is None and k >= rows_of:
            old = appended_to(col)
            parents.append(col if old is None else old)
            continue
        if hit is not None:
            touched.append(hit[1])
        parents.append(col if hit is None else hit[0])
    if not touched:
        return None
    rows = touched[0] if len(touched) == 1 else np.unique(np.concatenate(touched))
    return tuple(parents), rows


def _key(group: str, columns: tuple[np.ndarray, ...]) -> tuple[str, tuple[int, ...]]:
    return group, tuple(map(id, columns))


def _alive(refs: tuple[weakref.ref[np.ndarray], ...], columns: tuple[np.ndarray, ...]) -> bool:
    """Whether each weak reference still points at the column beside it."""
    return all(ref() is c for ref, c in zip(refs, columns, strict=True))


def _passed_before(group: str, columns: tuple[np.ndarray, ...]) -> bool:
    hit = _PASSED.get(_key(group, columns))
    return hit is not None and _alive(hit, columns)


def _once(group: str, columns: tuple[np.ndarray, ...], check: Callable[[], object]) -> None:
    """Run ``check`` unless these very (read-only) columns passed this group before.

    A sealed column never changes, so a group that passed on it passes again: only
    a group that reads a new column runs. Columns that are not sealed
    (:func:`govsim.model.tables.seal`) are always checked.
    """
    _once_rows(group, columns, 0, lambda _: check())


def _once_rows(
    group: str, columns: tuple[np.ndarray, ...], rows_of: int, check: Callable[[Rows], object]
) -> None:
    """:func:`_once` for a check row by row: only appended or edited rows are checked again.

    ``check(rows)`` checks the rows ``rows`` selects. It gets all rows, unless the
    first ``rows_of`` columns extend (:func:`_grown`) or edit (:func:`_edited`) columns
    that passed this group: then the appended rows, or the edited ones. The other rows
    passed each rule and did not change; so the first row that breaks a rule is among
    those checked, and the message is the one a full check gives.

    The record is looked up first: columns that passed were sealed then, and a
    sealed column stays sealed, so a group that passed costs one dict lookup.
    """
    if _passed_before(group, columns):
        return
    if not all(_is_sealed(c) for c in columns):
        check(_ALL)
        return
    rows: Rows = _ALL
    if rows_of:
        grown = _grown(columns, rows_of)
        if grown is not None and _passed_before(group, grown[0]):
            rows = slice(grown[1], None)
        else:
            edit = _edited(columns, rows_of)
            if edit is not None and _passed_before(group, edit[0]):
                rows = edit[1]
    check(rows)
    key = _key(group, columns)

    def forget(
        _: object, key: tuple[str, tuple[int, ...]] = key, cache: dict[Any, Any] = _PASSED
    ) -> None:
        cache.pop(key, None)

    _PASSED[key] = tuple(weakref.ref(c, forget) for c in columns)


#: Values computed from sealed columns (:func:`derived`), with weak references to them.
_DERIVED: dict[tuple[str, tuple[int, ...]], tuple[tuple[weakref.ref[np.ndarray], ...], Any]] = {}


def _derived_before(group: str, columns: tuple[np.ndarray, ...]) -> tuple[bool, Any]:
    hit = _DERIVED.get(_key(group, columns))
    if hit is not None and _alive(hit[0], columns):
        return True, hit[1]
    return False, None


def _grow_or_compute(
    group: str,
    columns: tuple[np.ndarray, ...],
    rows_of: int,
    compute: Callable[[], _V],
    grow: Callable[[_V, int], _V],
) -> _V:
    grown = _grown(columns, rows_of) if rows_of else None
    if grown is not None:
        known, old = _derived_before(group, grown[0])
        if known:
            return grow(old, grown[1])
    return compute()


def derived(
    group: str,
    columns: tuple[np.ndarray, ...],
    compute: Callable[[], _V],
    grow: Callable[[_V, int], _V] | None = None,
    rows_of: int = 0,
) -> _V:
    """``compute()``, kept while these very sealed columns live (recomputed for others).

    For masks that whole-polity checks need again after a reform that did not touch
    their columns (the chain channels, the bodies an electorate elects). The value
    must not be changed by the caller. With ``grow``: when the first ``rows_of``
    columns extend columns whose value is known (:func:`_grown`), the value is
    ``grow(old value, first appended row)`` (the rows before it are not read again).
    """
    known, value = _derived_before(group, columns)  # kept only for sealed columns
    out: _V
    if known:
        out = value
        return out
    if not all(_is_sealed(c) for c in columns):
        return compute()
    out = compute() if grow is None else _grow_or_compute(group, columns, rows_of, compute, grow)
    key = _key(group, columns)

    def forget(
        _: object, key: tuple[str, tuple[int, ...]] = key, cache: dict[Any, Any] = _DERIVED
    ) -> None:
        cache.pop(key, None)

    _DERIVED[key] = (tuple(weakref.ref(c, forget) for c in columns), out)
    return out


#: The rows a check reads: all (``slice(0, None)``), those from the first appended row
#: on (a slice), or edited rows (ascending row numbers).
Rows = slice | np.ndarray

_ALL = slice(0, None)


def _row_at(rows: Rows, k: int) -> int:
    """The row number of the ``k``-th row that ``rows`` selects."""
    return int(rows.start or 0) + k if isinstance(rows, slice) else int(rows[k])


def _raise_first(bad: np.ndarray, message: Callable[[int], str], rows: Rows = _ALL) -> None:
    """Raise a ValidationError about the first row where ``bad`` is true, if any.

    ``bad`` covers the rows ``rows`` selects (ascending); the message gets the row's number.
    """
    if bad.any():
        raise ValidationError(message(_row_at(rows, int(np.flatnonzero(bad)[0]))))


def _describe_relation(rel: RelationTable, inst_ids: np.ndarray, i: int) -> str:
    n = inst_ids.shape[0]
    s, t = int(rel.source[i]), int(rel.target[i])
    src = repr(str(inst_ids[s])) if 0 <= s < n else f"row {s}"
    tgt = repr(str(inst_ids[t])) if 0 <= t < n else f"row {t}"
    kind = (
        RelationKind.from_code(int(rel.kind[i])).value
        if 0 <= rel.kind[i] < len(RelationKind)
        else rel.kind[i]
    )
    return f"Relation #{i} ({src} -> {tgt}, {kind})"


def _check_codes(
    values: np.ndarray,
    enum: type[Enum],
    table: str,
    ids: np.ndarray | None,
    field: str,
    rows: Rows = _ALL,
) -> None:
    tail = values[rows]
    bad = (tail < 0) | (tail >= len(enum))
    if bad.any():
        i = _row_at(rows, int(np.flatnonzero(bad)[0]))
        who = f"{table} {str(ids[i])!r}" if ids is not None else f"{table} #{i}"
        raise ValidationError(f"{who}: field {field!r} has unknown code {int(values[i])}.")


def _check_forest(parent: np.ndarray, ids: np.ndarray) -> None:
    """Raise if some territory is its own ancestor (pointer doubling, O(n log n))."""
    n = parent.shape[0]
    if n == 0:
        return
    # Extend with a sink row n so that "no parent" is a fixed point.
    jump = np.where(parent < 0, n, parent).astype(np.int64)
    jump = np.append(jump, n)
    for _ in range(int(np.ceil(np.log2(n + 1))) + 1):
        jump = jump[jump]
    _raise_first(
        jump[:n] != n,
        lambda i: (
            f"Territory {str(ids[i])!r}: field 'parent' makes a cycle (a territory is its own ancestor)."
        ),
    )


def _check_roles(institutions: InstitutionTable) -> None:
    """Rule 7: roles on national institutions of a fitting kind, one holder each."""
    role, ids = institutions.role, institutions.id
    held = role >= 0
    if not held.any():
        return
    _raise_first(
        (role < -1) | (role >= len(Role)),
        lambda i: f"Institution {str(ids[i])!r}: field 'role' has unknown code {int(role[i])}.",
    )
    rows = np.flatnonzero(held)
    _raise_first(
        institutions.level[rows] != Level.NATIONAL.code,
        lambda k: (
            f"Institution {str(ids[rows[k]])!r}: field 'role' = "
            f"{Role.from_code(int(role[rows[k]])).value!r} is a national role, but field 'level' "
            f"is {Level.from_code(int(institutions.level[rows[k]])).value!r}."
        ),
    )
    fits = np.zeros((len(Role), len(InstitutionKind)), dtype=bool)
    for r, kinds in ROLE_KINDS.items():
        for kind in kinds:
            fits[r.code, kind.code] = True
    _raise_first(
        ~fits[role[rows], institutions.kind[rows]],
        lambda k: (
            f"Institution {str(ids[rows[k]])!r}: field 'role' = "
            f"{Role.from_code(int(role[rows[k]])).value!r} does not fit field 'kind' = "
            f"{InstitutionKind.from_code(int(institutions.kind[rows[k]])).value!r} (it fits "
            + ", ".join(
                sorted(repr(x.value) for x in ROLE_KINDS[Role.from_code(int(role[rows[k]]))])
            )
            + ")."
        ),
    )
    count = np.bincount(role[rows], minlength=len(Role))
    for code in np.flatnonzero(count > 1):
        holders = [str(ids[i]) for i in rows[role[rows] == code]]
        raise ValidationError(
            f"Institutions {holders[0]!r} and {holders[1]!r} both have field 'role' = "
            f"{Role.from_code(int(code)).value!r}: a role is held by at most one institution."
        )
    if count[Role.SOLE_CHAMBER.code] and (
        count[Role.LOWER_CHAMBER.code] or count[Role.UPPER_CHAMBER.code]
    ):
        other = Role.LOWER_CHAMBER if count[Role.LOWER_CHAMBER.code] else Role.UPPER_CHAMBER
        sole = str(ids[rows[role[rows] == Role.SOLE_CHAMBER.code][0]])
        twin = str(ids[rows[role[rows] == other.code][0]])
        raise ValidationError(
            f"Institution {sole!r} has field 'role' = 'sole_chamber' but institution {twin!r} "
            f"has field 'role' = {other.value!r}: a unicameral polity has no lower or upper chamber."
        )


_CHAIN_CODES = np.array(sorted(k.code for k in CHAIN_KINDS), dtype=np.int8)
_PARTY_CODES = np.array(
    sorted((RelationKind.HOLDS_SEATS.code, RelationKind.MEMBER_OF.code)), dtype=np.int8
)


def _channel_fill(kind: np.ndarray, seats: np.ndarray, target: np.ndarray) -> tuple[Any, Any]:
    """(rows, seats filled) of the institutions that explicit chain channels fill, rows ascending.

    ``filled[k] = sum of seats over the chain relations (elects, appoints) with seats > 0
    into rows[k]``; the institutions outside ``rows`` have none filled.
    """
    channel = np.isin(kind, _CHAIN_CODES) & (seats > 0)
    filled = np.bincount(target[channel], weights=seats[channel])
    rows = np.flatnonzero(filled > 0)
    return rows, filled[rows]


def channel_fill(relations: RelationTable) -> tuple[np.ndarray, np.ndarray]:
    """(rows, seats filled) of the institutions that explicit chain channels fill (rows ascending).

    :func:`_channel_fill` of the relation table, kept while its sealed columns live
    (validation computes it anyway): a reform that needs the fill reads it for free.
    The arrays must not be changed.
    """
    cols = (relations.kind, relations.seats, relations.target)
    out: tuple[np.ndarray, np.ndarray] = derived("channel fill", cols, lambda: _channel_fill(*cols))
    return out


def _more_fill(old: tuple[Any, Any], new: tuple[Any, Any]) -> tuple[Any, Any]:
    """The fill of :func:`_channel_fill` for two sets of relations together."""
    if not new[0].size:
        return old
    rows, inverse = np.unique(np.concatenate([old[0], new[0]]), return_inverse=True)
    return rows, np.bincount(inverse, weights=np.concatenate([old[1], new[1]]))


def _has_party_ties(kind: np.ndarray) -> bool:
    return bool(np.isin(kind, _PARTY_CODES).any())


def validate_tables(
    territories: TerritoryTable,
    institutions: InstitutionTable,
    relations: RelationTable,
    electoral_systems: Sequence[ElectoralSystem],
    rules: Sequence[Rule],
) -> tuple[IdIndex, IdIndex]:
    """Check every whole-polity rule; return the id indexes built on the way.

    Incremental: each group of checks runs unless the very columns it reads (sealed,
    hence unchanged) passed it before (:func:`_once`). A reform shares the columns
    it does not touch with its input, so only the checks that read a changed column
    run again; the first broken rule, and its message, are those of a full check.
    """
    t_ids, i_ids = territories.id, institutions.id
    t_index, i_index = id_index(t_ids), id_index(i_ids)
    _once("unique", (t_ids,), lambda: check_unique(t_index, "Territory"))
    _once("unique", (i_ids,), lambda: check_unique(i_index, "Institution"))

    # --- territories
    n_t = len(territories)

    def territory_rules() -> None:
        _check_codes(territories.level, Level, "Territory", t_ids, "level")
        _raise_first(
            (territories.parent < -1) | (territories.parent >= n_t),
            lambda i: (
                f"Territory {str(t_ids[i])!r}: field 'parent' refers to an unknown territory."
            ),
        )
        _raise_first(
            territories.parent == np.arange(n_t),
            lambda i: (
                f"Territory {str(t_ids[i])!r}: field 'parent' refers to the territory itself."
            ),
        )
        _check_forest(territories.parent, t_ids)
        _raise_first(
            territories.population < -1,
            lambda i: (
                f"Territory {str(t_ids[i])!r}: field 'population' must be >= 0. Got {int(territories.population[i])} instead."
            ),
        )
        _raise_first(
            territories.population > MAX_POPULATION,
            lambda i: (
                f"Territory {str(t_ids[i])!r}: field 'population' must be <= {MAX_POPULATION} "
                f"(MAX_POPULATION). Got {int(territories.population[i])} instead."
            ),
        )

    _once(
        "territories",
        (territories.level, territories.parent, territories.population),
        territory_rules,
    )

    # --- institutions
    n_i = len(institutions)

    def code_rules(rows: Rows) -> None:
        _check_codes(institutions.kind, InstitutionKind, "Institution", i_ids, "kind", rows)
        _check_codes(institutions.level, Level, "Institution", i_ids, "level", rows)

    _once_rows("institution codes", (institutions.kind, institutions.level), 2, code_rules)

    def territory_refs(rows: Rows) -> None:
        refs = institutions.territory[rows]
        _raise_first(
            (refs < -1) | (refs >= n_t),
            lambda i: (
                f"Institution {str(i_ids[i])!r}: field 'territory' refers to an unknown territory."
            ),
            rows,
        )

    _once_rows(
        "institution territory", (institutions.territory, territories.parent), 1, territory_refs
    )

    def seat_rules(rows: Rows) -> None:
        # one reduction each to find that all is well; the masks only to name a bad row
        col = institutions.seats  # take gathers row numbers faster than fancy indexing
        seats = col[rows] if isinstance(rows, slice) else col.take(rows)
        if seats.size == 0 or (seats.min() >= 1 and seats.max() <= MAX_SEATS):
            return
        _raise_first(
            seats < 1,
            lambda i: (
                f"Institution {str(i_ids[i])!r}: field 'seats' must be >= 1. Got {int(institutions.seats[i])} instead."
            ),
            rows,
        )
        _raise_first(
            seats > MAX_SEATS,
            lambda i: (
                f"Institution {str(i_ids[i])!r}: field 'seats' must be <= {MAX_SEATS} (MAX_SEATS). "
                f"Got {int(institutions.seats[i])} instead."
            ),
            rows,
        )

    _once_rows("institution seats", (institutions.seats,), 1, seat_rules)
    _once(
        "roles",
        (institutions.role, institutions.level, institutions.kind),
        lambda: _check_roles(institutions),
    )

    # --- relations
    def relation_rules(rows: Rows) -> None:
        _check_codes(relations.kind, RelationKind, "Relation", None, "kind", rows)
        for field in ("source", "target"):
            col = getattr(relations, field)[rows]
            where = np.flatnonzero((col < 0) | (col >= n_i))
            if where.size:
                raise ValidationError(
                    f"{_describe_relation(relations, i_ids, _row_at(rows, int(where[0])))}: field {field!r} refers to an unknown institution."
                )
        seats = relations.seats[rows]
        _raise_first(
            (seats < 1) & (seats != -1),
            lambda i: (
                f"{_describe_relation(relations, i_ids, i)}: field 'seats' must be >= 1. Got {int(relations.seats[i])} instead."
            ),
            rows,
        )
        _raise_first(
            seats > MAX_SEATS,
            lambda i: (
                f"{_describe_relation(relations, i_ids, i)}: field 'seats' must be <= {MAX_SEATS} "
                f"(MAX_SEATS). Got {int(relations.seats[i])} instead."
            ),
            rows,
        )
        thr = relations.threshold[rows]
        _raise_first(
            ~np.isnan(thr) & ~((thr > 0) & (thr <= 1)),
            lambda i: (
                f"{_describe_relation(relations, i_ids, i)}: field 'threshold' must be in (0, 1]. Got {float(relations.threshold[i])} instead."
            ),
            rows,
        )
        selection_codes = np.array([k.code for k in SELECTION_KINDS], dtype=np.int8)
        _raise_first(
            (relations.source[rows] == relations.target[rows])
            & np.isin(relations.kind[rows], selection_codes),
            lambda i: (
                f"{_describe_relation(relations, i_ids, i)}: a selection relation cannot run from an institution to itself "
                "(fields 'source' and 'target')."
            ),
            rows,
        )

    _once_rows(
        "relations",
        (
            relations.kind,
            relations.source,
            relations.target,
            relations.seats,
            relations.threshold,
            i_ids,
        ),
        5,
        relation_rules,
    )

    def channel_rules() -> None:
        rows, filled = derived(
            "channel fill",
            (relations.kind, relations.seats, relations.target),
            lambda: _channel_fill(relations.kind, relations.seats, relations.target),
            lambda old, start: _more_fill(
                old,
                _channel_fill(
                    relations.kind[start:], relations.seats[start:], relations.target[start:]
                ),
            ),
            3,
        )
        # only the bodies that channels fill can be overfilled: O(bodies), not O(n)
        bad = filled > institutions.seats[rows]
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            i = int(rows[k])
            raise ValidationError(
                f"Institution {str(i_ids[i])!r}: its 'elects' and 'appoints' channels fill {int(filled[k])} seats, "
                f"more than its field 'seats' = {int(institutions.seats[i])}."
            )

    _once(
        "channels",
        (relations.kind, relations.seats, relations.target, institutions.seats),
        channel_rules,
    )

    def ties() -> bool:
        return _has_party_ties(relations.kind)

    def more_ties(old: bool, start: int) -> bool:
        return old or _has_party_ties(relations.kind[start:])

    if derived("party ties", (relations.kind,), ties, more_ties, 1):
        _once(  # rule 8: party ties (model/parties.py)
            "parties",
            (
                institutions.kind,
                institutions.seats,
                i_ids,
                relations.kind,
                relations.source,
                relations.target,
                relations.seats,
            ),
            lambda: check_party_relations(institutions, relations),
        )

    # --- metadata (vectorized: a reform may give every maslikhat its own system)
    if electoral_systems:
        bodies = np.array([system.body for system in electoral_systems], dtype=np.str_)
        rows, found = i_index.lookup(bodies)
        _raise_first(
            ~found,
            lambda k: (
                f"ElectoralSystem for {str(bodies[k])!r}: field 'body' refers to an unknown institution."
            ),
        )
        ordered = np.sort(rows)  # O(systems log systems), not O(n)
        twice = ordered[1:] == ordered[:-1]
        if twice.any():  # the lowest row with two systems
            i = int(ordered[1:][twice][0])
            raise ValidationError(
                f"ElectoralSystem for {str(i_ids[i])!r}: field 'body' has more than one electoral system."
            )

        def electorate_elected(old: np.ndarray | None = None, start: int = 0) -> np.ndarray:
            kind, src, tgt = (
                relations.kind[start:],
                relations.source[start:],
                relations.target[start:],
            )
            elects = (kind == RelationKind.ELECTS.code) & (
                institutions.kind[src] == InstitutionKind.ELECTORATE.code
            )
            voted = np.zeros(n_i, dtype=bool)
            if old is not None:
                voted[: old.shape[0]] = old
            voted[tgt[elects]] = True
            return voted

        voted = derived(
            "voted",
            (relations.kind, relations.source, relations.target, institutions.kind),
            electorate_elected,
            electorate_elected,
            3,
        )
        _raise_first(
            ~voted[rows],
            lambda k: (
                f"ElectoralSystem for {str(bodies[k])!r}: field 'body' is an institution that no "
                "electorate elects (no 'elects' relation from an electorate fills it)."
            ),
        )
        tier_seats = np.array([system.seats for system in electoral_systems], dtype=np.int64)
        _raise_first(
            tier_seats > institutions.seats[rows],
            lambda k: (
                f"ElectoralSystem for {str(bodies[k])!r}: field 'tiers' fills {int(tier_seats[k])} seats, "
                f"more than the body's {int(institutions.seats[rows[k]])}."
            ),
        )
    subjects = [r.subject for r in rules if r.subject is not None]
    if subjects:
        _, found = i_index.lookup(np.array(subjects))
        if not found.all():
            s = subjects[int(np.flatnonzero(~found)[0])]
            raise ValidationError(
                f"Rule on {s!r}: field 'subject' refers to an unknown institution."
            )
    return t_index, i_index

"""Read-only column tables: the storage behind a :class:`~govsim.model.Polity`.

Each table is a frozen dataclass of equal-length numpy arrays that are copied on
construction and sealed read-only (see :func:`seal`), so that no caller can change
a polity through an array it handed in or got back: ``arr.setflags(write=True)``
on a column raises, as does writing to it. References between tables are integer row
indices (``-1`` for "none"); ids are kept as numpy unicode arrays so that lookups,
uniqueness checks and joins stay vectorized at 10^6 rows.

Missing values: ``-1`` in integer columns (parent, territory, population, relation
seats, institution role), ``NaN`` in float columns (threshold), ``None`` in object columns (note,
term).

Room to append: a column that a table copies in (or that :meth:`_Table.concat` makes)
lives at the start of a larger buffer, with about one row in eight to spare
(:data:`SPARE`). Appending rows to the longest table over a buffer writes them into
the spare rows and hands out a longer read-only view of the same buffer; no column
already handed out covers those rows, so none of them changes. Any other append (to a
shorter table over the buffer, beyond its capacity, or of wider strings) copies into a
new buffer. Spare rows that are never written cost address space only: the kernel
gives memory pages to them when they are first touched.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Column",
    "InstitutionTable",
    "RelationTable",
    "TerritoryTable",
    "appended_to",
    "ascending",
    "code_mask",
    "edited_from",
    "kept_rows",
    "seal",
]

#: A column: any array-like when a table is built, a read-only ndarray once it is.
Column = Any

_DTYPES: dict[str, Any] = {
    "id": np.str_,
    "name": np.str_,
    "level": np.int8,
    "kind": np.int8,
    "parent": np.int32,
    "territory": np.int32,
    "population": np.int64,
    "seats": np.int64,
    "term": object,
    "role": np.int8,
    "source": np.int32,
    "target": np.int32,
    "threshold": np.float64,
    "note": object,
}


def seal(arr: np.ndarray) -> np.ndarray:
    """A read-only version of ``arr`` that cannot be made writeable again, without a copy.

    numpy lets ``setflags(write=True)`` succeed on an array that owns its memory,
    so marking a column read-only is not enough. A sealed column is a view whose
    memory belongs to a read-only buffer: a read-only ``memoryview`` of the data
    for numeric and text columns, and a read-only owning array for object columns
    (which have no buffer interface). Either way the column's own flag cannot be
    set back to writeable. An already sealed array is returned as it is (so caches
    keyed by the column, such as the id index, keep working).

    >>> col = seal(np.arange(3))
    >>> col.setflags(write=True)
    Traceback (most recent call last):
    ...
    ValueError: cannot set WRITEABLE flag to True of this array
    """
    if not arr.flags.writeable and _is_sealed(arr):
        return arr
    if arr.dtype == object:
        owner = arr if arr.base is None else arr.copy()
        owner.setflags(write=False)
        return owner.view()
    if not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr)
    view = memoryview(arr.reshape(-1)).toreadonly()  # type: ignore[arg-type]
    return np.frombuffer(view, dtype=arr.dtype).reshape(arr.shape)


def _is_sealed(arr: np.ndarray) -> bool:
    base = arr.base
    while isinstance(base, np.ndarray) and arr.dtype != object:
        base = base.base
    if isinstance(base, memoryview):
        return base.readonly
    if arr.dtype == object and isinstance(base, np.ndarray):
        return base.base is None and not base.flags.writeable
    return False


#: id(new column) -> (weak ref to it, weak ref to the column it extends). Kept
#: while both live; an id reused by another array never matches the weak reference.
_APPENDS: dict[int, tuple[weakref.ref[np.ndarray], weakref.ref[np.ndarray]]] = {}

#: Spare rows per row in use: a buffer holds ``n + n // SPARE + 16`` rows for ``n``.
SPARE = 8


class _Buffer:
    """The memory behind sealed columns: ``claimed`` rows in use, the rest spare.

    ``owner`` is never handed out; the columns are read-only views of its first rows
    (:func:`_prefix`). ``claimed`` only grows: rows once given to a column stay its.
    """

    __slots__ = ("claimed", "lock", "owner")

    def __init__(self, owner: np.ndarray, claimed: int) -> None:
        self.owner = owner
        self.claimed = claimed
        self.lock = threading.Lock()


#: id(column) -> (weak ref to it, the buffer it is a prefix of).
_BUFFERS: dict[int, tuple[weakref.ref[np.ndarray], _Buffer]] = {}


def _prefix(buffer: _Buffer, n: int) -> np.ndarray:
    """A sealed view of the buffer's first ``n`` rows, remembered as living in it."""
    owner = buffer.owner
    if owner.dtype == object:
        col = owner[:n]  # the owner is read-only outside _grow_into
    else:
        col = np.frombuffer(
            memoryview(owner).toreadonly(),  # type: ignore[arg-type]
            dtype=owner.dtype,
            count=n,
        )
    key = id(col)

    def forget(_: object, key: int = key, cache: dict[int, Any] = _BUFFERS) -> None:
        cache.pop(key, None)

    _BUFFERS[key] = (weakref.ref(col, forget), buffer)
    return col


def _roomy(parts: list[Any], dtype: Any, edit: tuple[Any, Any] | None = None) -> np.ndarray:
    """A sealed column of ``parts`` (arrays, or lists for object columns) joined, at the
    start of a new buffer with spare rows; ``edit = (rows, values)`` is set before sealing."""
    n = sum(len(p) for p in parts)
    owner = np.empty(n + n // SPARE + 16, dtype=dtype)
    at = 0
    for part in parts:
        owner[at : at + len(part)] = part
        at += len(part)
    if edit is not None:
        owner[:n][edit[0]] = edit[1]
    if owner.dtype == object:
        owner.setflags(write=False)
    return _prefix(_Buffer(owner, n), n)


def _buffer_of(col: np.ndarray) -> _Buffer | None:
    hit = _BUFFERS.get(id(col))
    if hit is None or hit[0]() is not col:
        return None
    return hit[1]


def _appended(col: np.ndarray, tail: np.ndarray) -> np.ndarray:
    """``col`` with ``tail``'s rows after it: in the spare rows of its buffer if it can."""
    n, k = col.shape[0], tail.shape[0]
    buffer = _buffer_of(col)
    if buffer is not None and tail.dtype.kind == col.dtype.kind:
        owner = buffer.owner
        fits = tail.dtype.itemsize <= owner.dtype.itemsize or owner.dtype == object
        with buffer.lock:
            if fits and buffer.claimed == n and n + k <= owner.shape[0]:
                if owner.dtype == object:
                    owner.setflags(write=True)  # it owns its memory; nobody else holds it
                    owner[n : n + k] = tail
                    owner.setflags(write=False)
                else:
                    owner[n : n + k] = tail
                buffer.claimed = n + k
                return _prefix(buffer, n + k)
    dtype = col.dtype if col.dtype.itemsize >= tail.dtype.itemsize else tail.dtype
    return _roomy([col, tail], dtype)


def kept_rows(column: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, int] | None:
    """``(base, mask, n)`` if ``column`` is ``base[mask]`` (``base`` itself for a ``None``
    mask) with rows appended after its first ``n``.

    Known for columns made by :meth:`_Table.take` with a mask and :meth:`_Table.concat`
    (of such columns, or of any): the record stays while ``column`` and ``base`` live,
    whatever became of the columns in between. All the columns of one table taken by
    one mask share that (read-only) mask object.
    """
    hit = _TAKES.get(id(column))
    if hit is None or hit[0]() is not column:
        return None
    base = hit[1]()
    return None if base is None else (base, hit[2], hit[3])


#: id(new column) -> (weak ref to it, weak ref to its base, mask or None, rows kept).
_TAKES: dict[
    int, tuple[weakref.ref[np.ndarray], weakref.ref[np.ndarray], np.ndarray | None, int]
] = {}


def _remember_kept(new: np.ndarray, base: np.ndarray, mask: np.ndarray | None, n: int) -> None:
    key = id(new)

    def forget(_: object, key: int = key, cache: dict[int, Any] = _TAKES) -> None:
        cache.pop(key, None)

    _TAKES[key] = (weakref.ref(new, forget), weakref.ref(base, forget), mask, n)


def _remember_edit(new: np.ndarray, old: np.ndarray, rows: np.ndarray) -> None:
    key = id(new)

    def forget(_: object, key: int = key, cache: dict[int, Any] = _EDITS) -> None:
        cache.pop(key, None)

    _EDITS[key] = (weakref.ref(new, forget), weakref.ref(old, forget), rows)


def _remember_append(new: np.ndarray, old: np.ndarray) -> None:
    key = id(new)

    def forget(_: object, key: int = key, cache: dict[int, Any] = _APPENDS) -> None:
        cache.pop(key, None)

    _APPENDS[key] = (weakref.ref(new, forget), weakref.ref(old, forget))


#: id(new column) -> (weak ref to it, weak ref to the column it edits, edited rows).
_EDITS: dict[int, tuple[weakref.ref[np.ndarray], weakref.ref[np.ndarray], np.ndarray]] = {}

#: An edit of more rows than one in EDIT_SHARE is not remembered: checking every row
#: then costs less than gathering the edited ones.
EDIT_SHARE = 8


def edited_from(column: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The column that ``column`` edits at some rows (:meth:`_Table.set_rows`), and the rows.

    The rows are ascending and distinct; ``None`` if ``column`` is no such edit (or the
    column it edits is gone).
    """
    hit = _EDITS.get(id(column))
    if hit is None or hit[0]() is not column:
        return None
    old = hit[1]()
    return None if old is None else (old, hit[2])


def appended_to(column: np.ndarray) -> np.ndarray | None:
    """The column that ``column`` extends by appended rows (:meth:`_Table.concat`), if known."""
    hit = _APPENDS.get(id(column))
    if hit is None or hit[0]() is not column:
        return None
    return hit[1]()


def ascending(rows: np.ndarray) -> bool:
    """Whether the 1-d array ``rows`` is strictly ascending (so also distinct): one pass,
    ``rows[i] < rows[i + 1]`` for every ``i``; an array of zero or one rows is.

    >>> ascending(np.array([0, 4, 9])), ascending(np.array([0, 4, 4]))
    (True, False)
    """
    return rows.shape[0] < 2 or bool((rows[1:] > rows[:-1]).all())


def code_mask(values: np.ndarray, wanted: Any) -> NDArray[np.bool_]:
    """``np.isin(values, wanted)`` for a column of small integer codes (kinds, levels).

    One elementwise compare per distinct wanted code, OR-ed into the mask:
    ``out_i = OR_c [values_i == c]``, O(n |wanted|) with ``|wanted|`` bounded by the
    number of codes of the enumeration. ``np.isin`` on an int8 column takes its table
    method (an index into a lookup table per row), 50-70x slower for one to three codes
    at 10^6 rows (``benchmarks/bench_reforms.py``, :func:`code_masks`, 2026-12-02).

    >>> code_mask(np.array([0, 3, 1, 3], dtype=np.int8), [3, 1]).tolist()
    [False, True, True, True]
    """
    # distinct Python ints (a handful: a set, not np.unique); a code beyond the column's
    # dtype compares unequal to every row
    codes = sorted({int(c) for c in np.asarray(wanted).reshape(-1).tolist()})
    if not codes:
        return np.zeros(values.shape, dtype=bool)
    out: NDArray[np.bool_] = np.equal(values, codes[0])
    if len(codes) > 1:
        same = np.empty(values.shape, dtype=bool)
        for code in codes[1:]:  # over the wanted codes, not the rows
            np.equal(values, code, out=same)
            out |= same
    return out


def _frozen(values: Any, dtype: Any) -> np.ndarray:
    if dtype is np.str_:
        arr = np.asarray(values, dtype=np.str_)
        # Store strings only as wide as the longest one: joined or concatenated string
        # arrays come out as wide as the sum of their parts, and every later copy,
        # sort and comparison pays for the width.
        width = int(np.strings.str_len(arr).max()) if arr.size else 1
        if arr.ndim == 1:
            return _roomy([arr], f"<U{max(width, 1)}")
        arr = arr.astype(f"<U{max(width, 1)}", copy=True)
    elif dtype is object:
        return _roomy(
            [values.reshape(-1) if isinstance(values, np.ndarray) else list(values)], object
        )
    elif isinstance(values, np.ndarray) and values.dtype.kind in "biuf":
        arr = values  # cast as it is copied into the buffer (as np.array(values, dtype) casts)
    else:
        arr = np.asarray(values, dtype=dtype)
    return _roomy([arr.reshape(-1)], np.dtype(dtype))


@dataclass(frozen=True, eq=False)
class _Table:
    """Common behaviour: length, row selection, concatenation, content equality."""

    KIND: ClassVar[str] = "row"

    def __post_init__(self) -> None:
        self._freeze(trusted=())

    def _freeze(self, trusted: Any) -> None:
        """Store read-only columns: copies of caller's arrays, ``trusted`` ones as they are.

        A trusted column is one this module made itself (a row selection, a
        concatenation) or one shared with another table, already read-only: there is
        nobody else who could write to it, so copying it again would only cost time.
        """
        n = None
        for f in fields(self):
            value = getattr(self, f.name)
            dtype = _DTYPES[f.name]
            if f.name in trusted and isinstance(value, np.ndarray) and value.ndim == 1:
                arr = value if dtype in (np.str_, object) else value.astype(dtype, copy=False)
                arr = seal(arr)
            else:
                arr = _frozen(value, dtype)
            object.__setattr__(self, f.name, arr)
            if n is None:
                n = arr.shape[0]
            elif arr.shape[0] != n:
                from govsim.errors import ValidationError

                raise ValidationError(
                    f"Column {f.name!r} of the {self.KIND} table has {arr.shape[0]} rows; "
                    f"the other columns have {n}."
                )

    @classmethod
    def _trusted(cls, columns: dict[str, Any], trusted: Any) -> Self:
        """Build without copying the ``trusted`` columns (see :meth:`_freeze`)."""
        table = cls.__new__(cls)
        for name, value in columns.items():
            object.__setattr__(table, name, value)
        table._freeze(trusted=frozenset(trusted))
        return table

    @classmethod
    def empty(cls) -> Self:
        """A table with no rows."""
        return cls(**{f.name: [] for f in fields(cls)})

    def __len__(self) -> int:
        return int(getattr(self, fields(self)[0].name).shape[0])

    def columns(self) -> dict[str, np.ndarray]:
        """The columns by name (read-only arrays)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def take(self, rows: NDArray[np.intp] | NDArray[np.bool_]) -> Self:
        """A new table of the selected rows (integer indices or a boolean mask).

        Rows selected by a mask are remembered (:func:`kept_rows`): ``diff`` then finds
        the rows a reform kept without comparing them.
        """
        index = np.asarray(rows)
        mask = None
        if index.dtype == bool:  # gathering by index is faster than masking, per column
            mask = seal(index.reshape(-1).copy())
            index = np.flatnonzero(index)
        cols = {k: v[index] for k, v in self.columns().items()}
        table = self._trusted(cols, trusted=cols)
        if mask is not None and mask.shape[0] == len(self):
            for k, v in self.columns().items():
                _remember_kept(getattr(table, k), v, mask, len(table))
        return table

    def concat(self, other: Self) -> Self:
        """A new table with ``other``'s rows appended (this table itself if ``other`` is empty).

        Each column is written into the spare rows of this one's buffer where it can
        (see the module's notes), else copied. Each new column remembers the column it
        extends (:func:`appended_to`), so that the id index of the result is merged from
        this table's instead of sorted again, and the checks of the old rows are not run
        again (:mod:`govsim.model.validate`).
        """
        if not len(other):
            return self
        cols = {k: _appended(v, getattr(other, k)) for k, v in self.columns().items()}
        table = self._trusted(cols, trusted=cols)
        for k, v in self.columns().items():
            new = getattr(table, k)
            _remember_append(new, v)
            kept = kept_rows(v)
            _remember_kept(new, *(kept if kept is not None else (v, None, len(v))))
        return table

    def replace(self, **columns: Any) -> Self:
        """A new table with some columns replaced (lengths must still agree)."""
        cols = self.columns()
        unknown = set(columns) - set(cols)
        if unknown:
            raise TypeError(f"unknown column(s) {sorted(unknown)} for the {self.KIND} table")
        shared = set(cols) - set(columns)
        cols.update(columns)
        return self._trusted(cols, trusted=shared)

    def set_rows(self, field: str, rows: Any, values: Any) -> Self:
        """A new table with column ``field`` set to ``values`` at ``rows`` (indices or a mask).

        ``values`` broadcasts over the rows, as in ``column[rows] = values``. The new
        column remembers the column and the rows it edits (:func:`edited_from`), so
        that validation checks only those rows again.
        """
        old = getattr(self, field)
        dtype = old.dtype
        if dtype.kind == "U":  # as wide as the widest new string: none is cut short
            given = np.asarray(values, dtype=np.str_)
            dtype = np.dtype(f"<U{max(dtype.itemsize, given.dtype.itemsize) // 4}")
        index = np.asarray(rows)
        col = _roomy([old], dtype, edit=(index, values))
        # the other columns are this table's, sealed and of one length: shared, not frozen again
        table = self.__class__.__new__(self.__class__)
        for f in fields(self):
            object.__setattr__(table, f.name, col if f.name == field else getattr(self, f.name))
        if index.dtype == bool:
            touched = np.flatnonzero(index)
        else:  # ascending and distinct; a copy, so that the record outlives the caller's array
            touched = index.reshape(-1).astype(np.int64)
            if touched.size and not (touched[0] >= 0 and ascending(touched)):
                # a sort (hashing is slower on row numbers); stable is timsort, one pass
                # over runs already in order, where the default quicksort takes n log n
                touched = np.sort(
                    np.where(touched < 0, touched + old.shape[0], touched), kind="stable"
                )
                touched = touched[np.append(True, touched[1:] != touched[:-1])]
        if touched.shape[0] * EDIT_SHARE <= old.shape[0]:
            _remember_edit(getattr(table, field), old, touched)
        return table

    def equals(self, other: object) -> bool:
        if type(other) is not type(self):
            return False
        for k, v in self.columns().items():
            w = getattr(other, k)
            if v.shape != w.shape:
                return False
            if v.dtype.kind == "f":
                if not np.array_equal(v, w, equal_nan=True):
                    return False
            elif not np.array_equal(v, w):
                return False
        return True


@dataclass(frozen=True, eq=False)
class TerritoryTable(_Table):
    """Territories: id, name, level code, parent row (-1), population (-1 unknown)."""

    KIND: ClassVar[str] = "territory"
    id: Column
    name: Column
    level: Column
    parent: Column
    population: Column

    def descendants(self, roots: Any) -> NDArray[np.bool_]:
        """Mask over territories: the rows ``roots`` and every territory below them.

        One vectorized step per tier of the hierarchy (a territory is inside if its
        parent chain meets a root); at most ``len(self)`` steps, so a parent cycle in
        an unvalidated table cannot loop forever.

        Examples
        --------
        >>> t = TerritoryTable(id=["kz", "r", "d", "x"], name=["", "", "", ""],
        ...                    level=[0, 1, 2, 1], parent=[-1, 0, 1, 0], population=[-1] * 4)
        >>> t.descendants([1]).tolist()
        [False, True, True, False]
        """
        parent = self.parent
        n = parent.shape[0]
        inside = np.zeros(n, dtype=bool)
        inside[np.asarray(roots, dtype=np.int64)] = True
        cur = parent.astype(np.int64)
        for _ in range(n):
            live = cur >= 0
            if not live.any():
                break
            inside[live] |= inside[cur[live]]
            cur = np.where(live, parent[np.maximum(cur, 0)], -1)
        return inside


@dataclass(frozen=True, eq=False)
class InstitutionTable(_Table):
    """Institutions: id, name, kind and level codes, territory row (-1), seats, term rule, role.

    ``role`` holds :class:`~govsim.model.Role` codes, ``-1`` for none; a table built
    without it (``role=None``) has no roles.
    """

    KIND: ClassVar[str] = "institution"
    id: Column
    name: Column
    kind: Column
    level: Column
    territory: Column
    seats: Column
    term: Column
    role: Column = None

    def __post_init__(self) -> None:
        if self.role is None:
            object.__setattr__(self, "role", np.full(np.shape(self.id)[0], -1, dtype=np.int8))
        super().__post_init__()


@dataclass(frozen=True, eq=False)
class RelationTable(_Table):
    """Relations: source and target rows, kind code, seats (-1 none), threshold (NaN), note."""

    KIND: ClassVar[str] = "relation"
    source: Column
    target: Column
    kind: Column
    seats: Column
    threshold: Column
    note: Column

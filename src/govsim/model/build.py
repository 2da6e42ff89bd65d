"""Turning rows, columns and documents into column tables.

Every construction path of a :class:`~govsim.model.Polity` goes through here and
then through :func:`govsim.model.validate.validate_tables`: row models and file
documents (:func:`tables_from_rows`), and column mappings for bulk data
(:func:`tables_from_arrays`). Enumerated columns accept names or integer codes;
reference columns accept ids or row numbers. Errors name the table, row and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import repeat
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from govsim.errors import ValidationError
from govsim.model.base import pydantic_message
from govsim.model.document import PolityDocument
from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role, _Coded
from govsim.model.tables import _DTYPES, InstitutionTable, RelationTable, TerritoryTable
from govsim.model.validate import IdIndex, check_unique

__all__ = [
    "codes",
    "document",
    "document_columns",
    "pydantic_message",
    "row",
    "tables_from_arrays",
    "tables_from_rows",
    "validate_document",
]

_COLUMNS = {
    "territories": ("id", "name", "level", "parent", "population"),
    "institutions": ("id", "name", "kind", "level", "territory", "seats", "term", "role"),
    "relations": ("source", "target", "kind", "seats", "threshold", "note"),
}
_REQUIRED = {
    "territories": ("id", "level"),
    "institutions": ("id", "kind", "level"),
    "relations": ("source", "target", "kind"),
}


def _is_missing(value: Any) -> bool:
    """None, NaN, or pandas' NA (missing values of a column read with pandas)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float | np.floating) and bool(np.isnan(value))


def _who(table: str, ids: np.ndarray | None, i: int) -> str:
    """How a message names row ``i`` of a table: by id where rows have ids."""
    what = {"territories": "Territory", "institutions": "Institution", "relations": "Relation"}
    name = what.get(table, table)
    return f"{name} {str(ids[i])!r}" if ids is not None else f"{name} #{i}"


def _show(value: Any) -> str:
    """repr of a column entry, without numpy's scalar wrapper (2.5, not np.float64(2.5))."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _column(values: ArrayLike, table: str, field: str) -> np.ndarray:
    """A column as a 1-d array (lists, tuples, arrays, pandas Series)."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        got = f"a scalar {arr.item()!r}" if arr.ndim == 0 else f"an array of shape {arr.shape}"
        raise ValidationError(
            f"{table}: field {field!r} must be a 1-d sequence with one value per row. Got {got} instead."
        )
    return arr


def codes(
    values: ArrayLike,
    enum: type[_Coded],
    table: str,
    field: str,
    ids: np.ndarray | None = None,
) -> np.ndarray:
    """Enum names or integer codes -> int8 codes, with an error naming the field (and row)."""
    arr = _column(values, table, field)
    if ids is not None and arr.shape[0] != ids.shape[0]:
        # before the codes: a message naming row i needs an id for it
        raise ValidationError(
            f"Column {field!r} of the {table.removesuffix('s').replace('ie', 'y')} table has "
            f"{arr.shape[0]} rows; the other columns have {ids.shape[0]}."
        )
    n_codes = len(enum)
    if arr.dtype.kind in "iu":
        # check before the int8 cast, which would wrap 263 round to a valid code
        bad = (arr < 0) | (arr >= n_codes)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValidationError(
                f"{_who(table, ids, i)}: field {field!r} has unknown code {int(arr[i])}. "
                f"Known codes: 0 to {n_codes - 1}."
            )
        return arr.astype(np.int8)
    if arr.dtype.kind == "S":
        arr = np.char.decode(arr, "utf-8")
    try:
        return enum.to_codes(arr)
    except ValueError as exc:
        value = exc.args[0]
        known = ", ".join(m.value for m in enum)
        where = np.flatnonzero(arr.astype(object).astype(np.str_) == value)
        found = (
            f" Found in {_who(table, ids, int(where[0])).lower()}."
            if where.size and table in _COLUMNS
            else ""
        )
        raise ValidationError(
            f"{table}: field {field!r} has unknown value {value!r}. Known values: {known}.{found}"
        ) from None


def _numbers(
    values: ArrayLike, table: str, field: str, ids: np.ndarray | None, integer: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(float64 values, missing mask) of a numeric column; rejects text and booleans.

    Missing entries are None, NaN or pandas' NA. An integer column also rejects
    numbers with a fractional part, rather than truncating them.
    """
    arr = _column(values, table, field)
    if arr.size == 0:
        return np.zeros(0, np.int64 if integer else np.float64), np.zeros(0, dtype=bool)
    kind = "whole number" if integer else "number"
    if arr.dtype.kind in "iu":
        missing = np.zeros(arr.shape[0], dtype=bool)
        if integer:
            return arr.astype(np.int64, copy=False), missing
        out = arr.astype(np.float64)
    elif arr.dtype.kind == "f":
        out = arr.astype(np.float64)
        missing = np.isnan(out)
    elif arr.dtype.kind == "O" and set(map(type, arr.tolist())) <= {int, float, type(None)}:
        # plain Python numbers and None (what files give): no per-row Python loop
        missing = arr == None  # noqa: E711 - elementwise on an object array
        out = np.full(arr.shape[0], np.nan)
        out[~missing] = np.array(arr[~missing].tolist(), dtype=np.float64)
        missing |= np.isnan(out)
    else:
        if arr.dtype.kind != "O":
            bad = 0
        else:
            ok = [
                _is_missing(v)
                or (isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_))
                for v in arr
            ]
            bad = ok.index(False) if not all(ok) else -1
        if bad >= 0:
            raise ValidationError(
                f"{_who(table, ids, bad)}: field {field!r} must be a {kind} or None. "
                f"Got {_show(arr[bad])} instead."
            )
        missing = np.array([_is_missing(v) for v in arr], dtype=bool)
        out = np.array(
            [np.nan if m else v for m, v in zip(missing, arr, strict=True)], dtype=np.float64
        )
    if integer:
        wrong = ~missing & ((out != np.round(out)) | (np.abs(out) >= 2.0**62))
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            raise ValidationError(
                f"{_who(table, ids, i)}: field {field!r} must be a {kind} or None. "
                f"Got {_show(arr[i])} instead."
            )
        return np.where(missing, 0, out).astype(np.int64), missing
    return out, missing


def _optional_ints(
    values: ArrayLike | None,
    n: int,
    missing: int = -1,
    *,
    table: str = "",
    field: str = "",
    ids: np.ndarray | None = None,
) -> np.ndarray:
    if values is None:
        return np.full(n, missing, dtype=np.int64)
    out, absent = _numbers(values, table, field, ids, integer=True)
    return np.where(absent, missing, out) if absent.any() else out


def _optional_floats(
    values: ArrayLike | None,
    n: int,
    *,
    table: str = "",
    field: str = "",
    ids: np.ndarray | None = None,
) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    return _numbers(values, table, field, ids, integer=False)[0]


def _nul(values: Any, arr: np.ndarray) -> int:
    """The first entry of a text column given as Python strings that holds a NUL, or -1.

    Looked for in the caller's strings before numpy stores them: a numpy unicode
    array silently drops trailing NULs (``"gov\x00"`` reads back as ``"gov"``), so a
    list or object column is checked here. A column that already is a numpy
    unicode array has lost its trailing NULs before govsim sees it, and its
    interior ones are kept as they are, so it is not scanned (that would cost a
    pass over 10^6 ids on the bulk path).
    """
    if isinstance(values, np.ndarray) and values.dtype.kind != "O":
        return -1
    if arr.dtype.kind not in "UO":
        return -1
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if "\x00" not in "".join(v for v in items if isinstance(v, str)):
        return -1
    return next(i for i, v in enumerate(items) if isinstance(v, str) and "\x00" in v)


def _no_nul(values: Any, arr: np.ndarray, table: str, field: str, ids: np.ndarray | None) -> None:
    i = _nul(values, arr)
    if i >= 0:
        raise ValidationError(
            f"{_who(table, ids, i)}: field {field!r} must not contain a NUL character. "
            f"Got {_show(list(values)[i])} instead."
        )


def _empty_or_padded(ids: np.ndarray) -> np.ndarray:
    """Mask of empty ids and ids with whitespace at either end (as ``str.strip`` sees it).

    Only the first and the last character of each id are looked at, read from the
    array's UCS-4 buffer: one pass over the rows rather than a stripped copy of them.
    """
    n, width = ids.shape[0], ids.dtype.itemsize // 4
    if width == 0:
        return np.ones(n, dtype=bool)
    points = np.ascontiguousarray(ids).view(np.uint32).reshape(n, width)
    lens = np.strings.str_len(ids)
    ends = np.stack([points[:, 0], points[np.arange(n), np.maximum(lens - 1, 0)]], axis=1)
    space = _SPACE[np.minimum(ends, _SPACE.shape[0] - 1)].any(axis=1)
    bad: np.ndarray = (lens == 0) | space
    return bad


#: Whether a code point is whitespace (``str.isspace``), for code points up to U+3000,
#: the last whitespace character of Unicode; the table's last entry (U+3001) stands for
#: every code point above it and is false.
_SPACE = np.array([chr(c).isspace() for c in range(0x3002)], dtype=bool)


def _ids(values: ArrayLike, table: str) -> np.ndarray:
    """An id column: text, none missing, none empty, with surrounding whitespace or a NUL."""
    arr = _column(values, table, "id")
    _no_nul(values, arr, table, "id", None)
    if arr.dtype.kind == "O":
        absent = [i for i, v in enumerate(arr) if _is_missing(v)]
        if absent:
            raise ValidationError(f"{_who(table, None, absent[0])}: field 'id' is missing.")
    ids = arr if arr.dtype.kind == "U" else arr.astype(np.str_)
    if ids.size:
        bad = _empty_or_padded(ids)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValidationError(
                f"{_who(table, None, i)}: field 'id' must be non-empty without surrounding "
                f"whitespace. Got {str(ids[i])!r} instead."
            )
    return ids


def _texts(
    values: ArrayLike | None, default: Any, table: str, field: str, ids: np.ndarray | None
) -> Any:
    """A text column (``name``; ``note``, where ``default`` is None and None is allowed)."""
    if values is None:
        return default
    arr = _column(values, table, field)
    if arr.dtype.kind == "U" and default is not None:
        return arr
    if arr.dtype.kind in "US":
        return arr.astype(np.str_) if default is not None else arr.astype(np.str_).astype(object)
    # Only the entries that are not None are looked at (``!= None`` runs in C): a
    # 3x10^6-row note column of mostly None costs milliseconds, not seconds.
    given = np.flatnonzero(arr != None)  # noqa: E711 - elementwise on an object array
    entries = arr[given].tolist()
    ok = [isinstance(v, str) or (default is None and _is_missing(v)) for v in entries]
    bad = [int(given[ok.index(False)])] if not all(ok) else []
    if default is not None and given.size < arr.shape[0]:  # a None name
        bad.append(int(np.flatnonzero(arr == None)[0]))  # noqa: E711
    if bad:
        i = min(bad)
        allowed = "a str or None" if default is None else "a str"
        raise ValidationError(
            f"{_who(table, ids, i)}: field {field!r} must be {allowed}. Got {_show(arr[i])} instead."
        )
    if default is None:
        out = np.full(arr.shape[0], None, dtype=object)
        out[given] = [None if _is_missing(v) else v for v in entries]
        return out
    return arr


class _LazyIndex:
    """An :class:`IdIndex` built only if some reference column is given as ids.

    Its ids are checked for uniqueness when it is built, so that a duplicated id is
    reported as such rather than as an ambiguous reference.
    """

    def __init__(self, ids: np.ndarray, what: str) -> None:
        self._ids = ids
        self._what = what
        self._index: IdIndex | None = None

    def lookup(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self._index is None:
            self._index = IdIndex(self._ids)
            check_unique(self._index, self._what)
        return self._index.lookup(query)


def _references(
    values: ArrayLike | None,
    n: int,
    index: _LazyIndex,
    n_target: int,
    what: str,
    field: str,
    ids: np.ndarray | None,
) -> np.ndarray:
    """Resolve a reference column given as ids (str, None = none) or rows (int, -1 = none)."""
    if values is None:
        return np.full(n, -1, dtype=np.int64)
    who = {"Territory": "territories", "Institution": "institutions", "Relation": "relations"}[what]
    target = "territory" if field in ("territory", "parent") else "institution"
    arr = _column(values, who, field)
    if arr.size == 0:  # an empty list comes out of numpy as float64
        return np.zeros(0, dtype=np.int64)
    if arr.dtype.kind in "iu":
        # Rows in int32 range are checked by validate_tables, which names both ends of a
        # relation; larger ones must be caught here, before the table's int32 cast
        # would wrap them round to valid rows.
        info = np.iinfo(np.int32)
        bad = ((arr < -1) | (arr >= n_target)) & ((arr < info.min) | (arr > info.max))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValidationError(
                f"{_who(who, ids, i)}: field {field!r} refers to {target} row {int(arr[i])}, "
                f"but there are {n_target} {target} rows (-1 for none)."
            )
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind not in "USO":
        raise ValidationError(
            f"{who}: field {field!r} must hold ids (str) or row numbers (int). "
            f"Got an array of {arr.dtype} instead."
        )
    _no_nul(values, arr, who, field, ids)  # before numpy drops a trailing NUL
    if arr.dtype.kind == "U":  # no None in a unicode array; "" stands for none
        missing = np.strings.str_len(arr) == 0
        query = arr
    else:
        arr = arr.astype(object)
        missing = np.array([_is_missing(v) or v == "" for v in arr], dtype=bool)
        query = np.where(missing, "", arr).astype(np.str_)
    rows, found = index.lookup(query)
    bad = ~found & ~missing
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValidationError(
            f"{_who(who, ids, i)}: field {field!r} refers to unknown {target} {str(arr[i])!r}."
        )
    return np.where(missing, -1, rows)


def _roles(values: ArrayLike | None, n: int, ids: np.ndarray) -> np.ndarray:
    """The role column: role names (None/missing for none) or codes (-1 for none)."""
    if values is None:
        return np.full(n, -1, dtype=np.int8)
    arr = _column(values, "institutions", "role")
    if arr.size == 0:
        return np.zeros(0, dtype=np.int8)
    if arr.dtype.kind in "iu":
        out = np.full(arr.shape[0], -1, dtype=np.int8)
        given = arr != -1
        out[given] = codes(arr[given], Role, "institutions", "role", ids[given])
        return out
    # a mixed column may hold names and codes: codes become names first
    items = np.array(
        [
            (Role.from_code(int(v)).value if 0 <= v < len(Role) else None if v == -1 else v)
            if isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_)
            else v
            for v in arr.astype(object)
        ],
        dtype=object,
    )
    missing = np.array([_is_missing(v) or v == "" for v in items], dtype=bool)
    out = np.full(arr.shape[0], -1, dtype=np.int8)
    if (~missing).any():
        out[~missing] = codes(items[~missing], Role, "institutions", "role", ids[~missing])
    return out


def _check_columns(table: str, columns: Mapping[str, Any]) -> None:
    unknown = set(columns) - set(_COLUMNS[table])
    if unknown:
        raise ValidationError(
            f"Unknown column(s) {sorted(unknown)} in {table}. Known columns: {', '.join(_COLUMNS[table])}."
        )
    missing = [c for c in _REQUIRED[table] if c not in columns]
    if missing:
        raise ValidationError(f"Missing column(s) {missing} in {table}.")


def tables_from_arrays(
    territories: Mapping[str, Any] | None,
    institutions: Mapping[str, Any] | None,
    relations: Mapping[str, Any] | None,
    *,
    owned: bool = False,
) -> tuple[TerritoryTable, InstitutionTable, RelationTable]:
    """Column mappings (see :meth:`Polity.from_arrays`) -> tables, references resolved.

    ``owned=True`` says that the caller made the arrays for this call and keeps no
    reference to them (a file reader): the tables then seal them without a copy.
    Every check runs either way.
    """
    make: Any = _owned if owned else (lambda cls, **cols: cls(**cols))
    # `is None`, not `or`: a pandas DataFrame is a valid table but has no truth value
    t_cols: dict[str, Any] = dict({"id": [], "level": []} if territories is None else territories)
    i_cols: dict[str, Any] = dict(
        {"id": [], "kind": [], "level": []} if institutions is None else institutions
    )
    r_cols: dict[str, Any] = dict(
        {"source": [], "target": [], "kind": []} if relations is None else relations
    )
    for table, cols in (
        ("territories", t_cols),
        ("institutions", i_cols),
        ("relations", r_cols),
    ):
        _check_columns(table, cols)

    t_ids = _ids(t_cols["id"], "territories")
    n_t = t_ids.shape[0]
    t_index = _LazyIndex(t_ids, "Territory")
    territory_table = make(
        TerritoryTable,
        id=t_ids,
        name=_texts(t_cols.get("name"), t_ids, "territories", "name", t_ids),
        level=codes(t_cols["level"], Level, "territories", "level", t_ids),
        parent=_references(t_cols.get("parent"), n_t, t_index, n_t, "Territory", "parent", t_ids),
        population=_optional_ints(
            t_cols.get("population"), n_t, table="territories", field="population", ids=t_ids
        ),
    )
    i_ids = _ids(i_cols["id"], "institutions")
    n_i = i_ids.shape[0]
    i_index = _LazyIndex(i_ids, "Institution")
    terms = i_cols.get("term")
    institution_table = make(
        InstitutionTable,
        id=i_ids,
        name=_texts(i_cols.get("name"), i_ids, "institutions", "name", i_ids),
        kind=codes(i_cols["kind"], InstitutionKind, "institutions", "kind", i_ids),
        level=codes(i_cols["level"], Level, "institutions", "level", i_ids),
        territory=_references(
            i_cols.get("territory"), n_i, t_index, n_t, "Institution", "territory", i_ids
        ),
        seats=_optional_ints(
            i_cols.get("seats"), n_i, missing=1, table="institutions", field="seats", ids=i_ids
        ),
        term=np.full(n_i, None, dtype=object) if terms is None else terms,
        role=_roles(i_cols.get("role"), n_i, i_ids),
    )
    n_r = _column(r_cols["source"], "relations", "source").shape[0]
    relation_table = make(
        RelationTable,
        source=_references(r_cols["source"], n_r, i_index, n_i, "Relation", "source", None),
        target=_references(r_cols["target"], n_r, i_index, n_i, "Relation", "target", None),
        kind=codes(r_cols["kind"], RelationKind, "relations", "kind"),
        seats=_optional_ints(r_cols.get("seats"), n_r, table="relations", field="seats"),
        threshold=_optional_floats(
            r_cols.get("threshold"), n_r, table="relations", field="threshold"
        ),
        note=_texts(r_cols.get("note"), None, "relations", "note", None)
        if "note" in r_cols
        else np.full(n_r, None, dtype=object),
    )
    return territory_table, institution_table, relation_table


def _owned(cls: Any, **columns: Any) -> Any:
    """A table of arrays nobody else holds: sealed as they are, trimmed text columns kept."""
    trusted = [k for k, v in columns.items() if _storable(v, _DTYPES[k])]
    return cls._trusted(columns, trusted=trusted)


def _storable(value: Any, dtype: Any) -> bool:
    """Whether a table may keep this column as it is (any other is converted and copied)."""
    if not isinstance(value, np.ndarray) or value.ndim != 1:
        return False
    if dtype is np.str_:
        return value.dtype.kind == "U" and _trimmed(value)
    if dtype is object:
        return bool(value.dtype == object)
    if value.dtype.kind == "f":  # the float64 columns this module made (_optional_floats)
        return bool(value.dtype == np.dtype(dtype))
    return value.dtype.kind in "iu" and np.dtype(dtype).kind in "iu"


def _trimmed(arr: np.ndarray) -> bool:
    """Whether a unicode array is no wider than its longest string (as tables store them)."""
    width = arr.dtype.itemsize // 4
    return (
        arr.size == 0 or width <= 1 or bool(np.any(arr.view(np.uint32).reshape(-1, width)[:, -1]))
    )


def row(model: type, value: Any, field: str, k: int) -> Any:
    try:
        return model.model_validate(value)  # type: ignore[attr-defined]
    except Exception as exc:
        raise ValidationError(f"{field}[{k}]: {pydantic_message(exc)}") from None


def validate_document(data: Mapping[str, Any]) -> PolityDocument:
    """Validate a document dict, naming the row's id in the message where one is known."""
    return PolityDocument.model_validate(data)


def document(**fields: Any) -> PolityDocument:
    data = {
        k: (tuple(v) if k in _COLUMNS or k in ("electoral_systems", "rules") else v)
        for k, v in fields.items()
    }
    data["sources"] = tuple(data["sources"])
    # Row models pass through unchanged; dicts are validated (with messages naming the row).
    for key in ("territories", "institutions", "relations", "electoral_systems", "rules"):
        data[key] = tuple(r.model_dump() if hasattr(r, "model_dump") else r for r in data[key])
    return validate_document(data)


def tables_from_rows(
    doc: PolityDocument,
) -> tuple[TerritoryTable, InstitutionTable, RelationTable]:
    """Row models -> tables, through the same column path as :func:`tables_from_arrays`."""
    t, i, r = doc.territories, doc.institutions, doc.relations
    return tables_from_arrays(
        {
            "id": [x.id for x in t],
            "name": [x.name for x in t],
            "level": [x.level.code for x in t],
            "parent": [x.parent for x in t],
            "population": [x.population for x in t],
        },
        {
            "id": [x.id for x in i],
            "name": [x.name for x in i],
            "kind": [x.kind.code for x in i],
            "level": [x.level.code for x in i],
            "territory": [x.territory for x in i],
            "seats": [x.seats for x in i],
            "term": [x.term for x in i],
            "role": [-1 if x.role is None else x.role.code for x in i],
        },
        {
            "source": [x.source for x in r],
            "target": [x.target for x in r],
            "kind": [x.kind.code for x in r],
            "seats": [x.seats for x in r],
            "threshold": [x.threshold for x in r],
            "note": [x.note for x in r],
        },
    )


# ------------------------------------------------------------------ documents as columns
_NONE = type(None)
_TABLE_KEYS = {
    "territories": frozenset(_COLUMNS["territories"]),
    "institutions": frozenset(_COLUMNS["institutions"]),
    "relations": frozenset(_COLUMNS["relations"]),
}
_DOCUMENT_KEYS = frozenset(PolityDocument.model_fields)


class _Slow(Exception):
    """Raised inside :func:`document_columns` when a document needs the row models."""


def _column_of(rows: list[Any], key: str, types: set[type], required: bool) -> list[Any]:
    """The values of ``key`` over the rows, each of one of ``types`` (exactly)."""
    try:
        values = list(map(dict.__getitem__ if required else dict.get, rows, repeat(key)))
    except KeyError:
        raise _Slow from None
    if not set(map(type, values)) <= types:
        raise _Slow
    return values


def _good_ids(values: list[Any], optional: bool) -> np.ndarray:
    """Ids that match the id pattern, as a unicode array (``""`` for a None, if ``optional``).

    The pattern (:data:`govsim.model.base.ID_PATTERN`): non-empty, no whitespace at
    either end, no NUL and no line feed anywhere. A stricter test than the pattern's
    (``str.isspace`` at the ends) only sends a document to the row models. A reference
    column treats ``""`` as none (:func:`_references`), as it does None.
    """
    given = [v for v in values if v is not None] if optional else values
    if not given:
        return np.full(len(values), "", dtype="<U1")
    if "\x00" in "".join(given):
        raise _Slow
    ids = np.array(given, dtype=np.str_)
    width = ids.dtype.itemsize // 4
    if _empty_or_padded(ids).any() or (ids.view(np.uint32).reshape(-1, width) == 0x0A).any():
        raise _Slow
    if len(given) == len(values):
        return ids
    return np.array(["" if v is None else v for v in values], dtype=np.str_)


def _row_numbers(ids: list[str]) -> dict[str, int]:
    """id -> row of a table's (valid) ids; a duplicated id is the row models' to report."""
    rows = dict(zip(ids, range(len(ids)), strict=True))
    if len(rows) != len(ids):
        raise _Slow
    return rows


def _resolve(refs: list[Any], rows: dict[str, int]) -> np.ndarray:
    """References by id (None: none) -> row numbers (-1: none), one dict lookup each.

    A reference found among the ids is a valid id; one that is not found sends the
    document to the row models, which name it.
    """
    rows_none: dict[Any, int] = rows | {None: -1} if None in set(refs) else rows
    try:
        return np.fromiter(map(rows_none.__getitem__, refs), dtype=np.int64, count=len(refs))
    except (KeyError, TypeError):
        raise _Slow from None


def _bounded(values: list[Any], low: float, high: float, *, floats: bool = False) -> None:
    given = [v for v in values if v is not None]
    if not given:
        return
    try:
        arr = np.array(given, dtype=np.float64 if floats else np.int64)
    except OverflowError:
        raise _Slow from None
    ok = ((arr > low) if floats else (arr >= low)) & (arr <= high)  # floats: (low, high]
    if not ok.all():
        raise _Slow


def _enum_codes(values: list[Any], enum: type[_Coded], optional: bool) -> list[int]:
    lookup = enum._positions()
    try:
        return (
            [-1 if v is None else lookup[v] for v in values]
            if optional
            else [lookup[v] for v in values]
        )
    except KeyError:
        raise _Slow from None


def _term_column(values: list[Any]) -> list[Any]:
    """Term dicts -> TermRule objects (validated by the model, one per distinct rule)."""
    from govsim.model.rows import TermRule

    out: list[Any] = [None] * len(values)
    made: dict[tuple[Any, ...], Any] = {}
    for k, v in enumerate(values):
        if v is None:
            continue
        if type(v) is not dict:
            raise _Slow
        key = tuple((f, type(x), x) for f, x in v.items())
        try:
            rule = made.get(key)
        except TypeError:  # an unhashable value
            raise _Slow from None
        if rule is None:
            try:
                rule = made[key] = TermRule.model_validate(v)
            except Exception:
                raise _Slow from None
        out[k] = rule
    return out


def _rows_of(data: Mapping[str, Any], table: str) -> list[Any]:
    rows = data.get(table, [])
    if type(rows) is not list or not set(map(type, rows)) <= {dict}:
        raise _Slow
    if rows and not set().union(*rows) <= _TABLE_KEYS[table]:
        raise _Slow
    return rows


def document_columns(
    data: Mapping[str, Any],
) -> tuple[PolityDocument, dict[str, Any], dict[str, Any], dict[str, Any]] | None:
    """A document dict as (metadata, territory, institution and relation columns), or None.

    The fast path of :meth:`Polity.from_document <govsim.model.Polity.from_document>`
    for the documents that files hold: each table's values are read column by column
    and checked against the row models' rules (types exactly ``str``, ``int``, ...,
    ids against the id pattern, numbers inside their bounds, names of kinds), with
    no row object per row. ``None`` when any value is not plainly valid: the caller
    then validates through the row models, which accept what they accept (``7.0``
    for an int) and raise their own messages, so that both paths give the same polity
    and the same error. The metadata (electoral systems, rules) goes through the
    document model.
    """
    from govsim.model.rows import MAX_POPULATION, MAX_SEATS

    if not isinstance(data, dict) or not set(data) <= _DOCUMENT_KEYS:
        return None
    try:
        t_rows = _rows_of(data, "territories")
        i_rows = _rows_of(data, "institutions")
        r_rows = _rows_of(data, "relations")
        fmt = data.get("format", 1)
        if type(fmt) is not int or fmt != 1:
            raise _Slow
        t_list = _column_of(t_rows, "id", {str}, True)
        t_ids = _good_ids(t_list, False)
        t_row = _row_numbers(t_list)
        t_parent = _resolve(_column_of(t_rows, "parent", {str, _NONE}, False), t_row)
        t_pop = _column_of(t_rows, "population", {int, _NONE}, False)
        _bounded(t_pop, 0, MAX_POPULATION)
        territories = {
            "id": t_ids,
            "name": _column_of(t_rows, "name", {str}, True),
            "level": _enum_codes(_column_of(t_rows, "level", {str}, True), Level, False),
            "parent": t_parent,
            "population": t_pop,
        }
        i_list = _column_of(i_rows, "id", {str}, True)
        i_ids = _good_ids(i_list, False)
        i_row = _row_numbers(i_list)
        i_terr = _resolve(_column_of(i_rows, "territory", {str, _NONE}, False), t_row)
        seats = list(map(dict.get, i_rows, repeat("seats"), repeat(1)))  # null: slow
        if not set(map(type, seats)) <= {int}:
            raise _Slow
        _bounded(seats, 1, MAX_SEATS)
        institutions = {
            "id": i_ids,
            "name": _column_of(i_rows, "name", {str}, True),
            "kind": _enum_codes(_column_of(i_rows, "kind", {str}, True), InstitutionKind, False),
            "level": _enum_codes(_column_of(i_rows, "level", {str}, True), Level, False),
            "territory": i_terr,
            "seats": seats,
            "term": _term_column(_column_of(i_rows, "term", {dict, _NONE}, False)),
            "role": _enum_codes(_column_of(i_rows, "role", {str, _NONE}, False), Role, True),
        }
        r_seats = _column_of(r_rows, "seats", {int, _NONE}, False)
        _bounded(r_seats, 1, MAX_SEATS)
        threshold = _column_of(r_rows, "threshold", {int, float, _NONE}, False)
        _bounded(threshold, 0, 1, floats=True)
        relations = {
            "source": _resolve(_column_of(r_rows, "source", {str}, True), i_row),
            "target": _resolve(_column_of(r_rows, "target", {str}, True), i_row),
            "kind": _enum_codes(_column_of(r_rows, "kind", {str}, True), RelationKind, False),
            "seats": r_seats,
            "threshold": [None if v is None else float(v) for v in threshold],
            "note": _column_of(r_rows, "note", {str, _NONE}, False),
        }
        meta = {k: v for k, v in data.items() if k not in _TABLE_KEYS}
        try:
            doc = validate_document(meta)
        except ValidationError:
            raise _Slow from None
    except _Slow:
        return None
    return doc, territories, institutions, relations

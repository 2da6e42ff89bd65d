"""Turning rows, columns and documents into column tables.

Every construction path of a :class:`~govsim.model.Polity` goes through here and
then through :func:`govsim.model.validate.validate_tables`: row models and file
documents (:func:`tables_from_rows`), and column mappings for bulk data
(:func:`tables_from_arrays`). Enumerated columns accept names or integer codes;
reference columns accept ids or row numbers. Errors name the table, row and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from govsim.errors import ValidationError
from govsim.model.document import PolityDocument
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.tables import InstitutionTable, RelationTable, TerritoryTable
from govsim.model.validate import IdIndex

__all__ = [
    "codes",
    "document",
    "row",
    "tables_from_arrays",
    "tables_from_rows",
    "validate_document",
]

_COLUMNS = {
    "territories": ("id", "name", "level", "parent", "population"),
    "institutions": ("id", "name", "kind", "level", "territory", "seats", "term"),
    "relations": ("source", "target", "kind", "seats", "threshold", "note"),
}
_REQUIRED = {
    "territories": ("id", "level"),
    "institutions": ("id", "kind", "level"),
    "relations": ("source", "target", "kind"),
}


def codes(values: ArrayLike, enum: type, table: str, field: str) -> np.ndarray:
    """Enum names or integer codes -> int8 codes, with an error naming the field."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int8, copy=False)
    try:
        return enum.to_codes(arr)  # type: ignore[attr-defined]
    except ValueError as exc:
        known = ", ".join(m.value for m in enum)  # type: ignore[attr-defined]
        raise ValidationError(
            f"{table}: field {field!r} has unknown value {exc.args[0]!r}. Known values: {known}."
        ) from None


def _optional_ints(values: ArrayLike | None, n: int, missing: int = -1) -> np.ndarray:
    if values is None:
        return np.full(n, missing, dtype=np.int64)
    arr = np.asarray(values)
    if arr.dtype == object:
        return np.array([missing if v is None else v for v in arr], dtype=np.int64)
    return arr.astype(np.int64, copy=False)


def _optional_floats(values: ArrayLike | None, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    arr = np.asarray(values)
    if arr.dtype == object:
        return np.array([np.nan if v is None else v for v in arr], dtype=np.float64)
    return arr.astype(np.float64, copy=False)


class _LazyIndex:
    """An :class:`IdIndex` built only if some reference column is given as ids."""

    def __init__(self, ids: np.ndarray) -> None:
        self._ids = ids
        self._index: IdIndex | None = None

    def lookup(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self._index is None:
            self._index = IdIndex(self._ids)
        return self._index.lookup(query)


def _references(
    values: ArrayLike | None,
    n: int,
    index: IdIndex | _LazyIndex,
    n_target: int,
    what: str,
    field: str,
    ids: np.ndarray | None,
) -> np.ndarray:
    """Resolve a reference column given as ids (str, None = none) or rows (int, -1 = none)."""
    if values is None:
        return np.full(n, -1, dtype=np.int64)
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    arr = arr.astype(object)
    missing = (
        np.array([v is None or v == "" for v in arr], dtype=bool) if arr.size else np.zeros(0, bool)
    )
    query = np.where(missing, "", arr).astype(np.str_)
    rows, found = index.lookup(query)
    bad = ~found & ~missing
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        who = f"{what} {str(ids[i])!r}" if ids is not None else f"{what} #{i}"
        target = "territory" if field in ("territory", "parent") else "institution"
        raise ValidationError(f"{who}: field {field!r} refers to unknown {target} {str(arr[i])!r}.")
    return np.where(missing, -1, rows)


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
) -> tuple[TerritoryTable, InstitutionTable, RelationTable]:
    """Column mappings (see :meth:`Polity.from_arrays`) -> tables, references resolved."""
    t_cols: dict[str, Any] = dict(territories or {"id": [], "level": []})
    i_cols: dict[str, Any] = dict(institutions or {"id": [], "kind": [], "level": []})
    r_cols: dict[str, Any] = dict(relations or {"source": [], "target": [], "kind": []})
    for table, cols in (
        ("territories", t_cols),
        ("institutions", i_cols),
        ("relations", r_cols),
    ):
        _check_columns(table, cols)

    t_ids = np.asarray(t_cols["id"], dtype=np.str_).reshape(-1)
    n_t = t_ids.shape[0]
    t_index = _LazyIndex(t_ids)
    territory_table = TerritoryTable(
        id=t_ids,
        name=t_cols.get("name", t_ids),
        level=codes(t_cols["level"], Level, "territories", "level"),
        parent=_references(t_cols.get("parent"), n_t, t_index, n_t, "Territory", "parent", t_ids),
        population=_optional_ints(t_cols.get("population"), n_t),
    )
    i_ids = np.asarray(i_cols["id"], dtype=np.str_).reshape(-1)
    n_i = i_ids.shape[0]
    i_index = _LazyIndex(i_ids)
    terms = i_cols.get("term")
    institution_table = InstitutionTable(
        id=i_ids,
        name=i_cols.get("name", i_ids),
        kind=codes(i_cols["kind"], InstitutionKind, "institutions", "kind"),
        level=codes(i_cols["level"], Level, "institutions", "level"),
        territory=_references(
            i_cols.get("territory"), n_i, t_index, n_t, "Institution", "territory", i_ids
        ),
        seats=_optional_ints(i_cols.get("seats"), n_i, missing=1),
        term=np.full(n_i, None, dtype=object) if terms is None else terms,
    )
    n_r = len(np.asarray(r_cols["source"]).reshape(-1))
    notes = r_cols.get("note")
    relation_table = RelationTable(
        source=_references(r_cols["source"], n_r, i_index, n_i, "Relation", "source", None),
        target=_references(r_cols["target"], n_r, i_index, n_i, "Relation", "target", None),
        kind=codes(r_cols["kind"], RelationKind, "relations", "kind"),
        seats=_optional_ints(r_cols.get("seats"), n_r),
        threshold=_optional_floats(r_cols.get("threshold"), n_r),
        note=np.full(n_r, None, dtype=object) if notes is None else notes,
    )
    return territory_table, institution_table, relation_table


def row(model: type, value: Any, field: str, k: int) -> Any:
    try:
        return model.model_validate(value)  # type: ignore[attr-defined]
    except Exception as exc:
        raise ValidationError(f"{field}[{k}]: {_pydantic_message(exc)}") from None


def _pydantic_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    parts = []
    for e in errors()[:3]:
        loc = ".".join(str(x) for x in e.get("loc", ()))
        parts.append(f"field {loc!r}: {e.get('msg')} (got {e.get('input')!r})")
    return "; ".join(parts)


def validate_document(data: Mapping[str, Any]) -> PolityDocument:
    """Validate a document dict, naming the row's id in the message where one is known."""
    from pydantic import ValidationError as PydanticError

    try:
        return PolityDocument.model_validate(data)
    except PydanticError as exc:
        e = exc.errors()[0]
        loc = list(e.get("loc", ()))
        where = ""
        table = str(loc[0]) if loc else ""
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data.get(table), list | tuple):
            row = data[table][loc[1]]
            rid = row.get("id") if isinstance(row, Mapping) else None
            where = f" ({table[:-1]} {rid!r})" if rid is not None else ""
        field = ".".join(str(x) for x in loc)
        more = f" (and {len(exc.errors()) - 1} more errors)" if len(exc.errors()) > 1 else ""
        raise ValidationError(
            f"field {field!r}{where}: {e.get('msg')} (got {e.get('input')!r}){more}"
        ) from None


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
    t, i, r = doc.territories, doc.institutions, doc.relations
    t_ids = np.asarray([x.id for x in t], dtype=np.str_)
    t_index = IdIndex(t_ids)
    dup = t_index.duplicates()
    if dup is not None:
        raise ValidationError(
            f"Territory id {dup[0]!r} is not unique (rows {dup[1]} and {dup[2]}): field 'id'."
        )
    territories = TerritoryTable(
        id=t_ids,
        name=[x.name for x in t],
        level=np.array([x.level.code for x in t], dtype=np.int8),
        parent=_references(
            np.array([x.parent for x in t], dtype=object),
            len(t),
            t_index,
            len(t),
            "Territory",
            "parent",
            t_ids,
        ),
        population=np.array(
            [-1 if x.population is None else x.population for x in t], dtype=np.int64
        ),
    )
    i_ids = np.asarray([x.id for x in i], dtype=np.str_)
    i_index = IdIndex(i_ids)
    institutions = InstitutionTable(
        id=i_ids,
        name=[x.name for x in i],
        kind=np.array([x.kind.code for x in i], dtype=np.int8),
        level=np.array([x.level.code for x in i], dtype=np.int8),
        territory=_references(
            np.array([x.territory for x in i], dtype=object),
            len(i),
            t_index,
            len(t),
            "Institution",
            "territory",
            i_ids,
        ),
        seats=np.array([x.seats for x in i], dtype=np.int64),
        term=[x.term for x in i],
    )
    src = _references(
        np.array([x.source for x in r], dtype=object),
        len(r),
        i_index,
        len(i),
        "Relation",
        "source",
        None,
    )
    tgt = _references(
        np.array([x.target for x in r], dtype=object),
        len(r),
        i_index,
        len(i),
        "Relation",
        "target",
        None,
    )
    relations = RelationTable(
        source=src,
        target=tgt,
        kind=np.array([x.kind.code for x in r], dtype=np.int8),
        seats=np.array([-1 if x.seats is None else x.seats for x in r], dtype=np.int64),
        threshold=np.array(
            [np.nan if x.threshold is None else x.threshold for x in r], dtype=np.float64
        ),
        note=[x.note for x in r],
    )
    return territories, institutions, relations

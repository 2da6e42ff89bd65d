"""A polity's tables as pandas DataFrames, and back (needs the ``pandas`` extra).

:func:`to_pandas` (``Polity.to_pandas()``) gives three DataFrames with typed columns,
built column by column from the polity's numpy columns (no loop over rows):

``institutions`` (index ``id``)
    ``name`` (string), ``kind`` (categorical, every :class:`~govsim.InstitutionKind`),
    ``level`` (ordered categorical, national < regional < district < local),
    ``territory`` (string territory id, ``<NA>`` for none), ``seats`` (Int64),
    ``term_years``, ``max_terms`` (nullable Int64: ``<NA>`` without a term rule, and
    ``max_terms`` ``<NA>`` for no limit), ``consecutive_only``, ``exempt_incumbent``
    (nullable boolean), ``role`` (categorical of :class:`~govsim.model.Role`, NaN
    for none).
``relations`` (a plain 0..n-1 index: a pair may hold several kinds)
    ``source``, ``target`` (string institution ids), ``kind`` (categorical of
    :class:`~govsim.RelationKind`), ``group`` (categorical: selection, removal,
    constraint, access, informal, partisan), ``seats`` (nullable Int64),
    ``threshold`` (nullable Float64), ``note`` (string, ``<NA>`` for none).
``territories`` (index ``id``)
    ``name`` (string), ``level`` (ordered categorical), ``parent`` (string id,
    ``<NA>`` for the root), ``population`` (nullable Int64, ``<NA>`` unknown).

:meth:`govsim.Polity.from_pandas` reads the three frames back into a validated polity
(the round trip is exact; electoral systems and rules, which are not tables, are
passed in); :func:`tables_from_pandas` does the reading.

Without pandas installed both raise :class:`govsim.GovsimError` saying how to get it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from govsim.errors import GovsimError, ValidationError
from govsim.model.kinds import InstitutionKind, Level, RelationGroup, RelationKind, Role
from govsim.model.rows import TermRule
from govsim.model.tables import InstitutionTable, RelationTable, TerritoryTable

if TYPE_CHECKING:
    import pandas as pd

    from govsim.model.polity import Polity

__all__ = [
    "INSTITUTION_COLUMNS",
    "RELATION_COLUMNS",
    "TERRITORY_COLUMNS",
    "PolityFrames",
    "require_pandas",
    "tables_from_pandas",
    "to_pandas",
]

#: The columns of each frame, in order (the index is ``id`` for institutions and
#: territories).
INSTITUTION_COLUMNS = (
    "name",
    "kind",
    "level",
    "territory",
    "seats",
    "term_years",
    "max_terms",
    "consecutive_only",
    "exempt_incumbent",
    "role",
)
RELATION_COLUMNS = ("source", "target", "kind", "group", "seats", "threshold", "note")
TERRITORY_COLUMNS = ("name", "level", "parent", "population")


class PolityFrames(NamedTuple):
    """The three DataFrames of a polity (see :mod:`govsim.model.frames`)."""

    institutions: pd.DataFrame
    relations: pd.DataFrame
    territories: pd.DataFrame


def require_pandas(what: str) -> Any:
    """Import pandas for ``what``; a clear :class:`govsim.GovsimError` if it is missing."""
    try:
        import pandas
    except ImportError:
        raise GovsimError(
            f"{what} needs pandas, which is not installed: pip install 'govsim[pandas]'."
        ) from None
    return pandas


def _categorical(pd: Any, codes: np.ndarray, enum: Any, *, ordered: bool = False) -> Any:
    """Codes (``-1`` for none) as a categorical over every member of ``enum``."""
    categories = pd.CategoricalDtype([m.value for m in enum.members()], ordered=ordered)
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), dtype=categories)


def _arrow() -> Any:
    """pyarrow if installed (the ``arrow`` extra): it builds string columns in C."""
    try:
        import pyarrow
    except ImportError:
        return None
    return pyarrow


def _strings(pd: Any, values: np.ndarray) -> Any:
    """A numpy unicode (or object) column as a pandas ``string`` array."""
    pa = _arrow()
    if pa is not None and values.dtype.kind == "U":
        return pd.array(pa.array(values), dtype="string")
    return pd.array(np.asarray(values, dtype=object), dtype="string")


def _ids_at(pd: Any, ids: np.ndarray, rows: np.ndarray) -> Any:
    """The ids of ``rows`` (``-1``: ``<NA>``) as a string array."""
    rows = np.asarray(rows, dtype=np.int64)
    has = rows >= 0
    pa = _arrow()
    if pa is not None and ids.shape[0] and ids.dtype.kind == "U":
        picked = pa.array(ids).take(pa.array(np.where(has, rows, 0), mask=~has))
        return pd.array(picked, dtype="string")
    out = np.empty(rows.shape[0], dtype=object)
    out[has] = ids[rows[has]] if ids.shape[0] else []
    out[~has] = None
    return pd.array(out, dtype="string")


def _nullable_int(pd: Any, values: np.ndarray, missing: np.ndarray) -> Any:
    return pd.arrays.IntegerArray(np.asarray(values, dtype=np.int64), np.asarray(missing, bool))


def to_pandas(polity: Polity) -> PolityFrames:
    """The polity's institutions, relations and territories as typed DataFrames.

    Raises
    ------
    govsim.GovsimError
        If pandas is not installed.

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan_2019
    >>> frames = kazakhstan_2019().to_pandas()
    >>> president = frames.institutions.loc["president"]
    >>> president["kind"], int(president["term_years"]), int(president["max_terms"])
    ('head_of_state', 5, 2)
    >>> str(frames.relations["kind"].dtype), str(frames.territories["population"].dtype)
    ('category', 'Int64')
    """
    pd = require_pandas("Polity.to_pandas")
    t, i, r = polity.territory_table, polity.institution_table, polity.relation_table
    t_ids, i_ids = np.asarray(t.id), np.asarray(i.id)

    terms = np.asarray(i.term, dtype=object)
    has_term = np.fromiter((x is not None for x in terms), dtype=bool, count=terms.shape[0])
    # the term fields as columns: one pass over the term objects (no loop over nodes
    # in numpy code, but the rules are Python objects)
    ruled = terms[has_term]
    years = np.zeros(terms.shape[0], dtype=np.int64)
    limit = np.zeros(terms.shape[0], dtype=np.int64)
    no_limit = ~has_term.copy()
    consecutive = np.zeros(terms.shape[0], dtype=bool)
    exempt = np.zeros(terms.shape[0], dtype=bool)
    if ruled.shape[0]:
        years[has_term] = [x.years for x in ruled]
        limit[has_term] = [x.max_terms or 0 for x in ruled]
        no_limit[has_term] = [x.max_terms is None for x in ruled]
        consecutive[has_term] = [x.consecutive_only for x in ruled]
        exempt[has_term] = [x.exempt_incumbent for x in ruled]
    institutions = pd.DataFrame(
        {
            "name": _strings(pd, np.asarray(i.name)),
            "kind": _categorical(pd, i.kind, InstitutionKind),
            "level": _categorical(pd, i.level, Level, ordered=True),
            "territory": _ids_at(pd, t_ids, i.territory),
            "seats": _nullable_int(pd, i.seats, np.zeros(len(i), bool)),
            "term_years": _nullable_int(pd, years, ~has_term),
            "max_terms": _nullable_int(pd, limit, no_limit),
            "consecutive_only": pd.arrays.BooleanArray(consecutive, ~has_term),
            "exempt_incumbent": pd.arrays.BooleanArray(exempt, ~has_term),
            "role": _categorical(pd, i.role, Role),
        },
        index=pd.Index(_strings(pd, i_ids), name="id"),
    )
    kind_codes = np.asarray(r.kind, dtype=np.int64)
    group_of = np.array(
        [list(RelationGroup).index(k.group) for k in RelationKind.members()], dtype=np.int64
    )
    seats = np.asarray(r.seats, dtype=np.int64)
    threshold = np.asarray(r.threshold, dtype=np.float64)
    notes = np.asarray(r.note, dtype=object)
    relations = pd.DataFrame(
        {
            "source": _ids_at(pd, i_ids, r.source),
            "target": _ids_at(pd, i_ids, r.target),
            "kind": _categorical(pd, kind_codes, RelationKind),
            "group": pd.Categorical.from_codes(
                group_of[kind_codes] if kind_codes.size else kind_codes,
                dtype=pd.CategoricalDtype([g.value for g in RelationGroup]),
            ),
            "seats": _nullable_int(pd, np.maximum(seats, 0), seats < 0),
            "threshold": pd.arrays.FloatingArray(
                np.nan_to_num(threshold, nan=0.0), np.isnan(threshold)
            ),
            "note": pd.array(notes, dtype="string"),
        }
    )
    population = np.asarray(t.population, dtype=np.int64)
    territories = pd.DataFrame(
        {
            "name": _strings(pd, np.asarray(t.name)),
            "level": _categorical(pd, t.level, Level, ordered=True),
            "parent": _ids_at(pd, t_ids, t.parent),
            "population": _nullable_int(pd, np.maximum(population, 0), population < 0),
        },
        index=pd.Index(_strings(pd, t_ids), name="id"),
    )
    return PolityFrames(institutions, relations, territories)


def _column(frame: Any, name: str, table: str) -> Any:
    if name not in frame.columns:
        raise ValidationError(f"The {table} frame has no column {name!r} (needed: see to_pandas).")
    return frame[name]


def _rows_of(ids: np.ndarray, wanted: Any, field: str) -> np.ndarray:
    """Row of each id of ``wanted`` in ``ids`` (``<NA>``: -1); an unknown id is an error."""
    import pandas as pd

    missing = np.asarray(wanted.isna(), dtype=bool)
    keys = np.asarray(wanted.astype(object).where(~missing, ""), dtype=object).astype(str)
    rows = np.asarray(pd.Index(ids.astype(object)).get_indexer(keys), dtype=np.int64)
    bad = ~missing & (rows < 0)
    if bad.any():
        raise ValidationError(f"field {field!r}: unknown id {str(keys[bad][0])!r}")
    return np.where(missing, -1, rows)


def _codes(values: Any, enum: Any, field: str) -> np.ndarray:
    missing = np.asarray(values.isna(), dtype=bool)
    names = np.asarray(values.astype(object).where(~missing, enum.members()[0].value))
    try:
        codes = enum.to_codes(names).astype(np.int64)
    except ValueError as exc:
        raise ValidationError(f"field {field!r}: unknown name {exc.args[0]!r}") from None
    return np.where(missing, -1, codes)


def _frame(obj: Any, name: str) -> Any:
    import pandas as pd

    if not isinstance(obj, pd.DataFrame):
        raise ValidationError(
            f"The {name!r} parameter of Polity.from_pandas must be a pandas DataFrame. "
            f"Got {type(obj).__name__} instead."
        )
    return obj


def _no_text_or_flags(values: Any, field: str, what: str) -> None:
    """A number column may not hold text or booleans (``"7"``, ``True``): they are
    mistakes in a table, as in a file, not numbers."""
    if values.dtype == bool or str(values.dtype) == "boolean":
        raise ValidationError(f"field {field!r}: expected {what}, not booleans")
    if values.dtype == object:
        odd = values.map(lambda v: isinstance(v, str | bytes | bool | np.bool_))
        if bool(odd.any()):
            raise ValidationError(f"field {field!r}: expected {what}; got {values[odd].iloc[0]!r}")


def _ints(values: Any, missing_as: int, field: str) -> np.ndarray:
    """Whole numbers (``<NA>``: ``missing_as``); text, booleans and fractions are errors."""
    _no_text_or_flags(values, field, "whole numbers")
    try:
        return np.asarray(values.astype("Int64").fillna(missing_as), dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"field {field!r}: expected whole numbers within int64 (or <NA>)"
        ) from None


def _floats(values: Any, field: str) -> np.ndarray:
    _no_text_or_flags(values, field, "numbers")
    try:
        return np.asarray(values.astype("Float64").fillna(np.nan), dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(f"field {field!r}: expected numbers (or <NA>)") from None


def _flags(values: Any, field: str) -> np.ndarray:
    """True/False (``<NA>``: False); anything else is an error."""
    missing = np.asarray(values.isna(), dtype=bool)
    raw = values.astype(object).where(~missing, False)
    ok = raw.map(lambda v: isinstance(v, bool | np.bool_))
    if not bool(ok.all()):
        raise ValidationError(f"field {field!r}: expected true/false; got {raw[~ok].iloc[0]!r}")
    return np.asarray(raw, dtype=bool)


def tables_from_pandas(
    institutions: pd.DataFrame, relations: pd.DataFrame, territories: pd.DataFrame
) -> tuple[TerritoryTable, InstitutionTable, RelationTable]:
    """The column tables of the three frames of :func:`to_pandas`
    (:meth:`govsim.Polity.from_pandas` builds and validates the polity from them).

    The frames may hold more columns (ignored) and plain dtypes (object, int with
    -1 for none); the columns of :data:`INSTITUTION_COLUMNS`,
    :data:`RELATION_COLUMNS` (``group`` is derived, not read) and
    :data:`TERRITORY_COLUMNS` must be there.

    Raises
    ------
    govsim.ValidationError
        A frame that is not a DataFrame, a missing column, an unknown id or name, or
        text, booleans or fractions in a number column (each naming the column).
    govsim.GovsimError
        If pandas is not installed.
    """
    require_pandas("Polity.from_pandas")
    institutions = _frame(institutions, "institutions")
    relations = _frame(relations, "relations")
    territories = _frame(territories, "territories")
    t_ids = np.asarray(territories.index.astype(str), dtype=np.str_)
    i_ids = np.asarray(institutions.index.astype(str), dtype=np.str_)
    tt = TerritoryTable(
        id=t_ids,
        name=np.asarray(_column(territories, "name", "territories").astype(str)),
        level=_codes(_column(territories, "level", "territories"), Level, "territories.level"),
        parent=_rows_of(t_ids, _column(territories, "parent", "territories"), "territories.parent"),
        population=_ints(
            _column(territories, "population", "territories"), -1, "territories.population"
        ),
    )
    years = _column(institutions, "term_years", "institutions")
    has_term = np.asarray(years.notna(), dtype=bool)
    term_years = _ints(years, 0, "term_years")
    limit = _column(institutions, "max_terms", "institutions")
    max_terms = _ints(limit, 0, "max_terms")
    no_limit = np.asarray(limit.isna(), dtype=bool)
    consecutive = _flags(
        _column(institutions, "consecutive_only", "institutions"), "consecutive_only"
    )
    exempt = _flags(_column(institutions, "exempt_incumbent", "institutions"), "exempt_incumbent")
    terms = np.full(i_ids.shape[0], None, dtype=object)
    rows = np.flatnonzero(has_term)
    if rows.size:  # one row model per term rule (rules are Python objects)
        terms[rows] = [
            TermRule(
                years=int(term_years[k]),
                max_terms=None if no_limit[k] else int(max_terms[k]),
                consecutive_only=bool(consecutive[k]),
                exempt_incumbent=bool(exempt[k]),
            )
            for k in rows.tolist()
        ]
    it = InstitutionTable(
        id=i_ids,
        name=np.asarray(_column(institutions, "name", "institutions").astype(str)),
        kind=_codes(_column(institutions, "kind", "institutions"), InstitutionKind, "kind"),
        level=_codes(_column(institutions, "level", "institutions"), Level, "level"),
        territory=_rows_of(t_ids, _column(institutions, "territory", "institutions"), "territory"),
        seats=_ints(_column(institutions, "seats", "institutions"), 1, "seats"),
        term=terms,
        role=_codes(_column(institutions, "role", "institutions"), Role, "role"),
    )
    note = _column(relations, "note", "relations")
    threshold = _column(relations, "threshold", "relations")
    rt = RelationTable(
        source=_rows_of(i_ids, _column(relations, "source", "relations"), "relations.source"),
        target=_rows_of(i_ids, _column(relations, "target", "relations"), "relations.target"),
        kind=_codes(_column(relations, "kind", "relations"), RelationKind, "relations.kind"),
        seats=_ints(_column(relations, "seats", "relations"), -1, "relations.seats"),
        threshold=_floats(threshold, "relations.threshold"),
        note=np.asarray(note.astype(object).where(note.notna(), None), dtype=object),
    )
    return tt, it, rt

"""Primitives that policy reforms are built from, vectorized over the columns.

A reform edits a :class:`Draft`: the polity's column tables plus its metadata,
held without validation while the edits are made. Each primitive returns a new
draft (nothing is changed in place); :meth:`Draft.build` validates the result
once, through :meth:`govsim.Polity.from_tables`. So a reform made of several
primitives pays for one whole-polity validation, and every primitive is a handful
of numpy operations (masks, appends, relabels) whatever the size of the polity.

Row numbers are the currency: institution rows index ``draft.institutions``,
territory rows ``draft.territories``. :meth:`Draft.rows` turns ids into rows.
Removing institutions drops the relations that touch them (and their electoral
systems and rules) and renumbers the remaining relation ends.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import ElectoralSystem, Rule, TermRule
from govsim.model.tables import InstitutionTable, RelationTable, TerritoryTable
from govsim.model.validate import IdIndex, id_index

__all__ = [
    "Draft",
    "add_institutions",
    "add_relation_groups",
    "add_relations",
    "add_territories",
    "remove_institutions",
    "remove_relations",
    "remove_territories",
    "rewire_relations",
    "set_field",
]

Rows = NDArray[np.int64]


def _column(values: Any, n: int, dtype: Any, default: Any) -> np.ndarray:
    if values is None:
        if dtype is object:
            out = np.empty(n, dtype=object)
            out[:] = default
            return out
        return np.full(n, default, dtype=dtype)
    if dtype is object:
        out = np.empty(n, dtype=object)
        if isinstance(values, (str, TermRule)) or not isinstance(values, Iterable):
            out[:] = [values] * n
        else:
            out[:] = list(values)
        return out
    return np.broadcast_to(np.asarray(values, dtype=dtype), (n,)).copy()


def _codes(values: Any, enum: type, n: int) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return np.broadcast_to(arr.astype(np.int8), (n,)).copy()
    codes = enum.to_codes(np.broadcast_to(arr.astype(object), (n,)))  # type: ignore[attr-defined]
    return np.asarray(codes, dtype=np.int8)


@dataclass(frozen=True, eq=False)
class Draft:
    """A polity under edit: its tables and metadata, validated only by :meth:`build`."""

    territories: TerritoryTable
    institutions: InstitutionTable
    relations: RelationTable
    electoral_systems: tuple[ElectoralSystem, ...]
    rules: tuple[Rule, ...]
    name: str
    year: int | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, polity: Polity) -> Draft:
        """The draft of a polity (its read-only columns are shared, never written)."""
        return cls(
            polity.territory_table,
            polity.institution_table,
            polity.relation_table,
            polity.electoral_systems,
            polity.rules,
            polity.name,
            polity.year,
            polity.description,
            polity.sources,
        )

    def build(self) -> Polity:
        """Validate and return the polity (raises ``govsim.ValidationError`` if invalid)."""
        return Polity.from_tables(
            self.name,
            self.territories,
            self.institutions,
            self.relations,
            year=self.year,
            electoral_systems=self.electoral_systems,
            rules=self.rules,
            description=self.description,
            sources=self.sources,
        )

    def replace(self, **changes: Any) -> Draft:
        """A new draft with some fields replaced."""
        return dataclasses.replace(self, **changes)

    # -- lookups -------------------------------------------------------------------------------
    # The model caches the index of each read-only id column: a draft that still holds
    # its polity's ids (or passes a new id column on to build) sorts them only once.
    @property
    def _index(self) -> IdIndex:
        return id_index(self.institutions.id)

    @property
    def _t_index(self) -> IdIndex:
        return id_index(self.territories.id)

    def lookup(self, ids: str | Sequence[str] | np.ndarray) -> tuple[Rows, NDArray[np.bool_]]:
        """Rows of institution ids and whether each was found (rows are -1 where not)."""
        q = np.asarray([ids] if isinstance(ids, str) else ids, dtype=np.str_).reshape(-1)
        return self._index.lookup(q)

    def territory_lookup(
        self, ids: str | Sequence[str] | np.ndarray
    ) -> tuple[Rows, NDArray[np.bool_]]:
        """Rows of territory ids and whether each was found."""
        q = np.asarray([ids] if isinstance(ids, str) else ids, dtype=np.str_).reshape(-1)
        return self._t_index.lookup(q)

    def relation_mask(
        self,
        kinds: Iterable[str | RelationKind] | None = None,
        sources: Rows | None = None,
        targets: Rows | None = None,
    ) -> NDArray[np.bool_]:
        """Mask over relations of these kinds whose ends are among these rows."""
        r = self.relations
        out = np.ones(len(r), dtype=bool)
        if kinds is not None:
            out &= np.isin(r.kind, [RelationKind(k).code for k in kinds])
        if sources is not None:
            out &= _member(r.source, sources, len(self.institutions))
        if targets is not None:
            out &= _member(r.target, targets, len(self.institutions))
        return out

    def territory_descendants(self, roots: Rows) -> NDArray[np.bool_]:
        """Mask over territories: the given rows and everything below them."""
        return self.territories.descendants(roots)


def _member(values: np.ndarray, rows: Rows, n: int) -> NDArray[np.bool_]:
    """``np.isin`` for row numbers in [0, n), as a lookup table (O(n), no sort)."""
    table = np.zeros(n, dtype=bool)
    table[np.asarray(rows, dtype=np.int64)] = True
    out: NDArray[np.bool_] = table[values]
    return out


def sparse_take(
    keys: NDArray[Any], values: NDArray[Any], rows: NDArray[np.int64], default: Any = 0
) -> NDArray[Any]:
    """A sparse column read at some rows: ``out_i = values_j`` where ``keys_j = rows_i``.

    ``keys`` ascending and distinct (``values`` beside them), ``default`` where a row
    is not among them: ``dict(zip(keys, values)).get(row, default)`` per row, as one
    binary search of the rows in the keys (O(k log m) for k rows and m keys).
    """
    out = np.full(rows.shape[0], default, dtype=values.dtype)
    if keys.shape[0] and rows.shape[0]:
        at = np.minimum(np.searchsorted(keys, rows), keys.shape[0] - 1)
        hit = keys[at] == rows
        out[hit] = values[at[hit]]
    return out


def _named(ids: Any, names: Any) -> tuple[np.ndarray, np.ndarray, int]:
    """Ids of new rows, their names (the ids when not given) and their number."""
    ids = np.asarray(ids, dtype=np.str_).reshape(-1)
    n = ids.shape[0]
    return ids, ids if names is None else _column(names, n, np.str_, ""), n


# -- territories ---------------------------------------------------------------------------------
def add_territories(
    draft: Draft,
    ids: Sequence[str] | np.ndarray,
    *,
    names: Any = None,
    levels: Any,
    parents: ArrayLike,
    populations: ArrayLike | None = None,
) -> Draft:
    """Append territories; ``parents`` are territory rows (-1 for none), ``populations`` -1 unknown."""
    ids, names, n = _named(ids, names)
    new = TerritoryTable(
        id=ids,
        name=names,
        level=_codes(levels, Level, n),
        parent=_column(parents, n, np.int32, -1),
        population=_column(populations, n, np.int64, -1),
    )
    return draft.replace(territories=draft.territories.concat(new))


def remove_territories(draft: Draft, rows: ArrayLike) -> Draft:
    """Drop territories. Nothing may still refer to them (move children and offices first)."""
    n = len(draft.territories)
    drop = np.zeros(n, dtype=bool)
    drop[np.asarray(rows, dtype=np.int64)] = True
    new_row = np.cumsum(~drop) - 1
    remap = np.append(np.where(drop, -2, new_row), -1)  # index -1 (none) maps to -1
    t = draft.territories.take(~drop)
    t = t.replace(parent=remap[t.parent])
    inst = draft.institutions.replace(territory=remap[draft.institutions.territory])
    return draft.replace(territories=t, institutions=inst)


# -- institutions --------------------------------------------------------------------------------
def add_institutions(
    draft: Draft,
    ids: Sequence[str] | np.ndarray,
    *,
    names: Any = None,
    kinds: Any,
    levels: Any,
    territories: ArrayLike = -1,
    seats: ArrayLike = 1,
    terms: Any = None,
) -> Draft:
    """Append institutions; ``territories`` are territory rows (-1 for none)."""
    ids, names, n = _named(ids, names)
    new = InstitutionTable(
        id=ids,
        name=names,
        kind=_codes(kinds, InstitutionKind, n),
        level=_codes(levels, Level, n),
        territory=_column(territories, n, np.int32, -1),
        seats=_column(seats, n, np.int64, 1),
        term=_column(terms, n, object, None),
    )
    return draft.replace(institutions=draft.institutions.concat(new))


def remove_institutions(draft: Draft, rows: ArrayLike) -> Draft:
    """Drop institutions, the relations touching them, and their electoral systems and rules."""
    n = len(draft.institutions)
    drop = np.zeros(n, dtype=bool)
    drop[np.asarray(rows, dtype=np.int64)] = True
    if not drop.any():
        return draft
    gone = set(draft.institutions.id[drop].tolist())
    remap = (np.cumsum(~drop) - 1).astype(np.int32)  # the relation ends' own dtype: no recast
    r = draft.relations
    keep = ~(drop[r.source] | drop[r.target])
    rel = r.take(keep)
    rel = rel.replace(source=remap[rel.source], target=remap[rel.target])
    return draft.replace(
        institutions=draft.institutions.take(~drop),
        relations=rel,
        electoral_systems=tuple(s for s in draft.electoral_systems if s.body not in gone),
        rules=tuple(x for x in draft.rules if x.subject not in gone),
    )


# -- relations -----------------------------------------------------------------------------------
def add_relations(
    draft: Draft,
    sources: ArrayLike,
    targets: ArrayLike,
    kinds: Any,
    *,
    seats: ArrayLike = -1,
    thresholds: ArrayLike = np.nan,
    notes: Any = None,
) -> Draft:
    """Append relations between institution rows (broadcast like numpy)."""
    new = _relation_rows(sources, targets, kinds, seats, thresholds, notes)
    return draft.replace(relations=draft.relations.concat(new))


def add_relation_groups(draft: Draft, *groups: Mapping[str, Any]) -> Draft:
    """Append several groups of relations, in order, with one copy of the relation table.

    Each group holds the arguments of :func:`add_relations` by name (``sources``,
    ``targets``, ``kinds``, optional ``seats``, ``thresholds``, ``notes``); a reform
    that adds relations of several kinds pays for one append at 10^6 rows, not one
    per kind.
    """
    if not groups:
        return draft
    new = _relation_rows(**groups[0])
    for group in groups[1:]:
        new = new.concat(_relation_rows(**group))
    return draft.replace(relations=draft.relations.concat(new))


def _relation_rows(
    sources: ArrayLike,
    targets: ArrayLike,
    kinds: Any,
    seats: ArrayLike = -1,
    thresholds: ArrayLike = np.nan,
    notes: Any = None,
) -> RelationTable:
    s, t = np.broadcast_arrays(np.atleast_1d(sources), np.atleast_1d(targets))
    n = s.shape[0]
    return RelationTable(
        source=s,
        target=t,
        kind=_codes(kinds, RelationKind, n),
        seats=_column(seats, n, np.int64, -1),
        threshold=_column(thresholds, n, np.float64, np.nan),
        note=_column(notes, n, object, None),
    )


def remove_relations(draft: Draft, mask: NDArray[np.bool_]) -> Draft:
    """Drop the relations selected by a mask."""
    if not mask.any():
        return draft
    return draft.replace(relations=draft.relations.take(~mask))


def rewire_relations(
    draft: Draft,
    mask: NDArray[np.bool_],
    *,
    source: ArrayLike | None = None,
    target: ArrayLike | None = None,
) -> Draft:
    """Point the selected relations at new sources and/or targets (rows, broadcast)."""
    r = draft.relations
    cols: dict[str, np.ndarray] = {}
    if source is not None:
        col = r.source.copy()
        col[mask] = source
        cols["source"] = col
    if target is not None:
        col = r.target.copy()
        col[mask] = target
        cols["target"] = col
    return draft.replace(relations=r.replace(**cols)) if cols else draft


# -- fields --------------------------------------------------------------------------------------
_TABLES = {"territory": "territories", "institution": "institutions", "relation": "relations"}


def set_field(draft: Draft, table: str, rows: ArrayLike, field_: str, values: Any) -> Draft:
    """Set one column on some rows of a table (``"territory"``, ``"institution"``, ``"relation"``).

    ``values`` broadcasts over the rows; enumerated columns take names or codes. The
    column is copied once and remembers the rows set, so that the polity built from the
    draft checks only those rows again (:meth:`govsim.model.tables.InstitutionTable.set_rows`).
    """
    attr = _TABLES[table]
    tab = getattr(draft, attr)
    idx = np.asarray(rows)
    k = int(idx.sum() if idx.dtype == bool else idx.shape[0])  # rows set
    if field_ == "kind":
        values = _codes(values, RelationKind if table == "relation" else InstitutionKind, k)
    elif field_ == "level":
        values = _codes(values, Level, k)
    if getattr(tab, field_).dtype == object:
        values = _column(values, k, object, None)
    return draft.replace(**{attr: tab.set_rows(field_, idx, values)})


def map_systems(
    draft: Draft, fn: Callable[[ElectoralSystem], ElectoralSystem | None], bodies: Iterable[str]
) -> Draft:
    """Replace (or drop, when ``fn`` returns None) the electoral systems of some bodies."""
    wanted = set(bodies)
    out = []
    for s in draft.electoral_systems:
        if s.body in wanted:
            new = fn(s)
            if new is not None:
                out.append(new)
        else:
            out.append(s)
    return draft.replace(electoral_systems=tuple(out))

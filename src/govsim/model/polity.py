"""The :class:`Polity`: an immutable, columnar, validated governance graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim.errors import ValidationError
from govsim.model.document import PolityDocument
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.rows import ElectoralSystem, Institution, Relation, Rule, TermRule, Territory
from govsim.model.tables import InstitutionTable, RelationTable, TerritoryTable
from govsim.model.validate import IdIndex, validate_tables

if TYPE_CHECKING:
    import networkx as nx

    from govsim.compiled import Compiled

__all__ = ["Polity", "PolitySummary"]

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


def _codes(values: ArrayLike, enum: type, table: str, field: str) -> np.ndarray:
    """Enum names or integer codes -> int8 codes, with an error naming the field."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int8, copy=False)
    try:
        return enum.encode(arr)  # type: ignore[attr-defined, no-any-return]
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


@dataclass(frozen=True)
class PolitySummary:
    """Counts by institution kind x level, seats, and relations by kind."""

    institutions: Mapping[tuple[str, str], int]
    seats: Mapping[tuple[str, str], int]
    relations: Mapping[str, int]
    territories: Mapping[str, int]

    def __str__(self) -> str:
        levels = [lv.value for lv in Level]
        kinds = sorted({k for k, _ in self.institutions}, key=lambda k: InstitutionKind(k).code)
        width = max([len("kind")] + [len(k) for k in kinds])
        head = f"{'kind':<{width}}  " + "  ".join(f"{lv:>16}" for lv in levels)
        lines = ["Institutions (count / seats) by kind and level", head, "-" * len(head)]
        for k in kinds:
            cells = []
            for lv in levels:
                c = self.institutions.get((k, lv), 0)
                s = self.seats.get((k, lv), 0)
                cells.append(f"{f'{c:,} / {s:,}' if c else '-':>16}")
            lines.append(f"{k:<{width}}  " + "  ".join(cells))
        lines.append("")
        lines.append(
            "Territories: " + ", ".join(f"{lv} {n:,}" for lv, n in self.territories.items())
        )
        lines.append("Relations:   " + ", ".join(f"{k} {n:,}" for k, n in self.relations.items()))
        return "\n".join(lines)


class Polity:
    """An immutable governance graph: territories, institutions and typed relations.

    A polity stores its data as read-only numpy columns (see
    :mod:`govsim.model.tables`) and validates them as a whole on every construction
    path (:mod:`govsim.model.validate`). It never changes after construction:
    reforms return new polities.

    Parameters
    ----------
    name : str
        A label, e.g. ``"Kazakhstan 2019"``.
    year : int, optional
        The year the polity describes.
    territories, institutions, relations : sequences of row models
        :class:`Territory`, :class:`Institution`, :class:`Relation` (or dicts with
        their fields). Relations and institutions refer to others by id.
    electoral_systems : sequence of ElectoralSystem
        How voters fill bodies' popularly elected seats.
    rules : sequence of Rule
        Rules without an edge of their own (bans, registration thresholds, ...).
    description : str, optional
    sources : sequence of str
        Where the data come from.

    Raises
    ------
    govsim.ValidationError
        If any whole-polity rule is broken; the message names the id and field.

    See Also
    --------
    Polity.from_arrays : build from columns, for bulk data.
    govsim.load, govsim.save : files.

    Examples
    --------
    >>> from govsim import Polity, Institution, Relation
    >>> p = Polity(
    ...     "toy",
    ...     institutions=[
    ...         Institution(id="voters", name="Voters", kind="electorate", level="national"),
    ...         Institution(id="pres", name="President", kind="head_of_state", level="national"),
    ...     ],
    ...     relations=[Relation(source="voters", target="pres", kind="elects")],
    ... )
    >>> p
    Polity('toy', 0 territories, 2 institutions, 1 relations)
    >>> p.institution("pres").kind
    <InstitutionKind.HEAD_OF_STATE: 'head_of_state'>
    """

    __slots__ = (
        "_cache",
        "_description",
        "_electoral_systems",
        "_i_index",
        "_institutions",
        "_name",
        "_relations",
        "_rules",
        "_sources",
        "_t_index",
        "_territories",
        "_year",
    )

    def __init__(
        self,
        name: str,
        year: int | None = None,
        territories: Iterable[Territory | Mapping[str, Any]] = (),
        institutions: Iterable[Institution | Mapping[str, Any]] = (),
        relations: Iterable[Relation | Mapping[str, Any]] = (),
        electoral_systems: Iterable[ElectoralSystem | Mapping[str, Any]] = (),
        rules: Iterable[Rule | Mapping[str, Any]] = (),
        *,
        description: str | None = None,
        sources: Sequence[str] = (),
    ) -> None:
        doc = _document(
            name=name,
            year=year,
            territories=territories,
            institutions=institutions,
            relations=relations,
            electoral_systems=electoral_systems,
            rules=rules,
            description=description,
            sources=sources,
        )
        self._init_document(doc)

    # ------------------------------------------------------------------ construction
    def _init_document(self, doc: PolityDocument) -> None:
        t, i, r = _tables_from_rows(doc)
        self._init(
            t,
            i,
            r,
            doc.name,
            doc.year,
            doc.electoral_systems,
            doc.rules,
            doc.description,
            doc.sources,
        )

    def _init(
        self,
        territories: TerritoryTable,
        institutions: InstitutionTable,
        relations: RelationTable,
        name: str,
        year: int | None,
        electoral_systems: Sequence[ElectoralSystem],
        rules: Sequence[Rule],
        description: str | None,
        sources: Sequence[str],
    ) -> None:
        if not isinstance(name, str):
            raise ValidationError(f"Polity: field 'name' must be a str. Got {name!r} instead.")
        if year is not None and (isinstance(year, bool) or not isinstance(year, (int, np.integer))):
            raise ValidationError(
                f"Polity {name!r}: field 'year' must be an int or None. Got {year!r} instead."
            )
        systems = tuple(
            s
            if isinstance(s, ElectoralSystem)
            else _row(ElectoralSystem, s, "electoral_systems", k)
            for k, s in enumerate(electoral_systems)
        )
        rule_rows = tuple(
            r if isinstance(r, Rule) else _row(Rule, r, "rules", k) for k, r in enumerate(rules)
        )
        terms = institutions.term
        bad = [k for k, v in enumerate(terms) if v is not None and not isinstance(v, TermRule)]
        if bad:
            k = bad[0]
            try:
                fixed = list(terms)
                for j in bad:
                    fixed[j] = TermRule.model_validate(terms[j])
            except Exception as exc:
                raise ValidationError(
                    f"Institution {str(institutions.id[k])!r}: field 'term' is invalid: {exc}"
                ) from None
            institutions = institutions.replace(term=fixed)
        t_index, i_index = validate_tables(territories, institutions, relations, systems, rule_rows)
        self._name = name
        self._year = None if year is None else int(year)
        self._territories = territories
        self._institutions = institutions
        self._relations = relations
        self._electoral_systems = systems
        self._rules = rule_rows
        self._description = description
        self._sources = tuple(sources)
        self._t_index = t_index
        self._i_index = i_index
        self._cache: dict[str, Any] = {}

    @classmethod
    def from_tables(
        cls,
        name: str,
        territories: TerritoryTable,
        institutions: InstitutionTable,
        relations: RelationTable,
        *,
        year: int | None = None,
        electoral_systems: Sequence[ElectoralSystem] = (),
        rules: Sequence[Rule] = (),
        description: str | None = None,
        sources: Sequence[str] = (),
    ) -> Polity:
        """Build a polity from column tables (the path reforms use); validates like every path."""
        self = cls.__new__(cls)
        self._init(
            territories,
            institutions,
            relations,
            name,
            year,
            electoral_systems,
            rules,
            description,
            sources,
        )
        return self

    @classmethod
    def from_arrays(
        cls,
        name: str,
        *,
        territories: Mapping[str, ArrayLike] | None = None,
        institutions: Mapping[str, ArrayLike] | None = None,
        relations: Mapping[str, ArrayLike] | None = None,
        year: int | None = None,
        electoral_systems: Sequence[ElectoralSystem] = (),
        rules: Sequence[Rule] = (),
        description: str | None = None,
        sources: Sequence[str] = (),
    ) -> Polity:
        """Build a polity from columns, for bulk data.

        Each table is a mapping column name -> array, with the row models' field
        names. Enumerated columns (``kind``, ``level``) take names or integer codes;
        reference columns (``parent``, ``territory``, ``source``, ``target``) take ids
        (``None`` for none) or integer row numbers (``-1`` for none). Optional
        columns default to: ``name`` = id, ``seats`` = 1 (institutions) or none
        (relations), ``population``/``threshold``/``note``/``term`` = none.

        Examples
        --------
        >>> import numpy as np
        >>> p = Polity.from_arrays(
        ...     "bulk",
        ...     institutions={"id": ["v", "a"], "kind": ["electorate", "executive"],
        ...                   "level": ["local", "local"]},
        ...     relations={"source": np.array([0]), "target": np.array([1]), "kind": ["elects"]},
        ... )
        >>> p.n_institutions, p.n_relations
        (2, 1)
        """
        t_cols = dict(territories or {"id": [], "level": []})
        i_cols = dict(institutions or {"id": [], "kind": [], "level": []})
        r_cols = dict(relations or {"source": [], "target": [], "kind": []})
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
            level=_codes(t_cols["level"], Level, "territories", "level"),
            parent=_references(
                t_cols.get("parent"), n_t, t_index, n_t, "Territory", "parent", t_ids
            ),
            population=_optional_ints(t_cols.get("population"), n_t),
        )
        i_ids = np.asarray(i_cols["id"], dtype=np.str_).reshape(-1)
        n_i = i_ids.shape[0]
        i_index = _LazyIndex(i_ids)
        terms = i_cols.get("term")
        institution_table = InstitutionTable(
            id=i_ids,
            name=i_cols.get("name", i_ids),
            kind=_codes(i_cols["kind"], InstitutionKind, "institutions", "kind"),
            level=_codes(i_cols["level"], Level, "institutions", "level"),
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
            kind=_codes(r_cols["kind"], RelationKind, "relations", "kind"),
            seats=_optional_ints(r_cols.get("seats"), n_r),
            threshold=_optional_floats(r_cols.get("threshold"), n_r),
            note=np.full(n_r, None, dtype=object) if notes is None else notes,
        )
        return cls.from_tables(
            name,
            territory_table,
            institution_table,
            relation_table,
            year=year,
            electoral_systems=electoral_systems,
            rules=rules,
            description=description,
            sources=sources,
        )

    @classmethod
    def from_document(cls, doc: PolityDocument | Mapping[str, Any]) -> Polity:
        """Build a polity from a :class:`PolityDocument` (or its dict form)."""
        if not isinstance(doc, PolityDocument):
            doc = _validate_document(doc)
        self = cls.__new__(cls)
        self._init_document(doc)
        return self

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """JSON Schema of the polity file format (for editors and validators)."""
        return PolityDocument.model_json_schema()

    # ------------------------------------------------------------------ metadata
    @property
    def name(self) -> str:
        return self._name

    @property
    def year(self) -> int | None:
        return self._year

    @property
    def description(self) -> str | None:
        return self._description

    @property
    def sources(self) -> tuple[str, ...]:
        return self._sources

    @property
    def electoral_systems(self) -> tuple[ElectoralSystem, ...]:
        return self._electoral_systems

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    @property
    def territory_table(self) -> TerritoryTable:
        """The territory columns (read-only arrays)."""
        return self._territories

    @property
    def institution_table(self) -> InstitutionTable:
        """The institution columns (read-only arrays)."""
        return self._institutions

    @property
    def relation_table(self) -> RelationTable:
        """The relation columns (read-only arrays); ``source``/``target`` are institution rows."""
        return self._relations

    @property
    def n_territories(self) -> int:
        return len(self._territories)

    @property
    def n_institutions(self) -> int:
        return len(self._institutions)

    @property
    def n_relations(self) -> int:
        return len(self._relations)

    def with_metadata(self, *, name: str | None = None, year: int | None = None) -> Polity:
        """A copy with another name or year (the columns are shared, they are read-only)."""
        return Polity.from_tables(
            self._name if name is None else name,
            self._territories,
            self._institutions,
            self._relations,
            year=self._year if year is None else year,
            electoral_systems=self._electoral_systems,
            rules=self._rules,
            description=self._description,
            sources=self._sources,
        )

    # ------------------------------------------------------------------ lookups
    def index_of(self, ids: str | Sequence[str] | np.ndarray) -> NDArray[np.int64]:
        """Row numbers of institution ids (vectorized); unknown ids raise ValidationError."""
        return self._lookup(self._i_index, ids, "institution")

    def territory_index_of(self, ids: str | Sequence[str] | np.ndarray) -> NDArray[np.int64]:
        """Row numbers of territory ids (vectorized); unknown ids raise ValidationError."""
        return self._lookup(self._t_index, ids, "territory")

    def _lookup(
        self, index: IdIndex, ids: str | Sequence[str] | np.ndarray, what: str
    ) -> NDArray[np.int64]:
        query = np.asarray([ids] if isinstance(ids, str) else ids, dtype=np.str_).reshape(-1)
        rows, found = index.lookup(query)
        if not found.all():
            bad = str(query[int(np.flatnonzero(~found)[0])])
            raise ValidationError(f"Unknown {what} id {bad!r} in polity {self._name!r}.")
        return rows

    def has_institution(self, id: str) -> bool:
        return bool(self._i_index.lookup(np.array([id]))[1][0])

    def institution(self, id: str) -> Institution:
        """The institution with this id, as a row model."""
        return self._institution_row(int(self.index_of(id)[0]))

    def territory(self, id: str) -> Territory:
        """The territory with this id, as a row model."""
        return self._territory_row(int(self.territory_index_of(id)[0]))

    def _institution_row(self, i: int) -> Institution:
        t = self._institutions
        terr = int(t.territory[i])
        return Institution.model_construct(
            id=str(t.id[i]),
            name=str(t.name[i]),
            kind=InstitutionKind.from_code(int(t.kind[i])),
            level=Level.from_code(int(t.level[i])),
            territory=None if terr < 0 else str(self._territories.id[terr]),
            seats=int(t.seats[i]),
            term=t.term[i],
        )

    def _territory_row(self, i: int) -> Territory:
        t = self._territories
        parent, pop = int(t.parent[i]), int(t.population[i])
        return Territory.model_construct(
            id=str(t.id[i]),
            name=str(t.name[i]),
            level=Level.from_code(int(t.level[i])),
            parent=None if parent < 0 else str(t.id[parent]),
            population=None if pop < 0 else pop,
        )

    def _relation_row(self, k: int) -> Relation:
        r, ids = self._relations, self._institutions.id
        seats, thr = int(r.seats[k]), float(r.threshold[k])
        return Relation.model_construct(
            source=str(ids[r.source[k]]),
            target=str(ids[r.target[k]]),
            kind=RelationKind.from_code(int(r.kind[k])),
            seats=None if seats < 0 else seats,
            threshold=None if np.isnan(thr) else thr,
            note=r.note[k],
        )

    def _rows(self, key: str, make: Any, n: int) -> tuple[Any, ...]:
        """Materialize (once) all rows of a table as row models."""
        if key not in self._cache:
            self._cache[key] = tuple(make(i) for i in range(n))
        return self._cache[key]  # type: ignore[no-any-return]

    @property
    def territories(self) -> tuple[Territory, ...]:
        """All territories as row models (materialized on first use)."""
        return self._rows("territories", self._territory_row, self.n_territories)

    @property
    def institutions(self) -> tuple[Institution, ...]:
        """All institutions as row models (materialized on first use)."""
        return self._rows("institutions", self._institution_row, self.n_institutions)

    @property
    def relations(self) -> tuple[Relation, ...]:
        """All relations as row models (materialized on first use)."""
        return self._rows("relations", self._relation_row, self.n_relations)

    # ------------------------------------------------------------------ selection
    def territory_descendants(self, ids: str | Sequence[str]) -> NDArray[np.bool_]:
        """Mask over territories: the given territories and everything below them."""
        roots = self.territory_index_of(ids)
        parent = self._territories.parent
        n = parent.shape[0]
        inside = np.zeros(n, dtype=bool)
        inside[roots] = True
        # Walk every territory up its parent chain, vectorized; depth is small.
        cur = parent.astype(np.int64)
        while True:
            live = cur >= 0
            if not live.any():
                break
            hit = np.zeros(n, dtype=bool)
            hit[live] = inside[cur[live]]
            inside |= hit
            cur = np.where(live, parent[np.maximum(cur, 0)], -1)
        return inside

    def mask(
        self,
        *,
        kind: str | Iterable[str] | None = None,
        level: str | Iterable[str] | None = None,
        territory: str | Iterable[str] | None = None,
        within: str | Iterable[str] | None = None,
        ids: Iterable[str] | None = None,
    ) -> NDArray[np.bool_]:
        """Boolean mask over institutions matching every given criterion.

        ``territory`` matches institutions seated in those territories; ``within``
        also matches those in territories below them.
        """
        t = self._institutions
        out = np.ones(len(t), dtype=bool)
        if kind is not None:
            out &= np.isin(t.kind, _codes(_as_list(kind), InstitutionKind, "select", "kind"))
        if level is not None:
            out &= np.isin(t.level, _codes(_as_list(level), Level, "select", "level"))
        if territory is not None:
            out &= np.isin(t.territory, self.territory_index_of(_as_list(territory)))
        if within is not None:
            inside = self.territory_descendants(_as_list(within))
            out &= (t.territory >= 0) & inside[np.maximum(t.territory, 0)]
        if ids is not None:
            chosen = np.zeros(len(t), dtype=bool)
            chosen[self.index_of(_as_list(ids))] = True
            out &= chosen
        return out

    def select(self, **criteria: Any) -> tuple[Institution, ...]:
        """Institutions matching every criterion of :meth:`mask`, as row models."""
        return tuple(self._institution_row(int(i)) for i in np.flatnonzero(self.mask(**criteria)))

    def relation_mask(
        self,
        *,
        kind: str | Iterable[str] | None = None,
        source: str | Iterable[str] | None = None,
        target: str | Iterable[str] | None = None,
    ) -> NDArray[np.bool_]:
        """Boolean mask over relations of these kinds, from these sources, to these targets."""
        r = self._relations
        out = np.ones(len(r), dtype=bool)
        if kind is not None:
            out &= np.isin(r.kind, _codes(_as_list(kind), RelationKind, "relations_of", "kind"))
        if source is not None:
            out &= np.isin(r.source, self.index_of(_as_list(source)))
        if target is not None:
            out &= np.isin(r.target, self.index_of(_as_list(target)))
        return out

    def relations_of(self, **criteria: Any) -> tuple[Relation, ...]:
        """Relations matching every criterion of :meth:`relation_mask`, as row models."""
        return tuple(
            self._relation_row(int(k)) for k in np.flatnonzero(self.relation_mask(**criteria))
        )

    def rules_of(self, kind: str, subject: str | None = None) -> tuple[Rule, ...]:
        """Rules of a kind (and subject, when given)."""
        return tuple(
            r for r in self._rules if r.kind == kind and (subject is None or r.subject == subject)
        )

    def electoral_system(self, body: str) -> ElectoralSystem | None:
        """The electoral system of a body, or None."""
        return next((s for s in self._electoral_systems if s.body == body), None)

    def summary(self) -> PolitySummary:
        """Counts of institutions and seats by kind x level, relations by kind, territories by level."""
        t = self._institutions
        key = t.kind.astype(np.int64) * len(Level) + t.level
        size = len(InstitutionKind) * len(Level)
        counts = np.bincount(key, minlength=size)
        seats = np.bincount(key, weights=t.seats, minlength=size)
        inst, seat = {}, {}
        for code in np.flatnonzero(counts):
            k, lv = divmod(int(code), len(Level))
            name = (InstitutionKind.from_code(k).value, Level.from_code(lv).value)
            inst[name] = int(counts[code])
            seat[name] = int(seats[code])
        rel_counts = np.bincount(self._relations.kind, minlength=len(RelationKind))
        rels = {RelationKind.from_code(k).value: int(c) for k, c in enumerate(rel_counts) if c}
        terr_counts = np.bincount(self._territories.level, minlength=len(Level))
        terrs = {Level.from_code(k).value: int(c) for k, c in enumerate(terr_counts) if c}
        return PolitySummary(inst, seat, rels, terrs)

    # ------------------------------------------------------------------ derived views
    @property
    def compiled(self) -> Compiled:
        """The compiled graph (integer codes and CSR adjacencies); computed once."""
        if "compiled" not in self._cache:
            from govsim.compiled import Compiled

            self._cache["compiled"] = Compiled(self)
        return self._cache["compiled"]  # type: ignore[no-any-return]

    def apply(self, *reforms: Any) -> Polity:
        """Apply reforms in order; each returns a new polity (this one is unchanged)."""
        polity = self
        for reform in reforms:
            polity = reform.apply(polity)
        return polity

    def to_document(self) -> PolityDocument:
        """The polity as a :class:`PolityDocument` of row models."""
        return PolityDocument.model_construct(
            name=self._name,
            year=self._year,
            description=self._description,
            sources=self._sources,
            territories=self.territories,
            institutions=self.institutions,
            relations=self.relations,
            electoral_systems=self._electoral_systems,
            rules=self._rules,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict in the file format (``govsim.save`` writes this)."""
        doc = self.to_document().model_dump(mode="json", exclude_none=True)
        doc["format"] = doc.get("format", 1)
        return doc

    def to_networkx(self) -> nx.MultiDiGraph:
        """A networkx MultiDiGraph with every attribute (see :mod:`govsim.io`)."""
        from govsim.io import to_networkx

        return to_networkx(self)

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph) -> Polity:
        """Rebuild a polity from :meth:`to_networkx` output (or a graph with the same attributes)."""
        from govsim.io import from_networkx

        return from_networkx(graph)

    # ------------------------------------------------------------------ protocol
    def __repr__(self) -> str:
        return (
            f"Polity({self._name!r}, {self.n_territories:,} territories, "
            f"{self.n_institutions:,} institutions, {self.n_relations:,} relations)"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Polity):
            return NotImplemented
        return (
            self._name == other._name
            and self._year == other._year
            and self._description == other._description
            and self._sources == other._sources
            and self._electoral_systems == other._electoral_systems
            and self._rules == other._rules
            and self._territories.equals(other._territories)
            and self._institutions.equals(other._institutions)
            and self._relations.equals(other._relations)
        )

    def __hash__(self) -> int:
        return hash(
            (self._name, self._year, self.n_territories, self.n_institutions, self.n_relations)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (
                self._name,
                self._territories.columns(),
                self._institutions.columns(),
                self._relations.columns(),
                self._year,
                self._electoral_systems,
                self._rules,
                self._description,
                self._sources,
            ),
        )

    def __setattr__(self, key: str, value: Any) -> None:
        if key in Polity.__slots__ and not hasattr(self, "_cache"):
            object.__setattr__(self, key, value)
            return
        if key == "_cache" and not hasattr(self, "_cache"):
            object.__setattr__(self, key, value)
            return
        raise AttributeError(
            f"Polity is immutable; cannot set {key!r}. Reforms return new polities."
        )


def _rebuild(
    name: str,
    t: dict[str, np.ndarray],
    i: dict[str, np.ndarray],
    r: dict[str, np.ndarray],
    year: int | None,
    systems: tuple[ElectoralSystem, ...],
    rules: tuple[Rule, ...],
    description: str | None,
    sources: tuple[str, ...],
) -> Polity:
    return Polity.from_tables(
        name,
        TerritoryTable(**t),
        InstitutionTable(**i),
        RelationTable(**r),
        year=year,
        electoral_systems=systems,
        rules=rules,
        description=description,
        sources=sources,
    )


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _row(model: type, value: Any, field: str, k: int) -> Any:
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


def _validate_document(data: Mapping[str, Any]) -> PolityDocument:
    """Validate a document dict, naming the row's id in the message where one is known."""
    from pydantic import ValidationError as PydanticError

    try:
        return PolityDocument.model_validate(data)
    except PydanticError as exc:
        e = exc.errors()[0]
        loc = list(e.get("loc", ()))
        where = ""
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data.get(loc[0]), list | tuple):
            row = data[loc[0]][loc[1]]
            rid = row.get("id") if isinstance(row, Mapping) else None
            where = f" ({loc[0][:-1]} {rid!r})" if rid is not None else ""
        field = ".".join(str(x) for x in loc)
        more = f" (and {len(exc.errors()) - 1} more errors)" if len(exc.errors()) > 1 else ""
        raise ValidationError(
            f"field {field!r}{where}: {e.get('msg')} (got {e.get('input')!r}){more}"
        ) from None


def _document(**fields: Any) -> PolityDocument:
    data = {
        k: (tuple(v) if k in _COLUMNS or k in ("electoral_systems", "rules") else v)
        for k, v in fields.items()
    }
    data["sources"] = tuple(data["sources"])
    # Row models pass through unchanged; dicts are validated (with messages naming the row).
    for key in ("territories", "institutions", "relations", "electoral_systems", "rules"):
        data[key] = tuple(r.model_dump() if hasattr(r, "model_dump") else r for r in data[key])
    return _validate_document(data)


def _tables_from_rows(
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

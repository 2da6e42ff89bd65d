"""The :class:`Polity`: an immutable, columnar, validated governance graph."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from govsim.errors import ValidationError
from govsim.model.build import (
    codes,
    document,
    pydantic_message,
    row,
    tables_from_arrays,
    tables_from_rows,
    validate_document,
)
from govsim.model.document import PolityDocument
from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role
from govsim.model.roles import roles_of
from govsim.model.rows import ElectoralSystem, Institution, Relation, Rule, TermRule, Territory
from govsim.model.summary import PolitySummary
from govsim.model.tables import InstitutionTable, RelationTable, TerritoryTable, code_mask
from govsim.model.validate import IdIndex, passed_rows, validate_tables

if TYPE_CHECKING:
    import networkx as nx

    from govsim.model.compiled import Compiled
    from govsim.model.frames import PolityFrames

__all__ = ["Polity", "PolitySummary"]

_Row = TypeVar("_Row")  # the row model of one table (Territory, Institution, Relation)


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
        doc = document(
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
        t, i, r = tables_from_rows(doc)
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
            s if isinstance(s, ElectoralSystem) else row(ElectoralSystem, s, "electoral_systems", k)
            for k, s in enumerate(electoral_systems)
        )
        rule_rows = tuple(
            r if isinstance(r, Rule) else row(Rule, r, "rules", k) for k, r in enumerate(rules)
        )
        institutions = _term_rules(institutions)
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
        territories: Mapping[str, Any] | None = None,
        institutions: Mapping[str, Any] | None = None,
        relations: Mapping[str, Any] | None = None,
        year: int | None = None,
        electoral_systems: Sequence[ElectoralSystem] = (),
        rules: Sequence[Rule] = (),
        description: str | None = None,
        sources: Sequence[str] = (),
    ) -> Polity:
        """Build a polity from columns, for bulk data.

        Each table is a mapping column name -> array, with the row models' field
        names. Enumerated columns (``kind``, ``level``, ``role``) take names or integer
        codes (``role``: ``None`` or ``-1`` for none);
        reference columns (``parent``, ``territory``, ``source``, ``target``) take ids
        (``None`` for none) or integer row numbers (``-1`` for none). Optional
        columns default to: ``name`` = id, ``seats`` = 1 (institutions) or none
        (relations), ``population``/``threshold``/``note``/``term``/``role`` = none.

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
        territory_table, institution_table, relation_table = tables_from_arrays(
            territories, institutions, relations
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
            doc = validate_document(doc)
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
        given = [ids] if isinstance(ids, str) else ids
        if not isinstance(given, np.ndarray):
            given = list(given)
            nul = [v for v in given if isinstance(v, str) and "\x00" in v]
            if nul:  # numpy would drop a trailing NUL and find another id
                raise ValidationError(f"Unknown {what} id {nul[0]!r} in polity {self._name!r}.")
        query = np.asarray(given, dtype=np.str_).reshape(-1)
        rows, found = index.lookup(query)
        if not found.all():
            bad = str(query[int(np.flatnonzero(~found)[0])])
            raise ValidationError(f"Unknown {what} id {bad!r} in polity {self._name!r}.")
        return rows

    def has_institution(self, id: str) -> bool:
        if not isinstance(id, str) or "\x00" in id:  # numpy would drop a trailing NUL
            return False
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
            role=None if t.role[i] < 0 else Role.from_code(int(t.role[i])),
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

    def _rows(self, key: str, make: Callable[[int], _Row], n: int) -> tuple[_Row, ...]:
        """Materialize (once) all rows of a table as row models."""
        if key not in self._cache:
            self._cache[key] = tuple(make(i) for i in range(n))
        rows: tuple[_Row, ...] = self._cache[key]
        return rows

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
        return self._territories.descendants(self.territory_index_of(ids))

    def mask(
        self,
        *,
        kind: str | Iterable[str] | None = None,
        level: str | Iterable[str] | None = None,
        territory: str | Iterable[str] | None = None,
        within: str | Iterable[str] | None = None,
        ids: Iterable[str] | None = None,
        writeable: bool = True,
    ) -> NDArray[np.bool_]:
        """Boolean mask over institutions matching every given criterion.

        ``territory`` matches institutions seated in those territories; ``within``
        also matches those in territories below them. Each criterion is one mask,
        ``out = AND_c mask_c`` (every institution for none); with ``writeable=False``
        one criterion's mask may be answered as the read-only array the polity keeps
        for it (no copy: for callers that only read the mask).
        """
        t = self._institutions
        parts: list[NDArray[np.bool_]] = []
        if kind is not None:
            parts.append(self._code_mask("kind", _as_list(kind), InstitutionKind))
        if level is not None:
            parts.append(self._code_mask("level", _as_list(level), Level))
        if territory is not None:
            parts.append(np.isin(t.territory, self.territory_index_of(_as_list(territory))))
        if within is not None:
            inside = self.territory_descendants(_as_list(within))
            parts.append((t.territory >= 0) & inside[np.maximum(t.territory, 0)])
        if ids is not None:
            chosen = np.zeros(len(t), dtype=bool)
            chosen[self.index_of(_as_list(ids))] = True
            parts.append(chosen)
        if not parts:
            return np.ones(len(t), dtype=bool)
        if len(parts) == 1:
            only = parts[0]
            return only.copy() if writeable and not only.flags.writeable else only
        out = np.logical_and(parts[0], parts[1])
        for part in parts[2:]:
            out &= part
        return out

    def _code_mask(
        self, column: str, names: list[str], enum: type[InstitutionKind] | type[Level]
    ) -> NDArray[np.bool_]:
        """Institutions whose ``kind`` or ``level`` is one of ``names``: computed once per set.

        Kept under the names asked for (only names that were read as codes once are
        kept), so that asking again reads no name.
        """
        key = f"mask:{column}:{sorted(set(names))}"
        if key not in self._cache:
            wanted = codes(names, enum, "select", column)
            mask = code_mask(getattr(self._institutions, column), wanted)
            mask.setflags(write=False)
            self._cache[key] = mask
        cached: NDArray[np.bool_] = self._cache[key]
        return cached

    def select(self, **criteria: Any) -> tuple[Institution, ...]:
        """Institutions matching every criterion of :meth:`mask`, as row models.

        Criteria given as plain strings are answered once per polity (the polity and
        its frozen row models never change): the power, veto and tenure metrics ask
        for the national chambers a dozen times per evaluation, each a pass over every
        institution.
        """
        plain = all(v is None or isinstance(v, str) for v in criteria.values())
        key = f"select:{sorted(criteria.items())}" if plain else None
        if key is not None and key in self._cache:
            cached: tuple[Institution, ...] = self._cache[key]
            return cached
        chosen = np.flatnonzero(self.mask(**criteria, writeable=False))
        rows = tuple(self._institution_row(int(i)) for i in chosen)
        if key is not None:
            self._cache[key] = rows
        return rows

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
            out &= np.isin(r.kind, codes(_as_list(kind), RelationKind, "relations_of", "kind"))
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
        return PolitySummary(inst, seat, rels, terrs, roles_of(t))

    # ------------------------------------------------------------------ derived views
    @property
    def compiled(self) -> Compiled:
        """The compiled graph (integer codes and CSR adjacencies); computed once."""
        if "compiled" not in self._cache:
            from govsim.model.compiled import Compiled

            self._cache["compiled"] = Compiled(self)
        compiled: Compiled = self._cache["compiled"]
        return compiled

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

    def to_pandas(self) -> PolityFrames:
        """The institutions, relations and territories as three typed DataFrames
        (``.institutions``, ``.relations``, ``.territories``; needs pandas): see
        :mod:`govsim.model.frames`; :meth:`from_pandas` reads them back."""
        from govsim.model.frames import to_pandas

        return to_pandas(self)

    @classmethod
    def from_pandas(
        cls,
        institutions: Any,
        relations: Any,
        territories: Any,
        *,
        name: str,
        year: int | None = None,
        electoral_systems: Sequence[ElectoralSystem] = (),
        rules: Sequence[Rule] = (),
        description: str | None = None,
        sources: Sequence[str] = (),
    ) -> Polity:
        """A polity from the three frames of :meth:`to_pandas` (validated as every path).

        Examples
        --------
        >>> from govsim.scenarios import synthetic
        >>> p = synthetic(200, seed=1)
        >>> Polity.from_pandas(*p.to_pandas(), name=p.name, year=p.year, rules=p.rules,
        ...                    electoral_systems=p.electoral_systems) == p
        True
        """
        from govsim.model.frames import tables_from_pandas

        t, i, r = tables_from_pandas(institutions, relations, territories)
        return cls.from_tables(
            name,
            t,
            i,
            r,
            year=year,
            electoral_systems=electoral_systems,
            rules=rules,
            description=description,
            sources=sources,
        )

    def to_networkx(self) -> nx.MultiDiGraph:
        """The polity as a networkx MultiDiGraph, built from the columns.

        Nodes are institution ids with attributes ``name``, ``kind``, ``level``,
        ``territory``, ``seats``, ``term`` (a dict) and ``role`` (those that are set);
        edges carry ``kind``, ``seats``, ``threshold`` and ``note`` (those that are
        set), keyed by their relation row. Graph attributes hold the name, year,
        territories, electoral systems and rules, so that :meth:`from_networkx`
        rebuilds the polity. See :func:`govsim.model.graph.to_networkx`.
        """
        from govsim.model.graph import to_networkx

        return to_networkx(self)

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph | nx.DiGraph) -> Polity:
        """Build a polity from a networkx graph with :meth:`to_networkx`'s attributes.

        Every node needs ``kind`` and ``level``; every edge needs ``kind``. Missing
        names default to the node id. Errors name the node or edge at fault. See
        :func:`govsim.model.graph.from_networkx`.
        """
        from govsim.model.graph import from_networkx

        return from_networkx(cls, graph)

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


class _ToConvert(Exception):
    """Some entries of a term column are dicts to validate (not a pass to remember)."""


def _term_rules(institutions: InstitutionTable) -> InstitutionTable:
    """Make every entry of the term column a TermRule or None (dicts are validated).

    Only the set entries are looked at (``terms != None`` runs in C), so a 10^6-row
    column of mostly ``None`` costs about 7 ms (``benchmarks/bench_model.py``).
    """
    terms = institutions.term
    bad: list[int] = []

    def all_rules(rows: slice | np.ndarray) -> None:
        # the rows appended or edited since the column passed, or all (validate.passed_rows)
        if isinstance(rows, slice):
            start = rows.start or 0
            set_rows = start + np.flatnonzero(terms[start:] != None)  # noqa: E711 - elementwise
        else:
            set_rows = rows[terms[rows] != None]  # noqa: E711
        bad.extend(int(k) for k in set_rows if not isinstance(terms[k], TermRule))
        if bad:
            raise _ToConvert

    try:  # once per term column (then its appended rows only): a reform keeping it skips it
        passed_rows("term rules", (terms,), all_rules)
        return institutions
    except _ToConvert:
        pass
    fixed = terms.copy()
    for k in bad:
        try:
            fixed[k] = TermRule.model_validate(terms[k])
        except Exception as exc:
            raise ValidationError(
                f"Institution {str(institutions.id[k])!r}: field 'term' is invalid: "
                f"{pydantic_message(exc)}"
            ) from None
    return institutions.replace(term=fixed)


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
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable):
        raise ValidationError(
            f"A selection criterion must be a name or a list of names. Got {value!r} instead."
        )
    return [str(v) for v in value]

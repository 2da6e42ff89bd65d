"""A polity as a networkx graph and back, built from the columns.

One implementation behind :meth:`Polity.to_networkx <govsim.model.Polity.to_networkx>`,
:meth:`Polity.from_networkx <govsim.model.Polity.from_networkx>`,
:func:`govsim.io.to_networkx`, :func:`govsim.io.from_networkx` and GraphML
(:func:`govsim.io.write_graphml`). The graph is built from the polity's columns with
one attribute dict per node and edge and no row model per row; a graph is read back
through the polity document it describes, column by column where the document is
plainly valid (:func:`govsim.model.build.document_columns`) and through the row
models otherwise, so that the polity and any error are those of
:meth:`Polity.from_document <govsim.model.Polity.from_document>`.

This module sits in the model layer and imports nothing above it; it takes the
:class:`~govsim.model.Polity` class as an argument where it builds one (the polity
module imports this one).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from govsim.model.document import FORMAT_VERSION, PolityDocument
from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role

if TYPE_CHECKING:
    import networkx as nx

    from govsim.model.polity import Polity

__all__ = [
    "collector_paused",
    "document_of_graph",
    "edge_attributes",
    "from_columns",
    "from_document",
    "from_networkx",
    "graph_attributes",
    "node_attributes",
    "to_networkx",
]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if it runs) and resume it as it was.

    Parsing or building millions of dicts and lists makes the collector walk the
    growing heap again and again; none of these objects forms a cycle, so pausing it
    only saves that time (10-20% of a large JSON load, more of a graph build).
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _term_dict(rule: Any) -> dict[str, Any]:
    """A term rule as in a polity document (``max_terms`` only when set)."""
    out: dict[str, Any] = {"years": rule.years}
    if rule.max_terms is not None:
        out["max_terms"] = rule.max_terms
    out["consecutive_only"] = rule.consecutive_only
    out["exempt_incumbent"] = rule.exempt_incumbent
    return out


def graph_attributes(polity: Polity) -> dict[str, Any]:
    """The graph attributes of :func:`to_networkx`: the document without its two graph tables.

    ``format``, ``name``, ``year`` and ``description`` (when set), ``sources``,
    ``territories`` (one dict per territory, as in a polity document),
    ``electoral_systems`` and ``rules`` (their JSON form).
    """
    t = polity.territory_table
    names = [m.value for m in Level.members()]
    territories: list[dict[str, Any]] = [
        {"id": i, "name": n, "level": names[lv]}
        for i, n, lv in zip(t.id.tolist(), t.name.tolist(), t.level.tolist(), strict=True)
    ]
    ids = t.id.tolist()
    for k in np.flatnonzero(t.parent >= 0).tolist():
        territories[k]["parent"] = ids[int(t.parent[k])]
    for k in np.flatnonzero(t.population >= 0).tolist():
        territories[k]["population"] = int(t.population[k])
    attrs: dict[str, Any] = {"format": FORMAT_VERSION, "name": polity.name}
    if polity.year is not None:
        attrs["year"] = polity.year
    if polity.description is not None:
        attrs["description"] = polity.description
    attrs["sources"] = list(polity.sources)
    attrs["territories"] = territories
    attrs["electoral_systems"] = [
        s.model_dump(mode="json", exclude_none=True) for s in polity.electoral_systems
    ]
    attrs["rules"] = [r.model_dump(mode="json", exclude_none=True) for r in polity.rules]
    return attrs


def node_attributes(polity: Polity, *, typed: bool) -> list[dict[str, Any]]:
    """One attribute dict per institution, built from the columns.

    ``name``, ``kind``, ``level``, ``seats``, and ``territory``, ``term`` and ``role``
    where set. ``typed`` gives GraphML's flat form (:func:`govsim.io.write_graphml`):
    also ``label`` and ``territory_name``, and the term rule as four scalar attributes
    ``term_years``, ``term_max_terms``, ``term_consecutive_only`` and
    ``term_exempt_incumbent``; otherwise the term is a dict, as in a polity document,
    each node its own.
    """
    i, t = polity.institution_table, polity.territory_table
    kinds = [m.value for m in InstitutionKind.members()]
    levels = [m.value for m in Level.members()]
    names = i.name.tolist()
    nodes: list[dict[str, Any]] = [
        {"label": n, "name": n, "kind": kinds[k], "level": levels[lv], "seats": s}
        if typed
        else {"name": n, "kind": kinds[k], "level": levels[lv], "seats": s}
        for n, k, lv, s in zip(
            names, i.kind.tolist(), i.level.tolist(), i.seats.tolist(), strict=True
        )
    ]
    t_ids, t_names = t.id.tolist(), t.name.tolist()
    for k in np.flatnonzero(i.territory >= 0).tolist():
        row = int(i.territory[k])
        nodes[k]["territory"] = t_ids[row]
        if typed:
            nodes[k]["territory_name"] = t_names[row]
    terms: dict[int, dict[str, Any]] = {}
    for k in np.flatnonzero(i.term != None).tolist():  # noqa: E711 - elementwise on objects
        rule = i.term[k]
        if id(rule) not in terms:
            terms[id(rule)] = _term_dict(rule)
        if typed:
            nodes[k].update({f"term_{f}": v for f, v in terms[id(rule)].items()})
        else:
            nodes[k]["term"] = dict(terms[id(rule)])  # each node its own (mutable) dict
    roles = [m.value for m in Role.members()]
    for k in np.flatnonzero(i.role >= 0).tolist():
        nodes[k]["role"] = roles[int(i.role[k])]
    return nodes


def edge_attributes(polity: Polity, *, typed: bool) -> list[dict[str, Any]]:
    """One attribute dict per relation: ``kind``, and ``seats``, ``threshold`` and
    ``note`` where set (``typed``: also a ``label``, the kind).

    Edges that record nothing but their kind share one dict per kind: networkx copies
    the attributes it is given, so the graph's edges still hold a dict each.
    """
    r = polity.relation_table
    shared = np.empty(len(RelationKind), dtype=object)
    shared[:] = [
        {"label": m.value, "kind": m.value} if typed else {"kind": m.value}
        for m in RelationKind.members()
    ]
    edges: list[dict[str, Any]] = shared[r.kind].tolist()
    seats = np.flatnonzero(r.seats >= 0)
    threshold = np.flatnonzero(~np.isnan(r.threshold))
    note = np.flatnonzero(r.note != None)  # noqa: E711 - elementwise on an object array
    for k in np.union1d(np.union1d(seats, threshold), note).tolist():
        edges[k] = dict(edges[k])
    for k in seats.tolist():
        edges[k]["seats"] = int(r.seats[k])
    for k in threshold.tolist():
        edges[k]["threshold"] = float(r.threshold[k])
    for k in note.tolist():
        edges[k]["note"] = r.note[k]
    return edges


def to_networkx(polity: Polity, *, typed: bool = False) -> nx.MultiDiGraph:
    """The polity as a networkx MultiDiGraph, built from the columns.

    Nodes are institution ids with :func:`node_attributes`; edges run source ->
    target with :func:`edge_attributes`, keyed by their relation row; the graph
    attributes are :func:`graph_attributes`, so that :func:`from_networkx` rebuilds
    the polity. ``typed`` gives the flat attributes GraphML stores.

    Python's cyclic garbage collector is paused while the millions of dicts are made
    (none of them can form a cycle; at 10^6 nodes the collector's passes over the
    growing heap cost more than the graph itself) and resumed as it was.
    """
    import networkx as nx

    with collector_paused():
        g = nx.MultiDiGraph()
        g.graph.update(graph_attributes(polity))
        ids = polity.institution_table.id.tolist()
        g.add_nodes_from(zip(ids, node_attributes(polity, typed=typed), strict=True))
        r = polity.relation_table
        as_objects = np.array(ids, dtype=object)
        src = as_objects[r.source].tolist() if ids else []
        tgt = as_objects[r.target].tolist() if ids else []
        g.add_edges_from(
            zip(src, tgt, range(len(r)), edge_attributes(polity, typed=typed), strict=True)
        )
    return g


def document_of_graph(graph: nx.MultiDiGraph | nx.DiGraph) -> dict[str, Any]:
    """The polity document a graph with :func:`to_networkx`'s attributes describes.

    The graph attributes that are document fields, one institution per node (the node
    as its ``id``, its ``name`` defaulting to the node) and one relation per edge,
    ordered by the edges' integer keys (the relation rows of :func:`to_networkx`).
    """
    doc: dict[str, Any] = {k: v for k, v in graph.graph.items() if k in PolityDocument.model_fields}
    doc.setdefault("name", "from networkx")
    institutions = []
    for node, attrs in graph.nodes(data=True):
        row = {"id": str(node), "name": str(attrs.get("name", node))}
        row.update({k: v for k, v in attrs.items() if k != "name"})
        institutions.append(row)
    edges = (
        graph.edges(data=True, keys=True)
        if graph.is_multigraph()
        else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    ordered = sorted(edges, key=lambda e: e[2] if isinstance(e[2], int) else 0)
    doc["institutions"] = institutions
    doc["relations"] = [{"source": str(u), "target": str(v), **a} for u, v, _, a in ordered]
    return doc


def from_document(cls: type[Polity], data: Mapping[str, Any]) -> Polity:
    """A polity of class ``cls`` from a document dict, read column by column where it can be.

    :func:`govsim.model.build.document_columns` reads a plainly valid document into
    columns without a row object per row; anything else goes through the row models
    (``cls.from_document``), so the polity and any error are the same either way
    (``tests/test_io_columns.py`` compares the two paths).
    """
    from govsim.model.build import document_columns

    fast = document_columns(data)
    if fast is None:
        return cls.from_document(data)
    return from_columns(cls, *fast)


def from_columns(
    cls: type[Polity],
    doc: PolityDocument,
    territories: Mapping[str, Any],
    institutions: Mapping[str, Any],
    relations: Mapping[str, Any],
) -> Polity:
    """A polity of class ``cls`` from a file reader's columns and its validated metadata.

    The columns are those of :meth:`Polity.from_arrays <govsim.model.Polity.from_arrays>`,
    made for this call (the tables keep them without a copy); ``doc`` gives the name,
    year, description, sources, electoral systems and rules. Every check runs.
    """
    from govsim.model.build import tables_from_arrays

    return cls.from_tables(
        doc.name,
        *tables_from_arrays(territories, institutions, relations, owned=True),
        year=doc.year,
        electoral_systems=doc.electoral_systems,
        rules=doc.rules,
        description=doc.description,
        sources=doc.sources,
    )


def from_networkx(cls: type[Polity], graph: nx.MultiDiGraph | nx.DiGraph) -> Polity:
    """A polity of class ``cls`` from a graph with :func:`to_networkx`'s attributes.

    Every node needs ``kind`` and ``level``; every edge needs ``kind``. The document
    of :func:`document_of_graph` is read by :func:`from_document`; errors name the
    node or edge at fault.
    """
    return from_document(cls, document_of_graph(graph))

"""Files and graph libraries: JSON/TOML polity files, networkx, GraphML.

Loading never executes anything from a file: TOML goes through the standard
library's :mod:`tomllib`, JSON through :mod:`json`, and both through the pydantic
document model, which forbids unknown keys.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsim.errors import ValidationError
from govsim.model.document import PolityDocument
from govsim.model.polity import Polity

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "from_networkx",
    "load",
    "read_document",
    "read_graphml",
    "save",
    "to_networkx",
    "write_graphml",
]


def read_document(path: str | Path) -> dict[str, Any]:
    """Read a TOML or JSON file into a dict, with errors that name the file and line.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    govsim.ValidationError
        If the suffix is not ``.toml`` or ``.json``, or the file does not parse.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise ValidationError(f"{path}: unsupported file type {suffix!r}; use .toml or .json.")
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path}: TOML syntax error: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{path}: JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(
            f"{path}: the top level must be a table/object, not {type(data).__name__}."
        )
    return data


def load(path: str | Path) -> Any:
    """Load a polity file (TOML or JSON), or a scenario file.

    A file with a ``baseline`` key is a scenario (see :mod:`govsim.scenario`) and
    is returned as a ``Scenario``; any other file must be a polity document and is
    returned as a :class:`~govsim.model.Polity`.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    govsim.ValidationError
        On a syntax error, an unknown key, or any broken polity rule; the message
        starts with the file name.

    Examples
    --------
    >>> import govsim, tempfile, os
    >>> p = govsim.Polity("tiny", institutions=[govsim.Institution(
    ...     id="v", name="Voters", kind="electorate", level="national")])
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny.json")
    >>> govsim.save(p, path)
    >>> govsim.load(path) == p
    True
    """
    data = read_document(path)
    if "baseline" in data:
        from govsim.scenario import load_scenario

        return load_scenario(path)
    try:
        return Polity.from_document(data)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None


def save(polity: Polity, path: str | Path) -> None:
    """Write a polity as JSON (exactly what :func:`load` reads back: ``load(save(p)) == p``)."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise ValidationError(f"{path}: govsim.save writes JSON; use a .json file name.")
    path.write_text(
        json.dumps(polity.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


# ---------------------------------------------------------------------- networkx
def to_networkx(polity: Polity) -> nx.MultiDiGraph:
    """The polity as a networkx MultiDiGraph.

    Nodes are institution ids with attributes ``name``, ``kind``, ``level``,
    ``territory``, ``seats`` and ``term`` (a dict, when set); edges carry ``kind``,
    ``seats``, ``threshold`` and ``note`` (only those that are set), keyed by
    their relation row. Graph attributes hold the name, year, territories,
    electoral systems and rules, so that :func:`from_networkx` rebuilds the polity.
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    doc = polity.to_dict()
    g.graph.update({k: v for k, v in doc.items() if k not in ("institutions", "relations")})
    for row in doc.get("institutions", []):
        attrs = {k: v for k, v in row.items() if k != "id"}
        g.add_node(row["id"], **attrs)
    for k, row in enumerate(doc.get("relations", [])):
        attrs = {f: v for f, v in row.items() if f not in ("source", "target")}
        g.add_edge(row["source"], row["target"], key=k, **attrs)
    return g


def from_networkx(graph: nx.MultiDiGraph | nx.DiGraph) -> Polity:
    """Build a polity from a networkx graph with :func:`to_networkx`'s attributes.

    Every node needs ``kind`` and ``level``; every edge needs ``kind``. Missing
    names default to the node id. Errors name the node or edge at fault.
    """
    doc: dict[str, Any] = {k: v for k, v in graph.graph.items() if k in PolityDocument.model_fields}
    doc.setdefault("name", "from networkx")
    institutions = []
    for node, attrs in graph.nodes(data=True):
        row = {"id": str(node), "name": str(attrs.get("name", node))}
        row.update({k: v for k, v in attrs.items() if k != "name"})
        institutions.append(row)
    relations = []
    edges = (
        graph.edges(data=True, keys=True)
        if graph.is_multigraph()
        else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    ordered = sorted(edges, key=lambda e: e[2] if isinstance(e[2], int) else 0)
    for u, v, _key, attrs in ordered:
        relations.append({"source": str(u), "target": str(v), **attrs})
    doc["institutions"] = institutions
    doc["relations"] = relations
    return Polity.from_document(doc)


def _graphml_value(value: Any) -> Any:
    if isinstance(value, (Mapping, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_graphml(polity: Polity, path: str | Path) -> None:
    """Write the polity as GraphML (for Gephi, Cytoscape, yEd).

    GraphML holds only scalar attributes, so structured ones (``term``, the graph's
    territories, electoral systems and rules) are written as JSON strings;
    :func:`read_graphml` decodes them, so ``read_graphml(path) == polity``.
    """
    import networkx as nx

    g = to_networkx(polity)
    h = nx.MultiDiGraph()
    h.graph.update({k: _graphml_value(v) for k, v in g.graph.items() if v is not None})
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **{k: _graphml_value(v) for k, v in attrs.items() if v is not None})
    for u, v, k, attrs in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{a: _graphml_value(x) for a, x in attrs.items() if x is not None})
    nx.write_graphml(h, str(path))


#: Attributes that :func:`write_graphml` stores as JSON strings.
_GRAPHML_JSON = frozenset({"sources", "territories", "electoral_systems", "rules", "term"})


def read_graphml(path: str | Path) -> Polity:
    """Read a polity written by :func:`write_graphml` (an exact round trip).

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    govsim.ValidationError
        If the file is not GraphML, or the graph is not a valid polity; the message
        starts with the file name.

    Examples
    --------
    >>> import govsim, tempfile, os
    >>> from govsim.io import read_graphml, write_graphml
    >>> p = govsim.scenarios.synthetic(100, seed=1)
    >>> path = os.path.join(tempfile.mkdtemp(), "p.graphml")
    >>> write_graphml(p, path)
    >>> read_graphml(path) == p
    True
    """
    import xml.etree.ElementTree as ET

    import networkx as nx

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    try:
        g = nx.read_graphml(str(path), force_multigraph=True)
    except (ET.ParseError, nx.NetworkXError) as exc:
        raise ValidationError(f"{path}: not a GraphML file: {exc}") from None

    def decode(attrs: Mapping[str, Any], where: str) -> dict[str, Any]:
        out = dict(attrs)
        for key in _GRAPHML_JSON & out.keys():
            if isinstance(out[key], str):
                try:
                    out[key] = json.loads(out[key])
                except json.JSONDecodeError:
                    raise ValidationError(
                        f"{path}: {where}: field {key!r} is not valid JSON."
                    ) from None
        return out

    h = nx.MultiDiGraph()
    h.graph.update(decode(g.graph, "graph"))
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **decode(attrs, f"node {n!r}"))
    for k, (u, v, key, attrs) in enumerate(g.edges(keys=True, data=True)):
        # from_networkx orders relations by their int keys (the relation rows); keep them
        if isinstance(key, str) and key.isdigit():
            key = int(key)
        edge_key = key if isinstance(key, int) else k
        h.add_edge(u, v, key=edge_key, **attrs)
    try:
        return from_networkx(h)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None

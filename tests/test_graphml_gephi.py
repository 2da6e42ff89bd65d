"""GraphML for Gephi: labels, typed scalar attributes, every data key declared with its type."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings

from govsim import Polity
from govsim.io import GRAPHML_ATTRIBUTES, read_graphml, write_graphml
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic
from govsim.testing.strategies import polities

NS = "{http://graphml.graphdrawing.org/xmlns}"
#: How a strict reader parses each GraphML type (the GraphML primer: Java's types).
PARSE = {
    "string": str,
    "long": int,
    "int": int,
    "double": float,
    "float": float,
    "boolean": lambda text: {"true": True, "false": False}[text],
}


def strict_read(path: Path) -> dict[str, Any]:
    """Parse GraphML with ElementTree and the key declarations only (no networkx).

    Every ``<data>`` must refer to a ``<key>`` declared for its element (graph, node
    or edge) and hold a value of the declared type; returns the typed attributes.
    """
    root = ET.parse(path).getroot()
    assert root.tag == f"{NS}graphml"
    keys = {}
    for key in root.findall(f"{NS}key"):
        assert key.get("attr.type") in PARSE, key.attrib
        keys[key.get("id")] = (key.get("for"), key.get("attr.name"), key.get("attr.type"))
    names = [(f, n) for f, n, _ in keys.values()]
    assert len(names) == len(set(names)), "an attribute is declared twice"

    def data(element: ET.Element, scope: str) -> dict[str, Any]:
        out = {}
        for d in element.findall(f"{NS}data"):
            assert d.get("key") in keys, f"undeclared key {d.get('key')}"
            for_, name, kind = keys[d.get("key")]
            assert for_ == scope, (name, for_, scope)
            out[name] = PARSE[kind](d.text or "")
        return out

    graph = root.find(f"{NS}graph")
    assert graph is not None
    return {
        "keys": {(f, n): t for f, n, t in keys.values()},
        "graph": data(graph, "graph"),
        "nodes": {n.get("id"): data(n, "node") for n in graph.findall(f"{NS}node")},
        "edges": [
            (e.get("source"), e.get("target"), data(e, "edge")) for e in graph.findall(f"{NS}edge")
        ],
    }


@pytest.fixture(scope="module")
def kz(tmp_path_factory: pytest.TempPathFactory) -> tuple[Polity, dict[str, Any], Path]:
    polity = kazakhstan_2019()
    path = tmp_path_factory.mktemp("gml") / "kz.graphml"
    write_graphml(polity, path)
    return polity, strict_read(path), path


def test_every_key_is_declared_with_the_documented_type(
    kz: tuple[Polity, dict[str, Any], Path],
) -> None:
    _, parsed, _ = kz
    for (scope, name), kind in parsed["keys"].items():
        assert GRAPHML_ATTRIBUTES[(scope, name)] == kind


def test_labels_on_nodes_and_edges(kz: tuple[Polity, dict[str, Any], Path]) -> None:
    polity, parsed, _ = kz
    for node_id, attrs in parsed["nodes"].items():
        assert attrs["label"] == polity.institution(node_id).name
    for _, _, attrs in parsed["edges"]:
        assert attrs["label"] == attrs["kind"]


def test_term_rules_and_counts_are_typed_scalars(kz: tuple[Polity, dict[str, Any], Path]) -> None:
    polity, parsed, _ = kz
    president = parsed["nodes"]["president"]
    assert president["term_years"] == 5
    assert president["term_max_terms"] == 2
    assert president["term_consecutive_only"] is True
    assert president["term_exempt_incumbent"] is False
    assert "term" not in president
    assert president["level"] == "national"
    assert president["territory_name"] == polity.territory(president["territory"]).name
    mazhilis = polity.institution("mazhilis")
    assert parsed["nodes"]["mazhilis"]["seats"] == mazhilis.seats
    assert parsed["keys"][("node", "seats")] == "long"
    assert parsed["keys"][("node", "term_years")] == "long"
    assert parsed["keys"][("node", "term_consecutive_only")] == "boolean"
    assert any(a.get("seats") == 98 for _, t, a in parsed["edges"] if t == "mazhilis")


def test_networkx_reads_the_same_types(kz: tuple[Polity, dict[str, Any], Path]) -> None:
    _, parsed, path = kz
    g = nx.read_graphml(path, force_multigraph=True)
    for node_id, attrs in g.nodes(data=True):
        assert attrs == parsed["nodes"][node_id]
    assert isinstance(g.nodes["president"]["term_years"], int)
    assert isinstance(g.nodes["president"]["term_consecutive_only"], bool)


def test_round_trip_of_the_baselines(
    tmp_path: Path, kz: tuple[Polity, dict[str, Any], Path]
) -> None:
    polity, _, written = kz  # the 2019 file is written and strictly read once, by the fixture
    assert read_graphml(written) == polity
    for k, polity in enumerate((kazakhstan("2024-01-01"), synthetic(300))):
        path = tmp_path / f"p{k}.graphml"
        write_graphml(polity, path)
        assert read_graphml(path) == polity
        strict_read(path)


@settings(max_examples=10)
@given(polities(shaped=True))
def test_round_trip_of_random_polities(
    tmp_path_factory: pytest.TempPathFactory, polity: Polity
) -> None:
    path = tmp_path_factory.mktemp("gml") / "p.graphml"
    write_graphml(polity, path)
    assert read_graphml(path) == polity
    strict_read(path)


def test_a_file_with_the_term_as_json_still_reads(tmp_path: Path) -> None:
    """Files written before the typed attributes held the term rule as one JSON string."""
    path = tmp_path / "old.graphml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        '<key id="n0" for="node" attr.name="kind" attr.type="string"/>\n'
        '<key id="n1" for="node" attr.name="level" attr.type="string"/>\n'
        '<key id="n2" for="node" attr.name="term" attr.type="string"/>\n'
        '<key id="e0" for="edge" attr.name="kind" attr.type="string"/>\n'
        '<key id="g0" for="graph" attr.name="name" attr.type="string"/>\n'
        '<graph edgedefault="directed"><data key="g0">old</data>\n'
        '<node id="v"><data key="n0">electorate</data><data key="n1">local</data></node>\n'
        '<node id="a"><data key="n0">executive</data><data key="n1">local</data>'
        '<data key="n2">{"years": 4, "max_terms": 2}</data></node>\n'
        '<edge source="v" target="a"><data key="e0">elects</data></edge>\n'
        "</graph></graphml>\n",
        encoding="utf-8",
    )
    polity = read_graphml(path)
    assert polity.institution("a").term is not None
    assert polity.institution("a").term.max_terms == 2

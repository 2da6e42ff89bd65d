"""Files and graph libraries: JSON/TOML, networkx, GraphML, schema."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

import govsim
from govsim import Polity, ValidationError
from govsim.io import from_networkx, read_graphml, to_networkx, write_graphml
from govsim.scenarios import synthetic
from govsim.testing.strategies import polities

TOML = """
name = "toy"
year = 2019
sources = ["hand-made"]

[[territories]]
id = "kz"
name = "Kazakhstan"
level = "national"
population = 19186015

[[institutions]]
id = "voters"
name = "Voters"
kind = "electorate"
level = "national"
territory = "kz"

[[institutions]]
id = "pres"
name = "President"
kind = "head_of_state"
level = "national"
term = { years = 7, max_terms = 1 }

[[relations]]
source = "voters"
target = "pres"
kind = "elects"
note = "Constitution, art. 41"
"""


@pytest.fixture
def toml_file(tmp_path: Path) -> Path:
    path = tmp_path / "toy.toml"
    path.write_text(TOML, encoding="utf-8")
    return path


def test_load_toml(toml_file: Path) -> None:
    p = govsim.load(toml_file)
    assert p.name == "toy"
    assert p.year == 2019
    assert p.institution("pres").term == govsim.TermRule(years=7, max_terms=1)
    assert p.relations_of(kind="elects")[0].note == "Constitution, art. 41"
    assert p.territory("kz").population == 19_186_015


def test_json_round_trip_of_file(toml_file: Path, tmp_path: Path) -> None:
    p = govsim.load(toml_file)
    out = tmp_path / "toy.json"
    govsim.save(p, out)
    assert govsim.load(out) == p
    assert json.loads(out.read_text())["format"] == 1


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(polities())
def test_json_round_trip_is_exact(tmp_path: Path, p: Polity) -> None:
    path = tmp_path / "p.json"
    govsim.save(p, path)
    assert govsim.load(path) == p


def test_json_round_trip_synthetic(tmp_path: Path) -> None:
    p = synthetic(2_000, seed=5)
    path = tmp_path / "s.json"
    govsim.save(p, path)
    assert govsim.load(path) == p


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        TOML.replace('kind = "head_of_state"', 'kind = "head_of_state"\ncolour = "blue"')
    )
    with pytest.raises(
        ValidationError,
        match=r"bad\.toml: field 'institutions\.1\.colour' \(institution 'pres'\): Extra inputs are not permitted",
    ):
        govsim.load(path)


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "x", "presidents": []}))
    with pytest.raises(ValidationError, match="field 'presidents'"):
        govsim.load(path)


def test_bad_reference_names_file_and_id(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(TOML.replace('target = "pres"', 'target = "king"'))
    with pytest.raises(
        ValidationError,
        match=r"bad\.toml: Relation #0: field 'target' refers to unknown institution 'king'",
    ):
        govsim.load(path)


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\n[[institutions]\n')
    with pytest.raises(ValidationError, match=r"broken\.toml: TOML syntax error: .*line 2"):
        govsim.load(path)


def test_json_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x",\n "year": }')
    with pytest.raises(ValidationError, match=r"broken\.json: JSON syntax error at line 2"):
        govsim.load(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        govsim.load(tmp_path / "nope.toml")


def test_wrong_suffix(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: x")
    with pytest.raises(ValidationError, match=r"unsupported file type '\.yaml'"):
        govsim.load(path)
    with pytest.raises(ValidationError, match="writes JSON"):
        govsim.save(Polity("x"), tmp_path / "p.toml")


def test_loading_executes_nothing(tmp_path: Path) -> None:
    """Strings that look like code stay strings: loading is parsing plus validation."""
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    path = tmp_path / "evil.toml"
    path.write_text(TOML.replace('name = "Voters"', f"name = {json.dumps(payload)}"))
    p = govsim.load(path)
    assert p.institution("voters").name == payload
    assert not marker.exists()


@given(polities())
def test_networkx_round_trip(p: Polity) -> None:
    assert from_networkx(to_networkx(p)) == p
    assert Polity.from_networkx(p.to_networkx()) == p


def test_networkx_graph_attributes(toml_file: Path) -> None:
    g = govsim.load(toml_file).to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes["pres"]["kind"] == "head_of_state"
    assert g.nodes["pres"]["term"] == {
        "years": 7,
        "max_terms": 1,
        "consecutive_only": False,
        "exempt_incumbent": False,
    }
    assert g.edges["voters", "pres", 0]["kind"] == "elects"
    assert g.graph["name"] == "toy"


def test_from_networkx_error_names_node() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", kind="king", level="national")
    with pytest.raises(ValidationError, match=r"institutions\.0\.kind' \(institution 'a'\)"):
        from_networkx(g)


def test_graphml_export(toml_file: Path, tmp_path: Path) -> None:
    p = govsim.load(toml_file)
    path = tmp_path / "p.graphml"
    write_graphml(p, path)
    g = nx.read_graphml(path)
    assert set(g.nodes) == {"voters", "pres"}
    # the term rule as typed scalars (Gephi filters on them), not a JSON string
    assert g.nodes["pres"]["term_years"] == 7
    assert g.nodes["pres"]["term_max_terms"] == 1
    assert "term" not in g.nodes["pres"]


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25, deadline=None
)
@given(polities())
def test_graphml_round_trip_is_exact(tmp_path: Path, p: Polity) -> None:
    """GraphML could be written but not read back: the JSON-encoded attributes stayed text."""
    path = tmp_path / "p.graphml"
    write_graphml(p, path)
    assert read_graphml(path) == p


def test_read_graphml_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.graphml"
    bad.write_text("<not xml")
    with pytest.raises(ValidationError, match=r"bad\.graphml: not a GraphML file"):
        read_graphml(bad)
    g = nx.MultiDiGraph()
    g.add_node("a", kind="king", level="national")
    nx.write_graphml(g, tmp_path / "king.graphml")
    with pytest.raises(ValidationError, match=r"king\.graphml: field 'institutions\.0\.kind'"):
        read_graphml(tmp_path / "king.graphml")
    with pytest.raises(FileNotFoundError):
        read_graphml(tmp_path / "none.graphml")


def test_json_schema() -> None:
    schema = Polity.model_json_schema()
    assert schema["title"] == "govsim polity"
    assert schema["additionalProperties"] is False
    assert "institutions" in schema["properties"]

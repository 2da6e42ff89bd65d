"""JSON and networkx from columns: the new paths against the row-model paths they replace."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim import Polity, ValidationError
from govsim.io import json_text, polity_from_document
from govsim.model.build import document_columns
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic
from govsim.testing.strategies import polities


def old_text(polity: Polity) -> str:
    """What govsim.save wrote before: one row model per row, json.dumps with indent."""
    doc = polity.to_document().model_dump(mode="json", exclude_none=True)
    doc["format"] = doc.get("format", 1)
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def old_to_networkx(polity: Polity) -> Any:
    """What Polity.to_networkx built before: the graph of the row-model document."""
    import networkx as nx

    g = nx.MultiDiGraph()
    doc = polity.to_dict()
    g.graph.update({k: v for k, v in doc.items() if k not in ("institutions", "relations")})
    for item in doc.get("institutions", []):
        g.add_node(item["id"], **{k: v for k, v in item.items() if k != "id"})
    for k, rel in enumerate(doc.get("relations", [])):
        attrs = {f: v for f, v in rel.items() if f not in ("source", "target")}
        g.add_edge(rel["source"], rel["target"], key=k, **attrs)
    return g


def old_from_networkx(graph: Any) -> Polity:
    """What Polity.from_networkx did before: the graph's document through the row models."""
    from govsim.model.graph import document_of_graph

    return Polity.from_document(document_of_graph(graph))


def outcome(build: Any, data: Any) -> Any:
    """The polity a path builds, or the message of the govsim error it raises."""
    try:
        return build(data)
    except ValidationError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize(
    "make",
    [kazakhstan_2019, lambda: kazakhstan("2024-01-01"), lambda: synthetic(3000, seed=5)],
)
def test_the_text_is_byte_identical_on_the_baselines(make: Any, tmp_path: Path) -> None:
    polity = make()
    assert json_text(polity) == old_text(polity)
    govsim.save(polity, tmp_path / "p.json")
    assert (tmp_path / "p.json").read_bytes() == old_text(polity).encode("utf-8")


@settings(max_examples=30)
@given(polities(shaped=True))
def test_the_text_is_byte_identical_on_random_polities(polity: Polity) -> None:
    assert json_text(polity) == old_text(polity)


@settings(max_examples=30)
@given(polities())
def test_reading_from_columns_gives_the_same_polity(polity: Polity) -> None:
    data = json.loads(json_text(polity))
    assert document_columns(data) is not None  # a file govsim wrote takes the fast path
    assert polity_from_document(data) == Polity.from_document(data) == polity


#: Edits of one value of a document, each of a kind the row models judge.
EDITS: list[tuple[str, str, Any]] = [
    ("institutions", "seats", "100"),
    ("institutions", "seats", True),
    ("institutions", "seats", 0),
    ("institutions", "seats", 7.0),
    ("institutions", "seats", 10**8),
    ("institutions", "seats", None),
    ("institutions", "kind", "emperor"),
    ("institutions", "level", 3),
    ("institutions", "id", " padded"),
    ("institutions", "id", "line\nbreak"),
    ("institutions", "id", ""),
    ("institutions", "name", None),
    ("institutions", "territory", "nowhere"),
    ("institutions", "term", {"years": 0}),
    ("institutions", "term", {"years": 4, "max_terms": 2}),
    ("institutions", "term", {"years": 4.0}),
    ("institutions", "term", {"years": 4, "colour": 1}),
    ("institutions", "role", "king"),
    ("institutions", "colour", "red"),
    ("relations", "source", "nobody"),
    ("relations", "seats", -1),
    ("relations", "threshold", 1.5),
    ("relations", "threshold", 1),
    ("relations", "threshold", float("nan")),
    ("relations", "note", 5),
    ("territories", "population", -5),
    ("territories", "population", 2**70),
    ("territories", "parent", "kz\x00"),
    ("territories", "level", "planetary"),
    ("territories", "id", "dup"),
]


@functools.cache
def _baseline() -> Polity:
    """Kazakhstan 2019, built once for the module (a polity is immutable)."""
    return kazakhstan_2019()


@functools.cache
def _baseline_text() -> str:
    return json_text(_baseline())


def _edited(table: str, field: str, value: Any, row: int) -> dict[str, Any]:
    """The baseline's document (parsed afresh: a deep copy) with one value edited."""
    out: dict[str, Any] = json.loads(_baseline_text())
    rows = out[table]
    rows[row % len(rows)][field] = value
    if field == "id" and value == "dup":  # a duplicated id
        for r in rows:
            r["id"] = "dup"
    return out


# each example parses and validates Kazakhstan 2019 twice (0.1-0.2 s): 30 of them
@settings(max_examples=30)
@given(st.sampled_from(EDITS), st.integers(0, 10**6))
def test_both_paths_agree_on_random_edits(edit: tuple[str, str, Any], row: int) -> None:
    data = _edited(*edit, row)
    assert outcome(polity_from_document, data) == outcome(Polity.from_document, data)


def test_metadata_edits_agree() -> None:
    base = json.loads(json_text(kazakhstan_2019()))
    for key, value in [
        ("year", "2019"),
        ("format", 2),
        ("format", True),
        ("name", 5),
        ("sources", "one"),
        ("colour", 1),
        ("electoral_systems", [{"body": "nobody", "tiers": [{"seats": 1}]}]),
        ("rules", [{"kind": "no_such_rule"}]),
        ("institutions", {"not": "a list"}),
        ("relations", [1, 2]),
    ]:
        data = copy.deepcopy(base)
        data[key] = value
        assert outcome(polity_from_document, data) == outcome(Polity.from_document, data), key


def test_a_toml_file_takes_the_same_path(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'name = "t"\n[[institutions]]\nid = "v"\nname = "V"\nkind = "electorate"\n'
        'level = "local"\n[[institutions]]\nid = "a"\nname = "A"\nkind = "executive"\n'
        'level = "local"\nterm = { years = 4 }\n[[relations]]\nsource = "v"\ntarget = "a"\n'
        'kind = "elects"\n',
        encoding="utf-8",
    )
    data = govsim.io.read_document(path)
    assert document_columns(data) is not None
    assert govsim.load(path) == Polity.from_document(data)


def _graph_items(g: Any) -> tuple[Any, ...]:
    return (
        g.graph,
        list(g.nodes(data=True)),
        list(g.edges(keys=True, data=True)),
    )


@settings(max_examples=30)
@given(polities(shaped=True))
def test_to_networkx_from_columns_is_the_row_path_graph(polity: Polity) -> None:
    new, old = govsim.io.to_networkx(polity), old_to_networkx(polity)
    assert _graph_items(new) == _graph_items(old)
    assert _graph_items(polity.to_networkx()) == _graph_items(old)  # one implementation
    assert govsim.io.from_networkx(new) == Polity.from_networkx(new) == polity
    assert old_from_networkx(old) == polity


def test_to_networkx_gives_each_node_its_own_term_dict() -> None:
    g = govsim.io.to_networkx(synthetic(200))
    terms = [a["term"] for _, a in g.nodes(data=True) if "term" in a]
    terms += [
        a["term"]
        for _, a in govsim.io.to_networkx(kazakhstan_2019()).nodes(data=True)
        if "term" in a
    ]
    assert len({id(t) for t in terms}) == len(terms)


@settings(max_examples=20)
@given(st.sampled_from(EDITS), st.integers(0, 10**6))
def test_from_networkx_agrees_with_the_row_path_on_random_edits(
    edit: tuple[str, str, Any], row: int
) -> None:
    table, field, value = edit
    if table != "institutions" or field == "id":
        return
    g = govsim.io.to_networkx(_baseline())
    node = list(g.nodes)[row % g.number_of_nodes()]
    g.nodes[node][field] = value
    assert outcome(govsim.io.from_networkx, g) == outcome(old_from_networkx, g)
    assert outcome(Polity.from_networkx, g) == outcome(old_from_networkx, g)


_JSON_VALUES = st.recursive(
    st.none() | st.integers() | st.text(alphabet='[]{}"\\ab\n', max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=60)
@given(_JSON_VALUES)
def test_the_nesting_scan_matches_the_parsed_depth(value: Any) -> None:
    """The byte scan before parsing gives the depth the parsed document has."""
    from govsim._validation import nesting_depth
    from govsim.io import MAX_DEPTH, _json_nesting

    text = json.dumps(value, ensure_ascii=False)
    assert _json_nesting(text) == nesting_depth(value, MAX_DEPTH)
    assert _json_nesting(text.encode("utf-8")) == nesting_depth(value, MAX_DEPTH)


def test_edges_of_a_graph_do_not_share_attribute_dicts() -> None:
    g = govsim.io.to_networkx(synthetic(300, seed=2))
    dicts = [d for _, _, d in g.edges(data=True)]
    assert len({id(d) for d in dicts}) == len(dicts)
    kinds = [d["kind"] for d in dicts]
    dicts[0]["kind"] = "changed"
    assert [d["kind"] for d in dicts[1:]] == kinds[1:]


# ---------------------------------------------------------------- JSON read from the bytes
def general_load(path: Path) -> Polity:
    """What govsim.load did before the byte reader: json.loads, then the document paths."""
    data = govsim.io.read_document(path)
    if "baseline" in data:
        raise ValidationError("a scenario file")
    return govsim.io._polity_document(data, path)


def byte_read(path: Path) -> Polity | None:
    """The byte reader alone (None: the file takes the general path)."""
    from govsim.io import _json_polity, _read_padded

    buf, size = _read_padded(path)
    return _json_polity(buf, size)


@settings(max_examples=30, deadline=None)
@given(polities(shaped=True))
def test_a_file_govsim_wrote_is_read_from_its_bytes(polity: Polity) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.json"
        govsim.save(polity, path)
        fast = byte_read(path)
        assert fast is not None  # the layout save writes takes the byte reader
        assert fast == general_load(path) == polity
        assert govsim.load(path) == polity


@pytest.mark.parametrize("make", [kazakhstan_2019, lambda: kazakhstan("2024-01-01")])
def test_the_baselines_are_read_from_their_bytes(make: Any, tmp_path: Path) -> None:
    polity = make()
    govsim.save(polity, tmp_path / "p.json")
    assert byte_read(tmp_path / "p.json") == polity


def _write(path: Path, data: Any) -> None:
    """A document in the layout save writes (so edits of values reach the byte reader)."""
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


#: Edits of values that keep the file in save's layout, beside EDITS: escapes, text
#: beyond ASCII, numbers at and past their bounds, kinds close to known ones.
LAYOUT_EDITS: list[tuple[str, str, Any]] = [
    ("institutions", "name", 'a "quoted" name\\'),
    ("institutions", "name", "Мәжіліс\u2028\u00e9"),
    ("institutions", "name", "tab\there"),
    ("institutions", "name", "nul\x00"),
    ("institutions", "id", "Мәжіліс"),
    ("institutions", "id", 'quote"d'),
    ("institutions", "seats", 10**7),
    ("institutions", "seats", 10**7 + 1),
    ("institutions", "seats", 10**19),
    ("institutions", "seats", -3),
    ("institutions", "seats", 1.5),
    ("institutions", "kind", "chambers"),
    ("institutions", "kind", "chambe"),
    ("institutions", "level", "national "),
    ("institutions", "role", "head_of_state"),
    ("institutions", "role", None),
    ("institutions", "territory", None),
    ("institutions", "territory", ""),
    (
        "institutions",
        "term",
        {"years": 5, "max_terms": 1, "consecutive_only": True, "exempt_incumbent": False},
    ),
    ("institutions", "term", {"years": 5, "consecutive_only": "yes", "exempt_incumbent": False}),
    ("institutions", "term", {"years": 5, "exempt_incumbent": False, "consecutive_only": True}),
    ("relations", "threshold", 0.5),
    ("relations", "threshold", 1e-300),
    ("relations", "threshold", 2),
    ("relations", "threshold", 0),
    ("relations", "note", 'a note with \\ and "quotes" and \n'),
    ("relations", "note", None),
    ("relations", "seats", 0),
    ("relations", "target", "Мәжіліс"),
    ("relations", "kind", "elect"),
    ("territories", "population", 10**10),
    ("territories", "population", 10**10 + 1),
    ("territories", "parent", ""),
    ("territories", "name", "Astana\\"),
]


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(EDITS + LAYOUT_EDITS), st.integers(0, 10**6))
def test_the_byte_reader_agrees_on_random_edits_in_the_layout(
    edit: tuple[str, str, Any], row: int
) -> None:
    import tempfile

    data = _edited(*edit, row)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.json"
        _write(path, data)
        assert outcome(govsim.load, path) == outcome(general_load, path)


@functools.cache
def _small_text() -> bytes:
    return json_text(synthetic(100, seed=3)).encode("utf-8")


#: Bytes a random edit of the text puts in or takes out.
_BYTES = [
    b'"',
    b"\\",
    b",",
    b" ",
    b"\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"0",
    b"7",
    b"a",
    b"\t",
    b"\r",
    b"\x00",
    "é".encode(),
    b"\xff",
    b'",',
    b"-",
    b"null",
    b"true",
    b"1e5",
    b".5",
]


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 10**9), st.sampled_from(["replace", "insert", "delete"]), st.sampled_from(_BYTES)
)
def test_the_byte_reader_agrees_on_random_byte_edits(at: int, how: str, piece: bytes) -> None:
    """Any one edit of the bytes: the byte reader reads the same polity as the general
    path or leaves the file to it (so the error is the general path's)."""
    import tempfile

    text = _small_text()
    k = at % len(text)
    if how == "replace":
        edited = text[:k] + piece + text[k + len(piece) :]
    elif how == "insert":
        edited = text[:k] + piece + text[k:]
    else:
        edited = text[:k] + text[k + len(piece) :]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.json"
        path.write_bytes(edited)
        assert outcome(govsim.load, path) == outcome(general_load, path)


def test_a_duplicated_table_key_is_read_as_json_reads_it(tmp_path: Path) -> None:
    """json keeps the last of two equal keys; so does the byte reader (or leaves it)."""
    text = _baseline_text()
    twice = text.replace('\n "relations": [', '\n "relations": [],\n "relations": [', 1)
    (tmp_path / "a.json").write_text(twice, encoding="utf-8")
    other = text.rstrip().removesuffix("}") + ',\n "institutions": []\n}\n'
    (tmp_path / "b.json").write_text(other, encoding="utf-8")
    for name in ("a.json", "b.json"):
        path = tmp_path / name
        assert outcome(govsim.load, path) == outcome(general_load, path)

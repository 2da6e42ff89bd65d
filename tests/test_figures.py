"""Figures that show change (govsim.figures): the marks of the institution graph are
those of ``govsim.diff``, the drawn files carry them, the HTML view is self-contained,
and the deltas figure puts each metric on its own scale."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import govsim
from govsim import figures
from govsim.figures import MAX_SINGLE, STATUSES, ChangeGraph, change_graph
from govsim.reforms import TermLimit
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def kz() -> tuple[Any, Any, Any, ChangeGraph]:
    before, after = kazakhstan_2019(), kazakhstan("2024-01-01")
    change = govsim.diff(before, after)
    return before, after, change, change_graph(before, after, change)


def _pairs() -> list[tuple[Any, Any]]:
    base = synthetic(400, seed=4)
    return [
        (base, base.apply(TermLimit(office="president", years=5, max_terms=2))),
        (base, synthetic(400, seed=4, elected_district_share=1.0)),
        (base, base),
    ]


def _check_against_diff(before: Any, after: Any, change: Any, graph: ChangeGraph) -> None:
    status_of = {m: n.status for n in graph.nodes for m in n.members}
    node_of = graph.node_of()
    # every office of either polity is drawn exactly once
    drawn = [m for n in graph.nodes for m in n.members]
    assert len(drawn) == len(set(drawn))
    assert set(drawn) == {i.id for i in after.institutions} | set(change.institutions_removed)
    # the statuses are exactly diff's
    want = {
        "added": set(change.institutions_added),
        "removed": set(change.institutions_removed),
        # its fields, its electoral system or a rule about it
        "changed": (
            {c.id for c in change.institutions_changed}
            | {body for body, _, _ in change.electoral_systems_changed}
            | {r.subject for r in (*change.rules_added, *change.rules_removed) if r.subject}
        )
        & set(drawn) - set(change.institutions_added) - set(change.institutions_removed),
    }
    for status in ("added", "removed", "changed"):
        assert {m for m, s in status_of.items() if s == status} == want[status], status
    # a changed office never shares a node with an office of another status
    for n in graph.nodes:
        assert {status_of[m] for m in n.members} == {n.status}
        if n.status != "unchanged" and len(n.members) <= MAX_SINGLE:
            # a small group of changed offices of one kind and level is drawn one by one
            assert n.members == (n.key,)
    # ties: diff's relations never fall on an edge marked unchanged
    edges = {(e.source, e.target, e.kind): e for e in graph.edges}
    touched = [
        *change.relations_added,
        *change.relations_removed,
        *(r for pair in change.relations_changed for r in pair),
    ]
    for rel in touched:
        key = (node_of[rel.source], node_of[rel.target], str(rel.kind))
        if key[0] != key[1]:
            assert edges[key].status != "unchanged", key
    for e in graph.edges:
        assert e.status in STATUSES
        assert (e.status == "added") == (e.before == 0)
        assert (e.status == "removed") == (e.after == 0)
        if e.status == "unchanged":
            assert e.before == e.after
    # the edge counts are the relations between the drawn nodes, before and after
    for polity, side in ((before, "before"), (after, "after")):
        count: dict[tuple[str, str, str], int] = {}
        for rel in polity.relations:
            key = (node_of[rel.source], node_of[rel.target], str(rel.kind))
            if key[0] != key[1]:
                count[key] = count.get(key, 0) + 1
        got = {k: getattr(e, side) for k, e in edges.items() if getattr(e, side)}
        assert got == count, side


def test_marks_match_diff_on_kazakhstan(kz: tuple[Any, Any, Any, ChangeGraph]) -> None:
    before, after, change, graph = kz
    _check_against_diff(before, after, change, graph)
    by_key = {n.key: n for n in graph.nodes}
    # hand-checked against the modelled timeline (govsim.scenarios.kazakhstan_reforms,
    # whose steps carry their sources): the single 7-year term and the Constitutional
    # Court replacing the Constitutional Council, both of the June 2022 package
    assert by_key["president"].status == "changed"
    assert "term" in by_key["president"].label
    # the March 2023 mixed system (69 list seats, 29 single-member districts)
    assert "electoral system" in by_key["mazhilis"].label
    assert by_key["constitutional_council"].status == "removed"
    assert by_key["constitutional_court"].status == "added"
    assert graph.counts["added"] == len(change.institutions_added)


@pytest.mark.parametrize("index", range(3), ids=["term_limit", "elected_districts", "same"])
def test_marks_match_diff_on_synthetic(index: int) -> None:
    before, after = _pairs()[index]
    change = govsim.diff(before, after)
    graph = change_graph(before, after, change)
    _check_against_diff(before, after, change, graph)
    if index == 0:
        changed = [n for n in graph.nodes if n.status != "unchanged"]
        assert [n.key for n in changed] == ["president"]
        assert all(e.status == "unchanged" for e in graph.edges)
    if index == 2:
        assert {n.status for n in graph.nodes} == {"unchanged"}


def test_the_drawn_svg_carries_every_mark(
    tmp_path: Path, kz: tuple[Any, Any, Any, ChangeGraph]
) -> None:
    before, after, _, graph = kz
    path = figures.plot_institutions(before, after, tmp_path / "g.svg", graph=graph)
    ids = {el.get("id") for el in ET.parse(path).iter() if el.get("id")}
    want_nodes = {f"node:{n.status}:{n.key}" for n in graph.nodes}
    want_edges = {f"edge:{e.status}:{e.kind}:{e.source}->{e.target}" for e in graph.edges}
    assert want_nodes <= ids
    assert want_edges <= ids
    png = figures.plot_institutions(before, after, tmp_path / "g.png", graph=graph)
    data = png.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > 100_000


def test_the_html_view_is_self_contained(
    tmp_path: Path, kz: tuple[Any, Any, Any, ChangeGraph]
) -> None:
    before, after, _, graph = kz
    page = figures.write_institutions_html(before, after, tmp_path / "g.html", graph=graph)
    text = page.read_text(encoding="utf-8")
    # nothing to fetch: no external script, style, image or font; the one URL is the
    # SVG namespace (a name, never loaded)
    assert re.findall(r"https?://[^\s\"'<>]+", text) == ["http://www.w3.org/2000/svg"]
    assert "<script src" not in text
    assert "<link" not in text
    assert "@import" not in text
    blob = re.search(
        r'<script type="application/json" id="govsim-graph">(.*?)</script>', text, re.S
    )
    assert blob is not None
    data = json.loads(blob.group(1))
    assert [n["key"] for n in data["nodes"]] == [n.key for n in graph.nodes]
    assert [(e["source"], e["target"], e["kind"], e["status"]) for e in data["edges"]] == [
        (e.source, e.target, e.kind, e.status) for e in graph.edges
    ]
    # every node and edge is in the SVG with its status, for the hover script to find
    assert text.count('<g class="node ') == len(graph.nodes)
    assert text.count('<path class="edge ') == len(graph.edges)
    for status in STATUSES:
        n_edges = sum(e.status == status for e in graph.edges)
        assert text.count(f'<path class="edge {status}"') == n_edges
    assert "mouseenter" in text


def test_the_report_writes_the_page(tmp_path: Path) -> None:
    from govsim.report import write_report

    before, after = _pairs()[0]
    rep = write_report(
        govsim.compare(before, after),
        tmp_path,
        before=before,
        after=after,
        figures=["institutions"],
    )
    names = [p.name for p in rep.files]
    assert "institutions.png" in names
    assert "institutions.html" in names
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "(institutions.html)" in md
    assert json.loads((tmp_path / "report.json").read_text())["pages"] == ["institutions.html"]


def test_deltas_figure(tmp_path: Path) -> None:
    """The SVG of the deltas figure; the PNG that reports carry is checked in
    tests/test_report.py (``deltas.png`` of a real comparison)."""
    before, after = _pairs()[1]
    comparison = govsim.compare(before, after)
    path = figures.plot_deltas(comparison, tmp_path / "d.svg")
    text = path.read_text(encoding="utf-8")
    # one panel per metric, titled in words with the better direction
    rows = list(comparison)
    assert len(rows) > 10
    for row in rows:
        label = figures.metric_label(row.metric, row.direction)
        assert label.split(" (")[0].split(": ")[1].split()[0] in text


@pytest.mark.parametrize(
    ("name", "direction", "label"),
    [
        (
            "accountability.elected_share",
            "higher",
            "Accountability: elected share (higher is better)",
        ),
        ("electoral.p_majority", "lower", "Electoral: probability of majority (lower is better)"),
        ("tenure.p_over_10_years", "lower", "Tenure: probability over 10 years (lower is better)"),
        ("electoral.expected_enp", "higher", "Electoral: expected ENP (higher is better)"),
    ],
)
def test_metric_labels(name: str, direction: str, label: str) -> None:
    assert figures.metric_label(name, direction) == label


def test_each_panel_has_one_scale_holding_both_values() -> None:
    """The window of a panel holds the two values and stays inside the metric's range."""
    rng = np.random.default_rng(0)
    for _ in range(200):
        lo, hi = sorted(rng.uniform(-10, 10, 2))
        before, after = rng.uniform(lo, hi, 2)
        left, right = figures._window(float(before), float(after), float(lo), float(hi))
        assert lo - 1e-12 <= left <= min(before, after) + 1e-12
        assert max(before, after) - 1e-12 <= right <= hi + 1e-12
        # a small change is zoomed in on, a large one shows the whole range
        if abs(after - before) >= 0.25 * (hi - lo):
            assert (left, right) == pytest.approx((lo, hi), abs=1e-12)
    # unbounded range: a window around the values
    left, right = figures._window(2.0, 3.0, 0.0, float("inf"))
    assert 0.0 <= left <= 2.0
    assert right >= 3.0

"""Figures that show what a reform changed: the institution graph and the metric deltas.

:func:`change_graph` lays the institutions of two polities out on one graph and marks,
from :func:`govsim.diff`, what the reforms added, removed or changed:

- **offices**: an office that was added, removed or whose fields changed is never
  folded into a group with unchanged ones. Offices are grouped by (kind, level,
  status); a group of at most :data:`MAX_SINGLE` offices, and every national office
  of its kind and status, is drawn one by one with its name. A label starts with
  ``+`` (added), ``−`` (removed) or ``~`` (changed: its fields, its electoral system
  or a rule about it, named in brackets; :func:`changed_fields`), and the box
  says it too (thick border, dashed border, tint), so the status never rests on colour
  alone.
- **ties**: an edge joins two drawn nodes for one relation kind. It is *added* (thick
  solid line) when the kind joined those nodes only after, *removed* (dashed) when only
  before, *changed* (dash-dot) when it joined them before and after but a relation
  under it was added, removed or changed (rewired: other ends inside a group, other
  seats or threshold), and *unchanged* (thin, faint) otherwise.
- **colours** are the relation's family (selection, removal, constraint, access,
  informal, partisan; :class:`govsim.model.RelationGroup`) in the Okabe-Ito palette,
  which stays distinguishable under the common colour-vision deficiencies (Okabe &
  Ito 2008, "Color Universal Design", https://jfly.uni-koeln.de/color/).

:func:`plot_institutions` draws that graph as a PNG (or SVG: each node and edge then
carries an ``id`` naming its key and status), and :func:`write_institutions_html` as a
self-contained HTML page (inline SVG and a few lines of JavaScript, no network) where
hovering an office lists its relations and what happened to them.

:func:`plot_deltas` draws one small panel per metric, each on the metric's own scale
(its declared range when finite), the value before (hollow) and after (filled) joined
by an arrow, titled with a readable name and which direction is better.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from govsim.model.kinds import InstitutionKind, Level, RelationGroup, RelationKind

__all__ = [
    "FAMILY_COLOURS",
    "MAX_SINGLE",
    "STATUSES",
    "ChangeGraph",
    "GraphEdge",
    "GraphNode",
    "change_graph",
    "changed_fields",
    "metric_label",
    "plot_deltas",
    "plot_institutions",
    "write_institutions_html",
]

#: What happened to a node or an edge.
STATUSES: tuple[str, ...] = ("unchanged", "added", "removed", "changed")

#: One colour per relation family: the Okabe-Ito palette (colour-blind safe).
FAMILY_COLOURS: dict[str, str] = {
    RelationGroup.SELECTION.value: "#0072B2",  # blue
    RelationGroup.REMOVAL.value: "#D55E00",  # vermillion
    RelationGroup.CONSTRAINT.value: "#009E73",  # bluish green
    RelationGroup.ACCESS.value: "#E69F00",  # orange
    RelationGroup.INFORMAL.value: "#CC79A7",  # reddish purple
    RelationGroup.PARTISAN.value: "#56B4E9",  # sky blue
}

#: Line style per edge status: (matplotlib dash pattern, width, opacity).
EDGE_STYLE: dict[str, tuple[Any, float, float]] = {
    "unchanged": ("solid", 0.8, 0.35),
    "added": ("solid", 2.4, 0.95),
    "removed": ((0, (4, 2.5)), 2.0, 0.9),
    "changed": ((0, (6, 2, 1.5, 2)), 2.0, 0.9),
}
_SVG_DASH = {"unchanged": "", "added": "", "removed": "8 5", "changed": "12 4 3 4"}

#: Box of a node per status: (label prefix, fill, border width, border style).
NODE_STYLE: dict[str, tuple[str, str, float, Any]] = {
    "unchanged": ("", "#FFFFFF", 0.7, "solid"),
    "added": ("+ ", "#FDF3C5", 2.0, "solid"),
    "removed": ("− ", "#E6E6E6", 1.6, "dashed"),
    "changed": ("~ ", "#DCEBF7", 2.0, "solid"),
}

#: Offices of one (kind, level, status) drawn one by one, at most (national offices of
#: a kind and status with more are grouped too, as the electorates of 29 districts).
MAX_SINGLE = 3

#: Height of each drawing row: national institutions on three rows (executive,
#: assemblies, courts and watchdogs), then regional, district, local, voters.
_NATIONAL_ROW = {
    InstitutionKind.HEAD_OF_STATE: 6.2,
    InstitutionKind.GOVERNMENT: 6.2,
    InstitutionKind.AGENCY: 6.2,
    InstitutionKind.CHAMBER: 5.5,
    InstitutionKind.CONSULTATIVE: 5.5,
    InstitutionKind.PARTY: 5.5,
    InstitutionKind.COURT: 4.8,
    InstitutionKind.OMBUDSMAN: 4.8,
}
_LEVEL_ROW = {Level.REGIONAL: 3.8, Level.DISTRICT: 2.8, Level.LOCAL: 1.8}
_ELECTORATE_ROW = 0.6
_PLURAL = {"head_of_state": "heads of state", "party": "parties", "agency": "agencies"}
ROW_TICKS = {5.5: "national", 3.8: "regional", 2.8: "district", 1.8: "local", 0.6: "voters"}


@dataclass(frozen=True)
class GraphNode:
    """One drawn node: an office, or a group of offices of one kind, level and status."""

    key: str
    label: str
    kind: str
    level: str
    status: str
    members: tuple[str, ...]
    seats: int
    x: float
    y: float
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GraphEdge:
    """The relations of one kind from one drawn node to another, before and after."""

    source: str
    target: str
    kind: str
    family: str
    status: str
    before: int
    after: int


@dataclass(frozen=True)
class ChangeGraph:
    """Two polities on one graph, with what changed marked (see :func:`change_graph`)."""

    before_name: str
    after_name: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    counts: dict[str, int] = field(default_factory=dict)

    def node_of(self) -> dict[str, str]:
        """Institution id -> the key of the node that draws it."""
        return {m: n.key for n in self.nodes for m in n.members}


def _ids(polity: Any) -> np.ndarray:
    return np.asarray(polity.institution_table.id).astype(str)


def _rows_in(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Row of each of ``wanted`` in ``ids`` (every one is there)."""
    order = np.argsort(ids, kind="stable")
    return np.asarray(order[np.searchsorted(ids[order], wanted)], dtype=np.int64)


def changed_fields(change: Any) -> dict[str, list[str]]:
    """Institution id -> what changed about it, from a :class:`govsim.reforms.Change`.

    Its fields (``institutions_changed``: ``term``, ``seats``, ...), its
    ``electoral system`` (``electoral_systems_changed``, by body) and the rules about
    it (``rule: <kind>`` for a rule added or removed whose ``subject`` it is).
    """
    out: dict[str, list[str]] = {}

    def note(key: Any, what: str) -> None:
        items = out.setdefault(str(key), [])
        if what not in items:
            items.append(what)

    for fc in change.institutions_changed:
        note(fc.id, str(fc.field))
    for body, _old, _new in change.electoral_systems_changed:
        note(body, "electoral system")
    for rule in (*change.rules_added, *change.rules_removed):
        if getattr(rule, "subject", None) is not None:
            kind = str(getattr(rule.kind, "value", rule.kind)).replace("_", " ")
            note(rule.subject, f"rule: {kind}")
    return out


def change_graph(before: Any, after: Any, change: Any = None) -> ChangeGraph:
    """Lay ``before`` and ``after`` out on one graph and mark what changed.

    Parameters
    ----------
    before, after : govsim.Polity
    change : govsim.reforms.Change, optional
        ``govsim.diff(before, after)``, if already computed.

    Returns
    -------
    ChangeGraph
        Nodes (one per office drawn alone, or per group of offices of one kind, level
        and status) with their position, and edges (one per pair of nodes and
        relation kind) with their status and the number of relations before and after.
    """
    if change is None:
        from govsim.reforms import diff

        change = diff(before, after)
    a_tab, b_tab = after.institution_table, before.institution_table
    a_ids, b_ids = _ids(after), _ids(before)
    removed = np.asarray(list(change.institutions_removed), dtype=str)
    removed_rows = _rows_in(b_ids, removed) if removed.size else np.zeros(0, np.int64)
    # the joint offices: every office of `after`, then those `before` had and lost
    ids = np.concatenate([a_ids, removed])
    names = np.concatenate(
        [np.asarray(a_tab.name).astype(str), np.asarray(b_tab.name)[removed_rows].astype(str)]
    )
    kind = np.concatenate([a_tab.kind, np.asarray(b_tab.kind)[removed_rows]]).astype(np.int64)
    level = np.concatenate([a_tab.level, np.asarray(b_tab.level)[removed_rows]]).astype(np.int64)
    seats = np.concatenate([a_tab.seats, np.asarray(b_tab.seats)[removed_rows]]).astype(np.int64)
    status = np.zeros(ids.shape[0], dtype=np.int64)
    status[a_ids.shape[0] :] = STATUSES.index("removed")
    field_changes = changed_fields(change)
    if field_changes:
        changed = np.isin(ids, np.asarray(list(field_changes), dtype=str))
        status[changed & (status == 0)] = STATUSES.index("changed")
    added = np.asarray(list(change.institutions_added), dtype=str)
    if added.size:
        status[np.isin(ids, added)] = STATUSES.index("added")

    # group by (kind, level, status); small groups and national offices one by one
    combo = (kind * 16 + level) * 8 + status
    _, inverse, counts = np.unique(combo, return_inverse=True, return_counts=True)
    single = counts[inverse] <= MAX_SINGLE
    keys = np.where(
        single,
        ids,
        np.char.add(
            "group:",
            np.char.add(
                np.char.add(np.array([InstitutionKind.from_code(int(k)).value for k in kind]), ":"),
                np.char.add(
                    np.char.add(np.array([Level.from_code(int(v)).value for v in level]), ":"),
                    np.array([STATUSES[int(s)] for s in status]),
                ),
            ),
        )
        if ids.size
        else ids,
    )
    uniq, first, group_of = np.unique(keys, return_index=True, return_inverse=True)
    group_seats = np.bincount(group_of, weights=seats, minlength=uniq.shape[0]).astype(np.int64)
    members: list[list[str]] = [[] for _ in uniq]
    for i, g in enumerate(group_of.tolist()):
        members[g].append(str(ids[i]))

    # rows and positions
    raw = []
    for g, key in enumerate(uniq.tolist()):
        i = int(first[g])
        k, lv, st = (
            InstitutionKind.from_code(int(kind[i])),
            Level.from_code(int(level[i])),
            STATUSES[int(status[i])],
        )
        if k is InstitutionKind.ELECTORATE:
            row = _ELECTORATE_ROW
        elif lv is Level.NATIONAL:
            row = _NATIONAL_ROW.get(k, 4.8)
        else:
            row = _LEVEL_ROW[lv]
        n = len(members[g])
        if key.startswith("group:"):
            plural = _PLURAL.get(k.value, k.value.replace("_", " ") + "s")
            label = f"{lv.value} {plural} ×{n:,}"
            if int(group_seats[g]) != n:
                label += f" ({int(group_seats[g]):,} seats)"
        else:
            label = str(names[i])
        fields = sorted({f for m in members[g] for f in field_changes.get(m, ())})
        if fields and st == "changed":
            label += " [" + ", ".join(fields) + "]"
        raw.append(
            (str(key), row, (lv.code, k.code, STATUSES.index(st), str(key)), label, k, lv, st, g)
        )
    by_row: dict[float, list[Any]] = {}
    for item in raw:
        by_row.setdefault(item[1], []).append(item)
    nodes = []
    for r, row in enumerate(sorted(by_row)):
        items = sorted(by_row[row], key=lambda it: it[2])
        shift = ((r % 3) - 1) * 0.3  # stagger rows so that vertical ties do not overlap
        for j, (key, _, _, label, k, lv, st, g) in enumerate(items):
            x = (j + 0.5 + shift) / len(items)
            nodes.append(
                GraphNode(
                    key=key,
                    label=label,
                    kind=k.value,
                    level=lv.value,
                    status=st,
                    members=tuple(members[g]),
                    seats=int(group_seats[g]),
                    x=float(x),
                    y=float(row),
                    changes=tuple(
                        f"{m}: {f}" for m in members[g][:20] for f in field_changes.get(m, ())
                    ),
                )
            )
    edges = _edges(before, after, change, ids, group_of, uniq, a_ids.shape[0])
    counts = {s: sum(len(n.members) for n in nodes if n.status == s) for s in STATUSES}
    return ChangeGraph(str(before.name), str(after.name), tuple(nodes), edges, counts)


def _edges(
    before: Any,
    after: Any,
    change: Any,
    ids: np.ndarray,
    group_of: np.ndarray,
    keys: np.ndarray,
    n_after: int,
) -> tuple[GraphEdge, ...]:
    """The edges between drawn nodes, per relation kind, with their status."""
    n_kinds = len(RelationKind.members())

    def triples(polity: Any, rows_of_polity: np.ndarray) -> dict[int, int]:
        r = polity.relation_table
        s = group_of[rows_of_polity[np.asarray(r.source, dtype=np.int64)]]
        t = group_of[rows_of_polity[np.asarray(r.target, dtype=np.int64)]]
        code = (s * keys.shape[0] + t) * n_kinds + np.asarray(r.kind, dtype=np.int64)
        code = code[s != t]  # ties inside one drawn group are not drawn
        uniq, counts = np.unique(code, return_counts=True)
        return dict(zip(uniq.tolist(), counts.tolist(), strict=True))

    after_rows = np.arange(n_after, dtype=np.int64)
    before_rows = _rows_in(ids, _ids(before))
    n_before, n_now = triples(before, before_rows), triples(after, after_rows)
    # the relations diff reports, as the same codes: a tie they touch is not unchanged
    joint = {str(v): g for v, g in zip(ids.tolist(), group_of.tolist(), strict=True)}
    touched: set[int] = set()
    records: Iterable[Any] = (
        *change.relations_added,
        *change.relations_removed,
        *(rel for pair in change.relations_changed for rel in pair),
    )
    for rel in records:
        s, t = joint[str(rel.source)], joint[str(rel.target)]
        if s != t:
            touched.add((s * keys.shape[0] + t) * n_kinds + RelationKind(rel.kind).code)
    out = []
    for code in sorted(set(n_before) | set(n_now)):
        pair, k = divmod(code, n_kinds)
        s, t = divmod(pair, keys.shape[0])
        b, a = n_before.get(code, 0), n_now.get(code, 0)
        status = (
            "added"
            if b == 0
            else "removed"
            if a == 0
            else "changed"
            if code in touched
            else "unchanged"
        )
        kind = RelationKind.from_code(k)
        out.append(
            GraphEdge(str(keys[s]), str(keys[t]), kind.value, kind.group.value, status, b, a)
        )
    return tuple(out)


# -- drawing --------------------------------------------------------------------------------------


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)  # files only: never open a window
    import matplotlib.pyplot as plt

    return plt


def _legend_handles(graph: ChangeGraph) -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    labels: list[str] = []
    families = sorted({e.family for e in graph.edges}, key=list(FAMILY_COLOURS).index)
    for fam in families:
        kinds = sorted({e.kind for e in graph.edges if e.family == fam})
        handles.append(Line2D([0], [0], color=FAMILY_COLOURS[fam], lw=3))
        labels.append(f"{fam}: " + ", ".join(k.replace("_", " ") for k in kinds))
    for st in STATUSES:
        dash, width, alpha = EDGE_STYLE[st]
        handles.append(Line2D([0], [0], color="#333333", lw=width, alpha=alpha, linestyle=dash))
        labels.append(f"tie {st}")
    for st in ("added", "removed", "changed"):
        prefix, fill, width, style = NODE_STYLE[st]
        handles.append(Patch(facecolor=fill, edgecolor="#222222", lw=width, linestyle=style))
        labels.append(f"office {st} ({prefix.strip()})")
    return handles, labels


def plot_institutions(
    before: Any, after: Any, path: Path, graph: ChangeGraph | None = None
) -> Path:
    """Draw :func:`change_graph` of ``before`` and ``after`` to ``path`` (PNG, or SVG by suffix).

    In an SVG, each node's group has the id ``node:<status>:<key>`` and each edge
    ``edge:<status>:<kind>:<source>-><target>``.
    """
    from matplotlib.patches import FancyArrowPatch

    graph = change_graph(before, after) if graph is None else graph
    plt = _pyplot()
    pos = {n.key: (n.x, n.y) for n in graph.nodes}
    fig, ax = plt.subplots(figsize=(16, 10.5), layout="constrained")
    per_pair: dict[tuple[str, str], int] = {}
    order = {st: i for i, st in enumerate(STATUSES)}
    for e in sorted(graph.edges, key=lambda e: (order[e.status], e.source, e.target, e.kind)):
        lane = per_pair.get((e.source, e.target), 0)
        per_pair[(e.source, e.target)] = lane + 1
        dash, width, alpha = EDGE_STYLE[e.status]
        arrow = FancyArrowPatch(
            pos[e.source],
            pos[e.target],
            connectionstyle=f"arc3,rad={0.08 + 0.05 * lane:.3f}",
            arrowstyle="-|>",
            mutation_scale=8 + 2 * width,
            color=FAMILY_COLOURS[e.family],
            alpha=alpha,
            linewidth=width,
            linestyle=dash,
            shrinkA=15,
            shrinkB=15,
            zorder=2 if e.status != "unchanged" else 1,
        )
        arrow.set_gid(f"edge:{e.status}:{e.kind}:{e.source}->{e.target}")
        ax.add_patch(arrow)
    for n in graph.nodes:
        prefix, fill, width, style = NODE_STYLE[n.status]
        text = ax.text(
            n.x,
            n.y,
            textwrap.fill(prefix + n.label, 18, break_long_words=False),
            ha="center",
            va="center",
            fontsize=7,
            color="#555555" if n.status == "removed" else "black",
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.3",
                "fc": fill,
                "ec": "#222222" if n.status != "unchanged" else "#777777",
                "lw": width,
                "ls": style,
            },
        )
        text.set_gid(f"node:{n.status}:{n.key}")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0.2, 6.7)
    ax.set_yticks(list(ROW_TICKS), list(ROW_TICKS.values()))
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    c = graph.counts
    n_edges = {st: sum(1 for e in graph.edges if e.status == st) for st in STATUSES}
    ax.set_title(
        f"{graph.before_name} → {graph.after_name}\n"
        f"offices: +{c.get('added', 0):,} added, −{c.get('removed', 0):,} removed, "
        f"~{c.get('changed', 0):,} changed; ties drawn: +{n_edges['added']} added, "
        f"−{n_edges['removed']} removed, ~{n_edges['changed']} changed",
        loc="left",
        fontsize=11,
    )
    handles, labels = _legend_handles(graph)
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncol=3,
        fontsize=8,
        title="tie colour: relation family (source → target); line style and box: what changed",
        title_fontsize=8,
        handlelength=5,
    )
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- the interactive view -------------------------------------------------------------------------

_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font: 13px system-ui, sans-serif; margin: 0; display: flex; }}
#graph {{ flex: 1; }}
#info {{ width: 340px; padding: 10px 14px; border-left: 1px solid #ccc; height: 100vh;
  overflow: auto; box-sizing: border-box; }}
.node rect {{ stroke: #777; }}
.node text {{ font-size: 10px; pointer-events: none; }}
.node {{ cursor: pointer; }}
.edge {{ fill: none; }}
.faded {{ opacity: 0.06; }}
.hot {{ opacity: 1 !important; stroke-width: 3.5px; }}
li.added {{ font-weight: 600; }} li.removed {{ text-decoration: line-through; }}
li.changed {{ font-style: italic; }}
</style></head><body>
<svg id="graph" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
<defs>{markers}</defs>
<g id="edges">{edges}</g>
<g id="nodes">{nodes}</g>
{legend}
</svg>
<div id="info"><h3>{title}</h3><p>Hover an office to see its relations and what the
reforms did to them. Line style: solid thick added, dashed removed, dash-dot changed,
thin unchanged; colour: the relation's family.</p><div id="detail"></div></div>
<script type="application/json" id="govsim-graph">{data}</script>
<script>
const G = JSON.parse(document.getElementById("govsim-graph").textContent);
const byKey = Object.fromEntries(G.nodes.map(n => [n.key, n]));
const edges = Array.from(document.querySelectorAll(".edge"));
const detail = document.getElementById("detail");
function esc(s) {{ const d = document.createElement("div"); d.textContent = s; return d.innerHTML; }}
function show(key) {{
  const n = byKey[key];
  edges.forEach(e => {{
    const on = e.dataset.source === key || e.dataset.target === key;
    e.classList.toggle("faded", !on); e.classList.toggle("hot", on);
  }});
  const item = (e, other, arrow) => `<li class="${{e.status}}">${{arrow}} ${{esc(e.kind)}} `
    + `${{esc(byKey[other].label)}} <small>(${{e.status}}; ${{e.before}} → ${{e.after}})</small></li>`;
  const out = G.edges.filter(e => e.source === key).map(e => item(e, e.target, "→"));
  const inn = G.edges.filter(e => e.target === key).map(e => item(e, e.source, "←"));
  detail.innerHTML = `<h4>${{esc(n.label)}}</h4><p>${{esc(n.kind)}}, ${{esc(n.level)}}; `
    + `<b>${{n.status}}</b>; ${{n.members.length}} office(s), ${{n.seats}} seat(s)</p>`
    + (n.changes.length ? `<p>changed: ${{n.changes.map(esc).join("; ")}}</p>` : "")
    + `<p>out:</p><ul>${{out.join("") || "<li>none</li>"}}</ul>`
    + `<p>in:</p><ul>${{inn.join("") || "<li>none</li>"}}</ul>`
    + (n.members.length > 1 ? `<p>offices: ${{n.members.slice(0, 30).map(esc).join(", ")}}`
       + (n.members.length > 30 ? ", ..." : "") + `</p>` : "");
}}
function clear() {{ edges.forEach(e => e.classList.remove("faded", "hot")); }}
document.querySelectorAll(".node").forEach(g => {{
  g.addEventListener("mouseenter", () => show(g.dataset.key));
  g.addEventListener("focus", () => show(g.dataset.key));
  g.addEventListener("mouseleave", clear);
}});
// a link to page.html#<office key> opens with that office shown
if (location.hash && byKey[decodeURIComponent(location.hash.slice(1))]) {{
  show(decodeURIComponent(location.hash.slice(1)));
}}
</script>
</body></html>
"""


def write_institutions_html(
    before: Any, after: Any, path: Path, graph: ChangeGraph | None = None
) -> Path:
    """Write :func:`change_graph` as one self-contained HTML page.

    An inline SVG of the same layout as :func:`plot_institutions` and a few lines of
    plain JavaScript: hovering (or tabbing to) an office highlights its ties and lists
    them, in and out, with what happened to each. Nothing is loaded from the network;
    the graph is also embedded as JSON (``<script id="govsim-graph">``).
    """
    graph = change_graph(before, after) if graph is None else graph
    width, height = 1500, 760
    pos = {
        n.key: (40 + n.x * (width - 80), 40 + (6.7 - n.y) / 6.5 * (height - 110))
        for n in graph.nodes
    }
    markers = "".join(
        f'<marker id="m-{fam}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        f'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{colour}"/></marker>'
        for fam, colour in FAMILY_COLOURS.items()
    )
    edge_svg = []
    for e in graph.edges:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.12, (y1 + y2) / 2 - (x2 - x1) * 0.12
        _, width_pt, alpha = EDGE_STYLE[e.status]
        dash = _SVG_DASH[e.status]
        edge_svg.append(
            f'<path class="edge {e.status}" d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} '
            f'{x2:.1f},{y2:.1f}" stroke="{FAMILY_COLOURS[e.family]}" '
            f'stroke-width="{width_pt:.1f}" stroke-opacity="{alpha}"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + f' marker-end="url(#m-{e.family})" data-source="{html.escape(e.source)}" '
            f'data-target="{html.escape(e.target)}" data-kind="{e.kind}" '
            f'data-status="{e.status}"><title>{html.escape(e.kind)} ({e.status})</title></path>'
        )
    node_svg = []
    for n in graph.nodes:
        x, y = pos[n.key]
        prefix, fill, bw, style = NODE_STYLE[n.status]
        lines = textwrap.wrap(prefix + n.label, 20, break_long_words=False) or [""]
        if len(lines) > 3:  # the whole label is in the tooltip and the side panel
            lines = [*lines[:2], lines[2] + " …"]
        w = 8 + 6 * max(len(line) for line in lines)
        h = 6 + 12 * len(lines)
        text = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 12}">{html.escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        node_svg.append(
            f'<g class="node {n.status}" tabindex="0" data-key="{html.escape(n.key)}" '
            f'data-status="{n.status}"><rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" '
            f'width="{w}" height="{h}" rx="4" fill="{fill}" stroke-width="{bw}"'
            + (' stroke-dasharray="4 3"' if style == "dashed" else "")
            + f'/><text x="{x:.1f}" y="{y - h / 2 + 14:.1f}" text-anchor="middle">{text}</text>'
            f"<title>{html.escape(n.label)}</title></g>"
        )
    legend = "".join(
        f'<g transform="translate({20 + 240 * i},{height - 24})"><line x1="0" y1="0" x2="30" '
        f'y2="0" stroke="{colour}" stroke-width="3"/><text x="36" y="4" font-size="11">'
        f"{fam}</text></g>"
        for i, (fam, colour) in enumerate(FAMILY_COLOURS.items())
    )
    data = {
        "before": graph.before_name,
        "after": graph.after_name,
        "nodes": [
            {
                "key": n.key,
                "label": n.label,
                "kind": n.kind,
                "level": n.level,
                "status": n.status,
                "members": list(n.members),
                "seats": n.seats,
                "changes": list(n.changes),
            }
            for n in graph.nodes
        ],
        "edges": [e.__dict__ for e in graph.edges],
    }
    # "</" cannot close the script element from inside the JSON
    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    title = html.escape(f"{graph.before_name} → {graph.after_name}")
    page = _HTML.format(
        title=title,
        width=width,
        height=height,
        markers=markers,
        edges="".join(edge_svg),
        nodes="".join(node_svg),
        legend=legend,
        data=blob,
    )
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


# -- the deltas -----------------------------------------------------------------------------------

#: Words written otherwise in a readable metric name.
_WORDS = {"hhi": "HHI", "enp": "ENP", "gallagher": "Gallagher", "polcon": "POLCON"}

#: Colour of the value after the reform by the row's assessment (Okabe-Ito).
_ASSESSMENT = {"+": ("#0072B2", "better"), "-": ("#D55E00", "worse")}
_NEUTRAL = ("#555555", "no better or worse")


def metric_label(name: str, direction: str | None = None) -> str:
    """A metric's name for people: ``"Accountability: elected share (higher is better)"``.

    ``direction`` is the registry's (``higher``, ``lower`` or ``neutral``).

    Examples
    --------
    >>> metric_label("concentration.appointment_hhi", "lower")
    'Concentration: appointment HHI (lower is better)'
    >>> metric_label("tenure.expected_years", "neutral")
    'Tenure: expected years (no better direction)'
    """
    family, _, rest = name.partition(".")
    words = [_WORDS.get(w, w) for w in (rest or family).split("_")]
    for i, w in enumerate(words[:-1]):  # p_majority: probability of a majority
        if w == "p":
            words[i] = "probability" if words[i + 1] == "over" else "probability of"
    text = (
        f"{family.replace('_', ' ').capitalize()}: {' '.join(words)}" if rest else " ".join(words)
    )
    if direction in ("higher", "lower"):
        text += f" ({direction} is better)"
    elif direction == "neutral":
        text += " (no better direction)"
    return text


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(v: float) -> str:
    return f"{v:,.3g}" if abs(v) < 1e4 else f"{v:,.0f}"


class _Row:
    """A record of ``Comparison.to_records()`` read by attribute (None for a missing key)."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.metric = str(record.get("metric", ""))
        self.before = record.get("before")
        self.after = record.get("after")
        self.direction = record.get("direction")
        self.assessment = record.get("assessment", "")
        self.note = record.get("note") or ""


def _window(before: float, after: float, lo: float, hi: float) -> tuple[float, float]:
    """The stretch of a metric's axis a panel shows.

    The whole declared range when it is finite and the change spans at least a
    quarter of it; else a window around the two values (at least a tenth of a finite
    range, and four times the change), kept inside the range.
    """
    d = abs(after - before)
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        span = hi - lo
        if d >= 0.25 * span:
            return lo, hi
        width = max(4 * d, 0.1 * span)
    else:
        width = max(4 * d, 0.5 * max(abs(before), abs(after)), 1e-9)
    mid = (before + after) / 2
    left, right = mid - width / 2, mid + width / 2
    if math.isfinite(lo) and left < lo:
        left, right = lo, lo + width
    if math.isfinite(hi) and right > hi:
        left, right = max(hi - width, lo), hi
    return left, right


def place_grid(
    fig: Any,
    nrows: int,
    ncols: int,
    *,
    top: float,
    bottom: float,
    side: float,
    hgap: float,
    wgap: float,
) -> None:
    """Place a figure's grid of axes with margins and gaps given in inches.

    ``subplots_adjust`` takes fractions of the figure and gaps as fractions of an
    axes' size: for ``n`` rows in a height ``T`` with gaps ``g``, each axes is
    ``h = (T - (n - 1) g) / n`` high and ``hspace = g / h``; likewise across.
    """
    width, height = fig.get_size_inches()
    rows_h = (height - top - bottom - (nrows - 1) * hgap) / nrows
    cols_w = (width - 2 * side - (ncols - 1) * wgap) / ncols
    fig.subplots_adjust(
        left=side / width,
        right=1 - side / width,
        top=1 - top / height,
        bottom=bottom / height,
        hspace=hgap / rows_h,
        wspace=wgap / cols_w,
    )


def plot_deltas(comparison: Any, path: Path, columns: int = 4) -> Path:
    """One panel per metric, each on its own scale: before (hollow) → after (filled).

    A panel's axis spans the metric's declared range when it is finite, else the two
    values with a margin; its title names the metric in words and which direction is
    better; the colour of the value after (and the word beside it) says whether it
    moved that way. A metric without a value says why (its note).
    """
    from govsim.metrics import METRICS

    plt = _pyplot()
    # the records (metric, before, after, direction, assessment, note; NaN as None)
    rows: Sequence[Any] = [_Row(r) for r in comparison.to_records()]
    n = max(len(rows), 1)
    ncols = max(1, min(columns, n))
    nrows = math.ceil(n / ncols)
    # Fixed margins in inches, not constrained layout: with dozens of panels the layout
    # engine's extra draw took half the time of the figure, and every panel has the
    # same parts (a title of at most two lines above, tick labels below).
    width, height = 4.3 * ncols, 1.55 * nrows + 0.9
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False)
    place_grid(fig, nrows, ncols, top=0.78, bottom=0.3, side=0.12, hgap=0.62, wgap=0.4)
    for ax in axes.flat[len(rows) :]:
        ax.set_axis_off()
    for ax, row in zip(axes.flat, rows, strict=False):
        info = METRICS.get(row.metric)
        direction = row.direction or (info.direction if info else None)
        ax.set_title(textwrap.fill(metric_label(row.metric, direction), 46), fontsize=8, loc="left")
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        before, after = row.before, row.after
        if not (_finite(before) and _finite(after)):
            ax.set_xticks([])
            ax.spines["bottom"].set_visible(False)
            why = row.note or "no value"
            ax.text(
                0.0,
                0.5,
                textwrap.fill(f"not computed: {why}", 60),
                fontsize=7,
                va="center",
                ha="left",
                transform=ax.transAxes,
                color="#555555",
            )
            continue
        lo, hi = info.range if info else (-math.inf, math.inf)
        left, right = _window(before, after, lo, hi)
        if (left, right) != (lo, hi) and math.isfinite(lo) and math.isfinite(hi):
            ax.text(
                1.0,
                0.02,
                f"part of the range [{_fmt(lo)}, {_fmt(hi)}]",
                fontsize=6,
                ha="right",
                va="bottom",
                transform=ax.transAxes,
                color="#777777",
            )
        margin = (right - left) * 0.04
        ax.set_xlim(left - margin, right + margin)
        ax.set_ylim(-1, 1)
        ax.axhline(0, color="#DDDDDD", lw=4, zorder=0, xmin=0.04 / 1.08, xmax=1.04 / 1.08)
        colour, word = _ASSESSMENT.get(row.assessment, _NEUTRAL)
        if after != before:
            ax.annotate(
                "",
                (after, 0),
                (before, 0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": colour,
                    "lw": 1.6,
                    "shrinkA": 4,
                    "shrinkB": 4,
                },
            )
        ax.plot([before], [0], "o", ms=7, mfc="white", mec="#555555", mew=1.4, zorder=3)
        ax.plot([after], [0], "o", ms=7, color=colour, zorder=4)
        same = after == before
        ax.text(
            0.0,
            0.02,
            f"{_fmt(before)} → {_fmt(after)}" + ("" if same else f"  ({word})"),
            transform=ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=7.5,
            color=colour,
        )
        ax.tick_params(axis="x", labelsize=7)
    fig.suptitle(
        "What changed, metric by metric: before ○ → after ● on each metric's own scale "
        "(blue: better, vermillion: worse, grey: neither)",
        fontsize=10,
    )
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path

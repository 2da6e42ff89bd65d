"""Plain reference implementations of the structural metrics (pure Python and networkx).

Each function here follows a metric's definition literally, one node and one edge
at a time, so that the vectorized cores in :mod:`govsim.metrics` can be tested
against it on random polities. They share no code with the cores beyond reading
the compiled arrays. Every function takes an optional ``edges`` bool mask over the
relations: the relations where it is False are treated as absent (the reference
for the batched path).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import networkx as nx
import numpy as np

from govsim.model.compiled import Compiled
from govsim.model.kinds import InstitutionKind as K
from govsim.model.kinds import Level, Role
from govsim.model.kinds import RelationKind as R

__all__ = [
    "appointment_depth",
    "appointment_hhi",
    "appointment_span",
    "chain_length",
    "channel_seats",
    "check_score",
    "elected_legislature",
    "elected_share",
    "head_of_state_span",
    "heads_of_state",
    "independence",
    "local_executive_share",
    "mean_chain_length",
    "removal_exposure",
    "representation",
    "representation_scores",
    "tier_representation",
    "unaccountable_share",
    "unit_weights",
]

_CHECKS = {
    R.REVIEWS,
    R.VETOES,
    R.OVERRIDES,
    R.OVERSEES,
    R.DISMISSES,
    R.NO_CONFIDENCE,
    R.IMPEACHES,
    R.DISSOLVES,
}
_REMOVALS = {R.DISMISSES, R.NO_CONFIDENCE, R.DISSOLVES, R.IMPEACHES}


def _kind(c: Compiled, v: int) -> K:
    return K.from_code(int(c.kind[v]))


def _edges(c: Compiled, edges: Any = None) -> list[tuple[int, int, int, R]]:
    """(edge, source, target, kind) of every present relation."""
    out = []
    for e in range(c.n_edges):
        if edges is not None and not edges[e]:
            continue
        out.append(
            (e, int(c.edge_source[e]), int(c.edge_target[e]), R.from_code(int(c.edge_kind[e])))
        )
    return out


def channel_seats(c: Compiled, edges: Any = None) -> dict[int, float]:
    """Seats each chain channel (elects/appoints into a non-electorate) fills."""
    by_target: dict[int, list[int]] = defaultdict(list)
    for e, _s, t, k in _edges(c, edges):
        if k in (R.ELECTS, R.APPOINTS) and _kind(c, t) is not K.ELECTORATE:
            by_target[t].append(e)
    out = {}
    for t, es in by_target.items():
        seats = int(c.seats[t])
        claimed = sum(int(c.edge_fill[e]) for e in es)
        for e in es:
            out[e] = int(c.edge_fill[e]) * seats / max(seats, claimed)
    return out


def _offices(c: Compiled) -> list[int]:
    # parties say who sits in an office; they are not offices of the state
    return [v for v in range(c.n_nodes) if _kind(c, v) not in (K.ELECTORATE, K.PARTY)]


def chain_length(c: Compiled, edges: Any = None) -> list[float]:
    """Shortest elects/appoints path from any electorate (networkx BFS from a super-source)."""
    g = nx.DiGraph()
    g.add_nodes_from(range(c.n_nodes))
    g.add_node("voters")
    for v in range(c.n_nodes):
        if _kind(c, v) is K.ELECTORATE:
            g.add_edge("voters", v)
    for _e, s, t, k in _edges(c, edges):
        if k in (R.ELECTS, R.APPOINTS) and _kind(c, t) is not K.ELECTORATE:
            g.add_edge(s, t)
    dist = nx.single_source_shortest_path_length(g, "voters")
    return [float(dist[v] - 1) if v in dist else math.inf for v in range(c.n_nodes)]


def _channels(c: Compiled, edges: Any = None) -> list[tuple[int, int, int, R, float]]:
    w = channel_seats(c, edges)
    return [(e, s, t, k, w[e]) for e, s, t, k in _edges(c, edges) if e in w]


def elected_share(c: Compiled, edges: Any = None) -> float:
    L = chain_length(c, edges)
    total = sum(int(c.seats[v]) for v in _offices(c))
    if total == 0:
        return math.nan
    return sum(w for _e, s, _t, _k, w in _channels(c, edges) if L[s] == 0) / total


def mean_chain_length(c: Compiled, edges: Any = None) -> float:
    L = chain_length(c, edges)
    num = den = 0.0
    for _e, s, _t, _k, w in _channels(c, edges):
        if math.isfinite(L[s]):
            num += w * (L[s] + 1)
            den += w
    return num / den if den > 0 else math.nan


def unaccountable_share(c: Compiled, edges: Any = None) -> float:
    L = chain_length(c, edges)
    total = sum(int(c.seats[v]) for v in _offices(c))
    if total == 0:
        return math.nan
    reached = sum(w for _e, s, _t, _k, w in _channels(c, edges) if math.isfinite(L[s]))
    return min(max(1.0 - reached / total, 0.0), 1.0)


def local_executive_share(c: Compiled, edges: Any = None) -> float:
    sub = [
        v
        for v in range(c.n_nodes)
        if _kind(c, v) is K.EXECUTIVE and int(c.level[v]) != Level.NATIONAL.code
    ]
    total = sum(int(c.seats[v]) for v in sub)
    if total == 0:
        return math.nan
    subset = set(sub)
    own = sum(
        w
        for _e, s, t, _k, w in _channels(c, edges)
        if t in subset
        and _kind(c, s) is K.ELECTORATE
        and c.territory[t] >= 0
        and c.territory[s] == c.territory[t]
    )
    return own / total


def elected_legislature(c: Compiled, edges: Any = None) -> float:
    chambers = [
        v
        for v in range(c.n_nodes)
        if _kind(c, v) is K.CHAMBER and int(c.level[v]) == Level.NATIONAL.code
    ]
    if not chambers:
        return 0.0
    scores = []
    for ch in chambers:
        direct = indirect = 0.0
        for _e, s, t, k, w in _channels(c, edges):
            if t != ch or k is not R.ELECTS:
                continue
            if _kind(c, s) is K.ELECTORATE:
                direct += w
            else:
                indirect += w
        scores.append((direct + indirect / 2) / int(c.seats[ch]))
    return sum(scores) / len(scores)


# ------------------------------------------------------------------ concentration
def _heads(c: Compiled) -> list[int]:
    """The head of state: the holder of its role, else the one national head_of_state."""
    held = [v for v in range(c.n_nodes) if int(c.role[v]) == Role.HEAD_OF_STATE.code]
    if held:
        return held
    national = [
        v
        for v in range(c.n_nodes)
        if _kind(c, v) is K.HEAD_OF_STATE and int(c.level[v]) == Level.NATIONAL.code
    ]
    return national if len(national) == 1 else []


def heads_of_state(c: Compiled) -> list[int]:
    """Plain restatement of :func:`govsim.metrics._kernels.heads_of_state`."""
    return _heads(c)


def _reach(c: Compiled, kinds: set[R], sources: list[int], edges: Any = None) -> dict[int, int]:
    g = nx.DiGraph()
    g.add_nodes_from(range(c.n_nodes))
    g.add_node("root")
    for s in sources:
        g.add_edge("root", s)
    for _e, s, t, k in _edges(c, edges):
        if k in kinds:
            g.add_edge(s, t)
    dist = nx.single_source_shortest_path_length(g, "root")
    return {v: d - 1 for v, d in dist.items() if v != "root"}


def appointment_depth(c: Compiled) -> list[float]:
    d = _reach(c, {R.APPOINTS}, _heads(c))
    return [float(d[v]) if v in d else math.inf for v in range(c.n_nodes)]


def appointment_span(c: Compiled) -> list[float]:
    """Office seats among each node's ``nx.descendants`` over ``appoints`` relations."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(c.n_nodes))
    g.add_edges_from((s, t) for _e, s, t, k in _edges(c) if k is R.APPOINTS)
    offices = set(_offices(c))
    return [
        float(sum(int(c.seats[x]) for x in nx.descendants(g, v) if x in offices))
        for v in range(c.n_nodes)
    ]


def head_of_state_span(c: Compiled) -> float:
    span = set(_reach(c, {R.APPOINTS}, _heads(c)))
    app = [(s, w) for _e, s, _t, k, w in _channels(c) if k is R.APPOINTS]
    total = sum(w for _s, w in app)
    if total == 0:
        return math.nan
    return sum(w for s, w in app if s in span) / total


def appointment_hhi(c: Compiled) -> float:
    by: dict[int, float] = defaultdict(float)
    for _e, s, _t, k, w in _channels(c):
        if k is R.APPOINTS:
            by[s] += w
    total = sum(by.values())
    if total == 0:
        return math.nan
    return sum((x / total) ** 2 for x in by.values())


def removal_exposure(c: Compiled) -> float:
    offices = _offices(c)
    total = sum(int(c.seats[v]) for v in offices)
    if total == 0:
        return math.nan
    heads = set(_heads(c))
    reach = _reach(c, _REMOVALS, list(heads))
    return sum(int(c.seats[v]) for v in offices if v in reach and v not in heads) / total


# ------------------------------------------------------------------ checks
def independence(c: Compiled, targets: list[int]) -> list[float]:
    """1 - (share of each body's composition selected through ``targets``).

    Follows the recursion in topological order; on a cycle, solves the linear system densely.
    """
    tset = set(targets)
    chans = _channels(c)
    g = nx.DiGraph()
    g.add_nodes_from(range(c.n_nodes))
    for _e, s, t, _k, _w in chans:
        if t not in tset:
            g.add_edge(s, t)
    desc: set[int] = set()
    for t in tset:
        desc |= nx.descendants(g, t)
    desc -= tset
    into: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for _e, s, t, _k, w in chans:
        if t in desc:
            into[t].append((s, w / int(c.seats[t])))
    sub = g.subgraph(desc)
    dep: dict[int, float] = {}
    if nx.is_directed_acyclic_graph(sub):
        # follow the definition in selection order
        for v in nx.topological_sort(sub):
            dep[v] = sum(sh * (1.0 if s in tset else dep.get(s, 0.0)) for s, sh in into[v])
    else:
        nodes = sorted(desc)
        pos = {v: i for i, v in enumerate(nodes)}
        A = np.eye(len(nodes))
        b = np.zeros(len(nodes))
        for v in nodes:
            for s, sh in into[v]:
                if s in tset:
                    b[pos[v]] += sh
                elif s in pos:
                    A[pos[v], pos[s]] -= sh
        d = np.linalg.solve(A, b)
        dep = {v: float(d[pos[v]]) for v in nodes}
    out = [1.0] * c.n_nodes
    for v, x in dep.items():
        out[v] = 1.0 - min(max(x, 0.0), 1.0)
    for t in tset:
        out[t] = 0.0
    return out


def check_score(c: Compiled, targets: list[int]) -> float:
    if not targets:
        return math.nan
    tset = set(targets)
    checkers = {s for _e, s, t, k in _edges(c) if k in _CHECKS and t in tset and s not in tset}
    ind = independence(c, targets)
    return float(sum(ind[v] for v in checkers))


# ------------------------------------------------------------------ decentralization
def representation_scores(c: Compiled, level: str) -> dict[int, float]:
    code = Level(level).code
    units = [u for u in range(c.territory_level.shape[0]) if int(c.territory_level[u]) == code]
    into: dict[int, list[tuple[int, R, float]]] = defaultdict(list)
    for _e, s, t, k, w in _channels(c):
        into[t].append((s, k, w))
    voice, outside_nom = set(), set()
    for _e, s, t, k in _edges(c):
        same_unit = int(c.territory[s]) == int(c.territory[t])
        if k in (R.CONSENTS, R.NOMINATES) and _kind(c, s) is K.COUNCIL and same_unit:
            voice.add(t)
        if k is R.NOMINATES and int(c.territory[s]) != int(c.territory[t]):
            outside_nom.add(t)
    bodies: dict[tuple[int, K], list[int]] = defaultdict(list)
    for v in range(c.n_nodes):
        if int(c.level[v]) == code and int(c.territory[v]) >= 0:
            bodies[int(c.territory[v]), _kind(c, v)].append(v)
    score = {}
    for u in units:
        total = 0.0
        for kind in (K.COUNCIL, K.EXECUTIVE):
            members = bodies.get((u, kind), [])
            seats = sum(int(c.seats[v]) for v in members)
            if seats == 0:
                continue
            pts = 0.0
            for v in members:
                for s, k, w in into[v]:
                    from_voters = _kind(c, s) is K.ELECTORATE
                    if kind is K.COUNCIL:
                        a = (2.0 if from_voters else 1.0) if k is R.ELECTS else 0.0
                    elif from_voters:
                        a = 2.0
                    elif _kind(c, s) is K.COUNCIL and int(c.territory[s]) == u:
                        a = 1.0 if v in outside_nom else 2.0
                    else:
                        a = 1.0 if v in voice else 0.0
                    pts += w * a
            total += pts / seats
        score[u] = total
    return score


def unit_weights(c: Compiled, units: list[int]) -> dict[int, float]:
    """Known populations; an unknown one gets an equal share of what its parent's
    population leaves after its known siblings of the tier, else the tier's mean
    known population; all 1 when none is known."""
    pop = {u: float(c.territory_population[u]) for u in units}
    known = [u for u in units if math.isfinite(pop[u])]
    if not known:
        return dict.fromkeys(units, 1.0)
    mean = sum(pop[u] for u in known) / len(known)
    out = {}
    for u in units:
        if math.isfinite(pop[u]):
            out[u] = pop[u]
            continue
        parent = int(c.territory_parent[u])
        siblings = [v for v in units if int(c.territory_parent[v]) == parent]
        left = math.nan
        if parent >= 0 and math.isfinite(float(c.territory_population[parent])):
            taken = sum(pop[v] for v in siblings if math.isfinite(pop[v]))
            unknown = sum(1 for v in siblings if not math.isfinite(pop[v]))
            left = (float(c.territory_population[parent]) - taken) / unknown
        out[u] = left if math.isfinite(left) and left > 0 else mean
    return out


def tier_representation(c: Compiled, level: str) -> float:
    score = representation_scores(c, level)
    if not score:
        return math.nan
    weights = unit_weights(c, list(score))
    if sum(weights.values()) <= 0:
        weights = dict.fromkeys(score, 1.0)
    return sum(weights[u] * score[u] for u in score) / sum(weights.values())


def representation(c: Compiled) -> float:
    vals = [tier_representation(c, lv) for lv in ("regional", "district")]
    vals = [v for v in vals if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else math.nan

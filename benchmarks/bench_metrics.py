"""Structural metrics against networkx, igraph, rustworkx and scipy.csgraph.

Run: ``.venv/bin/python benchmarks/bench_metrics.py [sizes...]`` (default 10^4 10^5 10^6).

For each ``synthetic(n)`` polity, on the same graph in one process (best of 5,
graph construction of every library outside the timing, results checked equal):

* chain length: multi-source BFS from every electorate over ``elects``/``appoints``
  (govsim ``accountability.chain_length``; networkx ``bfs_layers``; igraph ``bfs``
  from a super-source; rustworkx ``bfs_layers``; scipy ``csgraph.shortest_path``
  unweighted from a super-source);
* head-of-state span: the share of appointed seats filled from the head of state's
  transitive appointment span (govsim ``concentration.head_of_state_span``; the
  peers search with networkx ``descendants``, igraph ``subcomponent``, rustworkx
  ``descendants`` and sum the same precomputed channel seats);
* all-nodes appointment span: office seats below every node (govsim
  ``concentration.appointment_span``; the peers have no all-nodes descendant sum,
  so each runs its per-node search from every node that appoints anybody, see
  :func:`bench_all_spans`);
* ``evaluate()`` of the structural families (accountability, concentration, checks,
  decentralization) against the plain networkx / pure-Python reference
  (``govsim.testing.reference``; skipped at 10^6, where it takes minutes);
* batched: 1,000 variants (each relation kept with probability 0.95) of
  ``synthetic(10**4)``: chain length and elected share in one call, against a
  per-variant networkx rebuild + BFS (timed on 20 variants, scaled to 1,000).

Targets (issue 4): every kernel at least as fast as the fastest peer and >= 20x
networkx; ``evaluate()`` on the 10^6 polity < 1 s; 1,000 batched variants < 0.3 s.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable

import igraph as ig
import networkx as nx
import numpy as np
import rustworkx as rx
import scipy.sparse as sp
from scipy.sparse import csgraph

from govsim.metrics import _descendants, evaluate
from govsim.metrics import accountability as A
from govsim.metrics import concentration as C
from govsim.metrics._kernels import (
    BfsPlan,
    bfs_levels,
    bfs_plan,
    chain_edges,
    heads_of_state,
    reach,
)
from govsim.model.kinds import CHAIN_KINDS, InstitutionKind, RelationKind
from govsim.scenarios import synthetic
from govsim.testing import reference as ref

STRUCTURAL = ["accountability", "concentration", "checks", "decentralization"]


def best_of(f: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def report(title: str, rows: list[tuple[str, float]]) -> None:
    ours = rows[0][1]
    fastest_peer = min(t for _, t in rows[1:])
    print(f"  {title}")
    for name, t in rows:
        ratio = "" if name == rows[0][0] else f"   govsim {t / ours:7.1f}x faster"
        print(f"    {name:<22} {t * 1e3:10.2f} ms{ratio}")
    verdict = "OK" if ours <= fastest_peer and rows[1][1] / ours >= 20 else "MISSED"
    print(f"    target (<= fastest peer, >= 20x networkx): {verdict}")


def chain_graph(c) -> tuple[np.ndarray, np.ndarray, int]:
    """Chain edges (into non-electorates) plus a super-source -> every electorate."""
    ch = chain_edges(c)
    super_ = c.n_nodes
    voters = np.flatnonzero(c.kind == InstitutionKind.ELECTORATE.code)
    src = np.concatenate([ch.source, np.full(voters.size, super_)])
    tgt = np.concatenate([ch.target, voters])
    return src, tgt, super_


def best_wall_cpu(f: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Best wall time and best CPU time of the process over ``repeat`` runs, and the
    last result. On a loaded machine a run of a few ms is often descheduled part-way,
    which the CPU time leaves out (every library timed here runs on one thread)."""
    wall = cpu = np.inf
    out = None
    for _ in range(repeat):
        w, p = time.perf_counter(), time.process_time()
        out = f()
        cpu, wall = min(cpu, time.process_time() - p), min(wall, time.perf_counter() - w)
    return wall, cpu, out


def bench_chain_length(c, repeat: int = 21) -> None:
    """Chain length (multi-source BFS from every electorate) against the peers, and
    the issue's two targets.

    Counted: :func:`bfs_levels` plus the conversion to float chain lengths, exactly
    what ``accountability.chain_length`` computes once per compiled view. Not
    counted, for govsim as for the peers: building the graph structures, once per
    polity -- the chain CSR (``c.out(CHAIN_KINDS)``, part of the compiled view) and
    its :class:`~govsim.metrics._kernels.BfsPlan` (cached with the CSR), whose build
    and a cold first call (plan + BFS) are printed separately.

    The floor is the least work any BFS that returns every level does, in the
    fastest numpy primitives: write every node's level (``np.full``), read every
    chain edge once and look up its target's level (one ``take`` over int64
    indices, built outside the timing like the plan), and write the level of every
    source and of every reached node (two scatters).

    govsim, ``bfs_levels`` and the floor are timed interleaved in one loop, best of
    ``3 * repeat``; the peers best of 5 (networkx 3). Both targets are printed in
    wall time and in CPU time of the process.
    """
    src, tgt, super_ = chain_graph(c)
    n = c.n_nodes + 1
    voters = np.flatnonzero(c.kind == InstitutionKind.ELECTORATE.code)
    csr = c.out(CHAIN_KINDS)  # the CSR is part of the compiled view, built once per polity
    t0 = time.perf_counter()
    plan = BfsPlan(csr)
    t_plan = time.perf_counter() - t0
    bfs_plan.values.pop(csr, None)
    t0 = time.perf_counter()
    bfs_levels(csr, voters)  # builds and caches the plan
    t_cold = time.perf_counter() - t0
    assert bfs_plan(csr).n_core == plan.n_core

    # chain_length(c) keeps its BFS on the compiled view (one per polity), so timing it
    # again would time a copy of the cached answer: time what it computes, and check
    # that it gives chain_length's answer.
    def run_ours():
        return A._as_lengths(bfs_levels(csr, voters))

    ours = run_ours()
    np.testing.assert_array_equal(ours, A.chain_length(c))
    targets = csr.indices.astype(np.int64)
    reached = np.flatnonzero(bfs_levels(csr, voters) > 0)

    def floor() -> np.ndarray:
        level = np.full(c.n_nodes, -1, dtype=np.int64)
        level[voters] = 0
        level.take(targets)
        level[reached] = 1
        return level

    G = nx.DiGraph()
    G.add_nodes_from(range(c.n_nodes))
    G.add_edges_from(zip(src[src != super_].tolist(), tgt[src != super_].tolist(), strict=True))

    def run_nx():
        lv = np.full(c.n_nodes, np.inf)
        for d, layer in enumerate(nx.bfs_layers(G, voters.tolist())):
            lv[layer] = d
        return lv

    g = ig.Graph(n=n, edges=np.column_stack([src, tgt]).tolist(), directed=True)

    def run_ig():
        vids, layers, _ = g.bfs(super_, mode="out")
        lv = np.full(n, np.inf)
        lv[vids] = np.repeat(np.arange(len(layers) - 1), np.diff(layers))
        return lv[:-1] - 1

    R = rx.PyDiGraph()
    R.add_nodes_from(range(c.n_nodes))
    keep = src != super_
    R.add_edges_from_no_data(list(zip(src[keep].tolist(), tgt[keep].tolist(), strict=True)))

    def run_rx():
        lv = np.full(c.n_nodes, np.inf)
        for d, layer in enumerate(rx.bfs_layers(R, voters.tolist())):
            lv[layer] = d
        return lv

    M = sp.csr_array((np.ones(src.size), (src, tgt)), shape=(n, n))

    def run_sp():
        return csgraph.shortest_path(M, directed=True, unweighted=True, indices=super_)[:-1] - 1

    peers: dict[str, tuple[float, float]] = {}
    for name, f in (
        ("networkx", run_nx),
        ("igraph", run_ig),
        ("rustworkx", run_rx),
        ("scipy.csgraph", run_sp),
    ):
        wall, cpu, got = best_wall_cpu(f, 3 if name == "networkx" else 5)
        np.testing.assert_array_equal(np.asarray(got), ours, err_msg=name)
        peers[name] = (wall, cpu)

    best = {k: (np.inf, np.inf) for k in ("govsim", "bfs", "floor")}
    for _ in range(3 * repeat):
        for name, f in (
            ("govsim", run_ours),
            ("bfs", lambda: bfs_levels(csr, voters)),
            ("floor", floor),
        ):
            wall, cpu, _ = best_wall_cpu(f, 1)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))

    report(
        "chain length (multi-source BFS)",
        [("govsim", best["govsim"][0])] + [(k, v[0]) for k, v in peers.items()],
    )
    for i, clock in enumerate(("wall", "cpu")):
        fastest = min(v[i] for k, v in peers.items() if k != "networkx")
        t_ours, t_bfs, t_floor = best["govsim"][i], best["bfs"][i], best["floor"][i]
        print(
            f"    {clock:4s} time: govsim {t_ours * 1e3:.2f} ms, {fastest / t_ours:.1f}x the fastest of "
            f"igraph, rustworkx, scipy ({fastest * 1e3:.1f} ms; target >= 8x: "
            f"{'met' if fastest / t_ours >= 8 else 'NOT met'}); bfs_levels {t_bfs * 1e3:.2f} ms, "
            f"floor {t_floor * 1e3:.2f} ms: {t_bfs / t_floor:.2f}x (target <= 2x: "
            f"{'met' if t_bfs <= 2 * t_floor else 'NOT met'})"
        )
    print(
        f"    floor: {csr.n_edges:,} edges read, {voters.size:,} sources and {reached.size:,} "
        f"reached nodes written. Not counted above: BfsPlan build {t_plan * 1e3:.1f} ms (once "
        f"per polity; core {plan.n_core:,} of {csr.n_edges:,} edges); cold first call "
        f"{t_cold * 1e3:.1f} ms"
    )


def appoints_graphs(c) -> tuple[nx.DiGraph, ig.Graph, rx.PyDiGraph]:
    """The ``appoints`` relations as a networkx, an igraph and a rustworkx graph."""
    app = c.edge_mask(RelationKind.APPOINTS)
    src, tgt = c.edge_source[app].astype(np.int64), c.edge_target[app].astype(np.int64)
    G = nx.DiGraph()
    G.add_nodes_from(range(c.n_nodes))
    G.add_edges_from(zip(src.tolist(), tgt.tolist(), strict=True))
    g = ig.Graph(n=c.n_nodes, edges=np.column_stack([src, tgt]).tolist(), directed=True)
    R = rx.PyDiGraph()
    R.add_nodes_from(range(c.n_nodes))
    R.add_edges_from_no_data(list(zip(src.tolist(), tgt.tolist(), strict=True)))
    return G, g, R


def bench_span(c, graphs) -> None:
    """The full ``head_of_state_span``: reach of the head of state, then appointed seats.

    The peers get the appointed channels (seats, appointer) precomputed; they search
    and sum. Our call uses its per-polity cache of the same arrays (warm after the
    first of the five runs).
    """
    G, g, R = graphs
    pres = int(c.nodes_of_kind(InstitutionKind.HEAD_OF_STATE.value)[0])
    w, src, total = C._appointed_seats(c)

    def share(reached) -> float:
        mask = np.zeros(c.n_nodes, dtype=bool)
        mask[np.fromiter(reached, dtype=np.int64)] = True
        mask[pres] = True
        return float(w[mask[src]].sum() / total)

    t_ours, ours = best_of(lambda: C.head_of_state_span(c))
    rows = [("govsim", t_ours)]
    for name, f in (
        ("networkx", lambda: share(nx.descendants(G, pres))),
        ("igraph", lambda: share(g.subcomponent(pres, mode="out"))),
        ("rustworkx", lambda: share(rx.descendants(R, pres))),
    ):
        t, got = best_of(f, 3 if name == "networkx" else 5)
        assert np.isclose(got, ours, rtol=1e-12), name
        rows.append((name, t))
    report("head_of_state_span (transitive appointment span of the head of state)", rows)
    # the search inside it: scipy's traversal (reach) against our frontier BFS
    out, heads = c.out(RelationKind.APPOINTS), heads_of_state(c)
    t_reach, by_scipy = best_of(lambda: reach(out, heads))
    t_bfs, by_frontier = best_of(lambda: bfs_levels(out, heads) >= 0)
    np.testing.assert_array_equal(by_scipy, by_frontier)
    print(
        f"    reach from the head of state: scipy traversal {t_reach * 1e3:.2f} ms,"
        f" frontier bfs_levels {t_bfs * 1e3:.2f} ms ({t_bfs / t_reach:.1f}x)"
    )


def bench_all_spans(c, graphs) -> None:
    """``appointment_span``: office seats below every node, all nodes at once.

    None of the peers has an all-nodes descendant sum (igraph's
    ``neighborhood_size(order=n)``, ``subcomponent`` and rustworkx's ``descendants`` all
    search from one node at a time; reachability counts over a DAG have no exact
    linear algorithm). Each peer therefore runs its fastest per-node search --
    igraph's batched ``neighborhood(vertices, order=n, mindist=1)`` (one C call),
    rustworkx ``descendants``, networkx ``descendants`` -- from every node that
    appoints anybody (the others have span 0 and are skipped, which favours the
    peers), then sums seats in numpy; results checked equal on every node.

    Our call reuses the plan of :mod:`govsim.metrics._descendants` cached with the
    polity's CSR (the levels, forest edges and shared descendants, which do not
    depend on the seats): warm after the first of the five runs, like the peers'
    graphs, which are built outside the timing. The first call on a polity, which
    builds the plan, is timed too (plan cleared before each run) and printed below.
    """
    G, g, R = graphs
    seats = np.where(c.kind != InstitutionKind.ELECTORATE.code, c.seats, 0).astype(np.float64)
    appointers = np.flatnonzero(c.out(RelationKind.APPOINTS).degree() > 0)
    c.inn(RelationKind.APPOINTS)

    t_ours, ours = best_of(lambda: C.appointment_span(c))

    def cold() -> np.ndarray:
        _descendants._cached_plan.values.clear()
        return C.appointment_span(c)

    t_cold, got = best_of(cold)
    np.testing.assert_array_equal(got, ours, err_msg="first call")

    def sums(sets) -> np.ndarray:
        out = np.zeros(c.n_nodes)
        out[appointers] = [seats[np.fromiter(s, dtype=np.int64)].sum() for s in sets]
        return out

    nodes = appointers.tolist()
    rows = [("govsim", t_ours)]
    for name, f in (
        ("networkx", lambda: sums(nx.descendants(G, v) for v in nodes)),
        ("igraph", lambda: sums(g.neighborhood(nodes, order=c.n_nodes, mode="out", mindist=1))),
        ("rustworkx", lambda: sums(rx.descendants(R, v) for v in nodes)),
    ):
        t, got = best_of(f, 1 if name == "networkx" else 3)
        np.testing.assert_array_equal(got, ours, err_msg=name)
        rows.append((name, t))
    report(f"appointment_span of all {c.n_nodes:,} nodes ({appointers.size:,} appointers)", rows)
    print(
        f"    first call (builds the plan) {t_cold * 1e3:8.2f} ms"
        f"   govsim {rows[1][1] / t_cold:7.1f}x faster than networkx"
    )


def bench_evaluate(p, with_reference: bool) -> None:
    c = p.compiled
    t_ours, ms = best_of(lambda: evaluate(p, metrics=STRUCTURAL), 3)
    print(f"  evaluate() structural families ({len(ms)} metrics): {t_ours * 1e3:.1f} ms", end="")
    print("   target < 1 s at 10^6:", "OK" if t_ours < 1 else "MISSED")
    if not with_reference:
        return
    hos = c.nodes_of_kind("head_of_state").tolist()
    gov = c.nodes_of_kind("government").tolist()
    plain = {
        "accountability.elected_share": ref.elected_share,
        "accountability.mean_chain_length": ref.mean_chain_length,
        "accountability.unaccountable_share": ref.unaccountable_share,
        "accountability.local_executive_share": ref.local_executive_share,
        "accountability.elected_legislature": ref.elected_legislature,
        "checks.head_of_state": lambda c: ref.check_score(c, hos),
        "checks.government": lambda c: ref.check_score(c, gov),
        "concentration.head_of_state_span": ref.head_of_state_span,
        "concentration.appointment_hhi": ref.appointment_hhi,
        "concentration.removal_exposure": ref.removal_exposure,
        "decentralization.regional": lambda c: ref.tier_representation(c, "regional"),
        "decentralization.district": lambda c: ref.tier_representation(c, "district"),
        "decentralization.representation": ref.representation,
    }
    t0 = time.perf_counter()
    values = {k: f(c) for k, f in plain.items()}
    t_ref = time.perf_counter() - t0
    for k, v in values.items():
        np.testing.assert_allclose(ms[k], v, rtol=1e-9, err_msg=k)
    print(
        f"    reference (networkx + pure Python, one run): {t_ref * 1e3:.0f} ms"
        f"   govsim {t_ref / t_ours:.0f}x faster; values agree"
    )


def bench_batched(n_variants: int = 1_000, n_ref: int = 20) -> None:
    p = synthetic(10**4, seed=0)
    c = p.compiled
    mask = np.random.default_rng(0).random((n_variants, c.n_edges)) < 0.95
    A.chain_length(c, mask[:2])
    t_chain, L = best_of(lambda: A.chain_length(c, mask))
    t_share, share = best_of(lambda: A.elected_share(c, mask))
    chain = c.edge_mask(CHAIN_KINDS) & (c.kind[c.edge_target] != InstitutionKind.ELECTORATE.code)
    voters = np.flatnonzero(c.kind == InstitutionKind.ELECTORATE.code).tolist()

    def nx_variant(k: int) -> np.ndarray:
        G = nx.DiGraph()
        G.add_nodes_from(range(c.n_nodes))
        e = chain & mask[k]
        G.add_edges_from(zip(c.edge_source[e].tolist(), c.edge_target[e].tolist(), strict=True))
        lv = np.full(c.n_nodes, np.inf)
        for d, layer in enumerate(nx.bfs_layers(G, voters)):
            lv[layer] = d
        return lv

    t0 = time.perf_counter()
    for k in range(n_ref):
        np.testing.assert_array_equal(nx_variant(k), L[k])
    t_nx = (time.perf_counter() - t0) / n_ref * n_variants
    for k in range(3):
        assert np.isclose(share[k], ref.elected_share(c, mask[k]))
    print(f"  batched, {n_variants:,} variants of synthetic(10**4) ({c.n_edges:,} relations):")
    print(
        f"    chain_length(mask)     {t_chain * 1e3:8.1f} ms   target < 300 ms:",
        "OK" if t_chain < 0.3 else "MISSED",
    )
    print(
        f"    elected_share(mask)    {t_share * 1e3:8.1f} ms   target < 300 ms:",
        "OK" if t_share < 0.3 else "MISSED",
    )
    print(
        f"    networkx rebuild + BFS per variant: {t_nx * 1e3:8.0f} ms (scaled from {n_ref})"
        f"   govsim {t_nx / t_chain:.0f}x faster"
    )


def bench_evaluate_target(n: int, repeat: int = 5) -> None:
    """The issue's target: ``evaluate`` (every registered metric) <= 0.1x building the
    polity from arrays (``synthetic(n)``), each on a fresh polity, in one process.

    The two are timed interleaved, ``repeat`` rounds of a build and an evaluation of
    the polity just built (a new compiled view, nothing cached), so that both see the
    same machine: on a shared machine a run of either can be slowed by the others'
    load, and timing all builds, then all evaluations, let a change of load between
    the two phases move the ratio. Best of ``repeat`` for each, in wall time and in
    CPU time of the process; the load average is printed before and after.
    """
    load0 = os.getloadavg()
    best = {k: [np.inf, np.inf] for k in ("build", "evaluate")}
    ms: object = None
    for _ in range(repeat):
        b_wall, b_cpu, p = best_wall_cpu(lambda: synthetic(n, seed=0), 1)
        e_wall, e_cpu, ms = best_wall_cpu(lambda p=p: evaluate(p), 1)
        for key, wall, cpu in (("build", b_wall, b_cpu), ("evaluate", e_wall, e_cpu)):
            best[key] = [min(best[key][0], wall), min(best[key][1], cpu)]
        del p
    load1 = os.getloadavg()
    for i, clock in enumerate(("wall", "CPU")):
        t_eval, t_build = best["evaluate"][i], best["build"][i]
        share = t_eval / t_build
        print(
            f"  evaluate() every registered metric ({len(ms)}), compiled view included, "  # type: ignore[arg-type]
            f"{clock} best of {repeat}: {t_eval:.3f} s; building synthetic({n:,}) "
            f"{t_build:.2f} s: {share:.3f}x (target <= 0.1x: {'met' if share <= 0.1 else 'NOT met'})"
        )
    print(f"  load average (1, 5, 15 min) before {load0}, after {load1}")


def bench_evaluate_per_metric(n: int, top: int = 8) -> None:
    """What each metric of ``evaluate`` costs at ``n``, in evaluate's order on a fresh
    compiled view (so an intermediate the metrics share is charged to the first that
    asks for it); best of 3 per metric."""
    from govsim.errors import GovsimError
    from govsim.metrics.evaluate import _select, load_metric_modules, takes_param

    load_metric_modules()
    p = synthetic(n, seed=0)
    cost: dict[str, float] = {}
    for rep in range(3):
        q = p.with_metadata(name=f"fresh-{rep}")
        t0 = time.perf_counter()
        _ = q.compiled
        cost["(compiled view)"] = min(cost.get("(compiled view)", np.inf), time.perf_counter() - t0)
        for info in _select(None):
            given = {"vote_model": None} if takes_param(info.func, "vote_model") else {}
            t0 = time.perf_counter()
            with contextlib.suppress(GovsimError):
                info(q, **given)
            cost[info.name] = min(cost.get(info.name, np.inf), time.perf_counter() - t0)
    total = sum(cost.values())
    print(f"  evaluate() per metric at {n:,} (fresh view, best of 3; total {total * 1e3:.0f} ms):")
    for name, t in sorted(cost.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {name:45s} {t * 1e3:7.1f} ms")


def main(sizes: list[int]) -> None:
    for n in sizes:
        t0 = time.perf_counter()
        p = synthetic(n, seed=0)
        c = p.compiled
        print(
            f"synthetic({n:,}): {c.n_nodes:,} nodes, {c.n_edges:,} relations (built in {time.perf_counter() - t0:.1f} s)"
        )
        bench_chain_length(c)
        graphs = appoints_graphs(c)
        bench_span(c, graphs)
        bench_all_spans(c, graphs)
        bench_evaluate(p, with_reference=n <= 10**5)
        bench_evaluate_target(n)
        bench_evaluate_per_metric(n)
    bench_batched()


if __name__ == "__main__":
    args = [int(float(a)) for a in sys.argv[1:]] or [10**4, 10**5, 10**6]
    main(args)

"""Files and graphs at national scale: columnar, JSON and networkx, against their references.

Run: ``.venv/bin/python benchmarks/bench_io.py [n_offices] [--full-reference] [--rounds R]
[--phases columnar json networkx]`` (default 10**6; ``synthetic(10**6)`` has 10^6
institutions and 2.9x10^6 relations). Each phase prints the load average before it and
its times in wall and CPU seconds (of the phase's process).

Each ratio is measured in one process, govsim and its reference one after the other
on the same polity (ratios are robust to load on a shared machine; absolute times are
not). Each peak memory comes from a fresh subprocess that does only that work
(``ru_maxrss``). The targets (issue "National scale end to end"):

* columnar save + load <= 2x the time pyarrow alone needs to write and read the same
  three Arrow tables (Parquet, its defaults), <= 1.5 GB peak; pyarrow alone with the
  writer options govsim uses (:func:`govsim.columnar.parquet_options`) is timed too;
* JSON save + load >= 10x faster than the row-model path (``Polity.to_dict`` +
  ``json.dumps(indent=1)``, ``json.loads`` + ``Polity.from_document``), <= 2 GB peak.
  The reference runs at n/10 and is scaled by 10 (it is linear in the rows; about
  three minutes at 10^6), unless ``--full-reference`` is given;
* ``to_networkx`` <= 1.5x networkx's own ``add_nodes_from`` + ``add_edges_from`` of
  the same nodes and edges with their attribute dicts ready (run as users run it, the
  garbage collector on; the ratio against networkx with it paused is printed too).

Every phase checks that what it read equals what it wrote.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

PHASES = {
    "columnar": """
import tempfile, os
import pyarrow.parquet as pq
import govsim
from govsim.columnar import arrow_tables, parquet_options
from govsim.scenarios import synthetic
p = synthetic(N, seed=0)
d = tempfile.mkdtemp()
path = os.path.join(d, "p.parquet")
tables = arrow_tables(p)
ours, alone, ours_cpu, alone_cpu, same, same_cpu = [], [], [], [], [], []
for _ in range(ROUNDS):  # interleaved, best of each: the ratio survives a busy machine
    t, c = time.perf_counter(), time.process_time()
    govsim.save(p, path)
    q = govsim.load(path)
    ours.append(time.perf_counter() - t)
    ours_cpu.append(time.process_time() - c)
    assert q == p
    del q
    t, c = time.perf_counter(), time.process_time()
    for name, table in tables.items():
        pq.write_table(table, os.path.join(d, name + ".alone.parquet"))
    back = [pq.read_table(os.path.join(d, name + ".alone.parquet")) for name in tables]
    alone.append(time.perf_counter() - t)
    alone_cpu.append(time.process_time() - c)
    del back
    t, c = time.perf_counter(), time.process_time()  # pyarrow with govsim's writer options
    for name, table in tables.items():
        pq.write_table(table, os.path.join(d, name + ".same.parquet"), **parquet_options(table.schema))
    back = [pq.read_table(os.path.join(d, name + ".same.parquet")) for name in tables]
    same.append(time.perf_counter() - t)
    same_cpu.append(time.process_time() - c)
    del back
elapsed = min(ours)
def _mb(suffix):
    return sum(os.path.getsize(os.path.join(d, k + suffix)) for k in tables) / 2**20
extra = {
    "pyarrow_alone": min(alone), "cpu": min(ours_cpu), "pyarrow_alone_cpu": min(alone_cpu),
    "same_options": min(same), "same_options_cpu": min(same_cpu),
    "mb_defaults": _mb(".alone.parquet"), "mb_options": _mb(".same.parquet"),
}
""",
    "json": """
import tempfile, os, json
import govsim
from govsim import Polity
from govsim.scenarios import synthetic
p = synthetic(N, seed=0)
d = tempfile.mkdtemp()
path = os.path.join(d, "p.json")
t = time.perf_counter()
govsim.save(p, path)
saved = time.perf_counter() - t
q = govsim.load(path)
elapsed = time.perf_counter() - t
assert q == p
size = os.path.getsize(path)
del q
r = p if REF == N else synthetic(REF, seed=0)
ref_path = os.path.join(d, "ref.json")
t = time.perf_counter()
doc = r.to_document().model_dump(mode="json", exclude_none=True)
doc["format"] = doc.get("format", 1)
with open(ref_path, "w", encoding="utf-8") as f:
    f.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\\n")
del doc
ref_saved = time.perf_counter() - t
with open(ref_path, encoding="utf-8") as f:
    back = Polity.from_document(json.load(f))
reference = time.perf_counter() - t
assert back == r
extra = {"save": saved, "reference": reference, "reference_save": ref_saved, "mb": size / 2**20}
""",
    **{
        f"{kind}_peak": f"""
import tempfile, os
import govsim
from govsim.scenarios import synthetic
p = synthetic(N, seed=0)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
path = os.path.join(tempfile.mkdtemp(), "p.{suffix}")
t = time.perf_counter()
govsim.save(p, path)
q = govsim.load(path)
elapsed = time.perf_counter() - t
extra = {{"polity_mb": base}}
"""
        for kind, suffix in (("columnar", "parquet"), ("json", "json"))
    },
    "networkx": """
import networkx as nx
import govsim
from govsim.io import to_networkx
from govsim.model.graph import edge_attributes, node_attributes
from govsim.scenarios import synthetic
p = synthetic(N, seed=0)
t, c = time.perf_counter(), time.process_time()
g = to_networkx(p)
elapsed, cpu = time.perf_counter() - t, time.process_time() - c
assert g.number_of_edges() == p.n_relations
del g
ids = p.institution_table.id.tolist()
nodes = list(zip(ids, node_attributes(p, typed=False)))
r = p.relation_table
edges = [
    (ids[s], ids[d], k, a)
    for k, (s, d, a) in enumerate(zip(r.source.tolist(), r.target.tolist(), edge_attributes(p, typed=False)))
]
t, c = time.perf_counter(), time.process_time()
h = nx.MultiDiGraph()
h.add_nodes_from(nodes)
h.add_edges_from(edges)
alone, alone_cpu = time.perf_counter() - t, time.process_time() - c
del h
import gc
gc.disable()  # to_networkx pauses the cyclic collector while it builds; so can networkx
t = time.perf_counter()
h = nx.MultiDiGraph()
h.add_nodes_from(nodes)
h.add_edges_from(edges)
paused = time.perf_counter() - t
gc.enable()
extra = {"networkx_alone": alone, "networkx_gc_paused": paused, "cpu": cpu, "networkx_alone_cpu": alone_cpu}
""",
}

RUNNER = """
import json, resource, sys, time
N = int(sys.argv[1])
REF = int(sys.argv[2])
ROUNDS = int(sys.argv[3])
{body}
print(json.dumps({{"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}}))
"""


def run(phase: str, n: int, ref: int = 0, rounds: int = 3) -> dict[str, float]:
    """Run one phase in a fresh interpreter: its seconds, peak MB (ru_maxrss) and extras."""
    code = RUNNER.format(body=PHASES[phase])
    out = subprocess.run(
        [sys.executable, "-c", code, str(n), str(ref or n), str(rounds)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main(
    n: int = 10**6,
    full_reference: bool = False,
    rounds: int = 3,
    phases: tuple[str, ...] = ("columnar", "json", "networkx"),
) -> None:
    """Run the phases named (``columnar``, ``json``, ``networkx``) and print their targets."""
    if "columnar" in phases:
        _columnar(n, rounds)
    if "json" in phases:
        _json(n, full_reference)
    if "networkx" in phases:
        _networkx(n)


def _columnar(n: int, rounds: int) -> None:
    print(f"({_load()})")
    c = run("columnar", n, rounds=rounds)
    cp = run("columnar_peak", n)
    ratio = c["seconds"] / c["pyarrow_alone"]
    print(
        f"columnar (Parquet) save + load, synthetic({n:,}), best of {rounds}: "
        f"{c['seconds']:.2f} s wall, {c['cpu']:.2f} s CPU"
    )
    print(
        f"  pyarrow alone, write + read of the same tables: {c['pyarrow_alone']:.2f} s wall, "
        f"{c['pyarrow_alone_cpu']:.2f} s CPU"
    )
    print(
        f"  pyarrow alone with govsim's writer options (columnar.parquet_options): "
        f"{c['same_options']:.2f} s wall, {c['same_options_cpu']:.2f} s CPU: ratio "
        f"{c['seconds'] / c['same_options']:.2f}x wall, {c['cpu'] / c['same_options_cpu']:.2f}x CPU"
    )
    print(
        f"  files: {c['mb_options']:.1f} MB with govsim's writer options, "
        f"{c['mb_defaults']:.1f} MB with pyarrow's defaults"
    )
    print(
        f"  ratio to pyarrow's defaults {ratio:.2f}x wall, {c['cpu'] / c['pyarrow_alone_cpu']:.2f}x "
        f"CPU (target <= 2x: {_met(ratio <= 2)}); peak {cp['peak_mb']:.0f} MB "
        f"(the polity alone {cp['polity_mb']:.0f} MB; target <= 1.5 GB: {_met(cp['peak_mb'] <= 1536)})"
    )


def _json(n: int, full_reference: bool) -> None:
    ref = n if full_reference else max(n // 10, 1_000)
    scale = n / ref
    print(f"({_load()})")
    j = run("json", n, ref)
    jp = run("json_peak", n)
    reference = j["reference"] * scale
    speedup = reference / j["seconds"]
    print(
        f"JSON save + load, synthetic({n:,}) ({j['mb']:.0f} MB file): {j['seconds']:.2f} s "
        f"(save {j['save']:.2f} s)"
    )
    print(
        f"  row-model path{'' if scale == 1 else f' at {ref:,} x {scale:.0f}'}: {reference:.1f} s "
        f"(save {j['reference_save'] * scale:.1f} s)"
    )
    print(
        f"  speed-up {speedup:.1f}x (target >= 10x: {_met(speedup >= 10)}); peak {jp['peak_mb']:.0f} MB "
        f"(the polity alone {jp['polity_mb']:.0f} MB; target <= 2 GB: {_met(jp['peak_mb'] <= 2048)})"
    )


def _networkx(n: int) -> None:
    print(f"({_load()})")
    g = run("networkx", n)
    ratio = g["seconds"] / g["networkx_alone"]
    print(f"to_networkx, synthetic({n:,}): {g['seconds']:.2f} s wall, {g['cpu']:.2f} s CPU")
    print(
        f"  networkx add_nodes_from + add_edges_from, attributes ready: {g['networkx_alone']:.2f} s "
        f"wall, {g['networkx_alone_cpu']:.2f} s CPU"
    )
    print(
        f"  ratio {ratio:.2f}x wall, {g['cpu'] / g['networkx_alone_cpu']:.2f}x CPU "
        f"(target <= 1.5x: {_met(ratio <= 1.5)})"
    )
    print(
        f"  (networkx with the garbage collector paused, as to_networkx runs: "
        f"{g['networkx_gc_paused']:.2f} s, ratio {g['seconds'] / g['networkx_gc_paused']:.2f}x)"
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10**6, help="offices of synthetic(n)")
    parser.add_argument("--full-reference", action="store_true", help="the JSON reference at n")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the columnar timing")
    parser.add_argument(
        "--phases", nargs="+", default=["columnar", "json", "networkx"], help="phases to run"
    )
    a = parser.parse_args()
    main(a.n, a.full_reference, a.rounds, tuple(a.phases))

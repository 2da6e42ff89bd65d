"""Build, validate and compile a national-scale polity; compare with per-object paths.

Run: ``.venv/bin/python benchmarks/bench_model.py [n_offices]`` (default 10**6).

Each phase runs in a fresh subprocess so that its peak memory (ru_maxrss) is its
own. Printed: seconds and peak MB of

* govsim: ``synthetic(n)`` (generate columns, validate, store) + ``.compiled`` with
  the selection CSR in both directions; and, alone, the whole-polity validation
  (``validate_tables``, id sorts included) and the term-column check;
* networkx: holding the same graph as a ``MultiDiGraph`` (built from the
  compiled edge arrays), at ``n / 10`` offices, with the ratio scaled to n;
* pydantic rows: validating the same institutions and relations one
  ``Institution``/``Relation`` object at a time, at ``n / 10`` offices.

Target on the reference 2-core machine: govsim under 3 s and 2 GB at 10^6.
"""

from __future__ import annotations

import json
import subprocess
import sys

PHASES = {
    "govsim": """
from govsim.scenarios import synthetic
t = time.perf_counter()
p = synthetic(N, seed=0)
c = p.compiled
c.out(["elects", "appoints"]); c.inn(["elects", "appoints"])
elapsed = time.perf_counter() - t
extra = {"institutions": p.n_institutions, "relations": p.n_relations}
""",
    "validate": """
import govsim.model.validate as V
from govsim.model.polity import _term_rules
from govsim.scenarios import synthetic
p = synthetic(N, seed=0)
V._INDEXES.clear()  # time the id sorts too, as a new polity pays them
t = time.perf_counter()
V.validate_tables(p.territory_table, p.institution_table, p.relation_table, p.electoral_systems, p.rules)
elapsed = time.perf_counter() - t
t = time.perf_counter()
_term_rules(p.institution_table)
extra = {"term_check": time.perf_counter() - t}
""",
    "networkx": """
import networkx as nx
from govsim.scenarios import synthetic
p = synthetic(N, seed=0)
c = p.compiled
ids = c.ids.tolist(); src = c.edge_source.tolist(); tgt = c.edge_target.tolist(); kinds = c.edge_kind.tolist()
t = time.perf_counter()
g = nx.MultiDiGraph()
g.add_nodes_from(ids)
g.add_edges_from((ids[s], ids[d], {"kind": k}) for s, d, k in zip(src, tgt, kinds))
elapsed = time.perf_counter() - t
extra = {"relations": g.number_of_edges()}
""",
    "pydantic_rows": """
from govsim.scenarios import synthetic
from govsim.model.rows import Institution, Relation
p = synthetic(N, seed=0)
inst = p.to_dict()["institutions"]; rel = p.to_dict()["relations"]
t = time.perf_counter()
rows = [Institution.model_validate(r) for r in inst] + [Relation.model_validate(r) for r in rel]
elapsed = time.perf_counter() - t
extra = {"rows": len(rows)}
""",
}

RUNNER = """
import json, resource, sys, time
N = int(sys.argv[1])
{body}
print(json.dumps({{"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}}))
"""


def run(phase: str, n: int) -> dict[str, float]:
    code = RUNNER.format(body=PHASES[phase])
    out = subprocess.run(
        [sys.executable, "-c", code, str(n)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(n: int = 10**6) -> None:
    small = max(n // 10, 1_000)
    g = run("govsim", n)
    v = run("validate", n)
    g_small = run("govsim", small)
    nx_small = run("networkx", small)
    py_small = run("pydantic_rows", small)
    print(
        f"govsim  synthetic({n:,}) build+validate+compile: {g['seconds']:.2f} s, peak {g['peak_mb']:.0f} MB "
        f"({g['institutions']:,} institutions, {g['relations']:,} relations)"
    )
    print(
        f"  of which whole-polity validation {v['seconds']:.3f} s; term-column check {v['term_check'] * 1e3:.1f} ms"
    )
    print(f"at {small:,} offices:")
    print(
        f"  govsim build+validate+compile   {g_small['seconds']:.3f} s  peak {g_small['peak_mb']:.0f} MB"
    )
    print(
        f"  networkx MultiDiGraph (hold)    {nx_small['seconds']:.3f} s  peak {nx_small['peak_mb']:.0f} MB"
        f"  -> {nx_small['seconds'] / g_small['seconds']:.1f}x govsim's time"
    )
    print(
        f"  pydantic per-row validation     {py_small['seconds']:.3f} s  peak {py_small['peak_mb']:.0f} MB"
        f"  -> {py_small['seconds'] / g_small['seconds']:.1f}x govsim's time"
    )
    ok = g["seconds"] < 3 and g["peak_mb"] < 2048
    print(f"target (<3 s, <2 GB at {n:,}): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10**6)

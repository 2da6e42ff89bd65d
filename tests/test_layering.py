"""The package's import graph: no cycles, no import down->up the layers, no private module
imported from another package.

The graph is read from the source with :mod:`ast`, not by importing: every ``import`` and
``from ... import`` statement counts, at module level, inside functions (lazy imports),
and under ``if TYPE_CHECKING:`` (a type-only import is still a dependency of the design, so the layering reads it; it
never runs, so the cycle check does not).
An import of ``pkg.mod`` is an edge to the module ``pkg.mod``; ``from pkg import name``
is an edge to ``pkg.name`` when that is a module and to ``pkg`` otherwise.

The layers, bottom to top (``docs/architecture.md``, "Layers"); a module may import its
own layer and the layers below it:

    base        errors, _validation, _random
    model       govsim.model (rows, tables, validation, roles, the compiled view)
    reforms     govsim.reforms
    engines     govsim.electoral, govsim.power, govsim.tenure
    metrics     govsim.metrics (the families and their registry)
    evaluate    govsim.metrics.evaluate
    files       govsim.scenario, govsim.io, govsim.scenarios, govsim.data,
                govsim._uncertain (the [[uncertain]] declarations of a scenario)
    front       govsim.ensemble, govsim.uncertainty, govsim.sensitivity, govsim.report,
                govsim.cli, govsim.__main__

``govsim.testing`` may import anything (nothing in the library imports it). A package's
``__init__`` is its facade: it may re-export its own submodules whatever their layer
(``govsim.metrics`` re-exports ``evaluate``); ``govsim/__init__`` re-exports the whole
library. Those facade edges still count for cycles.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import govsim

ROOT = Path(govsim.__file__).resolve().parent

#: Layer names, bottom to top.
LAYERS = ("base", "model", "reforms", "engines", "metrics", "evaluate", "files", "front")

#: Module prefix -> layer; the longest matching prefix wins.
LAYER_OF_PREFIX = {
    "govsim.errors": "base",
    "govsim._validation": "base",
    "govsim._random": "base",
    "govsim.model": "model",
    "govsim.reforms": "reforms",
    "govsim.electoral": "engines",
    "govsim.power": "engines",
    "govsim.tenure": "engines",
    "govsim.metrics": "metrics",
    "govsim.metrics.evaluate": "evaluate",
    "govsim.metrics.compare_many": "evaluate",
    "govsim.scenario": "files",
    "govsim._uncertain": "files",
    "govsim.io": "files",
    "govsim.columnar": "files",
    "govsim.scenarios": "files",
    "govsim.data": "files",
    "govsim.ensemble": "front",
    "govsim.uncertainty": "front",
    "govsim.sensitivity": "front",
    "govsim.report": "front",
    "govsim.figures": "front",
    "govsim.compare_figures": "front",
    "govsim.cli": "front",
    "govsim.__main__": "front",
}

#: May import anything.
UNLAYERED = ("govsim.testing",)

#: Edges that still break the rules, each removable only in a module another change is
#: reworking at the same time. Each must still be found, so the set can only shrink.
#: None are left.
KNOWN_VIOLATIONS: frozenset[tuple[str, str, str]] = frozenset()

#: Edges that close an import cycle today (imports under ``if TYPE_CHECKING:`` never
#: run and close none): the graph without them must be acyclic, and each must still
#: close a cycle. None are left.
KNOWN_CYCLE_EDGES: frozenset[tuple[str, str]] = frozenset()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Ids of the statements under ``if TYPE_CHECKING:`` (never executed)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for stmt in node.body:
                    inside.update(id(sub) for sub in ast.walk(stmt))
    return inside


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterator[tuple[str, bool]]:
    """(module, type_only) for every import in ``name``'s source, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    typing_only = _type_checking_nodes(tree)
    package = name if _is_package(name, modules) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        type_only = id(node) in typing_only
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, type_only
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield (sub if sub in modules else target), type_only


def _resolve(target: str, modules: dict[str, Path]) -> str | None:
    """The govsim module an import names (its longest existing prefix), or None."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def import_graph(*, runtime: bool = False) -> dict[str, set[str]]:
    """Module -> the govsim modules it imports (self-imports left out).

    ``runtime=True`` leaves out the imports under ``if TYPE_CHECKING:``, which never run
    (the cycle check uses that graph; the layering check uses every import). The source
    is parsed once per test session; each call gets its own copy of the sets.
    """
    return {name: set(edges[runtime]) for name, edges in _import_graph().items()}


@functools.cache
def _import_graph() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Module -> (every govsim module it imports, those imported at run time)."""
    modules = _modules()
    graph: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for name, path in modules.items():
        every: set[str] = set()
        runtime: set[str] = set()
        for target, type_only in _imports(name, path, modules):
            if not target.startswith("govsim"):
                continue
            resolved = _resolve(target, modules)
            if resolved is not None and resolved != name:
                every.add(resolved)
                if not type_only:
                    runtime.add(resolved)
        graph[name] = (frozenset(every), frozenset(runtime))
    return graph


def layer(name: str) -> str | None:
    """The layer of a module (None for the root facade and the unlayered ones)."""
    if name == "govsim" or name.startswith(UNLAYERED):
        return None
    best = ""
    for prefix in LAYER_OF_PREFIX:
        if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    if not best:
        raise AssertionError(f"module {name} has no layer: add it to LAYER_OF_PREFIX")
    return LAYER_OF_PREFIX[best]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _owner(private: str) -> str | None:
    """The package a private module belongs to (the part of its name before the first
    ``_private`` component), or None for a public module."""
    parts = private.split(".")
    for i, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and part != "__main__":
            return ".".join(parts[:i])
    return None


def violations(graph: dict[str, set[str]]) -> set[tuple[str, str, str]]:
    """(rule, importer, imported) for every edge that breaks the layering or privacy rule."""
    modules = _modules()
    found: set[tuple[str, str, str]] = set()
    for source, targets in graph.items():
        for target in targets:
            # a private module may be imported only inside the package that holds it
            # (govsim._validation by all of govsim; govsim.metrics._kernels by govsim.metrics)
            owner = _owner(target)
            inside = owner is not None and (source == owner or source.startswith(owner + "."))
            if owner is not None and not inside and not source.startswith(UNLAYERED):
                found.add(("private", source, target))
            # layering
            src_layer, dst_layer = layer(source), layer(target)
            if src_layer is None or dst_layer is None:
                continue
            facade = _is_package(source, modules) and target.startswith(source + ".")
            if not facade and LAYERS.index(dst_layer) > LAYERS.index(src_layer):
                found.add(("upward", source, target))
    return found


def test_every_module_has_a_layer() -> None:
    for name in _modules():
        layer(name)


def test_the_graph_sees_lazy_relative_and_type_only_imports(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import roles\n"
        "from .. import errors\n"
        "if TYPE_CHECKING:\n"
        "    from govsim.model.polity import Polity\n"
        "def later():\n"
        "    import govsim.io\n"
        "    from govsim.metrics import registry\n",
        encoding="utf-8",
    )
    modules = {**_modules(), "govsim.model.probe": source}
    found = set(_imports("govsim.model.probe", source, modules))
    assert ("govsim.model.roles", False) in found  # relative
    assert ("govsim.errors", False) in found  # relative, two levels
    assert ("govsim.model.polity", True) in found  # type-only
    assert ("govsim.io", False) in found  # lazy
    assert ("govsim.metrics.registry", False) in found  # lazy, a submodule by name
    # the root facade imports the packages it re-exports
    assert {"govsim.reforms", "govsim.metrics", "govsim.model"} <= import_graph()["govsim"]


def _without(graph: dict[str, set[str]], edges: frozenset[tuple[str, str]]) -> dict[str, set[str]]:
    return {a: {b for b in bs if (a, b) not in edges} for a, bs in graph.items()}


def test_no_import_cycle() -> None:
    graph = import_graph(runtime=True)
    cycles = _cycles(_without(graph, KNOWN_CYCLE_EDGES))
    assert cycles == [], f"import cycles (lazy imports included): {cycles}"
    for edge in KNOWN_CYCLE_EDGES:
        rest = _without(graph, KNOWN_CYCLE_EDGES - {edge})
        assert _cycles(rest), f"{edge} closes no cycle any more: remove it from KNOWN_CYCLE_EDGES"


def test_imports_follow_the_layers() -> None:
    found = violations(import_graph())
    assert found == KNOWN_VIOLATIONS, (
        f"new: {sorted(found - KNOWN_VIOLATIONS)}; fixed (remove from KNOWN_VIOLATIONS): "
        f"{sorted(KNOWN_VIOLATIONS - found)}"
    )


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    graph = {"govsim.model.a": {"govsim.metrics.b"}, "govsim.metrics.b": {"govsim.model.a"}}
    assert _cycles(graph) == [["govsim.metrics.b", "govsim.model.a"]]
    assert layer("govsim.model.a") == "model"
    assert layer("govsim.metrics.evaluate") == "evaluate"
    assert layer("govsim.testing.reforms") is None


def test_the_reforms_apportion_like_the_electoral_engine() -> None:
    """The reforms split seats without the engine (reforms sit below it): the same Hare
    largest remainders as ``allocate(..., "hare")``, ties to earlier rows, on random
    and tied inputs; and exact where the engine's int64 products would overflow."""
    import numpy as np

    from govsim.electoral import allocate
    from govsim.reforms._util import largest_remainder

    rng = np.random.default_rng(20260)
    for _ in range(2000):
        n = int(rng.integers(1, 12))
        weights = rng.integers(0, int(rng.choice([3, 10, 1000, 10**6])), n).astype(np.int64)
        whole = int(weights.sum())
        if whole == 0:
            continue
        total = int(rng.integers(0, whole + 1))
        expected = weights if total == whole else allocate(weights, total, method="hare")
        np.testing.assert_array_equal(largest_remainder(weights, total), expected)
    tied = np.array([1, 1, 1, 1], dtype=np.int64)
    np.testing.assert_array_equal(largest_remainder(tied, 2), [1, 1, 0, 0])
    big = np.full(1000, 10**7, dtype=np.int64)
    big[0] -= 1
    share = largest_remainder(big, int(big.sum()) - 7)  # products beyond 2**63
    assert int(share.sum()) == int(big.sum()) - 7
    assert int(share.max()) == 10**7


def test_the_rules_catch_an_upward_and_a_private_import() -> None:
    graph = {
        "govsim.model.polity": {"govsim.metrics.registry", "govsim.model.rows"},
        "govsim.tenure.exact": {"govsim.metrics._lookup", "govsim._validation"},
        "govsim.metrics.checks": {"govsim.metrics._kernels", "govsim.power.lawmaking"},
        "govsim.testing.reforms": {"govsim.cli", "govsim.metrics._kernels"},
    }
    assert violations(graph) == {
        ("upward", "govsim.model.polity", "govsim.metrics.registry"),
        ("upward", "govsim.tenure.exact", "govsim.metrics._lookup"),
        ("private", "govsim.tenure.exact", "govsim.metrics._lookup"),
    }


def test_evaluate_imports_every_family_by_name() -> None:
    """metrics/evaluate.py imports each metric family in its source (no import by string)."""
    from govsim.metrics import METRIC_MODULES

    assert set(METRIC_MODULES) <= import_graph(runtime=True)["govsim.metrics.evaluate"]
    # the engines import nothing from metrics/
    graph = import_graph()
    for engine in ("govsim.power", "govsim.tenure"):
        for name, targets in graph.items():
            if name == engine or name.startswith(engine + "."):
                assert not {t for t in targets if t.startswith("govsim.metrics")}, name

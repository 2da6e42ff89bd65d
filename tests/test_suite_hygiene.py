"""The rules that keep the suite green on any machine, checked on the suite's own source.

* hypothesis runs one derandomized profile without a deadline (``tests/conftest.py``),
  under ``make test`` and CI alike;
* no ``pytest.importorskip``: govsim's own modules and the extras ``make test``
  installs must be there, and a broken import must fail, not skip;
* no timing in tests (``time.perf_counter`` and friends): speed is measured in
  ``benchmarks/``;
* no ``==`` / ``!=`` against a float literal: computed floats are compared with
  ``pytest.approx`` or ``np.testing.assert_allclose`` at a stated tolerance. A line
  whose exactness is the point (a value that is a bound, bit-identical reruns) says
  so with a ``# exact`` comment.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent
SOURCES = sorted(TESTS.rglob("*.py"))
TIMERS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time", "time"}


def _parse(path: Path) -> tuple[ast.Module, list[str]]:
    text = path.read_text(encoding="utf-8")
    return ast.parse(text, filename=str(path)), text.splitlines()


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(TESTS.parent)}:{getattr(node, 'lineno', '?')}"


def _is_float_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if isinstance(node, ast.Constant):
        return isinstance(node.value, float)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_is_float_literal(e) for e in node.elts)
    return False


def test_hypothesis_profile_is_derandomized_without_deadline() -> None:
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") != "ci":
        pytest.skip("an exploratory hypothesis profile was chosen by hand")
    assert settings.default.derandomize is True
    assert settings.default.deadline is None
    assert settings.get_profile("ci").derandomize is True


def test_the_suite_is_scanned() -> None:
    assert Path(__file__).resolve() in SOURCES
    assert len(SOURCES) > 20


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_importorskip_timing_or_float_equality(path: Path) -> None:
    tree, lines = _parse(path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "importorskip":
            found.append(f"{_where(path, node)}: pytest.importorskip hides a broken import")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in TIMERS
            and isinstance(node.value, ast.Name)
            and node.value.id == "time"
        ):
            found.append(f"{_where(path, node)}: time.{node.attr}: timing belongs in benchmarks/")
        elif isinstance(node, ast.ImportFrom) and (
            node.module == "timeit"
            or (node.module == "time" and any(a.name in TIMERS for a in node.names))
        ):
            found.append(f"{_where(path, node)}: timing belongs in benchmarks/")
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for i, op in enumerate(node.ops):
                if not isinstance(op, (ast.Eq, ast.NotEq)):
                    continue
                if not (_is_float_literal(sides[i]) or _is_float_literal(sides[i + 1])):
                    continue
                end = getattr(node, "end_lineno", node.lineno) or node.lineno
                if any("# exact" in line for line in lines[node.lineno - 1 : end]):
                    continue
                found.append(
                    f"{_where(path, node)}: == on a float: use pytest.approx(x, rel=...) or "
                    "np.testing.assert_allclose with a stated tolerance (or say '# exact' and why)"
                )
    assert not found, "\n".join(found)

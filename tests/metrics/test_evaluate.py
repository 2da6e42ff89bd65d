"""evaluate() and compare(): the registry run, the Comparison's formats."""

from __future__ import annotations

import importlib
import json
import math
import pickle
import sys

import pytest

from govsim.errors import UnknownNameError
from govsim.metrics import (
    METRIC_MODULES,
    Comparison,
    MetricSet,
    compare,
    evaluate,
    iter_metrics,
)
from govsim.model.rows import Relation

ev = importlib.import_module("govsim.metrics.evaluate")  # the package re-exports the function

STRUCTURAL = ("accountability", "concentration", "checks", "decentralization")


def test_evaluate_runs_every_summary_metric(toy):
    ms = evaluate(toy)
    assert isinstance(ms, MetricSet)
    names = {i.name for i in iter_metrics(per_node=False)}
    assert set(ms) == names
    assert "accountability.chain_length" not in ms  # per-node metrics are not summarised
    assert ms["accountability.elected_share"] == pytest.approx(0.5, rel=1e-12)
    assert all(isinstance(v, float) for v in ms.values())


def test_metric_set_is_read_only_and_pickles(toy):
    ms = evaluate(toy, metrics=["accountability"])
    with pytest.raises(TypeError):
        ms["accountability.elected_share"] = 1.0  # type: ignore[index]
    assert set(ms.family("accountability")) == set(ms)
    with pytest.raises(UnknownNameError, match="was not evaluated"):
        ms["checks.head_of_state"]
    again = pickle.loads(pickle.dumps(ms))
    assert again.to_dict() == ms.to_dict()  # pickling copies the floats bit for bit
    assert again.polity_name == "toy"
    assert "accountability.elected_share" in str(ms)


def test_select_by_name_and_family(toy):
    ms = evaluate(toy, metrics=["concentration", "checks.head_of_state"])
    assert set(ms) == {i.name for i in iter_metrics(family="concentration", per_node=False)} | {
        "checks.head_of_state"
    }
    with pytest.raises(UnknownNameError, match="Unknown metric 'nope'"):
        evaluate(toy, metrics=["nope"])


def test_metric_modules_are_imported_by_name():
    """Every family is imported by evaluate itself (no import by string), so all are loaded."""
    assert tuple(module.__name__ for module in ev.FAMILY_MODULES) == ev.METRIC_MODULES
    assert ev.load_metric_modules() == METRIC_MODULES
    assert all(name in sys.modules for name in METRIC_MODULES)
    assert "govsim.metrics.accountability" in METRIC_MODULES


def test_compare_rows_and_formats(toy, build_polity):
    """Dropping the president's two lower-chamber appointees and electing a2 directly:
    elected share and the checks on the president go up, the span goes down."""
    rows = [
        r for r in toy.relations_of() if not (r.source == "pres" and r.target in ("lower", "a2"))
    ]
    rows.append(Relation(source="v2", target="a2", kind="elects"))
    after = toy.__class__(
        "toy-reformed",
        territories=[toy.territory(t) for t in toy.territory_table.id.tolist()],
        institutions=toy.select(),
        relations=rows,
    )
    cmp = compare(toy, after, metrics=STRUCTURAL)
    assert isinstance(cmp, Comparison)
    r = cmp["accountability.elected_share"]
    assert (r.before, r.after) == (
        pytest.approx(18 / 36, rel=1e-12),
        pytest.approx(19 / 36, rel=1e-12),
    )
    assert r.delta == pytest.approx(1 / 36, rel=1e-12)
    assert r.direction == "higher"
    assert r.assessment == "+"
    assert cmp["concentration.head_of_state_span"].assessment == "+"
    assert cmp["checks.head_of_state"].after > cmp["checks.head_of_state"].before
    assert cmp["decentralization.district"].assessment == "="  # NaN on both sides

    md = cmp.to_markdown()
    assert md.splitlines()[0].startswith("| metric | before | after | delta |")
    assert "accountability.elected_share" in md
    doc = json.loads(cmp.to_json())
    assert doc["before"] == "toy"
    assert doc["after"] == "toy-reformed"
    assert {row["metric"] for row in doc["rows"]} == {x.metric for x in cmp}
    assert (
        next(r for r in doc["rows"] if r["metric"] == "decentralization.district")["before"] is None
    )
    text = str(cmp)
    assert text.splitlines()[0] == "toy -> toy-reformed"
    assert "concentration.head_of_state_span" in text
    df = cmp.to_pandas()
    assert list(df.columns) == [
        "before",
        "after",
        "delta",
        "direction",
        "assessment",
        "note",
        "family",
        "range_min",
        "range_max",
        "definition",
        "source",
    ]
    assert df.loc["accountability.elected_share", "delta"] == pytest.approx(1 / 36, rel=1e-12)
    with pytest.raises(UnknownNameError):
        cmp["nope"]


def test_compare_metric_sets(toy):
    a = evaluate(toy, metrics=STRUCTURAL)
    cmp = compare(a, a)
    assert all(r.assessment == "=" for r in cmp)
    assert len(cmp) == len(a)
    assert all(r.delta == pytest.approx(0.0, abs=1e-12) or math.isnan(r.delta) for r in cmp)


def test_pandas_only_imported_by_to_pandas():
    import subprocess
    import sys

    code = (
        "import sys, govsim.metrics as m; from govsim.scenarios import synthetic;"
        "m.compare(synthetic(200), synthetic(200)).to_json();"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""The Kazakhstan scenario's own uncertain inputs (examples/kazakhstan.toml).

Each declaration names an input the scenario has and gives its reason with the data's
confidence mark; a tiny run shows the switches doing what their reasons say. The
200-draw run and the Morris screening are reported in the README, not run here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govsim.scenario import load_scenario
from govsim.uncertainty import prepare, run

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kazakhstan.toml"
MARK = re.compile(r"\b(UNCONFIRMED|PLACEHOLDER|H|M|L|M-H)\b")


def test_every_input_binds_and_gives_its_confidence_mark() -> None:
    sc = load_scenario(EXAMPLE)
    job = prepare(sc)
    assert len(job.inputs) == len(sc.uncertain) >= 10
    kinds = {t.kind for t in job.targets}
    assert {"step", "tenure", "vote_model", "data"} <= kinds
    for decl in sc.uncertain:
        assert MARK.search(decl.reason), decl.path
        assert decl.label, decl.path
    switches = [d for d in sc.uncertain if "UNCONFIRMED" in d.reason]
    assert len(switches) == 3
    assert all(d.distribution == "bool" for d in switches)


def test_the_override_switch_moves_the_2024_power_shares() -> None:
    sc = load_scenario(EXAMPLE)
    override = next(d for d in sc.uncertain if "override_threshold" in d.path)
    res = run(
        sc, 4, seed=0, inputs=[override], date="2024-01-01", progress=False, monte_carlo=False
    )
    on = [i for i, s in enumerate(res.samples) if s[0] is not None]
    off = [i for i, s in enumerate(res.samples) if s[0] is None]
    assert on
    assert off
    k = res.metric_names.index("power.lower_chamber")
    # the override adds +0.019 to the Mazhilis' share at 98/50 seats (govsim.metrics.power)
    gap = res.after[on[0], k] - res.after[off[0], k]
    assert gap == pytest.approx(0.019, abs=0.002)
    # the new sizes (107/49 -> 98/50) cost the Mazhilis 0.020 and the override gives back
    # 0.019 (govsim.metrics.power), so the delta is negative either way: its sign is
    # robust, its size rests on the switch
    row = res.row("power.lower_chamber")
    assert (row["sign"], row["robust"]) == ("-", True)
    assert row["delta_hi"] - row["delta_lo"] == pytest.approx(0.019, abs=0.002)

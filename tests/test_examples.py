"""Every example is a tested artefact: each script runs, each scenario file loads and builds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from _script_runner import ScriptRunner
from govsim.scenario import load_scenario

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
SCENARIOS = sorted([*EXAMPLES.glob("*.toml"), *EXAMPLES.glob("*.json")])


@pytest.fixture(scope="module")
def runner() -> Iterator[ScriptRunner]:
    """Each script runs in a process of its own, forked from one that imported govsim."""
    env = {**os.environ, "MPLBACKEND": "Agg", "GOVSIM_EXAMPLE_FAST": "1"}
    runner = ScriptRunner(env)
    yield runner
    runner.close()


@pytest.mark.xdist_group("scripts")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_runs(script: Path, tmp_path: Path, runner: ScriptRunner) -> None:
    proc = runner.run([script], cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip(), "an example should print what it found"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_file_loads_and_builds(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.name
    reforms = scenario.reforms()
    assert len(reforms) == len(scenario.steps)
    for i in range(len(scenario.variants)):
        scenario.reforms(variant=i)


def test_kazakhstan_file_is_the_timeline() -> None:
    """examples/kazakhstan.toml gives the timeline's polity at any date, and its "announced"
    variant the announced roll-out (tests/scenarios checks the steps themselves)."""
    from govsim.scenarios import kazakhstan

    scenario = load_scenario(EXAMPLES / "kazakhstan.toml")
    for date in ("2021-12-31", "2022-12-31", "2024-01-01"):
        _, after = scenario.run(date=date)
        expected = kazakhstan(date)
        assert after.with_metadata(name=expected.name, year=expected.year) == expected, date
    variant = next(v.label for v in scenario.variants if v.label.startswith("announced"))
    _, announced = scenario.run(variant=variant)
    expected = kazakhstan("2024-06-01", announced=True)
    assert announced.with_metadata(name=expected.name, year=expected.year) == expected

"""The command line of the uncertainty and sensitivity runs: ``govsim run --uncertainty N``
and ``govsim sensitivity`` on a tiny scenario file (a toy polity, two inputs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govsim.cli import main

TOY = """\
name = "toy"
baseline = { scenario = "synthetic", params = { n_offices = 200, seed = 1 } }

[[reforms]]
op = "term_limit"
years = 5
max_terms = 1

[[uncertain]]
path = "tenure.hazard"
distribution = "uniform"
low = 0.03
high = 0.1
reason = "a stated assumption of the tenure model"

[[uncertain]]
path = "steps[0].enabled"
distribution = "bool"
p = 0.5
reason = "an UNCONFIRMED step"
"""


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    path = tmp_path / "toy.toml"
    path.write_text(TOY, encoding="utf-8")
    return path


def test_run_with_uncertainty_prints_intervals_and_robust_signs(
    toy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rep"
    args = ["--uncertainty", "12", "--seed", "3", "--out", str(out), "--figures", "none"]
    assert main(["run", str(toy), *args]) == 0
    text = capsys.readouterr().out
    assert "12 draws" in text
    assert "delta [5%, 95%]" in text
    assert "deltas whose sign is robust:" in text
    line = next(x for x in text.splitlines() if x.startswith("tenure.expected_years"))
    assert "not robust" in line  # the reform applies in about half of the draws
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["uncertainty"]["n"] == 12
    assert "## Uncertainty" in (out / "report.md").read_text(encoding="utf-8")


def test_run_with_uncertainty_as_json(toy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(toy), "--uncertainty", "4", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {r["metric"] for r in doc["rows"]} >= {"tenure.expected_years"}


def test_sensitivity_ranks_and_writes_figures(
    toy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sens"
    args = ["sensitivity", str(toy), "--method", "morris", "--n", "3", "--out", str(out)]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "| tenure.expected_years | 1 |" in text
    assert (out / "sensitivity.md").exists()
    assert (out / "sensitivity_tenure_expected_years.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--uncertainty", "0"], "must be >= 1"),
        (["--uncertainty", "1e9"], "MAX_DRAWS"),
    ],
)
def test_bad_counts_are_one_line_errors(
    toy: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(toy), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_sobol_n_must_be_a_power_of_two(toy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(toy), "--method", "sobol", "--n", "100"]) == 2
    assert "power of two" in capsys.readouterr().err


def test_a_scenario_without_uncertain_inputs_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.toml"
    path.write_text('name = "x"\nbaseline = "synthetic"\n', encoding="utf-8")
    assert main(["run", str(path), "--uncertainty", "3"]) == 2
    assert "declares no uncertain inputs" in capsys.readouterr().err

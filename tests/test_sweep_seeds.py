"""Sweep seeds reach every stochastic metric; labels are unique; seeds are bounded.

Before: every cell of ``govsim sweep`` with ``seeds = n`` was "± 0.000", because the
electoral Monte Carlo ran on its fixed default seed whatever the replicate; two
variants with one label (or the label "as written") overwrote each other's runs in
the command; ``seeds = 10**9`` spawned a billion seed sequences.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import govsim
from govsim._random import as_int_seed
from govsim.cli import main, sweep_task
from govsim.electoral import VoteModel
from govsim.ensemble import MAX_SEEDS, sweep
from govsim.metrics.electoral import DEFAULT_SEED, expected_gallagher
from govsim.scenario import AS_WRITTEN, ScenarioError, load_scenario
from govsim.scenarios import synthetic

HEAD = """name = "seeded"
baseline = { scenario = "synthetic", params = { n_offices = 300, seed = 1 } }
"""
BODY = """
[[reforms]]
op = "term_limit"
years = 7
max_terms = 1

[[variants]]
label = "five years"
override = { term_limit = { years = 5 } }

[vote_model]
names = ["A", "B", "C"]
shares = [0.55, 0.3, 0.15]
"""
#: The vote model of BODY: the electoral metrics have no default one.
VOTES = VoteModel(names=("A", "B", "C"), shares=(0.55, 0.3, 0.15))


def spec(top: str = "", seed: str = "seed = 11\n", body: str = BODY) -> str:
    """A scenario file; ``top`` holds top-level keys (TOML needs them before the tables)."""
    return HEAD + seed + top + body


STOCHASTIC = (
    "electoral.expected_gallagher",
    "electoral.expected_enp",
    "electoral.p_two_thirds",
)


def write(tmp_path: Path, text: str, name: str = "spec.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_evaluate_default_is_the_fixed_seed_and_a_seed_changes_the_draws() -> None:
    p = synthetic(300, seed=1)
    default = govsim.evaluate(p, metrics=["electoral"], vote_model=VOTES)
    assert default["electoral.expected_gallagher"] == pytest.approx(
        expected_gallagher(p, vote_model=VOTES, seed=DEFAULT_SEED), rel=1e-12
    )
    again = govsim.evaluate(p, metrics=["electoral"], vote_model=VOTES)
    np.testing.assert_allclose(list(again.values()), list(default.values()), rtol=0, atol=0)
    seeded = [govsim.evaluate(p, metrics=["electoral"], seed=s, vote_model=VOTES) for s in (1, 2)]
    assert seeded[0]["electoral.expected_gallagher"] != pytest.approx(
        seeded[1]["electoral.expected_gallagher"], rel=1e-9
    )
    repeat = govsim.evaluate(p, metrics=["electoral"], seed=1, vote_model=VOTES)
    np.testing.assert_allclose(list(repeat.values()), list(seeded[0].values()), rtol=0, atol=0)


def test_equal_seed_sequences_give_equal_values() -> None:
    p = synthetic(300, seed=1)
    a = np.random.SeedSequence(5).spawn(3)[2]
    b = np.random.SeedSequence(5, spawn_key=(2,))
    assert as_int_seed(a) == as_int_seed(b)
    va = govsim.evaluate(p, metrics=["electoral"], seed=a, vote_model=VOTES)
    vb = govsim.evaluate(p, metrics=["electoral"], seed=b, vote_model=VOTES)
    np.testing.assert_allclose(list(va.values()), list(vb.values()), rtol=0, atol=0)


def test_deterministic_metrics_ignore_the_seed() -> None:
    p = synthetic(300, seed=1)
    a = govsim.evaluate(p, metrics=["accountability", "tenure"], seed=3)
    b = govsim.evaluate(p, metrics=["accountability", "tenure"])
    np.testing.assert_allclose(list(a.values()), list(b.values()), rtol=0, atol=0)


def test_compare_uses_one_seed_for_both_sides() -> None:
    p = synthetic(300, seed=1)
    row = govsim.compare(
        p, p, metrics=["electoral"], seed=np.random.default_rng(4), vote_model=VOTES
    )["electoral.expected_gallagher"]
    assert row.delta == pytest.approx(0.0, abs=1e-12)


def _sweep(path: Path, executor: ProcessPoolExecutor | None = None) -> govsim.EnsembleResult:
    sc = load_scenario(path)
    variants = {AS_WRITTEN: (str(sc.source), None, True)}
    variants.update({v.label: (str(sc.source), i, True) for i, v in enumerate(sc.variants)})
    return sweep(
        sweep_task, variants, seeds=sc.seeds, seed=sc.seed, executor=executor, progress=False
    )


def test_replicates_differ_and_match_across_executors(tmp_path: Path) -> None:
    path = write(tmp_path, spec("seeds = 3\n"))
    local = _sweep(path)
    assert local.ok, local.failures
    for name in STOCHASTIC:
        values = local[name]
        assert np.all(np.isfinite(values))
        assert np.ptp(values, axis=1).min() > 0, name  # the replicates are different draws
        # common random numbers: the term limit does not touch the chamber
        np.testing.assert_allclose(values[0], values[1], rtol=0, atol=0)
    with ProcessPoolExecutor(2) as pool:
        pooled = _sweep(path, pool)
    np.testing.assert_allclose(pooled.values, local.values, rtol=0, atol=0, equal_nan=True)


def test_command_sweep_shows_spread_only_where_there_is_noise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, spec("seeds = 3\n"))
    out_json = tmp_path / "summary.json"
    assert main(["sweep", str(path), "--out", str(out_json)]) == 0
    capsys.readouterr()
    rows = json.loads(out_json.read_text())
    sem = {(r["label"], r["metric"]): r["sem"] for r in rows}
    for label in (AS_WRITTEN, "five years"):
        for name in STOCHASTIC:
            assert sem[label, name] > 0, (label, name)
        assert sem[label, "tenure.expected_years"] == pytest.approx(0.0, abs=1e-12)
    # the seeded runs are reproducible: the same file gives the same summary
    assert main(["sweep", str(path), "--out", str(out_json)]) == 0
    capsys.readouterr()
    again = json.loads(out_json.read_text())
    for first, second in zip(rows, again, strict=True):
        assert first["mean"] == pytest.approx(second["mean"], rel=0, abs=0, nan_ok=True)


def test_unseeded_sweep_matches_evaluate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, spec())
    out_json = tmp_path / "summary.json"
    assert main(["sweep", str(path), "--out", str(out_json)]) == 0
    capsys.readouterr()
    rows = {(r["label"], r["metric"]): r["mean"] for r in json.loads(out_json.read_text())}
    _, after = load_scenario(path).run()
    expected = govsim.evaluate(after, vote_model=load_scenario(path).vote_model)
    for name in STOCHASTIC:
        assert rows[AS_WRITTEN, name] == pytest.approx(expected[name], rel=1e-12)


def test_duplicate_and_reserved_labels_are_rejected(tmp_path: Path) -> None:
    twice = spec() + '[[variants]]\nlabel = "five years"\n'
    with pytest.raises(ScenarioError, match=r"variants\[1\]\.label: duplicate label 'five years'"):
        load_scenario(write(tmp_path, twice))
    reserved = spec(body=BODY.replace('label = "five years"', f'label = "{AS_WRITTEN}"'))
    with pytest.raises(ScenarioError, match=r"variants\[0\]\.label: 'as written' is reserved"):
        load_scenario(write(tmp_path, reserved))


@pytest.mark.parametrize("seeds", [10**9, 2**63, MAX_SEEDS + 1])
def test_seeds_are_bounded_in_files(tmp_path: Path, seeds: int) -> None:
    with pytest.raises(ScenarioError, match=r"seeds: at most .* \(govsim\.ensemble\.MAX_SEEDS\)"):
        load_scenario(write(tmp_path, spec(f"seeds = {seeds}\n")))
    load_scenario(write(tmp_path, spec(f"seeds = {MAX_SEEDS}\n")))


@pytest.mark.parametrize("seeds", [10**9, 2**63, MAX_SEEDS + 1])
def test_seeds_are_bounded_in_sweep(seeds: int) -> None:
    with pytest.raises(
        govsim.ValidationError,
        match=rf"'seeds' parameter of sweep must be <= {MAX_SEEDS} \(MAX_SEEDS\)",
    ):
        sweep(lambda v, s: 0.0, [1], seeds=seeds, progress=False)
    with pytest.raises(govsim.ValidationError, match="MAX_SEEDS"):
        sweep(lambda v, s: 0.0, [1], seeds=range(MAX_SEEDS + 1), progress=False)


@pytest.mark.parametrize("value", ["true", "false"])
def test_boolean_seeds_are_not_numbers(tmp_path: Path, value: str) -> None:
    for field in ("seeds", "seed"):
        text = spec(seed=f"{field} = {value}\n")
        with pytest.raises(ScenarioError, match=rf"{field}: .*number"):
            load_scenario(write(tmp_path, text))


def test_nan_free_default_is_unchanged_without_seeds(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, spec()))
    assert sc.seeds is None
    assert not math.isnan(
        govsim.evaluate(sc.run()[1], vote_model=sc.vote_model)["electoral.expected_enp"]
    )

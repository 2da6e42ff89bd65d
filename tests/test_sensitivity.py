"""Global sensitivity analysis (govsim.sensitivity): SALib through ensemble.sweep.

Checks of the machinery, each with its source:

- the Ishigami function (a = 7, b = 0.1), whose Sobol' indices are analytic:
  S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437) (Saltelli et al. 2008,
  *Global Sensitivity Analysis: The Primer*, section 2.9; Ishigami & Homma 1990);
- a toy polity where each metric depends on one input only, so by hand S1 = ST = 1
  for that input and 0 for the other (Sobol' 2001: a function of x1 alone has
  V = V1); Saltelli's estimator gives the zeros exactly, since the runs that move the
  other input leave the metric unchanged;
- Morris' mu* against a plain reimplementation from the trajectories (Campolongo et
  al. 2007: mu*_i = mean |EE_i|, EE_i = (f(x + D e_i) - f(x)) / D);
- the same numbers in-process, on a process pool and on a Dask LocalCluster.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from govsim.errors import UnknownNameError, ValidationError
from govsim.scenario import validate_scenario
from govsim.sensitivity import MAX_RUNS, Ishigami, analyze, run


def _toy() -> Any:
    return validate_scenario(
        {
            "name": "toy",
            "baseline": {"scenario": "synthetic", "params": {"n_offices": 200, "seed": 1}},
            "reforms": [{"op": "term_limit", "years": 7, "max_terms": 1}],
            "uncertain": [
                {
                    "path": "tenure.hazard",
                    "distribution": "uniform",
                    "low": 0.03,
                    "high": 0.1,
                    "reason": "a stated assumption",
                },
                {
                    "path": "baseline.params.elected_local_share",
                    "distribution": "choice",
                    "values": [0.0, 0.3, 0.6, 1.0],
                    "reason": "a toy input",
                },
            ],
        }
    )


def test_ishigami_sobol_indices_match_the_analytic_ones() -> None:
    f = Ishigami()
    exact = f.exact()
    np.testing.assert_allclose(exact["S1"], [0.3139, 0.4424, 0.0], atol=5e-5)
    np.testing.assert_allclose(exact["ST"], [0.5576, 0.4424, 0.2437], atol=5e-5)
    res = analyze(f, f.inputs(), method="sobol", n=1024, seed=1, progress=False)
    idx = res.indices["ishigami"]
    # Saltelli's estimator with 1,024 base samples (5,120 runs): within 0.03 (the
    # bootstrap half-widths are about 0.06; seeds 0-3 all land within 0.023)
    np.testing.assert_allclose(idx["S1"], exact["S1"], atol=0.03)
    np.testing.assert_allclose(idx["ST"], exact["ST"], atol=0.03)
    assert res.values.shape == (1024 * 5, 1)
    assert res.ranking("ishigami") == ["x1", "x2", "x3"]


def test_morris_mu_star_matches_a_plain_reimplementation() -> None:
    f = Ishigami()
    res = analyze(f, f.inputs(), method="morris", n=12, seed=4, progress=False)
    x, y = res.samples, res.values[:, 0]
    k = 3
    effects: list[list[float]] = [[] for _ in range(k)]
    for t in range(12):
        rows = slice(t * (k + 1), (t + 1) * (k + 1))
        xt, yt = x[rows], y[rows]
        for step in range(k):
            dx = xt[step + 1] - xt[step]
            i = int(np.flatnonzero(dx)[0])
            effects[i].append((yt[step + 1] - yt[step]) / dx[i])
    mu_star = [float(np.mean(np.abs(e))) for e in effects]
    mu = [float(np.mean(e)) for e in effects]
    np.testing.assert_allclose(res.indices["ishigami"]["mu_star"], mu_star, rtol=1e-10)
    np.testing.assert_allclose(res.indices["ishigami"]["mu"], mu, rtol=1e-10, atol=1e-12)


def test_a_toy_polity_gives_the_hand_derived_indices() -> None:
    res = run(_toy(), method="sobol", n=32, output="after", progress=False)
    hazard, local = 0, 1
    for metric, only in (
        ("tenure.expected_years", hazard),
        ("accountability.local_executive_share", local),
    ):
        idx = res.indices[metric]
        other = 1 - only
        # by hand: S1 = ST = 1 for the only input the metric reads; sampling error 0.03
        assert idx["S1"][only] == pytest.approx(1.0, abs=0.03)
        assert idx["ST"][only] == pytest.approx(1.0, abs=0.03)
        # the other input: exactly 0 (its runs leave the metric unchanged)
        assert idx["S1"][other] == pytest.approx(0.0, abs=1e-12)
        assert idx["ST"][other] == pytest.approx(0.0, abs=1e-12)
        assert res.ranking(metric) == [res.input_names[only]]
    # a metric no input moves: all-zero indices and a note saying why
    assert "accountability.elected_legislature" in res.notes
    assert res.ranking("accountability.elected_legislature") == []


def _numbers(res: Any) -> dict[str, Any]:
    return {o: {k: v.tolist() for k, v in idx.items()} for o, idx in res.indices.items()}


@pytest.mark.xdist_group("dask")
def test_the_same_numbers_on_every_executor(dask_client: Any) -> None:
    sc = _toy()
    here = run(sc, method="morris", n=3, seed=7, progress=False)
    with ProcessPoolExecutor(2) as pool:
        pooled = run(sc, method="morris", n=3, seed=7, progress=False, executor=pool)
    executor = dask_client.get_executor()
    dask = run(sc, method="morris", n=3, seed=7, progress=False, executor=executor)
    np.testing.assert_array_equal(here.values, pooled.values)  # exact: bit-identical runs
    np.testing.assert_array_equal(here.values, dask.values)  # exact
    assert _numbers(here) == _numbers(pooled) == _numbers(dask)


def test_bad_requests_are_govsim_errors() -> None:
    f = Ishigami()
    with pytest.raises(UnknownNameError, match="method"):
        analyze(f, f.inputs(), method="fast", progress=False)
    with pytest.raises(ValidationError, match="power of two"):
        analyze(f, f.inputs(), method="sobol", n=100, progress=False)
    with pytest.raises(ValidationError, match="MAX_RUNS"):
        analyze(f, f.inputs(), method="morris", n=MAX_RUNS, progress=False)
    with pytest.raises(ValidationError, match="at least one"):
        analyze(f, (), progress=False)
    with pytest.raises(UnknownNameError, match="output"):
        run(_toy(), output="middle", progress=False)


def test_results_as_pandas_markdown_and_figures(tmp_path: Path) -> None:
    res = run(_toy(), method="morris", n=3, seed=0, output="after", progress=False)
    frame = res.to_pandas()
    assert frame.index.names == ["output", "input"]
    assert {"rank", "mu_star", "sigma"} <= set(frame.columns)
    assert "tenure.expected_years" in res.to_markdown()
    files = res.write(tmp_path)
    names = {p.name for p in files}
    assert {"sensitivity.md", "sensitivity.json"} <= names
    assert "sensitivity_tenure_expected_years.png" in names
    assert all(p.stat().st_size > 0 for p in files)
    sobol = run(_toy(), method="sobol", n=4, seed=0, output="after", progress=False)
    assert sobol.plot("tenure.expected_years", tmp_path / "s.png").stat().st_size > 0


def test_inputs_are_uncertain_objects_with_distinct_names() -> None:
    f = Ishigami()
    x1, x2, _ = f.inputs()
    with pytest.raises(ValidationError, match="same name 'x1'"):
        analyze(f, (x1, x1, x2), progress=False)
    with pytest.raises(ValidationError, match="inputs\\[1\\]"):
        analyze(f, (x1, "x2", x2), progress=False)  # type: ignore[arg-type]

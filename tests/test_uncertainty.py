"""Declared uncertain inputs and intervals on every delta (govsim.uncertainty).

Hand-computed cases: a single 5-year term against a single 7-year term under a yearly
exit hazard ``h`` gives ``E[T] = (1 - (1 - h)^y) / h`` (govsim.tenure.exact), lower for
5 years than 7 at every ``h``, so its delta keeps its sign in every draw; a switch that
applies the reform in half of the draws leaves the sign of the delta not robust.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from govsim._uncertain import parse_path
from govsim.errors import ValidationError
from govsim.scenario import ScenarioError, load_scenario, validate_scenario
from govsim.uncertainty import (
    MAX_DRAWS,
    MAX_UNCERTAIN,
    ROBUST_SHARE,
    Uncertain,
    UncertaintyResult,
    prepare,
    run,
)

HAZARD = {
    "path": "tenure.hazard",
    "distribution": "uniform",
    "low": 0.03,
    "high": 0.1,
    "reason": "a stated assumption of the tenure model",
}


def _toy(*uncertain: dict[str, Any], reforms: list[dict[str, Any]] | None = None) -> Any:
    return validate_scenario(
        {
            "name": "toy",
            "baseline": {"scenario": "synthetic", "params": {"n_offices": 200, "seed": 1}},
            "reforms": reforms
            if reforms is not None
            else [{"op": "term_limit", "years": 5, "max_terms": 1}],
            "uncertain": list(uncertain),
        }
    )


# -- the declarations -----------------------------------------------------------------------------


def test_a_reason_is_required() -> None:
    # a govsim error (a ValueError), never pydantic's own, whichever way it is built
    with pytest.raises(ValidationError, match="reason"):
        Uncertain(path="tenure.hazard", distribution="uniform", low=0, high=1, reason=" ")
    with pytest.raises(ValidationError, match="reason"):
        Uncertain.model_validate(
            {"path": "tenure.hazard", "distribution": "uniform", "low": 0, "high": 1}
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"distribution": "uniform", "low": 1.0, "high": 0.0}, "below"),
        ({"distribution": "uniform", "low": 0.0}, "'high' is missing"),
        ({"distribution": "triangular", "low": 0.0, "high": 1.0, "mode": 2.0}, "mode"),
        ({"distribution": "normal", "mean": 0.0, "sd": 1.0, "low": -1.0}, "'high' is missing"),
        ({"distribution": "uniform", "low": 0.0, "high": math.inf}, "finite"),
        ({"distribution": "bool", "p": 1.5}, "p"),
        ({"distribution": "bool", "p": 0.5, "low": 0.0}, "does not apply"),
        ({"distribution": "choice", "values": []}, "values"),
        ({"distribution": "choice", "values": [1, 2], "weights": [1.0]}, "weights"),
        ({"distribution": "choice", "values": [1, 2], "weights": [0.0, 0.0]}, "weights"),
        ({"distribution": "choice", "values": [1, 2], "integer": True}, "integer"),
        ({"distribution": "gamma", "low": 0.0, "high": 1.0}, "distribution"),
    ],
)
def test_bad_distributions_are_refused_naming_the_field(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Uncertain.model_validate({"path": "tenure.hazard", "reason": "r", **fields})


def test_the_quantile_functions_agree_with_scipy() -> None:
    # reference: scipy.stats' own ppf, on a grid of quantiles, to 1e-12
    u = np.linspace(0.0, 1.0, 41)
    tri = Uncertain(path="x", distribution="triangular", low=1.0, mode=2.0, high=5.0, reason="r")
    np.testing.assert_allclose(
        tri.ppf(u), stats.triang.ppf(u, 0.25, loc=1.0, scale=4.0), atol=1e-12
    )
    norm = Uncertain(
        path="x", distribution="normal", mean=0.5, sd=0.2, low=0.0, high=0.8, reason="r"
    )
    ref = stats.truncnorm.ppf(u, (0.0 - 0.5) / 0.2, (0.8 - 0.5) / 0.2, loc=0.5, scale=0.2)
    np.testing.assert_allclose(norm.ppf(u), ref, atol=1e-9)
    tail = Uncertain(
        path="x", distribution="normal", mean=0.0, sd=0.1, low=0.8, high=1.0, reason="r"
    )
    ref = stats.truncnorm.ppf(u, 8.0, 10.0, loc=0.0, scale=0.1)
    np.testing.assert_allclose(tail.ppf(u), ref, atol=1e-9)
    uni = Uncertain(path="x", distribution="uniform", low=-2.0, high=2.0, reason="r")
    np.testing.assert_allclose(uni.ppf(u), stats.uniform.ppf(u, loc=-2.0, scale=4.0), atol=1e-12)
    seats = Uncertain(path="x", distribution="uniform", low=4, high=8, integer=True, reason="r")
    assert seats.ppf([0.0, 0.49, 1.0]) == [4, 6, 8]


def test_choice_weights_and_bool_switches() -> None:
    c = Uncertain(
        path="x", distribution="choice", values=["a", "b", "null"], weights=[1, 2, 1], reason="r"
    )
    assert c.ppf([0.0, 0.24, 0.26, 0.74, 0.76, 1.0]) == ["a", "a", "b", "b", None, None]
    b = Uncertain(path="x", distribution="bool", p=0.3, on=0.6666, off="null", reason="r")
    on, on_again, off = b.ppf([0.0, 0.29, 0.31])
    assert (on, on_again, off) == (
        pytest.approx(0.6666, abs=1e-15),
        pytest.approx(0.6666, abs=1e-15),
        None,
    )


def test_paths_are_parsed() -> None:
    assert parse_path("steps[3].years") == ("steps", 3, "years")
    assert parse_path('steps["June 2022: x"].enabled') == ("steps", "June 2022: x", "enabled")
    assert parse_path("data.institutions[kind=council,level=district].seats") == (
        "data",
        "institutions",
        "kind=council,level=district",
        "seats",
    )
    for bad in ("", "3x", "steps[]", "steps..x", "steps[1]x"):
        with pytest.raises(ValidationError, match="path"):
            parse_path(bad)


# -- checked against the scenario when it is read ----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("steps[5].years", "no step 5"),
        ("steps[0].yaers", "no parameter 'yaers'"),
        ("steps[direct_election].share", "no step has the name, op or label 'direct_election'"),
        ("tenure.hazzard", "tenure path"),
        ("metrics[tenure.expected_years].hazzard", "no option 'hazzard'"),
        ("metrics[nope].x", "no metric 'nope'"),
        ("baseline.params.nope", "no parameter 'nope'"),
        ("vote_model.concentration", "no \\[vote_model\\]"),
        ("colour.x", "unknown root 'colour'"),
        ("data.laws[x].y", "data.TABLE"),
    ],
)
def test_a_path_that_names_nothing_is_an_error_naming_it(path: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message) as info:
        _toy({**HAZARD, "path": path})
    assert f"uncertain[0] (path {path!r})" in str(info.value)


def test_the_error_names_the_file(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text(
        'name = "x"\nbaseline = "kazakhstan_2019"\n\n[[uncertain]]\npath = "steps[0].years"\n'
        'distribution = "uniform"\nlow = 1\nhigh = 2\nreason = "r"\n',
        encoding="utf-8",
    )
    with pytest.raises(
        ScenarioError,
        match=r"s\.toml: uncertain\[0\] \(path 'steps\[0\]\.years'\): there is no step 0",
    ):
        load_scenario(f)


def test_enabled_takes_bools_and_an_input_is_declared_once() -> None:
    with pytest.raises(ScenarioError, match="true or false"):
        _toy(
            {"path": "steps[0].enabled", "distribution": "choice", "values": [1, 2], "reason": "r"}
        )
    with pytest.raises(ScenarioError, match="the same input as uncertain\\[0\\]"):
        _toy(HAZARD, {**HAZARD, "low": 0.01})


def test_the_number_of_inputs_is_bounded() -> None:
    too_many = [
        {**HAZARD, "path": "metrics[tenure.expected_years].hazard", "label": str(i)}
        for i in range(MAX_UNCERTAIN + 1)
    ]
    with pytest.raises(ScenarioError, match="uncertain"):
        _toy(*too_many)


def test_the_schema_has_the_uncertain_tables() -> None:
    from govsim.scenario import Scenario

    schema = Scenario.model_json_schema()
    assert schema["properties"]["uncertain"]["maxItems"] == MAX_UNCERTAIN
    spec = schema["$defs"]["Uncertain"]
    assert {"path", "distribution", "reason"} <= set(spec["required"])


# -- running -------------------------------------------------------------------------------------


def test_intervals_and_a_robust_sign_hand_computed() -> None:
    res = run(_toy(HAZARD), 40, seed=3, progress=False)
    assert isinstance(res, UncertaintyResult)
    row = res.row("tenure.expected_years")
    # before: one 7-year term (synthetic); after: one 5-year term; E[T] = (1 - (1-h)^y) / h
    h = np.asarray([s[0] for s in res.samples], dtype=float)
    np.testing.assert_allclose(
        res.before[:, res.metric_names.index("tenure.expected_years")],
        (1 - (1 - h) ** 7) / h,
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        res.after[:, res.metric_names.index("tenure.expected_years")],
        (1 - (1 - h) ** 5) / h,
        rtol=1e-12,
    )
    assert row["sign"] == "-"
    assert row["robust"] is True
    assert row["share_down"] == pytest.approx(1.0, abs=0)
    assert row["delta_lo"] <= row["delta_hi"] < 0
    # the as-written value: the default hazard 0.05
    assert row["before"] == pytest.approx((1 - 0.95**7) / 0.05, rel=1e-12)
    # a structural metric no input moves: zero-width intervals, no change, robust
    flat = res.row("accountability.elected_share")
    assert flat["before_lo"] == pytest.approx(flat["before_hi"], abs=1e-15)
    assert (flat["sign"], flat["robust"]) == ("0", True)


def test_a_switch_on_half_the_draws_is_not_robust() -> None:
    switch = {
        "path": "steps[0].enabled",
        "distribution": "bool",
        "p": 0.5,
        "reason": "UNCONFIRMED step",
    }
    res = run(_toy(switch), 20, seed=0, progress=False)
    row = res.row("tenure.expected_years")
    assert row["robust"] is False
    assert row["share_down"] + row["share_none"] == pytest.approx(1.0, abs=1e-12)
    assert 0 < row["share_down"] < ROBUST_SHARE
    assert "not robust" in res.sign_text(row)


def test_every_kind_of_path_reaches_its_input() -> None:
    inputs = [
        {
            "path": "steps[term_limit].years",
            "distribution": "choice",
            "values": [4, 6],
            "reason": "r",
        },
        {
            "path": "baseline.params.elected_local_share",
            "distribution": "choice",
            "values": [0.0, 1.0],
            "reason": "r",
        },
        {
            "path": "data.institutions[president].term.years",
            "distribution": "choice",
            "values": [6, 8],
            "reason": "r",
        },
        {
            "path": "metrics[tenure.expected_total_years].comeback",
            "distribution": "uniform",
            "low": 0.0,
            "high": 1.0,
            "reason": "r",
        },
    ]
    res = run(_toy(*inputs), 12, seed=2, progress=False)
    frame = res.draws_to_pandas()
    for _, draw in frame.iterrows():
        years, local, data_years = draw.iloc[0], draw.iloc[1], draw.iloc[2]
        # before: the data edit's single term of data_years; after: the step's years
        assert draw["before:tenure.expected_years"] == pytest.approx(
            (1 - 0.95**data_years) / 0.05, rel=1e-12
        )
        assert draw["after:tenure.expected_years"] == pytest.approx(
            (1 - 0.95**years) / 0.05, rel=1e-12
        )
        share = draw["before:accountability.local_executive_share"]
        assert (share > 0.5) == (local > 0.5)


def test_a_data_row_that_does_not_exist_is_named() -> None:
    bad = {
        "path": "data.institutions[nobody].seats",
        "distribution": "choice",
        "values": [1, 2],
        "reason": "r",
    }
    with pytest.raises(ValidationError, match=r"data.institutions\[nobody\].seats: no row"):
        run(_toy(bad), 2, progress=False)


def test_a_draw_a_reform_rejects_is_named() -> None:
    bad = {"path": "steps[0].years", "distribution": "choice", "values": [0], "reason": "r"}
    with pytest.raises(ScenarioError, match="years"):
        run(_toy(bad), 2, progress=False)


def test_n_is_bounded_and_a_scenario_needs_inputs() -> None:
    with pytest.raises(ValidationError, match="MAX_DRAWS"):
        run(_toy(HAZARD), MAX_DRAWS + 1, progress=False)
    with pytest.raises(ValidationError, match="'n'"):
        run(_toy(HAZARD), 0, progress=False)
    with pytest.raises(ValidationError, match="no uncertain inputs"):
        prepare(_toy())


def test_the_same_seed_gives_the_same_result_on_a_process_pool() -> None:
    sc = _toy(HAZARD, {"path": "steps[0].enabled", "distribution": "bool", "p": 0.5, "reason": "r"})
    here = run(sc, 8, seed=5, progress=False)
    with ProcessPoolExecutor(2) as pool:
        there = run(sc, 8, seed=5, progress=False, executor=pool)
    np.testing.assert_array_equal(here.before, there.before)  # exact: bit-identical reruns
    np.testing.assert_array_equal(here.after, there.after)  # exact
    assert here.samples == there.samples
    other = run(sc, 8, seed=6, progress=False)
    assert other.samples != here.samples


def test_outputs_pandas_json_markdown() -> None:
    import json

    res = run(_toy(HAZARD), 6, seed=1, progress=False)
    frame = res.to_pandas()
    assert "tenure.expected_years" in frame.index
    assert {"before_lo", "delta_hi", "robust"} <= set(frame.columns)
    doc = json.loads(res.to_json())
    assert doc["n"] == 6
    assert doc["inputs"][0]["path"] == "tenure.hazard"
    md = res.to_markdown()
    assert "| tenure.expected_years |" in md
    assert "a stated assumption" in md
    assert "robust" in str(res)


def test_a_step_is_found_by_field_value_pairs() -> None:
    reforms = [
        {"op": "term_limit", "years": 5, "max_terms": 1, "date": "2022-01-01"},
        {"op": "term_limit", "years": 6, "max_terms": 1, "date": "2023-01-01"},
    ]
    ok = {
        "path": "steps[op=term_limit,date=2023-01-01].years",
        "distribution": "choice",
        "values": [4],
        "reason": "r",
    }
    job = prepare(_toy(ok, reforms=reforms))
    assert job.targets[0].step == 1
    with pytest.raises(ScenarioError, match="2 steps match 'op=term_limit'"):
        _toy({**ok, "path": "steps[op=term_limit].years"}, reforms=reforms)
    with pytest.raises(ScenarioError, match="is the op of steps \\[0, 1\\]"):
        _toy({**ok, "path": "steps[term_limit].years"}, reforms=reforms)


def test_a_data_input_that_resizes_a_body_resizes_its_tiers() -> None:
    sc = validate_scenario(
        {
            "name": "x",
            "baseline": "kazakhstan_2019",
            "uncertain": [
                {
                    "path": "data.institutions[kind=council,level=regional].seats",
                    "distribution": "choice",
                    "values": [20, 45],
                    "reason": "placeholder seats",
                }
            ],
        }
    )
    from govsim.uncertainty import _polities

    job = prepare(sc)
    for seats in (20, 45):
        before, _, _ = _polities(job, [seats])
        assert before.institution("maslikhat.region.akmola").seats == seats
        assert before.electoral_system("maslikhat.region.akmola").tiers[0].seats == seats
        # the Mazhilis' list tier (98 of 107 seats: 9 chosen by the Assembly) is left alone
        assert before.electoral_system("mazhilis").tiers[0].seats == 98


def test_two_inputs_may_not_share_a_name() -> None:
    other = {**HAZARD, "path": "tenure.reelection", "low": 0.7, "high": 1.0}
    with pytest.raises(ScenarioError, match="the same name 'h' as uncertain\\[0\\]"):
        _toy({**HAZARD, "label": "h"}, {**other, "label": "h"})


def test_an_option_value_a_metric_refuses_is_named() -> None:
    bad_value = {**HAZARD, "low": -1.0, "high": -0.5}
    with pytest.raises(
        ValidationError,
        match=re.escape("'tenure.expected_years' with the uncertain options ['hazard']"),
    ):
        run(_toy(bad_value), 2, progress=False)
    bad_name = {**HAZARD, "path": "metrics[power.head_of_state].bogus"}
    with pytest.raises(
        ValidationError, match=re.escape("'power.head_of_state' with the options ['bogus']")
    ):
        run(_toy(bad_name), 2, progress=False)


def test_an_option_on_a_metric_that_does_not_apply_stays_nan() -> None:
    # no vote model: the electoral metrics do not apply, with or without an option
    n_draws = {
        "path": "metrics[electoral.expected_gallagher].n",
        "distribution": "choice",
        "values": [100, 200],
        "reason": "r",
    }
    res = run(_toy(n_draws), 2, progress=False)
    assert res.row("electoral.expected_gallagher")["robust"] is None


def test_the_latin_hypercube_puts_one_draw_in_each_slice() -> None:
    from govsim.uncertainty import unit_samples

    u = unit_samples(50, 3, seed=9)
    assert u.shape == (50, 3)
    for j in range(3):
        slices = np.floor(u[:, j] * 50).astype(int)
        assert sorted(slices.tolist()) == list(range(50))
    np.testing.assert_array_equal(u, unit_samples(50, 3, seed=9))  # exact: same seed, same draws
    with pytest.raises(ValidationError, match="sampler"):
        unit_samples(5, 2, seed=0, sampler="sobol")


@pytest.mark.parametrize(
    "fields",
    [
        {"distribution": "uniform", "low": -1.0, "high": 3.0},
        {"distribution": "triangular", "low": 0.0, "mode": 0.0, "high": 1.0},
        {"distribution": "triangular", "low": 0.0, "mode": 1.0, "high": 1.0},
        {"distribution": "normal", "mean": 5.0, "sd": 0.1, "low": 0.0, "high": 1.0},
    ],
)
def test_continuous_quantile_functions_rise_within_the_range(fields: dict[str, Any]) -> None:
    u = Uncertain.model_validate({"path": "x", "reason": "r", **fields})
    x = np.asarray(u.ppf(np.linspace(0.0, 1.0, 101)), dtype=float)
    assert np.all(np.diff(x) >= 0)
    assert x[0] >= fields["low"]
    assert x[-1] <= fields["high"]
    assert np.all(np.isfinite(x))


@pytest.mark.parametrize(
    "fields",
    [
        {"distribution": "uniform", "low": True, "high": 2.0},
        {"distribution": "uniform", "low": "0", "high": 2.0},
        {"distribution": "bool", "p": True},
        {"distribution": "uniform", "low": 0.0, "high": 2.0, "integer": 1},
        {"distribution": "choice", "values": [1, 2], "weights": [True, 1.0]},
    ],
)
def test_a_flag_or_text_is_never_read_as_a_number(fields: dict[str, Any]) -> None:
    with pytest.raises(ScenarioError, match="uncertain\\[0\\]"):
        _toy({"path": "tenure.hazard", "reason": "r", **fields})


def test_bad_arguments_in_python_are_govsim_errors() -> None:
    with pytest.raises(ValidationError, match="'scenario' parameter"):
        run("examples/kazakhstan.toml", 2, progress=False)
    with pytest.raises(ValidationError, match="'inputs' parameter"):
        run(_toy(HAZARD), 2, inputs="tenure.hazard", progress=False)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="inputs\\[0\\]"):
        run(_toy(HAZARD), 2, inputs=[HAZARD], progress=False)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="seed"):
        run(_toy(HAZARD), 2, seed=-1, progress=False)
    with pytest.raises(ScenarioError, match="date"):
        run(_toy(HAZARD), 2, date="yesterday", progress=False)

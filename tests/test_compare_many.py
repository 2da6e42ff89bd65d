"""govsim.compare_many: every metric for many polities, against evaluate one by one."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.errors import UnknownNameError, ValidationError
from govsim.metrics import evaluate
from govsim.metrics.compare_many import MAX_POLITIES, ManyComparison, compare_many
from govsim.scenario import Scenario, load_scenario
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic
from govsim.testing.strategies import polities

RUSSIA_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "russia.toml"


def _baseline(name: str) -> govsim.Polity:
    return Scenario(name=name, baseline=name).build_baseline()


@pytest.fixture(scope="module")
def table() -> ManyComparison:
    return compare_many(
        {
            "Kazakhstan 2019": kazakhstan_2019(),
            "Kazakhstan 2024": kazakhstan("2024-01-01"),
            "Russia 2019": _baseline("russia_2019"),
            "Russia 2020": _baseline("russia_2020"),
        }
    )


def test_each_column_is_evaluate_of_its_polity(table: ManyComparison) -> None:
    ref = evaluate(_baseline("russia_2020"))
    assert table.labels == ("Kazakhstan 2019", "Kazakhstan 2024", "Russia 2019", "Russia 2020")
    for name in ref:
        a, b = table.value("Russia 2020", name), ref[name]
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-12)
    assert table["Russia 2020"].notes == ref.notes
    assert set(table.metrics) == set(ref)


def test_the_reset_and_the_single_term_side_by_side(table: ManyComparison) -> None:
    """Kazakhstan's single seven-year term shortens the expected tenure; Russia's reset of
    the count lengthens it (tests/scenarios/test_russia.py pins the values)."""
    row = table.row("tenure.expected_years")
    assert row["Kazakhstan 2024"] < row["Kazakhstan 2019"]
    assert row["Russia 2020"] > row["Russia 2019"] + 5.0
    assert table.direction("tenure.expected_years") == "lower"
    assert table.direction("accountability.elected_share") == "higher"


def test_tables(table: ManyComparison) -> None:
    text = str(table)
    assert text.splitlines()[0].split()[:2] == ["metric", "Kazakhstan"]
    assert "better if" in text
    md = table.to_markdown()
    assert md.startswith(
        "| metric | Kazakhstan 2019 | Kazakhstan 2024 | Russia 2019 | Russia 2020 |"
    )
    assert md.count("\n") == len(table.metrics) + 1
    records = table.to_records()
    assert len(records) == len(table.labels) * len(table.metrics)
    doc = json.loads(table.to_json())
    assert doc["polities"] == list(table.labels)
    assert doc["vote_models"]["Russia 2019"] == "none"
    # the electoral metrics are NaN without a vote model, with the reason
    rec = next(r for r in records if r["metric"] == "electoral.expected_enp")
    assert rec["value"] is None
    assert rec["note"]


def test_to_pandas(table: ManyComparison) -> None:
    wide = table.to_pandas()
    assert list(wide.columns) == [*table.labels, "family", "direction"]
    assert list(wide.index) == list(table.metrics)
    np.testing.assert_allclose(
        wide["Russia 2019"].to_numpy(dtype=float),
        [table.value("Russia 2019", m) for m in table.metrics],
        rtol=0,
        atol=0,
    )
    assert wide.loc["tenure.expected_years", "direction"] == "lower"
    long = table.to_pandas(long=True)
    assert len(long) == len(table.labels) * len(table.metrics)
    assert long["value"].dtype == np.float64


def test_vote_models_by_label_and_metric_selection() -> None:
    sc = load_scenario(RUSSIA_EXAMPLE)
    before, after = sc.run()
    t = compare_many(
        {"before": before, "after": after, "Kazakhstan 2019": kazakhstan_2019()},
        metrics=["electoral", "tenure.expected_years"],
        vote_models={"before": sc.vote_model, "after": sc.vote_model},
        seed=3,
    )
    assert set(t.metrics) == {
        "electoral.expected_gallagher",
        "electoral.expected_enp",
        "electoral.p_majority",
        "electoral.p_two_thirds",
        "tenure.expected_years",
    }
    assert math.isfinite(t.value("before", "electoral.expected_enp"))
    assert math.isnan(t.value("Kazakhstan 2019", "electoral.expected_enp"))
    assert t.vote_models()["after"].startswith("State Duma 2021")
    # the same seed and vote model as compare gives the same values
    pair = govsim.compare(before, after, seed=3, vote_model=sc.vote_model)
    assert t.value("after", "electoral.expected_enp") == pytest.approx(
        pair["electoral.expected_enp"].after, rel=1e-12
    )


def test_metric_sets_and_iterables_are_taken() -> None:
    p = synthetic(200, seed=0)
    ms = evaluate(p, metrics=["accountability"])
    t = compare_many({"given": ms, "built": p}, metrics=["accountability"])
    assert t["given"] is ms
    t2 = compare_many([p], metrics=["accountability"])
    assert t2.labels == (p.name,)


@pytest.mark.parametrize(
    ("polities", "match"),
    [
        ({}, "must not be empty"),
        ([], "must not be empty"),
        ("kazakhstan", "mapping of labels"),
        ({"a": 1}, r"polities\['a'\].*Polity or a MetricSet"),
        ({"": None}, "labels"),
        ({" ": None}, "labels"),
        ({"a\x00": None}, "labels"),
        ({1: None}, "labels"),
        ({"x" * 201: None}, "MAX_LABEL"),
        ([1], "Polity objects"),
    ],
)
def test_bad_polities(polities: object, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        compare_many(polities)  # type: ignore[arg-type]


def test_bounds_and_other_parameters() -> None:
    p = synthetic(100, seed=0)
    too_many = {f"p{k}": p for k in range(MAX_POLITIES + 1)}
    with pytest.raises(ValidationError, match="MAX_POLITIES = 64"):
        compare_many(too_many)
    with pytest.raises(ValidationError, match="MAX_POLITIES"):
        compare_many(iter([p] * (MAX_POLITIES + 5)))
    with pytest.raises(ValidationError, match=r"'vote_models'.*'nope'"):
        compare_many({"a": p}, vote_models={"nope": None})
    with pytest.raises(ValidationError, match="vote_model"):
        compare_many({"a": p}, vote_models={"a": "shares"})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="vote_models"):
        compare_many({"a": p}, vote_models=["a"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="vote_model"):
        compare_many({"a": p}, vote_model=0.5)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError):
        compare_many({"a": p}, metrics=["nope.metric"])
    with pytest.raises(ValidationError, match="seed"):
        compare_many({"a": p}, seed=-1)
    t = compare_many({"a": p}, metrics=["accountability"])
    with pytest.raises(ValidationError, match="No polity labelled 'b'"):
        t["b"]


# -- [[peers]] in a scenario file, and the figure -------------------------------------------

CENTRAL_ASIA = Path(__file__).resolve().parents[1] / "examples" / "central_asia.toml"


def test_central_asia_peers() -> None:
    from govsim.compare_figures import peer_comparison

    sc = load_scenario(CENTRAL_ASIA)
    many = peer_comparison(sc)
    assert many.labels == (
        "Kazakhstan 2019",
        "Kazakhstan 2024",
        "Kyrgyzstan 2020",
        "Kyrgyzstan 2022",
        "Uzbekistan 2023",
        "Uzbekistan 2024",
        "Russia 2019",
        "Russia 2020",
    )
    # each peer with its own scenario's vote model
    assert many.vote_models()["Russia 2020"].startswith("State Duma 2021")
    assert many.vote_models()["Kazakhstan 2024"].startswith("Mazhilis 2023")
    ref = evaluate(kazakhstan("2024-01-01"), metrics=["tenure"])
    assert many.value("Kazakhstan 2024", "tenure.expected_years") == pytest.approx(
        ref["tenure.expected_years"], rel=1e-12
    )
    before, after = sc.run()
    with_own = peer_comparison(sc, before, after, metrics=["tenure"])
    assert with_own.labels[0] == "baseline"  # the file has no reforms of its own: no 'reformed'


def test_the_figure(tmp_path: Path) -> None:
    from govsim.compare_figures import plot_compare_many

    t = compare_many(
        {"Russia 2019": _baseline("russia_2019"), "Russia 2020": _baseline("russia_2020")},
        metrics=["tenure", "checks", "electoral"],
    )
    out = plot_compare_many(t, tmp_path / "cmp.png", title="Russia")
    assert out.stat().st_size > 10_000
    with pytest.raises(ValidationError, match="no metric"):
        plot_compare_many(t, tmp_path / "none.png", families=["electoral"])  # all NaN


@pytest.mark.parametrize(
    ("peers", "match"),
    [
        ('[[peers]]\nlabel = "a"\n', "exactly one of 'baseline'"),
        ('[[peers]]\nlabel = "a"\nbaseline = "russia_2019"\nscenario = "x.toml"\n', "exactly one"),
        (
            '[[peers]]\nlabel = "a"\nbaseline = "russia_2019"\ndate = 2020-01-01\n',
            "need a 'scenario'",
        ),
        ('[[peers]]\nlabel = ""\nbaseline = "russia_2019"\n', r"peers\[0\]\.label"),
        ('[[peers]]\nlabel = "a"\nbaseline = "r"\nstage = "during"\n', r"peers\[0\]\.stage"),
        (
            '[[peers]]\nlabel = "a"\nbaseline = "russia_2019"\n[[peers]]\nlabel = "a"\nbaseline = "russia_2020"\n',
            "duplicate label",
        ),
        ('[[peers]]\nlabel = "a"\nbaseline = "russia_2019"\ncolour = 1\n', "unknown field"),
    ],
)
def test_bad_peers_are_refused_on_load(tmp_path: Path, peers: str, match: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text('name = "t"\nbaseline = "russia_2019"\n' + peers, encoding="utf-8")
    with pytest.raises(ValidationError, match=match):
        load_scenario(path)


def test_peers_that_cannot_be_built_name_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "t"\nbaseline = "russia_2019"\n[[peers]]\nlabel = "a"\nbaseline = "russia_2019"\n'
        '[[peers]]\nlabel = "b"\nscenario = "missing.toml"\n',
        encoding="utf-8",
    )
    sc = load_scenario(path)
    with pytest.raises(ValidationError, match=r"peers\[1\].*missing\.toml"):
        sc.build_peers()
    path.write_text(
        'name = "t"\nbaseline = "russia_2019"\n[[peers]]\nlabel = "a"\nbaseline = "atlantis_2020"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match=r"peers\[0\].*atlantis_2020"):
        load_scenario(path).build_peers()
    many = "".join(f'[[peers]]\nlabel = "p{k}"\nbaseline = "russia_2019"\n' for k in range(63))
    path.write_text('name = "t"\nbaseline = "russia_2019"\n' + many, encoding="utf-8")
    with pytest.raises(ValidationError, match="peers"):
        load_scenario(path)


# -- the command -----------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from govsim.cli import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_compare_many(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _cli(
        capsys,
        "compare",
        "russia_2019",
        "russia_2020",
        f"{RUSSIA_EXAMPLE}@2020-12-31",
        "--out",
        str(tmp_path / "r"),
    )
    assert code == 0, err
    header = next(line for line in out.splitlines() if line.startswith("metric"))
    assert header.split() == [
        "metric",
        "russia_2019",
        "russia_2020",
        "russia.toml@2020-12-31",
        "better",
        "if",
    ]
    assert (tmp_path / "r" / "report.md").read_text(encoding="utf-8").count("| tenure.") == 4
    assert (tmp_path / "r" / "compare.png").exists()
    doc = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert doc["peers"]["vote_models"]["russia.toml@2020-12-31"].startswith("State Duma 2021")
    code, out, _ = _cli(
        capsys, "compare", "russia_2019", "russia_2020", "kyrgyzstan_2021", "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["polities"] == ["russia_2019", "russia_2020", "kyrgyzstan_2021"]
    code, out, _ = _cli(
        capsys, "compare", "russia_2019", "russia_2019", "russia_2019", "--format", "markdown"
    )
    assert code == 0
    assert "| metric | russia_2019 | russia_2019' | russia_2019'' | better if |" in out


def test_cli_compare_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _cli(capsys, "compare", "russia_2019")
    assert code == 2
    assert "at least two" in err
    polity = tmp_path / "p.json"
    govsim.save(_baseline("russia_2019"), polity)
    code, _, err = _cli(capsys, "compare", f"{polity}@2020-01-01", "russia_2019", "russia_2020")
    assert code == 2
    assert "needs a scenario file" in err
    code, _, err = _cli(capsys, "compare", *(["atlantis"] * (MAX_POLITIES + 1)))
    assert code == 2
    assert "MAX_POLITIES = 64" in err  # refused before any polity is built
    code, _, err = _cli(capsys, "compare", "atlantis", "russia_2019", "russia_2020")
    assert code == 2
    assert "atlantis" in err


def test_cli_run_peers_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        f'name = "peers"\nbaseline = "russia_2019"\n'
        f'[[peers]]\nlabel = "Russia 2019"\nbaseline = "russia_2019"\n'
        f'[[peers]]\nlabel = "Russia 2020"\nscenario = "{RUSSIA_EXAMPLE}"\n',
        encoding="utf-8",
    )
    code, out, err = _cli(capsys, "run", str(path), "--out", str(tmp_path / "r"))
    assert code == 0, err
    assert "peers: side by side" in out
    assert "baseline vs reformed" not in out  # no reforms of its own
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "de jure structure" in md
    assert "![side by side](compare.png)" in md


def test_cli_run_with_reforms_and_peers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "reset"\nbaseline = "russia_2019"\n'
        '[[reforms]]\nop = "term_count_reset"\noffice = "president"\n'
        '[[peers]]\nlabel = "Kyrgyzstan 2021"\nbaseline = "kyrgyzstan_2021"\n',
        encoding="utf-8",
    )
    out_dir = str(tmp_path / "r")
    code, out, err = _cli(capsys, "run", str(path), "--out", out_dir, "--figures", "compare")
    assert code == 0, err
    assert "reset: baseline vs reformed" in out
    assert "reset: side by side" in out
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "## Beside other polities" in md
    assert "| metric | baseline | reformed | Kyrgyzstan 2021 | better if |" in md
    assert sorted(p.name for p in (tmp_path / "r").glob("*.png")) == ["compare.png"]
    doc = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert doc["peers"]["polities"] == ["baseline", "reformed", "Kyrgyzstan 2021"]


# -- the new baselines under the common metric checks ---------------------------------------

NEW_BASELINES = [
    "kyrgyzstan_2010",
    "kyrgyzstan_2021",
    "uzbekistan_2023",
    "russia_2019",
    "russia_2020",
]


@pytest.mark.parametrize("name", NEW_BASELINES)
def test_every_metric_in_range_or_nan(name: str) -> None:
    from govsim.metrics.registry import METRICS

    polity = _baseline(name)
    assert govsim.Polity.from_document(polity.to_dict()) == polity  # the file round-trips
    values = evaluate(polity)
    for metric, v in values.items():
        low, high = METRICS[metric].range
        # NaN where a metric does not apply (with a note, or by the metric's own rule:
        # decentralization.district without district offices)
        assert math.isnan(v) or low <= v <= high, (metric, v)


@settings(max_examples=5)
@given(st.lists(polities(), min_size=1, max_size=3))
def test_each_column_is_evaluate_on_random_polities(ps: list[govsim.Polity]) -> None:
    families = ["accountability", "concentration", "checks", "decentralization", "tenure"]
    labels = {f"p{k}": p for k, p in enumerate(ps)}
    t = compare_many(labels, metrics=families)
    for label, p in labels.items():
        ref = evaluate(p, metrics=families)
        for name in ref:
            a, b = t.value(label, name), ref[name]
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-12)
        assert dict(t[label].notes) == dict(ref.notes)


def test_cli_run_with_the_peers_of_another_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The Kazakhstan report beside the neighbours: `govsim run A --peers B` (here a small
    scenario beside a small peer file, to keep the test short)."""
    peers = tmp_path / "peers.toml"
    peers.write_text(
        'name = "neighbours"\nbaseline = "russia_2019"\n'
        '[[peers]]\nlabel = "Kyrgyzstan 2021"\nbaseline = "kyrgyzstan_2021"\n',
        encoding="utf-8",
    )
    own = tmp_path / "own.toml"
    own.write_text(
        'name = "reset"\nbaseline = "russia_2019"\n'
        '[[reforms]]\nop = "term_count_reset"\noffice = "president"\n',
        encoding="utf-8",
    )
    code, out, err = _cli(capsys, "run", str(own), "--peers", str(peers), "--format", "markdown")
    assert code == 0, err
    assert "| metric | baseline | reformed | Kyrgyzstan 2021 | better if |" in out
    code, _, err = _cli(capsys, "run", str(own), "--peers", str(tmp_path / "missing.toml"))
    assert code == 2
    assert "missing.toml" in err

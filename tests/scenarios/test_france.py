"""France's Fifth Republic: the data-file baseline france_2024 and examples/france.toml.

Counts are pinned against the sources cited in src/govsim/data/france_2024.toml: the
Constitution of 4 October 1958 (art. 6: 5-year term, at most two consecutive; art. 24:
577 deputies and 348 senators; art. 56: 9 members of the Conseil constitutionnel, 3 each
appointed by the President and the presidents of the two assemblies) and law 2015-29
(13 metropolitan regions).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import govsim
from govsim.cli import main
from govsim.errors import GovsimError
from govsim.model import RelationKind
from govsim.model.roles import constitutional_court, head_of_state, lower_chamber, upper_chamber
from govsim.report import KIND_COLOURS
from govsim.scenario import (
    BASELINE_FILES,
    BASELINES,
    DATA_DIR,
    Scenario,
    ScenarioError,
    _data_baselines,
    load_scenario,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "france.toml"
KAZAKH_NAMES = ("kazakh", "mazhilis", "amanat", "akim", "maslikhat")


@pytest.fixture(scope="module")
def france() -> govsim.Polity:
    return Scenario(name="fr", baseline="france_2024").build_baseline()


# -- the registry discovers data files ---------------------------------------------------------


def test_france_2024_is_a_data_file_baseline() -> None:
    assert BASELINE_FILES["france_2024"] == DATA_DIR / "france_2024.toml"
    assert BASELINES["france_2024"] == ("govsim.data", "france_2024.toml")
    # the Python builders keep their names, the Kazakhstan template file included
    for name in ("kazakhstan_2019", "kazakhstan", "synthetic"):
        assert BASELINES[name][0] == "govsim.scenarios"
    assert "kazakhstan_2019" not in BASELINE_FILES


def test_any_polity_document_in_the_folder_is_a_baseline(tmp_path: Path) -> None:
    polity = Scenario(name="fr", baseline="france_2024").build_baseline()
    govsim.save(polity, tmp_path / "elsewhere.json")
    (tmp_path / "kazakhstan.toml").write_text("name = 'x'\n", encoding="utf-8")  # a builder's
    (tmp_path / "notes.txt").write_text("not a polity\n", encoding="utf-8")
    found = _data_baselines(tmp_path)
    assert found == {"elsewhere": tmp_path / "elsewhere.json"}
    assert _data_baselines(tmp_path / "missing") == {}


def test_list_baselines_names_france(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "baselines"]) == 0
    out = capsys.readouterr().out
    assert "france_2024" in out
    assert "kazakhstan_2019" in out


def test_a_data_file_baseline_takes_no_parameters(tmp_path: Path) -> None:
    sc = Scenario(name="fr", baseline={"scenario": "france_2024", "params": {"seed": 1}})
    with pytest.raises(ScenarioError, match=r"baseline\.params: .*'france_2024' takes no"):
        sc.build_baseline()
    path = tmp_path / "s.toml"
    path.write_text('name = "t"\nbaseline = "france_2025"\n', encoding="utf-8")
    with pytest.raises(GovsimError, match=r"unknown built-in scenario 'france_2025'.*france_2024"):
        load_scenario(path)


# -- the facts, pinned against the sources ---------------------------------------------------


def test_counts_match_the_constitution(france: govsim.Polity) -> None:
    president = head_of_state(france)
    assert president is not None
    assert president.id == "president"
    assert president.term is not None
    assert president.term.years == 5  # art. 6
    assert president.term.max_terms == 2  # art. 6 since 2008: two consecutive terms
    assert president.term.consecutive_only is True
    lower, upper = lower_chamber(france), upper_chamber(france)
    assert lower is not None
    assert upper is not None
    assert (lower.id, lower.seats) == ("assemblee_nationale", 577)  # art. 24, LO 119
    assert (upper.id, upper.seats) == ("senat", 348)  # art. 24, LO 274
    court = constitutional_court(france)
    assert court is not None
    assert court.seats == 9  # art. 56
    appointers = {
        r.source: r.seats
        for r in france.relations
        if r.target == court.id and r.kind == RelationKind.APPOINTS
    }
    assert appointers == {"president": 3, "assemblee_nationale": 3, "senat": 3}
    regions = [t for t in france.territories if t.level == "regional"]
    assert len(regions) == 13  # law 2015-29
    councils = france.select(kind="council", level="regional")
    assert len(councils) == 13
    assert len(france.select(kind="executive", level="regional")) == 13


def test_relations_of_the_fifth_republic(france: govsim.Polity) -> None:
    kinds = {(r.source, r.target, r.kind.value) for r in france.relations}
    assert ("president", "government", "appoints") in kinds  # art. 8
    assert ("president", "assemblee_nationale", "dissolves") in kinds  # art. 12
    assert ("assemblee_nationale", "government", "no_confidence") in kinds  # art. 49
    assert ("conseil_constitutionnel", "assemblee_nationale", "reviews") in kinds  # art. 61
    assert ("council.bretagne", "president.bretagne", "elects") in kinds
    assert ("president", "prefect.bretagne", "appoints") in kinds  # art. 13
    system = france.electoral_system("assemblee_nationale")
    assert system is not None
    (tier,) = system.tiers
    assert (tier.type, tier.seats, tier.formula) == ("single_member", 577, "two_round")
    assert tier.majority_registered == pytest.approx(0.25, abs=1e-12)
    assert tier.qualify_registered == pytest.approx(0.125, abs=1e-12)


def test_the_file_names_no_kazakh_institution() -> None:
    text = (DATA_DIR / "france_2024.toml").read_text(encoding="utf-8").lower()
    example = EXAMPLE.read_text(encoding="utf-8").lower()
    for name in KAZAKH_NAMES:
        assert name not in text, name
        assert name not in example, name


# -- the example scenario --------------------------------------------------------------------


def test_example_reforms_apply() -> None:
    sc = load_scenario(EXAMPLE)
    assert sc.baseline.scenario == "france_2024"
    assert sc.vote_model is not None
    assert sc.vote_model.names is not None
    assert len(sc.vote_model.names) == 9
    _, after = sc.run()
    president = head_of_state(after)
    assert president is not None
    assert president.term is not None
    assert (president.term.years, president.term.max_terms) == (7, 1)
    system = after.electoral_system("assemblee_nationale")
    assert system is not None
    assert [(t.type, t.seats) for t in system.tiers] == [("list", 288), ("single_member", 289)]
    assert system.tiers[1].formula == "two_round"
    # the regional presidents are elected by their regions' voters, not by the councils
    kinds = {(r.source, r.target, r.kind.value) for r in after.relations}
    assert ("electorate.bretagne", "president.bretagne", "elects") in kinds
    assert ("council.bretagne", "president.bretagne", "elects") not in kinds


@pytest.fixture(scope="module")
def france_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """``govsim run examples/france.toml --out DIR`` once for the module (the vote model's
    Monte Carlo over 577 districts is its cost): what it printed, and DIR. The text files
    only, with the institution page; tests/test_report.py draws every figure."""
    import contextlib
    import io

    out_dir = tmp_path_factory.mktemp("france") / "report"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        code = main(["run", str(EXAMPLE), "--out", str(out_dir), "--figures", "institutions"])
    assert code == 0, printed.getvalue()
    return printed.getvalue(), out_dir


def test_example_runs_end_to_end_without_a_kazakh_name(france_run: tuple[str, Path]) -> None:
    printed, out_dir = france_run
    assert "vote model: Legislative election 2024" in printed
    pages = [*out_dir.glob("report.*"), out_dir / "institutions.html"]
    texts = [printed, *(p.read_text(encoding="utf-8") for p in pages)]
    for text in texts:
        for name in KAZAKH_NAMES:
            assert name not in text.lower(), name


def test_electoral_metrics_are_finite_under_the_file_vote_model(
    france_run: tuple[str, Path],
) -> None:
    """The report's comparison is ``compare(before, after, vote_model=sc.vote_model)``."""
    import json

    _, out_dir = france_run
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    rows = {r["metric"]: r for r in report["comparison"]["rows"]}
    names = [
        "electoral.expected_gallagher",
        "electoral.expected_enp",
        "electoral.p_majority",
        "electoral.p_two_thirds",
    ]
    for name in names:
        assert math.isfinite(rows[name]["before"]), name
        assert math.isfinite(rows[name]["after"]), name
    # no bloc has half the first-round votes: a list tier makes a majority rarer
    assert 0.0 <= rows["electoral.p_majority"]["after"] <= 1.0
    assert rows["electoral.expected_enp"]["before"] > 1.0


def test_the_report_draws_every_relation_kind() -> None:
    """The institutions figure has a colour for every relation kind (it raised KeyError
    'impeaches' on the France example)."""
    assert {k.value for k in RelationKind} <= set(KIND_COLOURS)

"""Scenario steps apply in date order, stable by file position, as Timeline applies them.

Before, a scenario applied its steps in file order: a 2030 step written before a 2027
one won in ``Scenario.run`` and the command (it applied first and was overwritten),
and lost in :class:`govsim.reforms.Timeline` (which sorts by date).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import govsim
from govsim.cli import main
from govsim.reforms import DatedReform, TermLimit, Timeline
from govsim.reforms.timeline import in_date_order
from govsim.report import write_report
from govsim.scenario import load_scenario
from govsim.scenarios import synthetic

BASE = 'name = "order"\nbaseline = { scenario = "synthetic", params = { n_offices = 300 } }\n'


def step(date: str | None, years: int, name: str | None = None) -> str:
    lines = ["[[reforms]]", 'op = "term_limit"', f"years = {years}", "max_terms = 1"]
    if date is not None:
        lines.append(f"date = {date}")
    if name is not None:
        lines.append(f'step = "{name}"')
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


def president_years(polity: govsim.Polity) -> int:
    term = polity.institution("president").term
    assert term is not None
    return term.years


def test_later_date_wins_whatever_the_file_order(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + step("2030-01-01", 5, "late") + step("2027-01-01", 7, "early"))
    sc = load_scenario(path)
    _, after = sc.run()
    timeline = Timeline(
        synthetic(300),
        [
            DatedReform(date="2030-01-01", reform=TermLimit(years=5, max_terms=1), label="late"),
            DatedReform(date="2027-01-01", reform=TermLimit(years=7, max_terms=1), label="early"),
        ],
    )
    assert president_years(timeline.at("2031-01-01")) == 5
    assert president_years(after) == 5  # the 2030 step applies last, as in Timeline
    assert after == timeline.at("2031-01-01").with_metadata(name=after.name, year=after.year)
    assert [s.step for _, s in sc.ordered_steps()] == ["early", "late"]
    assert [r.years for r in sc.reforms()] == [7, 5]
    # before 2030 only the 2027 step is in force
    assert president_years(sc.run(date="2028-01-01")[1]) == 7


def test_command_applies_steps_in_date_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, BASE + step("2030-01-01", 5) + step("2027-01-01", 7))
    assert main(["run", str(path), "--format", "json"]) == 0
    rows = {r["metric"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    five_years = govsim.evaluate(synthetic(300).apply(TermLimit(years=5, max_terms=1)))
    assert rows["tenure.expected_years"]["after"] == pytest.approx(
        five_years["tenure.expected_years"], rel=1e-12
    )


def test_report_lists_steps_in_the_order_they_apply(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + step("2030-01-01", 5) + step("2027-01-01", 7))
    sc = load_scenario(path)
    before, after = sc.run()
    comparison = govsim.compare(before, after, metrics=["tenure"])
    write_report(comparison, tmp_path / "rep", scenario=sc, figures=False)
    data = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert [r["date"] for r in data["reforms"]] == ["2027-01-01", "2030-01-01"]
    assert [r["years"] for r in data["reforms"]] == [7, 5]


def test_same_date_keeps_file_order(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + step("2027-01-01", 5, "a") + step("2027-01-01", 7, "b"))
    sc = load_scenario(path)
    assert [s.step for _, s in sc.ordered_steps()] == ["a", "b"]
    assert president_years(sc.run()[1]) == 7


def test_undated_step_stays_after_the_dated_step_before_it(tmp_path: Path) -> None:
    text = (
        BASE
        + step("2030-01-01", 5, "late")
        + step(None, 9, "undated")
        + step("2027-01-01", 7, "early")
    )
    sc = load_scenario(write(tmp_path, text))
    assert [s.step for _, s in sc.ordered_steps()] == ["early", "late", "undated"]
    assert president_years(sc.run()[1]) == 9
    # an undated step is in force at every date
    assert president_years(sc.run(date="2028-01-01")[1]) == 9
    first = load_scenario(write(tmp_path, BASE + step(None, 9, "u") + step("2027-01-01", 7, "d")))
    assert [s.step for _, s in first.ordered_steps()] == ["u", "d"]


def test_variant_additions_take_their_place_by_date(tmp_path: Path) -> None:
    text = (
        BASE
        + step("2030-01-01", 5, "late")
        + '[[variants]]\nlabel = "add early"\n'
        + 'add = [{ op = "term_limit", years = 7, max_terms = 1, date = 2027-01-01 }]\n'
    )
    sc = load_scenario(write(tmp_path, text))
    assert [f for f, _ in sc.ordered_steps("add early")] == ["variants[0].add[0]", "reforms[0]"]
    assert president_years(sc.run(variant="add early")[1]) == 5


def test_one_ordering_function() -> None:
    dates = {"x": dt.date(2030, 1, 1), "y": dt.date(2027, 1, 1), "z": dt.date(2030, 1, 1)}
    assert in_date_order(["x", "y", "z"], dates.__getitem__) == ["y", "x", "z"]

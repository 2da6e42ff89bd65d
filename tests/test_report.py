"""Smoke tests of govsim.report: every figure renders, the Markdown and JSON are complete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import govsim
from govsim.metrics import compare
from govsim.report import FIGURES, plot_institutions, write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class StandInComparison:
    """The Comparison interface (to_records, to_markdown, to_json), for tests of the report alone."""

    rows = (
        {
            "metric": "accountability.elected_share",
            "before": 0.3,
            "after": 0.5,
            "delta": 0.2,
            "direction": "higher",
            "assessment": "+",
        },
        {
            "metric": "concentration.head_of_state_span",
            "before": 0.8,
            "after": 0.6,
            "delta": -0.2,
            "direction": "lower",
            "assessment": "+",
        },
        {
            "metric": "checks.head_of_state",
            "before": 1.0,
            "after": 1.0,
            "delta": 0.0,
            "direction": "higher",
            "assessment": "=",
        },
    )

    def to_markdown(self) -> str:
        lines = ["| metric | before | after |", "|---|---|---|"]
        lines += [f"| {r['metric']} | {r['before']} | {r['after']} |" for r in self.rows]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows]

    def to_json(self) -> str:
        return json.dumps({"rows": list(self.rows)})


def assert_png(path: Path, min_bytes: int = 5_000) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > min_bytes


@pytest.fixture(scope="module")
def pair() -> tuple[Any, Any]:
    before = govsim.scenarios.synthetic(300, seed=1)
    after = govsim.scenarios.synthetic(300, seed=1, elected_district_share=1.0)
    return before, after


def test_report_files_and_figures(tmp_path: Path, pair: tuple[Any, Any]) -> None:
    before, after = pair
    rep = write_report(StandInComparison(), tmp_path / "out", before=before, after=after)
    names = [p.name for p in rep.files]
    assert names[:2] == ["report.md", "report.json"]
    assert "deltas.png" in names
    assert "institutions.png" in names
    for png in rep.figures:
        assert_png(png)
    # every figure is either drawn or listed as left out, with a reason
    assert {p.stem for p in rep.figures} | set(rep.omitted) == set(FIGURES)
    assert "timeline" in rep.omitted  # no scenario given
    md = (tmp_path / "out" / "report.md").read_text()
    assert "accountability.elected_share" in md
    for png in rep.figures:
        assert f"![{png.stem}]({png.name})" in md
    for name in rep.omitted:
        assert f"`{name}.png`" in md
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["figures"] == [p.name for p in rep.figures]
    assert data["comparison"]["rows"][0]["metric"] == "accountability.elected_share"


def test_no_figures(tmp_path: Path, pair: tuple[Any, Any]) -> None:
    rep = write_report(StandInComparison(), tmp_path, figures=False, title="T")
    assert [p.name for p in rep.files] == ["report.md", "report.json"]
    assert rep.omitted == {}
    assert (tmp_path / "report.md").read_text().startswith("# T\n")


def test_missing_polities_are_reported(tmp_path: Path) -> None:
    rep = write_report(StandInComparison(), tmp_path, figures=["deltas", "institutions"])
    assert [p.name for p in rep.figures] == ["deltas.png"]
    assert rep.omitted == {"institutions": "before/after not given"}


def test_institutions_figure_on_kazakhstan(tmp_path: Path) -> None:
    polity = govsim.scenarios.kazakhstan_2019()
    assert_png(plot_institutions(polity, polity, tmp_path / "k.png"), min_bytes=50_000)


# -- with the real engines, once they have landed -------------------------------------------


def test_timeline_and_power_on_kazakhstan(tmp_path: Path) -> None:
    """A report of a real comparison, with every figure (the deltas, the timeline of
    the scenario's dates, power) drawn."""
    example = Path(__file__).resolve().parents[1] / "examples" / "kazakhstan.toml"
    if not example.exists():
        pytest.skip("examples/kazakhstan.toml not there yet")
    from govsim.scenario import load_scenario

    sc = load_scenario(example)
    before, after = sc.run()
    rep = write_report(compare(before, after), tmp_path, before=before, after=after, scenario=sc)
    assert "timeline" not in rep.omitted, rep.omitted
    assert "deltas" not in rep.omitted, rep.omitted
    assert {p.stem for p in rep.figures} | set(rep.omitted) == set(FIGURES)
    for png in rep.figures:
        assert_png(png)
    assert "## Reforms applied" in (tmp_path / "report.md").read_text()


def test_power_axis_leaves_room_for_a_share_of_one(tmp_path: Path) -> None:
    """A chamber holding all lawmaking power (share 1.00) had its label drawn over the
    title: the axis was capped at 1."""
    from govsim.report import plot_power, share_axis_top

    assert share_axis_top([1.0, 0.0]) > 1.1
    assert share_axis_top([0.0]) == pytest.approx(0.115, rel=1e-12)
    out = plot_power({"president": 0.0, "parliament": 1.0}, {"parliament": 1.0}, tmp_path / "p.png")
    assert out.stat().st_size > 0

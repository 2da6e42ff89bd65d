"""The report and the command say which vote model they used; no Kazakh default.

Before: the report's seats figure simulated Kazakhstan's 2023 Mazhilis shares for any
polity (the entries were Amanat, Auyl, ...), and nothing said which voters were used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govsim
from govsim.cli import main
from govsim.electoral import VoteModel
from govsim.electoral.vote_model import NO_VOTE_MODEL
from govsim.report import lower_chamber_elections, write_report
from govsim.scenarios import synthetic

TOY = VoteModel(
    names=("Left", "Centre", "Right"), shares=(0.45, 0.35, 0.2), label="toy voters", source="a test"
)
KAZAKH_NAMES = ("Amanat", "Auyl", "Respublica", "Ak Zhol", "Mazhilis")


def _pair() -> tuple[govsim.Polity, govsim.Polity]:
    return synthetic(200, seed=1), synthetic(200, seed=1, elected_district_share=1.0)


def test_a_report_without_a_vote_model_says_so_and_leaves_the_seats_out(tmp_path: Path) -> None:
    before, after = _pair()
    cmp = govsim.compare(before, after)
    rep = write_report(cmp, tmp_path, before=before, after=after, figures=["seats"])
    assert rep.omitted["seats"] == NO_VOTE_MODEL
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Vote model of the electoral metrics: none: electoral metrics not computed." in md
    assert f"- `electoral.p_majority`: {NO_VOTE_MODEL}" in md
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["vote_model"] == "none: electoral metrics not computed"
    rows = {r["metric"]: r for r in data["comparison"]["rows"]}
    assert rows["electoral.expected_enp"]["before"] is None
    assert rows["electoral.expected_enp"]["note"] == NO_VOTE_MODEL
    assert not any(name in md for name in KAZAKH_NAMES)


def test_a_report_with_a_vote_model_uses_it_for_the_seats(tmp_path: Path) -> None:
    before, after = _pair()
    cmp = govsim.compare(before, after, vote_model=TOY)
    rep = write_report(cmp, tmp_path, before=before, after=after, figures=["seats"])
    assert "seats" not in rep.omitted
    assert (tmp_path / "seats.png").exists()
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Vote model of the electoral metrics: toy voters (source: a test; 3 entries)." in md
    assert "- `electoral." not in md  # no electoral metric among those not computed
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["vote_model"].startswith("toy voters")
    assert not any(name in md for name in KAZAKH_NAMES)


def test_the_seats_simulation_is_the_metrics_own() -> None:
    before, _ = _pair()
    result = lower_chamber_elections(before, TOY)
    assert result.names == TOY.names
    ms = govsim.evaluate(before, metrics=["electoral.p_majority"], vote_model=TOY)
    assert result.p_majority == pytest.approx(ms["electoral.p_majority"], rel=1e-12, abs=1e-12)
    with pytest.raises(govsim.ValidationError, match="no vote model"):
        lower_chamber_elections(before, None)


SCENARIO = 'name = "small"\nbaseline = { scenario = "synthetic", params = { n_offices = 300 } }\n'
VOTES = '[vote_model]\nlabel = "toy voters"\nnames = ["A", "B"]\nshares = [0.6, 0.4]\n'


def test_the_command_prints_which_vote_model_it_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text(SCENARIO, encoding="utf-8")
    assert main(["run", str(bare)]) == 0
    out = capsys.readouterr().out
    assert "vote model: none: electoral metrics not computed" in out
    assert NO_VOTE_MODEL in out
    voted = tmp_path / "voted.toml"
    voted.write_text(SCENARIO + VOTES, encoding="utf-8")
    assert main(["run", str(voted), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["vote_model"].startswith("toy voters")
    rows = {r["metric"]: r for r in doc["rows"]}
    assert rows["electoral.p_majority"]["note"] == ""
    assert 0.0 <= rows["electoral.p_majority"]["after"] <= 1.0

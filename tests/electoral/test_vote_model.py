"""The vote model is data: no default voters, errors naming the field, Kazakhstan unchanged.

Before: the four ``electoral.*`` metrics simulated Kazakhstan's 2023 Mazhilis shares for
any polity (a French polity got Amanat winning its Assemblee), ``VoteModel(shares=(1, 1),
concentration="x")`` raised a raw TypeError, and a scenario file could not name voters.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest

import govsim
from govsim.electoral import VoteModel
from govsim.electoral.vote_model import (
    MAX_NOTE_CHARS,
    MAX_VOTE_MODEL_ENTRIES,
    NO_VOTE_MODEL,
    describe_vote_model,
    vote_model_from_table,
)
from govsim.errors import GovsimError, ValidationError
from govsim.metrics import electoral as em
from govsim.scenario import ScenarioError, load_scenario, validate_scenario
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic
from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan.toml"
ELECTORAL = ("expected_gallagher", "expected_enp", "p_majority", "p_two_thirds")
TOY = VoteModel(names=("Left", "Centre", "Right"), shares=(0.45, 0.35, 0.2), label="toy")

#: The Kazakhstan demo's electoral figures before the vote model became data (the 2023
#: model was then the default), 2019 baseline and 2024-01-01.
KAZAKHSTAN_BEFORE_AFTER = {
    "electoral.expected_gallagher": (8.562304797965645, 9.059598473072434),
    "electoral.expected_enp": (2.2052416556552323, 2.2588828186765086),
    "electoral.p_majority": (0.999, 1.0),
    "electoral.p_two_thirds": (0.327, 0.329),
}


# -- no default vote model -----------------------------------------------------------------


def test_a_polity_without_a_vote_model_has_nan_electoral_metrics_with_the_reason() -> None:
    p = synthetic(300, seed=1)
    ms = govsim.evaluate(p, metrics=["electoral"])
    assert ms.vote_model is None
    for name in ELECTORAL:
        assert math.isnan(ms[f"electoral.{name}"])
        assert ms.notes[f"electoral.{name}"] == NO_VOTE_MODEL
    cmp = govsim.compare(p, p, metrics=["electoral"])
    for record in cmp.to_records():
        assert record["before"] is None
        assert record["after"] is None
        assert record["note"] == NO_VOTE_MODEL
    assert cmp["electoral.p_majority"].note == NO_VOTE_MODEL
    assert cmp.vote_model_text() == "none: electoral metrics not computed"
    assert NO_VOTE_MODEL in str(cmp)
    with pytest.raises(ValidationError, match="no vote model"):
        em.p_majority(p)


def test_with_a_vote_model_the_metrics_are_finite_and_in_range() -> None:
    p = synthetic(300, seed=1)
    ms = govsim.evaluate(p, metrics=["electoral"], vote_model=TOY)
    assert ms.vote_model == TOY
    assert not ms.notes
    for name in ELECTORAL:
        info = govsim.metrics.get_metric(f"electoral.{name}")
        value = ms[info.name]
        assert math.isfinite(value)
        assert info.range[0] <= value <= info.range[1]
    cmp = govsim.compare(p, p, metrics=["electoral"], vote_model=TOY)
    assert all(r.note == "" for r in cmp)
    assert cmp.vote_model_text().startswith("toy (")


@pytest.mark.parametrize("bad", ["kazakhstan", {"shares": [1]}, 3])
def test_evaluate_and_compare_refuse_what_is_not_a_vote_model(bad: Any) -> None:
    p = synthetic(300, seed=1)
    with pytest.raises(ValidationError, match="'vote_model' parameter of evaluate"):
        govsim.evaluate(p, vote_model=bad)
    with pytest.raises(ValidationError, match="'vote_model' parameter of compare"):
        govsim.compare(p, p, vote_model=bad)


# -- Kazakhstan: the same figures, now from its own scenario --------------------------------


def test_kazakhstan_figures_are_unchanged_under_its_own_vote_model() -> None:
    cmp = govsim.compare(
        kazakhstan_2019(),
        kazakhstan("2024-01-01"),
        metrics=["electoral"],
        vote_model=KAZAKHSTAN_2023,
    )
    for name, (before, after) in KAZAKHSTAN_BEFORE_AFTER.items():
        assert cmp[name].before == pytest.approx(before, rel=1e-9, abs=1e-12)
        assert cmp[name].after == pytest.approx(after, rel=1e-9, abs=1e-12)


def test_the_scenario_file_and_the_module_agree() -> None:
    sc = load_scenario(EXAMPLE)
    assert sc.vote_model == KAZAKHSTAN_2023
    assert sc.vote_model.label == KAZAKHSTAN_2023.label
    assert sc.vote_model.source == KAZAKHSTAN_2023.source
    assert "Central Election Commission" in (KAZAKHSTAN_2023.source or "")
    before, after = sc.run(date="2024-01-01")
    cmp = govsim.compare(before, after, metrics=["electoral"], vote_model=sc.vote_model)
    for name, (b, a) in KAZAKHSTAN_BEFORE_AFTER.items():
        assert cmp[name].before == pytest.approx(b, rel=1e-9, abs=1e-12)
        assert cmp[name].after == pytest.approx(a, rel=1e-9, abs=1e-12)


# -- bad vote models are govsim errors naming the field --------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"shares": (1, 1), "concentration": "x"}, "concentration"),  # was a TypeError
        ({"shares": (1, 1), "district_swing": float("nan")}, "district_swing"),
        ({"shares": ("0.5", "0.5")}, "shares"),
        ({"shares": "ab"}, "shares"),
        ({"shares": (1.0,) * (MAX_VOTE_MODEL_ENTRIES + 1)}, "shares"),
        ({"shares": (1, 1), "names": "ab"}, "names"),
        ({"shares": (1, 1), "names": ("a", 2)}, "names"),
        ({"shares": (1, 1), "eligible": (1, 0)}, "eligible"),
        ({"shares": (1, 1), "district_shares": (0.5, float("nan"))}, "district_shares"),
        ({"shares": (1, 1), "turnout": True}, "turnout"),
        ({"shares": (1, 1), "label": 3}, "label"),
        ({"shares": (1, 1), "source": "x" * (MAX_NOTE_CHARS + 1)}, "source"),
    ],
)
def test_bad_vote_models_name_the_parameter(params: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=rf"'{field}' parameter of VoteModel"):
        VoteModel(**params)


def test_the_entry_bound_is_named_and_checked_first() -> None:
    with pytest.raises(ValidationError, match="MAX_VOTE_MODEL_ENTRIES = 1,000"):
        VoteModel(shares=(1,) * 10**6)
    with pytest.raises(ValidationError, match=r"^shares: at most MAX_VOTE_MODEL_ENTRIES"):
        vote_model_from_table({"shares": [1] * 10**6})
    assert VoteModel(shares=(1,) * MAX_VOTE_MODEL_ENTRIES).n_entries == MAX_VOTE_MODEL_ENTRIES


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ({"shares": [1, "x"]}, "shares"),
        ({"shares": [1, 1], "colour": "red"}, "colour"),
        ({"names": ["a"]}, "shares"),
        ({"shares": [1, 1], "transfers": [[0, 2], [0, 0]]}, "transfers"),
        ({"shares": [1, 1], "transfers": [1, 2]}, "transfers[0]"),
        ({"shares": [1, 1], "total_votes": 1.5}, "total_votes"),
    ],
)
def test_bad_tables_name_the_field(table: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match="^" + re.escape(field) + ": ") as info:
        vote_model_from_table(table)
    assert info.value.field == field


def test_a_bad_vote_model_table_in_a_scenario_names_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "x"\nbaseline = "synthetic"\n[vote_model]\nshares = [0.5, -1]\n', encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match=r"s\.toml: vote_model\.shares: ") as info:
        load_scenario(path)
    assert info.value.field == "vote_model.shares"
    for bad in (3, "kazakhstan_2023", {"shares": [1], "party": "A"}):
        with pytest.raises(ScenarioError, match="vote_model"):
            validate_scenario({"name": "x", "baseline": "synthetic", "vote_model": bad})


def test_a_scenario_vote_model_round_trips_and_is_optional() -> None:
    table = {"names": ["A", "B"], "shares": [60, 40], "label": "toy", "source": "made up"}
    sc = validate_scenario({"name": "x", "baseline": "synthetic", "vote_model": table})
    assert sc.vote_model is not None
    assert sc.vote_model.shares == pytest.approx((0.6, 0.4), rel=1e-12)
    again = validate_scenario(sc.model_dump(by_alias=True))
    assert again.vote_model == sc.vote_model
    assert again.vote_model is not None
    assert again.vote_model.label == "toy"
    assert validate_scenario({"name": "x", "baseline": "synthetic"}).vote_model is None
    assert "vote_model" in govsim.scenario.Scenario.model_json_schema()["properties"]


def test_describe_names_the_model_or_says_none() -> None:
    assert describe_vote_model(None) == "none: electoral metrics not computed"
    text = describe_vote_model(KAZAKHSTAN_2023)
    assert text.startswith("Mazhilis 2023 list votes (CEC) (source: Central Election")
    assert describe_vote_model(VoteModel(shares=(1, 1))).startswith("unlabelled vote model")


def test_every_error_is_a_govsim_error() -> None:
    for bad in ({"shares": None}, {"shares": [[1, 2]]}, {"shares": [True, False]}):
        with pytest.raises(GovsimError):
            vote_model_from_table(bad)

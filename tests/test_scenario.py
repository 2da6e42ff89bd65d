"""Tests of govsim.scenario: the file format, its validation and its one-line errors.

The plumbing (parsing, validation, variants, dates, error messages) is tested with a
toy baseline and a toy reform registry; the real baseline and registry are exercised
at the end of the file when they are present.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, Field

import govsim.scenario as scenario_mod
from govsim import ReformError, UnknownNameError, ValidationError, save
from govsim.scenario import BASELINES, Scenario, ScenarioError, load_scenario
from govsim.scenarios import synthetic

# -- a toy world -----------------------------------------------------------------------------------


class ToyPolity(BaseModel):
    model_config = ConfigDict(frozen=True)
    size: int
    log: tuple[str, ...] = ()


def toy_polity(size: int = 3) -> ToyPolity:
    return ToyPolity(size=size)


class Grow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: ClassVar[str] = "grow"
    by: int = Field(default=1, ge=0)

    def apply(self, p: ToyPolity) -> ToyPolity:
        return ToyPolity(size=p.size + self.by, log=(*p.log, f"grow {self.by}"))


class Fail(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    target: str = "x"

    def apply(self, p: ToyPolity) -> ToyPolity:
        raise ReformError(f"Reform fail: no institution {self.target!r}.")


TOY_REGISTRY = {"grow": Grow, "fail": Fail}


def toy_get(name: str) -> type[BaseModel]:
    try:
        return TOY_REGISTRY[name]
    except KeyError:
        raise UnknownNameError(f"Unknown reform {name!r}. Known reforms: fail, grow.") from None


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BASELINES, "toy", (__name__, "toy_polity"))
    monkeypatch.setattr(scenario_mod, "_registry_get", lambda where: toy_get)


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TOY = """
name = "toy"
baseline = { scenario = "toy", params = { size = 10 } }

[[reforms]]
op = "grow"
date = 2021-07-25
by = 2

[[reforms]]
op = "grow"
step = "later"
label = "second growth"
date = 2023-11-05
by = 5

[[variants]]
label = "big"
override = { later = { by = 50 } }

[[variants]]
label = "early"
date = 2022-01-01

[[variants]]
label = "none"
drop = ["later"]
add = [{ op = "grow", by = 100 }]
"""


# -- format and building ------------------------------------------------------------------------


def test_run_applies_reforms_in_order(toy: None, tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, TOY))
    assert sc.name == "toy"
    assert sc.source == (tmp_path / "s.toml").resolve()
    before, after = sc.run()
    assert before.size == 10
    assert after.size == 17
    assert after.log == ("grow 2", "grow 5")


def test_date_filters_later_reforms(toy: None, tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, TOY))
    assert sc.run(date="2022-06-01")[1].size == 12
    assert sc.run(date=dt.date(2021, 7, 25))[1].size == 12
    assert sc.run(date="2020-01-01")[1].size == 10
    assert sc.dates() == [dt.date(2021, 7, 25), dt.date(2023, 11, 5)]
    with pytest.raises(ScenarioError, match="date: not an ISO date"):
        sc.run(date="yesterday")


def test_variants_override_drop_add_and_date(toy: None, tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, TOY))
    assert sc.run(variant="big")[1].size == 10 + 2 + 50
    assert sc.run(variant=0)[1].size == 62
    assert sc.run(variant="early")[1].size == 12
    assert sc.run(variant="none")[1].log == ("grow 2", "grow 100")
    assert [r.by for r in sc.reforms(variant="big")] == [2, 50]
    with pytest.raises(ScenarioError, match="no variant 'huge'"):
        sc.run(variant="huge")


def test_json_is_the_same_format(toy: None, tmp_path: Path) -> None:
    doc = {
        "name": "toy",
        "baseline": {"scenario": "toy"},
        "reforms": [{"op": "grow", "date": "2021-07-25", "by": 4}],
    }
    sc = load_scenario(write(tmp_path, json.dumps(doc), "s.json"))
    assert sc.steps[0].date == dt.date(2021, 7, 25)
    assert sc.run()[1].size == 7


def test_scenario_built_in_code(toy: None) -> None:
    sc = Scenario(name="code", baseline="toy", reforms=[{"op": "grow", "by": 1}])
    assert sc.source is None
    assert sc.run()[1].size == 4


def test_unapplicable_reform_names_the_step(toy: None, tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "t"\nbaseline = "toy"\n[[reforms]]\nop = "fail"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(path).run()
    assert str(info.value) == (
        f"{path.resolve()}: reforms[0] (op 'fail'): Reform fail: no institution 'x'."
    )


# -- one-line errors naming the file and field ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "needle"),
    [
        ('name = "t"\nbaseline = "toy"\ncolour = 1\n', "colour", "unknown field"),
        ('baseline = "toy"\n', "name", "missing required field"),
        ('name = "t"\nbaseline = "nowhere"\n', "baseline", "unknown built-in scenario 'nowhere'"),
        (
            'name = "t"\nbaseline = { scenario = "toy", path = "p.json" }\n',
            "baseline",
            "exactly one",
        ),
        ('name = "t"\nbaseline = "toy"\nseeds = 0\n', "seeds", "greater than or equal to 1"),
        (
            'name = "t"\nbaseline = "toy"\n[[reforms]]\nop = "grow"\ndate = "soon"\n',
            "reforms[0].date",
            "valid date",
        ),
        ('name = "t"\nbaseline = "toy"\n[[reforms]]\nby = 2\n', "reforms[0].op", "missing"),
        (
            'name = "t"\nbaseline = "toy"\n[[variants]]\nlabel = "v"\ndrop = ["nope"]\n',
            None,
            "variants[0] refers to reform 'nope'",
        ),
        (
            'name = "t"\nbaseline = "toy"\n[[variants]]\nlabel = "v"\nwhat = 1\n',
            "variants[0].what",
            "unknown field",
        ),
    ],
)
def test_validation_errors_are_one_line(
    toy: None, tmp_path: Path, text: str, field: str | None, needle: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert isinstance(err, ValidationError)
    assert "\n" not in str(err)
    assert str(err).startswith(str(path))
    assert needle in str(err)
    if field is not None:
        assert err.field == field
        assert f": {field}: " in str(err)


@pytest.mark.parametrize(
    ("step", "field", "needle"),
    [
        ('op = "shrink"', "reforms[0].op", "Unknown reform 'shrink'. Known reforms: fail, grow."),
        ('op = "grow"\nby = -1', "reforms[0].by", "greater than or equal to 0"),
        ('op = "grow"\nspeed = 3', "reforms[0].speed", "unknown field"),
    ],
)
def test_reform_errors_name_the_step(
    toy: None, tmp_path: Path, step: str, field: str, needle: str
) -> None:
    path = write(tmp_path, f'name = "t"\nbaseline = "toy"\n[[reforms]]\n{step}\n')
    sc = load_scenario(path)
    with pytest.raises(ScenarioError) as info:
        sc.reforms()
    assert info.value.field == field
    assert needle in str(info.value)
    assert "\n" not in str(info.value)


def test_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "t"\nbaseline = "toy"\nreforms = [\n  { op = }\n]\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.line == 4
    assert str(info.value).startswith(f"{path}: line 4: TOML syntax error")
    jpath = write(tmp_path, '{"name": "t",\n "baseline": }', "s.json")
    with pytest.raises(ScenarioError, match=r"s\.json: line 2: JSON syntax error"):
        load_scenario(jpath)


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"missing\.toml: file not found"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match=r"unsupported file type '\.yaml'"):
        load_scenario(write(tmp_path, "name: t", "s.yaml"))
    with pytest.raises(ScenarioError, match="top level must be a table"):
        load_scenario(write(tmp_path, "[1, 2]", "s.json"))
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(tmp_path / "bin.toml")


def test_missing_polity_file_and_bad_params(toy: None, tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, 'name = "t"\nbaseline = "data/polity.json"\n'))
    assert sc.baseline.path == "data/polity.json"
    with pytest.raises(ScenarioError, match=r"baseline: polity file .*polity\.json' not found"):
        sc.build_baseline()
    sc2 = load_scenario(
        write(tmp_path, 'name = "t"\nbaseline = { scenario = "toy", params = { colour = 1 } }\n')
    )
    with pytest.raises(ScenarioError, match=r"baseline\.params: .*colour"):
        sc2.build_baseline()


def test_nothing_from_a_file_is_executed(toy: None, tmp_path: Path) -> None:
    """A baseline can only name an entry of the fixed BASELINES table or a data file."""
    path = write(tmp_path, 'name = "t"\nbaseline = "os.system"\n')
    sc = load_scenario(path)  # parsed as a path (it has a suffix), never imported
    assert sc.baseline.path == "os.system"
    with pytest.raises(ScenarioError, match="not found"):
        sc.build_baseline()
    with pytest.raises(ScenarioError, match="unknown built-in scenario 'eval'"):
        load_scenario(write(tmp_path, 'name = "t"\nbaseline = { scenario = "eval" }\n'))


def test_json_schema() -> None:
    schema = Scenario.model_json_schema()
    assert schema["title"] == "govsim scenario"
    assert {"name", "baseline", "reforms", "variants", "seeds"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"name", "baseline"}


# -- with the real engines ----------------------------------------------------------------


def test_polity_file_baseline_relative_to_scenario(tmp_path: Path) -> None:
    polity = synthetic(200, seed=1)
    (tmp_path / "data").mkdir()
    save(polity, tmp_path / "data" / "p.json")
    sc = load_scenario(write(tmp_path, 'name = "t"\nbaseline = "data/p.json"\n'))
    assert sc.build_baseline() == polity


def test_kazakhstan_baseline_builds() -> None:
    sc = Scenario(name="kz", baseline="kazakhstan_2019")
    polity = sc.build_baseline()
    assert polity.institution is not None


def test_unknown_op_with_the_real_registry(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "t"\nbaseline = "kazakhstan_2019"\n[[reforms]]\nop = "nope"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(path).run()
    assert info.value.field == "reforms[0].op"
    assert "nope" in str(info.value)


def test_bad_override_names_the_variant(toy: None, tmp_path: Path) -> None:
    """A typo in a variant's override was reported at the file's reform, which has no typo."""
    text = TOY.replace("override = { later = { by = 50 } }", "override = { later = { bye = 50 } }")
    sc = load_scenario(write(tmp_path, text))
    with pytest.raises(
        ScenarioError, match=r"s\.toml: variants\[0\]\.override\.later\.bye: unknown field$"
    ):
        sc.reforms(variant="big")
    assert len(sc.reforms()) == 2  # the file's own steps are fine


def test_invalid_polity_file_baseline_names_it_once(tmp_path: Path) -> None:
    """The polity file's name appeared twice (once from govsim.load, once added)."""
    (tmp_path / "p.json").write_text('{"name": "p", "institutions": [{"id": "a"}]}')
    sc = load_scenario(write(tmp_path, 'name = "t"\nbaseline = "p.json"\n'))
    with pytest.raises(ScenarioError) as err:
        sc.build_baseline()
    assert str(err.value).count("p.json") == 1
    assert "baseline: " in str(err.value)

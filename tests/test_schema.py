"""The JSON Schemas of the scenario and polity formats (``govsim schema``) accept every
file and documented snippet the project ships and reject the typos an editor should
catch: an unknown ``op``, an unknown reform parameter, an unknown vote-model key.

Files are read as ``govsim`` reads them (TOML through :mod:`tomllib`) and their dates
written as ISO strings, as a JSON editor holds them.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import govsim
from govsim import scenario as scenario_module
from govsim.cli import main
from govsim.reforms import REGISTRY
from govsim.scenario import BASELINE_FILES, BASELINES, Scenario

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
DOCS = [
    p
    for p in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "docs").rglob("*.rst")]
    if not {"_build", "auto_examples", "auto_tutorials", "generated"} & set(p.parts)
]


def _jsonable(value: Any) -> Any:
    """A parsed TOML document as JSON holds it (dates as ISO strings)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def _validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def scenario_validator() -> jsonschema.protocols.Validator:
    return _validator(Scenario.model_json_schema())


@pytest.fixture(scope="module")
def polity_validator() -> jsonschema.protocols.Validator:
    return _validator(govsim.Polity.model_json_schema())


def _errors(validator: jsonschema.protocols.Validator, doc: Any) -> list[str]:
    """Every error, with those of the branches of an ``anyOf`` (an optional table)."""
    out = []
    stack = list(validator.iter_errors(doc))
    while stack:
        e = stack.pop()
        out.append(f"{'/'.join(map(str, e.absolute_path))}: {e.message}")
        stack.extend(e.context or ())
    return out


def _toml_blocks(text: str) -> list[str]:
    """The TOML code blocks of a Markdown (```toml) or reStructuredText (code-block:: toml) page."""
    blocks = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    for match in re.finditer(r"\.\. code-block:: toml\n\n((?:(?:    .*)?\n)+)", text):
        lines = match.group(1).splitlines()
        blocks.append("\n".join(line[4:] for line in lines) + "\n")
    return blocks


def _docstring_snippet() -> str:
    """The scenario example of :mod:`govsim.scenario`'s docstring (the block after ``::``)."""
    doc = scenario_module.__doc__ or ""
    block = doc.split("::\n\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith("    "):
            break
        lines.append(line[4:])
    return "\n".join(lines)


def _as_scenario(doc: dict[str, Any]) -> dict[str, Any]:
    """A snippet of [[reforms]] tables completed with the two required keys."""
    return {"name": "snippet", "baseline": "synthetic", **doc}


def test_the_schemas_are_valid_json_schema() -> None:
    for schema in (Scenario.model_json_schema(), govsim.Polity.model_json_schema()):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        _validator(schema)
        json.dumps(schema)  # serialisable as it is printed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_scenario_validates(
    path: Path, scenario_validator: jsonschema.protocols.Validator
) -> None:
    doc = _jsonable(tomllib.loads(path.read_text(encoding="utf-8")))
    assert _errors(scenario_validator, doc) == []
    govsim.scenario.load_scenario(path)  # and govsim reads it too


def test_documented_scenario_snippets_validate(
    scenario_validator: jsonschema.protocols.Validator,
) -> None:
    snippets = [(p.name, block) for p in DOCS for block in _toml_blocks(p.read_text("utf-8"))]
    snippets.append(("govsim.scenario", _docstring_snippet()))
    checked = 0
    for where, text in snippets:
        doc = tomllib.loads(text)
        if "institutions" in doc or "territories" in doc:
            continue  # a polity file, checked below
        errors = _errors(scenario_validator, _jsonable(_as_scenario(doc)))
        assert errors == [], (where, errors)
        checked += 1
    assert checked >= 3  # extending.md, guide/reforms.rst, the module docstring


@pytest.mark.parametrize(
    "path",
    [*BASELINE_FILES.values(), *sorted((ROOT / "docs" / "tutorials").glob("*.toml"))],
    ids=lambda p: p.name,
)
def test_polity_files_validate(
    path: Path, polity_validator: jsonschema.protocols.Validator
) -> None:
    doc = _jsonable(tomllib.loads(path.read_text(encoding="utf-8")))
    assert _errors(polity_validator, doc) == []


def _kazakhstan() -> dict[str, Any]:
    path = ROOT / "examples" / "kazakhstan.toml"
    doc: dict[str, Any] = _jsonable(tomllib.loads(path.read_text(encoding="utf-8")))
    return doc


def _term_limit_step(doc: dict[str, Any]) -> dict[str, Any]:
    step: dict[str, Any] = next(s for s in doc["reforms"] if s["op"] == "term_limit")
    return step


def test_an_unknown_op_is_rejected(scenario_validator: jsonschema.protocols.Validator) -> None:
    doc = _kazakhstan()
    doc["reforms"][0]["op"] = "direct_elections"
    errors = _errors(scenario_validator, doc)
    assert any("'direct_elections' is not one of" in e for e in errors), errors


def test_an_unknown_reform_parameter_is_rejected(
    scenario_validator: jsonschema.protocols.Validator,
) -> None:
    doc = _kazakhstan()
    step = _term_limit_step(doc)
    step["yaers"] = step.pop("years")
    errors = _errors(scenario_validator, doc)
    assert any("'yaers' was unexpected" in e for e in errors), errors
    assert any("'years' is a required property" in e for e in errors), errors


def test_a_typo_in_a_variant_override_is_rejected(
    scenario_validator: jsonschema.protocols.Validator,
) -> None:
    doc = {
        "name": "x",
        "baseline": "kazakhstan_2019",
        "reforms": [{"op": "term_limit", "years": 7}],
        "variants": [{"label": "v", "override": {"term_limit": {"yaers": 5}}}],
    }
    assert any("'yaers' is not one of" in e for e in _errors(scenario_validator, doc))
    doc["variants"][0]["override"]["term_limit"] = {"years": 5}
    assert _errors(scenario_validator, doc) == []


def test_a_typo_in_a_vote_model_key_is_rejected(
    scenario_validator: jsonschema.protocols.Validator,
) -> None:
    doc = _kazakhstan()
    doc["vote_model"]["sharez"] = doc["vote_model"].pop("shares")
    errors = _errors(scenario_validator, doc)
    assert any("'sharez' was unexpected" in e for e in errors), errors


def test_vote_model_keys_are_typed(scenario_validator: jsonschema.protocols.Validator) -> None:
    doc = _kazakhstan()
    doc["vote_model"]["shares"] = "3431510"
    assert any("is not of type 'array'" in e for e in _errors(scenario_validator, doc))
    doc = _kazakhstan()
    doc["vote_model"]["eligible"] = [1, 0]
    assert any("is not of type 'boolean'" in e for e in _errors(scenario_validator, doc))


def test_unknown_member_counts_validate(scenario_validator: jsonschema.protocols.Validator) -> None:
    """A vote-model table writes an unknown member count as the string "unknown"."""
    doc = _kazakhstan()
    n = len(doc["vote_model"]["shares"])
    doc["vote_model"]["registered_members"] = [762_000] + ["unknown"] * (n - 1)
    assert _errors(scenario_validator, doc) == []
    doc["vote_model"]["registered_members"] = ["many"] * n
    assert _errors(scenario_validator, doc) != []


def test_out_of_range_and_mistyped_parameters_are_rejected(
    scenario_validator: jsonschema.protocols.Validator,
) -> None:
    doc = _kazakhstan()
    _term_limit_step(doc)["years"] = 0
    assert _errors(scenario_validator, doc)
    doc = _kazakhstan()
    _term_limit_step(doc)["max_terms"] = "two"
    assert _errors(scenario_validator, doc)
    doc = _kazakhstan()
    doc["seeds"] = 0
    assert _errors(scenario_validator, doc)


def test_baseline_forms(scenario_validator: jsonschema.protocols.Validator) -> None:
    for baseline in (
        "kazakhstan_2019",
        "polity.json",
        "../data/p.toml",
        {"scenario": "synthetic", "params": {"n_offices": 100, "seed": 1}},
        {"path": "p.json"},
    ):
        doc = {"name": "x", "baseline": baseline}
        assert _errors(scenario_validator, doc) == [], baseline
    for bad in ("kazakstan_2019", {"scenario": "kazakstan"}, {"scenario": "synthetic", "x": 1}):
        assert _errors(scenario_validator, {"name": "x", "baseline": bad}), bad


def test_every_registered_reform_has_its_branch() -> None:
    """The union comes from the registry: every reform, its fields, the first docstring line."""
    schema = Scenario.model_json_schema()
    defs = schema["$defs"]
    assert defs["ReformStep"]["properties"]["op"]["enum"] == sorted(REGISTRY)
    for name, cls in REGISTRY.items():
        branch = defs[f"ReformStep.{name}"]
        assert branch["properties"]["op"] == {
            "const": name,
            "description": "Registered reform name.",
        }
        assert set(branch["properties"]) == {"op", "date", "step", "label", *cls.model_fields}
        assert branch["additionalProperties"] is False
        assert branch["description"] == (cls.__doc__ or "").strip().splitlines()[0]


def test_a_reform_registered_later_appears(monkeypatch: pytest.MonkeyPatch) -> None:
    from govsim.reforms import TermLimit

    class LongerTerm(TermLimit):
        """A test-only reform."""

        name = "longer_term_for_schema_test"

    monkeypatch.setitem(REGISTRY, LongerTerm.name, LongerTerm)
    validator = _validator(Scenario.model_json_schema())
    doc = {"name": "x", "baseline": "synthetic", "reforms": [{"op": LongerTerm.name, "years": 9}]}
    assert _errors(validator, doc) == []


def test_reform_dumps_validate(scenario_validator: jsonschema.protocols.Validator) -> None:
    """The reforms of the Kazakhstan timeline, dumped as a file holds them, validate."""
    from govsim.scenarios import kazakhstan_reforms

    steps = []
    for dated in kazakhstan_reforms():
        reform = dated.reform
        params = reform.model_dump(mode="json")
        steps.append({"op": reform.name, "date": dated.date.isoformat(), **params})
    doc = {"name": "x", "baseline": "kazakhstan_2019", "reforms": steps}
    assert _errors(scenario_validator, doc) == []


def test_polity_schema_rejects_typos(polity_validator: jsonschema.protocols.Validator) -> None:
    doc = govsim.scenarios.kazakhstan_2019().to_dict()
    doc = json.loads(json.dumps(doc))
    assert _errors(polity_validator, doc) == []
    bad = copy.deepcopy(doc)
    bad["institutions"][0]["seets"] = 3
    assert any("'seets' was unexpected" in e for e in _errors(polity_validator, bad))
    bad = copy.deepcopy(doc)
    bad["colour"] = "blue"
    assert any("'colour' was unexpected" in e for e in _errors(polity_validator, bad))


def test_the_command_prints_the_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "scenario"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(Scenario.model_json_schema()))
    assert main(["schema", "polity"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "govsim polity"
    assert set(BASELINES) <= set(printed["$defs"]["BaselineSpec"]["anyOf"][0]["enum"])

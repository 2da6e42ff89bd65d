"""pandas views: ``Polity.to_pandas()`` (three typed DataFrames and back),
``EnsembleResult.to_pandas()`` (the (variant, seed) MultiIndex) and
``Comparison.to_pandas()`` (the registry's family, direction and source as columns)."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

import govsim
from govsim.errors import GovsimError, ValidationError
from govsim.metrics import METRICS
from govsim.model.frames import (
    INSTITUTION_COLUMNS,
    RELATION_COLUMNS,
    TERRITORY_COLUMNS,
)
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic
from govsim.testing import polities


def _round_trip(p: govsim.Polity) -> govsim.Polity:
    return govsim.Polity.from_pandas(
        *p.to_pandas(),
        name=p.name,
        year=p.year,
        electoral_systems=p.electoral_systems,
        rules=p.rules,
        description=p.description,
        sources=p.sources,
    )


@pytest.mark.parametrize(
    "make",
    [kazakhstan_2019, lambda: kazakhstan("2024-01-01"), lambda: synthetic(2_000, seed=3)],
    ids=["kazakhstan_2019", "kazakhstan_2024", "synthetic"],
)
def test_polity_round_trip(make) -> None:  # type: ignore[no-untyped-def]
    p = make()
    assert _round_trip(p) == p


def test_round_trip_without_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The string columns are built by pyarrow when it is installed, else from objects."""
    from govsim.model import frames

    p = kazakhstan("2024-01-01")
    with_arrow = p.to_pandas()
    monkeypatch.setattr(frames, "_arrow", lambda: None)
    without = p.to_pandas()
    for a, b in zip(with_arrow, without, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert _round_trip(p) == p


@settings(max_examples=25)
@given(polities())
def test_polity_round_trip_random(p: govsim.Polity) -> None:
    assert _round_trip(p) == p


def test_polity_frames_shape_and_dtypes() -> None:
    p = kazakhstan("2024-01-01")
    frames = p.to_pandas()
    inst, rel, terr = frames.institutions, frames.relations, frames.territories
    assert frames == (inst, rel, terr)
    assert inst.shape == (p.n_institutions, len(INSTITUTION_COLUMNS))
    assert rel.shape == (p.n_relations, len(RELATION_COLUMNS))
    assert terr.shape == (p.n_territories, len(TERRITORY_COLUMNS))
    assert tuple(inst.columns) == INSTITUTION_COLUMNS
    assert tuple(rel.columns) == RELATION_COLUMNS
    assert tuple(terr.columns) == TERRITORY_COLUMNS
    assert inst.index.name == "id"
    assert terr.index.name == "id"
    assert list(inst.index) == [i.id for i in p.institutions]
    dtypes = {c: str(t) for c, t in inst.dtypes.items()}
    assert dtypes == {
        "name": "string",
        "kind": "category",
        "level": "category",
        "territory": "string",
        "seats": "Int64",
        "term_years": "Int64",
        "max_terms": "Int64",
        "consecutive_only": "boolean",
        "exempt_incumbent": "boolean",
        "role": "category",
    }
    assert {c: str(t) for c, t in rel.dtypes.items()} == {
        "source": "string",
        "target": "string",
        "kind": "category",
        "group": "category",
        "seats": "Int64",
        "threshold": "Float64",
        "note": "string",
    }
    assert {c: str(t) for c, t in terr.dtypes.items()} == {
        "name": "string",
        "level": "category",
        "parent": "string",
        "population": "Int64",
    }
    # every category of the vocabulary, levels ordered national < ... < local
    assert list(inst["kind"].cat.categories) == [k.value for k in govsim.InstitutionKind]
    assert inst["level"].cat.ordered
    assert list(terr["level"].cat.categories) == ["national", "regional", "district", "local"]
    assert list(rel["kind"].cat.categories) == [k.value for k in govsim.RelationKind]


def test_polity_frames_values() -> None:
    p = kazakhstan("2024-01-01")
    inst, rel, terr = p.to_pandas()
    president = p.institution("president")
    row = inst.loc["president"]
    assert row["kind"] == "head_of_state"
    assert row["role"] == "head_of_state"
    assert row["term_years"] == president.term.years
    assert row["max_terms"] == president.term.max_terms
    # no term rule: every term column <NA>; none in the electorate's role either
    electorate = inst.loc["electorate.kz"]
    assert pd.isna(electorate["term_years"])
    assert pd.isna(electorate["consecutive_only"])
    assert pd.isna(electorate["role"])
    # a territory's parent and population, and unknown ones as <NA>
    assert pd.isna(terr.loc["kz", "parent"])
    assert terr.loc["kz.akmola", "parent"] == "kz"
    assert terr.loc["kz", "population"] == p.territory("kz").population
    assert int(terr["population"].isna().sum()) == sum(t.population is None for t in p.territories)
    # relations: one row each, with the ids and the kind's family
    want = [(r.source, r.target, r.kind.value, r.kind.group.value) for r in p.relations]
    got = list(zip(rel["source"], rel["target"], rel["kind"], rel["group"], strict=True))
    assert got == want
    assert int(rel["seats"].notna().sum()) == sum(r.seats is not None for r in p.relations)
    assert int(rel["note"].notna().sum()) == sum(r.note is not None for r in p.relations)


def test_frames_read_back_plain_dtypes_and_reject_bad_ones() -> None:
    p = synthetic(300, seed=2)
    inst, rel, terr = p.to_pandas()
    plain = [f.astype(object) for f in (inst, rel, terr)]
    q = govsim.Polity.from_pandas(
        *plain, name=p.name, year=p.year, electoral_systems=p.electoral_systems, rules=p.rules
    )
    assert q == p
    bad = rel.copy()
    bad.loc[0, "target"] = "no.such.office"
    with pytest.raises(ValidationError, match=r"relations\.target.*no\.such\.office"):
        govsim.Polity.from_pandas(inst, bad, terr, name="x")
    with pytest.raises(ValidationError, match="'seats'"):
        govsim.Polity.from_pandas(inst.drop(columns="seats"), rel, terr, name="x")
    bad = inst.astype({"kind": object})
    bad.iloc[0, bad.columns.get_loc("kind")] = "monarch"
    with pytest.raises(ValidationError, match="monarch"):
        govsim.Polity.from_pandas(bad, rel, terr, name="x")


@pytest.mark.parametrize(
    ("table", "column", "value", "match"),
    [
        ("institutions", "seats", "x", r"'seats': expected whole numbers; got 'x'"),
        ("institutions", "seats", 1.5, r"'seats': expected whole numbers"),
        ("institutions", "term_years", "7", r"'term_years': expected whole numbers; got '7'"),
        ("institutions", "max_terms", True, r"'max_terms': expected whole numbers"),
        ("institutions", "consecutive_only", "yes", r"'consecutive_only': expected true/false"),
        ("relations", "threshold", "high", r"'relations\.threshold': expected numbers"),
        ("relations", "seats", "3", r"'relations\.seats': expected whole numbers"),
        ("territories", "population", "many", r"'territories\.population': expected whole"),
    ],
)
def test_bad_cells_are_govsim_errors_naming_the_column(
    table: str, column: str, value: object, match: str
) -> None:
    p = synthetic(300, seed=2)
    frames = p.to_pandas()._asdict()
    bad = frames[table].astype({column: object})
    bad.iloc[1, bad.columns.get_loc(column)] = value
    frames[table] = bad
    with pytest.raises(ValidationError, match=match):
        govsim.Polity.from_pandas(**frames, name="x")


def test_a_frame_must_be_a_dataframe() -> None:
    inst, _, terr = synthetic(100, seed=1).to_pandas()
    with pytest.raises(ValidationError, match=r"'relations' parameter .* DataFrame\. Got list"):
        govsim.Polity.from_pandas(inst, [], terr, name="x")


def test_ensemble_to_pandas_multiindex() -> None:
    def task(variant: float, seed: np.random.SeedSequence) -> dict[str, float]:
        x = np.random.default_rng(seed).random()
        return {"x": variant + x, "y": 2 * variant}

    res = govsim.sweep(task, {"a": 0.0, "b": 10.0}, seeds=4, seed=5, progress=False)
    frame = res.to_pandas()
    assert isinstance(frame.index, pd.MultiIndex)
    assert list(frame.index.names) == ["variant", "seed"]
    assert frame.shape == (8, 3)
    assert list(frame.columns) == ["label", "x", "y"]
    assert str(frame["label"].dtype) == "string"
    np.testing.assert_allclose(frame.loc[1]["x"].to_numpy(), res["x"][1], rtol=0, atol=0)
    np.testing.assert_allclose(frame.loc[(0, 3), "x"], res["x"][0, 3], rtol=0, atol=0)
    means = frame.groupby("variant")[["x", "y"]].mean()
    np.testing.assert_allclose(means["y"].to_numpy(), [0.0, 20.0], rtol=1e-12)


def test_comparison_to_pandas_registry_columns() -> None:
    before, after = kazakhstan_2019(), kazakhstan("2024-01-01")
    cmp = govsim.compare(before, after)
    df = cmp.to_pandas()
    assert list(df.index) == [r.metric for r in cmp]
    assert str(df["family"].dtype) == "category"
    for name, row in df.iterrows():
        info = METRICS[str(name)]
        assert row["family"] == info.family
        assert row["direction"] == info.direction
        assert row["source"] == info.reference
        assert row["definition"] == info.definition
        assert row["range_min"] == pytest.approx(info.range[0], abs=0)
    row = df.loc["accountability.elected_legislature"]
    assert row["before"] == pytest.approx(0.652, abs=5e-4)  # V-Dem v2xex_elecleg


def test_missing_pandas_is_a_govsim_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    p = synthetic(100, seed=1)
    with pytest.raises(GovsimError, match=r"needs pandas.*pip install"):
        p.to_pandas()
    with pytest.raises(GovsimError, match=r"Comparison\.to_pandas needs pandas"):
        govsim.compare(p, p).to_pandas()
    res = govsim.sweep(lambda v, s: {"v": v}, [1.0], progress=False)
    with pytest.raises(GovsimError, match=r"EnsembleResult\.to_pandas needs pandas"):
        res.to_pandas()

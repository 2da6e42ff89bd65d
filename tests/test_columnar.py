"""Columnar polity files (govsim.columnar): Parquet and Arrow IPC directories."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

import govsim
from govsim import ValidationError
from govsim.columnar import (
    COLUMNAR_VERSION,
    MAX_ROWS,
    MAX_TEXT_LENGTH,
    arrow_tables,
    unicode_from_utf8,
    utf8_from_unicode,
)
from govsim.io import MissingFileError
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic
from govsim.testing.strategies import polities

SUFFIXES = ("parquet", "arrow")


@pytest.fixture(scope="module")
def small() -> govsim.Polity:
    return synthetic(300, seed=3)


def _saved(polity: govsim.Polity, tmp_path: Path, ext: str = "parquet") -> Path:
    path = tmp_path / f"p.{ext}"
    govsim.save(polity, path)
    return path


@pytest.mark.parametrize("ext", SUFFIXES)
def test_round_trip_of_the_baselines(tmp_path: Path, ext: str) -> None:
    for k, polity in enumerate((kazakhstan_2019(), kazakhstan("2024-01-01"), synthetic(500))):
        path = tmp_path / f"p{k}.{ext}"
        govsim.save(polity, path)
        assert govsim.load(path) == polity
        assert sorted(p.name for p in path.iterdir()) == sorted(
            ["_polity.json", f"institutions.{ext}", f"relations.{ext}", f"territories.{ext}"]
        )


@settings(max_examples=15)
@given(polities(shaped=True))
def test_round_trip_of_random_polities(
    tmp_path_factory: pytest.TempPathFactory, polity: govsim.Polity
) -> None:
    root = tmp_path_factory.mktemp("col")
    for ext in SUFFIXES:
        path = root / f"p.{ext}"
        govsim.save(polity, path)
        assert govsim.load(path) == polity


def test_readable_by_pandas_and_pyarrow_without_govsim(tmp_path: Path) -> None:
    polity = kazakhstan_2019()
    path = _saved(polity, tmp_path)
    inst = pd.read_parquet(path / "institutions.parquet")
    rel = pd.read_parquet(path / "relations.parquet")
    terr = pq.read_table(path / "territories.parquet").to_pandas()
    assert list(inst["id"]) == polity.institution_table.id.tolist()
    assert list(terr["id"]) == polity.territory_table.id.tolist()
    # references are row numbers: the president is elected by the national electorate
    pres = int(np.flatnonzero(inst["role"].astype(object) == "head_of_state")[0])
    sources = inst["id"].iloc[rel.loc[rel["target"] == pres, "source"]].tolist()
    kinds = rel.loc[rel["target"] == pres, "kind"].astype(str).tolist()
    assert "elects" in kinds
    assert all(isinstance(s, str) for s in sources)
    assert inst.loc[pres, "term_years"] == polity.institution(inst.loc[pres, "id"]).term.years
    meta = json.loads((path / "_polity.json").read_text(encoding="utf-8"))
    assert meta["format"] == "govsim-columnar"
    assert meta["version"] == COLUMNAR_VERSION
    tag = json.loads(pq.read_schema(path / "relations.parquet").metadata[b"govsim"])
    assert tag == {"format": "govsim-columnar", "version": COLUMNAR_VERSION, "table": "relations"}
    arrow = _saved(polity, tmp_path, "arrow")
    feather = pd.read_feather(arrow / "institutions.arrow")
    assert list(feather["id"]) == list(inst["id"])


@pytest.mark.parametrize(
    "texts",
    [
        ["a", "bb", "", "ccc"],
        ["Қазақстан", "Мәжіліс", "x", "🏛 court", "é"],
        ["mixed ascii", "日本国", "", "a\x00b"],
    ],
)
def test_the_text_codec_matches_python(texts: list[str]) -> None:
    values = np.array(texts, dtype=np.str_)
    array = utf8_from_unicode(values)
    assert array.to_pylist() == texts
    back, _ = unicode_from_utf8(pa.array(texts, type=pa.string()))
    assert back.tolist() == texts
    sliced, _ = unicode_from_utf8(pa.array(["zz", *texts], type=pa.string()).slice(1))
    assert sliced.tolist() == texts


def test_a_lone_surrogate_cannot_be_written(tmp_path: Path) -> None:
    polity = govsim.Polity(
        "s",
        institutions=[{"id": "v", "name": "bad \ud800", "kind": "electorate", "level": "local"}],
    )
    with pytest.raises(ValidationError, match="'institutions', column 'name', row 0"):
        govsim.save(polity, tmp_path / "s.parquet")


# ------------------------------------------------------------------ bad files
def _rewrite(path: Path, table: str, change: object) -> None:
    """Replace one table file with ``change(pyarrow table)``."""
    target = path / f"{table}.parquet"
    data = pq.read_table(target)
    pq.write_table(change(data), target)  # type: ignore[operator]


def _set(data: pa.Table, column: str, values: pa.Array) -> pa.Table:
    return data.set_column(data.schema.get_field_index(column), column, values)


def test_wrong_type_names_table_and_column(tmp_path: Path, small: govsim.Polity) -> None:
    path = _saved(small, tmp_path)
    _rewrite(
        path,
        "institutions",
        lambda d: _set(d, "seats", pa.array([str(v) for v in d.column("seats").to_pylist()])),
    )
    with pytest.raises(
        ValidationError,
        match=r"table 'institutions', column 'seats': must be an integer type\. Got string",
    ):
        govsim.load(path)


def test_missing_and_unknown_columns(tmp_path: Path, small: govsim.Polity) -> None:
    path = _saved(small, tmp_path)
    _rewrite(path, "relations", lambda d: d.drop_columns(["kind"]))
    with pytest.raises(ValidationError, match=r"table 'relations': missing column\(s\) \['kind'\]"):
        govsim.load(path)
    path = _saved(small, tmp_path)
    _rewrite(path, "territories", lambda d: d.append_column("colour", pa.array(["red"] * len(d))))
    with pytest.raises(
        ValidationError, match=r"table 'territories': unknown column\(s\) \['colour'\]"
    ):
        govsim.load(path)


def test_bad_kind_code(tmp_path: Path, small: govsim.Polity) -> None:
    path = _saved(small, tmp_path)

    def emperor(d: pa.Table) -> pa.Table:
        kinds = d.column("kind").to_pylist()
        kinds[4] = "emperor"
        return _set(d, "kind", pa.array(kinds).dictionary_encode())

    _rewrite(path, "institutions", emperor)
    with pytest.raises(
        ValidationError,
        match=r"table 'institutions', column 'kind', row 4: unknown value 'emperor'",
    ):
        govsim.load(path)


def test_null_where_none_is_allowed(tmp_path: Path, small: govsim.Polity) -> None:
    path = _saved(small, tmp_path)

    def hole(d: pa.Table) -> pa.Table:
        ids = d.column("id").to_pylist()
        ids[2] = None
        return _set(d, "id", pa.array(ids, type=pa.string()))

    _rewrite(path, "institutions", hole)
    with pytest.raises(ValidationError, match=r"column 'id', row 2: is null"):
        govsim.load(path)


def test_explicit_minus_one_is_not_none(tmp_path: Path, small: govsim.Polity) -> None:
    path = _saved(small, tmp_path)
    _rewrite(
        path, "relations", lambda d: _set(d, "seats", pa.array([-1] * len(d), type=pa.int64()))
    )
    with pytest.raises(
        ValidationError, match=r"column 'seats', row 0: must be >= 1 \(null for none\)"
    ):
        govsim.load(path)


def test_oversized_counts(
    tmp_path: Path, small: govsim.Polity, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _saved(small, tmp_path)
    monkeypatch.setattr("govsim.columnar.MAX_ROWS", 10)
    with pytest.raises(
        ValidationError, match=r"table 'territories': \d+ rows, more than MAX_ROWS = 10"
    ):
        govsim.load(path)
    monkeypatch.undo()
    assert 5 * small.n_relations <= MAX_ROWS
    path = _saved(small, tmp_path)
    long = "x" * (MAX_TEXT_LENGTH + 1)
    _rewrite(
        path,
        "institutions",
        lambda d: _set(d, "name", pa.array([long, *d.column("name").to_pylist()[1:]])),
    )
    with pytest.raises(
        ValidationError, match=r"column 'name', row 0: holds a text of more than MAX_TEXT_LENGTH"
    ):
        govsim.load(path)
    path = _saved(small, tmp_path)
    _rewrite(
        path,
        "institutions",
        lambda d: _set(d, "seats", pa.array([10**8] * len(d), type=pa.int64())),
    )
    with pytest.raises(ValidationError, match=r"field 'seats' must be <= 10000000 \(MAX_SEATS\)"):
        govsim.load(path)


def test_truncated_file(tmp_path: Path, small: govsim.Polity) -> None:
    for ext in SUFFIXES:
        path = _saved(small, tmp_path, ext)
        target = path / f"relations.{ext}"
        raw = target.read_bytes()
        target.write_bytes(raw[: len(raw) // 2])
        with pytest.raises(
            ValidationError,
            match=rf"relations\.{ext}: table 'relations': not a readable {ext} file",
        ):
            govsim.load(path)


def test_bad_metadata(tmp_path: Path, small: govsim.Polity) -> None:
    path = _saved(small, tmp_path)
    meta = path / "_polity.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps(data | {"version": 99}), encoding="utf-8")
    with pytest.raises(ValidationError, match="unsupported columnar format version 99"):
        govsim.load(path)
    meta.write_text(json.dumps(data | {"year": "1999"}), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"_polity\.json: field 'year'"):
        govsim.load(path)
    meta.write_text(json.dumps(data | {"colour": 1}), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"unknown field\(s\) \['colour'\]"):
        govsim.load(path)
    meta.unlink()
    with pytest.raises(ValidationError, match=r"_polity\.json: file not found"):
        govsim.load(path)


def test_bad_references_and_terms(tmp_path: Path, small: govsim.Polity) -> None:
    path = _saved(small, tmp_path)
    n = small.n_institutions
    _rewrite(
        path, "relations", lambda d: _set(d, "target", pa.array([n] * len(d), type=pa.int32()))
    )
    with pytest.raises(ValidationError, match=r"field 'target' refers to an unknown institution"):
        govsim.load(path)
    path = _saved(small, tmp_path)
    _rewrite(
        path,
        "institutions",
        lambda d: _set(d, "term_years", pa.array([500] * len(d), type=pa.int16())),
    )
    with pytest.raises(
        ValidationError, match=r"column 'term_years', row 0: .*the term rule is invalid"
    ):
        govsim.load(path)


def test_missing_directory_and_wrong_kind_of_path(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        govsim.load(tmp_path / "absent.parquet")
    (tmp_path / "flat.parquet").write_bytes(b"PAR1")
    with pytest.raises(ValidationError, match="not a directory"):
        govsim.load(tmp_path / "flat.parquet")
    with pytest.raises(ValidationError, match="exists and is not a directory"):
        govsim.save(synthetic(100), tmp_path / "flat.parquet")


def test_tables_match_the_columns(small: govsim.Polity) -> None:
    tables = arrow_tables(small)
    assert tables["institutions"].num_rows == small.n_institutions
    assert (
        tables["relations"].column("source").to_numpy().tolist()
        == small.relation_table.source.tolist()
    )
    ipc = pa.BufferOutputStream()
    with pyarrow.ipc.new_file(ipc, tables["relations"].schema) as writer:
        writer.write_table(tables["relations"])
    assert pyarrow.ipc.open_file(ipc.getvalue()).read_all().equals(tables["relations"])


def test_a_text_over_the_bound_is_refused_when_saving(tmp_path: Path) -> None:
    polity = govsim.Polity(
        "long",
        institutions=[
            {"id": "v", "name": "x" * (MAX_TEXT_LENGTH + 1), "kind": "electorate", "level": "local"}
        ],
    )
    with pytest.raises(
        ValidationError, match=r"'institutions', column 'name', row 0: .*MAX_TEXT_LENGTH"
    ):
        govsim.save(polity, tmp_path / "long.parquet")

"""Columnar polity files on Apache Arrow: Parquet and Arrow IPC.

A polity is three tables and a little metadata, so a columnar polity file is a
directory (the way Parquet datasets usually are) whose name ends in ``.parquet`` or
``.arrow``; :func:`govsim.save` and :func:`govsim.load` choose this format by that
suffix. Layout, format version 1 (:data:`COLUMNAR_VERSION`)::

    kazakhstan.parquet/
        _polity.json            metadata (see below)
        territories.parquet     one row per territory
        institutions.parquet    one row per institution
        relations.parquet       one row per relation

(``.arrow`` directories hold ``territories.arrow`` ... as Arrow IPC files, the
format also known as Feather v2.) The metadata file's name starts with ``_``, which
Arrow's dataset readers skip. Each table is an ordinary file that pandas, polars,
DuckDB or Spark read without govsim, e.g. ``pandas.read_parquet(
"kazakhstan.parquet/institutions.parquet")``; its Arrow schema metadata carries
``govsim`` = ``{"format": "govsim-columnar", "version": 1, "table": ...}``.

``_polity.json`` is a JSON object with ``format`` (``"govsim-columnar"``),
``version`` (1), ``name``, ``year``, ``description``, ``sources``,
``electoral_systems`` and ``rules`` (the latter two as in a JSON polity file).

Columns (``null`` is a missing value; references are 0-based row numbers of the
referenced table, so ``institutions.iloc[relations.source]`` is the source):

============  ===================  ======================================================
table         column               Arrow type, meaning
============  ===================  ======================================================
territories   id, name             string
              level                dictionary<string> (``national``, ``regional``, ...)
              parent               int32, row of the enclosing territory (null: none)
              population           int64 (null: unknown)
institutions  id, name             string
              kind, level          dictionary<string>
              territory            int32, row in territories (null: none)
              seats                int64
              term_years           int16 (null: no term rule; then so are the next three)
              term_max_terms       int16 (null: no limit)
              term_consecutive...  ``term_consecutive_only``: bool
              term_exempt...       ``term_exempt_incumbent``: bool
              role                 dictionary<string> (null: none)
relations     source, target       int32, rows in institutions
              kind                 dictionary<string>
              seats                int64 (null: all seats)
              threshold            float64 (null: none)
              note                 string (null: none)
============  ===================  ======================================================

Loading validates as every other path does (the tables go through
:meth:`Polity.from_arrays <govsim.model.Polity.from_arrays>`, the metadata through the
polity document model) and reports a bad file with a :class:`govsim.ValidationError`
naming the file, the table and the column: a missing or unknown column, a column of
the wrong Arrow type, a null where none is allowed, an unknown kind, a count over
its bound (:data:`MAX_ROWS`, :data:`MAX_TEXT_LENGTH`, :data:`MAX_METADATA_BYTES`), a
truncated or corrupt file. ``pyarrow`` is the optional extra ``arrow``
(``pip install govsim[arrow]``).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim._validation import nesting_depth
from govsim.errors import ValidationError
from govsim.model.build import pydantic_message, validate_document
from govsim.model.graph import from_columns
from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role, _Coded
from govsim.model.polity import Polity
from govsim.model.rows import TermRule

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "COLUMNAR_SUFFIXES",
    "COLUMNAR_VERSION",
    "MAX_METADATA_BYTES",
    "MAX_ROWS",
    "MAX_TEXT_LENGTH",
    "load_columnar",
    "save_columnar",
]

#: Version of the columnar layout written by :func:`save_columnar`.
COLUMNAR_VERSION = 1
#: Directory suffixes of columnar polity files, and the table files' suffix in each.
COLUMNAR_SUFFIXES = {".parquet": "parquet", ".arrow": "arrow"}
#: Most rows one table of a columnar file may have: 5x10^7. The largest polity govsim
#: builds (``synthetic`` at its bound of 5x10^6 offices) has about 1.5x10^7 relations;
#: India's ~3.1 million panchayat members, one institution each, would fit 16 times.
#: Checked from the file's footer before any column is read.
MAX_ROWS = 50_000_000
#: Longest id or name (in characters) a columnar file may hold: 1,000. Official
#: names of real bodies stay under 200 characters; ids are shorter. Text columns are
#: stored in memory as fixed-width arrays (every row as wide as the longest), so the
#: bound also bounds their memory. Notes are stored per row and are not bounded.
MAX_TEXT_LENGTH = 1_000
#: Largest ``_polity.json``: 64 MiB (the metadata of ``synthetic(10**6)``, a few
#: thousand electoral systems, is under 1 MiB).
MAX_METADATA_BYTES = 64 * 2**20
#: Deepest nesting of arrays and objects in ``_polity.json`` (as :data:`govsim.io.MAX_DEPTH`).
MAX_METADATA_DEPTH = 64

_FORMAT = "govsim-columnar"
_META = "_polity.json"
_TABLES = ("territories", "institutions", "relations")

# column -> (type class, nullable); the order is the order written
_SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "territories": {
        "id": ("text", False),
        "name": ("text", False),
        "level": ("enum", False),
        "parent": ("int", True),
        "population": ("int", True),
    },
    "institutions": {
        "id": ("text", False),
        "name": ("text", False),
        "kind": ("enum", False),
        "level": ("enum", False),
        "territory": ("int", True),
        "seats": ("int", False),
        "term_years": ("int", True),
        "term_max_terms": ("int", True),
        "term_consecutive_only": ("bool", True),
        "term_exempt_incumbent": ("bool", True),
        "role": ("enum", True),
    },
    "relations": {
        "source": ("int", False),
        "target": ("int", False),
        "kind": ("enum", False),
        "seats": ("int", True),
        "threshold": ("float", True),
        "note": ("note", True),
    },
}
_ENUMS: dict[tuple[str, str], type[_Coded]] = {
    ("territories", "level"): Level,
    ("institutions", "kind"): InstitutionKind,
    ("institutions", "level"): Level,
    ("institutions", "role"): Role,
    ("relations", "kind"): RelationKind,
}
_TYPE_NAMES = {
    "text": "string",
    "enum": "dictionary<string> or string",
    "int": "an integer type",
    "float": "a floating-point or integer type",
    "bool": "bool",
    "note": "string",
}


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is installed with the extra
        raise ValidationError(
            "Columnar files (.parquet, .arrow) need pyarrow: pip install 'govsim[arrow]'."
        ) from None
    return pa


# ------------------------------------------------------------------ text codecs
def utf8_from_unicode(values: NDArray[np.str_]) -> pa.Array:
    """An Arrow string array of a numpy unicode column, without per-row Python objects.

    The code points are read from the array's UCS-4 buffer and encoded to UTF-8 in
    vectorized steps (one byte for ASCII, two to four otherwise); a lone surrogate,
    which UTF-8 cannot hold, raises ``ValueError``.
    """
    pa = _pyarrow()
    n = values.shape[0]
    width = values.dtype.itemsize // 4
    if n == 0 or width == 0:
        return pa.array([""] * n, type=pa.string())
    contiguous = np.ascontiguousarray(values)
    points = contiguous.view(np.uint32).reshape(n, width)
    lens = np.strings.str_len(values).astype(np.int64)
    used = np.arange(width) < lens[:, None]
    if int(points.max()) < 0x80:  # ASCII: each character is the low byte of its code point
        data = contiguous.view(np.uint8).reshape(n, width, 4)[:, :, 0][used]
        nbytes = lens
    else:
        flat = points[used]
        if ((flat >= 0xD800) & (flat <= 0xDFFF)).any():
            raise ValueError("a lone surrogate code point, which UTF-8 cannot store")
        nb = (1 + (flat >= 0x80) + (flat >= 0x800) + (flat >= 0x10000)).astype(np.int64)
        end = np.cumsum(nb)
        start = end - nb
        data = np.empty(int(end[-1]), dtype=np.uint8)
        for size, lead in ((1, 0x00), (2, 0xC0), (3, 0xE0), (4, 0xF0)):
            sel = nb == size
            s, c = start[sel], flat[sel]
            data[s] = lead | (c >> (6 * (size - 1)))
            for k in range(1, size):
                data[s + k] = 0x80 | ((c >> (6 * (size - 1 - k))) & 0x3F)
        row_end = np.cumsum(lens)
        byte_end = np.concatenate([[0], end])[row_end]
        nbytes = np.diff(byte_end, prepend=0)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(nbytes, out=offsets[1:])
    if offsets[-1] < 2**31:
        kind, offsets = pa.string(), offsets.astype(np.int32)
    else:
        kind = pa.large_string()
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def unicode_from_utf8(array: pa.Array) -> tuple[NDArray[np.str_], NDArray[np.uint8]]:
    """(numpy unicode column, the raw UTF-8 bytes) of an Arrow string array without nulls.

    Vectorized: code points are decoded from the UTF-8 buffer and scattered into a
    fixed-width UCS-4 array as wide as the longest string. The bytes are returned so
    that callers can look for characters (NUL, line breaks) without a second pass.
    Invalid UTF-8 raises ``ValueError`` (checked by Arrow's full validation first).
    """
    pa = _pyarrow()
    n = len(array)
    array.validate(full=True)  # UTF-8 and offsets; raises ArrowInvalid
    offsets_buf, data_buf = array.buffers()[1:3]
    wide = pa.types.is_large_string(array.type)
    offsets = np.frombuffer(offsets_buf, dtype=np.int64 if wide else np.int32)
    offsets = offsets[array.offset : array.offset + n + 1].astype(np.int64)
    data = (
        np.frombuffer(data_buf, dtype=np.uint8)[offsets[0] : offsets[-1]]
        if data_buf is not None and n
        else np.zeros(0, dtype=np.uint8)
    )
    offsets = offsets - offsets[0] if n else np.zeros(1, dtype=np.int64)
    if data.size == 0:
        return np.zeros(n, dtype="<U1"), data
    points: NDArray[Any]
    if int(data.max()) < 0x80:  # ASCII: the bytes are the code points, cast as they are written
        lens = np.diff(offsets)
        points = data
    else:
        lead = (data & 0xC0) != 0x80
        pos = np.flatnonzero(lead)
        padded = np.concatenate([data, np.zeros(3, dtype=np.uint8)]).astype(np.uint32)
        b0 = padded[pos]
        b1, b2, b3 = padded[pos + 1] & 0x3F, padded[pos + 2] & 0x3F, padded[pos + 3] & 0x3F
        points = np.select(
            [b0 < 0x80, b0 < 0xE0, b0 < 0xF0],
            [b0, ((b0 & 0x1F) << 6) | b1, ((b0 & 0x0F) << 12) | (b1 << 6) | b2],
            ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3,
        ).astype(np.uint32)
        count = np.concatenate([[0], np.cumsum(lead)])
        lens = count[offsets[1:]] - count[offsets[:-1]]
    width = max(int(lens.max()), 1)
    out = np.zeros((n, width), dtype=np.uint32)
    out[np.arange(width) < lens[:, None]] = points
    return out.view(f"<U{width}").reshape(n), data


# ------------------------------------------------------------------ writing
def _codes_array(codes: NDArray[Any], enum: type[_Coded], nullable: bool) -> pa.Array:
    pa = _pyarrow()
    names = pa.array([m.value for m in enum.members()], type=pa.string())
    indices = np.asarray(codes, dtype=np.int8)
    mask = indices < 0 if nullable else None
    return pa.DictionaryArray.from_arrays(
        pa.array(np.maximum(indices, 0), type=pa.int8(), mask=mask), names
    )


def _optional(values: NDArray[Any], missing: NDArray[np.bool_], kind: pa.DataType) -> pa.Array:
    pa = _pyarrow()
    return pa.array(values, type=kind, mask=missing if missing.any() else None)


def _text(values: NDArray[np.str_], table: str, column: str) -> pa.Array:
    if values.dtype.itemsize // 4 > MAX_TEXT_LENGTH:  # what load_columnar would refuse
        lens = np.strings.str_len(values)
        if lens.max(initial=0) > MAX_TEXT_LENGTH:
            raise ValidationError(
                f"table {table!r}, column {column!r}, row {int(np.argmax(lens))}: a text of "
                f"more than MAX_TEXT_LENGTH = {MAX_TEXT_LENGTH} characters; save it as JSON."
            )
    try:
        return utf8_from_unicode(values)
    except ValueError as exc:
        bad = next(i for i, v in enumerate(values.tolist()) if not _encodable(v))
        raise ValidationError(
            f"table {table!r}, column {column!r}, row {bad}: cannot be written as UTF-8 ({exc})."
        ) from None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _notes(values: NDArray[Any]) -> pa.Array:
    pa = _pyarrow()
    # one conversion, then its null count (a scan of the objects for None first cost
    # more than the conversion of 2.9x10^6 of them)
    notes = pa.array(values, type=pa.string(), from_pandas=True)
    if notes.null_count == values.shape[0]:
        return pa.nulls(values.shape[0], type=pa.string())
    return notes


def _term_columns(terms: NDArray[Any]) -> dict[str, pa.Array]:
    """The four term columns from the object column, looking only at the set rows."""
    pa = _pyarrow()
    n = terms.shape[0]
    rows = np.flatnonzero(terms != None)  # noqa: E711 - elementwise on an object array
    years = np.zeros(n, dtype=np.int16)
    limit = np.zeros(n, dtype=np.int16)
    consecutive = np.zeros(n, dtype=bool)
    exempt = np.zeros(n, dtype=bool)
    no_limit = np.ones(n, dtype=bool)
    seen: dict[int, tuple[int, int, bool, bool]] = {}
    for k in rows.tolist():
        rule = terms[k]
        key = id(rule)
        if key not in seen:
            seen[key] = (
                rule.years,
                -1 if rule.max_terms is None else rule.max_terms,
                rule.consecutive_only,
                rule.exempt_incumbent,
            )
        y, m, c, e = seen[key]
        years[k], consecutive[k], exempt[k] = y, c, e
        if m >= 0:
            limit[k], no_limit[k] = m, False
    unset = np.ones(n, dtype=bool)
    unset[rows] = False
    return {
        "term_years": _optional(years, unset, pa.int16()),
        "term_max_terms": _optional(limit, no_limit, pa.int16()),
        "term_consecutive_only": _optional(consecutive, unset, pa.bool_()),
        "term_exempt_incumbent": _optional(exempt, unset, pa.bool_()),
    }


def arrow_tables(polity: Polity) -> dict[str, pa.Table]:
    """The three tables of the columnar layout as Arrow tables (what :func:`save_columnar` writes)."""
    pa = _pyarrow()
    t, i, r = polity.territory_table, polity.institution_table, polity.relation_table
    columns: dict[str, dict[str, Any]] = {
        "territories": {
            "id": _text(t.id, "territories", "id"),
            "name": _text(t.name, "territories", "name"),
            "level": _codes_array(t.level, Level, False),
            "parent": _optional(t.parent, t.parent < 0, pa.int32()),
            "population": _optional(t.population, t.population < 0, pa.int64()),
        },
        "institutions": {
            "id": _text(i.id, "institutions", "id"),
            "name": _text(i.name, "institutions", "name"),
            "kind": _codes_array(i.kind, InstitutionKind, False),
            "level": _codes_array(i.level, Level, False),
            "territory": _optional(i.territory, i.territory < 0, pa.int32()),
            "seats": pa.array(i.seats, type=pa.int64()),
            **_term_columns(i.term),
            "role": _codes_array(i.role, Role, True),
        },
        "relations": {
            "source": pa.array(r.source, type=pa.int32()),
            "target": pa.array(r.target, type=pa.int32()),
            "kind": _codes_array(r.kind, RelationKind, False),
            "seats": _optional(r.seats, r.seats < 0, pa.int64()),
            "threshold": _optional(r.threshold, np.isnan(r.threshold), pa.float64()),
            "note": _notes(r.note),
        },
    }
    out = {}
    for table, cols in columns.items():
        tag = json.dumps({"format": _FORMAT, "version": COLUMNAR_VERSION, "table": table})
        out[table] = pa.table(cols).replace_schema_metadata({"govsim": tag})
    return out


def _metadata(polity: Polity) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "version": COLUMNAR_VERSION,
        "name": polity.name,
        "year": polity.year,
        "description": polity.description,
        "sources": list(polity.sources),
        "electoral_systems": [
            s.model_dump(mode="json", exclude_none=True) for s in polity.electoral_systems
        ],
        "rules": [r.model_dump(mode="json", exclude_none=True) for r in polity.rules],
    }


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in COLUMNAR_SUFFIXES:
        raise ValidationError(
            f"{path}: a columnar polity file is a directory ending in .parquet or .arrow; "
            f"got {suffix!r}."
        )
    return COLUMNAR_SUFFIXES[suffix]


def parquet_options(schema: pa.Schema) -> dict[str, Any]:
    """Parquet writer options for one table: dictionary pages and statistics where they pay.

    Dictionary encoding only for the coded columns (kinds, levels, roles: Arrow
    dictionary arrays already, a handful of values); the text columns (ids and names,
    nearly all distinct, and the notes) are written plain, as Parquet falls back to for
    them anyway once a dictionary page is full. Min/max statistics for every column
    but the text ones, whose page bounds select nothing. At ``synthetic(10**6)``
    pyarrow writes and reads the three tables in 0.33 s with these options against
    0.48 s with its defaults, and the files are 33.0 MB against 35.5 MB
    (``benchmarks/bench_io.py --phases columnar``, 2026-12-02, load 0.4).
    """
    pa = _pyarrow()
    coded = [f.name for f in schema if pa.types.is_dictionary(f.type)]
    text = (pa.types.is_string, pa.types.is_large_string)
    plain = [f.name for f in schema if not any(t(f.type) for t in text)]
    return {"use_dictionary": coded, "write_statistics": plain}


def save_columnar(polity: Polity, path: str | Path) -> None:
    """Write a polity as a columnar directory (Parquet or Arrow IPC, by the suffix).

    The directory is created if needed; the four files of the layout are written
    (replaced) in it, others are left alone. ``load_columnar(path) == polity``.

    Raises
    ------
    govsim.ValidationError
        If the suffix is neither ``.parquet`` nor ``.arrow``, the path is an existing
        file, a text cannot be encoded as UTF-8, or the files cannot be written.
    """
    pa = _pyarrow()
    path = Path(path)
    ext = _suffix(path)
    tables = arrow_tables(polity)
    meta = json.dumps(_metadata(polity), indent=1, ensure_ascii=False) + "\n"
    try:
        if path.exists() and not path.is_dir():
            raise ValidationError(
                f"{path}: exists and is not a directory; a columnar polity file is a directory."
            )
        path.mkdir(parents=True, exist_ok=True)
        for table, data in tables.items():
            target = path / f"{table}.{ext}"
            if ext == "parquet":
                import pyarrow.parquet as pq

                pq.write_table(data, target, **parquet_options(data.schema))
            else:
                with pa.OSFile(str(target), "wb") as sink, pa.ipc.new_file(sink, data.schema) as w:
                    w.write_table(data)
        (path / _META).write_text(meta, encoding="utf-8")
    except ValueError as exc:  # an embedded NUL character in the path
        raise ValidationError(f"{str(path)!r}: cannot write ({exc})") from None
    except (OSError, pa.ArrowException) as exc:
        raise ValidationError(f"{path}: cannot write file ({exc})") from None


# ------------------------------------------------------------------ reading
def _regular_file(path: Path) -> None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ValidationError(f"{path}: file not found (a file of the columnar layout)") from None
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{path}: cannot read file ({exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(f"{path}: not a regular file")


def _read_metadata(path: Path) -> dict[str, Any]:
    meta = path / _META
    _regular_file(meta)
    size = meta.stat().st_size
    if size > MAX_METADATA_BYTES:
        raise ValidationError(
            f"{meta}: {size} bytes, more than MAX_METADATA_BYTES = {MAX_METADATA_BYTES}."
        )
    try:
        data = json.loads(meta.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{meta}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{meta}: JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except (RecursionError, ValueError) as exc:
        raise ValidationError(f"{meta}: cannot be read: {exc}") from None
    except OSError as exc:
        raise ValidationError(f"{meta}: cannot read file ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{meta}: the top level must be an object.")
    if nesting_depth(data, MAX_METADATA_DEPTH) > MAX_METADATA_DEPTH:
        raise ValidationError(
            f"{meta}: nested deeper than {MAX_METADATA_DEPTH} levels (MAX_METADATA_DEPTH)."
        )
    if data.get("format") != _FORMAT:
        raise ValidationError(
            f"{meta}: field 'format' must be {_FORMAT!r}. Got {data.get('format')!r} instead."
        )
    version = data.get("version")
    if version != COLUMNAR_VERSION or isinstance(version, bool):
        raise ValidationError(
            f"{meta}: field 'version': unsupported columnar format version {version!r}; "
            f"this govsim reads version {COLUMNAR_VERSION}."
        )
    known = {"format", "version", "name", "year", "description", "sources"}
    known |= {"electoral_systems", "rules"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(f"{meta}: unknown field(s) {unknown}; known: {sorted(known)}.")
    return data


def _read_table(path: Path, table: str, ext: str) -> pa.Table:
    """Read one table file, checking its row count and columns before reading data."""
    pa = _pyarrow()
    target = path / f"{table}.{ext}"
    _regular_file(target)
    where = f"{target}: table {table!r}"
    try:
        if ext == "parquet":
            import pyarrow.parquet as pq

            handle = pq.ParquetFile(str(target), memory_map=True)
            n_rows, schema = handle.metadata.num_rows, handle.schema_arrow
            _check_schema(schema, table, where, n_rows)
            data = handle.read()
        else:
            reader = pa.ipc.open_file(pa.memory_map(str(target)))
            schema = reader.schema
            n_rows = sum(reader.get_batch(k).num_rows for k in range(reader.num_record_batches))
            _check_schema(schema, table, where, n_rows)
            data = reader.read_all()
    except ValidationError:
        raise
    except (OSError, pa.ArrowException, ValueError) as exc:
        raise ValidationError(f"{where}: not a readable {ext} file ({exc})") from None
    return data


def _check_schema(schema: pa.Schema, table: str, where: str, n_rows: int) -> None:
    pa = _pyarrow()
    if n_rows > MAX_ROWS:
        raise ValidationError(f"{where}: {n_rows} rows, more than MAX_ROWS = {MAX_ROWS}.")
    spec = _SCHEMA[table]
    names = list(schema.names)
    unknown = [c for c in names if c not in spec]
    if unknown:
        raise ValidationError(
            f"{where}: unknown column(s) {unknown}. Known columns: {', '.join(spec)}."
        )
    if len(set(names)) != len(names):
        raise ValidationError(f"{where}: a column appears twice ({names}).")
    missing = [c for c in spec if c not in names]
    if missing:
        raise ValidationError(f"{where}: missing column(s) {missing}.")
    types = pa.types
    for column, (kind, _nullable) in spec.items():
        dtype = schema.field(column).type
        ok = {
            "text": types.is_string(dtype) or types.is_large_string(dtype),
            "note": types.is_string(dtype) or types.is_large_string(dtype) or types.is_null(dtype),
            "enum": types.is_string(dtype)
            or types.is_large_string(dtype)
            or (
                types.is_dictionary(dtype)
                and (types.is_string(dtype.value_type) or types.is_large_string(dtype.value_type))
            ),
            "int": types.is_integer(dtype) or (types.is_null(dtype) and _nullable),
            "float": types.is_floating(dtype)
            or types.is_integer(dtype)
            or (types.is_null(dtype) and _nullable),
            "bool": types.is_boolean(dtype) or (types.is_null(dtype) and _nullable),
        }[kind]
        if not ok:
            raise ValidationError(
                f"{where}, column {column!r}: must be {_TYPE_NAMES[kind]}. Got {dtype} instead."
            )


class _Columns:
    """Conversions of one table's Arrow columns to numpy, with errors naming the column."""

    def __init__(self, data: pa.Table, table: str, where: str) -> None:
        self.data, self.table, self.where = data, table, where
        self.n = data.num_rows

    def _array(self, column: str) -> pa.Array:
        chunked = self.data.column(column)
        return chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)

    def _fail(self, column: str, row: int | None, message: str) -> ValidationError:
        at = "" if row is None else f", row {row}"
        return ValidationError(f"{self.where}, column {column!r}{at}: {message}")

    def _no_nulls(self, column: str, array: pa.Array) -> None:
        if array.null_count:
            import pyarrow.compute as pc

            row = int(np.flatnonzero(pc.is_null(array).to_numpy(zero_copy_only=False))[0])
            raise self._fail(column, row, "is null; this column has no missing values.")

    def text(self, column: str, *, identifier: bool) -> NDArray[np.str_]:
        array = self._array(column)
        self._no_nulls(column, array)
        try:
            values, data = unicode_from_utf8(array)
        except (ValueError, Exception) as exc:
            raise self._fail(column, None, f"is not valid UTF-8 text ({exc}).") from None
        width = values.dtype.itemsize // 4
        if width > MAX_TEXT_LENGTH:
            row = int(np.argmax(np.strings.str_len(values)))
            raise self._fail(
                column,
                row,
                f"holds a text of more than MAX_TEXT_LENGTH = {MAX_TEXT_LENGTH} characters.",
            )
        points = values.view(np.uint32).reshape(self.n, width) if self.n else None
        if points is not None and (data == 0).any():
            # numpy drops trailing NULs: refuse NULs in ids, trailing ones anywhere
            lens = np.asarray(array.value_lengths()).astype(np.int64)
            if identifier:
                bad = np.flatnonzero((points == 0).any(axis=1) & (lens > 0))
                bad = bad if bad.size else np.flatnonzero(np.strings.str_len(values) != lens)
            else:
                bad = np.flatnonzero(np.strings.str_len(values) < _char_lengths(array))
            if bad.size:
                raise self._fail(column, int(bad[0]), "must not contain a NUL character.")
        if identifier and points is not None and (data == 0x0A).any():
            row = int(np.flatnonzero((points == 0x0A).any(axis=1))[0])
            raise self._fail(column, row, f"id {str(values[row])!r} holds a line break.")
        return values

    def enum(self, column: str, enum: type[_Coded], nullable: bool) -> NDArray[np.int8]:
        pa = _pyarrow()
        array = self._array(column)
        if not nullable:
            self._no_nulls(column, array)
        if not pa.types.is_dictionary(array.type):
            array = array.dictionary_encode()
        names = array.dictionary.to_pylist()
        lookup = enum._positions()
        mapping = np.array([lookup.get(v, -2) for v in names] + [-1], dtype=np.int8)
        indices = array.indices.fill_null(len(names)).to_numpy(zero_copy_only=False)
        out: NDArray[np.int8] = mapping[indices.astype(np.int64)]
        bad = np.flatnonzero(out == -2)
        if bad.size:
            value = names[int(indices[bad[0]])]
            known = ", ".join(m.value for m in enum)
            raise self._fail(
                column, int(bad[0]), f"unknown value {value!r}. Known values: {known}."
            )
        return out

    def ints(self, column: str, nullable: bool, *, minimum: int, none: int) -> NDArray[np.int64]:
        """An integer column; nulls become ``none``; set values must be >= ``minimum``."""
        array = self._array(column)
        if not nullable:
            self._no_nulls(column, array)
        pa = _pyarrow()
        if pa.types.is_null(array.type):
            return np.full(self.n, none, dtype=np.int64)
        if pa.types.is_uint64(array.type):
            import pyarrow.compute as pc

            big = pc.greater(array, 2**62).fill_null(False).to_numpy(zero_copy_only=False)
            if big.any():
                row = int(np.flatnonzero(big)[0])
                raise self._fail(column, row, f"{array[row].as_py()} is out of range.")
        values: NDArray[np.int64] = (
            array.fill_null(none).to_numpy(zero_copy_only=False).astype(np.int64)
        )
        set_rows = ~array.is_null().to_numpy(zero_copy_only=False) if array.null_count else None
        low = values < minimum if set_rows is None else (values < minimum) & set_rows
        if low.any():
            row = int(np.flatnonzero(low)[0])
            hint = " (null for none)" if nullable else ""
            raise self._fail(
                column, row, f"must be >= {minimum}{hint}. Got {int(values[row])} instead."
            )
        return values

    def floats(self, column: str) -> NDArray[np.float64]:
        pa = _pyarrow()
        array = self._array(column)
        if pa.types.is_null(array.type):
            return np.full(self.n, np.nan)
        values: NDArray[np.float64] = array.to_numpy(zero_copy_only=False).astype(np.float64)
        set_rows = ~array.is_null().to_numpy(zero_copy_only=False)
        nan = np.isnan(values) & set_rows
        if nan.any():
            raise self._fail(column, int(np.flatnonzero(nan)[0]), "is NaN (null for none).")
        return values

    def bools(self, column: str) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """(values, set) of a nullable bool column."""
        pa = _pyarrow()
        array = self._array(column)
        if pa.types.is_null(array.type):
            return np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=bool)
        values = array.fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
        return values, ~array.is_null().to_numpy(zero_copy_only=False)

    def notes(self, column: str) -> NDArray[Any] | None:
        """The note column as objects (str or None); None when every row is null, so
        that the table fills the column itself without reading it row by row."""
        pa = _pyarrow()
        array = self._array(column)
        if pa.types.is_null(array.type) or array.null_count == self.n:
            return None
        out = np.full(self.n, None, dtype=object)
        try:
            array.validate(full=True)
        except pa.ArrowException as exc:
            raise self._fail(column, None, f"is not valid UTF-8 text ({exc}).") from None
        rows = np.flatnonzero(~array.is_null().to_numpy(zero_copy_only=False))
        out[rows] = array.drop_null().to_pylist()
        return out


def _char_lengths(array: pa.Array) -> NDArray[np.int64]:
    import pyarrow.compute as pc

    return np.asarray(pc.utf8_length(array).to_numpy(zero_copy_only=False), dtype=np.int64)


def _terms(cols: _Columns, ids: NDArray[np.str_]) -> NDArray[Any]:
    """The term column (TermRule or None) from the four term columns, one object per rule."""
    years = cols.ints("term_years", True, minimum=0, none=-1)
    limit = cols.ints("term_max_terms", True, minimum=0, none=-1)
    consecutive, consecutive_set = cols.bools("term_consecutive_only")
    exempt, exempt_set = cols.bools("term_exempt_incumbent")
    has = years >= 0
    for column, given in (
        ("term_max_terms", limit >= 0),
        ("term_consecutive_only", consecutive_set),
        ("term_exempt_incumbent", exempt_set),
    ):
        stray = given & ~has
        if stray.any():
            raise cols._fail(
                column, int(np.flatnonzero(stray)[0]), "is set but term_years is null."
            )
    out = np.full(cols.n, None, dtype=object)
    rows = np.flatnonzero(has)
    if rows.size == 0:
        return out
    keys = np.stack(
        [
            years[rows],
            limit[rows],
            consecutive[rows].astype(np.int64),
            exempt[rows].astype(np.int64),
        ],
        axis=1,
    )
    distinct, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    rules = np.empty(distinct.shape[0], dtype=object)
    for k, (y, m, c, e) in enumerate(distinct.tolist()):
        try:
            rules[k] = TermRule(
                years=y,
                max_terms=None if m < 0 else m,
                consecutive_only=bool(c),
                exempt_incumbent=bool(e),
            )
        except Exception as exc:
            row = int(rows[first[k]])
            raise cols._fail(
                "term_years" if "years" in str(exc) else "term_max_terms",
                row,
                f"(institution {str(ids[row])!r}) the term rule is invalid: {pydantic_message(exc)}",
            ) from None
    out[rows] = rules[inverse.reshape(-1)]
    return out


def load_columnar(path: str | Path) -> Polity:
    """Read a columnar polity directory written by :func:`save_columnar` (or by any tool
    that follows the layout of this module's docstring).

    Raises
    ------
    govsim.ValidationError
        If the path is not a directory with a ``.parquet`` or ``.arrow`` suffix, a file
        of the layout is missing, unreadable or truncated, a column is missing, unknown,
        of the wrong type, null where it may not be, holds an unknown kind or a value
        out of range, a count exceeds its bound, or the polity breaks a rule; the
        message names the file, the table and the column (or the row's id).

    Examples
    --------
    >>> import govsim, tempfile, os
    >>> p = govsim.scenarios.synthetic(200, seed=1)
    >>> path = os.path.join(tempfile.mkdtemp(), "p.parquet")
    >>> govsim.save(p, path)
    >>> govsim.load(path) == p
    True
    """
    path = Path(path)
    ext = _suffix(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ValidationError(f"{path}: file not found") from None
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{path}: cannot read ({exc})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise ValidationError(
            f"{path}: not a directory; a columnar polity file is a directory of tables "
            "(see govsim.columnar)."
        )
    meta = _read_metadata(path)
    try:
        doc = validate_document(
            {k: meta[k] for k in ("name", "year", "description", "sources") if k in meta}
            | {k: meta.get(k, []) for k in ("electoral_systems", "rules")}
        )
    except ValidationError as exc:
        raise ValidationError(f"{path / _META}: {exc}") from None

    def table(name: str) -> _Columns:
        return _Columns(
            _read_table(path, name, ext), name, f"{path / f'{name}.{ext}'}: table {name!r}"
        )

    t = table("territories")
    t_ids = t.text("id", identifier=True)
    territories = {
        "id": t_ids,
        "name": t.text("name", identifier=False),
        "level": t.enum("level", Level, False),
        "parent": t.ints("parent", True, minimum=0, none=-1),
        "population": t.ints("population", True, minimum=0, none=-1),
    }
    del t
    i = table("institutions")
    i_ids = i.text("id", identifier=True)
    institutions = {
        "id": i_ids,
        "name": i.text("name", identifier=False),
        "kind": i.enum("kind", InstitutionKind, False),
        "level": i.enum("level", Level, False),
        "territory": i.ints("territory", True, minimum=0, none=-1),
        "seats": i.ints("seats", False, minimum=-(2**62), none=1),
        "term": _terms(i, i_ids),
        "role": i.enum("role", Role, True),
    }
    del i
    r = table("relations")
    relations = {
        "source": r.ints("source", False, minimum=0, none=-1),
        "target": r.ints("target", False, minimum=0, none=-1),
        "kind": r.enum("kind", RelationKind, False),
        "seats": r.ints("seats", True, minimum=1, none=-1),
        "threshold": r.floats("threshold"),
    }
    notes = r.notes("note")
    if notes is not None:  # no key: every note is none
        relations["note"] = notes
    del r
    try:
        return from_columns(Polity, doc, territories, institutions, relations)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None

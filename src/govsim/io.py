"""Files and graph libraries: JSON/TOML polity files, networkx, GraphML.

Loading never executes anything from a file: TOML goes through the standard
library's :mod:`tomllib`, JSON through :mod:`json`, and both through the pydantic
document model, which forbids unknown keys.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim._validation import nesting_depth
from govsim.errors import ValidationError
from govsim.model.document import FORMAT_VERSION, PolityDocument
from govsim.model.graph import collector_paused, from_columns, from_document
from govsim.model.graph import from_networkx as polity_from_graph
from govsim.model.graph import to_networkx as graph_of
from govsim.model.polity import Polity

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "GRAPHML_ATTRIBUTES",
    "MAX_DEPTH",
    "MissingFileError",
    "from_networkx",
    "json_chunks",
    "json_text",
    "load",
    "load_polity",
    "polity_from_document",
    "read_bytes",
    "read_document",
    "read_graphml",
    "save",
    "to_networkx",
    "write_graphml",
]


#: Deepest nesting of arrays and tables (objects) a file may have. The deepest real
#: document is a polity's electoral system (``electoral_systems`` > system > ``tiers`` >
#: tier: depth 4) or a scenario's selector (``reforms`` > step > ``offices`` > ``ids``:
#: depth 4); 64 leaves ample room while keeping the parsers (recursive) and every
#: later walk far from Python's recursion limit. Checked before parsing.
MAX_DEPTH = 64

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: TOML strings (multi-line first) and comments, skipped when counting brackets.
_TOML_SKIP = re.compile(
    r'"""(?:[^\\"]|\\.|"(?!""))*"""'
    r"|'''(?:[^']|'(?!''))*'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
)
#: A dotted TOML key of more than MAX_DEPTH parts (``a.b.c...``; quoted parts are
#: removed with the strings first). Anchored at a part's start and possessive, so the
#: search stays linear.
_TOML_DOTTED = re.compile(
    r"(?<![A-Za-z0-9_-])(?:[A-Za-z0-9_-]*+[ \t]*+\.[ \t]*+){" + str(MAX_DEPTH) + "}"
)


#: Suffixes of columnar polity directories (:mod:`govsim.columnar`).
_COLUMNAR = (".parquet", ".arrow")


class MissingFileError(ValidationError, FileNotFoundError):
    """A file that does not exist: a :class:`govsim.ValidationError` naming the file, and
    a :class:`FileNotFoundError` for code that catches that."""


def _bracket_depth(data: NDArray[np.uint8], quotes: NDArray[np.intp] | None = None) -> int:
    """The deepest bracket nesting of ``data``, leaving out brackets inside quotes.

    ``quotes`` are the sorted positions of the quotes that open or close a string; a
    bracket is outside every string when an even number of them precede it.
    """
    # brackets are ASCII, so a byte of a multi-byte UTF-8 sequence is never one
    where = np.flatnonzero(
        (data == ord("[")) | (data == ord("{")) | (data == ord("]")) | (data == ord("}"))
    )
    if quotes is not None and quotes.size:
        where = where[np.searchsorted(quotes, where) % 2 == 0]
    kind = data[where]
    steps = np.where((kind == ord("[")) | (kind == ord("{")), 1, -1)
    return int(np.cumsum(steps).max(initial=0))


#: Byte classes for the JSON nesting scan: 1 quote, 2 backslash, 3 opening, 4 closing bracket.
_JSON_CLASS = np.zeros(256, dtype=np.uint8)
_JSON_CLASS[ord('"')] = 1
_JSON_CLASS[ord("\\")] = 2
_JSON_CLASS[[ord("["), ord("{")]] = 3
_JSON_CLASS[[ord("]"), ord("}")]] = 4
#: The same bytes marked 1, all others 0 (a bytes.translate table).
_JSON_MARK = bytes((_JSON_CLASS > 0).astype(np.uint8).tolist())


def _json_nesting(text: str | bytes) -> int:
    """The deepest nesting of JSON arrays and objects in ``text``, without parsing it.

    A quote opens or closes a string unless an odd number of backslashes precedes
    it; brackets between an opening and a closing quote do not count. Vectorized: one
    pass classifies every byte (a table lookup), the rest works on the positions of
    quotes, backslashes and brackets only, so the scan costs a fraction of a parse.
    ``text`` may be the file's UTF-8 bytes (no second encoding of a large file).
    """
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    data = np.frombuffer(raw, dtype=np.uint8)
    # bytes.translate marks the interesting bytes with 1 (twice as fast as a numpy lookup)
    where = np.flatnonzero(np.frombuffer(raw.translate(_JSON_MARK), dtype=np.bool_))
    kinds = _JSON_CLASS[data[where]]
    quotes = where[kinds == 1]
    backslashes = where[kinds == 2]
    if backslashes.size and quotes.size:
        after_backslash = quotes[(quotes > 0) & (data[np.maximum(quotes - 1, 0)] == ord("\\"))]
        if after_backslash.size:
            run_starts = backslashes[np.diff(backslashes, prepend=-2) != 1]
            start = run_starts[np.searchsorted(run_starts, after_backslash - 1, side="right") - 1]
            escaped = after_backslash[(after_backslash - start) % 2 == 1]
            quotes = np.setdiff1d(quotes, escaped, assume_unique=True)
    brackets = where[kinds >= 3]
    steps = np.where(_JSON_CLASS[data[brackets]] == 3, 1, -1)
    if quotes.size:
        steps = steps[np.searchsorted(quotes, brackets) % 2 == 0]
    return int(np.cumsum(steps).max(initial=0))


def _toml_nesting(text: str) -> int:
    """The deepest nesting of TOML arrays and inline tables, outside strings and comments."""
    bare = _TOML_SKIP.sub("", text)
    if _TOML_DOTTED.search(bare):  # a dotted key nests tables without brackets
        return MAX_DEPTH + 1
    return _bracket_depth(np.frombuffer(bare.encode("utf-8", "surrogatepass"), dtype=np.uint8))


def _too_deep(path: Path) -> ValidationError:
    return ValidationError(
        f"{path}: nested deeper than {MAX_DEPTH} levels of arrays and tables (MAX_DEPTH); "
        "no govsim file needs more."
    )


def _regular_file(path: Path) -> int:
    """The size of a regular file, checked with :func:`os.stat` (see :func:`read_bytes`)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise MissingFileError(f"{path}: file not found") from None
    except ValueError:  # an embedded NUL character: no such file can exist
        raise ValidationError(
            f"{str(path)!r}: a file name cannot contain a NUL character"
        ) from None
    except OSError as exc:  # a symbolic link loop, a name too long, no permission
        raise ValidationError(f"{path}: cannot read file ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ValidationError(f"{path}: is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(f"{path}: not a regular file (a FIFO, socket or device)")
    return info.st_size


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file; every failure is a govsim error naming the file.

    The file type is checked with :func:`os.stat` before the file is opened, so a FIFO,
    a device or a directory is refused without blocking or reading without end.

    Raises
    ------
    MissingFileError
        If the file does not exist (also a :class:`FileNotFoundError`).
    govsim.ValidationError
        If the path holds a NUL character, is not a regular file (a directory, a FIFO,
        a device), loops through symbolic links or cannot be read.
    """
    path = Path(path)
    _regular_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read file ({exc.strerror})") from None


def _read_padded(path: Path) -> tuple[bytearray, int]:
    """(the bytes of a regular file and 8 zero bytes, the file's size), as :func:`read_bytes`
    checks and reads it; the padding lets every byte start a 64-bit word."""
    size = _regular_file(path)
    buf = bytearray(size + 8)
    try:
        with open(path, "rb") as f:
            got = f.readinto(memoryview(buf)[:size])
            if got != size or f.read(1):  # the file changed size since stat
                return bytearray(path.read_bytes() + bytes(8)), -1
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read file ({exc.strerror})") from None
    return buf, size


def read_document(path: str | Path) -> dict[str, Any]:
    """Read a TOML or JSON file into a dict, with errors that name the file and line.

    Nothing is parsed before the file is known to be a regular file of UTF-8 text
    whose arrays and tables nest at most :data:`MAX_DEPTH` deep.

    Raises
    ------
    MissingFileError
        If the file does not exist (also a :class:`FileNotFoundError`).
    govsim.ValidationError
        If the suffix is not ``.toml`` or ``.json``, the path is not a readable regular
        file, the text is not UTF-8, nests too deep, does not parse, or holds an
        integer longer than Python converts (:func:`sys.get_int_max_str_digits`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise ValidationError(f"{path}: unsupported file type {suffix!r}; use .toml or .json.")
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    if (_toml_nesting(text) if suffix == ".toml" else _json_nesting(raw)) > MAX_DEPTH:
        raise _too_deep(path)
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path}: TOML syntax error: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{path}: JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:  # the scan above should make this unreachable
        raise _too_deep(path) from None
    except ValueError as exc:  # an integer over Python's digit limit
        raise ValidationError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise ValidationError(
            f"{path}: the top level must be a table/object, not {type(data).__name__}."
        )
    if (
        suffix == ".toml" and nesting_depth(data, MAX_DEPTH) > MAX_DEPTH
    ):  # dotted keys nest without brackets
        raise _too_deep(path)
    return data


def _polity_document(data: dict[str, Any], path: Path) -> Polity:
    """Build a polity from a parsed file; errors start with the file name."""
    version = data.get("format", FORMAT_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version != FORMAT_VERSION:
        raise ValidationError(
            f"{path}: field 'format': unsupported polity file format {version}; "
            f"this govsim reads format {FORMAT_VERSION}."
        )
    try:
        return polity_from_document(data)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None


def polity_from_document(data: Mapping[str, Any]) -> Polity:
    """A polity from a parsed polity document, read column by column where it can be.

    :func:`govsim.model.build.document_columns` reads a plainly valid document into
    columns without a row object per row; anything else goes through the row models
    (:meth:`Polity.from_document`), so the polity and any error are the same either way
    (``tests/test_io_columns.py`` compares the two paths). This is
    :func:`govsim.model.graph.from_document`, which :func:`from_networkx` also reads with.
    """
    return from_document(Polity, data)


def load_polity(path: str | Path) -> Polity:
    """Load a polity file (TOML or JSON); a scenario file is an error, not a polity.

    Raises
    ------
    MissingFileError
        If the file does not exist.
    govsim.ValidationError
        On any problem with the file (see :func:`read_document`), a scenario file
        (one with a ``baseline`` key), or a broken polity rule.
    """
    path = Path(path)
    if path.suffix.lower() in _COLUMNAR:
        return _load_columnar(path)
    if path.suffix.lower() == ".json":
        buf, size = _read_padded(path)
        with collector_paused():
            parsed = _json_columns(buf, size) if size >= 0 else None
            del buf  # before the polity is built: the columns hold what it needs
            if parsed is not None:
                try:
                    return from_columns(Polity, *parsed)
                except ValidationError:
                    pass  # the general path names the error
    with collector_paused():  # a large file parses into millions of dicts
        data = read_document(path)
        if "baseline" in data:
            raise ValidationError(
                f"{path}: a scenario file (it has a 'baseline' key), not a polity file; "
                "load it with govsim.scenario.load_scenario"
            )
        return _polity_document(data, path)


def load(path: str | Path) -> Polity:
    """Load a polity file (TOML or JSON) as a :class:`~govsim.model.Polity`.

    Only polity documents: a scenario file (one with a ``baseline`` key) is refused
    with a message that says so; :func:`govsim.scenario.load_scenario` reads those.
    ``load`` is :func:`load_polity`.

    Raises
    ------
    MissingFileError
        If the file does not exist (also a :class:`FileNotFoundError`).
    govsim.ValidationError
        On any problem with the file (see :func:`read_document`), a scenario file, a
        polity file of another ``format`` version, an unknown key, or any broken
        polity rule; the message starts with the file name.

    Examples
    --------
    >>> import govsim, tempfile, os
    >>> p = govsim.Polity("tiny", institutions=[govsim.Institution(
    ...     id="v", name="Voters", kind="electorate", level="national")])
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny.json")
    >>> govsim.save(p, path)
    >>> govsim.load(path) == p
    True
    """
    return load_polity(path)


def _load_columnar(path: Path) -> Polity:
    """A columnar directory (:mod:`govsim.columnar`); a missing one is a MissingFileError."""
    from govsim.columnar import load_columnar

    try:
        os.stat(path)
    except FileNotFoundError:
        raise MissingFileError(f"{path}: file not found") from None
    except (OSError, ValueError):
        pass  # load_columnar names the problem
    return load_columnar(path)


def save(polity: Polity, path: str | Path) -> None:
    """Write a polity, in the format its suffix names; ``load(save(p)) == p`` exactly.

    ``.json``: a JSON polity document. ``.parquet`` or ``.arrow``: a columnar
    directory of Parquet or Arrow IPC tables (:mod:`govsim.columnar`; needs pyarrow).
    """
    path = Path(path)
    if path.suffix.lower() in _COLUMNAR:
        from govsim.columnar import save_columnar

        save_columnar(polity, path)
        return
    if path.suffix.lower() != ".json":
        raise ValidationError(
            f"{path}: govsim.save writes JSON (.json) or columnar files (.parquet, .arrow); "
            f"got {path.suffix.lower()!r}."
        )
    try:
        with collector_paused(), open(path, "w", encoding="utf-8") as out:
            for piece in json_chunks(polity):
                out.write(piece)
    except ValueError:  # an embedded NUL character
        raise ValidationError(
            f"{str(path)!r}: a file name cannot contain a NUL character"
        ) from None
    except OSError as exc:
        raise ValidationError(f"{path}: cannot write file ({exc.strerror})") from None


# ---------------------------------------------------------------------- JSON from columns
_encode = json.encoder.encode_basestring  # what json.dumps(s, ensure_ascii=False) writes
#: Rows formatted and joined at a time: the text of a chunk, not of the whole table, is
#: in memory at once (10^6 rows of a table would be a few hundred MB of text).
_CHUNK_ROWS = 1 << 16


def _quoted(values: NDArray[Any]) -> NDArray[Any]:
    """JSON strings of a text column as an object array (json's C encoder, one call per row)."""
    out = np.empty(values.shape[0], dtype=object)
    out[:] = list(map(_encode, values.tolist()))
    return out


def _lookup(texts: list[str], codes: NDArray[Any]) -> NDArray[Any]:
    """``texts[code]`` per row, as an object array (the strings are shared, not copied)."""
    table = np.empty(len(texts), dtype=object)
    table[:] = texts
    out: NDArray[Any] = table[np.asarray(codes, dtype=np.intp)]
    return out


def _numbers(values: NDArray[np.integer[Any]], head: str) -> NDArray[Any]:
    """``head + str(v)`` per row; one string per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    return _lookup([head + str(v) for v in distinct.tolist()], inverse.reshape(-1))


def _optional(n: int, rows: NDArray[np.intp], texts: Any) -> NDArray[Any]:
    """``texts`` on the given rows, ``""`` elsewhere (an object array)."""
    out = np.full(n, "", dtype=object)
    if rows.size:
        out[rows] = texts
    return out


def _chunks(n: int, lead: str, pieces: Any) -> Iterator[str]:
    """The rows of a table as indented JSON objects, joined a chunk of rows at a time.

    ``pieces(lo, hi)`` gives, for rows ``lo`` to ``hi``, the row's pieces after its
    first line: a str is the same in every row, an object array holds one per row.
    Each row starts with ``lead`` (``"  {\\n   "`` and the first key); the rows are
    separated by ``",\\n"``. Slice assignment interleaves the pieces in C and one join
    makes the chunk's text, so no Python code runs per row.
    """
    joint = "\n  },\n" + lead
    for lo in range(0, n, _CHUNK_ROWS):
        hi = min(n, lo + _CHUNK_ROWS)
        parts = [joint, *pieces(lo, hi)]
        out: list[Any] = [None] * ((hi - lo) * len(parts))
        for k, piece in enumerate(parts):
            out[k :: len(parts)] = [piece] * (hi - lo) if isinstance(piece, str) else piece.tolist()
        if lo == 0:
            out[0] = lead
        yield "".join(out)
    yield "\n  }"


def _named_chunks(table: Any, columns: list[NDArray[Any]]) -> Iterator[str]:
    """:func:`_chunks` of a table with ids and names: ``id``, ``name``, then ``columns``
    (one object array of texts per row each, their keys included)."""

    def pieces(lo: int, hi: int) -> list[Any]:
        head = [_quoted(table.id[lo:hi]), ',\n   "name": ', _quoted(table.name[lo:hi])]
        return head + [c[lo:hi] for c in columns]

    return _chunks(len(table), '  {\n   "id": ', pieces)


def _territory_chunks(polity: Polity) -> Iterator[str]:
    from govsim.model.kinds import Level

    t = polity.territory_table
    n = len(t)
    level = _lookup([f',\n   "level": "{m.value}"' for m in Level.members()], t.level)
    parent_rows = np.flatnonzero(t.parent >= 0)
    heads = np.array(',\n   "parent": ', dtype=object)
    parent = _optional(n, parent_rows, heads + _quoted(t.id[t.parent[parent_rows]]))
    pop_rows = np.flatnonzero(t.population >= 0)
    population = _optional(n, pop_rows, _numbers(t.population[pop_rows], ',\n   "population": '))

    return _named_chunks(t, [level, parent, population])


def _term_text(rule: Any) -> str:
    limit = "" if rule.max_terms is None else f'\n    "max_terms": {rule.max_terms},'
    return (
        f',\n   "term": {{\n    "years": {rule.years},{limit}\n'
        f'    "consecutive_only": {"true" if rule.consecutive_only else "false"},\n'
        f'    "exempt_incumbent": {"true" if rule.exempt_incumbent else "false"}\n   }}'
    )


def _institution_chunks(polity: Polity) -> Iterator[str]:
    from govsim.model.kinds import InstitutionKind, Level, Role

    i, t_ids = polity.institution_table, polity.territory_table.id
    n = len(i)
    levels = [m.value for m in Level.members()]
    kind_level = _lookup(
        [
            f',\n   "kind": "{k.value}",\n   "level": "{lv}"'
            for k in InstitutionKind.members()
            for lv in levels
        ],
        i.kind.astype(np.intp) * len(levels) + i.level,
    )
    seated = np.flatnonzero(i.territory >= 0)
    heads = np.array(',\n   "territory": ', dtype=object)
    territory = _optional(n, seated, (heads + _quoted(t_ids))[i.territory[seated]])
    seats = _numbers(i.seats, ',\n   "seats": ')
    # the rest of a row: its term and role (set on few rows), one string each
    rest = np.full(n, "", dtype=object)
    term_rows = np.flatnonzero(i.term != None)  # noqa: E711 - elementwise on an object array
    texts: dict[int, str] = {}  # one text per distinct rule object (they are shared)
    for rule in i.term[term_rows].tolist():
        if id(rule) not in texts:
            texts[id(rule)] = _term_text(rule)
    rest[term_rows] = [texts[id(rule)] for rule in i.term[term_rows].tolist()]
    role_rows = np.flatnonzero(i.role >= 0)
    rest[role_rows] = rest[role_rows] + _lookup(
        [f',\n   "role": "{m.value}"' for m in Role.members()], i.role[role_rows]
    )

    return _named_chunks(i, [kind_level, territory, seats, rest])


def _relation_chunks(polity: Polity) -> Iterator[str]:
    from govsim.model.kinds import RelationKind

    r = polity.relation_table
    n = len(r)
    ids = _quoted(polity.institution_table.id)
    kind = _lookup([f',\n   "kind": "{m.value}"' for m in RelationKind.members()], r.kind)
    # the optional fields (set on few rows), appended to the kind of their row
    seat_rows = np.flatnonzero(r.seats >= 0)
    thr_rows = np.flatnonzero(~np.isnan(r.threshold))
    note_rows = np.flatnonzero(r.note != None)  # noqa: E711 - elementwise on an object array
    extra = np.union1d(np.union1d(seat_rows, thr_rows), note_rows)
    if extra.size:
        rest = np.full(n, "", dtype=object)
        rest[seat_rows] = _numbers(r.seats[seat_rows], ',\n   "seats": ')
        thr = [f',\n   "threshold": {v!r}' for v in r.threshold[thr_rows].tolist()]
        rest[thr_rows] = rest[thr_rows] + _lookup(thr, np.arange(len(thr)))
        notes = [',\n   "note": ' + _encode(v) for v in r.note[note_rows].tolist()]
        rest[note_rows] = rest[note_rows] + _lookup(notes, np.arange(len(notes)))
        kind = kind.copy()
        kind[extra] = kind[extra] + rest[extra]

    def pieces(lo: int, hi: int) -> list[Any]:
        return [ids[r.source[lo:hi]], ',\n   "target": ', ids[r.target[lo:hi]], kind[lo:hi]]

    return _chunks(n, '  {\n   "source": ', pieces)


def json_chunks(polity: Polity) -> Iterator[str]:
    """The JSON polity document :func:`save` writes, in pieces (their concatenation is
    :func:`json_text`); :func:`save` writes each to the file as it comes.

    Byte for byte what ``json.dumps(polity.to_dict(), indent=1, ensure_ascii=False)``
    gives (plus a final line feed), without a row object per row: the metadata goes
    through :mod:`json` as usual, and each table's rows are formatted from its columns
    (strings through :mod:`json`'s own C string encoder, the kinds and numbers one
    string per distinct value) and joined :data:`_CHUNK_ROWS` rows at a time.
    """
    from govsim.model.document import PolityDocument

    skeleton = PolityDocument.model_construct(
        name=polity.name,
        year=polity.year,
        description=polity.description,
        sources=polity.sources,
        territories=(),
        institutions=(),
        relations=(),
        electoral_systems=polity.electoral_systems,
        rules=polity.rules,
    ).model_dump(mode="json", exclude_none=True)
    skeleton["format"] = skeleton.get("format", FORMAT_VERSION)
    tables = {
        "territories": (polity.n_territories, _territory_chunks),
        "institutions": (polity.n_institutions, _institution_chunks),
        "relations": (polity.n_relations, _relation_chunks),
    }
    for key, (n, _) in tables.items():
        if n:
            skeleton[key] = key  # a placeholder; replaced below
    text = json.dumps(skeleton, indent=1, ensure_ascii=False)
    for key, (n, rows) in tables.items():
        if not n:
            continue
        # a raw line feed appears only between tokens, so this is the key, not a value
        head, _, text = text.partition(f'\n "{key}": "{key}"')
        yield head + f'\n "{key}": [\n'
        yield from rows(polity)
        text = "\n ]" + text
    yield text + "\n"


def json_text(polity: Polity) -> str:
    """The JSON polity document :func:`save` writes, built from the columns.

    Byte for byte what ``json.dumps(polity.to_dict(), indent=1, ensure_ascii=False)``
    gives (plus a final line feed), without a row object per row
    (:func:`json_chunks`, joined).
    """
    return "".join(json_chunks(polity))


# ---------------------------------------------------------------------- JSON read by columns
#: Byte masks keeping the first 0..8 bytes of a little-endian 64-bit word.
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)
#: Kinds of a field's value in the layout :func:`json_chunks` writes.
_STR, _INT, _FLOAT, _BOOL, _TERM = range(5)
#: Each table's fields in the order written: (key, kind of value, required).
_LAYOUT: dict[str, tuple[tuple[str, int, bool], ...]] = {
    "territories": (
        ("id", _STR, True),
        ("name", _STR, True),
        ("level", _STR, True),
        ("parent", _STR, False),
        ("population", _INT, False),
    ),
    "institutions": (
        ("id", _STR, True),
        ("name", _STR, True),
        ("kind", _STR, True),
        ("level", _STR, True),
        ("territory", _STR, False),
        ("seats", _INT, True),
        ("term", _TERM, False),
        ("role", _STR, False),
    ),
    "relations": (
        ("source", _STR, True),
        ("target", _STR, True),
        ("kind", _STR, True),
        ("seats", _INT, False),
        ("threshold", _FLOAT, False),
        ("note", _STR, False),
    ),
}
_TERM_LAYOUT = (
    ("years", _INT, True),
    ("max_terms", _INT, False),
    ("consecutive_only", _BOOL, True),
    ("exempt_incumbent", _BOOL, True),
)
#: Text columns whose values may hold JSON escapes (decoded one by one); an escape in
#: an id, a reference or a kind sends the file to the general path.
_FREE_TEXT = frozenset({"name", "note"})
#: A JSON number (RFC 8259), for the few thresholds.
_JSON_NUMBER = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
#: Bytes scanned at a time for line feeds and control characters (bounds the temporaries).
_SCAN_BYTES = 1 << 25


class _General(Exception):
    """Raised while a JSON file is read by columns when it needs the general path."""


def _word(data: bytes) -> int:
    return int.from_bytes(data[:8].ljust(8, b"\0"), "little")


class _Bytes:
    """A file's bytes (padded with 8 zero bytes) as uint8 and as unaligned 64-bit words."""

    def __init__(self, buf: bytearray, size: int) -> None:
        self.buf, self.size = buf, size
        self.u8 = np.frombuffer(buf, dtype=np.uint8)
        # word k is the 8 bytes from byte k on: a line's first 8 bytes in one gather
        self.u64 = np.ndarray((len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
        #: Byte positions as int32 where the file allows (half the memory of int64).
        self.position = np.int32 if len(buf) < 2**31 - 1 else np.int64

    def lines(self, start: int, end: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(starts, ends) of the lines of bytes ``start`` to ``end``; no control character
        other than the line feeds may occur there."""
        feeds = []
        for lo in range(start, end, _SCAN_BYTES):
            block = self.u8[lo : min(end, lo + _SCAN_BYTES)]
            where = np.flatnonzero(block == 0x0A)
            if np.count_nonzero(block < 0x20) != where.size:
                raise _General  # a tab, a carriage return, a raw control character
            feeds.append((where + lo).astype(self.position))
        ends = np.concatenate([*feeds, np.array([end], dtype=self.position)])
        starts = np.empty_like(ends)
        starts[0] = start
        starts[1:] = ends[:-1] + 1
        return starts, ends

    def words(self, starts: NDArray[np.int64], lens: NDArray[np.int64], k: int) -> NDArray[Any]:
        """The values at ``starts`` (``lens`` bytes) as ``k`` masked words each (zero-padded)."""
        out = np.empty((starts.shape[0], k), dtype=np.uint64)
        last = self.u64.shape[0] - 1
        for j in range(k):
            out[:, j] = self.u64[np.minimum(starts + 8 * j, last)]
            out[:, j] &= _MASKS[np.clip(lens - 8 * j, 0, 8)]
        return out

    def texts(self, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> list[str]:
        """The UTF-8 texts of the spans, each followed in the file by a quote and holding
        none: gathered into one buffer, decoded once and split at the quotes."""
        out: list[str] = []
        step = 1 << 18
        for lo in range(0, starts.shape[0], step):
            s, e = starts[lo : lo + step], ends[lo : lo + step] + 1  # with the closing quote
            lens = e - s
            offsets = np.cumsum(lens) - lens
            index = np.arange(int(lens.sum()), dtype=np.int64) + np.repeat(s - offsets, lens)
            out.extend(self.u8[index].tobytes().decode("utf-8").split('"')[:-1])
        return out

    def ints(self, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.int64]:
        """Non-negative JSON integers of up to 18 digits (no sign, no leading zero)."""
        lens = ends - starts
        if not lens.size:
            return np.zeros(0, dtype=np.int64)
        width = int(lens.max())
        if int(lens.min()) < 1 or width > 18:
            raise _General
        digits = self.u8[np.minimum(starts[:, None] + np.arange(width), self.size)].astype(np.int64)
        digits -= ord("0")
        inside = np.arange(width) < lens[:, None]
        if ((inside & ((digits < 0) | (digits > 9))).any()) or (
            (digits[:, 0] == 0) & (lens > 1)
        ).any():
            raise _General
        values = np.zeros(lens.shape[0], dtype=np.int64)
        for j in range(width):
            values = np.where(inside[:, j], values * 10 + digits[:, j], values)
        return values

    def bools(self, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.bool_]:
        lens = ends - starts
        word = self.u64[starts] & _MASKS[np.clip(lens, 0, 8)]
        true: NDArray[np.bool_] = (lens == 4) & (word == _word(b"true"))
        if not (true | ((lens == 5) & (word == _word(b"false")))).all():
            raise _General
        return true


def _hash(words: NDArray[Any], lens: NDArray[np.int64]) -> NDArray[np.uint64]:
    h = lens.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    for j in range(words.shape[1]):
        h ^= words[:, j]
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(31)
    return h


def _match(
    keys: tuple[NDArray[Any], NDArray[np.int64]], query: tuple[NDArray[Any], NDArray[np.int64]]
) -> NDArray[np.int64]:
    """Row of the key equal to each query string (compared word for word, exactly).

    The keys go into an open-addressing hash table (linear probing, at most half
    full), filled and probed for all rows at once: one round per probe step, so a
    lookup costs one or two gathers rather than a binary search. Every query must be
    found and equal its key in full; otherwise (an unknown reference or name, a
    duplicated id, a hash collision) the general path decides.
    """
    (kw, kl), (qw, ql) = keys, query
    k = max(kw.shape[1], qw.shape[1])
    if kw.shape[1] < k:
        kw = np.pad(kw, ((0, 0), (0, k - kw.shape[1])))
    if qw.shape[1] < k:
        qw = np.pad(qw, ((0, 0), (0, k - qw.shape[1])))
    kh, qh = _hash(kw, kl), _hash(qw, ql)
    n = kh.shape[0]
    if n == 0:
        if qh.size:
            raise _General
        return np.zeros(0, dtype=np.int64)
    mask = (1 << (2 * n).bit_length()) - 1
    table = np.full(mask + 1, -1, dtype=np.int64)
    pos = (kh & np.uint64(mask)).astype(np.int64)
    pending = np.arange(n, dtype=np.int64)
    while pending.size:
        at = pos[pending]
        held = table[at]
        if (kh[held[held >= 0]] == kh[pending[held >= 0]]).any():
            raise _General  # a duplicated id (or two ids of one hash)
        free = held < 0
        table[at[free]] = pending[free]
        placed = table[at] == pending
        pending = pending[~placed]
        pos[pending] = (pos[pending] + 1) & mask
    rows = np.empty(qh.shape[0], dtype=np.int64)
    pos = (qh & np.uint64(mask)).astype(np.int64)
    pending = np.arange(qh.shape[0], dtype=np.int64)
    while pending.size:
        held = table[pos[pending]]
        if (held < 0).any():
            raise _General  # not found
        hit = kh[held] == qh[pending]
        rows[pending[hit]] = held[hit]
        pending = pending[~hit]
        pos[pending] = (pos[pending] + 1) & mask
    if not ((kl[rows] == ql).all() and (kw[rows] == qw).all()):
        raise _General
    return rows


def _keys(names: list[str]) -> tuple[NDArray[Any], NDArray[np.int64]]:
    """Words and lengths of a few strings (enum names), as :meth:`_Bytes.words` gives."""
    encoded = [n.encode("utf-8") for n in names]
    raw = b"".join(encoded)
    data = _Bytes(bytearray(raw + b"\0" * 8), len(raw))
    lens = np.array([len(e) for e in encoded], dtype=np.int64)
    starts = np.cumsum(lens) - lens
    return data.words(starts, lens, max(1, -(-int(lens.max(initial=0)) // 8))), lens


class _Section:
    """The rows of one table, in the layout :func:`json_chunks` writes, read by lines.

    Every byte of the section is checked: each line's class from its first 8 bytes
    (a row's braces, a field's key), the whole key, the order of the fields (the
    written order, optional ones left out, required ones present), the commas, the
    quotes (no quote inside a value without escapes: the section's quote count must
    be exactly the layout's), the numbers' digits, and the texts' UTF-8. Anything
    else raises :class:`_General`.
    """

    def __init__(self, data: _Bytes, table: str, start: int, end: int) -> None:
        self.data, self.table = data, table
        fields = _LAYOUT[table]
        term = next((k for k, f in enumerate(fields) if f[1] == _TERM), None)
        # classes: 0 open, 1 close with comma, 2 the last close, 3.. the fields, then
        # the term rule's fields and its closing brace
        self.n_fields = len(fields)
        prefixes: list[bytes] = []
        for key, kind, _ in fields:
            tail = {_STR: b'"', _TERM: b"{"}.get(kind, b"")
            prefixes.append(f'   "{key}": '.encode() + tail)
        term_base = 3 + len(fields)
        prefixes += [f'    "{key}": '.encode() for key, _, _ in _TERM_LAYOUT]
        term_close = term_base + len(_TERM_LAYOUT)
        n_classes = term_close + 1
        starts, ends = data.lines(start, end)
        first = data.u64[starts]
        table_words = [_word(b'  {\n   "'), _word(b"  },\n  {")]
        table_classes = [0, 1]
        for k, p in enumerate(prefixes):
            table_words.append(_word(p))
            table_classes.append(3 + k)
        if term is not None:
            table_words += [_word(b"   },\n  "), _word(b"   }\n  }")]
            table_classes += [term_close, term_close]
        words = np.array(table_words, dtype=np.uint64)
        order = np.argsort(words)
        at = np.minimum(np.searchsorted(words[order], first), words.shape[0] - 1)
        cls = np.array(table_classes, dtype=np.int8)[order][at]
        last = starts.shape[0] - 1
        if bytes(data.buf[starts[last] : ends[last]]) != b"  }":
            raise _General
        cls[last] = 2
        known = words[order][at] == first
        known[last] = True
        if not known.all():
            raise _General
        del first, at, known
        # the order of the lines
        allowed = np.zeros((n_classes, n_classes), dtype=bool)
        allowed[0, 3] = True  # open -> the first field (required)
        allowed[1, 0] = True
        for k in range(len(fields)):
            source = term_close if k == term else 3 + k
            for j in range(k + 1, len(fields)):
                allowed[source, 3 + j] = True
                if fields[j][2]:
                    break
            else:
                allowed[source, 1] = allowed[source, 2] = True
        if term is not None:
            for k in range(len(_TERM_LAYOUT)):
                for j in range(k + 1, len(_TERM_LAYOUT)):
                    allowed[term_base + k, term_base + j] = True
                    if _TERM_LAYOUT[j][2]:
                        break
                else:
                    allowed[term_base + k, term_close] = True
            allowed[3 + term] = False
            allowed[3 + term, term_base] = True
        if cls[0] != 0 or not allowed[cls[:-1], cls[1:]].all():
            raise _General
        comma = data.u8[np.maximum(ends - 1, 0)] == ord(",")
        closes = np.zeros(n_classes, dtype=bool)
        closes[[1, 2, term_close]] = True
        closes = closes[cls]
        wanted = np.zeros(cls.shape[0], dtype=bool)
        wanted[:-1] = ~closes[1:]
        keyed = (cls >= 3) & (cls != 3 + (term if term is not None else -4))
        lens = ends - starts
        if (comma[keyed] != wanted[keyed]).any():
            raise _General
        if ((cls == 0) & (lens != 3)).any() or ((cls == 1) & (lens != 4)).any():
            raise _General
        if term is not None:
            t_close = cls == term_close
            if (lens[t_close] != 4 + comma[t_close]).any():
                raise _General
            if (lens[cls == 3 + term] != len(prefixes[term])).any():
                raise _General
        row = np.cumsum(cls == 0, dtype=np.int32) - 1  # each line's row
        self.n = int(row[-1]) + 1 if row.size else 0
        # the keys in full, and where each value starts and ends
        self.spans: dict[int, tuple[NDArray[Any], NDArray[Any], NDArray[Any]]] = {}
        quotes = 0
        escaped = self._escapes(start, end, starts)
        by_class = np.argsort(cls, kind="stable")  # the lines of each class, in order
        bounds = np.searchsorted(cls[by_class], np.arange(n_classes + 1))
        lines_of: dict[int, NDArray[np.int64]] = {}
        for k, p in enumerate(prefixes):
            lines = lines_of[3 + k] = by_class[bounds[3 + k] : bounds[4 + k]]
            if not lines.size:
                continue
            ls = starts[lines]
            for off in [*range(8, len(p) - 8, 8), len(p) - 8]:
                if off > 0 and (data.u64[ls + off] != _word(p[off:])).any():
                    raise _General
            kind = fields[k][1] if k < len(fields) else _TERM_LAYOUT[k - len(fields)][1]
            value_end = ends[lines] - comma[lines]
            quotes += 2 * lines.size  # the key's
            if kind == _STR:
                value_end = value_end - 1  # the closing quote
                if (data.u8[value_end] != ord('"')).any() or (value_end < ls + len(p)).any():
                    raise _General
                quotes += 2 * lines.size  # the value's
            self.spans[3 + k] = (row[lines], ls + len(p), value_end)
        #: class -> {position among the class's values: the decoded text}
        self.escaped: dict[int, dict[int, str]] = {}
        for line, count in escaped.items():
            k = int(cls[line]) - 3
            if not 0 <= k < len(fields) or fields[k][0] not in _FREE_TEXT:
                raise _General
            value = bytes(data.buf[starts[line] + len(prefixes[k]) - 1 : ends[line] - comma[line]])
            text = json.loads(value.decode("utf-8"))
            if type(text) is not str:
                raise _General
            at = int(np.searchsorted(lines_of[3 + k], line))
            self.escaped.setdefault(3 + k, {})[at] = text
            quotes += count - 2  # the value's own quotes (escaped) beside the two counted
        if data.buf.count(b'"', start, end) != quotes:
            raise _General
        self.fields = {key: 3 + k for k, (key, _, _) in enumerate(fields)}
        self.term_fields = {key: term_base + k for k, (key, _, _) in enumerate(_TERM_LAYOUT)}

    def _escapes(self, start: int, end: int, starts: NDArray[np.int64]) -> dict[int, int]:
        """Line -> the number of quotes in its value, for the lines with a backslash."""
        if self.data.buf.find(b"\\", start, end) < 0:
            return {}
        where = np.flatnonzero(self.data.u8[start:end] == ord("\\")) + start
        lines = np.unique(np.searchsorted(starts, where, side="right") - 1)
        out = {}
        for line in lines.tolist():
            lo = int(starts[line])
            hi = int(starts[line + 1]) if line + 1 < starts.shape[0] else end
            out[line] = self.data.buf.count(b'"', lo, hi) - 2  # less the key's quotes
        return out

    def _span(self, cls: int) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any]]:
        empty = np.zeros(0, dtype=np.int64)
        return self.spans.get(cls, (empty, empty, empty))

    def rows(self, key: str, *, term: bool = False) -> NDArray[np.int64]:
        """The rows that set ``key``."""
        return self._span((self.term_fields if term else self.fields)[key])[0]

    def text(self, key: str) -> list[str]:
        """The texts of a field, in the order of the rows that set it."""
        _, vs, ve = self._span(self.fields[key])
        escaped = self.escaped.get(self.fields[key], {})
        if escaped:
            at = np.array(list(escaped), dtype=np.int64)
            vs = vs.copy()
            vs[at] = ve[at]  # an empty span; the decoded text is put in below
        out = self.data.texts(vs, ve)
        for k, value in escaped.items():
            out[k] = value
        return out

    def words(self, key: str) -> tuple[NDArray[Any], NDArray[np.int64]]:
        """A field's values as words (ids, references, kinds: no escapes in them)."""
        _, vs, ve = self._span(self.fields[key])
        lens = ve - vs
        k = max(1, -(-int(lens.max(initial=0)) // 8))
        return self.data.words(vs, lens, k), lens

    def ints(self, key: str, *, term: bool = False) -> NDArray[np.int64]:
        _, vs, ve = self._span((self.term_fields if term else self.fields)[key])
        return self.data.ints(vs, ve)

    def bools(self, key: str) -> NDArray[np.bool_]:
        _, vs, ve = self._span(self.term_fields[key])
        return self.data.bools(vs, ve)

    def floats(self, key: str) -> NDArray[np.float64]:
        """JSON numbers, checked against the grammar one by one (a column set on few rows)."""
        _, vs, ve = self._span(self.fields[key])
        out = np.empty(vs.shape[0])
        for k, (a, b) in enumerate(zip(vs.tolist(), ve.tolist(), strict=True)):
            literal = bytes(self.data.buf[a:b])
            if not _JSON_NUMBER.fullmatch(literal):
                raise _General
            out[k] = float(literal)
        return out

    def column(self, key: str, values: NDArray[Any], missing: Any) -> NDArray[Any]:
        """A full column: ``values`` on the rows that set ``key``, ``missing`` elsewhere."""
        out = np.full(self.n, missing, dtype=values.dtype)
        out[self.rows(key)] = values
        return out


def _codes(section: _Section, key: str, enum: Any) -> NDArray[np.int8]:
    return _match(_keys([m.value for m in enum.members()]), section.words(key)).astype(np.int8)


def _bounded(values: NDArray[np.int64], low: int, high: int) -> NDArray[np.int64]:
    if ((values < low) | (values > high)).any():
        raise _General
    return values


def _term_rules(section: _Section) -> NDArray[Any]:
    """The term column: one :class:`TermRule` per distinct rule, validated by the model."""
    from govsim.model.rows import TermRule

    out = np.full(section.n, None, dtype=object)
    rows = section.rows("years", term=True)
    if not rows.size:
        return out
    limit = np.full(section.n, -1, dtype=np.int64)
    limit[section.rows("max_terms", term=True)] = section.ints("max_terms", term=True)
    keys = np.stack(
        [
            section.ints("years", term=True),
            limit[rows],
            section.bools("consecutive_only").astype(np.int64),
            section.bools("exempt_incumbent").astype(np.int64),
        ],
        axis=1,
    )
    distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
    rules = np.empty(distinct.shape[0], dtype=object)
    for k, (y, m, c, e) in enumerate(distinct.tolist()):
        given: dict[str, Any] = {"years": y}
        if m >= 0:
            given["max_terms"] = m
        given |= {"consecutive_only": bool(c), "exempt_incumbent": bool(e)}
        try:
            rules[k] = TermRule.model_validate(given)
        except Exception:  # pydantic's error: the general path names the row
            raise _General from None
    out[rows] = rules[inverse.reshape(-1)]
    return out


def _json_tables(data: _Bytes, sections: dict[str, _Section]) -> tuple[Any, Any, Any]:
    """The column mappings of the three tables, checked as the row models check them."""
    from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role
    from govsim.model.rows import MAX_POPULATION, MAX_SEATS

    t, i, r = (sections.get(k) for k in ("territories", "institutions", "relations"))
    territories = institutions = relations = None
    t_keys = (
        t.words("id") if t is not None else (np.zeros((0, 1), np.uint64), np.zeros(0, np.int64))
    )
    if t is not None:
        parent = t.column("parent", _match(t_keys, t.words("parent")), -1)
        population = _bounded(t.ints("population"), 0, MAX_POPULATION)
        territories = {
            "id": np.array(t.text("id"), dtype=np.str_),
            "name": np.array(t.text("name"), dtype=np.str_),
            "level": _codes(t, "level", Level),
            "parent": parent,
            "population": t.column("population", population, -1),
        }
    if i is not None:
        i_keys = i.words("id")
        refs = i.words("territory")
        territory = _match(t_keys, refs) if refs[1].size else np.zeros(0, dtype=np.int64)
        role = _codes(i, "role", Role) if i.rows("role").size else np.zeros(0, dtype=np.int8)
        institutions = {
            "id": np.array(i.text("id"), dtype=np.str_),
            "name": np.array(i.text("name"), dtype=np.str_),
            "kind": _codes(i, "kind", InstitutionKind),
            "level": _codes(i, "level", Level),
            "territory": i.column("territory", territory, -1),
            "seats": _bounded(i.ints("seats"), 1, MAX_SEATS),
            "term": _term_rules(i),
            "role": i.column("role", role, -1),
        }
    if r is not None:
        if i is None:
            raise _General
        threshold = r.floats("threshold")
        if ((threshold <= 0) | (threshold > 1) | np.isnan(threshold)).any():
            raise _General
        notes = np.empty(len(r.rows("note")), dtype=object)
        notes[:] = r.text("note")
        relations = {
            "source": _match(i_keys, r.words("source")),
            "target": _match(i_keys, r.words("target")),
            "kind": _codes(r, "kind", RelationKind),
            "seats": r.column("seats", _bounded(r.ints("seats"), 1, MAX_SEATS), -1),
            "threshold": r.column("threshold", threshold, np.nan),
            "note": r.column("note", notes, None),
        }
    return territories, institutions, relations


#: The keys of a polity document.
_DOCUMENT_FIELDS = frozenset(PolityDocument.model_fields)


def _placeholder(table: str) -> str:
    return f"\x00govsim-json-table:{table}"


def _json_polity(buf: bytearray, size: int) -> Polity | None:
    """The polity of a JSON file's bytes read by :func:`_json_columns`, or None."""
    parsed = _json_columns(buf, size)
    if parsed is None:
        return None
    try:
        return from_columns(Polity, *parsed)
    except ValidationError:
        return None  # the general path names the error


def _json_columns(buf: bytearray, size: int) -> tuple[Any, Any, Any, Any] | None:
    """The metadata and columns of a JSON file in the layout :func:`save` writes, read
    column by column from its bytes (no dict per row), or None for any other file.

    Each table's rows (between ``"territories": [`` and the ``]`` at the start of a
    line, in the layout of :func:`json_chunks`) are read by :class:`_Section`, which
    checks every byte; the rest of the file, the table replaced by a placeholder
    string, is parsed by :mod:`json` and must be the polity document's metadata with
    each placeholder as the value of its table's key. Then the columns are checked as
    :func:`govsim.model.build.document_columns` checks a parsed document (kinds,
    bounds, references, unique ids, the term rules through the model) and built as
    every file is. A file that passes all this is one that :mod:`json` parses into
    exactly the document these columns hold, so the polity is the general path's
    (``tests/test_io_columns.py`` compares them); any other file (hand-edited,
    another layout, an invalid value) returns None and takes the general path, which
    reads it or names its error.
    """
    from govsim.model.build import validate_document

    data = _Bytes(buf, size)
    sections: dict[str, _Section] = {}
    pieces: list[bytes] = []
    at = 0
    try:
        for table in _LAYOUT:
            mark = f'\n "{table}": [\n'.encode()
            begin = buf.find(mark, at, size)
            if begin < 0:
                continue
            first = begin + len(mark)
            end = buf.find(b"\n ]", first, size)
            if end < 0:
                return None
            sections[table] = _Section(data, table, first, end)
            pieces.append(bytes(buf[at:begin]))
            pieces.append(f'\n "{table}": {json.dumps(_placeholder(table))}'.encode())
            at = end + 3
        pieces.append(bytes(buf[at:size]))
        rest = b"".join(pieces)
        if b"govsim-json-table:" in rest.replace(b"\\u0000govsim-json-table:", b"", len(sections)):
            return None  # the placeholder's text elsewhere in the file
        if _json_nesting(rest) > MAX_DEPTH:
            return None
        meta = json.loads(rest.decode("utf-8"))
        if type(meta) is not dict or not set(meta) <= set(_DOCUMENT_FIELDS):
            return None
        fmt = meta.get("format", FORMAT_VERSION)
        if type(fmt) is not int or fmt != FORMAT_VERSION:
            return None
        for table in _LAYOUT:
            value = meta.pop(table, [])
            if table in sections and value != _placeholder(table):
                return None
            if table not in sections and value != []:
                return None
        doc = validate_document(meta)
        return (doc, *_json_tables(data, sections))
    except (_General, ValidationError, ValueError, IndexError, OverflowError, RecursionError):
        return None  # the general path reads the file or names its error


# ---------------------------------------------------------------------- networkx
def to_networkx(polity: Polity) -> nx.MultiDiGraph:
    """The polity as a networkx MultiDiGraph, built from the columns.

    Nodes are institution ids with attributes ``name``, ``kind``, ``level``,
    ``territory``, ``seats``, ``term`` (a dict) and ``role`` (those that are set); edges
    carry ``kind``, ``seats``, ``threshold`` and ``note`` (those that are set), keyed by
    their relation row. The graph attributes hold the name, year, territories,
    electoral systems and rules, so that :func:`from_networkx` rebuilds the polity.
    :meth:`Polity.to_networkx <govsim.model.Polity.to_networkx>`; both are
    :func:`govsim.model.graph.to_networkx`.
    """
    return graph_of(polity)


def from_networkx(graph: nx.MultiDiGraph | nx.DiGraph) -> Polity:
    """Build a polity from a networkx graph with :func:`to_networkx`'s attributes.

    Every node needs ``kind`` and ``level``; every edge needs ``kind``. Missing names
    default to the node id. The attributes are read column by column
    (:func:`polity_from_document`); the polity and any error are those of
    :meth:`Polity.from_networkx <govsim.model.Polity.from_networkx>` (errors name the
    node or edge at fault).
    """
    return polity_from_graph(Polity, graph)


def _graphml_value(value: Any, where: str, key: str) -> Any:
    """A value GraphML can hold exactly: structured values as JSON, strings checked.

    XML 1.0 cannot hold most control characters (not even as character references),
    so a string with one is refused, naming where it is; inside the JSON-encoded
    values they are written as ``\\uXXXX`` escapes, which JSON reads back exactly.
    """
    if isinstance(value, (Mapping, list, tuple)):
        text = json.dumps(value, ensure_ascii=False)
        return _XML_ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if isinstance(value, str) and (bad := _XML_ILLEGAL.search(value)):
        raise ValidationError(
            f"{where}: field {key!r} holds the control character {bad.group()!r}, "
            "which GraphML (XML 1.0) cannot store; use govsim.save (JSON) instead."
        )
    return value


#: The GraphML attributes :func:`write_graphml` declares: (for, name) -> GraphML type.
GRAPHML_ATTRIBUTES: dict[tuple[str, str], str] = {
    ("graph", "format"): "long",
    ("graph", "name"): "string",
    ("graph", "year"): "long",
    ("graph", "description"): "string",
    ("graph", "sources"): "string",
    ("graph", "territories"): "string",
    ("graph", "electoral_systems"): "string",
    ("graph", "rules"): "string",
    ("node", "label"): "string",
    ("node", "name"): "string",
    ("node", "kind"): "string",
    ("node", "level"): "string",
    ("node", "territory"): "string",
    ("node", "territory_name"): "string",
    ("node", "seats"): "long",
    ("node", "term_years"): "long",
    ("node", "term_max_terms"): "long",
    ("node", "term_consecutive_only"): "boolean",
    ("node", "term_exempt_incumbent"): "boolean",
    ("node", "role"): "string",
    ("edge", "label"): "string",
    ("edge", "kind"): "string",
    ("edge", "seats"): "long",
    ("edge", "threshold"): "double",
    ("edge", "note"): "string",
}


def write_graphml(polity: Polity, path: str | Path) -> None:
    """Write the polity as GraphML (for Gephi, Cytoscape, yEd), built from the columns.

    Every attribute is a typed scalar declared by a ``<key>`` element
    (:data:`GRAPHML_ATTRIBUTES`), so Gephi shows names as labels and can size or
    filter by seats and term rules:

    ======  =========================  =======  =====================================
    for     attribute                  type     meaning
    ======  =========================  =======  =====================================
    node    ``label``                  string   the institution's name (Gephi's label)
    node    ``name``, ``kind``,        string   as in a polity document
            ``level``, ``role``
    node    ``territory``              string   the territory's id
    node    ``territory_name``         string   the territory's name
    node    ``seats``                  long     seats (or identical offices)
    node    ``term_years``             long     term length; absent: no term rule
    node    ``term_max_terms``         long     most terms; absent: no limit
    node    ``term_consecutive_only``  boolean  the limit counts consecutive terms only
    node    ``term_exempt_incumbent``  boolean  the limit spares the current holder
    edge    ``label``, ``kind``        string   the relation's kind (``elects``, ...)
    edge    ``seats``                  long     seats the channel fills; absent: all
    edge    ``threshold``              double   share of the source's seats needed
    edge    ``note``                   string   the relation's note
    graph   ``name``, ``description``  string
    graph   ``format``, ``year``       long
    graph   ``sources``,               string   JSON (no scalar form): lists of the
            ``territories``,                    document's sources, territories,
            ``electoral_systems``,              electoral systems and rules
            ``rules``
    ======  =========================  =======  =====================================

    Attributes that are not set are left out of the element. :func:`read_graphml`
    rebuilds the polity exactly (``label`` and ``territory_name`` are derived and
    ignored on reading). Carriage returns are written as character references
    (``&#13;``), which XML keeps (a raw one would be read back as a line feed).
    Gephi's GraphML support: https://gephi.org/users/supported-graph-formats/graphml-format/

    Raises
    ------
    govsim.ValidationError
        If a name, id or note holds a control character XML 1.0 cannot store (other
        than tab, line feed and carriage return), naming the node or edge and the
        field, or if the file cannot be written.
    """
    from networkx.readwrite.graphml import GraphMLWriter

    g = graph_of(polity, typed=True)
    g.graph.update({k: _graphml_value(v, "graph", k) for k, v in g.graph.items()})
    for n, attrs in g.nodes(data=True):
        _graphml_value(n, f"node {n!r}", "id")
        for k, v in attrs.items():
            if k in _GRAPHML_DERIVED:  # display only, not read back: shown with U+FFFD
                attrs[k] = _XML_ILLEGAL.sub("\ufffd", v)
            else:
                _graphml_value(v, f"node {n!r}", k)
    for u, v, k, attrs in g.edges(keys=True, data=True):
        for key, value in attrs.items():
            _graphml_value(value, f"edge {k} ({u!r} -> {v!r})", key)

    class _Writer(GraphMLWriter):  # type: ignore[misc]
        """networkx's writer, with booleans as ``true``/``false`` (GraphML follows Java)."""

        def add_data(self, name: str, element_type: Any, value: Any, *args: Any) -> Any:
            element = super().add_data(name, element_type, value, *args)
            if element_type is bool:
                element.text = "true" if str(value) == "True" else "false"  # given as str
            return element

    writer = _Writer(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(g)
    # the markup has no carriage return of its own: every one is in a value
    text = str(writer).replace("\r", "&#13;")
    path = Path(path)
    try:
        path.write_bytes(b"<?xml version='1.0' encoding='utf-8'?>\n" + text.encode("utf-8"))
    except OSError as exc:
        raise ValidationError(f"{path}: cannot write file ({exc.strerror})") from None


#: Attributes that :func:`write_graphml` stores as JSON strings (``term``: files of
#: earlier versions, which stored the term rule as one JSON string).
_GRAPHML_JSON = frozenset({"sources", "territories", "electoral_systems", "rules", "term"})
#: Node attributes that are derived from others and not read back.
_GRAPHML_DERIVED = frozenset({"label", "territory_name"})
_TERM_FIELDS = ("years", "max_terms", "consecutive_only", "exempt_incumbent")


def read_graphml(path: str | Path) -> Polity:
    """Read a polity written by :func:`write_graphml` (an exact round trip).

    Raises
    ------
    MissingFileError
        If the file does not exist (also a :class:`FileNotFoundError`).
    govsim.ValidationError
        If the path is not a readable regular file, the file is not GraphML, or the
        graph is not a valid polity; the message starts with the file name.

    Examples
    --------
    >>> import govsim, tempfile, os
    >>> from govsim.io import read_graphml, write_graphml
    >>> p = govsim.scenarios.synthetic(100, seed=1)
    >>> path = os.path.join(tempfile.mkdtemp(), "p.graphml")
    >>> write_graphml(p, path)
    >>> read_graphml(path) == p
    True
    """
    import xml.etree.ElementTree as ET

    import networkx as nx

    path = Path(path)
    raw = read_bytes(path)
    try:
        g = nx.parse_graphml(raw, force_multigraph=True)
    except (ET.ParseError, nx.NetworkXError) as exc:
        raise ValidationError(f"{path}: not a GraphML file: {exc}") from None
    except (ValueError, KeyError, TypeError, IndexError) as exc:  # a malformed value or key
        raise ValidationError(f"{path}: not a GraphML file of govsim: {exc!r}") from None

    def decode(attrs: Mapping[str, Any], where: str) -> dict[str, Any]:
        out = dict(attrs)
        for key in _GRAPHML_JSON & out.keys():
            if isinstance(out[key], str):
                if _json_nesting(out[key]) > MAX_DEPTH:
                    raise _too_deep(path)
                try:
                    out[key] = json.loads(out[key])
                except ValueError:  # a syntax error, or an integer over the digit limit
                    raise ValidationError(
                        f"{path}: {where}: field {key!r} is not valid JSON."
                    ) from None
        return out

    def node(attrs: Mapping[str, Any], where: str) -> dict[str, Any]:
        out = {k: v for k, v in decode(attrs, where).items() if k not in _GRAPHML_DERIVED}
        term = {f: out.pop(f"term_{f}") for f in _TERM_FIELDS if f"term_{f}" in out}
        if term:
            out["term"] = term
        return out

    h = nx.MultiDiGraph()
    h.graph.update(decode(g.graph, "graph"))
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **node(attrs, f"node {n!r}"))
    for k, (u, v, key, attrs) in enumerate(g.edges(keys=True, data=True)):
        # from_networkx orders relations by their int keys (the relation rows); keep them
        if isinstance(key, str) and key.isdigit():
            key = int(key)
        edge_key = key if isinstance(key, int) else k
        h.add_edge(u, v, key=edge_key, **{a: x for a, x in attrs.items() if a != "label"})
    try:
        return from_networkx(h)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None

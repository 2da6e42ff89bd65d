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
from govsim.model.document import FORMAT_VERSION
from govsim.model.graph import collector_paused, from_document
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
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read file ({exc.strerror})") from None


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

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
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim.errors import ValidationError
from govsim.model.document import FORMAT_VERSION
from govsim.model.polity import Polity

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "MAX_DEPTH",
    "MissingFileError",
    "from_networkx",
    "load",
    "load_polity",
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


def _json_nesting(text: str) -> int:
    """The deepest nesting of JSON arrays and objects in ``text``, without parsing it.

    A quote opens or closes a string unless an odd number of backslashes precedes
    it; brackets between an opening and a closing quote do not count. Vectorized
    over the positions of quotes and brackets, so the scan costs a fraction of a parse.
    """
    data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    quotes = np.flatnonzero(data == ord('"'))
    after_backslash = quotes[(quotes > 0) & (data[np.maximum(quotes - 1, 0)] == ord("\\"))]
    if after_backslash.size:
        backslashes = np.flatnonzero(data == ord("\\"))
        run_starts = backslashes[np.diff(backslashes, prepend=-2) != 1]
        start = run_starts[np.searchsorted(run_starts, after_backslash - 1, side="right") - 1]
        escaped = after_backslash[(after_backslash - start) % 2 == 1]
        quotes = np.setdiff1d(quotes, escaped, assume_unique=True)
    return _bracket_depth(data, quotes)


def _toml_nesting(text: str) -> int:
    """The deepest nesting of TOML arrays and inline tables, outside strings and comments."""
    bare = _TOML_SKIP.sub("", text)
    if _TOML_DOTTED.search(bare):  # a dotted key nests tables without brackets
        return MAX_DEPTH + 1
    return _bracket_depth(np.frombuffer(bare.encode("utf-8", "surrogatepass"), dtype=np.uint8))


def _depth(value: Any) -> int:
    """The nesting depth of parsed data (lists and dicts), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_DEPTH:
            break
        stack.extend((v, depth + 1) for v in item)
    return deepest


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
    if (_toml_nesting if suffix == ".toml" else _json_nesting)(text) > MAX_DEPTH:
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
    if suffix == ".toml" and _depth(data) > MAX_DEPTH:  # dotted keys nest without brackets
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
        return Polity.from_document(data)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None


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
    text = json.dumps(polity.to_dict(), indent=1, ensure_ascii=False) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except ValueError:  # an embedded NUL character
        raise ValidationError(
            f"{str(path)!r}: a file name cannot contain a NUL character"
        ) from None
    except OSError as exc:
        raise ValidationError(f"{path}: cannot write file ({exc.strerror})") from None


# ---------------------------------------------------------------------- networkx
def to_networkx(polity: Polity) -> nx.MultiDiGraph:
    """The polity as a networkx MultiDiGraph: :meth:`Polity.to_networkx
    <govsim.model.Polity.to_networkx>` (nodes are institution ids, edges relations; the
    graph attributes hold the rest, so that :func:`from_networkx` rebuilds the polity)."""
    return polity.to_networkx()


def from_networkx(graph: nx.MultiDiGraph | nx.DiGraph) -> Polity:
    """Build a polity from a networkx graph with :func:`to_networkx`'s attributes:
    :meth:`Polity.from_networkx <govsim.model.Polity.from_networkx>` (errors name the
    node or edge at fault)."""
    return Polity.from_networkx(graph)


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


def write_graphml(polity: Polity, path: str | Path) -> None:
    """Write the polity as GraphML (for Gephi, Cytoscape, yEd).

    GraphML holds only scalar attributes, so structured ones (``term``, the graph's
    territories, electoral systems and rules) are written as JSON strings;
    :func:`read_graphml` decodes them, so ``read_graphml(path) == polity``. Carriage
    returns are written as character references (``&#13;``), which XML keeps (a raw
    one would be read back as a line feed).

    Raises
    ------
    govsim.ValidationError
        If a name, id or note holds a control character XML 1.0 cannot store (other
        than tab, line feed and carriage return), naming the node or edge and the
        field, or if the file cannot be written.
    """
    import networkx as nx
    from networkx.readwrite.graphml import GraphMLWriter

    def scalars(attrs: Mapping[str, Any], where: str) -> dict[str, Any]:
        return {k: _graphml_value(v, where, k) for k, v in attrs.items() if v is not None}

    g = to_networkx(polity)
    h = nx.MultiDiGraph()
    h.graph.update(scalars(g.graph, "graph"))
    for n, attrs in g.nodes(data=True):
        _graphml_value(n, f"node {n!r}", "id")
        h.add_node(n, **scalars(attrs, f"node {n!r}"))
    for u, v, k, attrs in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **scalars(attrs, f"edge {k} ({u!r} -> {v!r})"))
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(h)
    # the markup has no carriage return of its own: every one is in a value
    text = str(writer).replace("\r", "&#13;")
    path = Path(path)
    try:
        path.write_bytes(b"<?xml version='1.0' encoding='utf-8'?>\n" + text.encode("utf-8"))
    except OSError as exc:
        raise ValidationError(f"{path}: cannot write file ({exc.strerror})") from None


#: Attributes that :func:`write_graphml` stores as JSON strings.
_GRAPHML_JSON = frozenset({"sources", "territories", "electoral_systems", "rules", "term"})


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

    h = nx.MultiDiGraph()
    h.graph.update(decode(g.graph, "graph"))
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **decode(attrs, f"node {n!r}"))
    for k, (u, v, key, attrs) in enumerate(g.edges(keys=True, data=True)):
        # from_networkx orders relations by their int keys (the relation rows); keep them
        if isinstance(key, str) and key.isdigit():
            key = int(key)
        edge_key = key if isinstance(key, int) else k
        h.add_edge(u, v, key=edge_key, **attrs)
    try:
        return from_networkx(h)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from None

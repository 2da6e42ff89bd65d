"""A rerunnable fuzzer for govsim's error contract.

    .venv/bin/python tools/fuzz.py --seed 0 --n 13000

Three families of inputs, drawn deterministically from ``--seed`` (input ``i`` depends
only on ``(seed, i)``, so ``--only i`` replays one input exactly):

* ``file``: polity and scenario files in JSON and TOML, mutated from the real examples
  (``examples/kazakhstan.toml``, ``kazakhstan_2019()`` and ``synthetic()`` polities
  written with ``govsim.save``): type swaps, booleans for numbers, huge integers,
  negative counts, NaN and infinities, empty / whitespace / NUL ids, deep nesting,
  unknown keys, wrong op names, bad dates, bad encodings, and directories, FIFOs,
  symlink loops and NUL characters as paths. Polity files go through ``govsim.load``
  (then ``evaluate`` and a save/load round trip) or ``govsim show``; scenario files
  through ``govsim run``.
* ``command``: ``govsim run/show/list/schema/sweep/compare/bench`` with fuzzed
  arguments, in-process through ``govsim.cli.main(argv)``; every
  about one in ``--subprocess-every`` also as a real ``python -m govsim`` process, whose
  status and standard error must agree.
* ``call``: public functions with random and bad parameters: ``electoral.allocate``,
  ``apportion``, ``power.seats_needed``, the exact and Monte Carlo power indices,
  ``tenure.simulate`` and the exact tenure laws, ``scenarios.synthetic`` and
  ``kazakhstan``, every registered reform constructed from its declared fields and
  applied to a synthetic polity, ``Polity.from_arrays`` with bad columns, GraphML
  round trips.

Each outcome is classified as ``accepted``, ``govsim error`` (a ``GovsimError``, or for
the command exit status 2 with exactly one ``govsim: error:`` line on standard error)
or a failure: ``exception:<type>`` (any other exception, or the command's internal
error), ``hang`` (over ``--timeout`` seconds), ``mutated`` (the input changed),
``wrong result:<check>`` (an accepted call whose result breaks a documented property),
``unnamed error`` (a govsim error that does not name the mutated field), ``bad exit``
(the command broke its output contract), ``crash`` (the worker process died).

Inputs run in forked worker processes (``--jobs``, default 1) under an address-space
limit (``--memory-mb``): each input gets ``--timeout`` seconds of ``SIGALRM`` inside the
worker, and the parent kills a worker that does not answer within the timeout plus a
grace period (a loop inside compiled code cannot be interrupted by a signal). The
fuzzer never evaluates, unpickles or executes anything from an input: the parent
sends the worker only the input's index, and the worker regenerates the input.

The report is a table of inputs tried per family and outcome, and of failures by
class with the smallest example of each (``--json FILE`` writes the same figures).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

# one BLAS thread per worker: the machine is shared and fork + thread pools do not mix
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kazakhstan.toml"

#: Per-input time limit (seconds) when ``--timeout`` is not given. Generous on purpose:
#: a valid Kazakhstan scenario run with every metric takes about a second here.
DEFAULT_TIMEOUT = 5.0
#: Extra seconds the parent waits before it kills a worker stuck in compiled code.
GRACE = 3.0
#: Default address-space limit of a worker (MiB): enough for every valid input tried,
#: small enough that a memory bomb ends as MemoryError instead of hurting the machine.
DEFAULT_MEMORY_MB = 3072

FAMILIES = ("file", "command", "call")
OK, GOVSIM_ERROR = "accepted", "govsim error"


# -- cases and outcomes ------------------------------------------------------------------------


@dataclass
class Case:
    """One generated input: what it is (``descr``, kept short) and how to run it."""

    family: str
    kind: str
    descr: str
    run: Callable[[Workspace], Outcome]
    fields: tuple[str, ...] = ()  # names a rejection should mention (empty: any message)


@dataclass
class Outcome:
    cls: str  # OK, GOVSIM_ERROR or a failure class
    detail: str = ""


class _Hang(BaseException):
    """Raised by the in-worker alarm; a BaseException so that no ``except Exception`` in
    govsim swallows it."""


@dataclass
class Workspace:
    """A worker's scratch directory; each input gets a fresh subdirectory."""

    root: Path
    counter: int = 0
    current: Path = field(default_factory=Path)

    def fresh(self) -> Path:
        self.counter += 1
        self.current = self.root / f"in{self.counter}"
        self.current.mkdir()
        return self.current

    def clean(self) -> None:
        if self.current != Path() and self.current.exists():
            with contextlib.suppress(OSError):
                shutil.rmtree(self.current)


def _short(value: Any, width: int = 160) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 3] + "..."


def _exception_outcome(exc: BaseException, fields: tuple[str, ...] = ()) -> Outcome:
    import govsim

    if isinstance(exc, govsim.GovsimError):
        message = str(exc)
        if fields and not any(f.lower() in message.lower() for f in fields):
            return Outcome("unnamed error", f"{type(exc).__name__}: {_short(message)}")
        return Outcome(GOVSIM_ERROR, _short(message))
    name = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    return Outcome(f"exception:{name}", _short(f"{exc}"))


# -- value pools -------------------------------------------------------------------------------

HUGE_INTS = (2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**18, 10**30)
BAD_FLOATS = (math.nan, math.inf, -math.inf, 1e308, -0.0, 5e-324)
BAD_STRINGS = ("", " ", "\t", "\x00", "gov\x00", "\x00gov", "a\x00b", "\u200b", "é" * 3, "x" * 5000)
BAD_DATES = ("2023-02-30", "2023-13-01", "0000-01-01", "yesterday", "", "2023/01/01", 99999)
NUMERIC_FIELDS = (
    "seats",
    "population",
    "year",
    "years",
    "max_terms",
    "threshold",
    "districts",
    "value",
    "format",
    "seeds",
    "seed",
    "share",
    "n_offices",
)


def _bad_value(rng: random.Random, old: Any) -> tuple[str, Any]:
    """A bad replacement for ``old``: (what kind of mutation, new value)."""
    choices: list[tuple[str, Callable[[], Any]]] = [
        ("type swap", lambda: rng.choice([[], {}, [old], {"x": old}, "x", 1.5, None])),
        ("bool for number", lambda: rng.choice([True, False])),
        ("huge int", lambda: rng.choice(HUGE_INTS) * rng.choice([1, -1])),
        ("negative count", lambda: -rng.choice([1, 2, 100, 10**9])),
        ("nan/inf", lambda: rng.choice(BAD_FLOATS)),
        ("bad string", lambda: rng.choice(BAD_STRINGS)),
        ("zero", lambda: 0),
        ("over digit limit", lambda: "__HUGEINT_5000__"),
        ("deep nesting", lambda: f"__DEEP_{rng.choice([50, 1000, 100000])}__"),
    ]
    if isinstance(old, str):
        choices.append(("id edit", lambda: old + rng.choice(["\x00", " ", "?", "\r", "\x01"])))
        choices.append(("bad date", lambda: rng.choice(BAD_DATES)))
    if isinstance(old, (int, float)) and not isinstance(old, bool):
        choices.append(("scaled number", lambda: old * rng.choice([10**3, 10**5, 10**9, -1])))
        choices.append(("number as text", lambda: str(old)))
    what, make = rng.choice(choices)
    return what, make()


# -- polity and scenario documents ---------------------------------------------------------------


class Bases:
    """The real documents mutants start from, built once per worker."""

    def __init__(self) -> None:
        import tomllib

        import govsim
        from govsim.scenarios import kazakhstan_2019, synthetic

        self.synthetic: dict[int, Any] = {}
        self.synthetic_docs: dict[int, dict[str, Any]] = {}
        for n in (100, 250):
            p = synthetic(n, seed=n)
            path = Path(tempfile.mkdtemp(prefix="govsim-fuzz-base-")) / "p.json"
            govsim.save(p, path)  # the saved file, exactly as a user would have it
            self.synthetic[n] = p
            self.synthetic_docs[n] = json.loads(path.read_text(encoding="utf-8"))
            shutil.rmtree(path.parent)
        self.kazakhstan = kazakhstan_2019()
        self.kazakhstan_doc = self.kazakhstan.to_dict()
        self.scenario = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
        self.pool = _IdPool(self.synthetic_docs[100])
        self.kz_pool = _IdPool(self.kazakhstan_doc)


class _IdPool:
    """Ids of one polity by kind and level, so that generated reforms can apply."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.institutions = [r["id"] for r in doc["institutions"]]
        self.by_kind: dict[str, list[str]] = {}
        for r in doc["institutions"]:
            self.by_kind.setdefault(r["kind"], []).append(r["id"])
        self.territories = [t["id"] for t in doc.get("territories", [])]
        self.by_level: dict[str, list[str]] = {}
        for t in doc.get("territories", []):
            self.by_level.setdefault(t["level"], []).append(t["id"])
        self.children: dict[str, list[str]] = {}
        for t in doc.get("territories", []):
            if t.get("parent"):
                self.children.setdefault(t["parent"], []).append(t["id"])

    def of_kind(self, rng: random.Random, *kinds: str) -> str:
        ids = [i for k in kinds for i in self.by_kind.get(k, [])]
        return rng.choice(ids or self.institutions)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) in a document tree, leaves and containers alike."""
    yield prefix, doc
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(doc: Any, path: tuple[Any, ...]) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def _field_name(path: tuple[Any, ...]) -> tuple[str, ...]:
    """Names an error about ``path`` may use: the last key, and the key above an index."""
    names = [p for p in path if isinstance(p, str)]
    return tuple(names[-2:]) if names else ()


def _pick_path(rng: random.Random, doc: Any, *, leaves: bool) -> tuple[Any, ...]:
    """A random path, biased to the fields the issue names (counts, ids, dates, ops)."""
    paths = [p for p, v in _paths(doc) if p and (not leaves or not isinstance(v, (dict, list)))]
    interesting = [
        p
        for p in paths
        if isinstance(p[-1], str)
        and (p[-1] in NUMERIC_FIELDS or p[-1] in ("id", "op", "date", "kind", "level", "parent"))
    ]
    if interesting and rng.random() < 0.7:
        return rng.choice(interesting)
    return rng.choice(paths)


def mutate_document(rng: random.Random, doc: dict[str, Any], n: int) -> tuple[list[str], set[str]]:
    """Apply ``n`` random mutations to ``doc`` in place; returns descriptions and field names."""
    notes: list[str] = []
    names: set[str] = set()
    for _ in range(n):
        roll = rng.random()
        if roll < 0.65:
            path = _pick_path(rng, doc, leaves=True)
            old = _get(doc, path)
            what, new = _bad_value(rng, old)
            if path[-1] == "op" and rng.random() < 0.5:
                what, new = "wrong op", _typo(rng, str(old))
            _set(doc, path, new)
            notes.append(f"{what} at {_dotted(path)}: {_short(new, 40)}")
            names.update(_field_name(path))
        elif roll < 0.75:
            containers = [p for p, v in _paths(doc) if isinstance(v, dict)]
            path = rng.choice(containers)
            key = rng.choice(["colour", "Seats", "seats ", "__proto__", "id\x00", "extra"])
            _set(doc, (*path, key), rng.choice([1, "x", True, None]))
            notes.append(f"unknown key {key!r} at {_dotted(path) or 'top'}")
            names.add(key.strip("\x00 ") or key)
        elif roll < 0.85:
            path = _pick_path(rng, doc, leaves=False)
            _delete(doc, path)
            notes.append(f"deleted {_dotted(path)}")
            names.update(_field_name(path))
        elif roll < 0.93:
            lists = [p for p, v in _paths(doc) if isinstance(v, list) and v]
            if lists:
                path = rng.choice(lists)
                items = _get(doc, path)
                items.append(copy.deepcopy(rng.choice(items)))
                notes.append(f"duplicated an item of {_dotted(path)}")
                names.update(("id", "duplicate", *_field_name(path)))
        else:
            path = _pick_path(rng, doc, leaves=False)
            _set(doc, path, f"__DEEP_{rng.choice([100, 1000, 100000])}__")
            notes.append(f"deep nesting at {_dotted(path)}")
            names.update(_field_name(path))
    return notes, names


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _typo(rng: random.Random, name: str) -> str:
    if not name:
        return "x"
    i = rng.randrange(len(name))
    return rng.choice(
        [name[:i] + name[i + 1 :], name[:i] + name[i] * 2 + name[i:], name.upper(), name + "s"]
    )


# -- writing documents (JSON and a small TOML emitter) ----------------------------------------------

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str | None:
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        items = [t for t in (_toml_value(v) for v in value) if t is not None]
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        pairs = [
            f"{_toml_key(str(k))} = {t}"
            for k, v in value.items()
            if (t := _toml_value(v)) is not None
        ]
        return "{ " + ", ".join(pairs) + " }" if pairs else "{}"
    return json.dumps(str(value))


def to_toml(doc: dict[str, Any]) -> str:
    """TOML text for a document (``None`` values are left out: TOML has no null)."""
    head: list[str] = []
    tail: list[str] = []
    for key, value in doc.items():
        k = _toml_key(str(key))
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                tail.append(f"\n[[{k}]]")
                tail += [
                    f"{_toml_key(str(kk))} = {t}"
                    for kk, vv in item.items()
                    if (t := _toml_value(vv)) is not None
                ]
        elif isinstance(value, dict) and value:
            tail.append(f"\n[{k}]")
            tail += [
                f"{_toml_key(str(kk))} = {t}"
                for kk, vv in value.items()
                if (t := _toml_value(vv)) is not None
            ]
        elif (t := _toml_value(value)) is not None:
            head.append(f"{k} = {t}")
    return "\n".join(head + tail) + "\n"


def _jsonable(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


_SENTINEL = re.compile(r'"__(HUGEINT|DEEP)_(\d+)__"')


def render(doc: dict[str, Any], suffix: str) -> str:
    """The document as text; sentinels become what the serializers cannot write
    (integers over Python's digit limit, nesting deeper than the recursion limit)."""
    text = to_toml(doc) if suffix == ".toml" else json.dumps(_jsonable(doc), ensure_ascii=False)

    def expand(m: re.Match[str]) -> str:
        n = int(m.group(2))
        return "9" * n if m.group(1) == "HUGEINT" else "[" * n + "]" * n

    return _SENTINEL.sub(expand, text)


def mutate_bytes(rng: random.Random, text: str) -> tuple[bytes, str]:
    """Encoding-level damage: latin-1/UTF-16 text, invalid bytes, NUL, BOM, truncation."""
    raw = text.encode("utf-8")
    how = rng.choice(["latin-1", "utf-16", "invalid byte", "nul byte", "bom", "truncate", "crlf"])
    if how == "latin-1":
        return text.replace('"', '"é', 1).encode("latin-1", errors="replace"), how
    if how == "utf-16":
        return text.encode("utf-16"), how
    i = rng.randrange(len(raw) + 1)
    if how == "invalid byte":
        return raw[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]) + raw[i:], how
    if how == "nul byte":
        return raw[:i] + b"\x00" + raw[i:], how
    if how == "bom":
        return b"\xef\xbb\xbf" + raw, how
    if how == "crlf":
        return raw.replace(b"\n", b"\r\n").replace(b"\r\n", b"\r", 3), how
    return raw[:i], how


def special_path(rng: random.Random, ws: Path, suffix: str) -> tuple[str, str]:
    """A path that is not a regular file: (path, what it is)."""
    what = rng.choice(
        ["directory", "fifo", "symlink loop", "dangling symlink", "nul in path", "missing", "empty"]
    )
    path = ws / f"special{rng.randrange(10**9)}{suffix}"
    if what == "directory":
        path.mkdir()
    elif what == "fifo":
        os.mkfifo(path)
    elif what == "symlink loop":
        other = path.with_name("other-" + path.name)
        os.symlink(other, path)
        os.symlink(path, other)
    elif what == "dangling symlink":
        os.symlink(ws / "nowhere.json", path)
    elif what == "nul in path":
        return str(ws / f"spe\x00cial{suffix}"), what
    elif what == "empty":
        path.write_bytes(b"")
    return str(path), what


# -- the file family ---------------------------------------------------------------------------


def _scenario_doc(rng: random.Random, bases: Bases) -> dict[str, Any]:
    """A scenario document: the real example, a few of its steps, or a synthetic baseline
    with generated steps (so that mutants reach the reform code)."""
    doc = copy.deepcopy(bases.scenario)
    roll = rng.random()
    if roll < 0.2:
        return doc
    if roll < 0.5:
        steps = doc["reforms"]
        doc["reforms"] = [
            steps[i] for i in sorted(rng.sample(range(len(steps)), rng.randint(1, 3)))
        ]
        if rng.random() < 0.5:
            doc.pop("variants", None)
        return doc
    n = rng.choice([100, 250])
    doc = {
        "name": "fuzz",
        "baseline": {"scenario": "synthetic", "params": {"n_offices": n, "seed": n}},
        "reforms": [],
    }
    for _ in range(rng.randint(1, 3)):
        op, params = reform_params(rng, bases.pool, valid=True)
        step = {"op": op, **_jsonable(params)}
        if rng.random() < 0.7:
            step["date"] = f"{rng.randint(2019, 2030)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        doc["reforms"].append(step)
    if rng.random() < 0.3:
        doc["seeds"] = rng.choice([1, 2, 3])
        doc["variants"] = [{"label": "v", "drop": []}]
    return doc


def _polity_doc(rng: random.Random, bases: Bases) -> dict[str, Any]:
    if rng.random() < 0.08:
        return copy.deepcopy(bases.kazakhstan_doc)
    return copy.deepcopy(bases.synthetic_docs[rng.choice([100, 250])])


def file_case(rng: random.Random, bases: Bases) -> Case:
    scenario = rng.random() < 0.5
    suffix = rng.choice([".json", ".toml"])
    kind = ("scenario" if scenario else "polity") + suffix
    doc = _scenario_doc(rng, bases) if scenario else _polity_doc(rng, bases)
    roll = rng.random()
    if roll < 0.08:
        mode = "path"
        notes = ["special path"]
        names: set[str] = set()
    elif roll < 0.18:
        mode = "bytes"
        notes, names = [], set()
    else:
        mode = "doc"
        notes, names = mutate_document(rng, doc, rng.choice([1, 1, 1, 2, 3]))
    byte_seed = rng.random()
    via = "api" if (not scenario and rng.random() < 0.5) else "command"

    def run(ws: Workspace) -> Outcome:
        d = ws.fresh()
        path = d / f"input{suffix}"
        if mode == "path":
            where, what = special_path(random.Random(byte_seed), d, suffix)
            notes[0] = what
            target = where
        else:
            text = render(doc, suffix)
            if mode == "bytes":
                raw, how = mutate_bytes(random.Random(byte_seed), text)
                notes[:] = [how]
                path.write_bytes(raw)
            else:
                path.write_text(text, encoding="utf-8")
            target = str(path)
        if via == "api":
            return _load_polity(target)
        argv = ["run", target, "--format", "json"] if scenario else ["show", target]
        return run_command(argv, ws)

    descr = f"{kind} via {'govsim.load' if via == 'api' else 'govsim'}: " + "; ".join(notes)
    return Case("file", kind, descr, run, tuple(sorted(names)) if mode == "doc" else ())


def _load_polity(path: str) -> Outcome:
    import govsim

    try:
        p = govsim.load(path)
    except Exception as exc:
        return _exception_outcome(exc)
    if not isinstance(p, govsim.Polity):
        return Outcome(OK, "a scenario")
    return _polity_checks(p)


def _polity_checks(p: Any) -> Outcome:
    """An accepted polity must evaluate, round-trip and keep its columns read-only."""
    import numpy as np

    import govsim

    for table in (p.institution_table, p.relation_table, p.territory_table):
        for name in getattr(table, "__dataclass_fields__", {}):
            col = getattr(table, name)
            if isinstance(col, np.ndarray):
                try:
                    col.setflags(write=True)
                except ValueError:
                    continue
                return Outcome("wrong result:writeable column", f"{type(table).__name__}.{name}")
    try:
        govsim.evaluate(p)
    except Exception as exc:
        out = _exception_outcome(exc)
        return out if out.cls != GOVSIM_ERROR else Outcome("exception:evaluate", out.detail)
    try:
        again = govsim.Polity.from_document(json.loads(json.dumps(p.to_dict(), allow_nan=True)))
    except Exception as exc:
        return Outcome("wrong result:round trip", _short(f"{type(exc).__name__}: {exc}"))
    if again != p:
        return Outcome("wrong result:round trip", "load(save(p)) != p")
    return Outcome(OK)


# -- the command family ------------------------------------------------------------------------


def run_command(argv: list[str], ws: Workspace) -> Outcome:
    """Run ``govsim.cli.main(argv)`` in-process and check its output contract."""
    from govsim import cli

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(ws.current)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(argv)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 2
    except _Hang:
        raise
    except BaseException as exc:
        return Outcome(f"exception:{type(exc).__name__} (escaped main)", _short(f"{exc}"))
    finally:
        os.chdir(cwd)
    return classify_exit(status, err.getvalue())


def classify_exit(status: Any, stderr: str) -> Outcome:
    lines = [line for line in stderr.splitlines() if line.strip()]
    if status == 0:
        return Outcome(OK)
    if status == 2:
        if len(lines) == 1 and lines[0].startswith("govsim: error:"):
            return Outcome(GOVSIM_ERROR, _short(lines[0]))
        return Outcome(
            f"bad exit:status 2 with {len(lines)} error lines", _short(" | ".join(lines))
        )
    if status == 1:
        internal = [line for line in lines if line.startswith("govsim: internal error:")]
        if internal:
            m = re.match(r"govsim: internal error: ([\w.]+)", internal[0])
            return Outcome(
                f"exception:{m.group(1) if m else '?'} (internal error)", _short(internal[0])
            )
        if any(line.startswith("failed:") for line in lines):
            return Outcome("bad exit:sweep runs failed", _short(lines[0]))
    return Outcome(f"bad exit:status {status}", _short(" | ".join(lines[-3:])))


def command_case(rng: random.Random, bases: Bases) -> Case:
    def date() -> str:
        return rng.choice(
            [
                "2023-12-31",
                "2021-07-25",
                "1900-01-01",
                "9999-12-31",
                "2023-02-30",
                "",
                "x",
                "-1",
                "2023-1-1",
                "20231231",
            ]
        )

    def number() -> str:
        return rng.choice(
            [
                "1",
                "2",
                "0",
                "-1",
                "inf",
                "-inf",
                "nan",
                "1e9",
                "1e400",
                "x",
                "",
                "1.5",
                "9" * 30,
                "100",
                "1000",
            ]
        )

    file_kind = rng.choice(["example", "scenario", "polity", "mutant", "special", "baseline"])
    sub = rng.choice(
        [
            "run",
            "run",
            "show",
            "compare",
            "sweep",
            "sweep",
            "list",
            "schema",
            "bench",
            "none",
            "unknown",
        ]
    )
    choice_seed = rng.random()
    opts: list[str] = []
    if sub == "run":
        if rng.random() < 0.5:
            opts += ["--date", date()]
        if rng.random() < 0.3:
            opts += ["--format", rng.choice(["table", "markdown", "json", "xml", ""])]
        if rng.random() < 0.2:
            opts += ["--changes"]
        if rng.random() < 0.15 and file_kind != "example":  # a real report takes seconds
            opts += ["--out", rng.choice(["OUT", "FILEOUT", "/dev/null/x", ""])]
    elif sub == "sweep":
        if rng.random() < 0.7:
            opts += [
                "--workers",
                rng.choice(["1", "inf", "nan", "-1", "0", "x", "1e400", "2", "1.5"]),
            ]
        if rng.random() < 0.2:
            opts += ["--out", rng.choice(["OUT.json", "OUT.txt", "FILEOUT/x.json"])]
    elif sub == "bench":
        opts += ["--sizes", *(number() for _ in range(rng.randint(0, 2)))]
        opts = [o if o not in ("1e9", "9" * 30, "1000") else "100" for o in opts]
    elif sub in ("compare",) and rng.random() < 0.3:
        opts += ["--format", rng.choice(["json", "markdown", "bogus"])]
    if rng.random() < 0.05:
        opts.append(rng.choice(["--bogus", "-x", "--", "--help", "extra"]))
    what = rng.choice(["reforms", "metrics", "methods", "baselines", "reform", "", "x"])
    which = rng.choice(["scenario", "polity", "Scenario", ""])
    mutant_notes: list[str] = []

    def run(ws: Workspace) -> Outcome:
        d = ws.fresh()
        r = random.Random(choice_seed)

        def a_file() -> str:
            if file_kind == "example":
                return str(EXAMPLE)
            if file_kind == "baseline":
                return r.choice(
                    [
                        "kazakhstan_2019",
                        "synthetic",
                        "kazakhstan",
                        "kazakstan_2019",
                        "",
                        "-",
                        "x.yaml",
                    ]
                )
            if file_kind == "special":
                return special_path(r, d, r.choice([".json", ".toml"]))[0]
            if file_kind == "polity":
                path = d / "p.json"
                path.write_text(json.dumps(bases.synthetic_docs[100]), encoding="utf-8")
                return str(path)
            if file_kind == "scenario":
                path = d / "s.json"
                path.write_text(render(_scenario_doc(r, bases), ".json"), encoding="utf-8")
                return str(path)
            suffix = r.choice([".json", ".toml"])
            doc = _scenario_doc(r, bases) if r.random() < 0.6 else _polity_doc(r, bases)
            notes, _ = mutate_document(r, doc, 1)
            mutant_notes[:] = notes
            path = d / f"mutant{suffix}"
            path.write_text(render(doc, suffix), encoding="utf-8")
            return str(path)

        (d / "FILEOUT").write_text("", encoding="utf-8")
        fixed = [
            o.replace("OUT", str(d / "out")) if o.startswith(("OUT", "FILEOUT")) else o
            for o in opts
        ]
        fixed = [str(d / o) if o.startswith("FILEOUT") else o for o in fixed]
        if sub == "run":
            argv = ["run", a_file(), *fixed]
        elif sub == "show":
            argv = ["show", a_file()]
        elif sub == "compare":
            argv = ["compare", a_file(), a_file(), *fixed]
        elif sub == "sweep":
            argv = ["sweep", a_file(), *fixed]
        elif sub == "list":
            argv = ["list", what]
        elif sub == "schema":
            argv = ["schema", which] if which else ["schema"]
        elif sub == "bench":
            argv = ["bench", *fixed]
        elif sub == "none":
            argv = []
        else:
            argv = ["frobnicate", a_file()]
        ws.last_argv = argv  # type: ignore[attr-defined]
        return run_command(argv, ws)

    descr = f"govsim {sub} [{file_kind}] {' '.join(opts)}".strip()
    return Case("command", sub, descr, run)


# -- the call family ---------------------------------------------------------------------------


def _snapshot(value: Any) -> Any:
    import numpy as np

    import govsim

    if isinstance(value, np.ndarray):
        return ("nd", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, govsim.Polity):
        return ("polity", json.dumps(value.to_dict(), sort_keys=True, default=str))
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_snapshot(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return value


def call(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    fields: tuple[str, ...],
    check: Callable[[Any], str | None] | None = None,
) -> Outcome:
    """Call ``func``, classify the outcome, check the result and that the inputs are unchanged."""
    before = _snapshot((args, kwargs))
    try:
        result = func(*args, **kwargs)
    except _Hang:
        raise
    except RecursionError as exc:
        return Outcome("exception:RecursionError", _short(str(exc)))
    except Exception as exc:
        out = _exception_outcome(exc, fields)
    else:
        problem = check(result) if check is not None else None
        out = Outcome(f"wrong result:{problem}", _short(result, 120)) if problem else Outcome(OK)
    if _snapshot((args, kwargs)) != before:
        return Outcome("mutated", "an argument changed")
    return out


def _votes(rng: random.Random) -> tuple[Any, str]:
    import numpy as np

    roll = rng.random()
    if roll < 0.45:
        v = [rng.randint(0, 10 ** rng.randint(1, 7)) for _ in range(rng.randint(1, 8))]
        return v, "votes"
    if roll < 0.6:
        shape = (rng.randint(1, 4), rng.randint(1, 6))
        return np.random.default_rng(rng.randrange(2**32)).integers(0, 1000, shape), "votes"
    return rng.choice(
        [
            [],
            [[]],
            [2**63, 1, 1],
            [2**64, 1],
            [-1, 5],
            [1.5, 2],
            [math.nan, 1],
            [math.inf, 1],
            [True, False],
            ["10", "20"],
            [[1, 2], [3]],
            5,
            np.array([1, 2], dtype=np.uint64) * 2**62,
            [10**30, 1],
            [0, 0, 0],
            np.zeros((0, 3), dtype=int),
        ]
    ), "votes"


def _seats(rng: random.Random) -> Any:
    return rng.choice(
        [
            0,
            1,
            7,
            69,
            98,
            -1,
            10**6,
            10**12,
            2**63,
            3.0,
            3.5,
            math.nan,
            True,
            "7",
            None,
            [5, 6],
            rng.randint(1, 200),
        ]
    )


def allocate_case(rng: random.Random) -> Case:
    import numpy as np

    from govsim.electoral import allocate
    from govsim.model import ALLOCATION_METHODS

    votes, _ = _votes(rng)
    seats = _seats(rng) if rng.random() < 0.5 else rng.randint(0, 120)
    method = rng.choice([*ALLOCATION_METHODS, *ALLOCATION_METHODS, "dhont", "", "DHONDT", None, 3])
    threshold = rng.choice(
        [
            0.0,
            0.0,
            0.05,
            0.07,
            1 / 3,
            0.999,
            1.0,
            1.5,
            -0.1,
            math.nan,
            Fraction(1, 20),
            "0.05",
            True,
        ]
    )
    kwargs: dict[str, Any] = {"method": method, "threshold": threshold}
    if rng.random() < 0.15:
        kwargs["min_parties"] = rng.choice([0, 1, 2, -1, 10**9, 2.5, True])
    if rng.random() < 0.1:
        kwargs["eligible"] = rng.choice([[True, False], [1, 0], "yes", None])
    fields = ("votes", "seats", "method", "threshold", "min_parties", "eligible")

    def check(out: Any) -> str | None:
        out = np.asarray(out)
        v = np.asarray(votes)
        if out.shape != v.shape:
            return "shape"
        if out.size and out.min() < 0:
            return "negative seats"
        total = np.broadcast_to(np.asarray(seats), out.shape[:-1]) if out.ndim else None
        if total is not None and not np.array_equal(out.sum(axis=-1), total):
            return "seats do not add up"
        integral = v.dtype != object and np.issubdtype(v.dtype, np.integer)
        if integral and out.size and np.any((v == 0) & (out > 0)):
            return "seats to a list without votes"
        return None

    descr = f"allocate({_short(votes, 50)}, {_short(seats, 20)}, {_short(kwargs, 80)})"
    return Case(
        "call",
        "allocate",
        descr,
        lambda ws: call(allocate, (votes, seats), kwargs, fields, check),
        fields,
    )


def seats_needed_case(rng: random.Random) -> Case:
    from govsim.power import seats_needed

    fraction = rng.choice(
        [None, 0.5, 2 / 3, 0.6, 1.0, 0.0, 1.5, -0.5, math.nan, math.inf, True, "0.5", rng.random()]
    )
    seats = rng.choice([0, 1, 2, 98, 99, -1, 2**63, 10**18, 1.5, True, None, rng.randint(0, 500)])

    def check(r: Any) -> str | None:
        if not isinstance(r, int) or isinstance(r, bool):
            return "not an int"
        if not (1 <= r <= seats):
            return "outside [1, seats]"
        f = 0.5 if fraction is None else float(fraction)
        if f == 0.5 and r <= seats / 2:
            return "not a majority"
        return None

    fields = ("fraction", "seats")
    return Case(
        "call",
        "seats_needed",
        f"seats_needed({fraction!r}, {seats!r})",
        lambda ws: call(seats_needed, (fraction, seats), {}, fields, check),
        fields,
    )


def power_case(rng: random.Random) -> Case:
    import numpy as np

    from govsim import power

    roll = rng.random()
    if roll < 0.6:
        n = rng.choice([1, 2, 3, 5, 15, 40, 150, 300])
        if rng.random() < 0.3:
            weights: Any = list(range(1, n + 1))
        else:
            weights = [rng.randint(0, 50) for _ in range(n)]
    else:
        weights = rng.choice(
            [
                [],
                [-1, 2],
                [1.5, 2],
                [2**62, 2**62, 1],
                [math.nan],
                [0, 0],
                [[1, 2]],
                "12",
                [True, True],
                [10**30, 1],
            ]
        )
    try:
        total = int(sum(w for w in weights if isinstance(w, int)))
    except TypeError:
        total = 1
    quota = rng.choice(
        [total // 2 + 1, total, total + 1, 0, -1, 1, 1.5, math.nan, 2**63, max(1, total // 2 + 1)]
    )
    func_name = rng.choice(
        [
            "shapley_shubik",
            "banzhaf",
            "approximate_shapley_shubik",
            "approximate_banzhaf",
            "swing_probabilities",
        ]
    )
    exact = rng.random() < 0.3
    fields = ("weights", "quota", "n_samples", "t", "exact", "game")

    def target() -> Any:
        game = power.WeightedGame(weights, quota)
        if func_name == "shapley_shubik":
            return power.shapley_shubik(game, exact=exact)
        if func_name == "banzhaf":
            return power.banzhaf(game, exact=exact)
        if func_name == "swing_probabilities":
            return power.swing_probabilities(game, rng_t)
        fn = getattr(power, func_name)
        return fn(game, n_samples=n_samples, seed=0)

    rng_t = rng.choice([0.0, 0.5, 1.0, -0.1, 1.1, math.nan])
    n_samples = rng.choice([1, 100, 1000, 0, -1, 10**12, 1.5, True])

    def check(r: Any) -> str | None:
        if func_name in ("shapley_shubik",) or (func_name == "banzhaf"):
            arr = np.asarray([float(x) for x in np.asarray(r).ravel()])
            if arr.size and (np.any(arr < -1e-12) or abs(arr.sum() - 1) > 1e-9):
                return "indices do not sum to 1"
        return None

    descr = (
        f"{func_name}(WeightedGame({_short(weights, 40)}, {quota!r}), exact={exact}, "
        f"n_samples={n_samples!r}, t={rng_t!r})"
    )
    return Case("call", func_name, descr, lambda ws: call(target, (), {}, fields, check), fields)


def tenure_case(rng: random.Random) -> Case:
    import govsim
    from govsim import tenure

    term_years = rng.choice([1, 4, 5, 7, 0, -1, 10**9, 1.5, True])
    max_terms = rng.choice([None, 1, 2, 3, 1000000, 0, -2, 2**63, True])
    hazard = rng.choice([0.05, 0.0, 1.0, 0.2, -0.1, 1.5, math.nan, [0.05, 0.1], [], "0.05"])
    years = rng.choice([1, 30, 50, 0, -1, 10**9, 2**63, 1.5, True, rng.randint(1, 100)])
    n = rng.choice([1, 100, 1000, 0, -5, 10**12, True, 2.0])
    seed = rng.choice([0, 1, -1, 2**63, "x", None])
    func = rng.choice(
        [
            "simulate",
            "simulate",
            "exact_expected_tenure",
            "exact_total_years",
            "exact_survival",
            "exact_p_tenure_over",
        ]
    )
    comeback = rng.choice([0.0, 0.0, 0.3, -1.0, math.nan])
    fields = ("years", "max_terms", "hazard", "n", "seed", "term", "comeback", "threshold")

    def target() -> Any:
        term = (
            None if term_years is None else govsim.TermRule(years=term_years, max_terms=max_terms)
        )
        if func == "simulate":
            return tenure.simulate(term, hazard, years, n, seed=seed, comeback=comeback)
        fn = getattr(tenure, func)
        if func == "exact_survival":
            return fn(term, hazard, years)
        if func in ("exact_p_tenure_over", "exact_total_years"):
            return fn(term, hazard, years)
        return fn(term, hazard)

    descr = (
        f"tenure.{func}(TermRule(years={term_years!r}, max_terms={max_terms!r}), "
        f"hazard={_short(hazard, 20)}, years={years!r}, n={n!r}, seed={seed!r}, "
        f"comeback={comeback!r})"
    )
    return Case("call", f"tenure.{func}", descr, lambda ws: call(target, (), {}, fields), fields)


def scenario_builder_case(rng: random.Random) -> Case:
    from govsim import scenarios

    if rng.random() < 0.6:
        kwargs: dict[str, Any] = {
            "n_offices": rng.choice([100, 1000, 99, 0, -1, 10**10, 2**63, 1e3, True, "100"]),
            "seed": rng.choice([0, 1, -1, 2**63, None, "s"]),
        }
        for key in ("districts_per_region", "locals_per_district"):
            if rng.random() < 0.4:
                kwargs[key] = rng.choice([1, 10, 0, -1, 10**9, 2**62, 2.5, True])
        for key in ("elected_local_share", "elected_district_share"):
            if rng.random() < 0.2:
                kwargs[key] = rng.choice([0.0, 0.5, 1.0, 1.5, -0.1, math.nan, True])
        fn, name = scenarios.synthetic, "synthetic"
    else:
        kwargs = {
            "date": rng.choice(
                [None, "2024-01-01", "2019-01-01", "2023-02-30", "x", 2024, "9999-12-31"]
            ),
            "unconfirmed": rng.choice([True, False, "no", "yes", 0, 1, None]),
        }
        fn, name = scenarios.kazakhstan, "kazakhstan"
    fields = (*kwargs, "date")

    def check(p: Any) -> str | None:
        u = kwargs.get("unconfirmed", True)
        if name == "kazakhstan" and not isinstance(u, bool):
            return "non-bool unconfirmed accepted"
        return None

    return Case(
        "call",
        name,
        f"{name}(**{_short(kwargs, 120)})",
        lambda ws: call(fn, (), kwargs, fields, check),
        fields,
    )


def _valid_value(rng: random.Random, name: str, annotation: Any, pool: _IdPool) -> Any:
    """A plausible value for a reform field of type ``annotation`` on the pool's polity."""
    import enum
    import types
    import typing

    from pydantic import BaseModel

    from govsim.reforms import Selector

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _valid_value(rng, name, args[0], pool)
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        if len(arms) < len(args) and rng.random() < 0.25:
            return None
        if all(isinstance(a, type) and issubclass(a, BaseModel) for a in arms):
            return _valid_value(rng, name, rng.choice(arms), pool)
        return _valid_value(rng, name, arms[0], pool)
    if origin is typing.Literal:
        return rng.choice(args)
    if annotation is Selector:
        return _selector(rng, name, pool)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return rng.choice(list(annotation)).value
    if annotation is bool:
        return rng.random() < 0.5
    if annotation is int:
        if "threshold" in name or name in ("members", "regional_branch"):
            return rng.choice([0, 100, 5000, 20000])
        return rng.choice([1, 2, 3, 5, 7, 10, 50]) if name != "seats" else rng.randint(0, 40)
    if annotation is float:
        return rng.choice([0.0, 0.05, 0.3, 0.5, 2 / 3, 1.0])
    if annotation is str:
        return _id_for(rng, name, pool)
    if origin is tuple:
        inner = args[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return [_valid_value(rng, name, inner, pool) for _ in range(rng.randint(0, 2))]
        if name == "districts":
            region = rng.choice(pool.by_level.get("regional", pool.territories))
            kids = pool.children.get(region, [])
            return rng.sample(kids, min(len(kids), rng.randint(1, 3))) if kids else []
        return [_valid_value(rng, name, inner, pool) for _ in range(rng.randint(1, 3))]
    if origin is dict:
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out = {}
        for fname, f in annotation.model_fields.items():
            if f.is_required() or rng.random() < 0.5:
                out[fname] = _valid_value(rng, fname, f.annotation, pool)
        return out
    return None


def _selector(rng: random.Random, name: str, pool: _IdPool) -> Any:
    roll = rng.random()
    kinds = {
        "office": ("head_of_state",),
        "offices": ("executive",),
        "body": ("chamber", "council"),
        "source": ("head_of_state", "executive"),
        "targets": ("executive", "court"),
    }.get(name, ("executive",))
    if roll < 0.5:
        return {"ids": [pool.of_kind(rng, *kinds)]}
    if roll < 0.8:
        return {"kind": list(kinds)}
    return {
        "kind": list(kinds),
        "level": [rng.choice(["national", "regional", "district", "local"])],
    }


def _id_for(rng: random.Random, name: str, pool: _IdPool) -> str:
    if name in ("body", "lower_chamber", "upper_chamber", "consenting_body"):
        return pool.of_kind(rng, "chamber", "council")
    if name in ("head_of_state", "office", "appointer", "nominated_by"):
        return pool.of_kind(rng, "head_of_state", "executive")
    if name in ("court", "replaces"):
        return pool.of_kind(rng, "court")
    if name in ("citizens",):
        return pool.of_kind(rng, "electorate")
    if name in ("region", "into"):
        return rng.choice(pool.by_level.get("regional", pool.territories))
    if name in ("territories", "territory"):
        return rng.choice(pool.territories)
    if name in ("regions",):
        return rng.choice(pool.by_level.get("regional", pool.territories))
    if name in ("petitioners", "advises", "source", "target"):
        return rng.choice(pool.institutions)
    if name in ("id", "new_region"):
        return f"new.{rng.randrange(10**6)}"
    return f"Name {rng.randrange(1000)}"


def reform_params(
    rng: random.Random, pool: _IdPool, *, valid: bool, op: str | None = None
) -> tuple[str, dict[str, Any]]:
    from govsim.reforms import REGISTRY

    op = op or rng.choice(sorted(REGISTRY))
    cls = REGISTRY[op]
    params: dict[str, Any] = {}
    for fname, f in cls.model_fields.items():
        if f.is_required() or rng.random() < 0.4:
            params[fname] = _valid_value(rng, fname, f.annotation, pool)
    params = {
        k: v for k, v in params.items() if v is not None or not cls.model_fields[k].is_required()
    }
    return op, params


def reform_case(rng: random.Random, bases: Bases) -> Case:
    from govsim.reforms import REGISTRY

    on_kz = rng.random() < 0.1
    pool = bases.kz_pool if on_kz else bases.pool
    op, params = reform_params(rng, pool, valid=True)
    cls = REGISTRY[op]
    fields: tuple[str, ...] = ()
    note = "valid-looking"
    if rng.random() < 0.55:
        fname = rng.choice(sorted(cls.model_fields))
        what, new = _bad_value(rng, params.get(fname))
        if isinstance(new, str) and new.startswith("__"):
            new = [[[[new]]]] if "DEEP" in new else 10**40
        params[fname] = new
        fields = (fname,)
        note = f"{what} for {fname}"
    n = rng.choice([100, 250])
    via_model = rng.random() < 0.5

    def target() -> Any:
        polity = bases.kazakhstan if on_kz else bases.synthetic[n]
        reform = cls.model_validate(params) if via_model else cls(**params)
        return reform.apply(polity)

    def check(p: Any) -> str | None:
        out = _polity_checks(p)
        return None if out.cls == OK else f"{out.cls.split(':')[-1]}: {out.detail}"[:80]

    def run(ws: Workspace) -> Outcome:
        polity = bases.kazakhstan if on_kz else bases.synthetic[n]
        before = _snapshot(polity)
        out = call(target, (), {}, fields, check)
        if _snapshot(polity) != before:
            return Outcome("mutated", "the reform changed its input polity")
        return out

    where = "kazakhstan_2019()" if on_kz else f"synthetic({n})"
    descr = f"{op}({_short(params, 140)}).apply({where}) [{note}]"
    return Case("call", f"reform.{op}", descr, run, fields)


def from_arrays_case(rng: random.Random) -> Case:
    import numpy as np

    import govsim

    n = rng.randint(1, 4)
    inst: dict[str, Any] = {
        "id": [f"i{k}" for k in range(n)],
        "kind": [
            rng.choice(["electorate", "executive", "chamber", "head_of_state"]) for _ in range(n)
        ],
        "level": ["national"] * n,
    }
    rel: dict[str, Any] | None = None
    if n > 1 and rng.random() < 0.6:
        rel = {"source": np.array([0]), "target": np.array([1]), "kind": ["elects"]}
    table, column = ("institutions", rng.choice(["id", "kind", "level", "seats", "name"]))
    if rel is not None and rng.random() < 0.4:
        table, column = "relations", rng.choice(["source", "target", "kind", "seats", "threshold"])
    bad = rng.choice(
        [
            lambda m: [""] * m,
            lambda m: [" "] * m,
            lambda m: ["gov\x00"] * m,
            lambda m: ["dup"] * m,
            lambda m: list(range(m)),
            lambda m: [None] * m,
            lambda m: np.full(m, np.nan),
            lambda m: np.full(m, -1),
            lambda m: np.full(m, 2**62),
            lambda m: np.full(m, 99),
            lambda m: [1.5] * m,
            lambda m: np.arange(m + 1),
            lambda m: np.array([[1] * m]),
            lambda m: "abc",
            lambda m: [True] * m,
            lambda m: np.array([2**63] * m, dtype=np.uint64),
        ]
    )
    target_table = inst if table == "institutions" else rel
    assert target_table is not None
    m = n if table == "institutions" else 1
    target_table[column] = bad(m)
    fields = (column, table, table.removesuffix("s"))  # "institution table" names it too

    def check(p: Any) -> str | None:
        out = _polity_checks(p)
        return None if out.cls == OK else f"{out.cls.split(':')[-1]}"

    descr = f"Polity.from_arrays(institutions={_short(inst, 90)}, relations={_short(rel, 60)})"
    return Case(
        "call",
        "Polity.from_arrays",
        descr,
        lambda ws: call(
            govsim.Polity.from_arrays,
            ("fuzz",),
            {"institutions": inst, "relations": rel},
            fields,
            check,
        ),
        fields,
    )


def graphml_case(rng: random.Random) -> Case:
    import govsim
    from govsim.io import read_graphml, write_graphml

    text = rng.choice(
        [
            "a\rb",
            "a\x01b",
            "tab\there",
            "nul\x00",
            "\x1b[31m",
            "line\nbreak",
            "\ud800" if rng.random() < 0.1 else "ok",
            "é",
            "\x7f",
            "\r\n",
        ]
    )
    where = rng.choice(["name", "description", "inst_name"])

    def target(ws: Workspace) -> Outcome:
        def go() -> Any:
            kwargs = {"description": text} if where == "description" else {}
            name = text if where == "name" else "p"
            inst = govsim.Institution(
                id="v",
                name=text if where == "inst_name" else "V",
                kind="electorate",
                level="national",
            )
            p = govsim.Polity(name, institutions=[inst], **kwargs)
            path = ws.fresh() / "p.graphml"
            try:
                write_graphml(p, path)
            except govsim.GovsimError:
                return "rejected on write"
            return (p, read_graphml(path))

        def check(r: Any) -> str | None:
            if isinstance(r, tuple) and r[0] != r[1]:
                return "graphml round trip changed the polity"
            return None

        return call(go, (), {}, ("name", "description"), check)

    return Case(
        "call",
        "graphml",
        f"write/read_graphml with {where}={text!r}",
        target,
        ("name", "description"),
    )


def call_case(rng: random.Random, bases: Bases) -> Case:
    makers: list[tuple[float, Callable[[], Case]]] = [
        (3, lambda: allocate_case(rng)),
        (1, lambda: seats_needed_case(rng)),
        (2, lambda: power_case(rng)),
        (2, lambda: tenure_case(rng)),
        (1, lambda: scenario_builder_case(rng)),
        (5, lambda: reform_case(rng, bases)),
        (1.5, lambda: from_arrays_case(rng)),
        (0.5, lambda: graphml_case(rng)),
    ]
    total = sum(w for w, _ in makers)
    x = rng.random() * total
    for w, make in makers:
        x -= w
        if x <= 0:
            return make()
    return makers[-1][1]()


# -- generation --------------------------------------------------------------------------------

_BASES: Bases | None = None


def make_case(seed: int, index: int) -> Case:
    """Input ``index`` of the run with ``seed`` (independent of every other input)."""
    global _BASES
    if _BASES is None:
        _BASES = Bases()
    rng = random.Random(f"govsim-fuzz:{seed}:{index}")
    roll = rng.random()
    family = "file" if roll < 0.4 else ("command" if roll < 0.6 else "call")
    if family == "file":
        return file_case(rng, _BASES)
    if family == "command":
        return command_case(rng, _BASES)
    return call_case(rng, _BASES)


# -- running: worker processes ---------------------------------------------------------------------


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang()


def run_case(case: Case, ws: Workspace, timeout: float) -> Outcome:
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        out = case.run(ws)
        if case.fields and out.cls == "unnamed error" and case.family != "call":
            pass
        return out
    except _Hang:
        return Outcome("hang", f"over {timeout:g} s (interrupted)")
    except RecursionError as exc:
        return Outcome("exception:RecursionError", _short(str(exc)))
    except Exception as exc:  # a bug in the fuzzer's own harness is reported, not hidden
        return Outcome(f"harness error:{type(exc).__name__}", _short(traceback.format_exc(), 300))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        ws.clean()


def _subprocess_check(argv: list[str], ws: Workspace, timeout: float) -> Outcome | None:
    """The same command as a real process: its classification, or None if not comparable."""
    if any("\x00" in a for a in argv):
        return None
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "govsim", *argv],
            capture_output=True,
            text=True,
            timeout=timeout + 10,
            cwd=ws.root,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome("hang", "subprocess")
    return classify_exit(proc.returncode, proc.stderr)


def worker_main(conn: Any, seed: int, timeout: float, memory_mb: int, sub_every: int) -> None:
    import resource

    with contextlib.suppress(ValueError, OSError):
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    root = Path(tempfile.mkdtemp(prefix="govsim-fuzz-"))
    ws = Workspace(root)
    try:
        while True:
            try:
                msg = conn.recv_bytes()
            except EOFError:
                return
            index = int(msg.decode())
            case = make_case(seed, index)
            t0 = time.monotonic()
            out = run_case(case, ws, timeout)
            spent = time.monotonic() - t0
            result = {
                "i": index,
                "family": case.family,
                "kind": case.kind,
                "descr": case.descr,
                "cls": out.cls,
                "detail": out.detail,
                "t": round(spent, 3),
            }
            argv = getattr(ws, "last_argv", None)
            if case.family == "command" and argv is not None:
                result["argv"] = [_short(a, 200) for a in argv]
                sampled = random.Random(f"sub:{seed}:{index}").random() * sub_every < 1
                if sub_every and sampled and out.cls != "hang":
                    ws.fresh()
                    sub = _subprocess_check(argv, ws, timeout)
                    ws.clean()
                    if sub is not None and sub.cls != out.cls and sub.cls != "hang":
                        result["cls"] = "bad exit:subprocess disagrees"
                        result["detail"] = (
                            f"in-process {out.cls}, subprocess {sub.cls}: {sub.detail}"
                        )
                    result["subprocess"] = True
                ws.last_argv = None  # type: ignore[attr-defined]
            conn.send_bytes(json.dumps(result).encode())
    finally:
        shutil.rmtree(root, ignore_errors=True)


class Pool:
    """Forked workers; an input that outlives ``timeout + GRACE`` kills its worker."""

    def __init__(
        self, jobs: int, seed: int, timeout: float, memory_mb: int, sub_every: int
    ) -> None:
        self.ctx = multiprocessing.get_context("fork")
        self.args = (seed, timeout, memory_mb, sub_every)
        self.timeout = timeout
        self.workers: list[dict[str, Any]] = [self._spawn() for _ in range(jobs)]

    def _spawn(self) -> dict[str, Any]:
        parent, child = self.ctx.Pipe()
        # not a daemon: `govsim sweep --workers 2` starts processes of its own
        proc = self.ctx.Process(target=worker_main, args=(child, *self.args), daemon=False)
        proc.start()
        child.close()
        return {"proc": proc, "conn": parent, "index": None, "start": 0.0}

    def run(self, indices: list[int], on_result: Callable[[dict[str, Any]], None]) -> None:
        from multiprocessing.connection import wait

        todo = list(reversed(indices))
        busy = 0
        while todo or busy:
            for w in self.workers:
                if w["index"] is None and todo:
                    w["index"] = todo.pop()
                    w["start"] = time.monotonic()
                    w["conn"].send_bytes(str(w["index"]).encode())
                    busy += 1
            ready = wait([w["conn"] for w in self.workers if w["index"] is not None], timeout=0.2)
            now = time.monotonic()
            for k, w in enumerate(self.workers):
                if w["index"] is None:
                    continue
                if w["conn"] in ready:
                    try:
                        result = json.loads(w["conn"].recv_bytes().decode())
                    except (EOFError, OSError):
                        result = self._dead(k, "crash", f"worker died (exit {w['proc'].exitcode})")
                    else:
                        w["index"] = None
                    on_result(result)
                    busy -= 1
                elif now - w["start"] > self.timeout + GRACE:
                    on_result(self._dead(k, "hang", f"over {self.timeout:g} s (uninterruptible)"))
                    busy -= 1

    def _dead(self, k: int, cls: str, detail: str) -> dict[str, Any]:
        w = self.workers[k]
        index = w["index"]
        w["proc"].kill()
        w["proc"].join()
        self.workers[k] = self._spawn()
        case = make_case(self.args[0], index)
        return {
            "i": index,
            "family": case.family,
            "kind": case.kind,
            "descr": case.descr,
            "cls": cls,
            "detail": detail,
        }

    def close(self) -> None:
        for w in self.workers:
            w["conn"].close()
            w["proc"].join(timeout=5)
            if w["proc"].is_alive():
                w["proc"].kill()


# -- report ------------------------------------------------------------------------------------


def is_failure(cls: str) -> bool:
    return cls not in (OK, GOVSIM_ERROR)


def report(
    results: list[dict[str, Any]], elapsed: float, args: argparse.Namespace
) -> dict[str, Any]:
    by_family: dict[str, Counter[str]] = {f: Counter() for f in FAMILIES}
    smallest: dict[str, dict[str, Any]] = {}
    failures: Counter[str] = Counter()
    for r in results:
        group = r["cls"] if r["cls"] in (OK, GOVSIM_ERROR) else "failure"
        by_family[r["family"]][group] += 1
        if is_failure(r["cls"]):
            failures[r["cls"]] += 1
            best = smallest.get(r["cls"])
            if best is None or len(r["descr"]) < len(best["descr"]):
                smallest[r["cls"]] = r
    n_sub = sum(1 for r in results if r.get("subprocess"))
    print(
        f"\ngovsim fuzz: seed {args.seed}, {len(results)} inputs in {elapsed:.0f} s "
        f"(timeout {args.timeout:g} s per input, {n_sub} commands also as subprocesses)\n"
    )
    print(f"{'family':<10}{'inputs':>8}{'accepted':>10}{'govsim error':>14}{'failures':>10}")
    for fam in FAMILIES:
        c = by_family[fam]
        total = sum(c.values())
        print(f"{fam:<10}{total:>8}{c[OK]:>10}{c[GOVSIM_ERROR]:>14}{c['failure']:>10}")
    total = Counter()
    for c in by_family.values():
        total.update(c)
    print(
        f"{'all':<10}{sum(total.values()):>8}{total[OK]:>10}{total[GOVSIM_ERROR]:>14}"
        f"{total['failure']:>10}\n"
    )
    if failures:
        print("failures by class (smallest example; replay with --only INDEX):")
        for cls, count in failures.most_common():
            ex = smallest[cls]
            print(f"  {count:>6}  {cls}")
            print(f"          #{ex['i']}: {ex['descr']}")
            if ex.get("detail"):
                print(f"          -> {ex['detail']}")
    else:
        print("no failures")
    return {
        "seed": args.seed,
        "inputs": len(results),
        "seconds": round(elapsed, 1),
        "timeout": args.timeout,
        "families": {f: dict(by_family[f]) for f in FAMILIES},
        "failures": dict(failures.most_common()),
        "smallest": {k: {x: v[x] for x in ("i", "descr", "detail")} for k, v in smallest.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n", type=int, default=1000, help="number of inputs")
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--only", type=int, nargs="+", help="replay these input indices")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB)
    parser.add_argument(
        "--subprocess-every",
        type=int,
        default=100,
        metavar="K",
        help="also run about one command input in K as a real process (0: never)",
    )
    parser.add_argument("--family", choices=FAMILIES, help="keep only inputs of this family")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--results", help="write every outcome to this file (JSON lines)")
    parser.add_argument("--verbose", action="store_true", help="print every failure")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    import govsim  # noqa: F401  (imported before forking, so that workers start warm)

    global _BASES
    _BASES = Bases()
    indices = args.only or list(range(args.start, args.start + args.n))
    if args.family:
        indices = [i for i in indices if make_case(args.seed, i).family == args.family]
    results: list[dict[str, Any]] = []
    start = time.monotonic()
    last = [0.0]
    tty = sys.stderr.isatty()

    def on_result(r: dict[str, Any]) -> None:
        results.append(r)
        if (args.verbose or args.only) and (is_failure(r["cls"]) or args.only):
            print(f"#{r['i']} [{r['cls']}] {r['descr']}\n    -> {r['detail']}", flush=True)
        now = time.monotonic()
        done = len(results)
        if (tty and now - last[0] > 0.5) or (not tty and done % 500 == 0) or done == len(indices):
            last[0] = now
            fails = sum(1 for x in results if is_failure(x["cls"]))
            rate = done / max(now - start, 1e-9)
            line = f"[fuzz] {done}/{len(indices)}  {rate:.1f}/s  failures {fails}"
            print(
                ("\r" + line) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True
            )

    pool = Pool(max(1, args.jobs), args.seed, args.timeout, args.memory_mb, args.subprocess_every)
    try:
        pool.run(indices, on_result)
    except KeyboardInterrupt:
        print("\n[fuzz] interrupted: partial figures", file=sys.stderr)
    finally:
        pool.close()
    if tty:
        print(file=sys.stderr)
    results.sort(key=lambda r: r["i"])
    figures = report(results, time.monotonic() - start, args)
    if args.results:
        with open(args.results, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in results)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 1 if figures["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

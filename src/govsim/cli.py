"""The ``govsim`` command: run scenarios, compare polities, sweep, list, benchmark.

Subcommands::

    govsim run SCENARIO [--date D] [--out DIR] [--format table|markdown|json]
    govsim compare A B
    govsim show POLITY
    govsim list reforms|metrics|methods|baselines
    govsim schema [scenario|polity]
    govsim run SCENARIO --uncertainty N [--seed S] [--workers N | --scheduler ADDRESS]
    govsim sweep SPEC [--workers N | --scheduler ADDRESS] [--out FILE]
    govsim sensitivity SCENARIO [--method morris|sobol] [--n N] [--executor ...] [--out DIR]
    govsim bench [--sizes N ...]

Bad input (a missing file, a TOML syntax error, an unknown reform or field) prints
one line naming the file and the field or line and exits with status 2; ``--debug``
shows the traceback instead. Tables use ``rich`` on a terminal when it is installed
(the ``cli`` extra) and plain aligned text otherwise.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from govsim.errors import GovsimError

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2

#: Most worker processes ``govsim sweep --workers`` starts: 256. A process pool forks
#: every worker up front, so a typo such as ``--workers 100000`` would otherwise fork
#: that many copies of Python; more workers than cores only adds overhead, and more
#: machines are reached through ``--scheduler`` (Dask).
MAX_WORKERS = 256


class _UsageError(GovsimError):
    """A command-line mistake: reported in one line with status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and status 2), like every other bad input."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")


# -- output ------------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if math.isnan(value):
        return "n/a"
    if isinstance(value, int) or (abs(value) >= 1000 and float(value).is_integer()):
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.4g}"
    if 0 < abs(value) < 0.001:  # keep small probabilities visible instead of "0.000"
        return f"{value:.1e}"
    return f"{value:.3f}"


def _fmt_delta(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value):
        return ("+" if value > 0 else "") + _fmt(value)
    return _fmt(value)


def _use_rich() -> bool:
    if not sys.stdout.isatty():
        return False
    try:
        importlib.import_module("rich")
    except ImportError:
        return False
    return True


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None
) -> None:
    """Print a table: rich on a terminal (if installed), plain aligned text otherwise.

    Cells are printed as given (strings) or formatted (numbers); numeric-looking
    columns are right-aligned.
    """
    cells = [[c if isinstance(c, str) else _fmt(c) for c in row] for row in rows]
    numeric = [
        all(_looks_numeric(r[i]) for r in cells) and bool(cells) for i in range(len(headers))
    ]
    if _use_rich():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for h, num in zip(headers, numeric, strict=True):
            table.add_column(h, justify="right" if num else "left")
        for row in cells:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(row: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(row, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    if title:
        print(title)
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(line(row))


def _looks_numeric(text: str) -> bool:
    t = text.replace(",", "").replace("+", "").replace("%", "")
    if t in ("n/a", "-"):
        return True
    try:
        float(t)
    except ValueError:
        return False
    return True


def print_comparison(comparison: Any, title: str | None = None) -> None:
    """Print a before/after comparison as a table."""
    from govsim.report import comparison_rows

    rows = [
        (
            str(r["metric"]),
            r.get("before"),
            r.get("after"),
            _fmt_delta(r.get("delta")),
            str(r.get("direction", "")),
        )
        for r in comparison_rows(comparison)
    ]
    print_table(["metric", "before", "after", "delta", "better if"], rows, title=title)
    for line in _vote_model_lines(comparison):
        print(line)


def _print_markdown_notes(comparison: Any) -> None:
    lines = _vote_model_lines(comparison)
    if lines:
        print("\n" + "\n".join(f"- {line}" for line in lines))


def _vote_model_lines(comparison: Any) -> list[str]:
    """Which vote model the electoral rows used, and why the NaN rows are NaN."""
    describe = getattr(comparison, "vote_model_text", None)
    lines = [f"vote model: {describe()}"] if callable(describe) else []
    notes = getattr(comparison, "notes_text", None)
    return lines + (list(notes()) if callable(notes) else [])


# -- resolving arguments ---------------------------------------------------------------------


def _need(module: str, name: str | None = None) -> Any:
    """Import an engine; a missing one is a clear error rather than an ImportError."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise _UsageError(f"{module} is not available in this govsim ({exc})") from None
    if name is None:
        return mod
    try:
        return getattr(mod, name)
    except AttributeError:
        raise _UsageError(f"{module}.{name} is not available in this govsim") from None


def _scenario(path: str) -> Any:
    from govsim.scenario import load_scenario

    return load_scenario(path)


def _polity(arg: str) -> tuple[str, Any]:
    """A polity named on the command line: a polity file, a scenario file (its reformed
    polity) or a built-in baseline. Returns (label, polity)."""
    from govsim.scenario import BASELINES, Scenario, read_document, validate_scenario

    path = Path(arg)
    if path.suffix.lower() in (".toml", ".json"):
        data = read_document(path)  # one-line errors for missing files and syntax
        if "baseline" in data:
            return path.name, validate_scenario(data, path).run()[1]
        load = _need("govsim", "load")
        return path.name, load(path)
    if arg in BASELINES:
        return arg, Scenario(name=arg, baseline=arg).build_baseline()
    known = ", ".join(sorted(BASELINES))
    raise _UsageError(f"{arg}: not a .toml/.json file nor a built-in scenario ({known})")


def _polity_at(arg: str) -> tuple[str, Any, Any]:
    """A polity for ``govsim compare``: as :func:`_polity`, and ``FILE@YYYY-MM-DD`` for a
    scenario file's reformed polity at that date. Returns (label, polity, vote model: the
    scenario file's, else None)."""
    from govsim.scenario import read_document, validate_scenario

    spec, at, date = arg.rpartition("@") if "@" in arg else (arg, "", "")
    path = Path(spec)
    if at and path.suffix.lower() in (".toml", ".json"):
        data = read_document(path)
        if "baseline" not in data:
            raise _UsageError(f"{arg}: '@DATE' needs a scenario file, not a polity file")
        sc = validate_scenario(data, path)
        return f"{path.name}@{date}", sc.run(date=date)[1], sc.vote_model
    if path.suffix.lower() in (".toml", ".json"):
        data = read_document(path)
        if "baseline" in data:
            sc = validate_scenario(data, path)
            return path.name, sc.run()[1], sc.vote_model
    label, polity = _polity(arg)
    return label, polity, None


def _print_many(many: Any, fmt: str, title: str) -> None:
    if fmt == "json":
        print(many.to_json())
    elif fmt == "markdown":
        print(f"## {title}\n")
        print(many.to_markdown())
    else:
        print(f"{title}\n")
        print(many)


# -- subcommands -------------------------------------------------------------------------------


def _executor(args: argparse.Namespace) -> tuple[Any, list[Callable[[], Any]]]:
    """The executor that ``--executor``, ``--workers`` and ``--scheduler`` ask for, and
    what to call when done: in this process, a process pool, a Dask scheduler at an
    address, or a Dask LocalCluster started here."""
    kind = getattr(args, "executor", None) or (
        "dask" if args.scheduler else "process" if args.workers and args.workers > 1 else "local"
    )
    cleanup: list[Callable[[], Any]] = []
    if kind == "local":
        return None, cleanup
    if kind == "process":
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(args.workers or 2)
        return pool, [pool.shutdown]
    distributed = _need("distributed")
    if args.scheduler:
        client = distributed.Client(args.scheduler)
    else:
        cluster = distributed.LocalCluster(
            n_workers=args.workers or 2, threads_per_worker=1, dashboard_address=None
        )
        cleanup.append(cluster.close)
        client = distributed.Client(cluster)
    cleanup.insert(0, client.close)
    return client.get_executor(), cleanup


def cmd_uncertainty(args: argparse.Namespace, sc: Any) -> int:
    """``govsim run --uncertainty N``: the comparison with intervals on every delta."""
    from govsim import uncertainty

    executor, cleanup = _executor(args)
    try:
        start = time.perf_counter()
        result = uncertainty.run(
            sc, args.uncertainty, seed=args.seed, date=args.date, executor=executor
        )
        elapsed = time.perf_counter() - start
    finally:
        for fn in cleanup:
            fn()
    when = f" at {args.date}" if args.date else ""
    title = f"{sc.name}: baseline vs reformed{when}, {result.n} draws in {elapsed:.1f} s"
    if args.format == "json":
        print(result.to_json())
    elif args.format == "markdown":
        print(f"## {title}\n")
        print(result.to_markdown())
    else:
        head, body = result.table()
        print_table(head, body, title=title)
        print(result.note())
        robust = [r["metric"] for r in result.rows() if r["robust"] and r["sign"] != "0"]
        print(f"deltas whose sign is robust: {', '.join(robust) or 'none'}")
    if args.out:
        from govsim.report import write_report

        before, after = sc.run(date=args.date)
        compare = _need("govsim.metrics", "compare")
        files = write_report(
            compare(before, after, vote_model=sc.vote_model),
            args.out,
            before=before,
            after=after,
            scenario=sc,
            vote_model=sc.vote_model,
            uncertainty=result,
            figures=args.figures,
        )
        figures = [p for p in files if p.suffix == ".png"]
        print(f"\nReport written to {Path(args.out) / 'report.md'} ({len(figures)} figures)")
    return EXIT_OK


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from govsim import sensitivity

    sc = _scenario(args.scenario)
    executor, cleanup = _executor(args)
    try:
        start = time.perf_counter()
        result = sensitivity.run(
            sc,
            method=args.method,
            n=args.n,
            seed=args.seed,
            date=args.date,
            output=args.output,
            executor=executor,
        )
        elapsed = time.perf_counter() - start
    finally:
        for fn in cleanup:
            fn()
    runs = result.values.shape[0]
    print(f"{sc.name}: {args.method}, {runs} runs in {elapsed:.1f} s\n")
    print(result.to_markdown(top=args.top))
    out = Path(args.out)
    files = result.write(out)
    figures = [p for p in files if p.suffix == ".png"]
    print(f"\nWritten to {out / 'sensitivity.md'} ({len(figures)} figures)")
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    sc = _scenario(args.scenario)
    if args.uncertainty:
        return cmd_uncertainty(args, sc)
    before, after = sc.run(date=args.date)
    peers = None
    peers_from = None if args.peers is None else _scenario(args.peers)
    if sc.peers or peers_from is not None:  # the scenario beside other polities
        from govsim.compare_figures import peer_comparison, write_peer_report

        # without reforms of its own, the scenario's baseline is only a required field
        own = (before, after) if sc.steps else (None, None)
        peers = peer_comparison(sc, *own, date=args.date, peers_from=peers_from)
        if not sc.steps:  # nothing of its own to compare: the side-by-side table alone
            _print_many(peers, args.format, f"{sc.name}: side by side")
            if args.out:
                written = write_peer_report(
                    peers,
                    args.out,
                    title=sc.name,
                    description=sc.description,
                    figure=_draws_peer_figure(args.figures),
                )
                figures = [p for p in written if p.suffix == ".png"]
                print(
                    f"\nReport written to {Path(args.out) / 'report.md'} ({len(figures)} figures)"
                )
            return EXIT_OK
    compare = _need("govsim.metrics", "compare")
    comparison = compare(before, after, vote_model=sc.vote_model)
    when = f" at {args.date}" if args.date else ""
    title = f"{sc.name}: baseline vs reformed{when}"
    if args.changes and args.format == "table":
        from govsim.reforms import diff

        print(diff(before, after))
        print()
    if args.format == "json":
        print(comparison.to_json())
    elif args.format == "markdown":
        print(f"## {title}\n")
        print(comparison.to_markdown())
        _print_markdown_notes(comparison)
    else:
        print_comparison(comparison, title=title)
    if peers is not None:
        print()
        _print_many(peers, args.format, f"{sc.name}: side by side")
    if args.out:
        from govsim.report import write_report

        files = write_report(
            comparison,
            args.out,
            before=before,
            after=after,
            scenario=sc,
            vote_model=sc.vote_model,
            peers=peers,
            figures=args.figures,
        )
        figures = [p for p in files if p.suffix == ".png"]
        print(f"\nReport written to {Path(args.out) / 'report.md'} ({len(figures)} figures)")
    return EXIT_OK


def _draws_peer_figure(figures: bool | tuple[str, ...]) -> bool:
    from govsim.report import PEER_FIGURE, wanted_figures

    return PEER_FIGURE in wanted_figures(figures)


def cmd_compare(args: argparse.Namespace) -> int:
    if len(args.polities) < 2:
        raise _UsageError("compare needs at least two polities")
    if len(args.polities) > 2 or args.out:
        compare_many = _need("govsim.metrics", "compare_many")
        from govsim.metrics.compare_many import MAX_POLITIES

        if len(args.polities) > MAX_POLITIES:  # checked before any polity is built
            raise _UsageError(
                f"compare takes at most MAX_POLITIES = {MAX_POLITIES} polities; "
                f"got {len(args.polities)}"
            )
        polities: dict[str, Any] = {}
        vote_models: dict[str, Any] = {}
        for arg in args.polities:
            label, polity, vm = _polity_at(arg)
            while label in polities:  # the same file twice: keep both columns
                label += "'"
            polities[label] = polity
            vote_models[label] = vm
        many = compare_many(polities, vote_models=vote_models)
        _print_many(many, args.format, "side by side")
        if args.out:
            from govsim.compare_figures import write_peer_report

            write_peer_report(many, args.out, figure=_draws_peer_figure(args.figures))
            print(f"\nReport written to {Path(args.out) / 'report.md'}")
        return EXIT_OK
    label_a, a = _polity(args.polities[0])
    label_b, b = _polity(args.polities[1])
    compare = _need("govsim.metrics", "compare")
    comparison = compare(a, b)
    if args.format == "json":
        print(comparison.to_json())
    elif args.format == "markdown":
        print(comparison.to_markdown())
        _print_markdown_notes(comparison)
    else:
        print_comparison(comparison, title=f"{label_a} -> {label_b}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    label, polity = _polity(args.polity)
    name = getattr(polity, "name", label)
    year = getattr(polity, "year", None)
    print(f"{name}" + (f" ({year})" if year else ""))
    summary = getattr(polity, "summary", None)
    print(summary() if callable(summary) else polity)
    return EXIT_OK


def _reform_entries() -> list[tuple[str, str]]:
    from govsim.reforms import REGISTRY

    return [(name, _first_line(cls.__doc__)) for name, cls in sorted(REGISTRY.items())]


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n", 1)[0]


def _baseline_entries() -> list[tuple[str, str, str]]:
    """(name, where it comes from, one line: the builder's docstring or the file's name)."""
    from govsim.io import read_document
    from govsim.scenario import BASELINE_FILES, BASELINES

    rows = []
    for name, (module, func) in BASELINES.items():
        if name in BASELINE_FILES:
            try:
                doc = read_document(BASELINE_FILES[name])
            except (GovsimError, OSError, ValueError):
                doc = {}
            year = doc.get("year")
            what = str(doc.get("name") or "a polity document")
            what += f" ({year})" if year and str(year) not in what else ""
        else:
            what = _first_line(getattr(_need(module), func, None).__doc__).replace("``", "")
        rows.append((name, f"{module}.{func}", what))
    return rows


def cmd_list(args: argparse.Namespace) -> int:
    what = args.what
    if what == "reforms":
        print_table(["reform", "summary"], _reform_entries())
    elif what == "metrics":
        # importing govsim registers every metric family (govsim.metrics imports them all)
        from govsim.metrics import iter_metrics

        rows = [
            (
                m.name,
                f"[{_fmt(m.range[0])}, {_fmt(m.range[1])}]",
                m.direction,
                m.definition,
            )
            for m in iter_metrics(per_node=False)
        ]
        print_table(["metric", "range", "better if", "definition"], rows)
    elif what == "methods":
        from govsim.electoral import METHODS
        from govsim.model import ALLOCATION_METHODS

        families = [
            (
                name,
                type(METHODS[name]).__name__.replace("Method", "").lower(),
                str(getattr(METHODS[name], "reference", "")),
            )
            for name in ALLOCATION_METHODS
        ]
        print_table(["method", "family", "definition"], families)
    else:
        print_table(["baseline", "builder", "summary"], _baseline_entries())
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.which == "polity":
        schema = _need("govsim", "Polity").model_json_schema()
    else:
        from govsim.scenario import Scenario

        schema = Scenario.model_json_schema()
    print(json.dumps(schema, indent=2))
    return EXIT_OK


# The sweep task runs in worker processes: module level (picklable), and it caches the
# scenario and its baseline per process so each task only applies reforms and evaluates.


@functools.lru_cache(maxsize=8)
def _cached(path: str) -> tuple[Any, Any]:
    from govsim.scenario import load_scenario

    sc = load_scenario(path)
    return sc, sc.build_baseline()


def sweep_task(variant: tuple[str, int | None, bool], seed: Any) -> dict[str, float]:
    """Evaluate one scenario variant: ``(path, None, seeded)`` is the scenario as
    written, ``(path, i, seeded)`` its ``i``-th ``[[variants]]`` entry.

    With ``seeded`` (the file sets ``seeds``), the replicate's seed (a SeedSequence
    spawned by :func:`govsim.ensemble.sweep`) seeds every stochastic metric, so
    replicates are different draws, identical on any executor; without it the
    metrics keep their fixed default seeds, as in ``govsim run``. The electoral
    metrics use the scenario's ``[vote_model]`` (NaN without one), as in ``govsim run``.
    """
    from govsim import metrics

    path, index, seeded = variant
    sc, baseline = _cached(path)
    _, after = sc.run(variant=index, baseline=baseline)
    values = metrics.evaluate(after, seed=seed if seeded else None, vote_model=sc.vote_model)
    return {k: float(v) for k, v in values.items()}


def cmd_sweep(args: argparse.Namespace) -> int:
    from govsim.ensemble import sweep
    from govsim.scenario import AS_WRITTEN

    sc = _scenario(args.spec)
    _need("govsim.metrics", "evaluate")
    path = str(sc.source)
    seeded = sc.seeds is not None
    # labels are unique and never AS_WRITTEN (checked when the file is read), so no
    # run replaces another
    variants = {AS_WRITTEN: (path, None, seeded)}
    variants.update({v.label: (path, i, seeded) for i, v in enumerate(sc.variants)})
    # fail early, in this process, with a one-line error: a step that cannot apply is bad
    # input (status 2), not a failed run of the pool; applying the reforms costs far less
    # than evaluating the metrics, which is the pool's work
    baseline = sc.build_baseline()
    for index in (None, *range(len(sc.variants))):
        sc.run(variant=index, baseline=baseline)
    executor: Any = None
    cleanup: list[Callable[[], Any]] = []
    if args.scheduler:
        distributed = _need("distributed")
        client = distributed.Client(args.scheduler)
        cleanup.append(client.close)
        executor = client.get_executor()
    elif args.workers and args.workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(args.workers)
        cleanup.append(executor.shutdown)
    try:
        start = time.perf_counter()
        root = 0 if sc.seed is None else sc.seed  # reproducible unless the file says otherwise
        result = sweep(sweep_task, variants, seeds=sc.seeds, seed=root, executor=executor)
        elapsed = time.perf_counter() - start
    finally:
        for fn in cleanup:
            fn()
    summary = result.summary()
    replicated = result.values.shape[1] > 1
    rows = []
    for k, metric in enumerate(result.metric_names):
        cells: list[Any] = [metric]
        for i in range(len(result.labels)):
            mean, sem = float(summary.mean[i, k]), float(summary.sem[i, k])
            cells.append(f"{_fmt(mean)} ± {_fmt(sem)}" if replicated else mean)
        rows.append(cells)
    n_tasks = result.values.shape[0] * result.values.shape[1]
    print_table(
        ["metric", *(f"[{i}]" for i in range(len(result.labels)))],
        rows,
        title=f"{sc.name}: {n_tasks} runs in {elapsed:.2f} s",
    )
    print("\n".join(f"[{i}] {label}" for i, label in enumerate(result.labels)))
    for failure in result.failures:
        print(f"failed: {failure}", file=sys.stderr)
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".csv":
            rows = result.to_pandas().reset_index()  # variant, seed, label, metrics...
            rows.insert(1, "label", rows.pop("label"))  # the file's order: variant, label, seed
            rows.to_csv(out, index=False)
        else:
            out.write_text(json.dumps(list(summary.rows()), indent=1) + "\n", encoding="utf-8")
        print(f"\nResults written to {out}")
    return EXIT_INTERNAL if result.failures else EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    synthetic = _need("govsim.scenarios", "synthetic")
    evaluate = _need("govsim.metrics", "evaluate")
    rows = []
    for size in args.sizes:
        t0 = time.perf_counter()
        polity = synthetic(size, seed=0)
        t1 = time.perf_counter()
        _ = polity.compiled
        t2 = time.perf_counter()
        metrics = evaluate(polity)
        t3 = time.perf_counter()
        rows.append(
            (
                f"{size:,}",
                f"{polity.n_relations:,}" if hasattr(polity, "n_relations") else "-",
                f"{t1 - t0:.3f}",
                f"{t2 - t1:.3f}",
                f"{t3 - t2:.3f}",
                str(len(metrics)),
            )
        )
    print_table(
        ["offices", "relations", "build s", "compile s", "evaluate s", "metrics"],
        rows,
        title="govsim bench: synthetic polities",
    )
    return EXIT_OK


# -- parser and entry point --------------------------------------------------------------------


def _count(text: str, high: int | None = None, high_name: str | None = None) -> int:
    """A whole number >= 1 (``1000``, ``1e3``, ``1_000``), at most ``high``.

    ``inf``, ``nan``, fractions and numbers over ``high`` are usage errors (status 2,
    one line), never an OverflowError.
    """
    shown = repr(text if len(text) <= 40 else text[:37] + "...")
    try:
        value = int(text)
    except ValueError:  # also an integer over Python's digit limit
        try:
            number = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {shown}") from None
        if not math.isfinite(number) or not number.is_integer():
            raise argparse.ArgumentTypeError(f"not a whole number: {shown}") from None
        value = int(number)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1: {shown}")
    if high is not None and value > high:
        bound = f"{high_name} = {high:,}" if high_name else f"{high:,}"
        raise argparse.ArgumentTypeError(f"must be <= {bound}: {shown}")
    return value


def _positive_int(text: str) -> int:
    return _count(text)


def _figures(text: str) -> bool | tuple[str, ...]:
    """``--figures``: ``all``, ``none`` or figure names separated by commas."""
    from govsim.report import wanted_figures

    if text == "all":
        return True
    if text == "none":
        return False
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    try:
        wanted_figures(names)
    except GovsimError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("figures: ")) from None
    return names


def _figures_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--figures",
        type=_figures,
        default=True,
        metavar="WHICH",
        help="with --out: 'all' (default), 'none', or names separated by commas "
        "(deltas, institutions, timeline, power, discipline, seats, compare)",
    )


def _workers(text: str) -> int:
    return _count(text, MAX_WORKERS, "MAX_WORKERS")


def _draws(text: str) -> int:
    from govsim.uncertainty import MAX_DRAWS

    return _count(text, MAX_DRAWS, "MAX_DRAWS")


def _runs(text: str) -> int:
    from govsim.sensitivity import MAX_RUNS

    return _count(text, MAX_RUNS, "MAX_RUNS")


def _seed(text: str) -> int:
    if text.strip() == "0":
        return 0
    return _count(text, 2**32 - 1)


def _executor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=_seed, default=0, help="root seed (default 0)")
    p.add_argument(
        "--executor",
        choices=("local", "process", "dask"),
        help="where the runs go: this process, a process pool or Dask (a LocalCluster "
        "unless --scheduler is given); default from --workers / --scheduler",
    )
    p.add_argument(
        "--workers", type=_workers, help=f"processes or Dask workers (at most {MAX_WORKERS})"
    )
    p.add_argument("--scheduler", help="Dask scheduler address (dask extra)")


def _uncertainty_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--uncertainty",
        type=_draws,
        metavar="N",
        help="draw the scenario's [[uncertain]] inputs N times: intervals on every delta",
    )
    _executor_args(p)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``govsim`` command."""
    debug = _Parser(add_help=False)
    debug.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    parser = _Parser(
        prog="govsim",
        description="Simulate reforms of a country's governance structure.",
        parents=[debug],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    fmt = dict(choices=("table", "markdown", "json"), default="table", help="output format")

    p = sub.add_parser("run", parents=[debug], help="run a scenario file and compare")
    p.add_argument("scenario", help="scenario file (.toml or .json)")
    p.add_argument("--date", help="apply only reforms dated on or before D (YYYY-MM-DD)")
    p.add_argument("--out", help="write report.md, report.json and figures to DIR")
    p.add_argument(
        "--changes", action="store_true", help="first print what the reforms changed (govsim.diff)"
    )
    p.add_argument(
        "--peers",
        metavar="FILE",
        help="set the scenario beside the [[peers]] of another scenario file "
        "(e.g. examples/central_asia.toml)",
    )
    _figures_arg(p)
    p.add_argument("--format", **fmt)  # type: ignore[arg-type]
    _uncertainty_args(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "compare", parents=[debug], help="compare two polities, or many side by side"
    )
    p.add_argument(
        "polities",
        nargs="+",
        metavar="POLITY",
        help="polity file, scenario file (FILE@YYYY-MM-DD: its reformed polity at that date) "
        "or baseline; two give before -> after, more (or --out) a side-by-side table",
    )
    p.add_argument("--out", help="write report.md, report.json and compare.png to DIR")
    _figures_arg(p)
    p.add_argument("--format", **fmt)  # type: ignore[arg-type]
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("show", parents=[debug], help="summarise a polity")
    p.add_argument("polity", help="polity file, scenario file or built-in baseline")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("list", parents=[debug], help="list registered names")
    p.add_argument("what", choices=("reforms", "metrics", "methods", "baselines"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("schema", parents=[debug], help="print a file format's JSON Schema")
    p.add_argument("which", nargs="?", choices=("scenario", "polity"), default="scenario")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("sweep", parents=[debug], help="run a scenario's variants and seeds")
    p.add_argument("spec", help="scenario file with [[variants]] (and seeds)")
    p.add_argument(
        "--workers", type=_workers, help=f"processes to use (default: 1; at most {MAX_WORKERS})"
    )
    p.add_argument("--scheduler", help="Dask scheduler address (dask extra)")
    p.add_argument("--out", help="write per-run rows (.csv, needs pandas) or the summary (.json)")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser(
        "sensitivity", parents=[debug], help="rank a scenario's uncertain inputs per metric"
    )
    p.add_argument("scenario", help="scenario file with [[uncertain]] tables")
    p.add_argument("--method", choices=("morris", "sobol"), default="morris")
    p.add_argument(
        "--n",
        type=_runs,
        help="Morris trajectories (default 20) or Sobol' base samples (a power of 2, default 256)",
    )
    p.add_argument("--date", help="apply only reforms dated on or before D (YYYY-MM-DD)")
    p.add_argument(
        "--output",
        choices=("delta", "before", "after"),
        default="delta",
        help="what to analyse per metric (default: the reforms' delta)",
    )
    p.add_argument("--top", type=_positive_int, default=5, help="inputs shown per metric")
    p.add_argument("--out", default="report", help="write sensitivity.md, .json and figures to DIR")
    _executor_args(p)
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("bench", parents=[debug], help="time build, compile and evaluate")
    p.add_argument(
        "--sizes", type=_positive_int, nargs="+", default=[1_000, 10_000, 100_000], metavar="N"
    )
    p.set_defaults(func=cmd_bench)
    return parser


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, FileNotFoundError) and exc.filename:
        text = f"{exc.filename}: file not found"
    elif isinstance(exc, OSError) and exc.filename:
        text = f"{exc.filename}: {exc.strerror}"
    first = text.splitlines()[0]
    return first if first == text else first + " ..."


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``govsim`` command; returns the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 for bad input (one line on standard error), 1 for an
        unexpected error or failed sweep runs.

    Examples
    --------
    >>> main(["list", "baselines"])  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
    baseline ... summary
    ...
    kazakhstan_2019  govsim.scenarios.kazakhstan_2019  Kazakhstan's pre-reform (2019) polity.
    ...
    0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            # the help goes to stdout as for --help; the error is the one line on stderr
            parser.print_help()
            print("govsim: error: the 'command' argument is required (see above)", file=sys.stderr)
            return EXIT_BAD_INPUT
        return int(args.func(args))
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("govsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `govsim run ... | head`): stop quietly, as Unix tools do
        sys.stderr.close()
        return EXIT_OK
    except (GovsimError, ValueError, KeyError, OSError) as exc:
        # bad input: a file, a field, a name or a value; one line, no traceback
        if debug:
            raise
        print(f"govsim: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        if debug:
            raise
        print(
            f"govsim: internal error: {type(exc).__name__}: {_one_line(exc)} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL

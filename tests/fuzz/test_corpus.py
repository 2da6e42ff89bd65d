"""The fuzz corpus: one small bad input per defect of the reliability issue, and the
smallest failures ``tools/fuzz.py`` found.

Files live in ``tests/fuzz/corpus/`` (named after their case); inputs that cannot be
committed (a FIFO, a directory, a symlink loop, JSON nested 10^5 deep) are made in a
temporary directory. Every bad input must be refused with a govsim error whose
message names the field (and, through the command, exit status 2 with exactly one
``govsim: error:`` line); inputs marked ``no_hang`` may instead be answered, but must
end. Each case runs in a forked child under a guard of :data:`GUARD` seconds: a loop
inside compiled code (``scipy.special.roots_legendre``) does not see ``SIGALRM``, so
the parent kills a child that outlives the guard. The guard is a hang detector, not a
timing assertion: a fixed case answers in milliseconds.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import govsim

CORPUS = Path(__file__).parent / "corpus"

#: Seconds a case may run before it counts as a hang (generous: a fixed case takes
#: milliseconds; this only stops a hang from stalling the suite).
GUARD = 5

_FORK = hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Import and cache in this process what the forked children share (networkx, the
    Kazakhstan data, the metric registry), so that each child starts warm."""
    import networkx  # noqa: F401

    govsim.evaluate(govsim.scenarios.kazakhstan_2019())


class _Hang(BaseException):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang()


def _capture(fn: Callable[[], Any]) -> dict[str, Any]:
    """Run ``fn`` under SIGALRM and describe what happened, as JSON-able data."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(GUARD)
    try:
        value = fn()
    except _Hang:
        return {"outcome": "hang"}
    except BaseException as exc:
        return {
            "outcome": "raised",
            "type": type(exc).__name__,
            "mro": [c.__name__ for c in type(exc).__mro__],
            "message": str(exc),
            "traceback": traceback.format_exc()[-3000:],
        }
    finally:
        signal.alarm(0)
    if isinstance(value, dict):
        return {"outcome": "returned", "value": value}
    return {"outcome": "returned", "value": repr(value)[:500]}


def _child(conn: Any, fn: Callable[[], Any]) -> None:
    conn.send_bytes(json.dumps(_capture(fn), default=repr).encode())
    conn.close()


def guarded(fn: Callable[[], Any]) -> dict[str, Any]:
    """Run ``fn`` in a forked child (killed after ``GUARD`` + 2 s); its outcome."""
    if not _FORK:
        return _capture(fn)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(GUARD + 2):
        proc.kill()
        proc.join()
        return {"outcome": "hang"}
    try:
        result: dict[str, Any] = json.loads(parent.recv_bytes().decode())
    except EOFError:
        result = {"outcome": "crash", "exitcode": proc.exitcode}
    proc.join()
    return result


def cli(argv: list[str], cwd: Path = CORPUS) -> Callable[[], dict[str, Any]]:
    """A function that runs ``govsim ARGV`` in-process and returns its status and stderr."""

    def run() -> dict[str, Any]:
        from govsim.cli import main

        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(cwd)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    status = main(argv)
                except SystemExit as exc:
                    status = exc.code
        finally:
            os.chdir(old)
        return {"status": status, "stderr": err.getvalue(), "stdout": out.getvalue()[-2000:]}

    return run


# -- expectations ----------------------------------------------------------------------------------


def _named(message: str, fields: tuple[str, ...]) -> bool:
    return any(f.lower() in message.lower() for f in fields)


def expect_govsim_error(result: dict[str, Any], fields: tuple[str, ...]) -> None:
    assert result["outcome"] != "hang", f"no answer within {GUARD} s"
    assert result["outcome"] == "raised", f"accepted: {result.get('value')}"
    assert "GovsimError" in result["mro"], (
        f"{result['type']} instead of a govsim error: {result['message']}\n{result['traceback']}"
    )
    assert _named(result["message"], fields), f"{fields} not named in: {result['message']}"


def expect_ok_or_govsim_error(result: dict[str, Any], fields: tuple[str, ...]) -> None:
    assert result["outcome"] != "hang", f"no answer within {GUARD} s"
    if result["outcome"] == "raised":
        expect_govsim_error(result, fields)


def expect_exit_2(result: dict[str, Any], fields: tuple[str, ...]) -> None:
    assert result["outcome"] != "hang", f"no answer within {GUARD} s"
    assert result["outcome"] == "returned", f"{result['type']} escaped main: {result['message']}"
    value = result["value"]
    lines = [line for line in value["stderr"].splitlines() if line.strip()]
    assert value["status"] == 2, f"status {value['status']}: {lines}"
    assert len(lines) == 1, f"{len(lines)} lines on stderr: {lines}"
    assert lines[0].startswith("govsim: error:"), lines[0]
    assert _named(lines[0], fields), f"{fields} not named in: {lines[0]}"


def expect_exit_0_or_2(result: dict[str, Any], fields: tuple[str, ...]) -> None:
    assert result["outcome"] != "hang", f"no answer within {GUARD} s"
    assert result["outcome"] == "returned", f"{result['type']} escaped main: {result['message']}"
    if result["value"]["status"] != 0:
        expect_exit_2(result, fields)


# -- polity files: govsim.load, and the command ----------------------------------------------------

#: (file, fields the error must name, mode): "error" must be refused; "no_hang" may
#: load and evaluate, or be refused, but must end.
POLITY_FILES = [
    ("polity_chamber_seats_1e5.json", ("seats",), "no_hang"),
    ("polity_max_terms_1e6.json", ("max_terms",), "no_hang"),
    ("polity_term_years_1e9.json", ("years",), "no_hang"),
    ("polity_format_99.json", ("format",), "error"),
    ("polity_format_true.toml", ("format",), "error"),
    ("polity_id_whitespace.json", ("id",), "error"),
    ("polity_id_empty.json", ("id",), "error"),
    ("polity_id_nul.json", ("id",), "error"),
    ("polity_reference_nul.json", ("target",), "error"),
    ("polity_tier_more_districts_than_seats.json", ("districts",), "error"),
    ("polity_electoral_system_unelected_body.json", ("court", "elects"), "error"),
    ("polity_seats_2e63.json", ("seats",), "error"),
    ("polity_int_over_digit_limit.json", ("polity_int_over_digit_limit.json",), "error"),
    ("polity_bad_encoding_latin1.json", ("polity_bad_encoding_latin1.json",), "error"),
    ("polity_term_years_true.toml", ("years",), "error"),
]


def _load_and_evaluate(path: Path) -> Callable[[], Any]:
    def run() -> Any:
        polity = govsim.load(path)
        return len(govsim.evaluate(polity))

    return run


@pytest.mark.parametrize(("name", "fields", "mode"), POLITY_FILES, ids=[c[0] for c in POLITY_FILES])
def test_polity_file_load(name: str, fields: tuple[str, ...], mode: str) -> None:
    result = guarded(_load_and_evaluate(CORPUS / name))
    if mode == "error":
        expect_govsim_error(result, fields)
    else:
        expect_ok_or_govsim_error(result, fields)


@pytest.mark.parametrize(("name", "fields", "mode"), POLITY_FILES, ids=[c[0] for c in POLITY_FILES])
def test_polity_file_command(name: str, fields: tuple[str, ...], mode: str) -> None:
    if mode == "error":
        expect_exit_2(guarded(cli(["show", name])), fields)
    else:
        expect_exit_0_or_2(guarded(cli(["compare", name, name, "--format", "json"])), fields)


# -- scenario files: the command -------------------------------------------------------------------

#: (file, subcommand, fields the error line must name, mode)
SCENARIO_FILES = [
    ("scenario_synthetic_locals_per_district_2e62.toml", "run", ("locals_per_district",), "error"),
    ("scenario_synthetic_districts_per_region_1e9.toml", "run", ("districts_per_region",), "error"),
    ("scenario_synthetic_n_offices_1e10.toml", "run", ("n_offices",), "error"),
    ("scenario_seeds_1e9.toml", "sweep", ("seeds",), "error"),
    ("scenario_seeds_2e63.json", "sweep", ("seeds",), "error"),
    ("scenario_seeds_true.toml", "sweep", ("seeds",), "error"),
    ("scenario_years_true.toml", "run", ("years",), "error"),
    ("scenario_term_limit_years_0.toml", "run", ("years",), "error"),
    ("scenario_term_limit_max_terms_1e6.toml", "run", ("max_terms",), "no_hang"),
    ("scenario_constitutional_court_term_years_200.toml", "run", ("term_years",), "error"),
    ("scenario_consultative_body_id_whitespace.toml", "run", ("id",), "error"),
    ("scenario_establish_institution_id_whitespace.toml", "run", ("id",), "error"),
    ("scenario_consultative_body_id_nul.json", "run", ("id",), "error"),
    ("scenario_reference_nul.json", "run", ("office",), "error"),
    ("scenario_resize_body_seats_2e63.json", "run", ("seats",), "error"),
    ("scenario_resize_body_seats_1e5.toml", "run", ("seats",), "no_hang"),
    ("scenario_appointment_quota_seats_negative.toml", "run", ("seats",), "error"),
    ("scenario_list_tier_threshold_5.toml", "run", ("threshold",), "error"),
    ("scenario_list_tier_more_districts_than_seats.toml", "run", ("districts",), "error"),
    ("scenario_office_empty_selector.toml", "run", ("office",), "error"),
    ("scenario_baseline_self.toml", "run", ("baseline",), "error"),
    ("scenario_baseline_is_scenario.toml", "run", ("baseline",), "error"),
    ("scenario_sweep_duplicate_labels.toml", "sweep", ("label",), "error"),
    ("scenario_sweep_label_as_written.toml", "sweep", ("as written",), "error"),
    ("scenario_int_over_digit_limit.toml", "run", ("scenario_int_over_digit_limit.toml",), "error"),
    ("scenario_bad_encoding_utf16.toml", "run", ("scenario_bad_encoding_utf16.toml",), "error"),
    (
        "scenario_bad_encoding_invalid_byte.toml",
        "run",
        ("scenario_bad_encoding_invalid_byte.toml",),
        "error",
    ),
]


@pytest.mark.parametrize(
    ("name", "command", "fields", "mode"), SCENARIO_FILES, ids=[c[0] for c in SCENARIO_FILES]
)
def test_scenario_file(name: str, command: str, fields: tuple[str, ...], mode: str) -> None:
    result = guarded(
        cli([command, name, "--format", "json"] if command == "run" else [command, name])
    )
    if mode == "error":
        expect_exit_2(result, fields)
    else:
        expect_exit_0_or_2(result, fields)


def test_every_corpus_file_has_a_case() -> None:
    listed = {c[0] for c in POLITY_FILES} | {c[0] for c in SCENARIO_FILES} | set(CHECK_FILES)
    present = {p.name for p in CORPUS.iterdir() if p.is_file()}
    assert present == listed


# -- paths that are not regular files, and documents too deep to commit ------------------------------


def _make(kind: str, where: Path) -> str:
    suffix = ".toml" if kind.endswith("toml") else ".json"
    path = where / f"{kind}{suffix}"
    if kind.startswith("directory"):
        path.mkdir()
    elif kind.startswith("fifo"):
        os.mkfifo(path)
    elif kind.startswith("symlink_loop"):
        other = where / f"other{suffix}"
        os.symlink(other, path)
        os.symlink(path, other)
    elif kind == "nested_1e5_json":
        path.write_text('{"name": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    elif kind == "nested_1e5_toml":
        path.write_text("name = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return str(path)


SPECIAL_PATHS = [
    "directory_json",
    "directory_toml",
    "fifo_json",
    "fifo_toml",
    "symlink_loop_json",
    "symlink_loop_toml",
    "nested_1e5_json",
    "nested_1e5_toml",
]
needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks: POSIX")


@needs_posix
@pytest.mark.parametrize("kind", SPECIAL_PATHS)
def test_special_path_load(kind: str, tmp_path: Path) -> None:
    path = _make(kind, tmp_path)
    expect_govsim_error(guarded(lambda: govsim.load(path)), (Path(path).name,))


@needs_posix
@pytest.mark.parametrize("kind", SPECIAL_PATHS)
def test_special_path_command(kind: str, tmp_path: Path) -> None:
    path = _make(kind, tmp_path)
    expect_exit_2(guarded(cli(["run", path])), (Path(path).name,))


def test_nul_in_path() -> None:
    expect_govsim_error(guarded(lambda: govsim.load("polity\x00.json")), ("polity",))
    expect_exit_2(guarded(cli(["run", "scenario\x00.toml"])), ("scenario",))


# -- the command's own arguments -------------------------------------------------------------------

ARGV = [
    ("sweep_workers_inf", ["sweep", "support/scenario.toml", "--workers", "inf"], ("--workers",)),
    ("sweep_workers_nan", ["sweep", "support/scenario.toml", "--workers", "nan"], ("--workers",)),
    ("bench_sizes_inf", ["bench", "--sizes", "inf"], ("--sizes",)),
    ("bench_sizes_1e400", ["bench", "--sizes", "1e400"], ("--sizes",)),
    # found by tools/fuzz.py: without a subcommand the help goes to stdout, status 2, no error line
    ("no_subcommand", [], ("command",)),
]


@pytest.mark.parametrize(("name", "argv", "fields"), ARGV, ids=[c[0] for c in ARGV])
def test_argv(name: str, argv: list[str], fields: tuple[str, ...]) -> None:
    expect_exit_2(guarded(cli(argv)), fields)


# -- function calls ---------------------------------------------------------------------------------


def _kz() -> govsim.Polity:
    return govsim.scenarios.kazakhstan_2019()


def _reform(name: str, **params: Any) -> Any:
    return govsim.reforms.get(name)(**params)


def _apply(name: str, **params: Any) -> Callable[[], Any]:
    return lambda: _reform(name, **params).apply(_kz())


def _evaluate_after(name: str, **params: Any) -> Callable[[], Any]:
    return lambda: len(govsim.evaluate(_reform(name, **params).apply(_kz())))


def _allocate(*args: Any, **kwargs: Any) -> Callable[[], Any]:
    return lambda: govsim.electoral.allocate(*args, **kwargs).tolist()


def _ss_300() -> Any:
    weights = list(range(1, 301))
    game = govsim.power.WeightedGame(weights, sum(weights) // 2 + 1)
    return float(sum(govsim.power.shapley_shubik(game, exact=True)))


TERM_1E6 = {"years": 1, "max_terms": 1_000_000}

#: (case, call, fields the error must name, mode)
CALLS: list[tuple[str, Callable[[], Any], tuple[str, ...], str]] = [
    (
        "term_limit_years_0",
        lambda: _reform("term_limit", office="president", years=0),
        ("years",),
        "error",
    ),
    (
        "appointment_quota_seats_negative",
        lambda: _reform("appointment_quota", body="senate", appointer="president", seats=-1),
        ("seats",),
        "error",
    ),
    (
        "list_tier_threshold_5",
        lambda: govsim.ListTier(seats=10, threshold=5),
        ("threshold",),
        "error",
    ),
    (
        "list_tier_more_districts_than_seats",
        lambda: govsim.ListTier(seats=5, districts=10),
        ("districts",),
        "error",
    ),
    ("term_rule_years_bool", lambda: govsim.TermRule(years=True), ("years",), "error"),
    (
        "constitutional_court_term_years_200",
        _apply("constitutional_court", term_years=200),
        ("term_years",),
        "error",
    ),
    (
        "consultative_body_id_whitespace",
        _apply("establish_consultative_body", id=" "),
        ("id",),
        "error",
    ),
    ("consultative_body_id_empty", _apply("establish_consultative_body", id=""), ("id",), "error"),
    (
        "consultative_body_id_nul",
        _apply("establish_consultative_body", id="kurultai\x00"),
        ("id",),
        "error",
    ),
    (
        "resize_body_seats_2e63",
        _apply("resize_body", body="mazhilis", seats=2**63),
        ("seats",),
        "error",
    ),
    (
        "resize_body_seats_1e5_evaluate",
        _evaluate_after("resize_body", body="mazhilis", seats=100_000),
        ("seats",),
        "no_hang",
    ),
    ("term_limit_empty_selector", _apply("term_limit", office={}, years=5), ("office",), "error"),
    ("allocate_method_typo", _allocate([10, 20], 3, method="dhont"), ("dhondt",), "error"),
    ("allocate_votes_2e63", _allocate([2**63, 1, 1], 7), ("votes",), "error"),
    ("allocate_dean_1e12_seats", _allocate([100, 50, 25], 10**12, "dean"), ("seats",), "no_hang"),
    ("seats_needed_zero_seats", lambda: govsim.power.seats_needed(0.5, 0), ("seats",), "error"),
    # found by tools/fuzz.py: a string fraction raised TypeError from arithmetic
    (
        "seats_needed_fraction_str",
        lambda: govsim.power.seats_needed("0.5", 98),
        ("fraction",),
        "error",
    ),
    ("shapley_shubik_exact_300_players", _ss_300, ("exact", "players"), "no_hang"),
    (
        "tenure_simulate_max_terms_1e6",
        lambda: govsim.tenure.simulate(govsim.TermRule(**TERM_1E6), 0.05, 50, 100, seed=0).n,
        ("max_terms",),
        "no_hang",
    ),
    (
        "tenure_exact_total_years_max_terms_1e6",
        lambda: repr(govsim.tenure.exact_total_years(govsim.TermRule(**TERM_1E6), 0.05)),
        ("max_terms",),
        "no_hang",
    ),
    (
        "tenure_simulate_years_1e9",
        lambda: (
            govsim.tenure.simulate(govsim.TermRule(years=5, max_terms=2), 0.05, 10**9, 10, seed=0).n
        ),
        ("years",),
        "error",
    ),
    (
        "synthetic_locals_per_district_2e62",
        lambda: govsim.scenarios.synthetic(1000, locals_per_district=2**62),
        ("locals_per_district",),
        "error",
    ),
    (
        "synthetic_districts_per_region_1e9",
        lambda: govsim.scenarios.synthetic(1000, districts_per_region=10**9),
        ("districts_per_region",),
        "error",
    ),
    (
        "synthetic_n_offices_1e10",
        lambda: govsim.scenarios.synthetic(10**10),
        ("n_offices",),
        "error",
    ),
    (
        "kazakhstan_unconfirmed_str",
        lambda: govsim.scenarios.kazakhstan(unconfirmed="no"),
        ("unconfirmed",),
        "error",
    ),
    # found by tools/fuzz.py: None reached a reform model and the error named its field instead
    (
        "kazakhstan_unconfirmed_none",
        lambda: govsim.scenarios.kazakhstan(unconfirmed=None),
        ("unconfirmed",),
        "error",
    ),
]


@pytest.mark.parametrize(("name", "fn", "fields", "mode"), CALLS, ids=[c[0] for c in CALLS])
def test_call(name: str, fn: Callable[[], Any], fields: tuple[str, ...], mode: str) -> None:
    result = guarded(fn)
    if mode == "error":
        expect_govsim_error(result, fields)
    else:
        expect_ok_or_govsim_error(result, fields)


def test_allocate_method_typo_is_unknown_name_with_a_hint() -> None:
    result = guarded(_allocate([10, 20], 3, method="dhont"))
    expect_govsim_error(result, ("dhondt",))
    assert "UnknownNameError" in result["mro"], result["type"]
    assert "did you mean" in result["message"]


# -- behaviour: no silent wrong result -------------------------------------------------------------

CHECK_FILES = ["check_steps_out_of_date_order.toml", "check_sweep_seeds_reach_metrics.toml"]


def test_steps_apply_in_date_order() -> None:
    """A 2030 step listed before a 2027 one is applied after it (as Timeline does)."""

    def run() -> dict[str, Any]:
        from govsim.scenario import load_scenario

        _, after = load_scenario(CORPUS / "check_steps_out_of_date_order.toml").run()
        term = after.institution("president").term
        return {"years": term.years, "max_terms": term.max_terms}

    result = guarded(run)
    assert result["outcome"] == "returned", result
    assert result["value"] == {"years": 5, "max_terms": 2}


def test_sweep_seeds_reach_stochastic_metrics(tmp_path: Path) -> None:
    """With seeds = 3 the electoral Monte Carlo metrics vary between replicates."""
    out = tmp_path / "sweep.json"
    result = guarded(cli(["sweep", "check_sweep_seeds_reach_metrics.toml", "--out", str(out)]))
    assert result["outcome"] == "returned", result
    assert result["value"]["status"] == 0, result["value"]["stderr"]
    rows = json.loads(out.read_text(encoding="utf-8"))
    text = json.dumps(rows)
    assert "electoral." in text
    spread = [
        float(v)
        for row in rows
        if "electoral." in json.dumps(row)
        for k, v in row.items()
        if k in ("sem", "std") and isinstance(v, (int, float)) and not math.isnan(v)
    ]
    assert spread, f"no spread reported: {text[:500]}"
    assert max(spread) > 0


def test_polity_columns_cannot_be_made_writeable() -> None:
    def run() -> Any:
        p = govsim.load(CORPUS / "support" / "polity.json")
        p.institution_table.seats.setflags(write=True)
        return "made writeable"

    result = guarded(run)
    assert result["outcome"] == "raised", result
    assert "ValueError" in result["mro"]


@pytest.mark.parametrize("text", ["line\rbreak", "bell\x07", "esc\x1b[0m", "a\r\nb"])
def test_graphml_control_characters(text: str, tmp_path: Path) -> None:
    """Control characters round-trip through GraphML, or writing refuses them."""
    path = tmp_path / "p.graphml"

    def run() -> Any:
        from govsim.io import read_graphml, write_graphml

        inst = govsim.Institution(id="v", name=text, kind="electorate", level="national")
        p = govsim.Polity(text, institutions=[inst])
        write_graphml(p, path)
        q = read_graphml(path)
        return {"equal": q == p, "name": q.name}

    result = guarded(run)
    if result["outcome"] == "raised":
        expect_govsim_error(result, ("name",))
    else:
        assert result["outcome"] == "returned", result
        assert result["value"]["equal"], result["value"]


def test_corpus_is_small() -> None:
    """The corpus stays small enough to run in every ``make test``."""
    total = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    assert total < 200_000

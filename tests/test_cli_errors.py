"""The command's bad inputs: status 2 and one ``govsim: error:`` line naming the fault.

Before: ``--workers inf`` and ``--sizes inf`` raised OverflowError (status 1, "internal
error"); ``--workers 100000`` would fork that many processes; a FIFO given as the
scenario blocked; a file nested 10^5 deep exited with status 1 (RecursionError); two
variants with one label (or the label "as written") silently replaced each other's
runs; ``seeds = true`` and ``years = true`` were read as 1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govsim.cli import MAX_WORKERS, main
from govsim.ensemble import MAX_SEEDS

SMALL = 'name = "small"\nbaseline = { scenario = "synthetic", params = { n_offices = 300 } }\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_one_line_error(result: tuple[int, str, str], *needles: str) -> str:
    code, out, err = result
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("govsim: error: ")
    for needle in needles:
        assert needle in err, err
    return err


# -- numeric options -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "2.5", "0", "-3", "many"])
def test_workers_must_be_a_whole_positive_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    path = write(tmp_path, SMALL)
    assert_one_line_error(run(capsys, "sweep", str(path), "--workers", value), "--workers")


def test_workers_are_bounded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    too_many = str(MAX_WORKERS + 1)
    assert_one_line_error(
        run(capsys, "sweep", str(path), "--workers", too_many), "--workers", "MAX_WORKERS"
    )


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "0.5", "9" * 5000])
def test_sizes_must_be_whole_positive_numbers(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    err = assert_one_line_error(run(capsys, "bench", "--sizes", value), "--sizes")
    assert len(err) < 300  # a 5,000-digit argument is not echoed whole


def test_numbers_in_scientific_notation_still_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, SMALL)
    code, out, err = run(capsys, "sweep", str(path), "--workers", "1e0")
    assert code == 0, err
    assert "as written" in out


# -- files ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
@pytest.mark.parametrize("command", ["run", "sweep", "show"])
def test_fifo_as_scenario_does_not_block(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hang_guard: None, command: str
) -> None:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    assert_one_line_error(run(capsys, command, str(path)), "pipe.toml", "not a regular file")


def test_deeply_nested_file_is_bad_input_not_an_internal_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}", "deep.json")
    assert_one_line_error(run(capsys, "run", str(path)), "deep.json", "nested deeper")


@pytest.mark.parametrize(
    ("name", "content"),
    [("bytes.toml", b'name = "\xff"\n'), ("folder.toml", None)],
)
def test_unreadable_files_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    assert_one_line_error(run(capsys, "run", str(path)), name)


# -- the scenario format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "needles"),
    [
        ("seeds = true\n", ("seeds", "number")),
        ("seeds = 1000000000\n", ("seeds", f"{MAX_SEEDS:,}", "MAX_SEEDS")),
        (f"seeds = {2**63}\n", ("seeds", "MAX_SEEDS")),
        ("seed = true\n", ("seed", "number")),
        ('[[reforms]]\nop = "term_limit"\nyears = true\n', ("reforms[0].years", "number")),
        (
            '[[reforms]]\nop = "term_limit"\nyears = 7\n[[variants]]\nlabel = "v"\n'
            "override = { term_limit = { years = true } }\n",
            ("variants[0].override.term_limit.years", "number"),
        ),
    ],
)
def test_booleans_are_not_numbers_and_seeds_are_bounded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: str, needles: tuple[str, ...]
) -> None:
    path = write(tmp_path, SMALL + extra)
    assert_one_line_error(run(capsys, "sweep", str(path)), "s.toml", *needles)


@pytest.mark.parametrize(
    ("variants", "needles"),
    [
        ('[[variants]]\nlabel = "same"\n[[variants]]\nlabel = "same"\n', ("duplicate", "same")),
        ('[[variants]]\nlabel = "as written"\n', ("'as written'", "reserved")),
    ],
)
def test_variant_labels_are_unique_and_not_reserved(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, variants: str, needles: tuple[str, ...]
) -> None:
    path = write(tmp_path, SMALL + variants)
    assert_one_line_error(run(capsys, "sweep", str(path)), "s.toml", "variants[", *needles)


def test_reform_error_while_running_names_file_step_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        SMALL
        + '[[reforms]]\nop = "term_limit"\nyears = 7\n'
        + '[[reforms]]\nop = "term_limit"\nstep = "ghost"\noffice = { ids = ["no_such_office"] }\n'
        + "years = 5\n"
    )
    path = write(tmp_path, text)
    err = assert_one_line_error(run(capsys, "run", str(path)), str(path), "reforms[1]")
    assert "'term_limit'" in err
    assert "'ghost'" in err
    assert "no_such_office" in err


def test_bad_reform_parameter_names_file_step_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, SMALL + '[[reforms]]\nop = "term_limit"\nyears = 0\n')
    assert_one_line_error(run(capsys, "run", str(path)), str(path), "reforms[0].years")


def test_sweep_step_that_cannot_apply_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found by tools/fuzz.py (seed 0): a step that cannot apply made every run of the
    pool fail (status 1 and one 'failed:' line per run) instead of one error line."""
    path = write(
        tmp_path,
        'name = "bad"\nbaseline = "kazakhstan_2019"\n[[reforms]]\nop = "merge_regions"\n'
        'regions = ["no.such.region"]\ninto = "kz.akmola"\n',
    )
    assert_one_line_error(run(capsys, "sweep", str(path)), "reforms[0]", "regions")

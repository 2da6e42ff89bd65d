"""Tests of the govsim command: subcommands, one-line errors with status 2, --debug."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import govsim.scenario as scenario_mod
from govsim.cli import main
from govsim.errors import UnknownNameError


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- bad input: one line on stderr, status 2, no traceback ----------------------------------


def assert_one_line_error(code: int, out: str, err: str, *needles: str) -> None:
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("govsim: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "nothere.toml"
    assert_one_line_error(*run(capsys, "run", str(path)), str(path), "file not found")


def test_toml_syntax_error_names_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, 'name = "t"\nbaseline = "synthetic"\n[[reforms]\nop = "x"\n')
    assert_one_line_error(*run(capsys, "run", str(path)), str(path), "line 3", "TOML syntax")


def test_unknown_field_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "t"\nbaseline = "synthetic"\nreform = []\n')
    assert_one_line_error(*run(capsys, "run", str(path)), str(path), "reform: unknown field")


def test_unknown_reform_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def get(name: str) -> Any:
        raise UnknownNameError(f"Unknown reform {name!r}. Known reforms: term_limit.")

    monkeypatch.setattr(scenario_mod, "_registry_get", lambda where: get)
    path = write(
        tmp_path,
        'name = "t"\nbaseline = "synthetic"\n[[reforms]]\nop = "direct_elections"\n',
    )
    code, out, err = run(capsys, "run", str(path))
    assert_one_line_error(
        code, out, err, str(path), "reforms[0].op", "Unknown reform 'direct_elections'"
    )


def test_bad_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*run(capsys, "frobnicate"), "invalid choice")
    assert_one_line_error(*run(capsys, "list", "colours"), "invalid choice")
    assert_one_line_error(*run(capsys, "bench", "--sizes", "0"), "must be >= 1")


def test_unknown_polity_argument(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*run(capsys, "show", "atlantis"), "atlantis", "built-in scenario")


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "t"\nbaseline = "synthetic"\ncolour = 1\n')
    with pytest.raises(scenario_mod.ScenarioError, match="colour: unknown field"):
        main(["run", str(path), "--debug"])
    with pytest.raises(scenario_mod.ScenarioError):
        main(["--debug", "run", str(path)])


def test_subprocess_has_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "t"\nbaseline = "synthetic"\ncolour = 1\n')
    proc = subprocess.run(
        [sys.executable, "-m", "govsim", "run", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"govsim: error: {path.resolve()}: colour: unknown field"
    assert proc.stdout == ""


# -- commands that need nothing beyond the model --------------------------------------------


def test_help_and_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("run", "compare", "show", "list", "schema", "sweep", "bench"):
        assert command in out
    code, out, _ = run(capsys)
    assert code == 2
    assert "usage: govsim" in out


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "govsim scenario"
    assert "reforms" in schema["properties"]


def test_polity_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "polity")
    assert code == 0
    assert "institutions" in json.loads(out)["properties"]


def test_list_methods_and_baselines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "methods")
    assert code == 0
    assert "dhondt" in out
    assert "hare" in out
    code, out, _ = run(capsys, "list", "baselines")
    assert code == 0
    assert "kazakhstan_2019" in out


def test_show_synthetic(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "synthetic")
    assert code == 0
    assert "executive" in out


# -- commands on the real engines, once they have landed ------------------------------------


def test_list_reforms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "reforms")
    assert code == 0
    assert "direct_election" in out


def test_list_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "metrics")
    assert code == 0
    assert "accountability.elected_share" in out


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kazakhstan.toml"


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_run_kazakhstan_prints_the_table(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, "run", str(EXAMPLE), "--format", fmt)
    assert code == 0, err
    assert "accountability.elected_share" in out
    if fmt == "json":
        json.loads(out)


def test_run_prints_the_changes_first(capsys: pytest.CaptureFixture[str]) -> None:
    """``--changes`` (what ``make demo`` uses) prints govsim.diff before the table."""
    code, out, err = run(capsys, "run", str(EXAMPLE), "--changes")
    assert code == 0, err
    changes, table = out.split("\n\n", 1)
    assert changes.startswith("Changes from 'Kazakhstan 2019 (pre-reform)'")
    # the new regions of 2022, after the new districts and city of 2021-2022
    assert "kz.east_kazakhstan.district.samar, kz.abai, kz.zhetysu, kz.ulytau" in changes
    # the file runs to the Constitution of 2026: the Mazhilis gives way to the Kurultai
    assert "~ mazhilis: list 98 (hare, 7%) -> none" in changes
    assert "+ adopts_laws(kurultai)" in changes
    assert "accountability.elected_share" in table


def test_run_with_date_and_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The report at a date, with one figure (tests/test_report.py draws them all)."""
    out_dir = tmp_path / "r"
    args = ["--date", "2021-12-31", "--out", str(out_dir), "--figures", "power"]
    code, out, err = run(capsys, "run", str(EXAMPLE), *args)
    assert code == 0, err
    assert "at 2021-12-31" in out
    assert "(1 figures)" in out
    assert (out_dir / "report.md").exists()
    assert (out_dir / "report.json").exists()
    assert sorted(p.name for p in out_dir.glob("*.png")) == ["power.png"]


def test_figures_none_and_a_subset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stand_ins: None
) -> None:
    path = write(tmp_path, SYNTHETIC)
    code, out, err = run(
        capsys, "run", str(path), "--out", str(tmp_path / "a"), "--figures", "none"
    )
    assert code == 0, err
    assert "(0 figures)" in out
    assert not list((tmp_path / "a").glob("*.png"))
    assert "institutions.png" not in (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    code, out, err = run(
        capsys, "run", str(path), "--out", str(tmp_path / "b"), "--figures", "deltas, institutions"
    )
    assert code == 0, err
    drawn = sorted(p.name for p in (tmp_path / "b").glob("*.png"))
    assert drawn == ["deltas.png", "institutions.png"]


@pytest.mark.parametrize("command", ["run", "compare"])
def test_unknown_figure_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = write(tmp_path, SYNTHETIC)
    args = [str(path)] if command == "run" else ["kazakhstan_2019", "kazakhstan_2023"]
    assert_one_line_error(
        *run(capsys, command, *args, "--figures", "deltas,seat"),
        "--figures",
        "unknown figure 'seat'",
        "known: deltas",
    )


def test_write_report_rejects_an_unknown_figure(tmp_path: Path) -> None:
    from govsim.errors import ValidationError
    from govsim.report import FIGURES, PEER_FIGURE, wanted_figures

    assert wanted_figures(True) == {*FIGURES, PEER_FIGURE}
    assert wanted_figures("seats") == {"seats"}
    with pytest.raises(ValidationError, match="figures: unknown figure 'map'"):
        wanted_figures(["deltas", "map"])


def test_compare_builtin_and_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compare", "kazakhstan_2019", str(EXAMPLE))
    assert code == 0, err
    assert "kazakhstan_2019 -> kazakhstan.toml" in out


def test_sweep_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        """
name = "sweep test"
baseline = { scenario = "synthetic", params = { n_offices = 500, seed = 1 } }

[[variants]]
label = "same"
""",
    )
    out_csv = tmp_path / "rows.csv"
    code, out, err = run(capsys, "sweep", str(spec), "--out", str(out_csv))
    assert code == 0, err
    assert "as written" in out
    assert "same" in out
    assert out_csv.read_text().startswith("variant,label,seed,")


def test_bench_small(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "bench", "--sizes", "500")
    assert code == 0, err
    assert "500" in out


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("govsim")
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    proc = subprocess.run(
        [str(exe), "list", "baselines"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0
    assert "synthetic" in proc.stdout


# -- the command's plumbing with stand-ins for compare/evaluate (independent of the metrics) --


class StandInComparison:
    def __init__(self, before: Any, after: Any, vote_model: Any = None) -> None:
        self.rows = [
            {
                "metric": "structure.institutions",
                "before": float(before.n_institutions),
                "after": float(after.n_institutions),
                "delta": float(after.n_institutions - before.n_institutions),
                "direction": "neutral",
            }
        ]

    def to_markdown(self) -> str:
        r = self.rows[0]
        head = "| metric | before | after |\n|---|---|---|\n"
        return head + f"| {r['metric']} | {r['before']} | {r['after']} |"

    def to_records(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows]

    def to_json(self) -> str:
        return json.dumps({"rows": self.rows})


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    from govsim import metrics

    monkeypatch.setattr(metrics, "compare", StandInComparison)
    monkeypatch.setattr(
        metrics,
        "evaluate",
        lambda p, seed=None, vote_model=None: {"structure.institutions": p.n_institutions},
    )


SYNTHETIC = 'name = "small"\nbaseline = { scenario = "synthetic", params = { n_offices = 300 } }\n'


def test_run_prints_table_and_writes_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stand_ins: None
) -> None:
    path = write(tmp_path, SYNTHETIC)
    code, out, err = run(capsys, "run", str(path), "--out", str(tmp_path / "rep"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "small: baseline vs reformed"
    assert lines[1].split() == ["metric", "before", "after", "delta", "better", "if"]
    assert lines[3].split() == ["structure.institutions", "300", "300", "0.000", "neutral"]
    assert "Report written to" in out
    assert (tmp_path / "rep" / "report.md").exists()
    assert (tmp_path / "rep" / "institutions.png").exists()


def test_run_markdown_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stand_ins: None
) -> None:
    path = write(tmp_path, SYNTHETIC)
    code, out, _ = run(capsys, "run", str(path), "--format", "markdown")
    assert code == 0
    assert out.startswith("## small")
    code, out, _ = run(capsys, "run", str(path), "--format", "json")
    assert json.loads(out)["rows"][0]["before"] == 300


def test_sweep_with_stand_ins(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stand_ins: None
) -> None:
    path = write(tmp_path, SYNTHETIC + "seeds = 2\n", "spec.toml")
    out_json = tmp_path / "summary.json"
    code, out, err = run(capsys, "sweep", str(path), "--out", str(out_json))
    assert code == 0, err
    assert "2 runs" in out
    rows = json.loads(out_json.read_text())
    assert rows[0]["label"] == "as written"
    assert rows[0]["mean"] == 300

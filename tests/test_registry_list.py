"""Registry completeness: every metric family registers when ``govsim`` is imported, and
``govsim list`` shows every metric, reform, allocation method and baseline with one line
of definition each."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govsim.cli import main
from govsim.electoral import METHODS
from govsim.metrics import iter_metrics
from govsim.reforms import REGISTRY
from govsim.scenario import BASELINES


def _fresh(code: str) -> str:
    """Run ``code`` in a new interpreter (nothing imported before it) and return its output."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return out.stdout


def test_every_family_registers_when_govsim_is_imported() -> None:
    """The registry right after ``import govsim`` is the registry after an evaluation."""
    code = (
        "import json, govsim\n"
        "from govsim.metrics import METRICS\n"
        "at_import = list(METRICS)\n"
        "p = govsim.scenarios.synthetic(300, seed=1)\n"
        "compared = [r.metric for r in govsim.compare(p, p)]\n"
        "print(json.dumps([at_import, list(METRICS), compared]))\n"
    )
    at_import, after, compared = json.loads(_fresh(code))
    assert at_import == after
    summary = [m.name for m in iter_metrics(per_node=False)]
    assert compared == summary
    assert set(summary) <= set(at_import)


def _names(table: str) -> list[str]:
    """The first column of a printed plain-text table (header and rule left out)."""
    return [line.split()[0] for line in table.splitlines()[2:] if line.strip()]


def test_list_metrics_shows_exactly_what_compare_returns() -> None:
    """In a new process, as a user runs it: no evaluation before the listing."""
    listed = _names(_fresh("from govsim.cli import main; main(['list', 'metrics'])"))
    compared = json.loads(
        _fresh(
            "import json, govsim; p = govsim.scenarios.synthetic(300, seed=1);"
            "print(json.dumps([r.metric for r in govsim.compare(p, p)]))"
        )
    )
    assert listed == compared


@pytest.mark.parametrize(
    ("what", "names"),
    [
        ("metrics", lambda: [m.name for m in iter_metrics(per_node=False)]),
        ("reforms", lambda: sorted(REGISTRY)),
        ("methods", lambda: list(METHODS)),
        ("baselines", lambda: list(BASELINES)),
    ],
)
def test_list_shows_every_name_with_a_definition(
    capsys: pytest.CaptureFixture[str], what: str, names
) -> None:  # type: ignore[no-untyped-def]
    assert main(["list", what]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines()[2:] if line.strip()]
    assert [line.split()[0] for line in lines] == list(names())
    for line in lines:  # a name and at least one more word of definition on its line
        _name, rest = line.split(None, 1)
        assert len(rest.split()) >= 2, line

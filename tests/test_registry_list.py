"""Registry completeness: every metric family registers when ``govsim`` is imported, and
``govsim list`` shows every metric, reform, allocation method and baseline with one line
of definition each."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

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


#: One new interpreter, as a user starts one: ``import govsim`` and the registry right
#: after it; ``govsim list metrics`` before any evaluation; then an evaluation, and the
#: registry after it.
FRESH = """
import contextlib, io, json
import govsim
from govsim.metrics import METRICS
at_import = list(METRICS)
from govsim.cli import main
listing = io.StringIO()
with contextlib.redirect_stdout(listing):
    main(["list", "metrics"])
p = govsim.scenarios.synthetic(300, seed=1)
compared = [r.metric for r in govsim.compare(p, p)]
print(json.dumps({
    "at_import": at_import,
    "listing": listing.getvalue(),
    "compared": compared,
    "after": list(METRICS),
}))
"""


@pytest.fixture(scope="module")
def fresh() -> dict[str, Any]:
    """What :data:`FRESH` found, run once for the module's tests."""
    result: dict[str, Any] = json.loads(_fresh(FRESH))
    return result


def test_every_family_registers_when_govsim_is_imported(fresh: dict[str, Any]) -> None:
    """The registry right after ``import govsim`` is the registry after an evaluation."""
    assert fresh["at_import"] == fresh["after"]
    summary = [m.name for m in iter_metrics(per_node=False)]
    assert fresh["compared"] == summary
    assert set(summary) <= set(fresh["at_import"])


def _names(table: str) -> list[str]:
    """The first column of a printed plain-text table (header and rule left out)."""
    return [line.split()[0] for line in table.splitlines()[2:] if line.strip()]


def test_list_metrics_shows_exactly_what_compare_returns(fresh: dict[str, Any]) -> None:
    """In a new process, as a user runs it: no evaluation before the listing."""
    assert _names(fresh["listing"]) == fresh["compared"]
    assert fresh["compared"]


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

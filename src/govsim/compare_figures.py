"""Countries and years side by side: the comparative table and its small-multiples figure.

A scenario file may list ``[[peers]]`` (other baselines, or other scenario files before or
after their reforms) to set beside its own baseline and reformed polity:
:func:`peer_comparison` evaluates them all with :func:`govsim.compare_many` (each with its
own vote model), and :func:`plot_compare_many` draws one small panel per metric, grouped by
family, the polities on a common axis, each panel marked with the direction that is more
accountable. ``govsim run`` prints the table, and its report adds the figure
(:func:`govsim.report.write_report` with ``peers=``).

The figure shows de jure structure as the data files encode it, not practice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govsim.errors import ValidationError
from govsim.metrics.compare_many import ManyComparison, compare_many

__all__ = [
    "CAVEAT",
    "PANEL_COLUMNS",
    "markdown_section",
    "peer_comparison",
    "plot_compare_many",
    "write_peer_report",
]

#: Most panels per row of :func:`plot_compare_many` (a family with more wraps).
PANEL_COLUMNS = 5

#: The arrow and words each direction is marked with.
_DIRECTION = {
    "higher": "more accountable: higher ->",
    "lower": "<- more accountable: lower",
    "neutral": "neutral",
}


def peer_comparison(
    scenario: Any,
    before: Any = None,
    after: Any = None,
    *,
    date: str | None = None,
    metrics: Sequence[str] | None = None,
    seed: Any = None,
    peers_from: Any = None,
) -> ManyComparison:
    """The scenario's own polities and its ``[[peers]]``, evaluated side by side.

    Parameters
    ----------
    scenario : govsim.scenario.Scenario
        A scenario; its ``peers`` are built with :meth:`Scenario.build_peers`.
    before, after : govsim.Polity, optional
        Its baseline and reformed polity (from ``scenario.run(date)``); when the scenario
        has no reforms, only the baseline is shown; without ``before`` neither is.
    date : str, optional
        The date ``after`` was taken at, for its label.
    metrics, seed : optional
        As for :func:`govsim.compare_many`.
    peers_from : govsim.scenario.Scenario, optional
        Take the peers of this scenario instead (``govsim run A.toml --peers B.toml``:
        the Kazakhstan report beside the neighbours of ``examples/central_asia.toml``).

    Returns
    -------
    ManyComparison
        Columns ``"baseline"``, ``"reformed"`` (when there are reforms), then the peers by
        label, each with its vote model (the scenario's for its own two).

    Raises
    ------
    govsim.scenario.ScenarioError
        If a peer cannot be built (the message names ``peers[i]``).
    govsim.ValidationError
        If a peer's label is ``"baseline"`` or ``"reformed"`` while those are shown.
    """
    polities: dict[str, Any] = {}
    vote_models: dict[str, Any] = {}
    own_vm = getattr(scenario, "vote_model", None)
    if before is not None:
        polities["baseline"] = before
        vote_models["baseline"] = own_vm
        has_steps = bool(getattr(scenario, "steps", None))
        if after is not None and has_steps:
            label = "reformed" if date is None else f"reformed ({date})"
            polities[label] = after
            vote_models[label] = own_vm
    source = scenario if peers_from is None else peers_from
    for label, (polity, vm) in source.build_peers().items():
        if label in polities:
            raise ValidationError(
                f"The peer label {label!r} is taken by the scenario's own polity: choose another."
            )
        polities[label] = polity
        vote_models[label] = vm
    return compare_many(polities, metrics=metrics, seed=seed, vote_models=vote_models)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _country(label: str) -> str:
    return label.split()[0].strip(",:;()").lower() if label.split() else label


def _panel(
    ax: Any, many: ManyComparison, m: str, labels: list[str], y: list[int], colour: dict[str, Any]
) -> None:
    """One metric over the polities: bars, values ("n/a" where it does not apply), direction."""
    row = many.row(m)
    values = [row[x] for x in labels]
    finite = [v if math.isfinite(v) else 0.0 for v in values]
    ax.barh(y, finite, color=[colour[_country(x)] for x in labels], height=0.7)
    span = max((abs(v) for v in finite), default=1.0) or 1.0
    for yi, v in zip(y, values, strict=True):
        text = "n/a" if not math.isfinite(v) else (f"{v:.3g}" if abs(v) < 1e4 else f"{v:.2e}")
        ax.text(max(v, 0.0) if math.isfinite(v) else 0.0, yi, f" {text}", va="center", fontsize=7)
    ax.set_xlim(min(0.0, min(finite)) * 1.15, span * 1.35)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    direction = _DIRECTION.get(many.direction(m), many.direction(m))
    ax.set_title(f"{m.split('.', 1)[1]}\n({direction})", fontsize=8, loc="left")
    ax.grid(axis="x", alpha=0.3)


def plot_compare_many(
    many: ManyComparison,
    path: str | Path,
    *,
    families: Sequence[str] | None = None,
    title: str | None = None,
) -> Path:
    """Small multiples: one panel per metric, the polities side by side.

    Each panel is a horizontal bar chart of one metric over the polities (in the order
    of ``many.labels``: keep a country's dates together), coloured by country (the
    label's first word), titled with the metric and marked with the direction that is
    more accountable; a polity where the metric does not apply shows "n/a". Panels are
    grouped by family, in registry order; metrics that apply to none of the polities
    are left out.

    Parameters
    ----------
    many : ManyComparison
        From :func:`govsim.compare_many`.
    path : str or Path
        The PNG to write.
    families : sequence of str, optional
        Only these metric families (default: every family).
    title : str, optional
        The figure's title.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    govsim.ValidationError
        If no metric of the chosen families applies to any polity.
    """
    plt = _pyplot()
    wanted = None if families is None else set(families)
    names = [
        m
        for m in many.metrics
        if (wanted is None or m.split(".", 1)[0] in wanted)
        and any(math.isfinite(v) for v in many.row(m).values())
    ]
    if not names:
        raise ValidationError(
            "plot_compare_many: no metric of the chosen families applies to any polity."
        )
    labels = list(many.labels)
    countries = list(dict.fromkeys(_country(x) for x in labels))
    palette = plt.get_cmap("tab10")
    colour = {c: palette(i % 10) for i, c in enumerate(countries)}
    # one row of panels per family (a long family wraps onto more rows), in registry order
    by_family: dict[str, list[str]] = {}
    for m in names:
        by_family.setdefault(m.split(".", 1)[0], []).append(m)
    grid: list[tuple[str, list[str]]] = []
    for family, members in by_family.items():
        for start in range(0, len(members), PANEL_COLUMNS):
            grid.append((family, members[start : start + PANEL_COLUMNS]))
    cols = max(len(members) for _, members in grid)
    height = max(1.6, 0.32 * len(labels) + 0.9)
    fig, axes = plt.subplots(
        len(grid), cols, figsize=(4.2 * cols, height * len(grid) + 0.8), squeeze=False
    )
    y = list(range(len(labels)))[::-1]
    for r, (family, members) in enumerate(grid):
        for c in range(cols):
            ax = axes[r][c]
            if c >= len(members):
                ax.set_visible(False)
                continue
            _panel(ax, many, members[c], labels, y, colour)
            if c == 0:
                ax.set_ylabel(family, fontsize=10, fontweight="bold")
            else:
                ax.set_yticklabels([])
    fig.suptitle(
        (title or "Metrics side by side, by family")
        + " (de jure structure as encoded, not practice)",
        fontsize=11,
    )
    fig.tight_layout(rect=(0.0, 0.0, 1.0, 1.0 - 0.4 / (height * len(grid) + 0.8)))
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


#: What a comparative table does and does not show, said wherever one is written.
CAVEAT = (
    "The table compares de jure structure as the data files encode it (who elects, appoints, "
    "consents, reviews and removes whom; term rules; electoral systems), not practice: how "
    "elections are run, whether courts are independent in fact and informal power are not in "
    "it. Each polity's sources and confidence marks are in its data file."
)


def markdown_section(many: ManyComparison, figure: str | None = None) -> list[str]:
    """The side-by-side section of a report: the caveat, the table, the vote models, the figure."""
    md = [CAVEAT, "", many.to_markdown(), ""]
    md += ["Vote models of the electoral metrics:", ""]
    md += [f"- {label}: {text}" for label, text in many.vote_models().items()]
    md.append("")
    if figure is not None:
        md += [f"![side by side]({figure})", ""]
    return md


def write_peer_report(
    many: ManyComparison,
    out_dir: str | Path,
    *,
    title: str = "Polities side by side",
    description: str | None = None,
    figure: bool = True,
) -> list[Path]:
    """Write ``report.md``, ``report.json`` and ``compare.png`` for a side-by-side table.

    Parameters
    ----------
    many : ManyComparison
        From :func:`govsim.compare_many` or :func:`peer_comparison`.
    out_dir : str or Path
        Directory to write into (created if missing).
    title, description : str, optional
        The report's heading and its first paragraph.
    figure : bool, default True
        Draw ``compare.png`` (needs matplotlib; without it the report says so).

    Returns
    -------
    list of Path
        The files written.
    """
    import json

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    drawn: str | None = None
    omitted: str | None = None
    if figure:
        try:
            files.append(plot_compare_many(many, out / "compare.png", title=title))
            drawn = "compare.png"
        except ImportError:
            omitted = "matplotlib is not installed (the plot extra)"
        except ValidationError as exc:
            omitted = str(exc)
    md = [f"# {title}", ""]
    if description:
        md += [description.strip(), ""]
    md += ["## Every metric side by side", ""]
    md += markdown_section(many, drawn)
    if omitted is not None:
        md += [f"The figure `compare.png` is left out: {omitted}.", ""]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")
    doc = {"title": title, "caveat": CAVEAT, "peers": json.loads(many.to_json())}
    (out / "report.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return [out / "report.md", out / "report.json", *files]

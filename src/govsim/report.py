"""Reports: a before/after comparison as Markdown, JSON and PNG figures.

:func:`write_report` writes ``report.md`` (the comparison table, the reforms
applied and the figures), ``report.json`` (the same in machine-readable form) and
one PNG per figure into a directory. Figures need matplotlib (the ``plot`` extra);
they are drawn with the non-interactive Agg backend, so reports can be made on a
server. A figure whose engine or input is missing is left out, and the report says
which and why.

Figures:

``deltas.png``
    One panel per metric on the metric's own scale: the value before (hollow) and
    after (filled), titled in words with the direction that is better, coloured by
    whether it moved that way (:func:`govsim.figures.plot_deltas`).
``institutions.png`` (and ``institutions.html``)
    Before and after on one graph, with what the reforms added, removed or changed
    marked by line style and box, changed offices drawn apart from unchanged ones,
    ties coloured by relation family (:func:`govsim.figures.plot_institutions`);
    the HTML page is the same graph, self-contained, where hovering an office lists
    its relations (:func:`govsim.figures.write_institutions_html`).
``timeline.png``
    Every metric at each reform date of the scenario (e.g. Kazakhstan 2019-2024).
``power.png``
    Shapley-Shubik shares of the lawmaking game before and after (``govsim.power``).
``discipline.png``
    The head of state's Shapley-Shubik share in the bloc lawmaking game over party and
    appointee discipline ``d`` from 0 (every member on his own) to 1 (perfect blocs),
    before and after (:func:`govsim.power.bloc_shares`).
``seats.png``
    Seat distributions of the lower chamber (the ``lower_chamber`` role, else the
    ``sole_chamber``) in Monte Carlo elections before and after, under the vote model
    the electoral metrics used (``write_report(..., vote_model=...)``, e.g. a scenario's
    ``[vote_model]``); without one it is left out, and the report says so.

The report says which vote model the ``electoral.*`` rows used (or "none: electoral
metrics not computed") and lists why any metric is NaN.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from govsim.errors import GovsimError, ValidationError
from govsim.figures import (
    FAMILY_COLOURS,
    ChangeGraph,
    change_graph,
    place_grid,
    write_institutions_html,
)
from govsim.figures import plot_deltas as _draw_deltas
from govsim.figures import plot_institutions as _draw_institutions
from govsim.model.kinds import RelationKind

__all__ = ["FIGURES", "Report", "comparison_rows", "write_report"]

#: Figure file names, in the order they appear in the report.
FIGURES: tuple[str, ...] = ("deltas", "institutions", "timeline", "power", "discipline", "seats")

#: The figure of the polities side by side, drawn when :func:`write_report` has peers.
PEER_FIGURE = "compare"

#: One colour per relation kind: its family's (:data:`govsim.figures.FAMILY_COLOURS`,
#: colour-blind safe), so colours stay fixed across figures.
KIND_COLOURS: dict[str, str] = {k.value: FAMILY_COLOURS[k.group.value] for k in RelationKind}


@dataclass
class Report:
    """What :func:`write_report` wrote: the files, and the figures it left out and why."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)
    omitted: dict[str, str] = field(default_factory=dict)

    def __iter__(self) -> Any:
        return iter(self.files)

    @property
    def figures(self) -> list[Path]:
        return [p for p in self.files if p.suffix == ".png"]


# -- the comparison as rows ------------------------------------------------------------------


def comparison_rows(comparison: Any) -> list[dict[str, Any]]:
    """The rows of a :class:`govsim.metrics.Comparison` as dicts (its ``to_records()``)."""
    return [dict(r) for r in comparison.to_records()]


# -- figures -----------------------------------------------------------------------------------


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)  # files only: never open a window
    import matplotlib.pyplot as plt

    return plt


def plot_deltas(comparison: Any, path: Path) -> Path:
    """Each metric's change on its own scale: :func:`govsim.figures.plot_deltas`."""
    return _draw_deltas(comparison, path)


def plot_institutions(
    before: Any, after: Any, path: Path, graph: ChangeGraph | None = None
) -> Path:
    """Before and after on one graph, the changes marked: :func:`govsim.figures.plot_institutions`."""
    return _draw_institutions(before, after, path, graph=graph)


def timeline_points(scenario: Any, max_points: int = 24) -> list[tuple[str, Any]]:
    """(label, polity) at the baseline and after each reform date of a scenario."""
    baseline = scenario.build_baseline()
    points: list[tuple[str, Any]] = [("baseline", baseline)]
    for date in scenario.dates()[: max_points - 1]:
        points.append((date.isoformat(), scenario.run(date=date, baseline=baseline)[1]))
    return points


def plot_timeline(
    points: Sequence[tuple[str, Any]], evaluate: Callable[[Any], Mapping[str, float]], path: Path
) -> Path:
    """Every metric along the scenario's dates, one panel per metric family."""
    plt = _pyplot()
    labels = [label for label, _ in points]
    values = [dict(evaluate(p)) for _, p in points]
    names = list(values[0])
    families: dict[str, list[str]] = {}
    for name in names:
        families.setdefault(name.split(".", 1)[0], []).append(name)
    n = len(families)
    cols = 2 if n > 1 else 1
    nrows = math.ceil(n / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(7 * cols, 3.2 * nrows), squeeze=False)
    # margins in inches (the dates below each panel are rotated): see place_grid
    place_grid(fig, nrows, cols, top=0.8, bottom=0.85, side=0.6, hgap=1.1, wgap=0.75)
    x = np.arange(len(labels))
    # each value holds until the next date: draw the last one on for half a step, so a
    # change at the last date shows as a level, not a bare vertical tick
    x_held = np.append(x, x[-1] + 0.5)
    for ax, (family, members) in zip(axes.flat, families.items(), strict=False):
        for name in members:
            y = [v.get(name, np.nan) for v in values]
            (line,) = ax.step(x_held, [*y, y[-1]], where="post", label=name.split(".", 1)[1])
            ax.plot(x, y, "o", markersize=3, color=line.get_color())
        ax.set_title(family, loc="left")
        ax.set_xticks(x, labels, rotation=40, ha="right", fontsize=7)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="best")
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.suptitle("Metrics after each reform date (value holds until the next date)")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def power_shares(polity: Any) -> dict[str, float]:
    """Shapley-Shubik shares of the polity's lawmaking game, by block."""
    from govsim import power

    shares = power.shapley_shubik(power.lawmaking_game(polity))
    return {str(k): float(v) for k, v in dict(shares).items()}


#: The disciplines at which the discipline figure evaluates the bloc game.
DISCIPLINE_GRID: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)


def head_of_state_over_discipline(polity: Any) -> list[float]:
    """The head of state's bloc-game share at each discipline of :data:`DISCIPLINE_GRID`."""
    from govsim import power
    from govsim.model.roles import head_of_state

    head = head_of_state(polity)
    if head is None:
        return [0.0 for _ in DISCIPLINE_GRID]
    return [power.bloc_shares(polity, discipline=d).get(head.id, 0.0) for d in DISCIPLINE_GRID]


def plot_discipline(before: Sequence[float], after: Sequence[float], path: Path) -> Path:
    """The head of state's share over discipline, before and after, as two lines."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 4), layout="constrained")
    ax.plot(DISCIPLINE_GRID, before, "o--", color="#7f7f7f", label="before")
    ax.plot(DISCIPLINE_GRID, after, "o-", color="#1f77b4", label="after")
    ax.set_xlabel("discipline d of blocs (0: members alone; 1: perfect blocs)")
    ax.set_ylabel("head of state's Shapley–Shubik share")
    ax.set_ylim(0, share_axis_top([*before, *after]))
    ax.legend()
    ax.set_title("The head of state's lawmaking power as a range")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def share_axis_top(shares: Sequence[float]) -> float:
    """Top of a share axis: room above the tallest bar for its value label.

    Capping the axis at 1 put the label of a share of 1.00 (a chamber that alone
    decides) over the title.
    """
    return max([*shares, 0.1]) * 1.15


def plot_power(before: Mapping[str, float], after: Mapping[str, float], path: Path) -> Path:
    """Grouped bars of the lawmaking power shares before and after."""
    plt = _pyplot()
    players = list(dict.fromkeys([*before, *after]))
    x = np.arange(len(players))
    fig, ax = plt.subplots(figsize=(max(5, 1.4 * len(players) + 2), 4), layout="constrained")
    b = [before.get(p, 0.0) for p in players]
    a = [after.get(p, 0.0) for p in players]
    ax.bar(x - 0.2, b, 0.4, label="before", color="#7f7f7f")
    ax.bar(x + 0.2, a, 0.4, label="after", color="#1f77b4")
    for xi, v in zip(x - 0.2, b, strict=True):
        ax.text(xi, v, f"{v:.2f}", ha="center", va="bottom", fontsize=8)
    for xi, v in zip(x + 0.2, a, strict=True):
        ax.text(xi, v, f"{v:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, players)
    ax.set_ylabel("Shapley–Shubik share of lawmaking power")
    ax.set_ylim(0, share_axis_top([*a, *b]))
    ax.legend()
    ax.set_title("Who decides whether a bill becomes law")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def lower_chamber_elections(polity: Any, vote_model: Any, seed: Any = None) -> Any:
    """Monte Carlo elections of the polity's lower chamber under ``vote_model``, exactly
    as the ``electoral.*`` metrics run them (same draws; the metrics' default seed unless
    ``seed`` is given, as ``govsim.evaluate(polity, seed=seed, vote_model=vote_model)``
    would use it).

    Raises
    ------
    govsim.ValidationError
        Without a vote model (there is no default), or without a lower-chamber system.
    """
    from govsim.metrics import electoral as em

    return em.run(polity, vote_model, em.DEFAULT_DRAWS, em.DEFAULT_SEED if seed is None else seed)


def plot_seats(before: Any, after: Any, path: Path, label: str | None = None) -> Path:
    """Largest party's seat share, and every party's seat range, before and after
    (``label``: the vote model's, for the title)."""
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
    results = {"before": before, "after": after}
    colours = {"before": "#7f7f7f", "after": "#1f77b4"}
    bins = np.linspace(0.4, 1.0, 61)
    for label, r in results.items():
        share = r.largest / r.size
        left.hist(share, bins=bins, alpha=0.6, color=colours[label], label=label)
    left.axvline(0.5, color="black", lw=0.8, ls="--")
    left.axvline(2 / 3, color="#d62728", lw=0.8, ls="--")
    left.text(0.5, 0.98, " majority", transform=left.get_xaxis_transform(), va="top", fontsize=8)
    left.text(2 / 3, 0.98, " 2/3", transform=left.get_xaxis_transform(), va="top", fontsize=8)
    left.set_xlabel("largest party's share of seats")
    left.set_ylabel("draws")
    left.legend()
    left.set_title("Largest party", loc="left")
    names = before.names or tuple(f"entry {i}" for i in range(before.seats.shape[1]))
    keep = np.flatnonzero(before.counted | after.counted)
    x = np.arange(len(keep))
    for offset, (label, r) in zip((-0.2, 0.2), results.items(), strict=True):
        q = r.seat_quantiles((0.05, 0.5, 0.95))[:, keep]
        right.bar(x + offset, q[1], 0.4, color=colours[label], label=f"{label} (median)")
        right.errorbar(
            x + offset, q[1], yerr=[q[1] - q[0], q[2] - q[1]], fmt="none", ecolor="black", lw=0.8
        )
    right.set_xticks(x, [names[i] for i in keep], rotation=30, ha="right", fontsize=8)
    right.set_ylabel("seats (median, 5-95% range)")
    right.legend()
    right.set_title("Every entry of the vote model", loc="left")
    title = f"Lower chamber in {before.votes.shape[0]:,} simulated elections, same voters"
    fig.suptitle(title + (f" ({label})" if label else ""))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- the report --------------------------------------------------------------------------------


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (dt.date, Path)):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, np.generic):
        return _json_safe(value.item())
    return value


def _steps(scenario: Any) -> list[dict[str, Any]]:
    """The scenario's reforms in the order they apply (date order, stable by file position)."""
    if scenario is None:
        return []
    ordered = getattr(scenario, "ordered_steps", None)
    steps = [s for _, s in ordered()] if callable(ordered) else list(scenario.steps)
    return [
        {"op": s.op, "date": s.date.isoformat() if s.date else None, "label": s.label, **s.params}
        for s in steps
    ]


def _short_params(step: Mapping[str, Any], width: int = 120) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in step.items() if k not in ("op", "date", "label"))
    return text if len(text) <= width else text[: width - 3] + "..."


def wanted_figures(figures: bool | Sequence[str]) -> set[str]:
    """The names of the figures :func:`write_report` draws for its ``figures`` argument.

    >>> sorted(wanted_figures(["seats", "compare"]))
    ['compare', 'seats']
    >>> wanted_figures(False)
    set()
    """
    if figures is True:
        return {*FIGURES, PEER_FIGURE}
    if figures is False:
        return set()
    if isinstance(figures, str):  # a single name, not its letters
        figures = [figures]
    known = (*FIGURES, PEER_FIGURE)
    unknown = [name for name in figures if name not in known]
    if unknown:
        raise ValidationError(f"figures: unknown figure {unknown[0]!r}; known: {', '.join(known)}")
    return set(figures)


def write_report(
    comparison: Any,
    out_dir: str | Path,
    *,
    before: Any = None,
    after: Any = None,
    scenario: Any = None,
    title: str | None = None,
    figures: bool | Sequence[str] = True,
    vote_model: Any = None,
    uncertainty: Any = None,
    peers: Any = None,
) -> Report:
    """Write ``report.md``, ``report.json`` and PNG figures for a before/after comparison.

    Parameters
    ----------
    comparison : govsim.Comparison
        The result of ``govsim.metrics.compare(before, after)``.
    out_dir : str or Path
        Directory to write into (created if missing; existing report files are
        overwritten).
    before, after : govsim.Polity, optional
        The two polities; needed for the institution and power figures.
    scenario : govsim.scenario.Scenario, optional
        The scenario they come from; its reforms are listed and its dates give the
        timeline figure.
    title : str, optional
        Report title (default: the scenario's name).
    figures : bool or sequence of str
        ``True`` for every figure in :data:`FIGURES` (and :data:`PEER_FIGURE` with
        peers), ``False`` for none, or the names of the ones to draw; an unknown name
        raises :class:`govsim.ValidationError`.
    vote_model : govsim.electoral.VoteModel, optional
        The voters of the seats figure; default the comparison's own
        (``compare(..., vote_model=...)``), else the scenario's ``[vote_model]``.
        Without any, the seats figure is left out with the reason, and the report
        says that the electoral metrics were not computed.
    peers : govsim.ManyComparison, optional
        Other polities beside this one (a scenario's ``[[peers]]``,
        :func:`govsim.compare_figures.peer_comparison`): the report adds the side-by-side
        table, what it does and does not show, and ``compare.png`` (small multiples by
        metric family, :func:`govsim.compare_figures.plot_compare_many`).
    uncertainty : govsim.uncertainty.UncertaintyResult, optional
        The scenario run under its declared uncertain inputs: the report adds the
        table with each metric's before, after and delta with its interval and the
        robustness of the delta's sign, and the inputs with their reasons.

    Returns
    -------
    Report
        The files written and, in ``omitted``, each figure left out with the reason.

    Examples
    --------
    >>> import tempfile, govsim
    >>> before = govsim.scenarios.synthetic(200, seed=1)
    >>> after = govsim.scenarios.synthetic(200, seed=1, elected_district_share=1.0)
    >>> rep = write_report(govsim.metrics.compare(before, after), tempfile.mkdtemp(),
    ...                    before=before, after=after, figures=False)
    >>> sorted(p.name for p in rep.files)
    ['report.json', 'report.md']
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = Report(out)
    wanted = wanted_figures(figures)
    title = title or (scenario.name if scenario is not None else "govsim comparison")
    rows = comparison_rows(comparison)
    if vote_model is None:
        vote_model = getattr(comparison, "vote_model", None)
    if vote_model is None and scenario is not None:
        vote_model = getattr(scenario, "vote_model", None)
    from govsim.electoral.vote_model import NO_VOTE_MODEL, describe_vote_model

    vote_model_text = describe_vote_model(vote_model)

    try:
        _pyplot()
        have_mpl = True
    except ImportError:
        have_mpl = False

    def attempt(name: str, draw: Callable[[Path], Path | None], needs: str | None) -> None:
        if name not in wanted:
            return
        if not have_mpl:
            report.omitted[name] = "matplotlib is not installed (the plot extra)"
            return
        if needs is not None:
            report.omitted[name] = needs
            return
        try:
            written = draw(out / f"{name}.png")
        except (ImportError, AttributeError) as exc:  # engine not in this govsim
            report.omitted[name] = f"engine not available ({exc})"
            return
        except GovsimError as exc:  # e.g. a polity without the rules a figure reads
            report.omitted[name] = f"not applicable to this polity ({exc})"
            return
        if written is not None:
            report.files.append(written)

    attempt("deltas", lambda p: plot_deltas(comparison, p), None if rows else "no metrics")
    need_pair = None if before is not None and after is not None else "before/after not given"

    def institutions(p: Path) -> Path:
        graph = change_graph(before, after)  # one layout for the PNG and the page
        page = write_institutions_html(before, after, out / "institutions.html", graph)
        report.files.append(page)
        return plot_institutions(before, after, p, graph)

    attempt("institutions", institutions, need_pair)

    def timeline(p: Path) -> Path:
        from govsim.metrics import evaluate

        return plot_timeline(
            timeline_points(scenario), lambda polity: evaluate(polity, vote_model=vote_model), p
        )

    no_dates = scenario is None or not scenario.dates()
    attempt("timeline", timeline, "the scenario has no dated reforms" if no_dates else None)
    attempt(
        "power",
        lambda p: plot_power(power_shares(before), power_shares(after), p),
        need_pair,
    )
    attempt(
        "discipline",
        lambda p: plot_discipline(
            head_of_state_over_discipline(before), head_of_state_over_discipline(after), p
        ),
        need_pair,
    )

    def seats(p: Path) -> Path:
        label = getattr(vote_model, "label", None)
        return plot_seats(
            lower_chamber_elections(before, vote_model),
            lower_chamber_elections(after, vote_model),
            p,
            label,
        )

    attempt("seats", seats, need_pair or (NO_VOTE_MODEL if vote_model is None else None))
    if peers is not None:
        from govsim.compare_figures import plot_compare_many

        attempt(PEER_FIGURE, lambda p: plot_compare_many(peers, p, title=title), None)

    figs = [p.name for p in report.figures]
    pages = [p.name for p in report.files if p.suffix == ".html"]  # interactive views
    md = [f"# {title}", ""]
    if scenario is not None:
        src = f" (`{scenario.source.name}`)" if scenario.source is not None else ""
        md += [f"Scenario **{scenario.name}**{src}.", ""]
        if scenario.description:
            md += [scenario.description.strip(), ""]
    md += ["## Metrics before and after", "", comparison.to_markdown().strip(), ""]
    md += [f"Vote model of the electoral metrics: {vote_model_text}.", ""]
    notes = {str(r["metric"]): str(r["note"]) for r in rows if r.get("note")}
    if notes:
        md += ["Metrics not computed (n/a):", ""]
        md += [f"- `{name}`: {why}" for name, why in notes.items()]
        md.append("")
    if uncertainty is not None:
        md += ["## Uncertainty: intervals on every delta", "", uncertainty.to_markdown(), ""]
    if peers is not None:
        from govsim.compare_figures import markdown_section

        md += ["## Beside other polities", ""]
        md += markdown_section(peers, "compare.png" if "compare.png" in figs else None)
    steps = _steps(scenario)
    if steps:
        md += ["## Reforms applied", "", "In the order they apply (by date, then file order).", ""]
        md += ["| # | date | reform | what |", "|---|---|---|---|"]
        for i, s in enumerate(steps):
            what = s["label"] or _short_params(s)
            md.append(f"| {i} | {s['date'] or ''} | `{s['op']}` | {what} |")
        md.append("")
    if figs:
        md += ["## Figures", ""]
        for name in figs:
            md += [f"![{Path(name).stem}]({name})", ""]
        for name in pages:
            md += [f"[The institution graph, interactive]({name}): hover an office.", ""]
    if report.omitted:
        md += ["## Figures left out", ""]
        md += [f"- `{name}.png`: {why}" for name, why in report.omitted.items()]
        md.append("")
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")
    report.files.insert(0, out / "report.md")

    data = {
        "title": title,
        "scenario": None if scenario is None else scenario.name,
        "vote_model": vote_model_text,
        "comparison": json.loads(comparison.to_json()),
        "reforms": steps,
        "figures": figs,
        "pages": pages,
        "omitted": report.omitted,
    }
    if uncertainty is not None:
        data["uncertainty"] = json.loads(uncertainty.to_json())
    if peers is not None:
        data["peers"] = json.loads(peers.to_json())
    (out / "report.json").write_text(
        json.dumps(_json_safe(data), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    report.files.insert(1, out / "report.json")
    return report

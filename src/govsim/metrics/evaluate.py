"""Run every registered summary metric on a polity, and compare two polities.

:func:`evaluate` computes each registered summary metric once (the compiled view
is built once and shared); :func:`compare` lines two evaluations up row by row
and says, from each metric's declared direction, whether the change is towards
more accountability / pluralism (``+``), away from it (``-``) or neither.

Stochastic metrics (those whose function takes a ``seed`` parameter, e.g. the
electoral Monte Carlo) use their own fixed default seed, so an evaluation is
deterministic; ``evaluate(polity, seed=s)`` passes one seed to all of them instead
(a sweep passes each replicate's seed, so replicates differ and are reproducible).

Metrics that simulate voters (those whose function takes a ``vote_model`` parameter:
the ``electoral.*`` family) use the vote model passed as
``evaluate(polity, vote_model=m)`` (a scenario file names its own); there is no
default, and without one they are NaN with the note
:data:`~govsim.electoral.vote_model.NO_VOTE_MODEL`. Every NaN that a metric's own
error explains carries its reason: ``MetricSet.notes``, ``ComparisonRow.note``, the
``note`` field of :meth:`Comparison.to_records` and the lines under ``str(comparison)``.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any

from govsim._random import SeedLike, as_int_seed
from govsim.electoral.vote_model import VoteModel, describe_vote_model
from govsim.errors import GovsimError, UnknownNameError, ValidationError
from govsim.metrics import (
    accountability,
    checks,
    concentration,
    decentralization,
    power,
    powers,
    tenure,
    veto,
)
from govsim.metrics import electoral as electoral_metrics
from govsim.metrics.registry import METRICS, MetricInfo, get_metric, iter_metrics

if TYPE_CHECKING:
    import pandas as pd

    from govsim.model.polity import Polity

__all__ = ["METRIC_MODULES", "Comparison", "ComparisonRow", "MetricSet", "compare", "evaluate"]

#: The metric families, in the order of the registry: the structural ones over the
#: compiled view, then those over the engines. Each registers its metrics when
#: imported, and each is imported here by name (no import by string).
FAMILY_MODULES: tuple[ModuleType, ...] = (
    accountability,
    checks,
    concentration,
    decentralization,
    power,
    tenure,
    electoral_metrics,
    veto,
    powers,
)

#: The names of :data:`FAMILY_MODULES`.
METRIC_MODULES: tuple[str, ...] = tuple(module.__name__ for module in FAMILY_MODULES)


def load_metric_modules() -> tuple[str, ...]:
    """The names of the metric families, every one loaded (they are imported with this
    module, so their metrics are registered whenever :func:`evaluate` can run)."""
    return METRIC_MODULES


class MetricSet(Mapping[str, float]):
    """A read-only mapping metric name -> value, for one polity.

    Attributes
    ----------
    polity_name : str
    year : int or None
    notes : mapping name -> str
        Metrics that do not apply to this polity (they raised a govsim error and
        are reported as NaN), with the reason.
    vote_model : VoteModel or None
        The vote model the ``electoral.*`` metrics used (None: they were not computed).
    """

    __slots__ = ("_notes", "_values", "polity_name", "vote_model", "year")

    def __init__(
        self,
        values: Mapping[str, float],
        *,
        polity_name: str = "",
        year: int | None = None,
        notes: Mapping[str, str] | None = None,
        vote_model: VoteModel | None = None,
    ) -> None:
        self._values = MappingProxyType(dict(values))
        self._notes = MappingProxyType(dict(notes or {}))
        self.polity_name = polity_name
        self.year = year
        self.vote_model = vote_model

    def __getitem__(self, name: str) -> float:
        try:
            return self._values[name]
        except KeyError:
            raise UnknownNameError(
                f"Metric {name!r} was not evaluated for {self.polity_name!r}. "
                f"Evaluated: {', '.join(self)}."
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def notes(self) -> Mapping[str, str]:
        return self._notes

    def info(self, name: str) -> MetricInfo:
        """The registry entry of a metric."""
        return get_metric(name)

    def family(self, family: str) -> dict[str, float]:
        """The values of one family (``"accountability"``, ...)."""
        return {k: v for k, v in self._values.items() if k.split(".", 1)[0] == family}

    def to_dict(self) -> dict[str, float]:
        return dict(self._values)

    def __repr__(self) -> str:
        return f"MetricSet({self.polity_name!r}, {len(self)} metrics)"

    def __str__(self) -> str:
        width = max((len(k) for k in self), default=6)
        lines = [f"{self.polity_name}" + (f" ({self.year})" if self.year else "")]
        lines += [f"  {k:<{width}}  {_fmt(v):>10}" for k, v in self._values.items()]
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_metric_set,
            (dict(self._values), self.polity_name, self.year, dict(self._notes), self.vote_model),
        )


def _rebuild_metric_set(
    values: dict[str, float],
    name: str,
    year: int | None,
    notes: dict[str, str],
    vote_model: VoteModel | None = None,
) -> MetricSet:
    return MetricSet(values, polity_name=name, year=year, notes=notes, vote_model=vote_model)


@functools.cache
def takes_param(func: Callable[..., Any], name: str) -> bool:
    """Whether a metric function takes the parameter ``name``."""
    try:
        return name in inspect.signature(func).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False


def takes_seed(func: Callable[..., Any]) -> bool:
    """Whether a metric function is stochastic: it takes a ``seed`` parameter."""
    return takes_param(func, "seed")


def check_vote_model(vote_model: Any, func: str = "evaluate") -> VoteModel | None:
    """``vote_model`` if it is None or a :class:`~govsim.electoral.VoteModel`, else a
    :class:`~govsim.errors.ValidationError` naming the parameter."""
    if vote_model is not None and not isinstance(vote_model, VoteModel):
        raise ValidationError(
            f"The 'vote_model' parameter of {func} must be a govsim.electoral.VoteModel or "
            f"None. Got {type(vote_model).__name__} instead."
        )
    return vote_model


def evaluate(
    polity: Polity,
    *,
    metrics: Iterable[str] | None = None,
    seed: SeedLike = None,
    vote_model: VoteModel | None = None,
) -> MetricSet:
    """Compute every registered summary metric of a polity.

    Parameters
    ----------
    polity : Polity
    metrics : iterable of str, optional
        Names (``"accountability.elected_share"``) or families
        (``"accountability"``) to compute; all summary metrics when None.
    seed : None, int, numpy SeedSequence or Generator, optional
        Seed of every stochastic metric (one whose function takes ``seed``: the
        ``electoral.*`` Monte Carlo). ``None`` (the default) leaves each its own fixed
        default seed, so the result is deterministic. A SeedSequence is turned into
        one int (:func:`govsim._random.as_int_seed`), so equal sequences give equal
        values in any process; all stochastic metrics get the same int.
    vote_model : VoteModel, optional
        The voters of the metrics that simulate elections (those whose function takes
        ``vote_model``: the ``electoral.*`` family). There is no default: without one
        those metrics are NaN, with the note
        :data:`~govsim.electoral.vote_model.NO_VOTE_MODEL`.

    Returns
    -------
    MetricSet
        Read-only mapping name -> float, in registration order. A metric that does
        not apply (raises a :class:`~govsim.errors.GovsimError`) is NaN, with the
        reason in ``MetricSet.notes``; ``MetricSet.vote_model`` is ``vote_model``.

    Raises
    ------
    UnknownNameError
        If a requested name is neither a metric nor a family.
    govsim.ValidationError
        If ``seed`` is not a seed (a negative int, a string), or ``vote_model`` is
        neither None nor a VoteModel.

    Notes
    -----
    The modules of :data:`METRIC_MODULES` are imported first so that every family
    has registered itself; the compiled view is built once and shared.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> ms = evaluate(synthetic(1_000, seed=1), metrics=["accountability"])
    >>> round(ms["accountability.elected_legislature"], 4)
    0.5714
    """
    load_metric_modules()
    vote_model = check_vote_model(vote_model)
    infos = _select(metrics)
    params: dict[str, Any] = {} if seed is None else {"seed": as_int_seed(seed)}
    params["vote_model"] = vote_model
    values: dict[str, float] = {}
    notes: dict[str, str] = {}
    for info in infos:
        given = {k: v for k, v in params.items() if takes_param(info.func, k)}
        try:
            values[info.name] = float(info(polity, **given))
        except GovsimError as exc:
            values[info.name] = math.nan
            notes[info.name] = str(exc)
    return MetricSet(
        values,
        polity_name=polity.name,
        year=getattr(polity, "year", None),
        notes=notes,
        vote_model=vote_model,
    )


def _select(metrics: Iterable[str] | None) -> list[MetricInfo]:
    summary = list(iter_metrics(per_node=False))
    if metrics is None:
        return summary
    wanted = list(metrics) if not isinstance(metrics, str) else [metrics]
    families = {i.family for i in summary}
    out: list[MetricInfo] = []
    for name in wanted:
        if name in families:
            out += [i for i in summary if i.family == name and i not in out]
        else:
            info = get_metric(name)
            if info not in out:
                out.append(info)
    return out


def _fmt(v: float) -> str:
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.4g}" if abs(v) >= 1e4 else f"{v:.4f}"


#: The fields of a comparison row, as records and DataFrame columns.
_COLUMNS = ("metric", "before", "after", "delta", "direction", "assessment", "note")


@dataclass(frozen=True)
class ComparisonRow:
    """One metric before and after.

    ``direction`` is the registry's: which way is more accountable / pluralist.
    ``assessment`` reads the change against it: ``"+"`` (towards), ``"-"``
    (away), ``"="`` (no change), ``""`` (neutral metric or undefined value).
    ``note`` says why a value is NaN (the metric's own reason, from
    ``MetricSet.notes``; prefixed ``before:`` / ``after:`` when only one side has
    it or the two differ), ``""`` when both values were computed.
    """

    metric: str
    before: float
    after: float
    delta: float
    direction: str
    note: str = ""

    @property
    def assessment(self) -> str:
        if math.isnan(self.delta):
            return "=" if _same(self.before, self.after) else ""
        if abs(self.delta) <= 1e-12 * max(1.0, abs(self.before)):
            return "="
        if self.direction == "neutral":
            return ""
        up = self.delta > 0
        return "+" if up == (self.direction == "higher") else "-"


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


class Comparison:
    """Metrics of two polities side by side.

    Iterating yields :class:`ComparisonRow`; ``comparison["metric"]`` looks a row up.
    """

    def __init__(
        self,
        rows: Iterable[ComparisonRow],
        before_name: str,
        after_name: str,
        *,
        vote_model: VoteModel | None = None,
    ) -> None:
        self.rows: tuple[ComparisonRow, ...] = tuple(rows)
        self.before_name = before_name
        self.after_name = after_name
        #: The vote model of the ``electoral.*`` rows (None: not computed).
        self.vote_model = vote_model

    @property
    def notes(self) -> dict[str, str]:
        """metric -> why it is NaN, for the rows that have a note."""
        return {r.metric: r.note for r in self.rows if r.note}

    def notes_text(self) -> list[str]:
        """The notes as lines, one per distinct reason, naming the metrics it explains."""
        by_note: dict[str, list[str]] = {}
        for metric, note in self.notes.items():
            by_note.setdefault(note, []).append(metric)
        return [f"n/a {', '.join(names)}: {note}" for note, names in by_note.items()]

    def vote_model_text(self) -> str:
        """Which vote model the electoral rows used (:func:`describe_vote_model`)."""
        return describe_vote_model(self.vote_model)

    def __iter__(self) -> Iterator[ComparisonRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, metric: str) -> ComparisonRow:
        for row in self.rows:
            if row.metric == metric:
                return row
        known = ", ".join(r.metric for r in self.rows)
        raise UnknownNameError(f"Metric {metric!r} is not in this comparison. Known: {known}.")

    def __repr__(self) -> str:
        return f"Comparison({self.before_name!r} -> {self.after_name!r}, {len(self)} metrics)"

    def _table(self) -> list[list[str]]:
        head = ["metric", "before", "after", "delta", "direction", ""]
        body = [
            [
                r.metric,
                _fmt(r.before),
                _fmt(r.after),
                ("+" if r.delta > 0 else "") + _fmt(r.delta),
                r.direction,
                r.assessment,
            ]
            for r in self.rows
        ]
        return [head, *body]

    def __str__(self) -> str:
        table = self._table()
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        align = ["<", ">", ">", ">", "<", "<"]

        def line(row: list[str]) -> str:
            return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(row, align, widths, strict=True))

        rule = "  ".join("-" * w for w in widths)
        title = f"{self.before_name} -> {self.after_name}"
        body = "\n".join([title, line(table[0]), rule, *map(line, table[1:])]).rstrip()
        return "\n".join([body, *self.notes_text()])

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table (``+``: towards the metric's good direction)."""
        table = self._table()
        table[0][-1] = "change"
        sep = ["---", "---:", "---:", "---:", "---", ":---:"]
        rows = [table[0], sep, *table[1:]]
        return "\n".join("| " + " | ".join(r) + " |" for r in rows)

    def _records(self, nan: Any) -> list[dict[str, Any]]:
        """Rows as dicts, with ``nan`` in place of NaN values."""

        def v(x: float) -> Any:
            return nan if math.isnan(x) else x

        return [
            dict(
                zip(
                    _COLUMNS,
                    (
                        r.metric,
                        v(r.before),
                        v(r.after),
                        v(r.delta),
                        r.direction,
                        r.assessment,
                        r.note,
                    ),
                    strict=True,
                )
            )
            for r in self.rows
        ]

    def to_records(self) -> list[dict[str, Any]]:
        """Rows as dicts (NaN as None, so that they serialise as JSON null; ``note`` says why)."""
        return self._records(None)

    def to_json(self, **kwargs: Any) -> str:
        """JSON: ``{"before": name, "after": name, "vote_model": text, "rows": [...]}``
        (strict JSON, NaN as null)."""
        doc = {
            "before": self.before_name,
            "after": self.after_name,
            "vote_model": self.vote_model_text(),
            "rows": self.to_records(),
        }
        return json.dumps(doc, allow_nan=False, **kwargs)

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame indexed by metric (needs the ``pandas`` extra).

        Columns ``before``, ``after``, ``delta`` (float, NaN where a metric does not
        apply), ``direction``, ``assessment``, ``note``, then from the registry
        ``family`` (categorical), ``range_min``, ``range_max``, ``definition`` and
        ``source`` (the metric's reference; ``<NA>`` for a metric no longer
        registered).
        """
        from govsim.model.frames import require_pandas

        pd = require_pandas("Comparison.to_pandas")
        df = pd.DataFrame.from_records(self._records(math.nan), columns=list(_COLUMNS))
        infos = [METRICS.get(r.metric) for r in self.rows]
        df["family"] = pd.Categorical([r.metric.split(".", 1)[0] for r in self.rows])
        df["range_min"] = [math.nan if i is None else i.range[0] for i in infos]
        df["range_max"] = [math.nan if i is None else i.range[1] for i in infos]
        df["definition"] = pd.array([None if i is None else i.definition for i in infos], "string")
        df["source"] = pd.array([None if i is None else i.reference for i in infos], "string")
        return df.set_index("metric")


def compare(
    before: Polity | MetricSet,
    after: Polity | MetricSet,
    *,
    metrics: Iterable[str] | None = None,
    seed: SeedLike = None,
    vote_model: VoteModel | None = None,
) -> Comparison:
    """Evaluate two polities (or take two evaluations) and line them up.

    Parameters
    ----------
    before, after : Polity or MetricSet
    metrics : iterable of str, optional
        Metric names or families, as for :func:`evaluate`.
    seed : optional
        Seed of the stochastic metrics, as for :func:`evaluate`; both sides get the
        same one (common random numbers), so a change is not noise.
    vote_model : VoteModel, optional
        The voters of the ``electoral.*`` metrics, the same on both sides (as for
        :func:`evaluate`; without one those rows are NaN with a note saying why).
        Ignored for a side given as a MetricSet, which keeps its own.

    Returns
    -------
    Comparison
        One row per metric evaluated on either side (NaN where one side lacks it),
        with ``delta = after - before`` and the reason of a NaN in ``note``;
        ``vote_model`` is the one used (the before side's for MetricSets).

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> cmp = compare(synthetic(1_000, seed=1), synthetic(1_000, seed=1, elected_local_share=1.0),
    ...               metrics=["accountability.local_executive_share"])
    >>> row = cmp["accountability.local_executive_share"]
    >>> round(row.before, 3), round(row.after, 3), row.assessment
    (0.276, 0.955, '+')
    """
    vote_model = check_vote_model(vote_model, "compare")
    if seed is not None:
        seed = as_int_seed(seed)  # a Generator gives one int, the same for both sides

    def side(p: Polity | MetricSet) -> MetricSet:
        if isinstance(p, MetricSet):
            return p
        return evaluate(p, metrics=metrics, seed=seed, vote_model=vote_model)

    b, a = side(before), side(after)
    names = list(b) + [k for k in a if k not in b]
    if metrics is not None and (isinstance(before, MetricSet) or isinstance(after, MetricSet)):
        keep = {i.name for i in _select(metrics)}
        names = [n for n in names if n in keep]
    rows = []
    for name in names:
        x, y = b.get(name, math.nan), a.get(name, math.nan)
        direction = METRICS[name].direction if name in METRICS else "neutral"
        rows.append(ComparisonRow(name, x, y, y - x, direction, _row_note(b, a, name)))
    used = b.vote_model if b.vote_model is not None else a.vote_model
    return Comparison(rows, b.polity_name, a.polity_name, vote_model=used)


def _row_note(before: MetricSet, after: MetricSet, name: str) -> str:
    """Why a row's values are NaN: the shared note, or each side's."""
    nb, na = before.notes.get(name, ""), after.notes.get(name, "")
    if nb == na:
        return nb
    return "; ".join(f"{side}: {n}" for side, n in (("before", nb), ("after", na)) if n)

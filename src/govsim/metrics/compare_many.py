"""Every metric for many polities side by side: :func:`compare_many`.

:func:`~govsim.metrics.compare` lines up two polities (before and after a reform);
:func:`compare_many` lines up any number of them -- countries, and the same country at
several dates -- in one table of every registered metric, with each metric's direction
(which way is more accountable), so that a reform can be read against a neighbour's.
It sits in the evaluate layer: it calls :func:`~govsim.metrics.evaluate` on each polity
(or takes a :class:`~govsim.metrics.evaluate.MetricSet` already computed).

What the table shows is de jure structure as the data files encode it, not practice: two
polities with the same rules score the same however differently they are run.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from govsim._random import SeedLike, as_int_seed
from govsim.electoral.vote_model import VoteModel
from govsim.errors import ValidationError
from govsim.metrics.evaluate import MetricSet, check_vote_model, evaluate
from govsim.metrics.registry import METRICS
from govsim.model.polity import Polity

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_POLITIES", "ManyComparison", "compare_many"]

#: Most polities in one :func:`compare_many` (and in a comparison file): 64. The table is
#: read by people -- the comparative questions name a region's few countries at two or
#: three dates each -- and each polity costs one :func:`~govsim.metrics.evaluate` (with a
#: vote model, a Monte Carlo of elections), so 64 bounds the work of one call to about a
#: minute; compare larger sets in batches.
MAX_POLITIES = 64
#: Longest label of a compared polity (a column header): 200 characters.
MAX_LABEL = 200


def _fmt(v: float) -> str:
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.4g}" if abs(v) >= 1e4 else f"{v:.3f}"


class ManyComparison:
    """The metrics of several polities, one column per polity (see :func:`compare_many`).

    Attributes
    ----------
    labels : tuple of str
        The column labels, in the order given.
    metrics : tuple of str
        Every metric evaluated for at least one polity, in registry order.
    """

    def __init__(self, labels: Iterable[str], sets: Iterable[MetricSet]) -> None:
        self.labels: tuple[str, ...] = tuple(labels)
        self._sets: tuple[MetricSet, ...] = tuple(sets)
        names: list[str] = []
        seen: set[str] = set()
        for s in self._sets:
            for name in s:
                if name not in seen:
                    seen.add(name)
                    names.append(name)
        self.metrics: tuple[str, ...] = tuple(names)

    def __len__(self) -> int:
        return len(self.labels)

    def __iter__(self) -> Iterator[str]:
        return iter(self.labels)

    def __getitem__(self, label: str) -> MetricSet:
        """The :class:`MetricSet` of one polity, by label."""
        try:
            return self._sets[self.labels.index(label)]
        except ValueError:
            known = ", ".join(repr(x) for x in self.labels)
            raise ValidationError(
                f"No polity labelled {label!r} in this comparison; known: {known}."
            ) from None

    def value(self, label: str, metric: str) -> float:
        """One metric of one polity (NaN where it does not apply or was not evaluated)."""
        return float(self[label].get(metric, math.nan))

    def row(self, metric: str) -> dict[str, float]:
        """One metric across the polities, label -> value."""
        return {
            label: float(s.get(metric, math.nan))
            for label, s in zip(self.labels, self._sets, strict=True)
        }

    def direction(self, metric: str) -> str:
        """``higher``, ``lower`` or ``neutral``: which way the metric is more accountable."""
        info = METRICS.get(metric)
        return "" if info is None else str(info.direction)

    def notes(self) -> dict[str, dict[str, str]]:
        """Why a value is NaN: label -> metric -> reason."""
        return {
            label: dict(s.notes)
            for label, s in zip(self.labels, self._sets, strict=True)
            if s.notes
        }

    def vote_models(self) -> dict[str, str]:
        """The vote model each polity's ``electoral.*`` metrics used (label -> label of it)."""
        out: dict[str, str] = {}
        for label, s in zip(self.labels, self._sets, strict=True):
            vm = s.vote_model
            out[label] = "none" if vm is None else str(getattr(vm, "label", None) or "unlabelled")
        return out

    # -- tables -----------------------------------------------------------------------------
    def _table(self) -> list[list[str]]:
        return [
            [m, *(_fmt(self.value(label, m)) for label in self.labels), self.direction(m)]
            for m in self.metrics
        ]

    def __repr__(self) -> str:
        return f"ManyComparison({list(self.labels)!r}, {len(self.metrics)} metrics)"

    def __str__(self) -> str:
        header = ["metric", *self.labels, "better if"]
        rows = self._table()
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += [
            "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in rows
        ]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table: one row per metric, one column per polity, and the direction."""
        header = ["metric", *self.labels, "better if"]
        lines = [
            "| " + " | ".join(h.replace("|", "/") for h in header) + " |",
            "|" + "---|" * len(header),
        ]
        lines += ["| " + " | ".join(r) + " |" for r in self._table()]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        """Long records, one per polity and metric (NaN as None; ``note`` says why)."""
        out: list[dict[str, Any]] = []
        for label, s in zip(self.labels, self._sets, strict=True):
            for m in self.metrics:
                v = float(s.get(m, math.nan))
                out.append(
                    {
                        "polity": label,
                        "name": s.polity_name,
                        "year": s.year,
                        "metric": m,
                        "family": m.split(".", 1)[0],
                        "value": None if math.isnan(v) else v,
                        "direction": self.direction(m),
                        "note": s.notes.get(m, ""),
                    }
                )
        return out

    def to_json(self, **kwargs: Any) -> str:
        """JSON: ``{"polities": [...labels], "vote_models": {...}, "rows": [...records]}``."""
        doc = {
            "polities": list(self.labels),
            "vote_models": self.vote_models(),
            "rows": self.to_records(),
        }
        return json.dumps(doc, allow_nan=False, **kwargs)

    def to_pandas(self, long: bool = False) -> pd.DataFrame:
        """A DataFrame (needs the ``pandas`` extra).

        Wide (default): indexed by metric, one float column per polity label (NaN where
        a metric does not apply), then ``family`` (categorical) and ``direction``.
        ``long=True``: the records of :meth:`to_records`, ``value`` a float column.
        """
        from govsim.model.frames import require_pandas

        pandas = require_pandas("ManyComparison.to_pandas")
        if long:
            df = pandas.DataFrame.from_records(self.to_records())
            df["value"] = df["value"].astype("float64")
            df["family"] = pandas.Categorical(df["family"])
            return df
        data: dict[str, Any] = {
            label: [float(s.get(m, math.nan)) for m in self.metrics]
            for label, s in zip(self.labels, self._sets, strict=True)
        }
        df = pandas.DataFrame(data, index=pandas.Index(list(self.metrics), name="metric"))
        df["family"] = pandas.Categorical([m.split(".", 1)[0] for m in self.metrics])
        df["direction"] = [self.direction(m) for m in self.metrics]
        return df


def _label(key: Any, k: int) -> str:
    if not isinstance(key, str) or not key.strip() or "\x00" in key or len(key) > MAX_LABEL:
        raise ValidationError(
            f"The 'polities' parameter of compare_many must map labels (non-blank text of at "
            f"most MAX_LABEL = {MAX_LABEL} characters) to polities. Got {key!r} at position {k}."
        )
    return key


def compare_many(
    polities: Mapping[str, Polity | MetricSet] | Iterable[Polity],
    *,
    metrics: Iterable[str] | None = None,
    seed: SeedLike = None,
    vote_model: VoteModel | None = None,
    vote_models: Mapping[str, VoteModel | None] | None = None,
) -> ManyComparison:
    """Evaluate many polities and line them up, one column each.

    Parameters
    ----------
    polities : mapping of str to Polity or MetricSet, or iterable of Polity
        The polities by column label (``{"Kazakhstan 2019": p, ...}``); an iterable of
        polities is labelled by ``name``. At most :data:`MAX_POLITIES`. A
        :class:`MetricSet` is taken as computed.
    metrics : iterable of str, optional
        Metric names or families, as for :func:`~govsim.metrics.evaluate`.
    seed : optional
        Seed of the stochastic metrics, the same for every polity.
    vote_model : VoteModel, optional
        The voters of the ``electoral.*`` metrics for every polity without one of its
        own in ``vote_models`` (without any, those metrics are NaN with a note).
    vote_models : mapping of str to VoteModel or None, optional
        Each polity's own voters, by label (a country's vote shares fit only its
        parties); ``None`` for a label means no vote model.

    Returns
    -------
    ManyComparison
        One column per polity, one row per metric, with the direction of each.

    Raises
    ------
    govsim.ValidationError
        If ``polities`` is empty, has more than ``MAX_POLITIES`` entries, a blank or
        repeated label, or a value that is neither a Polity nor a MetricSet; if
        ``vote_models`` names a label not in ``polities`` or holds a non-VoteModel.
    govsim.UnknownNameError
        If a requested metric is unknown.

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan, kazakhstan_2019
    >>> table = compare_many(
    ...     {"KZ 2019": kazakhstan_2019(), "KZ 2024": kazakhstan("2024-01-01")},
    ...     metrics=["tenure.expected_years"],
    ... )
    >>> {k: round(v, 2) for k, v in table.row("tenure.expected_years").items()}
    {'KZ 2019': 7.68, 'KZ 2024': 6.03}
    >>> table.direction("tenure.expected_years")
    'lower'
    """
    func = "compare_many"
    if isinstance(polities, Mapping):
        items = list(polities.items())
    elif isinstance(polities, (str, bytes, Polity, MetricSet)) or not isinstance(
        polities, Iterable
    ):
        raise ValidationError(
            f"The 'polities' parameter of {func} must be a mapping of labels to polities or "
            f"an iterable of polities. Got {type(polities).__name__} instead."
        )
    else:
        items = []
        for k, p in enumerate(polities):
            if not isinstance(p, Polity):
                raise ValidationError(
                    f"The 'polities' parameter of {func} must hold Polity objects; got "
                    f"{type(p).__name__} at position {k}."
                )
            items.append((p.name, p))
            if len(items) > MAX_POLITIES:
                break  # enough to refuse it below, without reading the rest
    if not items:
        raise ValidationError(f"The 'polities' parameter of {func} must not be empty.")
    if len(items) > MAX_POLITIES:
        raise ValidationError(
            f"The 'polities' parameter of {func} must hold at most MAX_POLITIES = "
            f"{MAX_POLITIES} polities. Got {len(items)}."
        )
    labels: list[str] = []
    for k, (key, value) in enumerate(items):
        label = _label(key, k)
        if label in labels:
            raise ValidationError(
                f"The 'polities' parameter of {func} has the label {label!r} twice: "
                "labels must be distinct."
            )
        if not isinstance(value, (Polity, MetricSet)):
            raise ValidationError(
                f"The 'polities[{label!r}]' parameter of {func} must be a Polity or a "
                f"MetricSet. Got {type(value).__name__} instead."
            )
        labels.append(label)
    vote_model = check_vote_model(vote_model, func)
    own: dict[str, VoteModel | None] = {}
    if vote_models is not None:
        if not isinstance(vote_models, Mapping):
            raise ValidationError(
                f"The 'vote_models' parameter of {func} must be a mapping of labels to vote "
                f"models. Got {type(vote_models).__name__} instead."
            )
        for key, vm in vote_models.items():
            if key not in labels:
                raise ValidationError(
                    f"The 'vote_models' parameter of {func} names {key!r}, which is not a "
                    f"label of 'polities' ({', '.join(repr(x) for x in labels)})."
                )
            own[key] = check_vote_model(vm, f"{func} (vote_models[{key!r}])")
    metric_list = None if metrics is None else list(metrics)
    common_seed = None if seed is None else as_int_seed(seed)
    sets: list[MetricSet] = []
    for label, (_, value) in zip(labels, items, strict=True):
        if isinstance(value, MetricSet):
            sets.append(value)
            continue
        vm = own.get(label, vote_model)
        sets.append(evaluate(value, metrics=metric_list, seed=common_seed, vote_model=vm))
    return ManyComparison(labels, sets)

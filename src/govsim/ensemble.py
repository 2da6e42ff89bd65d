"""Ensembles: map a function over scenario variants and seeds on any executor.

:func:`sweep` evaluates ``fn(variant, seed)`` for every variant and every seed and
collects the returned metrics into an :class:`EnsembleResult`. The work runs through
any :class:`concurrent.futures.Executor`: by default in the calling process, on every
core with a :class:`~concurrent.futures.ProcessPoolExecutor`, or on a cluster with a
Dask ``distributed.Client(...).get_executor()``.

Two choices make the result independent of where it ran:

- every child seed is spawned in the parent, before any work is sent out
  (:func:`govsim._random.spawn_seeds`), so a task's seed depends only on its position;
- results are placed by task index, never by completion order.

Work travels in chunks of tasks (one submission per chunk), so that 10^5 small
tasks do not drown in scheduling overhead, and results stream back as chunks finish.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim._random import MAX_SEEDS, SeedLike, spawn_seeds
from govsim._validation import check_int, param_error
from govsim.errors import unknown_name

__all__ = ["MAX_SEEDS", "EnsembleResult", "EnsembleSummary", "TaskFailure", "sweep"]

#: Metric name given to a bare float returned by the swept function.
VALUE = "value"

# One task: (flat index, variant index, seed index, variant, seed).
_Task = tuple[int, int, int, Any, np.random.SeedSequence]
# One outcome: (flat index, metrics or None, error repr or None).
_Outcome = tuple[int, dict[str, float] | None, str | None]


@dataclass(frozen=True)
class TaskFailure:
    """A task that raised instead of returning metrics.

    Attributes
    ----------
    variant : int
        Index of the variant in the sweep.
    label : str
        Label of the variant.
    seed : int
        Index of the seed (replicate) in the sweep.
    error : str
        ``repr`` of the exception.
    """

    variant: int
    label: str
    seed: int
    error: str

    def __str__(self) -> str:
        return f"variant {self.variant} ({self.label}), seed {self.seed}: {self.error}"


def _as_metrics(value: Any) -> dict[str, float]:
    """Normalise what the swept function returned to ``{name: float}``."""
    if isinstance(value, Mapping):
        return {str(k): float(v) for k, v in value.items()}
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"the swept function must return a mapping or a float, got {value!r}")
    return {VALUE: float(value)}


def _run_chunk(
    fn: Callable[[Any, np.random.SeedSequence], Any], tasks: list[_Task]
) -> list[_Outcome]:
    """Run a chunk of tasks, turning each task's exception into a recorded failure.

    Module-level so that process pools and Dask workers can unpickle it.
    """
    out: list[_Outcome] = []
    for flat, _vi, _si, variant, seed in tasks:
        try:
            out.append((flat, _as_metrics(fn(variant, seed)), None))
        except Exception as exc:  # one bad task must not sink the ensemble
            out.append((flat, None, repr(exc)))
    return out


def _normalise_seeds(
    seeds: int | Sequence[SeedLike] | None, seed: SeedLike
) -> list[np.random.SeedSequence]:
    """The replicate seeds shared by every variant."""
    if seeds is None:
        return spawn_seeds(seed, 1)
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        count = check_int(seeds, "seeds", "sweep", low=1, high=MAX_SEEDS, high_name="MAX_SEEDS")
        return spawn_seeds(seed, count)
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Sequence):
        raise param_error("seeds", "sweep", "None, a positive int or a sequence of seeds", seeds)
    if len(seeds) == 0:
        raise param_error("seeds", "sweep", "a non-empty sequence", seeds)
    if len(seeds) > MAX_SEEDS:
        raise param_error(
            "seeds", "sweep", f"at most {MAX_SEEDS:,} seeds (MAX_SEEDS)", f"{len(seeds):,} seeds"
        )
    out: list[np.random.SeedSequence] = []
    for s in seeds:
        if isinstance(s, np.random.SeedSequence):
            out.append(s)
        elif isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 0:
            out.append(np.random.SeedSequence(int(s)))
        elif isinstance(s, np.random.Generator):
            out.extend(spawn_seeds(s, 1))
        else:
            raise param_error(
                "seeds", "sweep", "a sequence of non-negative ints or SeedSequences", s
            )
    return out


def _labels(variants: Sequence[Any] | Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    if isinstance(variants, Mapping):
        return [str(k) for k in variants], list(variants.values())
    if isinstance(variants, (str, bytes)) or not isinstance(variants, Sequence):
        raise param_error(
            "variants", "sweep", "a sequence or a mapping of label to variant", variants
        )
    values = list(variants)
    return [_short(v) for v in values], values


def _short(value: Any, width: int = 60) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _worker_count(executor: Executor | None) -> int:
    if executor is None:
        return 1
    for attr in ("_max_workers",):  # ProcessPoolExecutor, ThreadPoolExecutor
        n = getattr(executor, attr, None)
        if isinstance(n, int) and n > 0:
            return n
    return os.cpu_count() or 1


def _chunks(tasks: list[_Task], size: int) -> Iterator[list[_Task]]:
    for start in range(0, len(tasks), size):
        yield tasks[start : start + size]


class _Progress:
    """A rich progress bar on a terminal; nothing at all otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar: Any = None
        if not enabled or not sys.stderr.isatty():
            return
        try:
            from rich.progress import Progress
        except ImportError:  # the cli extra is optional
            return
        self._bar = Progress(transient=True)
        self._task = self._bar.add_task("sweep", total=total)

    def __enter__(self) -> _Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def advance(self, n: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def sweep(
    fn: Callable[[Any, np.random.SeedSequence], Mapping[str, float] | float],
    variants: Sequence[Any] | Mapping[str, Any],
    seeds: int | Sequence[SeedLike] | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    chunksize: int | None = None,
    *,
    seed: SeedLike = None,
) -> EnsembleResult:
    """Evaluate ``fn(variant, seed)`` for every variant and seed, on any executor.

    Parameters
    ----------
    fn : callable
        ``fn(variant, seed) -> {metric: float}`` (or a bare float, recorded as the
        metric ``"value"``). ``seed`` is a :class:`numpy.random.SeedSequence`; pass it
        to any govsim function's ``seed`` argument. With a process pool or Dask the
        function must be picklable (defined at module level).
    variants : sequence or mapping
        The scenario variants (any picklable objects). With a mapping, its keys are
        the variants' labels; otherwise labels are ``str(variant)``.
    seeds : None, int or sequence of seeds
        Replicates per variant: ``None`` runs one, an int ``n`` (at most
        :data:`MAX_SEEDS`) runs ``n`` with children spawned from ``seed``, a sequence
        gives them explicitly (ints or SeedSequences). The same replicate seeds are used for every variant (common
        random numbers), so differences between variants are not blurred by noise.
    executor : concurrent.futures.Executor, optional
        Where to run: ``None`` runs in this process; a ``ProcessPoolExecutor`` or a
        Dask ``Client(...).get_executor()`` runs chunks in parallel.
    progress : bool
        Show a progress bar (rich) when standard error is a terminal. Never shown
        otherwise, so logs and CI output stay clean.
    chunksize : int, optional
        Tasks per submission. The default splits the work into about four chunks
        per worker (at least one task each).
    seed : SeedLike
        Root seed from which the replicate seeds are spawned (when ``seeds`` is
        ``None`` or an int). Fix it for a reproducible ensemble.

    Returns
    -------
    EnsembleResult
        Values of shape ``(n_variants, n_seeds, n_metrics)``; failed tasks are NaN
        and listed in ``failures``.

    Raises
    ------
    govsim.ValidationError
        If ``variants``, ``seeds`` or ``chunksize`` is malformed, or ``seeds`` asks for
        more than :data:`MAX_SEEDS` replicates.

    Notes
    -----
    Task ``(i, j)`` always receives replicate seed ``j``, spawned in the parent
    (``numpy.random.SeedSequence.spawn``), and its result is stored at ``[i, j]``.
    Hence the values are bit-for-bit identical whatever the executor, the number of
    workers, the chunk size and the order in which chunks complete. An exception in
    ``fn`` is recorded with its variant and seed; every other result is kept.

    Examples
    --------
    >>> import numpy as np
    >>> def draw(scale, seed):
    ...     return {"mean": scale * np.random.default_rng(seed).random(100).mean()}
    >>> res = sweep(draw, [1.0, 2.0], seeds=3, seed=42, progress=False)
    >>> res.values.shape
    (2, 3, 1)
    >>> bool(np.allclose(res.values[1], 2 * res.values[0]))
    True

    References
    ----------
    .. [1] NumPy, "Parallel random number generation",
       https://numpy.org/doc/stable/reference/random/parallel.html
    """
    labels, values = _labels(variants)
    replicate_seeds = _normalise_seeds(seeds, seed)
    n_seeds = len(replicate_seeds)
    tasks: list[_Task] = [
        (i * n_seeds + j, i, j, variant, s)
        for i, variant in enumerate(values)
        for j, s in enumerate(replicate_seeds)
    ]
    if chunksize is None:
        chunksize = max(1, math.ceil(len(tasks) / (4 * _worker_count(executor))))
    else:
        chunksize = check_int(chunksize, "chunksize", "sweep", low=1)

    outcomes: list[_Outcome] = []
    with _Progress(len(tasks), progress) as bar:
        if executor is None:
            for chunk in _chunks(tasks, chunksize):
                outcomes.extend(_run_chunk(fn, chunk))
                bar.advance(len(chunk))
        else:
            pending = {
                executor.submit(_run_chunk, fn, chunk): chunk for chunk in _chunks(tasks, chunksize)
            }
            for fut in as_completed(pending):
                chunk = pending.pop(fut)
                outcomes.extend(_collect(fut, chunk))
                bar.advance(len(chunk))
    return EnsembleResult._from_outcomes(outcomes, labels, values, replicate_seeds)


def _collect(fut: Future[list[_Outcome]], chunk: list[_Task]) -> list[_Outcome]:
    """A chunk's outcomes; if the chunk itself failed (worker died, unpicklable
    function), every task in it is recorded as failed with that error."""
    try:
        return fut.result()
    except Exception as exc:
        return [(t[0], None, repr(exc)) for t in chunk]


@dataclass(frozen=True, eq=False)
class EnsembleResult:
    """The metrics of every (variant, seed) task of a :func:`sweep`.

    Attributes
    ----------
    values : ndarray, shape (n_variants, n_seeds, n_metrics)
        Metric values; NaN where a task failed or did not return that metric.
    metric_names : tuple of str
        Names of the last axis of ``values``, in order of first appearance.
    labels : tuple of str
        One label per variant.
    variants : tuple
        The variants themselves.
    seeds : tuple of numpy.random.SeedSequence
        The replicate seeds (the same for every variant).
    failures : tuple of TaskFailure
        Tasks that raised, in task order.
    """

    values: NDArray[np.float64]
    metric_names: tuple[str, ...]
    labels: tuple[str, ...]
    variants: tuple[Any, ...] = field(repr=False)
    seeds: tuple[np.random.SeedSequence, ...] = field(repr=False)
    failures: tuple[TaskFailure, ...] = ()

    @classmethod
    def _from_outcomes(
        cls,
        outcomes: list[_Outcome],
        labels: list[str],
        variants: list[Any],
        seeds: list[np.random.SeedSequence],
    ) -> EnsembleResult:
        n_seeds = len(seeds)
        outcomes = sorted(
            outcomes, key=lambda o: o[0]
        )  # placement never depends on completion order
        names: dict[str, int] = {}
        for _, metrics, _ in outcomes:
            for k in metrics or ():
                names.setdefault(k, len(names))
        values = np.full((len(variants), n_seeds, len(names)), np.nan)
        flat = values.reshape(len(variants) * n_seeds, len(names))
        failures = []
        for idx, metrics, error in outcomes:
            if metrics is None:
                vi, si = divmod(idx, n_seeds)
                failures.append(TaskFailure(vi, labels[vi], si, str(error)))
                continue
            for k, v in metrics.items():
                flat[idx, names[k]] = v
        values.flags.writeable = False
        return cls(
            values, tuple(names), tuple(labels), tuple(variants), tuple(seeds), tuple(failures)
        )

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(n_variants, n_seeds, n_metrics)``."""
        a, b, c = self.values.shape
        return a, b, c

    def __getitem__(self, metric: str) -> NDArray[np.float64]:
        """Values of one metric, shape ``(n_variants, n_seeds)``."""
        try:
            return self.values[:, :, self.metric_names.index(metric)]
        except ValueError:
            raise unknown_name("metric", metric, self.metric_names) from None

    @property
    def ok(self) -> bool:
        """True when no task failed."""
        return not self.failures

    def to_pandas(self) -> Any:
        """One row per (variant, seed), one column per metric (needs the ``pandas`` extra).

        The index is a :class:`pandas.MultiIndex` of ``variant`` (the variant's
        position) and ``seed`` (the replicate's position), in task order; the columns
        are ``label`` (the variant's label, a string) and then the metrics, in the
        order of :attr:`metric_names` (float, NaN where a task failed). So
        ``frame.loc[1]`` is every replicate of the second variant and
        ``frame.groupby("variant").mean(numeric_only=True)`` the per-variant means.

        Raises
        ------
        govsim.GovsimError
            If pandas is not installed.
        """
        from govsim.model.frames import require_pandas

        pd = require_pandas("EnsembleResult.to_pandas")
        n_var, n_seeds, n_met = self.values.shape
        index = pd.MultiIndex.from_product(
            [np.arange(n_var), np.arange(n_seeds)], names=["variant", "seed"]
        )
        frame = pd.DataFrame(
            self.values.reshape(n_var * n_seeds, n_met),
            columns=list(self.metric_names),
            index=index,
        )
        labels = np.repeat(np.asarray(self.labels, dtype=object), n_seeds)
        frame.insert(0, "label", pd.array(labels, dtype="string"))
        return frame

    def summary(self, quantiles: Sequence[float] = (0.05, 0.5, 0.95)) -> EnsembleSummary:
        """Mean, standard error and quantiles of every metric, per variant.

        Notes
        -----
        Over the ``n`` successful seeds of a variant: mean ``x̄``, standard error
        ``s / sqrt(n)`` with ``s`` the sample standard deviation (``ddof=1``; NaN
        when ``n < 2``; exactly 0 when the seeds agree), and linear-interpolation
        quantiles. Failed tasks are left out.
        """
        qs = np.asarray([float(q) for q in quantiles], dtype=float)
        if np.any((qs < 0) | (qs > 1)) or not np.all(np.isfinite(qs)):
            raise param_error("quantiles", "EnsembleResult.summary", "in [0, 1]", list(quantiles))
        v = self.values
        n = np.sum(~np.isnan(v), axis=1)
        with warnings.catch_warnings():
            # nan-aware reductions warn on all-NaN slices (every seed failed): those stay NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(v, axis=1)
            std = np.nanstd(v, axis=1, ddof=1)
            # seeds that agree exactly (a deterministic metric) have no spread; the
            # rounding of the mean would otherwise show as a standard error of 1e-16
            std = np.where(np.nanmax(v, axis=1) == np.nanmin(v, axis=1), 0.0, std)
            quant = np.nanquantile(v, qs, axis=1)
            sem = np.where(n >= 2, std / np.sqrt(np.maximum(n, 1)), np.nan)
        return EnsembleSummary(
            self.labels, self.metric_names, n, mean, sem, tuple(qs.tolist()), quant
        )


@dataclass(frozen=True, eq=False)
class EnsembleSummary:
    """Per-variant statistics of an ensemble; arrays have shape ``(n_variants, n_metrics)``.

    ``quantile_values`` has shape ``(n_quantiles, n_variants, n_metrics)``.
    """

    labels: tuple[str, ...]
    metric_names: tuple[str, ...]
    n: NDArray[np.int64]
    mean: NDArray[np.float64]
    sem: NDArray[np.float64]
    quantiles: tuple[float, ...]
    quantile_values: NDArray[np.float64]

    def rows(self) -> Iterator[dict[str, Any]]:
        """One dict per (variant, metric): label, metric, n, mean, sem and ``q<q>`` keys."""
        for i, label in enumerate(self.labels):
            for k, metric in enumerate(self.metric_names):
                row: dict[str, Any] = {
                    "variant": i,
                    "label": label,
                    "metric": metric,
                    "n": int(self.n[i, k]),
                    "mean": float(self.mean[i, k]),
                    "sem": float(self.sem[i, k]),
                }
                for q, qv in zip(self.quantiles, self.quantile_values[:, i, k], strict=True):
                    row[f"q{q:g}"] = float(qv)
                yield row

    def to_pandas(self) -> Any:
        """The rows of :meth:`rows` as a DataFrame (requires the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(list(self.rows()))

    def to_markdown(self, digits: int = 4) -> str:
        """A Markdown table with one line per (variant, metric)."""
        qcols = [f"q{q:g}" for q in self.quantiles]
        head = ["variant", "metric", "n", "mean", "sem", *qcols]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows():
            cells = [r["label"], r["metric"], str(r["n"])]
            cells += [f"{r[c]:.{digits}g}" for c in ("mean", "sem", *qcols)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

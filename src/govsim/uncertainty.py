"""Uncertainty: run a scenario under its declared uncertain inputs, with intervals on every delta.

A scenario declares each uncertain input in an ``[[uncertain]]`` table (or as
:class:`Uncertain` objects in Python): which value (``path``), how it varies
(``distribution``) and why (``reason``, required)::

    [[uncertain]]
    path = "steps[chamber_approval].override_threshold"
    distribution = "bool"
    p = 0.5
    on = 0.6666666666666666
    off = "null"                 # no override
    reason = "ref §3: the 2/3 Mazhilis override after 2022 is UNCONFIRMED"

    [[uncertain]]
    path = "tenure.comeback"
    distribution = "uniform"
    low = 0.0
    high = 1.0
    reason = "a stated assumption of the tenure model, not an estimate"

A path that names nothing in the scenario is an error naming it (``uncertain[i]``)
when the file is read; so are two declarations of one input or of one name.

Paths
-----
``steps[I].PARAM``
    Parameter ``PARAM`` of the ``I``-th ``[[reforms]]`` step (``reforms[I]`` is the
    same). ``steps[KEY].PARAM`` names the step by its ``step`` name, by its ``op``
    when no other step has it, or by its exact ``label``; ``steps[op=X,date=D]``
    by ``field=value`` pairs (``op``, ``date``, ``step``, ``label`` or a parameter)
    that exactly one step matches. ``steps[KEY].enabled``
    switches the whole step on (``true``) or off (``false``): an unconfirmed step.
``baseline.params.NAME``
    Parameter ``NAME`` of the built-in baseline's builder
    (``baseline = { scenario = "synthetic", params = {...} }``).
``data.TABLE[SELECTOR].FIELD``
    A value of the baseline polity's data: ``TABLE`` is ``institutions``,
    ``territories`` or ``rules``; ``SELECTOR`` an id (a rule's ``kind``) or
    ``field=value`` pairs separated by commas, selecting every matching row;
    ``FIELD`` a field of the row (``term.years`` reaches into a nested table). The
    rows are found when the baseline is built, before any draw.
``tenure.PARAM``
    Parameter ``PARAM`` (``hazard``, ``reelection``, ``death_share``, ``comeback``)
    of every ``tenure.*`` metric that takes it.
``vote_model.FIELD`` / ``vote_model.FIELD[I]``
    A field of the scenario's ``[vote_model]`` (``concentration``,
    ``district_swing``, ...), or entry ``I`` of a per-party list.
``metrics[NAME].OPTION``
    Keyword ``OPTION`` of the registered metric ``NAME``.

Distributions
-------------
``uniform`` (``low``, ``high``), ``triangular`` (``low``, ``mode``, ``high``),
``normal`` (``mean``, ``sd``, truncated to ``[low, high]``), ``choice`` (``values``,
optional ``weights``) and ``bool`` (``p``: the probability of ``on``; ``on`` and
``off`` default to ``true`` and ``false``). In ``values``, ``on`` and ``off`` the
string ``"null"`` (:data:`NULL`) stands for no value, which TOML cannot write (e.g.
``override_threshold = null``: no override). ``integer = true`` rounds a continuous
draw to the nearest integer. ``reason`` is required: why the input is uncertain,
citing the data's confidence mark.

Every distribution is a map from ``u`` in ``[0, 1]`` (:meth:`Uncertain.ppf`, the
inverse of its distribution function), so the same declaration serves Monte Carlo
draws and the unit-hypercube samples of SALib.

:func:`run` draws ``n`` joint samples of the declared inputs (Latin hypercube in the
quantiles of each distribution) and a Monte Carlo seed per draw, evaluates every
metric before and after the reforms for each draw through
:func:`govsim.ensemble.sweep` (any executor), and returns an
:class:`UncertaintyResult`: per metric, the value of the scenario as written, the
5-95% interval of before, after and delta over the draws, and whether the sign of
the delta is robust.

Reading the intervals
---------------------
The interval of a delta is the range of its central 90% over the draws: what the
declared assumptions, sampled together, allow. The sign of a delta is *robust* when
at least :data:`ROBUST_SHARE` (95%) of the draws give it the same sign (``+``,
``-``, or no change); otherwise the direction of the change rests on the
assumptions. The intervals are as wide as the declared ranges make them, no wider:
an input that is not declared is held at its written value.

Speed: draws that give the same polities (the same values of every step, baseline
and data input: discrete switches repeat) share one build and one evaluation of
the structural metrics, cached in each worker; only the metrics that read a varied
option, the vote model or the Monte Carlo seed are evaluated per draw.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim._random import SeedLike, as_generator, as_int_seed, spawn_seeds
from govsim._uncertain import (
    DISTRIBUTIONS,
    MAX_CHOICES,
    MAX_UNCERTAIN,
    NULL,
    Target,
    Uncertain,
    Value,
    check_declarations,
)
from govsim._validation import check_int, param_error
from govsim.errors import GovsimError, ValidationError

__all__ = [
    "DISTRIBUTIONS",
    "MAX_CHOICES",
    "MAX_DRAWS",
    "MAX_UNCERTAIN",
    "NULL",
    "ROBUST_SHARE",
    "Uncertain",
    "UncertaintyResult",
    "prepare",
    "run",
]

#: Most draws of one :func:`run`: 100,000. Intervals at 5-95% settle within a
#: percent or two after a few thousand draws; more only costs time.
MAX_DRAWS = 100_000

#: Share of draws that must agree on the sign of a delta for it to be robust: 0.95.
ROBUST_SHARE = 0.95

#: Draws whose polities a worker keeps (per distinct set of structural values).
_CACHE_SIZE = 64


# -- binding the inputs to a scenario -------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Job:
    """A scenario bound to its uncertain inputs: what every task needs (picklable).

    Build it with :func:`prepare`. ``key`` identifies it in the workers' caches.
    """

    scenario: Any
    inputs: tuple[Uncertain, ...]
    targets: tuple[Target, ...]
    date: str | None
    key: str

    def structure_key(self, values: Sequence[Value]) -> tuple[str, ...]:
        """The values of the inputs that change a polity (steps, baseline, data): draws
        with equal keys share one build in a worker."""
        return tuple(repr(v) for t, v in zip(self.targets, values, strict=True) if t.structural)

    @property
    def names(self) -> tuple[str, ...]:
        """The inputs' names (label or path)."""
        return tuple(u.name for u in self.inputs)

    def values_at(self, u: NDArray[np.float64]) -> list[tuple[Value, ...]]:
        """The input values at quantiles ``u`` of shape ``(n, k)``, one tuple per row."""
        columns = [decl.ppf(u[:, j]) for j, decl in enumerate(self.inputs)]
        return [tuple(col[i] for col in columns) for i in range(u.shape[0])]


def prepare(
    scenario: Any, inputs: Sequence[Uncertain] | None = None, *, date: str | None = None
) -> Job:
    """Bind uncertain inputs to a scenario, checking every path against it.

    Parameters
    ----------
    scenario : govsim.scenario.Scenario
    inputs : sequence of Uncertain, optional
        The inputs (default: the scenario's own ``[[uncertain]]`` tables).
    date : str, optional
        Evaluate the scenario at this date (as ``govsim run --date``).

    Raises
    ------
    govsim.ValidationError
        Naming ``uncertain[i]`` and its path when it names nothing in the scenario,
        or when there are no inputs.
    """
    from govsim.scenario import BASELINES, Scenario

    if not isinstance(scenario, Scenario):
        raise param_error("scenario", "govsim.uncertainty", "a govsim.scenario.Scenario", scenario)
    if inputs is not None and (
        isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence)
    ):
        raise param_error("inputs", "govsim.uncertainty", "a sequence of Uncertain", inputs)
    declared = tuple(scenario.uncertain if inputs is None else inputs)
    for i, decl in enumerate(declared):
        if not isinstance(decl, Uncertain):
            raise param_error(f"inputs[{i}]", "govsim.uncertainty", "an Uncertain", decl)
    if not declared:
        raise ValidationError(
            f"Scenario {scenario.name!r} declares no uncertain inputs: add [[uncertain]] tables "
            "(see govsim.uncertainty)."
        )
    try:
        targets = check_declarations(declared, scenario, BASELINES)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    text = json.dumps(
        [
            scenario.model_dump(mode="json", by_alias=True),
            str(scenario.source),  # a polity-file baseline resolves against its folder
            [d.model_dump(mode="json") for d in declared],
            date,
        ],
        sort_keys=True,
        default=str,
    )
    key = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Job(scenario, declared, tuple(targets), date, key)


# -- one draw -------------------------------------------------------------------------------------


def _data_edit(polity: Any, edits: list[tuple[Target, Value]], job: Job) -> Any:
    """The polity with the ``data.`` inputs written into its document."""
    from govsim.model import Polity

    doc = polity.to_document().model_dump(mode="json")
    for target, value in edits:
        assert target.table is not None
        assert target.selector is not None
        rows = doc[target.table]
        sel = target.selector
        if "=" in sel:
            pairs = [p.split("=", 1) for p in sel.split(",")]
            match = [r for r in rows if all(str(r.get(k.strip())) == v.strip() for k, v in pairs)]
        else:
            field = {"institutions": "id", "territories": "id", "rules": "kind"}[target.table]
            match = [r for r in rows if str(r.get(field)) == sel]
        where = f"uncertain input data.{target.table}[{sel}].{target.name}"
        if not match:
            raise ValidationError(
                f"{where}: no row of the baseline's {target.table} matches {sel!r}"
            )
        *outer, last = target.name.split(".")
        for row in match:
            node = row
            for part in outer:
                if not isinstance(node.get(part), dict):
                    raise ValidationError(f"{where}: the row has no table {part!r}")
                node = node[part]
            if last not in node:
                known = ", ".join(sorted(node))
                raise ValidationError(f"{where}: the row has no field {last!r} (known: {known})")
            if target.table == "institutions" and target.name == "seats":
                _resize_tiers(doc, row["id"], node[last], value)
            node[last] = value
    try:
        return Polity.from_document(doc)
    except (GovsimError, ValueError) as exc:
        raise ValidationError(
            f"uncertain data inputs: the edited baseline is invalid: {exc}"
        ) from None


def _resize_tiers(doc: dict[str, Any], body: str, old: Any, new: Any) -> None:
    """Keep a body's electoral tiers filling its seats when a data input resizes it.

    Tiers that filled all ``old`` seats are scaled to ``new`` (largest remainders,
    the rest to the first tier); tiers that filled fewer (appointed seats beside
    them) are left as written.
    """
    if not isinstance(old, int) or not isinstance(new, int) or isinstance(new, bool):
        return
    for system in doc.get("electoral_systems", ()):
        if system.get("body") != body:
            continue
        tiers = system.get("tiers", [])
        seats = [int(t.get("seats") or 0) for t in tiers]
        if not tiers or sum(seats) != old or old <= 0:
            continue
        exact = [s * new / old for s in seats]
        out = [math.floor(x) for x in exact]
        order = sorted(range(len(out)), key=lambda i: out[i] - exact[i])
        for i in order[: new - sum(out)]:
            out[i] += 1
        for tier, n in zip(tiers, out, strict=True):
            tier["seats"] = n


def _scenario_with(job: Job, values: Sequence[Value]) -> tuple[Any, list[tuple[Target, Value]]]:
    """The scenario with the step and baseline inputs set, and the data edits to make."""
    from govsim.scenario import ReformStep, validate_scenario

    sc = job.scenario
    params: dict[int, dict[str, Any]] = {}
    enabled: dict[int, bool] = {}
    base_params = dict(sc.baseline.params)
    data: list[tuple[Target, Value]] = []
    for target, value in zip(job.targets, values, strict=True):
        if target.kind == "step":
            assert target.step is not None
            if target.name == "enabled":
                enabled[target.step] = bool(value)
            else:
                params.setdefault(target.step, {})[target.name] = value
        elif target.kind == "baseline":
            base_params[target.name] = value
        elif target.kind == "data":
            data.append((target, value))
    if not params and not enabled and base_params == dict(sc.baseline.params):
        return sc, data
    steps = []
    for k, step in enumerate(sc.steps):
        if not enabled.get(k, True):
            continue
        if k in params:
            step = ReformStep.model_validate({**step.model_dump(exclude_none=True), **params[k]})
        steps.append(step)
    doc = {
        name: getattr(sc, name)
        for name in type(sc).model_fields
        if name not in ("steps", "variants", "uncertain") and getattr(sc, name) is not None
    }
    baseline = sc.baseline.model_dump(exclude_none=True)
    baseline["params"] = base_params
    doc.update(baseline=baseline, steps=steps)
    new = validate_scenario(doc)
    new._source = sc._source  # a polity-file baseline resolves against the same folder
    return new, data


_POLITIES: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
# a Dask worker may run several tasks in threads of one process
_LOCK = threading.Lock()


def _cached(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """``make()``, kept in this process's cache under ``key`` (the last :data:`_CACHE_SIZE`)."""
    with _LOCK:
        if key in _POLITIES:
            _POLITIES.move_to_end(key)
            return _POLITIES[key]
    value = make()
    with _LOCK:
        _POLITIES[key] = value
        while len(_POLITIES) > _CACHE_SIZE:
            _POLITIES.popitem(last=False)
    return value


def _polities(job: Job, values: Sequence[Value]) -> tuple[Any, Any, dict[str, Any]]:
    """(before, after, cached structural metric values) for a draw, cached per structure.

    The baseline is built once per set of baseline parameters, edited once per set of
    data values, and the reforms applied once per set of step values.
    """
    kinds: dict[str, list[str]] = {"baseline": [], "data": []}
    for t, v in zip(job.targets, values, strict=True):
        if t.kind in kinds:
            kinds[t.kind].append(repr(v))
    base_key = ("baseline", job.key, *kinds["baseline"])
    data_key = ("data", *base_key, *kinds["data"])

    def reformed() -> tuple[Any, Any, dict[str, Any]]:
        sc, data = _scenario_with(job, values)

        def edited() -> Any:
            built = _cached(base_key, sc.build_baseline)
            return _data_edit(built, data, job) if data else built

        before = _cached(data_key, edited)
        _, after = sc.run(date=job.date, baseline=before)
        return before, after, {}

    result: tuple[Any, Any, dict[str, Any]] = _cached(
        ("polities", job.key, job.structure_key(values)), reformed
    )
    return result


def _vote_model(job: Job, values: Sequence[Value]) -> Any:
    model = job.scenario.vote_model
    changes: dict[str, Any] = {}
    for target, value in zip(job.targets, values, strict=True):
        if target.kind != "vote_model":
            continue
        if target.index is None:
            changes[target.name] = value
        else:
            current = list(changes.get(target.name, getattr(model, target.name)))
            current[target.index] = value
            changes[target.name] = tuple(current)
    if not changes:
        return model
    try:
        return dataclasses.replace(model, **changes)
    except (GovsimError, ValueError, TypeError) as exc:
        raise ValidationError(f"uncertain vote_model inputs {sorted(changes)}: {exc}") from None


def _options(job: Job, values: Sequence[Value], infos: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """metric name -> the options the draw sets for it."""
    from govsim.metrics.evaluate import takes_param

    out: dict[str, dict[str, Any]] = {}
    for target, value in zip(job.targets, values, strict=True):
        if target.kind == "tenure":
            for info in infos:
                if info.family == "tenure" and takes_param(info.func, target.name):
                    out.setdefault(info.name, {})[target.name] = value
        elif target.kind == "metric":
            assert target.selector is not None
            out.setdefault(target.selector, {})[target.name] = value
    return out


def _varied_metrics(job: Job, infos: Sequence[Any]) -> set[str]:
    """Metrics whose value may change without the polity changing."""
    from govsim.metrics.evaluate import takes_param

    varied = set(_options(job, [None] * len(job.targets), infos))
    return varied | {
        i.name for i in infos if takes_param(i.func, "seed") or takes_param(i.func, "vote_model")
    }


def _applies(info: Any, polity: Any, params: Mapping[str, Any]) -> bool:
    try:
        info(polity, **params)
    except GovsimError:
        return False
    return True


def _metric(info: Any, polity: Any, params: Mapping[str, Any]) -> float:
    from govsim.metrics.evaluate import takes_param

    given = {
        k: v for k, v in params.items() if k in ("seed", "vote_model") and takes_param(info.func, k)
    }
    given.update({k: v for k, v in params.items() if k not in ("seed", "vote_model")})
    options = sorted(k for k in params if k not in ("seed", "vote_model"))
    try:
        return float(info(polity, **given))
    except GovsimError as exc:
        if options and _applies(info, polity, {k: v for k, v in given.items() if k not in options}):
            # the metric applies without the options: a value they gave is at fault
            raise ValidationError(
                f"metric {info.name!r} with the uncertain options {options}: {exc}"
            ) from None
        return math.nan  # the metric does not apply (as evaluate() reports it)
    except (TypeError, ValueError) as exc:  # an option the metric's **overrides refuse
        raise ValidationError(f"metric {info.name!r} with the options {options}: {exc}") from None


def evaluate_draw(job: Job, values: Sequence[Value], seed: SeedLike = None) -> dict[str, float]:
    """Every summary metric before and after the reforms for one draw of the inputs.

    Parameters
    ----------
    job : Job
        From :func:`prepare`.
    values : sequence
        One value per input, in the order of ``job.inputs``.
    seed : SeedLike, optional
        Seed of the stochastic metrics (``None``: their fixed defaults).

    Returns
    -------
    dict
        ``"before:<metric>"`` and ``"after:<metric>"`` -> value (NaN where the metric
        does not apply).
    """
    from govsim.metrics.evaluate import load_metric_modules
    from govsim.metrics.registry import iter_metrics

    load_metric_modules()
    infos = list(iter_metrics(per_node=False))
    before, after, cached = _polities(job, values)
    varied = _varied_metrics(job, infos)
    options = _options(job, values, infos)
    shared: dict[str, Any] = {"vote_model": _vote_model(job, values)}
    if seed is not None:
        shared["seed"] = as_int_seed(seed)
    out: dict[str, float] = {}
    for side, polity in (("before", before), ("after", after)):
        for info in infos:
            name = f"{side}:{info.name}"
            if info.name not in varied:
                if name not in cached:
                    cached[name] = _metric(info, polity, {})
                out[name] = cached[name]
            else:
                out[name] = _metric(info, polity, {**shared, **options.get(info.name, {})})
    return out


def _task(
    variant: tuple[Job, tuple[Value, ...], np.random.SeedSequence | None], seed: Any
) -> dict[str, float]:
    """One draw, for :func:`govsim.ensemble.sweep` (module level: picklable)."""
    job, values, mc_seed = variant
    return evaluate_draw(job, values, mc_seed)


# -- running --------------------------------------------------------------------------------------


def unit_samples(n: int, k: int, seed: SeedLike, sampler: str = "latin") -> NDArray[np.float64]:
    """``n`` points of the unit cube ``[0, 1)^k``: a Latin hypercube or plain random draws.

    The Latin hypercube (McKay, Beckman & Conover 1979, *Technometrics* 21:239-245)
    puts exactly one draw in each of ``n`` equal slices of every input's quantiles,
    so the intervals settle with fewer draws.
    """
    rng = np.random.default_rng(spawn_seeds(seed, 1)[0])
    if sampler == "random":
        return rng.random((n, k))
    if sampler != "latin":
        raise param_error("sampler", "govsim.uncertainty.run", "'latin' or 'random'", sampler)
    from scipy.stats import qmc

    return np.asarray(qmc.LatinHypercube(d=k, seed=rng).random(n), dtype=float)


def run(
    scenario: Any,
    n: int,
    *,
    seed: SeedLike = 0,
    inputs: Sequence[Uncertain] | None = None,
    date: str | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    sampler: str = "latin",
    monte_carlo: bool = True,
) -> UncertaintyResult:
    """Run a scenario under its uncertain inputs: ``n`` draws, intervals on every delta.

    Parameters
    ----------
    scenario : govsim.scenario.Scenario
        With ``[[uncertain]]`` tables (or give ``inputs``).
    n : int
        Draws (at most :data:`MAX_DRAWS`).
    seed : SeedLike
        Root seed of the draws and of their Monte Carlo seeds: the same seed gives
        the same result on any executor.
    inputs : sequence of Uncertain, optional
        Inputs to use instead of the scenario's own.
    date : str, optional
        Evaluate at this date (as ``govsim run --date``).
    executor : concurrent.futures.Executor, optional
        Where the draws run (:func:`govsim.ensemble.sweep`): in this process by
        default, a process pool or a Dask client's executor.
    progress : bool
        A progress bar on a terminal (:func:`govsim.ensemble.sweep`).
    sampler : {"latin", "random"}
        Latin hypercube (default) or plain random draws of the quantiles.
    monte_carlo : bool
        Give each draw its own seed of the stochastic metrics (the electoral
        Monte Carlo), so its noise is part of the interval; with False they keep
        their fixed default seeds.

    Returns
    -------
    UncertaintyResult

    Raises
    ------
    govsim.ValidationError
        For a bad ``n``, an input that names nothing in the scenario, or a draw
        that cannot be built (the message names the input).

    Examples
    --------
    >>> from govsim.scenario import Scenario
    >>> sc = Scenario.model_validate({
    ...     "name": "toy", "baseline": {"scenario": "synthetic", "params": {"n_offices": 200}},
    ...     "reforms": [{"op": "term_limit", "years": 5, "max_terms": 1}],
    ...     "uncertain": [{"path": "tenure.hazard", "distribution": "uniform", "low": 0.03,
    ...                    "high": 0.1, "reason": "a stated assumption"}]})
    >>> res = run(sc, 20, seed=1, progress=False)
    >>> row = res.row("tenure.expected_years")
    >>> row["sign"], row["robust"]
    ('-', True)
    """
    from govsim.ensemble import sweep
    from govsim.metrics import compare

    n = check_int(n, "n", "govsim.uncertainty.run", low=1, high=MAX_DRAWS, high_name="MAX_DRAWS")
    if not isinstance(seed, np.random.Generator):
        as_generator(seed)  # the standard message for a negative int or a non-seed
    job = prepare(scenario, inputs, date=date)
    u = unit_samples(n, len(job.inputs), seed, sampler)
    rows = job.values_at(u)
    mc: list[np.random.SeedSequence | None] = (
        list(spawn_seeds(spawn_seeds(seed, 2)[1], n)) if monte_carlo else [None] * n
    )
    # fail early, here, with the error of the first draw (a value a reform rejects)
    evaluate_draw(job, rows[0], mc[0])
    # draws with the same polities travel together, so a worker builds each once; the
    # order is fixed by the draws alone, so the result does not depend on the executor
    order = sorted(range(n), key=lambda i: (job.structure_key(rows[i]), i))
    variants = {str(i): (job, rows[i], mc[i]) for i in order}
    result = sweep(_task, variants, executor=executor, progress=progress, seed=0)
    if result.failures:
        first = result.failures[0]
        draw = order[first.variant]
        raise ValidationError(
            f"{len(result.failures)} of {n} uncertainty draws failed; draw {draw} "
            f"({dict(zip(job.names, rows[draw], strict=True))}): {first.error}"
        )
    before_sc, after_sc = scenario.run(date=date)
    nominal = compare(before_sc, after_sc, vote_model=scenario.vote_model)
    names = tuple(r.metric for r in nominal)
    col = {m: k for k, m in enumerate(result.metric_names)}
    flat = np.empty_like(result.values[:, 0, :])
    flat[order] = result.values[:, 0, :]
    before = np.stack([flat[:, col[f"before:{m}"]] for m in names], axis=1)
    after = np.stack([flat[:, col[f"after:{m}"]] for m in names], axis=1)
    return UncertaintyResult(
        scenario_name=scenario.name,
        metric_names=names,
        directions=tuple(r.direction for r in nominal),
        inputs=job.inputs,
        samples=tuple(rows),
        before=before,
        after=after,
        nominal_before=np.asarray([r.before for r in nominal], dtype=float),
        nominal_after=np.asarray([r.after for r in nominal], dtype=float),
    )


# -- the result -----------------------------------------------------------------------------------


def _signs(delta: NDArray[np.float64], before: NDArray[np.float64]) -> NDArray[np.int64]:
    """-1, 0 or +1 per draw; a change within 1e-12 of the before value is none (0)."""
    tiny = 1e-12 * np.maximum(1.0, np.abs(before))
    return np.where(delta > tiny, 1, np.where(delta < -tiny, -1, 0)).astype(np.int64)


def _fmt(v: float) -> str:
    if math.isnan(v):
        return "n/a"
    if abs(v) >= 1e4:
        return f"{v:.4g}"
    return f"{v:.3f}"


@dataclass(frozen=True, eq=False)
class UncertaintyResult:
    """Every metric before and after the reforms, under every draw of the inputs.

    Attributes
    ----------
    scenario_name : str
    metric_names : tuple of str
    directions : tuple of str
        Each metric's declared direction (``higher``, ``lower``, ``neutral``).
    inputs : tuple of Uncertain
    samples : tuple of tuple
        The input values of each draw (``n`` rows, one value per input).
    before, after : ndarray, shape (n, n_metrics)
        The metric values of each draw (NaN where a metric does not apply).
    nominal_before, nominal_after : ndarray, shape (n_metrics,)
        The scenario as written (every input at its written value).
    quantiles : (float, float)
        The interval's quantiles, default (0.05, 0.95).
    """

    scenario_name: str
    metric_names: tuple[str, ...]
    directions: tuple[str, ...]
    inputs: tuple[Uncertain, ...]
    samples: tuple[tuple[Value, ...], ...]
    before: NDArray[np.float64]
    after: NDArray[np.float64]
    nominal_before: NDArray[np.float64]
    nominal_after: NDArray[np.float64]
    quantiles: tuple[float, float] = (0.05, 0.95)

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(self.before.shape[0])

    @property
    def delta(self) -> NDArray[np.float64]:
        """``after - before`` per draw, shape (n, n_metrics)."""
        return self.after - self.before

    def _interval(self, x: NDArray[np.float64]) -> tuple[float, float]:
        ok = x[~np.isnan(x)]
        if ok.size == 0:
            return math.nan, math.nan
        lo, hi = np.quantile(ok, self.quantiles)
        return float(lo), float(hi)

    def rows(self) -> Iterator[dict[str, Any]]:
        """One dict per metric: the as-written values, the intervals and the sign.

        Keys: ``metric``, ``direction``, ``before``, ``before_lo``, ``before_hi``,
        ``after``, ``after_lo``, ``after_hi``, ``delta``, ``delta_lo``, ``delta_hi``
        (the value as written, then the quantiles over the draws), ``share_up``,
        ``share_down``, ``share_none`` (shares of the draws whose delta is positive,
        negative, none), ``sign`` (the sign most draws give: ``+``, ``-``, ``0``) and
        ``robust`` (at least :data:`ROBUST_SHARE` of the draws give that sign; None
        when the metric was not computed).
        """
        delta = self.delta
        for k, metric in enumerate(self.metric_names):
            d = delta[:, k]
            ok = ~np.isnan(d)
            row: dict[str, Any] = {"metric": metric, "direction": self.directions[k]}
            for name, nominal, values in (
                ("before", self.nominal_before[k], self.before[:, k]),
                ("after", self.nominal_after[k], self.after[:, k]),
                ("delta", self.nominal_after[k] - self.nominal_before[k], d),
            ):
                lo, hi = self._interval(values)
                row.update({name: float(nominal), f"{name}_lo": lo, f"{name}_hi": hi})
            if ok.any():
                s = _signs(d[ok], self.before[ok, k])
                shares = {
                    1: float(np.mean(s == 1)),
                    -1: float(np.mean(s == -1)),
                    0: float(np.mean(s == 0)),
                }
                top = max(shares, key=lambda key: shares[key])
                row.update(
                    share_up=shares[1],
                    share_down=shares[-1],
                    share_none=shares[0],
                    sign={1: "+", -1: "-", 0: "0"}[top],
                    robust=bool(shares[top] >= ROBUST_SHARE),
                )
            else:
                row.update(
                    share_up=math.nan,
                    share_down=math.nan,
                    share_none=math.nan,
                    sign="",
                    robust=None,
                )
            yield row

    def row(self, metric: str) -> dict[str, Any]:
        """The :meth:`rows` entry of one metric."""
        for r in self.rows():
            if r["metric"] == metric:
                return r
        from govsim.errors import unknown_name

        raise unknown_name("metric", metric, self.metric_names)

    def sign_text(self, row: Mapping[str, Any]) -> str:
        """``+ robust (100%)``, ``0 robust (100%)``, ``- not robust (+ 40%, - 60%)``, ``n/a``."""
        if row["robust"] is None:
            return "n/a"
        share = {"+": row["share_up"], "-": row["share_down"], "0": row["share_none"]}
        if row["robust"]:
            return f"{row['sign']} robust ({share[row['sign']]:.0%})"
        parts = ", ".join(f"{k} {v:.0%}" for k, v in share.items() if v > 0)
        return f"not robust ({parts})"

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Headers and cells of the comparison table with intervals."""
        lo, hi = self.quantiles
        span = f"[{lo:.0%}, {hi:.0%}]"
        head = [
            "metric",
            f"before {span}",
            f"after {span}",
            f"delta {span}",
            "sign of delta",
            "better if",
        ]
        body = []
        for r in self.rows():
            cells = [r["metric"]]
            for name in ("before", "after", "delta"):
                value = _fmt(r[name])
                if name == "delta" and not math.isnan(r[name]) and r[name] > 0:
                    value = "+" + value
                cells.append(f"{value} [{_fmt(r[name + '_lo'])}, {_fmt(r[name + '_hi'])}]")
            cells += [self.sign_text(r), r["direction"]]
            body.append(cells)
        return head, body

    def to_markdown(self) -> str:
        """The table with intervals as Markdown, then the inputs and their reasons."""
        head, body = self.table()
        lines = [
            "| " + " | ".join(head) + " |",
            "| --- | ---: | ---: | ---: | --- | --- |",
            *("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body),
            "",
            self.note(),
            "",
            "Uncertain inputs:",
            "",
            *(f"- `{u.path}` ({_describe(u)}): {u.reason}" for u in self.inputs),
        ]
        return "\n".join(lines)

    def note(self) -> str:
        """How to read the table, in one paragraph."""
        lo, hi = self.quantiles
        return (
            f"{self.n} draws of {len(self.inputs)} uncertain inputs. Each value is the scenario "
            f"as written; the brackets hold the {lo:.0%}-{hi:.0%} range over the draws. The sign "
            f"of a delta is robust when at least {ROBUST_SHARE:.0%} of the draws give it the same "
            "sign (+, - or no change 0)."
        )

    def to_records(self) -> list[dict[str, Any]]:
        """The rows with NaN as None (JSON null)."""
        return [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in self.rows()
        ]

    def to_json(self, **kwargs: Any) -> str:
        """``{"scenario", "n", "quantiles", "robust_share", "inputs", "rows"}`` as strict JSON."""
        doc = {
            "scenario": self.scenario_name,
            "n": self.n,
            "quantiles": list(self.quantiles),
            "robust_share": ROBUST_SHARE,
            "inputs": [u.model_dump(exclude_none=True) for u in self.inputs],
            "rows": self.to_records(),
        }
        return json.dumps(doc, allow_nan=False, **kwargs)

    def to_pandas(self) -> Any:
        """The rows as a DataFrame indexed by metric (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(list(self.rows())).set_index("metric")

    def draws_to_pandas(self) -> Any:
        """One row per draw: the input values, then ``before:``/``after:``/``delta:`` per metric."""
        import pandas as pd

        inputs = pd.DataFrame(list(self.samples), columns=[u.name for u in self.inputs])
        columns: dict[str, NDArray[np.float64]] = {}
        for k, m in enumerate(self.metric_names):
            columns[f"before:{m}"] = self.before[:, k]
            columns[f"after:{m}"] = self.after[:, k]
            columns[f"delta:{m}"] = self.delta[:, k]
        return pd.concat([inputs, pd.DataFrame(columns)], axis=1)

    def __str__(self) -> str:
        head, body = self.table()
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        lines = [f"{self.scenario_name}: {self.n} draws"]
        lines += [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in [head, *body]
        ]
        return "\n".join([*lines, self.note()])


def _describe(u: Uncertain) -> str:
    d = u.distribution
    if d == "uniform":
        return f"uniform {u.low:g}-{u.high:g}"
    if d == "triangular":
        return f"triangular {u.low:g}-{u.high:g}, mode {u.mode:g}"
    if d == "normal":
        return f"normal {u.mean:g} ± {u.sd:g} in [{u.low:g}, {u.high:g}]"
    if d == "choice":
        return "one of " + ", ".join(map(str, u.values or ()))
    return f"{u.on} with p = {u.p:g}, else {u.off}"

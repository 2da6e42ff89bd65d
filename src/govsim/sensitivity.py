"""Global sensitivity analysis of a scenario's declared assumptions (SALib).

Which of a scenario's uncertain inputs (its ``[[uncertain]]`` tables, see
:mod:`govsim.uncertainty`) move each metric's delta, and by how much? Two methods,
both SALib's own samplers and analyzers [1]_:

- ``morris``: elementary effects screening [2]_ (``n`` trajectories of ``k + 1``
  runs on a grid of 4 levels). ``mu_star``, the mean absolute elementary effect,
  ranks the inputs; ``sigma`` says how much that effect depends on the other inputs
  (interactions, non-linearity). An effect is the change of the output per unit of
  the input's quantile, over steps of ``2/3`` of its range: flipping a 50/50 switch
  shows as 1.5 times its effect, and a linear input's ``mu_star`` is its full-range
  effect.
- ``sobol``: variance-based indices [3]_ (Saltelli's scheme, ``n * (k + 2)`` runs,
  ``n`` a power of two). ``S1`` is the share of the output's variance an input
  explains alone; ``ST`` the share it takes part in, interactions included.

The inputs are sampled in the unit hypercube and mapped to their distributions
through the quantile function of each declaration (:meth:`Uncertain.ppf`), so
discrete switches and truncated normals take part as any range does. Samples are
drawn and analysed in the calling process from ``seed``; the model runs go through
:func:`govsim.ensemble.sweep` (in-process, process pool or Dask), whose results are
placed by index, so the indices are the same numbers on any executor. The stochastic
metrics keep their fixed default seeds, so the indices measure the declared inputs
alone.

The same code path runs any picklable model ``model(values) -> {output: float}``
(:func:`analyze`); :class:`Ishigami` is the check with known indices.

References
----------
.. [1] Herman, J. and Usher, W. (2017). SALib: an open-source Python library for
   sensitivity analysis. *Journal of Open Source Software* 2(9):97.
   Iwanaga, T., Usher, W. and Herman, J. (2022). *Socio-Environmental Systems
   Modelling* 4:18155.
.. [2] Morris, M. D. (1991). Factorial sampling plans for preliminary computational
   experiments. *Technometrics* 33(2):161-174; Campolongo, F., Cariboni, J. and
   Saltelli, A. (2007). *Environmental Modelling & Software* 22:1509-1518 (``mu_star``).
.. [3] Sobol', I. M. (2001). *Mathematics and Computers in Simulation* 55:271-280;
   Saltelli, A. et al. (2010). *Computer Physics Communications* 181:259-270.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim._uncertain import Uncertain, Value, check_names
from govsim._validation import check_int, param_error
from govsim.errors import ValidationError, unknown_name
from govsim.uncertainty import Job, evaluate_draw, prepare

__all__ = [
    "MAX_RUNS",
    "METHODS",
    "Ishigami",
    "ScenarioModel",
    "SensitivityResult",
    "analyze",
    "run",
]

#: The methods, by name.
METHODS = ("morris", "sobol")

#: Most model runs of one analysis: 1,000,000 (Sobol' at n = 2^14 with 60 inputs).
#: Checked before any run, so a typo in ``--n`` fails at once.
MAX_RUNS = 1_000_000

#: Default ``n``: Morris trajectories, Sobol' base samples.
DEFAULT_N = {"morris": 20, "sobol": 256}

#: Grid levels of the Morris design.
MORRIS_LEVELS = 4

#: Outputs of a scenario model: the metric's delta, or its value before or after.
OUTPUTS = ("delta", "before", "after")


# -- models -------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ScenarioModel:
    """A scenario as a model: input values -> every metric's delta (or before / after value).

    Picklable (a process pool or Dask worker runs it); the polities of repeated
    structural values are cached per worker (:mod:`govsim.uncertainty`).
    """

    job: Job
    output: str = "delta"

    def structure_key(self, values: Sequence[Value]) -> tuple[str, ...]:
        """Runs with equal keys give the same polities (:meth:`Job.structure_key`)."""
        return self.job.structure_key(values)

    def __call__(self, values: Sequence[Value]) -> dict[str, float]:
        draw = evaluate_draw(self.job, values, None)
        out: dict[str, float] = {}
        for key, value in draw.items():
            side, metric = key.split(":", 1)
            if self.output == "delta":
                if side == "after":
                    out[metric] = value - draw[f"before:{metric}"]
            elif side == self.output:
                out[metric] = value
        return out


@dataclass(frozen=True)
class Ishigami:
    """The Ishigami function, a check with known Sobol' indices.

    ``f = sin x1 + a sin^2 x2 + b x3^4 sin x1``, each ``x_i`` uniform on
    ``[-pi, pi]`` (Ishigami & Homma 1990, *Proc. ISUMA '90*, 398-403). With
    ``a = 7``, ``b = 0.1``: ``V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2``,
    ``S1 = (0.3139, 0.4424, 0)`` and ``ST = (0.5576, 0.4424, 0.2437)``
    (Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, Wiley, 2.9).

    Examples
    --------
    >>> f = Ishigami()
    >>> round(f([1.0, 2.0, 3.0])["ishigami"], 4)
    13.4451
    >>> [round(x, 4) for x in f.exact()["S1"]]
    [0.3139, 0.4424, 0.0]
    """

    a: float = 7.0
    b: float = 0.1

    def inputs(self) -> tuple[Uncertain, ...]:
        """The three inputs, uniform on ``[-pi, pi]``."""
        return tuple(
            Uncertain(
                path=f"x{i}",
                distribution="uniform",
                low=-math.pi,
                high=math.pi,
                reason="the Ishigami test function",
            )
            for i in (1, 2, 3)
        )

    def __call__(self, values: Sequence[Value]) -> dict[str, float]:
        x1, x2, x3 = (float(v) for v in values)  # type: ignore[arg-type]
        f = math.sin(x1) + self.a * math.sin(x2) ** 2 + self.b * x3**4 * math.sin(x1)
        return {"ishigami": f}

    def exact(self) -> dict[str, list[float]]:
        """The analytic indices ``S1`` and ``ST`` (Saltelli et al. 2008)."""
        a, b, pi = self.a, self.b, math.pi
        v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
        v2 = a**2 / 8
        v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
        v = v1 + v2 + v13
        return {"S1": [v1 / v, v2 / v, 0.0], "ST": [(v1 + v13) / v, v2 / v, v13 / v]}


def _task(
    variant: tuple[Callable[[Sequence[Value]], Mapping[str, float]], tuple[Value, ...]], seed: Any
) -> Mapping[str, float]:
    """One run of the model, for :func:`govsim.ensemble.sweep` (module level: picklable)."""
    model, values = variant
    return model(values)


# -- the analysis -------------------------------------------------------------------------------


def _problem(inputs: Sequence[Uncertain]) -> dict[str, Any]:
    names = [f"x{i}" for i in range(len(inputs))]  # SALib's own names; ours may repeat text
    return {"num_vars": len(inputs), "names": names, "bounds": [[0.0, 1.0]] * len(inputs)}


def _samples(method: str, problem: dict[str, Any], n: int, seed: int) -> NDArray[np.float64]:
    if method == "morris":
        from SALib.sample import morris

        return np.asarray(morris.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed))
    from SALib.sample import sobol

    if n & (n - 1):
        raise param_error("n", "govsim.sensitivity (sobol)", "a power of two (Sobol' balance)", n)
    return np.asarray(sobol.sample(problem, n, calc_second_order=False, seed=seed))


def analyze(
    model: Callable[[Sequence[Value]], Mapping[str, float]],
    inputs: Sequence[Uncertain],
    *,
    method: str = "morris",
    n: int | None = None,
    seed: int = 0,
    executor: Executor | None = None,
    progress: bool = True,
    label: str = "model",
) -> SensitivityResult:
    """Global sensitivity of a model's outputs to its inputs, with SALib, on any executor.

    Parameters
    ----------
    model : callable
        ``model(values) -> {output: float}``, ``values`` one per input; picklable
        for a process pool or Dask (a module-level class or function).
    inputs : sequence of Uncertain
        The inputs and their distributions.
    method : {"morris", "sobol"}
    n : int, optional
        Morris trajectories (default 20) or Sobol' base samples (a power of two,
        default 256). The runs are ``n (k + 1)`` and ``n (k + 2)``, at most
        :data:`MAX_RUNS`.
    seed : int
        Seed of SALib's sampler and of its bootstrap confidence intervals.
    executor : concurrent.futures.Executor, optional
        Where the runs go (:func:`govsim.ensemble.sweep`).
    progress : bool
        The sweep's progress bar on a terminal.
    label : str
        What the model is, for reports.

    Returns
    -------
    SensitivityResult

    Raises
    ------
    govsim.ValidationError
        For an unknown method, a bad ``n`` or seed, too many runs, or a run that
        failed (naming the input values).

    Examples
    --------
    >>> f = Ishigami()
    >>> res = analyze(f, f.inputs(), method="morris", n=10, seed=1, progress=False)
    >>> res.ranking("ishigami")[0]
    'x1'
    """
    from govsim.ensemble import sweep

    if method not in METHODS:
        raise unknown_name("method", method, METHODS)
    seed = check_int(seed, "seed", "govsim.sensitivity", low=0, high=2**32 - 1)
    inputs = tuple(inputs)
    k = len(inputs)
    if k == 0:
        raise ValidationError("govsim.sensitivity needs at least one uncertain input.")
    for i, u in enumerate(inputs):
        if not isinstance(u, Uncertain):
            raise param_error(f"inputs[{i}]", "govsim.sensitivity", "an Uncertain", u)
    try:
        check_names(inputs)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    n = DEFAULT_N[method] if n is None else n
    n = check_int(n, "n", "govsim.sensitivity", low=2 if method == "morris" else 1, high=MAX_RUNS)
    runs = n * (k + 1 if method == "morris" else k + 2)
    if runs > MAX_RUNS:
        raise param_error(
            "n", "govsim.sensitivity", f"at most {MAX_RUNS:,} runs (MAX_RUNS)", f"{runs:,} runs"
        )
    problem = _problem(inputs)
    unit = _samples(method, problem, n, seed)
    columns = [u.ppf(unit[:, j]) for j, u in enumerate(inputs)]
    rows = [tuple(col[i] for col in columns) for i in range(unit.shape[0])]
    # runs with the same polities travel together (a worker builds each once); the order
    # depends on the samples alone, so the numbers do not depend on the executor
    key = getattr(model, "structure_key", None)
    order = list(range(len(rows)))
    if callable(key):
        order.sort(key=lambda i: (key(rows[i]), i))
    variants = {str(i): (model, rows[i]) for i in order}
    result = sweep(_task, variants, executor=executor, progress=progress, seed=0)
    if result.failures:
        first = result.failures[0]
        run_index = order[first.variant]
        names = [u.name for u in inputs]
        raise ValidationError(
            f"{len(result.failures)} of {len(rows)} sensitivity runs failed; run {run_index} "
            f"({dict(zip(names, rows[run_index], strict=True))}): {first.error}"
        )
    y = np.empty_like(result.values[:, 0, :])
    y[order] = result.values[:, 0, :]
    indices: dict[str, dict[str, NDArray[np.float64]]] = {}
    notes: dict[str, str] = {}
    for j, output in enumerate(result.metric_names):
        col = y[:, j]
        if np.isnan(col).any():
            notes[output] = "not computed in every run (NaN)"
            continue
        if float(np.ptp(col)) <= 1e-12 * max(1.0, float(np.max(np.abs(col)))):
            notes[output] = "the same in every run: no input moves it"
            zero = np.zeros(k)
            indices[output] = (
                {"mu": zero, "mu_star": zero, "sigma": zero, "mu_star_conf": zero}
                if method == "morris"
                else {"S1": zero, "S1_conf": zero, "ST": zero, "ST_conf": zero}
            )
            continue
        indices[output] = _analyze(method, problem, unit, col, seed)
    return SensitivityResult(
        label=label,
        method=method,
        n=n,
        seed=seed,
        inputs=inputs,
        outputs=tuple(result.metric_names),
        indices=indices,
        notes=notes,
        samples=unit,
        values=y,
    )


def _analyze(
    method: str,
    problem: dict[str, Any],
    unit: NDArray[np.float64],
    y: NDArray[np.float64],
    seed: int,
) -> dict[str, NDArray[np.float64]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an input with no effect divides 0 by 0
        if method == "morris":
            from SALib.analyze import morris

            res = morris.analyze(problem, unit, y, num_levels=MORRIS_LEVELS, seed=seed)
            keys = ("mu", "mu_star", "sigma", "mu_star_conf")
        else:
            from SALib.analyze import sobol

            res = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
    return {key: np.nan_to_num(np.asarray(res[key], dtype=float), nan=0.0) for key in keys}


def run(
    scenario: Any,
    *,
    method: str = "morris",
    n: int | None = None,
    seed: int = 0,
    inputs: Sequence[Uncertain] | None = None,
    date: str | None = None,
    output: str = "delta",
    executor: Executor | None = None,
    progress: bool = True,
) -> SensitivityResult:
    """Global sensitivity of every metric of a scenario to its declared uncertain inputs.

    Parameters
    ----------
    scenario : govsim.scenario.Scenario
        With ``[[uncertain]]`` tables (or give ``inputs``).
    method, n, seed, executor, progress
        As for :func:`analyze`.
    inputs : sequence of Uncertain, optional
        Instead of the scenario's own.
    date : str, optional
        Evaluate at this date.
    output : {"delta", "before", "after"}
        What to analyse per metric: the reform's delta (default) or a side's value.

    Returns
    -------
    SensitivityResult
        Outputs named by metric.

    Examples
    --------
    >>> from govsim.scenario import Scenario
    >>> sc = Scenario.model_validate({
    ...     "name": "toy", "baseline": {"scenario": "synthetic", "params": {"n_offices": 200}},
    ...     "reforms": [{"op": "term_limit", "years": 5, "max_terms": 2}],
    ...     "uncertain": [{"path": "tenure.hazard", "distribution": "uniform", "low": 0.03,
    ...                    "high": 0.1, "reason": "a stated assumption"}]})
    >>> res = run(sc, method="morris", n=4, progress=False)
    >>> res.ranking("tenure.expected_years")
    ['tenure.hazard']
    """
    if output not in OUTPUTS:
        raise unknown_name("output", output, OUTPUTS)
    job = prepare(scenario, inputs, date=date)
    model = ScenarioModel(job, output)
    # fail early, here, on the first corner (a value a reform rejects)
    model(job.values_at(np.zeros((1, len(job.inputs))))[0])
    return analyze(
        model,
        job.inputs,
        method=method,
        n=n,
        seed=seed,
        executor=executor,
        progress=progress,
        label=f"{scenario.name} ({output})",
    )


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """The indices of every output against every input.

    Attributes
    ----------
    label, method : str
    n, seed : int
    inputs : tuple of Uncertain
    outputs : tuple of str
    indices : dict
        output -> index name -> array of one value per input: Morris ``mu``,
        ``mu_star``, ``sigma``, ``mu_star_conf``; Sobol' ``S1``, ``S1_conf``, ``ST``,
        ``ST_conf`` (confidence half-widths at 95%, bootstrap).
    notes : dict
        output -> why it has no (or all-zero) indices.
    samples : ndarray
        SALib's unit-hypercube design.
    values : ndarray, shape (runs, n_outputs)
        The model's outputs per run.
    """

    label: str
    method: str
    n: int
    seed: int
    inputs: tuple[Uncertain, ...]
    outputs: tuple[str, ...]
    indices: dict[str, dict[str, NDArray[np.float64]]]
    notes: dict[str, str]
    samples: NDArray[np.float64]
    values: NDArray[np.float64]

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.inputs)

    @property
    def key(self) -> str:
        """The index that ranks the inputs: ``mu_star`` (Morris) or ``ST`` (Sobol')."""
        return "mu_star" if self.method == "morris" else "ST"

    def ranking(self, output: str) -> list[str]:
        """The inputs that move ``output``, most first (by :attr:`key`; zeros left out)."""
        if output not in self.indices:
            raise unknown_name("output", output, self.indices)
        score = self.indices[output][self.key]
        order = np.argsort(-score, kind="stable")
        return [self.input_names[i] for i in order if score[i] > 0]

    def rows(self) -> Iterator[dict[str, Any]]:
        """One dict per (output, input): ``output``, ``input``, ``rank`` and the indices."""
        for output, idx in self.indices.items():
            score = idx[self.key]
            ranks = np.empty(len(score), dtype=int)
            ranks[np.argsort(-score, kind="stable")] = np.arange(1, len(score) + 1)
            for j, name in enumerate(self.input_names):
                row: dict[str, Any] = {"output": output, "input": name, "rank": int(ranks[j])}
                row.update({key: float(values[j]) for key, values in idx.items()})
                yield row

    def to_pandas(self) -> Any:
        """The rows as a DataFrame indexed by (output, input) (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(list(self.rows())).set_index(["output", "input"])

    def to_records(self) -> list[dict[str, Any]]:
        return list(self.rows())

    def to_markdown(self, top: int = 5) -> str:
        """Per output, its ``top`` inputs with their indices; outputs no input moves listed last."""
        moved = [o for o in self.outputs if o in self.indices and self.ranking(o)]
        cols = ("mu_star", "sigma", "mu") if self.method == "morris" else ("S1", "ST")
        lines = [
            f"{self.method} on {self.label}: n = {self.n}, {self.values.shape[0]} runs, "
            f"{len(self.inputs)} inputs, seed {self.seed}. Inputs ranked by `{self.key}`.",
            "",
            "| output | rank | input | " + " | ".join(cols) + " |",
            "| --- | ---: | --- | " + " | ".join("---:" for _ in cols) + " |",
        ]
        for output in moved:
            idx = self.indices[output]
            names = self.ranking(output)[:top]
            for r, name in enumerate(names, start=1):
                j = self.input_names.index(name)
                cells = [f"{idx[c][j]:.4g}" for c in cols]
                lines.append(
                    f"| {output if r == 1 else ''} | {r} | {name} | " + " | ".join(cells) + " |"
                )
        still = [o for o in self.outputs if o not in moved]
        if still:
            lines += [
                "",
                "Not moved by any input: "
                + ", ".join(f"{o} ({self.notes.get(o, 'zero indices')})" for o in still)
                + ".",
            ]
        return "\n".join(lines)

    def plot(self, output: str, path: str | Path) -> Path:
        """A tornado (Morris ``mu_star`` with ``sigma``) or bar (Sobol' ``S1``, ``ST``) figure."""
        from govsim.report import _pyplot

        plt = _pyplot()
        idx = self.indices[output]
        score = idx[self.key]
        order = np.argsort(score, kind="stable")  # largest at the top
        names = [self.input_names[i] for i in order]
        fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(names) + 1.6))
        y = np.arange(len(names))
        if self.method == "morris":
            ax.barh(y, score[order], xerr=idx["mu_star_conf"][order], color="#4c72b0", label="mu*")
            ax.plot(idx["sigma"][order], y, "o", color="#dd8452", label="sigma")
            ax.set_xlabel(
                "elementary effect (mu*: mean |effect| of moving one input across its range)"
            )
        else:
            h = 0.38
            ax.barh(
                y + h / 2,
                idx["S1"][order],
                h,
                xerr=idx["S1_conf"][order],
                color="#4c72b0",
                label="S1",
            )
            ax.barh(
                y - h / 2,
                idx["ST"][order],
                h,
                xerr=idx["ST_conf"][order],
                color="#dd8452",
                label="ST",
            )
            ax.set_xlabel("Sobol' index (share of variance)")
        ax.set_yticks(y, [n if len(n) <= 48 else n[:45] + "..." for n in names], fontsize=8)
        ax.set_title(f"{output}", fontsize=10)
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out, dpi=110)
        plt.close(fig)
        return out

    def write(self, out_dir: str | Path, *, figures: bool = True) -> list[Path]:
        """Write ``sensitivity.md``, ``sensitivity.json`` and one figure per moved output."""
        import json

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files: list[Path] = []
        text = ["# Sensitivity: " + self.label, "", self.to_markdown(top=len(self.inputs)), ""]
        if figures:
            for output in self.outputs:
                if output in self.indices and self.ranking(output):
                    name = f"sensitivity_{output.replace('.', '_')}.png"
                    files.append(self.plot(output, out / name))
                    text.append(f"![{output}]({name})")
        text += ["", "Inputs:", "", *(f"- `{u.path}`: {u.reason}" for u in self.inputs)]
        md = out / "sensitivity.md"
        md.write_text("\n".join(text) + "\n", encoding="utf-8")
        js = out / "sensitivity.json"
        doc = {
            "label": self.label,
            "method": self.method,
            "n": self.n,
            "seed": self.seed,
            "inputs": [u.model_dump(exclude_none=True) for u in self.inputs],
            "rows": self.to_records(),
            "notes": self.notes,
        }
        js.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n", encoding="utf-8")
        return [md, js, *files]

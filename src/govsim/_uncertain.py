"""Declared uncertain inputs of a scenario: the ``[[uncertain]]`` tables.

This module holds the declaration (:class:`Uncertain`: a path, a distribution and a
reason), the grammar of its paths (:func:`parse_path`) and the checks of the
declarations against a scenario (:func:`check_declarations`), which
:class:`govsim.scenario.Scenario` runs when a file is read. Sampling and running
the scenario under the declared inputs is :mod:`govsim.uncertainty`; global
sensitivity analysis :mod:`govsim.sensitivity`. Users import :class:`Uncertain`
from :mod:`govsim.uncertainty`.

The path grammar and the distributions are documented in :mod:`govsim.uncertainty`.
"""

from __future__ import annotations

import importlib
import inspect
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import ConfigDict, Field, field_validator, model_validator

from govsim.errors import UnknownNameError, ValidationError
from govsim.model.base import GovsimModel
from govsim.model.rows import Bool, Float

__all__ = [
    "DISTRIBUTIONS",
    "MAX_CHOICES",
    "MAX_UNCERTAIN",
    "NULL",
    "ROOTS",
    "Target",
    "Uncertain",
    "check_declarations",
    "check_names",
    "parse_path",
]

#: Most ``[[uncertain]]`` tables of one scenario: 64. Each is a dimension of the
#: sensitivity analysis, whose cost grows with their number (Sobol' needs
#: ``n * (k + 2)`` runs); an assessment that names more assumptions than this
#: should group them.
MAX_UNCERTAIN = 64

#: Most values of a ``choice`` distribution: 1,000 (a seat count or a coding has
#: a handful; longer lists are ranges, written as ``uniform`` with ``integer``).
MAX_CHOICES = 1_000

#: Longest ``path`` and ``reason`` accepted, in characters.
MAX_TEXT = 2_000

#: The string that stands for no value (``None``) in ``values``, ``on`` and ``off``.
NULL = "null"

#: The distributions, by name.
DISTRIBUTIONS = ("uniform", "triangular", "normal", "choice", "bool")

#: The roots of a path bound to a scenario.
ROOTS = ("steps", "reforms", "baseline", "data", "tenure", "vote_model", "metrics")

#: The tables a ``data.`` path reaches, and the field that a bare selector matches.
DATA_TABLES = {"institutions": "id", "territories": "id", "rules": "kind"}

Value = bool | int | float | str | None
_Scalar = bool | int | float | str

_PART = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]*)\]")


def parse_path(path: str) -> tuple[str | int, ...]:
    """Split a path into its parts: names and ``[...]`` selectors.

    A selector that is a whole number is an int; one in double quotes is the text
    inside them; any other is its text, stripped.

    Raises
    ------
    govsim.ValidationError
        If the path is empty or not of the form ``name(.name | [selector])*``.

    Examples
    --------
    >>> parse_path("steps[3].years")
    ('steps', 3, 'years')
    >>> parse_path('metrics["tenure.expected_years"].hazard')
    ('metrics', 'tenure.expected_years', 'hazard')
    """
    if not isinstance(path, str) or not path.strip():
        raise ValidationError(
            f"The 'path' of an uncertain input must be a non-empty string. Got {path!r} instead."
        )
    parts: list[str | int] = []
    pos = 0
    text = path.strip()
    while pos < len(text):
        m = _PART.match(text, pos)
        if m is None or (pos == 0 and not m.group(1)) or (pos > 0 and m.group(0)[0] not in ".["):
            raise ValidationError(
                f"Uncertain input path {path!r}: cannot read it from character {pos + 1} "
                "(expected name(.name | [selector])*, e.g. 'steps[3].years')."
            )
        if m.group(1) is not None:
            parts.append(m.group(1))
        else:
            sel = m.group(2).strip()
            if re.fullmatch(r"\d+", sel):
                parts.append(int(sel))
            elif len(sel) >= 2 and sel[0] == sel[-1] == '"':
                parts.append(sel[1:-1])
            elif sel:
                parts.append(sel)
            else:
                raise ValidationError(f"Uncertain input path {path!r}: an empty selector '[]'.")
        pos = m.end()
    return tuple(parts)


def _finite(value: float | None, name: str) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{name!r} must be a finite number, got {value!r}")


def _null(value: Any) -> Any:
    return None if value == NULL else value


class Uncertain(GovsimModel):
    """One uncertain input: which value (``path``), how it varies, and why.

    Parameters
    ----------
    path : str
        Which input (the grammar is in :mod:`govsim.uncertainty`).
    distribution : {"uniform", "triangular", "normal", "choice", "bool"}
        How it varies.
    low, high : float
        The range (``uniform``, ``triangular``; ``normal`` is truncated to it).
    mode : float
        The peak of a ``triangular`` distribution.
    mean, sd : float
        The ``normal`` distribution before truncation.
    values : list
        The values of a ``choice`` (``"null"`` for no value).
    weights : list of float, optional
        Their relative probabilities (default equal).
    p : float
        The probability of ``on`` for a ``bool``.
    on, off : scalar
        The values of a ``bool`` (default ``true`` / ``false``).
    integer : bool
        Round continuous draws to the nearest integer.
    reason : str
        Why the input is uncertain (required), citing the data's confidence mark.
    label : str, optional
        A short name for tables and figures (default: the path).

    Examples
    --------
    >>> u = Uncertain(path="tenure.hazard", distribution="uniform", low=0.03, high=0.1,
    ...               reason="stated assumption (Svolik 2012 gives no estimate)")
    >>> [round(x, 3) for x in u.ppf([0.0, 0.5, 1.0])]
    [0.03, 0.065, 0.1]
    >>> Uncertain(path="steps[0].enabled", distribution="bool", p=0.5, reason="UNCONFIRMED").ppf([0.2, 0.7])
    [True, False]
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field(max_length=MAX_TEXT, description="Which input; see govsim.uncertainty.")
    distribution: Literal["uniform", "triangular", "normal", "choice", "bool"] = Field(
        description="uniform, triangular, normal (truncated to [low, high]), choice or bool."
    )
    reason: str = Field(
        max_length=MAX_TEXT,
        description="Why the input is uncertain, citing the data's confidence mark (required).",
    )
    label: str | None = Field(default=None, max_length=200, description="Short name for tables.")
    low: Float | None = Field(default=None, description="Lower end of the range.")
    high: Float | None = Field(default=None, description="Upper end of the range.")
    mode: Float | None = Field(default=None, description="Peak of a triangular distribution.")
    mean: Float | None = Field(default=None, description="Mean of the normal before truncation.")
    sd: Float | None = Field(default=None, gt=0, description="Its standard deviation.")
    values: tuple[_Scalar, ...] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_CHOICES,
        description=f"Values of a choice (at most {MAX_CHOICES:,}; 'null' for no value).",
    )
    weights: tuple[Float, ...] | None = Field(
        default=None, max_length=MAX_CHOICES, description="Relative probabilities of the values."
    )
    p: Float | None = Field(default=None, ge=0.0, le=1.0, description="Probability of 'on'.")
    on: _Scalar = Field(default=True, description="Value of a bool when on ('null': no value).")
    off: _Scalar = Field(default=False, description="Value of a bool when off ('null': no value).")
    integer: Bool = Field(default=False, description="Round continuous draws to integers.")

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a reason is required: why is this input uncertain?")
        return value

    @field_validator("path")
    @classmethod
    def _path_readable(cls, value: str) -> str:
        try:
            parse_path(value)
        except ValidationError as exc:
            raise ValueError(str(exc)) from None
        return value.strip()

    @model_validator(mode="after")
    def _parameters_fit(self) -> Uncertain:
        d = self.distribution
        needs = {
            "uniform": ("low", "high"),
            "triangular": ("low", "mode", "high"),
            "normal": ("mean", "sd", "low", "high"),
            "choice": ("values",),
            "bool": ("p",),
        }[d]
        allowed = set(needs) | {"path", "distribution", "reason", "label", "integer"}
        allowed |= {"weights"} if d == "choice" else set()
        allowed |= {"on", "off"} if d == "bool" else set()
        for name in needs:
            if getattr(self, name) is None:
                raise ValueError(
                    f"a {d} distribution needs {', '.join(map(repr, needs))}: {name!r} is missing"
                )
        for name in type(self).model_fields:
            if name not in allowed and name in self.model_fields_set:
                raise ValueError(f"{name!r} does not apply to a {d} distribution")
        for name in ("low", "high", "mode", "mean", "sd"):
            _finite(getattr(self, name), name)
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"'low' must be below 'high', got low={self.low}, high={self.high}")
        if (
            self.mode is not None
            and self.low is not None
            and self.high is not None
            and not (self.low <= self.mode <= self.high)
        ):
            raise ValueError(f"'mode' must lie in [low, high], got {self.mode}")
        if self.integer and d in ("choice", "bool"):
            raise ValueError(f"'integer' applies to continuous distributions, not {d}")
        if self.weights is not None:
            assert self.values is not None
            w = np.asarray(self.weights, dtype=float)
            if len(w) != len(self.values):
                raise ValueError(f"'weights' has {len(w)} entries for {len(self.values)} values")
            if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
                raise ValueError("'weights' must be finite, non-negative and not all zero")
        return self

    # -- the value at a quantile -----------------------------------------------------------

    @property
    def name(self) -> str:
        """The label, or the path."""
        return self.label or self.path

    @property
    def parts(self) -> tuple[str | int, ...]:
        """The path's parts (:func:`parse_path`)."""
        return parse_path(self.path)

    def ppf(self, u: Sequence[float] | NDArray[np.float64]) -> list[Value]:
        """The values at quantiles ``u`` in ``[0, 1]``: the inverse distribution function.

        Notes
        -----
        Uniform: ``low + u (high - low)``. Triangular with ``c = (mode - low) / (high - low)``:
        ``low + sqrt(u c) (high - low)`` for ``u < c``, else ``high - sqrt((1 - u)(1 - c))
        (high - low)``. Normal truncated to ``[a, b]``: ``mean + sd * Phi^-1(Phi(a') + u
        (Phi(b') - Phi(a')))`` with ``a' = (a - mean) / sd`` (reflected when ``a' > 0``,
        so a range in the upper tail keeps its precision). Choice: the value whose
        cumulative weight first exceeds ``u``. Bool: ``on`` if ``u < p``, else ``off``.
        (Devroye 1986, *Non-Uniform Random Variate Generation*, ch. 2.)
        """
        q = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        d = self.distribution
        if d == "choice":
            assert self.values is not None
            w = np.ones(len(self.values)) if self.weights is None else np.asarray(self.weights)
            cum = np.cumsum(w) / w.sum()
            idx = np.minimum(np.searchsorted(cum, q, side="right"), len(self.values) - 1)
            return [_null(self.values[int(i)]) for i in idx]
        if d == "bool":
            assert self.p is not None
            return [_null(self.on) if x < self.p else _null(self.off) for x in q]
        assert self.low is not None
        assert self.high is not None
        lo, hi = self.low, self.high
        if d == "uniform":
            x = lo + q * (hi - lo)
        elif d == "triangular":
            assert self.mode is not None
            c = (self.mode - lo) / (hi - lo)
            x = np.where(
                q < c,
                lo + np.sqrt(q * c) * (hi - lo),
                hi - np.sqrt((1.0 - q) * (1.0 - c)) * (hi - lo),
            )
        else:
            from scipy.special import ndtr, ndtri

            assert self.mean is not None
            assert self.sd is not None
            za, zb = (lo - self.mean) / self.sd, (hi - self.mean) / self.sd
            if za > 0:  # the range lies in the upper tail: reflect, where ndtr keeps digits
                a, b = ndtr(-zb), ndtr(-za)
                z = -ndtri(b - q * (b - a))
            else:
                a, b = ndtr(za), ndtr(zb)
                z = ndtri(a + q * (b - a))
            x = np.clip(self.mean + self.sd * z, lo, hi)
        if self.integer:
            return [int(v) for v in np.rint(x)]
        return [float(v) for v in x]


@dataclass(frozen=True)
class Target:
    """Where a declared input goes, read from its path.

    ``kind`` is ``"step"``, ``"baseline"``, ``"data"``, ``"tenure"``, ``"vote_model"``
    or ``"metric"``; ``step`` the index of the step; ``name`` the parameter, field or
    option; ``selector`` the data table's row selector or the metric's name; ``table``
    the data table; ``index`` the entry of a vote-model list.
    """

    kind: str
    name: str
    step: int | None = None
    table: str | None = None
    selector: str | None = None
    index: int | None = None

    @property
    def structural(self) -> bool:
        """Whether the input changes a polity (steps, baseline, data)."""
        return self.kind in ("step", "baseline", "data")


def _where(i: int, decl: Uncertain) -> str:
    return f"uncertain[{i}] (path {decl.path!r})"


def _bad(i: int, decl: Uncertain, message: str) -> ValueError:
    return ValueError(f"{_where(i, decl)}: {message}")


def _step_index(key: str | int, steps: Sequence[Any], i: int, decl: Uncertain) -> int:
    if isinstance(key, int):
        if not 0 <= key < len(steps):
            raise _bad(i, decl, f"there is no step {key}: the scenario has {len(steps)} steps")
        return key
    if "=" in key:  # field=value pairs: op, date, step, label or a parameter
        pairs = [tuple(x.strip() for x in p.split("=", 1)) for p in key.split(",")]

        def field(s: Any, name: str) -> str:
            value = getattr(s, name, None) if name in ("op", "date", "step", "label") else None
            return str(s.params.get(name) if value is None else value)

        found = [k for k, s in enumerate(steps) if all(field(s, a) == b for a, b in pairs)]
        if len(found) == 1:
            return found[0]
        raise _bad(
            i, decl, f"{len(found)} steps match {key!r}; the selector must match exactly one"
        )
    by_name = [k for k, s in enumerate(steps) if s.step == key]
    by_op = [k for k, s in enumerate(steps) if s.op == key]
    by_label = [k for k, s in enumerate(steps) if s.label == key]
    for found, what in ((by_name, "step name"), (by_op, "op"), (by_label, "label")):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise _bad(
                i,
                decl,
                f"{key!r} is the {what} of steps {found}: give the step a 'step' name or use its index",
            )
    known = ", ".join(sorted({s.step or s.op for s in steps})) or "none"
    raise _bad(i, decl, f"no step has the name, op or label {key!r} (known: {known})")


def _reform_fields(op: str) -> set[str] | None:
    from govsim.reforms import get

    try:
        cls = get(op)
    except (UnknownNameError, KeyError):
        return None  # the step's own check reports the unknown op
    return set(getattr(cls, "model_fields", {}))


def _takes(func: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    if name in params:
        return params[name].kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.POSITIONAL_ONLY,
        )
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _metric_options() -> dict[str, Callable[..., Any]]:
    from govsim.metrics.evaluate import load_metric_modules
    from govsim.metrics.registry import iter_metrics

    load_metric_modules()
    return {m.name: m.func for m in iter_metrics(per_node=False)}


def bind_target(
    i: int, decl: Uncertain, scenario: Any, builders: Mapping[str, tuple[str, str]]
) -> Target:
    """The :class:`Target` of declaration ``i`` in ``scenario``, checked against it.

    ``builders`` is :data:`govsim.scenario.BASELINES`. Raises ``ValueError`` naming the
    declaration (``uncertain[i] (path ...)``) and what is missing.
    """
    parts = decl.parts
    root = parts[0]
    steps = scenario.steps
    if root in ("steps", "reforms"):
        if len(parts) != 3 or not isinstance(parts[2], str):
            raise _bad(i, decl, "a step path is steps[INDEX or KEY].PARAM")
        k = _step_index(parts[1], steps, i, decl)
        param = parts[2]
        if param == "enabled":
            on_off: tuple[Any, ...]
            if decl.distribution == "bool":
                on_off = (decl.on, decl.off)
            else:
                on_off = tuple(decl.values or ())
            if not all(isinstance(v, bool) for v in on_off):
                raise _bad(
                    i, decl, "'enabled' switches a step on or off: its values must be true or false"
                )
            return Target("step", "enabled", step=k)
        fields = _reform_fields(steps[k].op)
        if fields is not None and param not in fields:
            raise _bad(
                i,
                decl,
                f"reform {steps[k].op!r} (step {k}) has no parameter {param!r} "
                f"(known: {', '.join(sorted(fields))})",
            )
        return Target("step", param, step=k)
    if root == "baseline":
        if len(parts) != 3 or parts[1] != "params" or not isinstance(parts[2], str):
            raise _bad(i, decl, "a baseline path is baseline.params.NAME")
        spec = scenario.baseline
        if spec.scenario is None or spec.scenario not in builders:
            raise _bad(i, decl, "only a built-in baseline takes parameters")
        module, func = builders[spec.scenario]
        if module == "govsim.data":
            raise _bad(i, decl, f"the data-file baseline {spec.scenario!r} takes no parameters")
        builder = getattr(importlib.import_module(module), func)
        if not _takes(builder, parts[2]):
            known = ", ".join(inspect.signature(builder).parameters)
            raise _bad(
                i,
                decl,
                f"baseline {spec.scenario!r} takes no parameter {parts[2]!r} (known: {known})",
            )
        return Target("baseline", parts[2])
    if root == "data":
        if (
            len(parts) < 4
            or parts[1] not in DATA_TABLES
            or not all(isinstance(p, str) for p in parts[3:])
        ):
            raise _bad(
                i,
                decl,
                f"a data path is data.TABLE[SELECTOR].FIELD, TABLE one of {', '.join(DATA_TABLES)}",
            )
        return Target(
            "data",
            ".".join(str(p) for p in parts[3:]),
            table=str(parts[1]),
            selector=str(parts[2]),
        )
    if root == "tenure":
        options = _metric_options()
        takers = [
            n for n, f in options.items() if n.startswith("tenure.") and _takes(f, str(parts[-1]))
        ]
        if len(parts) != 2 or not isinstance(parts[1], str) or not takers:
            raise _bad(
                i,
                decl,
                "a tenure path is tenure.PARAM, PARAM a parameter of a tenure.* metric (hazard, reelection, death_share, comeback)",
            )
        return Target("tenure", parts[1])
    if root == "vote_model":
        from govsim.electoral.vote_model import TABLE_FIELDS

        if scenario.vote_model is None:
            raise _bad(i, decl, "the scenario has no [vote_model]")
        if len(parts) not in (2, 3) or parts[1] not in TABLE_FIELDS:
            raise _bad(
                i,
                decl,
                f"a vote-model path is vote_model.FIELD[INDEX], FIELD one of {', '.join(TABLE_FIELDS)}",
            )
        field = str(parts[1])
        current = getattr(scenario.vote_model, field)
        if len(parts) == 3:
            if not isinstance(parts[2], int) or not isinstance(current, tuple):
                raise _bad(i, decl, f"vote_model.{field} is not a list with entry [{parts[2]}]")
            if not 0 <= parts[2] < len(current):
                raise _bad(
                    i, decl, f"vote_model.{field} has {len(current)} entries, no [{parts[2]}]"
                )
            return Target("vote_model", field, index=parts[2])
        return Target("vote_model", field)
    if root == "metrics":
        options = _metric_options()
        if len(parts) != 3 or not isinstance(parts[1], str) or not isinstance(parts[2], str):
            raise _bad(i, decl, "a metric path is metrics[NAME].OPTION")
        if parts[1] not in options:
            raise _bad(i, decl, f"no metric {parts[1]!r} (see 'govsim list metrics')")
        if parts[2] in ("polity", "seed", "vote_model") or not _takes(options[parts[1]], parts[2]):
            raise _bad(i, decl, f"metric {parts[1]!r} takes no option {parts[2]!r}")
        return Target("metric", parts[2], selector=parts[1])
    raise _bad(i, decl, f"unknown root {root!r}; a path starts with one of {', '.join(ROOTS)}")


def check_declarations(
    declared: Sequence[Uncertain], scenario: Any, builders: Mapping[str, tuple[str, str]]
) -> list[Target]:
    """Check every declaration against the scenario; return their targets.

    Raises ``ValueError`` (the scenario reports it as a :class:`~govsim.errors.ValidationError`
    naming the file and ``uncertain[i]``) for an input the scenario does not have, and
    for two declarations of the same input.
    """
    if len(declared) > MAX_UNCERTAIN:
        raise ValueError(
            f"at most {MAX_UNCERTAIN} uncertain inputs (MAX_UNCERTAIN); got {len(declared)}"
        )
    targets: list[Target] = []
    seen: dict[Target, int] = {}
    for i, decl in enumerate(declared):
        target = bind_target(i, decl, scenario, builders)
        if target in seen:
            raise _bad(i, decl, f"the same input as uncertain[{seen[target]}]")
        seen[target] = i
        targets.append(target)
    check_names(declared)
    return targets


def check_names(declared: Sequence[Uncertain]) -> None:
    """Refuse two inputs with the same name (label, or path): tables and rankings name
    the inputs by it."""
    names: dict[str, int] = {}
    for i, decl in enumerate(declared):
        if decl.name in names:
            raise _bad(
                i,
                decl,
                f"the same name {decl.name!r} as uncertain[{names[decl.name]}]; give it another label",
            )
        names[decl.name] = i

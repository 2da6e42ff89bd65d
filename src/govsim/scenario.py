"""Scenario files: a baseline polity, dated reforms, and optional sweep variants.

One format for every scenario, written in TOML (or the same structure in JSON)::

    name = "Kazakhstan 2019-2024"
    baseline = "kazakhstan_2019"        # a built-in scenario, or a polity file path
    seeds = 20                          # optional: replicates per variant (at most MAX_SEEDS)

    [[reforms]]
    op = "direct_election"              # a registered reform name
    date = 2021-07-25                   # optional; `govsim run --date` skips later ones
    offices = { kind = "executive", level = "local" }
    share = 0.31

    [[variants]]                        # optional: what `govsim sweep` varies
    label = "all district akims elected"
    override = { district_akims = { share = 1.0 } }

    [vote_model]                        # optional: the voters of the electoral.* metrics
    label = "Mazhilis 2023 list votes (CEC)"
    source = "Central Election Commission, 19 March 2023"
    names = ["Amanat", "Auyl", "Against all"]
    shares = [3431510, 693938, 248291]
    eligible = [true, true, false]

The file is validated through the pydantic models below (unknown fields are errors)
and each reform's parameters through the reform's own model, so every error names
the file and the field. Nothing from a file is ever evaluated, unpickled or executed:
``baseline`` names a function from a fixed table or a data file, and ``op`` a
registered reform. A boolean is never read as a number (``seeds = true`` here, a
reform's ``years = true`` by the reform's model), and variant labels are unique and
never :data:`AS_WRITTEN`, the label of the scenario without a variant in a sweep.

Steps apply in date order, and steps of the same date in file order: the order of
:class:`govsim.reforms.Timeline` (:func:`govsim.reforms.timeline.in_date_order`). A
step without a date applies at every date and keeps its place after the dated step
written before it (it is ordered as if it had that step's date).

The ``[vote_model]`` table is the scenario's :class:`~govsim.electoral.VoteModel` (its
fields are the model's parameters, read by
:func:`~govsim.electoral.vote_model.vote_model_from_table`; lists at most
:data:`~govsim.electoral.vote_model.MAX_VOTE_MODEL_ENTRIES` long). ``govsim run`` and
the report evaluate the ``electoral.*`` metrics under it; a scenario without one has
them NaN, with the reason, and says so. The vote model applies to every variant.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from govsim._random import MAX_SEEDS
from govsim._uncertain import MAX_UNCERTAIN, Uncertain, check_declarations
from govsim.electoral.vote_model import (
    MAX_VOTE_MODEL_ENTRIES,
    TABLE_FIELDS,
    VoteModel,
    vote_model_from_table,
)
from govsim.errors import GovsimError, UnknownNameError, ValidationError
from govsim.model.rows import Int
from govsim.reforms.timeline import in_date_order

__all__ = [
    "AS_WRITTEN",
    "BASELINES",
    "BASELINE_FILES",
    "DATA_DIR",
    "MAX_PEERS",
    "MAX_SEEDS",
    "BaselineSpec",
    "Peer",
    "ReformStep",
    "Scenario",
    "ScenarioError",
    "Variant",
    "load_scenario",
]

#: The folder of the baseline polity documents shipped with govsim (``govsim/data``).
DATA_DIR = Path(__file__).resolve().parent / "data"

#: Baselines built by Python code: name -> (module, function).
_BUILDERS: dict[str, tuple[str, str]] = {
    "kazakhstan_2019": ("govsim.scenarios", "kazakhstan_2019"),
    "kazakhstan": ("govsim.scenarios", "kazakhstan"),
    "synthetic": ("govsim.scenarios", "synthetic"),
}


def _data_baselines(folder: Path) -> dict[str, Path]:
    """Every ``*.toml`` / ``*.json`` file of ``folder``, by file stem, builders' names left out.

    A polity document in the ordinary format (:func:`govsim.io.load_polity`) dropped
    into :data:`DATA_DIR` is a baseline with no loader code. A stem that a builder
    already takes (``kazakhstan_2019.toml`` is the template the Kazakhstan builder
    expands) stays the builder's.
    """
    try:
        paths = sorted(folder.iterdir())
    except OSError:  # an installation without the data folder: no data baselines
        return {}
    return {
        p.stem: p
        for p in paths
        if p.suffix in (".toml", ".json") and p.is_file() and p.stem not in _BUILDERS
    }


#: Baselines that are polity documents: name (the file stem) -> the file in :data:`DATA_DIR`.
BASELINE_FILES: dict[str, Path] = _data_baselines(DATA_DIR)

#: Built-in baselines: name -> (module, function) for a Python builder, or
#: (``"govsim.data"``, file name) for a polity document of :data:`DATA_DIR`
#: (:data:`BASELINE_FILES`). A fixed table, read once, so a file can only pick one of
#: these, never name arbitrary code.
BASELINES: dict[str, tuple[str, str]] = {
    **_BUILDERS,
    **{name: ("govsim.data", path.name) for name, path in BASELINE_FILES.items()},
}

Scalar = bool | int | float | str | dt.date

#: The label ``govsim sweep`` gives the scenario as written (no variant); a variant
#: may not take it.
AS_WRITTEN = "as written"


class ScenarioError(ValidationError):
    """A scenario file that cannot be read, validated or built.

    The message is one line: ``<file>: <field>: <what is wrong>``. ``path`` and
    ``field`` hold the parts; ``line`` the line number for a syntax error.
    """

    def __init__(
        self, path: str | Path | None, field: str | None, message: str, line: int | None = None
    ) -> None:
        self.path = None if path is None else str(path)
        self.field = field
        self.line = line
        # a path with a NUL or another control character is shown quoted, on one line
        shown = self.path if self.path is None or self.path.isprintable() else repr(self.path)
        parts = [p for p in (shown, field) if p]
        super().__init__(": ".join([*parts, message]))


def _vote_model(value: Any) -> VoteModel:
    """A ``[vote_model]`` table (or a VoteModel built in code) as a VoteModel."""
    if isinstance(value, VoteModel):
        return value
    return vote_model_from_table(value)  # a govsim ValidationError, a ValueError


def _vote_model_table(model: VoteModel) -> dict[str, Any]:
    """A VoteModel as the table that reads back to it (unset fields left out)."""
    out: dict[str, Any] = {}
    for name in TABLE_FIELDS:
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        out[name] = value
    return out


#: The ``vote_model`` field: a table in files, a :class:`~govsim.electoral.VoteModel`
#: once validated.
VoteModelField = Annotated[
    VoteModel,
    PlainValidator(_vote_model),
    PlainSerializer(_vote_model_table, return_type=dict),
    WithJsonSchema(
        {
            "type": "object",
            "description": (
                "The voters of the electoral metrics: the parameters of "
                "govsim.electoral.VoteModel (shares required; per-entry lists of at most "
                f"{MAX_VOTE_MODEL_ENTRIES:,} entries)."
            ),
            "properties": {name: {} for name in TABLE_FIELDS},
            "required": ["shares"],
            "additionalProperties": False,
        }
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BaselineSpec(_Model):
    """Where the baseline polity comes from: a built-in scenario or a polity file.

    In a file, ``baseline = "kazakhstan_2019"`` (a built-in name) or
    ``baseline = "polity.json"`` (a path relative to the scenario file) is short for
    ``[baseline] scenario = ...`` or ``[baseline] path = ...``. Built-in scenarios
    take their parameters from ``params``, e.g.
    ``baseline = { scenario = "synthetic", params = { n_offices = 1000, seed = 1 } }``.
    """

    scenario: str | None = Field(default=None, description="Built-in scenario name.")
    path: str | None = Field(default=None, description="Polity file, relative to the scenario.")
    params: dict[str, Scalar] = Field(
        default_factory=dict, description="Parameters of the built-in scenario."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            # a bare word is a built-in name (so a typo is reported as such); else a path
            looks_like_path = "/" in data or "\\" in data or Path(data).suffix != ""
            return {"path": data} if looks_like_path else {"scenario": data}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> BaselineSpec:
        if (self.scenario is None) == (self.path is None):
            raise ValueError("give exactly one of 'scenario' and 'path'")
        if self.scenario is not None and self.scenario not in BASELINES:
            known = ", ".join(sorted(BASELINES))
            raise ValueError(f"unknown built-in scenario {self.scenario!r} (known: {known})")
        if self.path is not None and self.params:
            raise ValueError("'params' applies to built-in scenarios only")
        if self.path is not None and ("\x00" in self.path or not self.path.strip()):
            raise ValueError(f"not a file name: {self.path!r}")
        return self


class ReformStep(BaseModel):
    """One ``[[reforms]]`` table: ``op``, optional ``date``, ``step`` and ``label``, then
    the reform's parameters.

    The parameters are every other key; they are validated by the reform's own
    model (which forbids unknown fields) when the scenario is built. The reserved
    keys are chosen not to clash with any reform parameter (reforms take ``id``,
    ``name`` and ``source``).
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    op: str = Field(description="Registered reform name, e.g. 'direct_election'.")
    date: dt.date | None = Field(default=None, description="When the reform takes effect.")
    step: str | None = Field(
        default=None, description="Name that variants use to override or drop this step."
    )
    label: str | None = Field(default=None, description="What the step is, for reports.")

    @property
    def params(self) -> dict[str, Any]:
        """The reform's parameters (every key but the reserved ones)."""
        return dict(self.model_extra or {})

    @property
    def key(self) -> str:
        """``step`` if given, else ``op``."""
        return self.step or self.op


class Variant(_Model):
    """One ``[[variants]]`` table: a named change of the scenario for a sweep.

    ``override`` maps a reform step (its ``step`` name, or its ``op`` when that is unique)
    to parameter values that replace the file's; ``drop`` lists steps to skip;
    ``add`` appends reforms; ``date`` evaluates the variant at that date.
    """

    label: str
    date: dt.date | None = None
    override: dict[str, dict[str, Any]] = Field(default_factory=dict)
    drop: tuple[str, ...] = ()
    add: tuple[ReformStep, ...] = ()


#: Most ``[[peers]]`` of one scenario file: 62, so that with its own baseline and reformed
#: polity a comparison holds at most govsim.metrics.compare_many.MAX_POLITIES = 64 columns.
MAX_PEERS = 62


class Peer(_Model):
    """One ``[[peers]]`` table: a polity set beside the scenario's own, side by side.

    ``baseline`` names a baseline (built-in or data file); ``scenario`` a scenario file
    (relative to this one), taken ``after`` its reforms up to ``date`` (the default) or
    ``before`` them, in one of its ``variant`` s, with its vote model. ``govsim run`` shows
    the peers beside the baseline and the reformed polity (govsim.compare_many).
    """

    label: str = Field(min_length=1, max_length=200)
    baseline: str | None = None
    scenario: str | None = Field(default=None, max_length=4096)
    stage: Literal["before", "after"] = "after"
    date: dt.date | None = None
    variant: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Peer:
        if (self.baseline is None) == (self.scenario is None):
            raise ValueError("give exactly one of 'baseline' (a name) and 'scenario' (a file)")
        if self.baseline is not None and (
            self.date is not None or self.variant is not None or self.stage != "after"
        ):
            raise ValueError("'date', 'variant' and 'stage' need a 'scenario' file")
        return self


class Scenario(_Model):
    """A scenario: a baseline polity and the reforms applied to it.

    Build one with :func:`load_scenario` (from a file) or directly
    (``Scenario(name=..., baseline="kazakhstan_2019", reforms=[...])``).

    Examples
    --------
    >>> sc = Scenario.model_validate(
    ...     {"name": "demo", "baseline": "synthetic", "reforms": [{"op": "term_limit", "years": 7}]}
    ... )
    >>> sc.baseline.scenario, sc.steps[0].op, sc.steps[0].params
    ('synthetic', 'term_limit', {'years': 7})
    >>> sorted(Scenario.model_json_schema()["properties"])[:3]
    ['baseline', 'description', 'name']
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, title="govsim scenario"
    )

    name: str
    description: str | None = None
    baseline: BaselineSpec
    steps: tuple[ReformStep, ...] = Field(default=(), alias="reforms")
    variants: tuple[Variant, ...] = ()
    seeds: Int | None = Field(
        default=None,
        ge=1,
        json_schema_extra={"maximum": MAX_SEEDS},
        description=f"Replicates per variant (at most {MAX_SEEDS:,}).",
    )
    seed: Int | None = Field(
        default=None, ge=0, description="Root seed of the replicates (default 0 in a sweep)."
    )
    vote_model: VoteModelField | None = Field(
        default=None,
        description="The voters of the electoral.* metrics (none: they are not computed).",
    )

    uncertain: tuple[Uncertain, ...] = Field(
        default=(),
        max_length=MAX_UNCERTAIN,
        description=(
            "Uncertain inputs: each a path (steps[3].years, baseline.params.NAME, "
            "data.TABLE[ID].FIELD, tenure.PARAM, vote_model.FIELD, metrics[NAME].OPTION), "
            f"a distribution and its reason (at most {MAX_UNCERTAIN}; see govsim.uncertainty)."
        ),
    )

    peers: tuple[Peer, ...] = Field(
        default=(),
        max_length=MAX_PEERS,
        description=(
            "Other polities to set beside this one (a baseline, or a scenario file before or "
            f"after its reforms), each with a label; at most {MAX_PEERS}."
        ),
    )

    _source: Path | None = PrivateAttr(default=None)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """JSON Schema of the scenario format (``govsim schema scenario``), as strict as
        :func:`load_scenario`: see :func:`scenario_json_schema`."""
        return scenario_json_schema(super().model_json_schema(*args, **kwargs))

    @field_validator("seeds")
    @classmethod
    def _seeds_bounded(cls, value: int | None) -> int | None:
        if value is not None and value > MAX_SEEDS:
            raise ValueError(
                f"at most {MAX_SEEDS:,} replicates per variant (govsim.ensemble.MAX_SEEDS); "
                f"got {value:,}"
            )
        return value

    @model_validator(mode="after")
    def _variants_refer_to_steps(self) -> Scenario:
        keys = [s.key for s in self.steps]
        labels: dict[str, int] = {}
        for i, variant in enumerate(self.variants):
            if variant.label == AS_WRITTEN:
                raise ValueError(
                    f"variants[{i}].label: {AS_WRITTEN!r} is reserved for the scenario "
                    "without a variant; choose another label"
                )
            if variant.label in labels:
                raise ValueError(
                    f"variants[{i}].label: duplicate label {variant.label!r} "
                    f"(also variants[{labels[variant.label]}].label); labels must be unique"
                )
            labels[variant.label] = i
            for ref in (*variant.override, *variant.drop):
                if keys.count(ref) == 0:
                    raise ValueError(
                        f"variants[{i}] refers to reform {ref!r}, which is not a step "
                        f"(known: {', '.join(keys) or 'none'})"
                    )
                if keys.count(ref) > 1:
                    raise ValueError(
                        f"variants[{i}] refers to reform {ref!r}, which is ambiguous; "
                        "give the step a 'step' name"
                    )
        return self

    @model_validator(mode="after")
    def _uncertain_inputs_exist(self) -> Scenario:
        # every [[uncertain]] path names something this scenario has (govsim.uncertainty)
        check_declarations(self.uncertain, self, BASELINES)
        return self

    @model_validator(mode="after")
    def _peer_labels_distinct(self) -> Scenario:
        labels = [p.label for p in self.peers]
        for i, label in enumerate(labels):
            if labels.index(label) != i:
                raise ValueError(f"peers[{i}].label: duplicate label {label!r}")
        return self

    # -- where the file lives ------------------------------------------------------------------

    @property
    def source(self) -> Path | None:
        """The file this scenario was loaded from (``None`` if built in code)."""
        return self._source

    def _where(self) -> str | None:
        return None if self._source is None else str(self._source)

    # -- building ------------------------------------------------------------------------------

    def build_peers(self) -> dict[str, tuple[Any, VoteModel | None]]:
        """Build the ``[[peers]]``: label -> (polity, vote model or None), in file order.

        A peer's scenario file is read relative to this one (its own peers are not built).

        Raises
        ------
        ScenarioError
            Naming ``peers[i]`` and what failed (an unknown baseline, a missing file, a
            reform that cannot apply).
        """
        out: dict[str, tuple[Any, VoteModel | None]] = {}
        for i, peer in enumerate(self.peers):
            field = f"peers[{i}]"
            try:
                if peer.baseline is not None:
                    sc = Scenario(name=peer.label, baseline=peer.baseline)
                    out[peer.label] = (sc.build_baseline(), None)
                    continue
                assert peer.scenario is not None
                path = Path(peer.scenario)
                if not path.is_absolute() and self._source is not None:
                    path = self._source.parent / path
                sc = load_scenario(path)
                before, after = sc.run(date=peer.date, variant=peer.variant)
                out[peer.label] = (before if peer.stage == "before" else after, sc.vote_model)
            except GovsimError as exc:
                raise ScenarioError(self._where(), field, str(exc)) from None
            except pydantic.ValidationError as exc:  # an unknown baseline name
                raise ScenarioError(self._where(), field, _first_error(exc)[1]) from None
        return out

    def build_baseline(self) -> Any:
        """Build the baseline polity.

        Returns
        -------
        govsim.Polity

        Raises
        ------
        ScenarioError
            If the polity file is missing or invalid, or the built-in scenario
            rejects its parameters.
        """
        spec = self.baseline
        if spec.path is not None:
            path = self._baseline_path()
            assert path is not None
            if not path.exists():  # a directory or a FIFO gets its own message below
                raise ScenarioError(
                    self._where(), "baseline", f"polity file {str(path)!r} not found"
                )
            load = _require("govsim.io", "load_polity", self._where(), "baseline")
            try:
                return load(path)  # a scenario file as the baseline is an error
            except (GovsimError, ValueError, OSError) as exc:
                # govsim.load already names the file; other errors do not
                message = str(exc) if str(exc).startswith(f"{path}: ") else f"{path}: {exc}"
                raise ScenarioError(self._where(), "baseline", message) from exc
        assert spec.scenario is not None
        if spec.scenario in BASELINE_FILES and BASELINES[spec.scenario][0] == "govsim.data":
            return self._data_baseline(spec.scenario)
        module, func = BASELINES[spec.scenario]
        build = _require(module, func, self._where(), "baseline")
        try:
            return build(**spec.params)
        except TypeError as exc:  # a parameter the builder does not take
            raise ScenarioError(self._where(), "baseline.params", str(exc)) from exc
        except (GovsimError, ValueError) as exc:
            raise ScenarioError(self._where(), "baseline.params", str(exc)) from exc

    def _data_baseline(self, name: str) -> Any:
        """The polity document :data:`BASELINE_FILES` names (it takes no parameters)."""
        if self.baseline.params:
            given = ", ".join(sorted(self.baseline.params))
            raise ScenarioError(
                self._where(),
                "baseline.params",
                f"the data-file baseline {name!r} takes no parameters; got {given}",
            )
        path = BASELINE_FILES[name]
        load = _require("govsim.io", "load_polity", self._where(), "baseline")
        try:
            return load(path)
        except (GovsimError, ValueError, OSError) as exc:
            message = str(exc) if str(exc).startswith(f"{path}: ") else f"{path}: {exc}"
            raise ScenarioError(self._where(), "baseline", message) from exc

    def _baseline_path(self) -> Path | None:
        """The baseline polity file, resolved against the scenario's folder (None if built in)."""
        if self.baseline.path is None:
            return None
        given = Path(self.baseline.path)
        base = self._source.parent if self._source is not None else Path.cwd()
        try:
            return given if given.is_absolute() else (base / given).resolve()
        except (OSError, RuntimeError) as exc:  # a symbolic link loop
            raise ScenarioError(
                self._where(), "baseline", f"cannot resolve {self.baseline.path!r} ({exc})"
            ) from None

    def _steps_for(self, variant: Variant | None) -> list[tuple[str, ReformStep]]:
        """(field, step) pairs of the reforms a variant applies, in file order, every date."""
        out: list[tuple[str, ReformStep]] = []
        idx = None if variant is None else self.variants.index(variant)
        for i, step in enumerate(self.steps):
            field = f"reforms[{i}]"
            if variant is not None:
                if step.key in variant.drop:
                    continue
                if step.key in variant.override:
                    merged = {**step.model_dump(exclude_none=True), **variant.override[step.key]}
                    step = ReformStep.model_validate(merged)
                    # a bad parameter may come from the variant: name the override
                    field = f"variants[{idx}].override.{step.key}"
            out.append((field, step))
        if variant is not None:
            out += [(f"variants[{idx}].add[{j}]", s) for j, s in enumerate(variant.add)]
        return out

    def ordered_steps(self, variant: int | str | None = None) -> list[tuple[str, ReformStep]]:
        """(field, step) of every reform of ``variant``, in the order they apply.

        Date order, stable by file position (:func:`govsim.reforms.timeline.in_date_order`,
        the order of :class:`govsim.reforms.Timeline`); a step without a date is ordered
        as if it had the date of the dated step before it in the file (the earliest
        date if there is none), so it stays where it is written. ``field`` names the
        step in the file (``reforms[3]``, ``variants[0].add[1]``).
        """
        steps = self._steps_for(self._variant(variant))
        keys: list[dt.date] = []
        current = dt.date.min
        for _, step in steps:
            current = step.date if step.date is not None else current
            keys.append(current)
        order = in_date_order(range(len(steps)), keys.__getitem__)
        return [steps[i] for i in order]

    def _resolved(
        self, date: dt.date | str | None, variant: int | str | None
    ) -> Iterator[tuple[str, ReformStep, Any]]:
        """(field, step, reform) for each reform in effect at ``date`` in ``variant``."""
        when = _as_date(date, self._where())
        chosen = self._variant(variant)
        if chosen is not None and chosen.date is not None and when is None:
            when = chosen.date
        steps = [
            (field, step)
            for field, step in self.ordered_steps(variant)
            if when is None or step.date is None or step.date <= when
        ]
        if not steps:  # a bare baseline needs no reforms registry
            return
        get = _registry_get(self._where())
        for field, step in steps:
            yield field, step, _build_reform(get, step, field, self._where())

    def reforms(
        self, date: dt.date | str | None = None, variant: int | str | None = None
    ) -> list[Any]:
        """Build the reform objects, in the order they apply, through the reforms registry.

        Parameters
        ----------
        date : date or ISO string, optional
            Keep only reforms without a date or dated on or before ``date``.
        variant : int or str, optional
            Index or label of a ``[[variants]]`` entry whose changes to apply (its
            own ``date`` is used when ``date`` is not given).

        Returns
        -------
        list
            Reform objects with ``apply(polity)``.

        Raises
        ------
        ScenarioError
            Naming the step's field: an unknown ``op`` (listing the known ones) or
            parameters the reform's model rejects.
        """
        return [reform for _, _, reform in self._resolved(date, variant)]

    def run(
        self,
        date: dt.date | str | None = None,
        variant: int | str | None = None,
        *,
        baseline: Any = None,
    ) -> tuple[Any, Any]:
        """Build the baseline and apply, in date order, the reforms in effect at ``date``.

        Parameters
        ----------
        date : date or ISO string, optional
            Apply only reforms without a date or dated on or before ``date``.
        variant : int or str, optional
            Index or label of a ``[[variants]]`` entry.
        baseline : govsim.Polity, optional
            A baseline already built by :meth:`build_baseline` (sweeps build it once).

        Returns
        -------
        (before, after) : tuple of govsim.Polity
            The baseline and the reformed polity.

        Raises
        ------
        ScenarioError
            For a bad baseline or reform step, or a reform that cannot apply to the
            polity (the message names the step).
        """
        before = self.build_baseline() if baseline is None else baseline
        after = before
        last: dt.date | None = None
        for field, step, reform in self._resolved(date, variant):
            try:
                after = reform.apply(after)
            except (GovsimError, pydantic.ValidationError, ValueError, OverflowError) as exc:
                # the reform's message names its parameter; put the file and step in front
                where = f"{field} (op {step.op!r}" + (
                    f", step {step.step!r})" if step.step else ")"
                )
                raise ScenarioError(self._where(), where, _message(exc)) from exc
            last = (
                step.date if step.date is not None and (last is None or step.date > last) else last
            )
        if after is not before and hasattr(after, "with_metadata"):
            # name the result after the scenario, so reports and figures tell the two apart
            when = _as_date(date, self._where())
            label = self.name + (f" at {when.isoformat()}" if when else "")
            if variant is not None:
                label += f" ({self._variant(variant).label})"  # type: ignore[union-attr]
            after = after.with_metadata(name=label, year=None if last is None else last.year)
        return before, after

    def dates(self) -> list[dt.date]:
        """The distinct reform dates, sorted (the points of the scenario's timeline)."""
        return sorted({s.date for s in self.steps if s.date is not None})

    def _variant(self, variant: int | str | None) -> Variant | None:
        if variant is None:
            return None
        if isinstance(variant, int) and not isinstance(variant, bool):
            if 0 <= variant < len(self.variants):
                return self.variants[variant]
        else:
            for v in self.variants:
                if v.label == variant:
                    return v
        labels = ", ".join(repr(v.label) for v in self.variants) or "none"
        raise ScenarioError(self._where(), "variants", f"no variant {variant!r} (known: {labels})")


# -- the JSON Schema ---------------------------------------------------------------------------


def scenario_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Complete pydantic's schema of :class:`Scenario` from the registries.

    ``reforms`` (and a variant's ``add``) is a union discriminated by ``op``, one
    branch per registered reform with its own fields
    (:func:`govsim.model.document.reform_steps_schema`); a variant's ``override``
    takes only parameter names some reform has; ``baseline`` is a built-in name
    (:data:`BASELINES`), a path (a string with ``/``, ``\\`` or a suffix) or the
    table; no object takes a key its model does not know
    (:func:`govsim.model.document.strict_json_schema`). Built from the registries at
    each call, so new reforms and baselines appear with no edit.
    """
    from govsim.model.document import (
        JSON_SCHEMA_DIALECT,
        reform_steps_schema,
        strict_json_schema,
        with_shorthand,
    )
    from govsim.reforms import REGISTRY

    defs: dict[str, Any] = schema.setdefault("$defs", {})
    defs["ReformStep"] = reform_steps_schema(REGISTRY, defs)
    params = sorted(
        {k for n, d in defs.items() if n.startswith("ReformStep.") for k in d["properties"]}
        - {"op"}
    )
    override = defs.get("Variant", {}).get("properties", {}).get("override")
    if override is not None:
        override["additionalProperties"] = {
            "type": "object",
            "propertyNames": {"enum": params},
            "description": "Parameters of the step that replace the file's.",
        }
    _type_vote_model(schema.get("properties", {}).get("vote_model", {}))
    names = sorted(BASELINES)
    spec = defs.get("BaselineSpec")
    if spec is not None and "properties" in spec:
        spec["properties"]["scenario"]["anyOf"] = [{"enum": names}, {"type": "null"}]
        with_shorthand(
            defs,
            "BaselineSpec",
            [
                {"enum": names, "description": "A built-in baseline (govsim list baselines)."},
                {
                    "type": "string",
                    "pattern": r"[/\\.]",
                    "description": "A polity file, relative to the scenario file.",
                },
            ],
        )
    return {"$schema": JSON_SCHEMA_DIALECT, **strict_json_schema(schema)}


def _type_vote_model(field: dict[str, Any]) -> None:
    """Give the ``[vote_model]`` table's keys the types, bounds and descriptions of
    :class:`~govsim.electoral.VoteModel`'s parameters."""
    from govsim.model.document import parameter_docs

    table = next((b for b in field.get("anyOf", []) if b.get("type") == "object"), None)
    if table is None:
        return
    try:
        typed = pydantic.TypeAdapter(VoteModel).json_schema().get("properties", {})
    except (pydantic.PydanticUserError, TypeError, ValueError):  # keep the untyped keys
        return
    described = parameter_docs(VoteModel.__doc__)

    def bounded(schema: dict[str, Any]) -> dict[str, Any]:
        if schema.get("type") == "array":
            schema["maxItems"] = MAX_VOTE_MODEL_ENTRIES
        for branch in schema.get("anyOf", []):
            bounded(branch)
        return schema

    def unknown_allowed(schema: dict[str, Any]) -> dict[str, Any]:
        # TOML has no null: a table writes an unknown member count "unknown"
        # (vote_model_from_table reads it as None)
        for branch in [schema, *schema.get("anyOf", [])]:
            if branch.get("type") == "array":
                branch["items"] = {"anyOf": [branch.get("items", {}), {"const": "unknown"}]}
        return schema

    for name in TABLE_FIELDS:
        if name in typed:
            prop = bounded(dict(typed[name]))
            if name == "registered_members":
                prop = unknown_allowed(prop)
            if name in described:
                prop["description"] = described[name]
            table["properties"][name] = prop


# -- loading -------------------------------------------------------------------------------------


def read_document(path: str | Path) -> dict[str, Any]:
    """Parse a TOML or JSON file into a dict, with one-line errors naming the file and line.

    Parsing is :func:`govsim.io.read_document` (the same reader as polity files);
    this wrapper turns its errors into :class:`ScenarioError` with ``field`` and
    ``line`` set.

    Raises
    ------
    ScenarioError
        Missing file, unknown suffix, a path that is not a readable regular file (a
        directory, a FIFO, a symbolic link loop, a NUL in the name), text that is not
        UTF-8, nests deeper than :data:`govsim.io.MAX_DEPTH` or does not parse (with
        its line).
    """
    from govsim.io import read_document as read

    path = Path(path)
    try:
        return read(path)
    except FileNotFoundError:
        raise ScenarioError(path, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except ValidationError as exc:
        message = str(exc).removeprefix(f"{path}: ").removeprefix(f"{str(path)!r}: ")
        match = re.search(r"\bline (\d+)", message)
        line = int(match.group(1)) if match else None
        raise ScenarioError(path, f"line {line}" if line else None, message, line) from None
    except OSError as exc:
        raise ScenarioError(path, None, f"cannot read file ({exc.strerror})") from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (TOML or JSON).

    Parameters
    ----------
    path : str or Path
        The scenario file. A polity-file baseline is resolved relative to it.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        One-line message naming the file and the field (or line) at fault.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "s.toml").write_text('name = "x"\\nbaseline = "kazakhstan_2019"\\n')
    >>> load_scenario(d / "s.toml").baseline.scenario
    'kazakhstan_2019'
    >>> _ = (d / "bad.toml").write_text('name = "x"\\nbaseline = "kazakhstan_2019"\\ncolour = 1\\n')
    >>> load_scenario(d / "bad.toml")
    Traceback (most recent call last):
    ...
    govsim.scenario.ScenarioError: .../bad.toml: colour: unknown field
    """
    path = Path(path)
    data = read_document(path)
    scenario = validate_scenario(data, path)
    return scenario


def validate_scenario(data: Mapping[str, Any], path: str | Path | None = None) -> Scenario:
    """Validate an already parsed scenario document (see :func:`load_scenario`).

    With ``path``, a baseline that names the scenario file itself is refused here; a
    baseline file that is itself a scenario is refused when the baseline is built
    (:meth:`Scenario.build_baseline`), before any reform.
    """
    try:
        scenario = Scenario.model_validate(data)
    except pydantic.ValidationError as exc:
        field, message = _first_error(exc)
        extra = len(exc.errors()) - 1
        if extra > 0:
            message += f" (and {extra} more error{'s' if extra > 1 else ''})"
        raise ScenarioError(path, field, message) from None
    if path is not None:
        try:
            scenario._source = Path(path).resolve()
        except (OSError, RuntimeError, ValueError) as exc:
            raise ScenarioError(path, None, f"cannot resolve the file name ({exc})") from None
        if scenario._baseline_path() == scenario._source:
            raise ScenarioError(
                path,
                "baseline",
                f"{scenario.baseline.path!r} is this scenario file itself, not a polity file",
            )
    return scenario


# -- helpers -------------------------------------------------------------------------------------


def _first_error(exc: pydantic.ValidationError) -> tuple[str | None, str]:
    err = exc.errors()[0]
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    field = ""
    for part in loc:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    if err["type"] == "extra_forbidden":
        return field or None, "unknown field"
    if err["type"] == "missing":
        return field or None, "missing required field"
    msg = err["msg"]
    msg = msg.removeprefix("Value error, ")
    cause = err.get("ctx", {}).get("error")
    sub, detail = getattr(cause, "field", None), getattr(cause, "detail", None)
    if isinstance(sub, str) and isinstance(detail, str) and field:  # a vote model's own field
        return f"{field}.{sub}", detail
    return field or None, msg


def _as_date(value: dt.date | str | None, where: str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioError(where, "date", f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def _require(module: str, name: str, where: str | None, field: str) -> Any:
    """Import ``module.name``; a missing engine is a clear error, not an ImportError."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise ScenarioError(
            where, field, f"{module}.{name} is not available in this govsim"
        ) from None


def _registry_get(where: str | None) -> Callable[[str], Any]:
    """The reforms registry's lookup (a function, so tests can put a toy registry in)."""
    from govsim.reforms import get

    return get


def _message(exc: BaseException) -> str:
    """One line for an error raised by a reform: pydantic's first error as ``field: msg``."""
    if isinstance(exc, pydantic.ValidationError):
        sub, message = _first_error(exc)
        return f"field {sub!r}: {message}" if sub else message
    return str(exc) or type(exc).__name__


def _build_reform(
    get: Callable[[str], Any], step: ReformStep, field: str, where: str | None
) -> Any:
    try:
        factory = get(step.op)
    except UnknownNameError as exc:
        raise ScenarioError(where, f"{field}.op", str(exc)) from None
    except KeyError:
        raise ScenarioError(where, f"{field}.op", f"unknown reform {step.op!r}") from None
    params = step.params
    try:
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            return factory.model_validate(params)
        if isinstance(factory, BaseModel):  # a registry of prototypes
            return type(factory).model_validate({**factory.model_dump(), **params})
        return factory(**params)
    except pydantic.ValidationError as exc:
        sub, message = _first_error(exc)
        raise ScenarioError(where, f"{field}.{sub}" if sub else field, message) from None
    except ValidationError as exc:
        sub = getattr(exc, "field", None)
        detail = getattr(exc, "detail", None)
        if isinstance(sub, str) and isinstance(detail, str):  # a govsim model's own error
            message = detail.removeprefix(f"field {sub!r}: ")
            raise ScenarioError(where, f"{field}.{sub}", f"{step.op}: {message}") from None
        raise ScenarioError(where, field, f"{step.op}: {exc}") from None
    except (TypeError, GovsimError, ValueError, OverflowError) as exc:
        raise ScenarioError(where, field, f"{step.op}: {exc}") from None

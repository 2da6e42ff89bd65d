"""The file format of a polity: a pydantic document of row models.

``govsim.save`` writes this document as JSON and ``govsim.load`` reads it (JSON or
TOML). Unknown keys anywhere are errors. ``Polity.model_json_schema()`` returns its
JSON Schema for editors.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from typing import Any

import pydantic
from pydantic import ConfigDict, Field

from govsim.errors import ValidationError
from govsim.model.base import GovsimModel, _got, _location
from govsim.model.rows import ElectoralSystem, Institution, Int, Relation, Rule, Territory

__all__ = [
    "FORMAT_VERSION",
    "JSON_SCHEMA_DIALECT",
    "STEP_KEYS",
    "PolityDocument",
    "first_line",
    "reform_steps_schema",
    "strict_json_schema",
    "with_shorthand",
]

#: Version of the polity file format written by :func:`govsim.save`.
FORMAT_VERSION = 1


_SINGULAR = {
    "territories": "territory",
    "institutions": "institution",
    "relations": "relation",
    "electoral_systems": "electoral system",
    "rules": "rule",
}


def _row_name(table: str, row: Any) -> str:
    """How an error names a row of a document: its id, a relation's ends, a system's body."""
    if not isinstance(row, Mapping):
        return ""
    if table == "relations" and "source" in row and "target" in row:
        return f" (relation {row['source']!r} -> {row['target']!r})"
    key = {"electoral_systems": "body", "rules": "kind"}.get(table, "id")
    if key in row:
        return f" ({_SINGULAR.get(table, table)} {row[key]!r})"
    if "name" in row:  # the id itself is what is missing
        return f" ({_SINGULAR.get(table, table)} named {row['name']!r})"
    return ""


class PolityDocument(GovsimModel):
    """A polity as a document: metadata and lists of row models.

    A bad document raises :class:`govsim.ValidationError` naming the field path and,
    for a row, the row's id (``field 'institutions.1.seats' (institution 'p'): ...``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", title="govsim polity")

    format: Int = Field(
        default=FORMAT_VERSION,
        ge=1,
        le=FORMAT_VERSION,
        description="File format version (this govsim reads 1).",
    )
    name: str
    year: Int | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    territories: tuple[Territory, ...] = ()
    institutions: tuple[Institution, ...] = ()
    relations: tuple[Relation, ...] = ()
    electoral_systems: tuple[ElectoralSystem, ...] = ()
    rules: tuple[Rule, ...] = ()

    @classmethod
    def _converted(cls, exc: pydantic.ValidationError, obj: Any) -> ValidationError:
        e = exc.errors()[0]
        loc = list(e.get("loc", ()))
        where = ""
        table = str(loc[0]) if loc else ""
        rows = obj.get(table) if isinstance(obj, Mapping) else None
        if (
            len(loc) >= 2
            and isinstance(loc[1], int)
            and isinstance(rows, list | tuple)
            and 0 <= loc[1] < len(rows)
        ):
            where = _row_name(table, rows[loc[1]])
        field = ".".join(str(x) for x in loc)
        n_more = len(exc.errors()) - 1
        more = f" (and {n_more} more error{'s' if n_more > 1 else ''})" if n_more else ""
        msg = str(e.get("msg")).removeprefix("Value error, ")
        detail = f"field {field!r}{where}: {msg}{_got(e)}{more}"
        err = ValidationError(detail)
        err.model = cls.__name__
        err.field = _location(tuple(loc)) or None
        err.detail = detail
        return err

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """JSON Schema of the polity file format, as strict as :meth:`model_validate`
        (no unknown key anywhere; see :func:`strict_json_schema`)."""
        schema: dict[str, Any] = strict_json_schema(super().model_json_schema(*args, **kwargs))
        return {"$schema": JSON_SCHEMA_DIALECT, **schema}


# -- JSON Schema -----------------------------------------------------------------------------------

#: The JSON Schema dialect of govsim's schemas (pydantic's; the reform union uses the
#: ``if`` / ``then`` of draft 7, kept in 2020-12).
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: pydantic writes the bounds of an optional constrained number (``Int | None`` with
#: ``ge=1``) under its own keyword names, which JSON Schema validators ignore; these
#: are the standard names.
_BOUND_KEYWORDS = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
}

#: Keywords whose value is one subschema / a list of subschemas / a map of subschemas
#: (an ``if`` is a condition on some keys, not the shape of the object: left as it is).
_ONE_SCHEMA = ("items", "not", "then", "else", "contains", "propertyNames")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "$defs", "patternProperties")


def strict_json_schema(schema: Any) -> Any:
    """``schema`` made as strict as the validators that read the files.

    Every object schema with ``properties`` and no ``additionalProperties`` gets
    ``additionalProperties: false`` (every govsim model forbids unknown keys, so a
    typo is an error in an editor too), and pydantic's ``ge`` / ``le`` / ``gt`` /
    ``lt`` become ``minimum`` / ``maximum`` / ``exclusiveMinimum`` /
    ``exclusiveMaximum``. Works in place on the dicts and returns ``schema``.

    Examples
    --------
    >>> strict_json_schema({"properties": {"n": {"anyOf": [{"type": "integer", "ge": 1}]}}})
    {'properties': {'n': {'anyOf': [{'type': 'integer', 'minimum': 1}]}}, 'additionalProperties': False}
    """
    if not isinstance(schema, dict):
        return schema
    for old, new in _BOUND_KEYWORDS.items():
        if old in schema and "type" in schema and new not in schema:
            schema[new] = schema.pop(old)
    if "properties" in schema and "additionalProperties" not in schema:
        schema["additionalProperties"] = False
    for key in _ONE_SCHEMA:
        strict_json_schema(schema.get(key))
    if isinstance(schema.get("additionalProperties"), dict):
        strict_json_schema(schema["additionalProperties"])
    for key in _SCHEMA_LISTS:
        for sub in schema.get(key) or ():
            strict_json_schema(sub)
    for key in _SCHEMA_MAPS:
        for sub in (schema.get(key) or {}).values():
            strict_json_schema(sub)
    return schema


def first_line(doc: str | None) -> str:
    """The first line of a docstring (``""`` for none)."""
    return (doc or "").strip().split("\n", 1)[0].strip()


_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)\.\s+(?=[A-Z`(])")


def parameter_docs(doc: str | None) -> dict[str, str]:
    r"""The first sentence of each entry of a numpydoc ``Parameters`` section, by name.

    Examples
    --------
    >>> parameter_docs("X.\n\nParameters\n----------\nyears, terms : int\n    How long. More.\n")
    {'years': 'How long.', 'terms': 'How long.'}
    """
    lines = inspect.cleandoc(doc or "").splitlines()
    out: dict[str, str] = {}
    try:
        start = next(i for i, ln in enumerate(lines[:-1]) if ln.strip() == "Parameters") + 2
    except StopIteration:
        return out
    names: list[str] = []
    text: list[str] = []

    def flush() -> None:
        sentence = " ".join(text).strip()
        # the first sentence: a full stop before a capital (not the one of "e.g. x")
        sentence = (
            _SENTENCE_END.split(sentence, maxsplit=1)[0].rstrip(".") + "." if sentence else ""
        )
        for n in names:
            if sentence:
                out[n] = sentence

    for line in lines[start:]:
        if line and not line.startswith(" "):
            if set(line.strip()) <= {"-"}:  # the next section's underline
                text = text[:-1] if text else text
                break
            flush()
            names = [n.strip() for n in line.split(":", 1)[0].split(",") if n.strip()]
            text = []
        elif line.strip():
            text.append(line.strip())
        elif names and text:
            flush()
            names, text = [], []
    flush()
    return out


def _one_or_many(schema: dict[str, Any]) -> None:
    """Where a property takes a list of ``X`` (``anyOf: [array of X, null]``), let it take
    one ``X`` too (a selector criterion written as one string)."""
    for prop in (schema.get("properties") or {}).values():
        branches = prop.get("anyOf")
        if not isinstance(branches, list):
            continue
        items = [b["items"] for b in branches if b.get("type") == "array" and "items" in b]
        prop["anyOf"] = [*[dict(i) for i in items], *branches]


def with_shorthand(defs: dict[str, Any], name: str, shorthand: list[dict[str, Any]]) -> None:
    """Let the model ``name`` of ``defs`` also be written in the ``shorthand`` forms."""
    model = defs.get(name)
    if model is None or "anyOf" in model:
        return
    description = model.pop("description", None)
    title = model.pop("title", name)
    defs[name] = {"title": title, "anyOf": [*shorthand, model]}
    if description:
        defs[name]["description"] = description


#: The reserved keys of a ``[[reforms]]`` step, with their schemas (beside the reform's
#: own parameters).
STEP_KEYS: dict[str, dict[str, Any]] = {
    "date": {"type": "string", "format": "date", "description": "When the reform takes effect."},
    "step": {
        "type": "string",
        "description": "Name that variants use to override or drop this step.",
    },
    "label": {"type": "string", "description": "What the step is, for reports."},
}


def reform_steps_schema(
    registry: Mapping[str, type[pydantic.BaseModel]], defs: dict[str, Any]
) -> dict[str, Any]:
    """The schema of a ``[[reforms]]`` step: a union discriminated by ``op``.

    One definition per registered reform (``ReformStep.<op>`` in ``defs``): ``op``
    fixed to the reform's name, the reserved keys (:data:`STEP_KEYS`), and the
    reform's own fields with their types, bounds, defaults and descriptions; the
    first line of the reform's docstring as its description; no other key. The
    union itself (returned) requires ``op`` to be one of the registry's names and,
    per name (``if op == name then ...``), that name's definition, so an editor
    reports an unknown ``op`` and an unknown parameter of a known one, each on its
    own. The models' own definitions (``Selector``, the enums) are added to ``defs``
    and ``Selector`` takes its shorthand forms (an id, a list of ids; one value
    for a one-element list).

    The schema is generated from ``registry`` each time, so a newly registered
    reform appears with no edit here.
    """
    from pydantic.json_schema import models_json_schema

    names = sorted(registry)
    classes = [registry[n] for n in names]
    refs, top = models_json_schema(
        [(cls, "validation") for cls in classes], ref_template="#/$defs/{model}"
    )
    model_defs: dict[str, Any] = dict(top.get("$defs", {}))
    branches: list[dict[str, Any]] = []
    for name, cls in zip(names, classes, strict=True):
        ref = refs[(cls, "validation")]["$ref"].rsplit("/", 1)[-1]
        body = model_defs.pop(ref)
        params = dict(body.get("properties", {}))
        clash = set(params) & ({"op"} | set(STEP_KEYS))
        if clash:  # the scenario format reserves these keys; no reform may take them
            raise ValidationError(
                f"Reform {name!r} has parameters {sorted(clash)} that the scenario "
                "format reserves for the step itself."
            )
        described = parameter_docs(cls.__doc__)
        for key, prop in params.items():
            if key in described and "description" not in prop:
                prop["description"] = described[key]
        step = {
            "title": f"{name} ({cls.__name__})",
            "description": first_line(cls.__doc__),
            "type": "object",
            "properties": {
                "op": {"const": name, "description": "Registered reform name."},
                **STEP_KEYS,
                **params,
            },
            "required": ["op", *body.get("required", [])],
            "additionalProperties": False,
        }
        defs[f"ReformStep.{name}"] = step
        branches.append(
            {
                "if": {"properties": {"op": {"const": name}}, "required": ["op"]},
                "then": {"$ref": f"#/$defs/ReformStep.{name}"},
            }
        )
    for key, sub in model_defs.items():
        defs.setdefault(key, sub)
    if "Selector" in defs and "anyOf" not in defs["Selector"]:
        _one_or_many(defs["Selector"])
        ids = {"type": "string", "minLength": 1, "description": "One institution id."}
        many = {"type": "array", "items": ids, "minItems": 1, "description": "Institution ids."}
        with_shorthand(defs, "Selector", [ids, many])
    return {
        "title": "ReformStep",
        "description": (
            "One [[reforms]] table: op (a registered reform), optional date, step and "
            "label, then the reform's parameters."
        ),
        "type": "object",
        "properties": {
            "op": {"enum": names, "description": "Registered reform name (govsim list reforms)."}
        },
        "required": ["op"],
        # the branch of the step's op forbids every other key
        "additionalProperties": True,
        "allOf": branches,
    }

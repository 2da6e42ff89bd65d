"""The file format of a polity: a pydantic document of row models.

``govsim.save`` writes this document as JSON and ``govsim.load`` reads it (JSON or
TOML). Unknown keys anywhere are errors. ``Polity.model_json_schema()`` returns its
JSON Schema for editors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic
from pydantic import ConfigDict, Field

from govsim.errors import ValidationError
from govsim.model.base import GovsimModel, _got, _location
from govsim.model.rows import ElectoralSystem, Institution, Int, Relation, Rule, Territory

__all__ = ["FORMAT_VERSION", "PolityDocument"]

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

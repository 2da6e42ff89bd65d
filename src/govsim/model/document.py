"""The file format of a polity: a pydantic document of row models.

``govsim.save`` writes this document as JSON and ``govsim.load`` reads it (JSON or
TOML). Unknown keys anywhere are errors. ``Polity.model_json_schema()`` returns its
JSON Schema for editors.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from govsim.model.rows import ElectoralSystem, Institution, Int, Relation, Rule, Territory

__all__ = ["FORMAT_VERSION", "PolityDocument"]

#: Version of the polity file format written by :func:`govsim.save`.
FORMAT_VERSION = 1


class PolityDocument(BaseModel):
    """A polity as a document: metadata and lists of row models."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="govsim polity")

    format: Int = Field(default=FORMAT_VERSION, description="File format version.")
    name: str
    year: Int | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    territories: tuple[Territory, ...] = ()
    institutions: tuple[Institution, ...] = ()
    relations: tuple[Relation, ...] = ()
    electoral_systems: tuple[ElectoralSystem, ...] = ()
    rules: tuple[Rule, ...] = ()

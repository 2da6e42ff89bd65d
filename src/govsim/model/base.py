"""The one base of govsim's pydantic models, and the one converter of pydantic's errors.

Row models, reforms, selectors and dated reforms derive from :class:`GovsimModel`.
Whatever way such a model is built (``Model(...)``, ``Model.model_validate(...)``,
``model_validate_json``, ``model_validate_strings``) or changed (assigning to a
field of a frozen model), a bad value raises :class:`govsim.ValidationError`,
never pydantic's own ``ValidationError``. The message names the model, the field
and the value given, e.g.::

    TermLimit: field 'years': Input should be greater than or equal to 1 (got 0)

and the error carries the parts as attributes: ``model`` (the class name),
``field`` (the dotted path of the first bad field, ``None`` for a whole-model
rule) and ``detail`` (the message without the model's name), so that a caller
such as the scenario loader can put its own file and step in front.

Nested models are validated by pydantic's core in one pass (their constructors
are not called one by one), so a bad field deep inside is reported once, by the
outermost model, with its full path (``Institution: field 'term.years': ...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import pydantic
from pydantic import BaseModel

from govsim.errors import ValidationError

__all__ = ["ID_PATTERN", "GovsimModel", "convert", "pydantic_message"]

#: The pattern of an id (:data:`govsim.model.rows.Id`): no surrounding whitespace,
#: no NUL, no line break.
ID_PATTERN = r"^[^\s\x00]([^\x00\n]*[^\s\x00])?$"

#: How many characters of a bad value a message shows (a 10^5-element list is cut).
_SHOWN = 80


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _location(loc: tuple[Any, ...]) -> str:
    """``('tiers', 0, 'seats')`` -> ``tiers[0].seats`` (pydantic's validator tags dropped)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.startswith("function-"):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _got(error: Mapping[str, Any]) -> str:
    """`` (got ...)`` for a pydantic error, except where the input is the whole row."""
    if error.get("type") in ("missing", "model_type", "model_attributes_type", "dataclass_type"):
        return ""
    if not error.get("loc"):  # a rule on the whole model: the input is the whole model
        return ""
    return f" (got {_show(error.get('input'))})"


def _one(error: Mapping[str, Any]) -> str:
    loc = _location(tuple(error.get("loc", ())))
    msg = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "extra_forbidden":
        msg = "unknown field (Extra inputs are not permitted)"
    elif (
        error.get("type") == "string_pattern_mismatch"
        and (error.get("ctx") or {}).get("pattern") == ID_PATTERN
    ):
        msg = "an id must not be blank, have surrounding whitespace or hold a NUL or line break"
    field = f"field {loc!r}: " if loc else ""
    return f"{field}{msg}{_got(error)}"


def pydantic_message(exc: BaseException) -> str:
    """The first few errors of a pydantic ValidationError on one line, without the model name.

    A govsim error converted by :func:`convert` gives its ``detail``; any other
    exception its text.
    """
    detail = getattr(exc, "detail", None)
    if isinstance(detail, str):
        return detail
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    return "; ".join(_one(e) for e in errors()[:3])


def convert(exc: pydantic.ValidationError, model: str) -> ValidationError:
    """A pydantic ValidationError as a :class:`govsim.ValidationError` naming ``model``.

    The first error is shown with its field path and value; the others are counted.
    """
    errors = exc.errors()
    first: Mapping[str, Any] = errors[0] if errors else {}
    detail = _one(first) if errors else str(exc)
    n_more = len(errors) - 1
    if n_more > 0:
        detail += f" (and {n_more} more error{'s' if n_more > 1 else ''})"
    err = ValidationError(f"{model}: {detail}")
    err.model = model
    err.field = _location(tuple(first.get("loc", ()))) or None
    err.detail = detail
    return err


class GovsimModel(BaseModel):
    """A pydantic model whose validation errors are :class:`govsim.ValidationError`.

    Subclasses set their own ``model_config``; this class only changes the error
    raised by every validating entry point.
    """

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise convert(exc, type(self).__name__) from None

    # Keep pydantic's core validating nested models directly: a custom __init__ would
    # otherwise be called once per nested row (slow for 10^5 rows), and the outermost
    # model reports the error with its full path anyway.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except pydantic.ValidationError as exc:
            raise cls._converted(exc, obj) from None

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except pydantic.ValidationError as exc:
            raise convert(exc, cls.__name__) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_strings(obj, *args, **kwargs)
        except pydantic.ValidationError as exc:
            raise convert(exc, cls.__name__) from None

    @classmethod
    def _converted(cls, exc: pydantic.ValidationError, obj: Any) -> ValidationError:
        """The govsim error for a failed ``model_validate(obj)`` (a hook for documents)."""
        return convert(exc, cls.__name__)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except pydantic.ValidationError as exc:
            raise convert(exc, type(self).__name__) from None

"""The reform registry: every reform by its snake_case name."""

from __future__ import annotations

from typing import TypeVar

from govsim.errors import unknown_name
from govsim.reforms.base import Reform

__all__ = ["REGISTRY", "get", "get_reform", "names", "register"]

#: name -> reform class. Scenario files name reforms by these keys (``op = "term_limit"``).
REGISTRY: dict[str, type[Reform]] = {}

R = TypeVar("R", bound=type[Reform])


def register(cls: R) -> R:
    """Class decorator: add a reform class to :data:`REGISTRY` under its ``name``.

    Raises
    ------
    TypeError
        If the class has no name, or another class holds the name.
    """
    if not (isinstance(cls, type) and issubclass(cls, Reform)) or not cls.name:
        raise TypeError(f"{cls!r} is not a Reform subclass with a registry name.")
    held = REGISTRY.get(cls.name)
    if held is not None and held is not cls:
        raise TypeError(f"Reform name {cls.name!r} is taken by {held.__qualname__}.")
    REGISTRY[cls.name] = cls
    return cls


def get(name: str) -> type[Reform]:
    """The reform class registered under ``name``.

    Raises
    ------
    govsim.UnknownNameError
        Listing the known names.

    Examples
    --------
    >>> get("term_limit").__name__
    'TermLimit'
    """
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise unknown_name("reform", name, REGISTRY) from None


#: Alias of :func:`get`, in the style of ``get_metric``.
get_reform = get


def names() -> list[str]:
    """The registered reform names, sorted."""
    return sorted(REGISTRY)

"""The exception hierarchy of govsim.

Every error govsim raises on purpose derives from :class:`GovsimError`, so that
``except govsim.GovsimError`` catches them all, while each also derives from the
built-in exception a Python user would expect (``ValueError`` for bad input,
``KeyError`` for an unknown name), so existing ``except ValueError`` code keeps
working. The messages follow one template: they name the parameter, field or id
at fault and the value that was given.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "GovsimError",
    "ReformError",
    "UnknownNameError",
    "ValidationError",
    "unknown_name",
]


class GovsimError(Exception):
    """Base class of every error raised by govsim."""


class ValidationError(GovsimError, ValueError):
    """Input that breaks a documented rule: a bad field, id, array or parameter.

    The message names the offending id and field (for polities and files) or the
    parameter and function (for numeric cores), e.g. ``The 'threshold' parameter of
    allocate must be in [0, 1). Got 1.5 instead.``

    An error converted from a model's validation (see :mod:`govsim.model.base`)
    also carries its parts: ``model`` (the class name), ``field`` (the dotted path
    of the bad field, or None) and ``detail`` (the message without the model's
    name). They are None on other errors.
    """

    model: str | None = None
    field: str | None = None
    detail: str | None = None


class ReformError(GovsimError):
    """A reform could not be applied to a polity: a missing target or a contradiction.

    The message names the reform, the parameter and the id at fault.
    """


class UnknownNameError(GovsimError, KeyError):
    """A name looked up in a registry (reform, metric, method, scenario) is not known.

    The message lists the known names.
    """

    def __str__(self) -> str:  # KeyError would repr() the message and add quotes
        return str(self.args[0]) if self.args else ""


def unknown_name(what: str, name: object, known: Iterable[str]) -> UnknownNameError:
    """The one message for a name a registry does not know, with the closest match.

    >>> str(unknown_name("reform", "direct_elections", ["direct_election", "term_limit"]))
    "Unknown reform 'direct_elections' (did you mean 'direct_election'?). Known reforms: direct_election, term_limit."
    """
    options = sorted(known)
    close = difflib.get_close_matches(str(name), options, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return UnknownNameError(f"Unknown {what} {name!r}{hint}. Known {what}s: {', '.join(options)}.")

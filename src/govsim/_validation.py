"""Input checks shared by the numeric cores, with one message template.

Messages read like scikit-learn's: ``The 'seats' parameter of allocate must be
>= 0. Got -1 instead.`` Each helper returns the validated value so that a caller
can write ``seats = check_int(seats, "seats", "allocate", low=0)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim.errors import ValidationError

__all__ = [
    "as_array",
    "check_bool",
    "check_choice",
    "check_fraction",
    "check_int",
    "check_nonnegative_int_array",
    "param_error",
]


def param_error(param: str, func: str, requirement: str, got: Any) -> ValidationError:
    """Build the standard error: ``The 'param' parameter of func must be ... Got ... instead.``"""
    return ValidationError(
        f"The {param!r} parameter of {func} must be {requirement}. Got {got!r} instead."
    )


def check_bool(value: Any, param: str, func: str) -> bool:
    """Check that ``value`` is a bool (``True``/``False``, numpy's included), not ``"no"`` or ``1``.

    >>> check_bool("no", "unconfirmed", "kazakhstan")
    Traceback (most recent call last):
    ...
    govsim.errors.ValidationError: The 'unconfirmed' parameter of kazakhstan must be a bool (True or False). Got 'no' instead.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise param_error(param, func, "a bool (True or False)", value)
    return bool(value)


def as_array(values: Any, param: str, func: str) -> NDArray[Any]:
    """``np.asarray(values)``, with a ragged or unconvertible input reported as a govsim error.

    numpy raises a bare ``ValueError`` ("inhomogeneous shape") for ``[[1, 2], [3]]`` and a
    ``TypeError`` or ``OverflowError`` for objects it cannot hold; each becomes the standard
    message naming the parameter.
    """
    try:
        return np.asarray(values)
    except (ValueError, TypeError, OverflowError):
        raise param_error(param, func, "a rectangular array of numbers", values) from None


def check_int(
    value: Any,
    param: str,
    func: str,
    *,
    low: int | None = None,
    high: int | None = None,
    high_name: str | None = None,
) -> int:
    """Check that ``value`` is an integer (not a bool) within ``[low, high]``.

    ``high_name`` names the documented constant ``high`` comes from, for the message.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise param_error(param, func, "an int", value)
    if low is not None and value < low:
        raise param_error(param, func, f">= {low}", value)
    if high is not None and value > high:
        bound = f"<= {high}" if high_name is None else f"<= {high} ({high_name})"
        raise param_error(param, func, bound, value)
    return int(value)


def check_fraction(
    value: Any, param: str, func: str, *, closed_right: bool = False, closed_left: bool = True
) -> float:
    """Check that ``value`` is a real number in [0, 1) (or [0, 1] with ``closed_right``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise param_error(param, func, "a real number", value)
    v = float(value)
    left_ok = v >= 0 if closed_left else v > 0
    right_ok = v <= 1 if closed_right else v < 1
    if not (left_ok and right_ok and np.isfinite(v)):
        interval = ("[" if closed_left else "(") + "0, 1" + ("]" if closed_right else ")")
        raise param_error(param, func, f"in {interval}", value)
    return v


def check_choice(value: Any, param: str, func: str, choices: Iterable[str]) -> str:
    """Check that ``value`` is one of ``choices``; the message lists them."""
    options = sorted(choices)
    if value not in options:
        raise param_error(param, func, "one of " + ", ".join(repr(c) for c in options), value)
    return str(value)


def check_nonnegative_int_array(values: ArrayLike, param: str, func: str) -> NDArray[np.int64]:
    """Convert ``values`` to an int64 array, refusing negatives, NaN and non-integral floats."""
    arr = as_array(values, param, func)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise param_error(param, func, "an array of non-negative integers", f"dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating) and (
        not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr))
    ):
        raise param_error(param, func, "an array of non-negative integers", "non-integral values")
    if arr.size and arr.min() < 0:
        raise param_error(
            param, func, "an array of non-negative integers", f"a minimum of {arr.min()}"
        )
    return arr.astype(np.int64, copy=False)


def nesting_depth(value: Any, limit: int) -> int:
    """The nesting depth of parsed data (lists and dicts), without recursion.

    The walk stops once it passes ``limit``, so a hostile document costs no more than
    ``limit`` levels of work per branch: the result is exact up to ``limit + 1``.
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth + 1)
        if deepest > limit:
            break
        stack.extend((v, depth + 1) for v in item)
    return deepest

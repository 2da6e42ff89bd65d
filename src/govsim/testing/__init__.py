"""Test helpers that users can reuse: hypothesis strategies and reference implementations.

``govsim.testing.polities()`` is a hypothesis strategy of random valid polities
(cycles, isolated nodes, multi-channel bodies and empty polities included). It
needs the ``test`` extra (hypothesis); importing this package does not.
"""

from __future__ import annotations

from typing import Any

__all__ = ["polities"]


def __getattr__(name: str) -> Any:
    if name == "polities":
        from govsim.testing.strategies import polities

        return polities
    raise AttributeError(name)

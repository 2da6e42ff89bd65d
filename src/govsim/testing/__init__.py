"""Test helpers that users can reuse: hypothesis strategies, contract checks, references.

- :func:`polities` — random valid polities (cycles, isolated nodes, multi-channel
  bodies, empty polities) — and :func:`reforms` — random reforms with ids from a
  pool; :func:`reforms_for` draws reforms fitted to one polity (most of them apply)
  and :func:`polities_and_reforms` draws both; all are hypothesis strategies and
  need the ``test`` extra.
- :func:`check_reform` — the contract every reform must meet (input unchanged, output
  valid, deterministic, JSON and pickle round trips, declared traits hold, ReformError
  on an inapplicable target); :func:`check_hooks` — that a reform class declares the
  contract hooks the suite builds its instances from, and :func:`examples` — the
  instance of each reform its class builds for a polity (see
  :mod:`govsim.reforms.contract`).
- :mod:`govsim.testing.reference`, :mod:`~govsim.testing.electoral_reference`,
  :mod:`~govsim.testing.power_reference` — plain implementations (networkx, pure
  Python, exact fractions) that the vectorized cores are tested against.

Importing this package imports neither hypothesis nor the references; each name is
loaded on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "check_hooks",
    "check_reform",
    "examples",
    "polities",
    "polities_and_reforms",
    "reforms",
    "reforms_for",
]

_WHERE = {
    "polities": "govsim.testing.strategies",
    "reforms": "govsim.testing.reforms",
    "reforms_for": "govsim.testing.reforms",
    "polities_and_reforms": "govsim.testing.reforms",
    "check_reform": "govsim.testing.reforms",
    "check_hooks": "govsim.testing.reforms",
    "examples": "govsim.testing.reforms",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'govsim.testing' has no attribute {name!r}")

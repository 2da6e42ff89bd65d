"""Which office of a polity a polity-level metric is about: re-exports of the role lookup.

The ``electoral.*``, ``power.*`` and ``tenure.*`` families each summarise one office
of the polity -- the head of state, the lower chamber, the upper chamber -- and must
agree on which institution that is. They find it by role, through the one lookup of
the model, :mod:`govsim.model.roles` (no size heuristics: the lower chamber is the
institution with role ``lower_chamber``, else the sole chamber of a unicameral
polity). This module only re-exports those functions under the names the families
import.
"""

from __future__ import annotations

from govsim.model.roles import head_of_state, lower_chamber, upper_chamber

__all__ = ["head_of_state", "lower_chamber", "upper_chamber"]

"""Built-in scenarios: Kazakhstan 2019-2026 and a synthetic polity of any size.

- :func:`kazakhstan_2019` — the pre-reform polity, built from the sourced data file
  ``govsim/data/kazakhstan_2019.toml``.
- :func:`kazakhstan_reforms` — the dated reform list 2021-2023, the announced
  district-akim roll-out (off by default) and the Constitution of 2026 (in force
  1 Jul 2026); :func:`kazakhstan` — the polity in force on a date.
- :func:`synthetic` — a hierarchical polity of 10^2-10^6 offices for benchmarks.
"""

from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.scenarios.kazakhstan_reforms import kazakhstan, kazakhstan_reforms
from govsim.scenarios.synthetic import synthetic

__all__ = ["kazakhstan", "kazakhstan_2019", "kazakhstan_reforms", "synthetic"]

"""Adding a metric: the share of appointed national offices a chamber must consent to.

Run: ``.venv/bin/python examples/extending_metric.py`` (a few seconds).

``docs/extending.md`` ("A metric") walks through this file. A metric is one function
registered with :func:`govsim.metrics.register_metric`: its name (``family.metric``),
definition, range, direction (which way is more accountable) and source. Once
registered, :func:`govsim.evaluate` and :func:`govsim.compare` compute it with the
built-in families.

The registry is global and lives for the whole process: a metric registered here
stays registered (and is evaluated by every later ``evaluate``) until it is removed.
So the metric takes a family name of its own (``example.``) that no built-in family
uses, and the script removes it again at the end (:func:`registered`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

import govsim
from govsim.errors import GovsimError, ValidationError
from govsim.metrics import METRICS, register_metric
from govsim.model.compiled import Compiled
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.scenarios import kazakhstan, kazakhstan_2019

NAME = "example.chamber_consent_share"


def chamber_consent_share(c: Compiled) -> float:
    """Share of the appointed national offices whose appointment needs a chamber's consent.

    An office is *appointed* when some institution ``appoints`` it, and *consented*
    when, besides, a chamber has a ``consents`` relation into it (the Senate's
    consent to a prosecutor general, the parliament's to a prime minister). The
    share counts offices (rows), not seats. A polity with no appointed national
    office has no such share: the metric raises a govsim error saying so, which
    ``evaluate`` turns into NaN with the reason in its notes.
    """
    national = c.level == Level.NATIONAL.code
    src, dst = c.edge_source, c.edge_target
    appointed = np.zeros(c.n_nodes, dtype=bool)
    appointed[dst[c.edge_mask("appoints")]] = True
    appointed &= national
    by_chamber = (c.edge_kind == RelationKind.CONSENTS.code) & (
        c.kind[src] == InstitutionKind.CHAMBER.code
    )
    consented = np.zeros(c.n_nodes, dtype=bool)
    consented[dst[by_chamber]] = True
    consented &= appointed
    n = int(appointed.sum())
    if n == 0:
        raise GovsimError(f"{NAME}: the polity has no appointed national office")
    return float(consented.sum()) / n


@contextmanager
def registered(name: str) -> Iterator[None]:
    """Register :func:`chamber_consent_share` under ``name`` for the block, then remove it."""
    if name in METRICS:
        raise ValidationError(f"Metric {name!r} is already registered; choose another name.")
    register_metric(
        name,
        definition="Share of the appointed national offices whose appointment needs a "
        "chamber's consent (a 'consents' relation from a chamber).",
        range=(0.0, 1.0),
        direction="higher",
        reference="Shugart & Carey (1992), Presidents and Assemblies, Cambridge UP (the "
        "'cabinet formation' power: appointments subject to the assembly's confirmation).",
    )(chamber_consent_share)
    try:
        yield
    finally:
        del METRICS[name]


def main() -> None:
    before = kazakhstan_2019()
    after = kazakhstan("2024-01-01")  # the 2022 amendments in force
    with registered(NAME):
        info = govsim.metrics.get_metric(NAME)
        print(f"{info.name}: {info.definition}")
        print(f"  range {info.range}, direction {info.direction!r}, source: {info.reference}\n")
        for p in (before, after):
            print(f"{p.name}: {govsim.evaluate(p, metrics=[NAME])[NAME]:.3f}")
        # the full comparison runs every registered metric, the new one with the built-ins
        table = govsim.compare(before, after, metrics=["example", "checks"])
        print()
        print(table)
        row = table[NAME]
        print(f"\n{NAME}: {row.before:.3f} -> {row.after:.3f} ({row.assessment})")
        # where the metric does not apply, evaluate gives NaN and the reason
        assembly = Polity.from_arrays(
            "an elected assembly",
            territories={"id": ["t"], "level": ["national"], "parent": [-1]},
            institutions={
                "id": ["voters", "assembly"],
                "kind": ["electorate", "chamber"],
                "level": ["national", "national"],
                "territory": [0, 0],
                "seats": [1, 100],
            },
            relations={"source": [0], "target": [1], "kind": ["elects"]},
        )
        values = govsim.evaluate(assembly, metrics=[NAME])
        print(f"{assembly.name}: {values[NAME]} ({values.notes[NAME]})")
        # a second registration of another function under a taken name is refused
        try:
            register_metric(
                NAME, definition="-", range=(0.0, 1.0), direction="neutral", reference="-"
            )(lambda c: 0.0)
        except ValidationError as exc:
            print("registering the name twice:", exc)
    print(f"after the block, {NAME!r} registered: {NAME in METRICS}")


if __name__ == "__main__":
    main()

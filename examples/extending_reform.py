"""Adding a reform: a popular recall of a chamber's deputies, in one module.

Run: ``.venv/bin/python examples/extending_reform.py`` (a few seconds).

``docs/extending.md`` ("A reform") walks through this file. The reform gives the voters
who elect a chamber the power to recall the deputies they elected: one ``dismisses``
relation from each electorate that ``elects`` seats of the chamber, for those seats,
with the share of the voters whose signatures trigger a recall vote as the relation's
``threshold``. The chamber is found by its role (the lower chamber unless ``body``
names another), so the reform names no country's ids. ``single_member_only`` limits
the recall to single-member seats (the usual design: a list deputy has no
constituency of its own to answer to).

Everything the package's contract suite needs is declared in the class itself, as in
every reform module of ``src/govsim/reforms/``: its traits (``traits`` held, ``lacks``
not held) and its three contract hooks -- ``contract_strategy(pool)`` (random
instances with ids from a pool), ``contract_fitted(draw, view)`` (instances drawn from
one polity, so that most apply) and ``contract_example(polity)`` (one instance that
applies). Hypothesis is imported inside the hooks only, so importing the module does
not import it.

The script registers the reform, applies it to Kazakhstan's 2019 baseline (and, for
single-member seats only, to Kazakhstan at 2024-01-01), prints ``govsim.diff``, runs
the reform contract (``govsim.testing.reforms.check_reform``), the common checks of
its parameters (every invalid value generated from its declared fields is refused
with a govsim error naming the field) and the contract suite over its hooks (its
example, and random instances on random polities: the success path reached and a
counterexample found for each trait it lacks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

import govsim
from govsim.model import roles
from govsim.model.kinds import InstitutionKind, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import Bool, Float, Id
from govsim.reforms import REGISTRY, Reform, register
from govsim.reforms import primitives as P
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic
from govsim.testing import polities
from govsim.testing.reforms import (
    TraitLog,
    check_hooks,
    check_invalid_parameter,
    check_reform,
    examples,
    invalid_values,
    polities_and_reforms,
    reforms,
)

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

#: Random instances the contract suite checks here, from the pool and fitted hooks.
DRAWS = 20


@register
class PopularRecall(Reform):
    """Let the voters who elect a chamber's seats recall the deputies in them.

    Parameters
    ----------
    body : str, optional
        The chamber; by default the polity's lower chamber (its ``lower_chamber`` role,
        or its sole chamber).
    single_member_only : bool
        Only the seats of single-member districts (electorates that elect one seat).
    signatures : float
        Share of the electorate whose signatures trigger a recall vote, in (0, 1];
        recorded as the ``threshold`` of each ``dismisses`` relation.
    """

    name = "popular_recall"
    traits = frozenset(
        {
            "keeps_institutions",
            "keeps_territories",
            "no_new_institutions",
            "no_new_territories",
            "conserves_population",
            "idempotent",
        }
    )
    lacks = frozenset({"keeps_relations", "rules_only"})

    body: Id | None = None
    single_member_only: Bool = False
    signatures: Float = Field(default=0.1, gt=0.0, le=1.0)

    # -- the contract suite's hooks (govsim.reforms.contract) ----------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        """Random instances, the chamber any id of the pool (or the lower chamber by role)."""
        from hypothesis import strategies as st

        return st.builds(
            cls,
            body=pool.maybe(pool.id()),
            single_member_only=st.booleans(),
            signatures=st.floats(0.01, 1.0),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        """An instance for one polity: the chamber is a body some electorate elects."""
        from hypothesis import strategies as st

        voters = view.kind == InstitutionKind.ELECTORATE.code
        popular = (view.rkind == RelationKind.ELECTS.code) & voters[view.src]
        elected = sorted(set(view.tgt[popular].tolist())) or None
        return cls(
            body=view.ids[view.row(draw, elected)],
            single_member_only=draw(st.booleans()),
            signatures=draw(st.floats(0.01, 1.0)),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The lower chamber (by role), on the signatures of 10% of its voters."""
        return cls(signatures=0.1)

    def _apply(self, polity: Polity) -> Polity:
        if self.body is not None:
            chamber = self.row(polity, "body", self.body)
        else:
            found = roles.lower_chamber(polity)
            if found is None:
                raise self.error("body", "not given, and the polity has no lower chamber role")
            chamber = self.row(polity, "body", found.id)
        draft = P.Draft.of(polity)
        electorate = govsim.InstitutionKind.ELECTORATE.code
        inst, rel = draft.institutions, draft.relations
        elects = draft.relation_mask(["elects"], targets=np.array([chamber]))
        elects &= inst.kind[rel.source] == electorate
        seats = np.where(rel.seats > 0, rel.seats, inst.seats[chamber])
        if self.single_member_only:
            elects &= seats == 1
        if not elects.any():
            what = "single-member seats" if self.single_member_only else "seats"
            raise self.error("body", f"no electorate elects {what} of it", str(inst.id[chamber]))
        # idempotent: an electorate that may already recall these deputies is left alone
        recall = draft.relation_mask(["dismisses"], targets=np.array([chamber]))
        done = np.isin(rel.source, rel.source[recall])
        new = elects & ~done
        if not new.any():
            return polity
        return P.add_relations(
            draft,
            rel.source[new],
            chamber,
            "dismisses",
            seats=seats[new],
            thresholds=self.signatures,
            notes=f"Popular recall on the signatures of {self.signatures:.0%} of the electorate.",
        ).build()


def main() -> None:
    try:
        show()
    finally:
        # the registry is process-wide: a script that shares its process with others (the
        # documentation gallery runs every example in one) takes its reform out again
        del REGISTRY[PopularRecall.name]


def show() -> None:
    before = kazakhstan_2019()
    reform = PopularRecall(signatures=0.1)
    print("registered:", govsim.reforms.get("popular_recall").__name__)
    after = reform.apply(before)
    print(f"\n{reform.describe()} on {before.name}:\n")
    print(govsim.diff(before, after))

    # the intended design: since 2023 the Mazhilis has 29 single-member seats (and 69 list seats)
    mixed = kazakhstan("2024-01-01")
    single = PopularRecall(single_member_only=True)
    print(f"\n{single.describe()} on {mixed.name}:\n")
    print(govsim.diff(mixed, single.apply(mixed)))

    # the reform contract, on the baseline and on polities where it applies or not
    cases = [
        (reform, before),
        (reform, after),  # idempotent: nothing left to add
        (single, before),  # 2019: no single-member seats
        (single, mixed),
        (reform, synthetic(300, seed=0)),
        (PopularRecall(body="senate"), before),  # the Senate is elected by the maslikhats
    ]
    print("\ncheck_reform:")
    for r, p in cases:
        if check_reform(r, p) is not None:
            print(f"  {r.describe()} on {p.name}: applies")
            continue
        try:
            r.apply(p)
        except govsim.ReformError as exc:
            print(f"  {r.describe()} on {p.name}: refused: {exc}")

    # the common checks: every invalid value of every declared field is refused, naming it
    bad = invalid_values(PopularRecall, reform)
    fields = sorted({field for field, _ in bad})
    for field, value in bad:
        check_invalid_parameter(reform, field, value, before)
    print(f"\ncommon checks: {len(bad)} invalid values of {fields} refused, each naming its field")
    print("for example:", check_invalid_parameter(reform, "signatures", 1.5, before))

    # the contract suite over the hooks: what the package's tests run on each built-in
    suite()


def suite() -> None:
    """The package's contract suite, from the hooks the class declares."""
    from hypothesis import HealthCheck, given, settings

    check_hooks(PopularRecall)  # fails naming the class and any hook it lacks
    example = examples(kazakhstan_2019(), [PopularRecall.name])[PopularRecall.name]
    print(f"\ncontract suite: example for Kazakhstan 2019: {example.describe()}")
    assert check_reform(example, kazakhstan_2019()) is not None

    log, applied = TraitLog(), [0, 0]
    once = settings(
        max_examples=DRAWS,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )

    @once
    @given(case=polities_and_reforms(names=[PopularRecall.name], max_institutions=10))
    def fitted(case: tuple[Polity, Reform]) -> None:
        polity, drawn = case
        applied[0] += check_reform(drawn, polity, log) is not None

    @once
    @given(
        polity=polities(max_institutions=12),
        drawn=reforms(names=[PopularRecall.name]),
    )
    def pooled(polity: Polity, drawn: Reform) -> None:
        applied[1] += check_reform(drawn, polity, log) is not None

    fitted()
    pooled()
    lacked = sorted(PopularRecall.lacks - log.unrefuted(PopularRecall.name))
    print(f"  fitted to random polities: applied in {applied[0]} of {DRAWS} draws")
    refused = DRAWS - applied[1]
    print(f"  from a pool of ids: applied in {applied[1]}, refused naming it in {refused}")
    print(f"  a counterexample found for each trait it lacks: {lacked}")
    assert not log.unrefuted(PopularRecall.name), log.unrefuted(PopularRecall.name)


if __name__ == "__main__":
    main()

"""Presidential and parliamentary powers indices scored from the polity's structure.

Registered metrics (family ``powers``):

* ``powers.presidential_legislative`` -- Shugart & Carey's (1992, ch. 8) legislative
  powers of the president, six items scored 0-4 (sum 0-24);
* ``powers.presidential_nonlegislative`` -- their four non-legislative items (0-16);
* ``powers.parliamentary`` -- the share of the items of Fish & Kroenig's (2009)
  Parliamentary Powers Index that the structure can see and that the parliament has.

Every item is read from the national offices' relations (compiled edge masks, no
loop over nodes or edges): ``vetoes`` / ``overrides`` and their thresholds,
``decrees``, ``refers``, ``appoints`` / ``nominates`` / ``consents`` on the government,
``dismisses``, ``no_confidence``, ``dissolves``, ``impeaches``, ``reviews``,
``oversees`` and the chambers' term rules. The president is the head of state
(:func:`govsim.model.roles.head_of_state`); the government is the office with role
``head_of_government`` (else the one national ``government``); the parliament is every
national chamber.

Coding table (Shugart & Carey 1992, tables 8.2 and 8.3, paraphrased; the scale
points the structure cannot tell apart are merged, as marked):

==========================  ===========================================================
item                        score read from the structure
==========================  ===========================================================
package veto / override     4 veto and no ``overrides`` of it; 3 override above 2/3 of
                            the seats; 2 override by 2/3; 1 override by less than 2/3;
                            0 no ``vetoes`` from the president to a chamber
partial veto / override     0: the vocabulary has no partial (line-item) veto
decree                      2 the president ``decrees`` (S&C's 4 "reserved, no
                            rescission" and 1 "limited" cannot be told apart); else 0
exclusive introduction      0: reserved policy areas are not recorded (``initiates`` says
                            who may propose, not who alone may)
budgetary powers            4 the president ``approves_budget`` and no chamber does; else 0
                            (amendment limits, S&C's 1-3, are not recorded)
referendum proposal         2 the president ``refers`` questions to an electorate (4
                            "unrestricted" cannot be seen); else 0
cabinet formation           4 the president ``appoints`` the government and no chamber
                            ``consents``; 3 appoints subject to a chamber's consent;
                            1 only ``nominates`` it; 0 none of these
cabinet dismissal           4 the president ``dismisses`` the government; else 0 (S&C's
                            2 "restricted" and 1 cannot be seen)
censure                     4 no chamber has ``no_confidence`` in the government; 2 every
                            such chamber can be dissolved by the president; 0 otherwise
                            (S&C's 1, constructive no-confidence, cannot be seen)
dissolution of assembly     3 the president ``dissolves`` a chamber (S&C's 4
                            "unrestricted" cannot be seen; constitutions restrict it by
                            timing, France art. 12); else 0
==========================  ===========================================================

Confidence. The scale points are paraphrased from Shugart & Carey's tables (M: from
the book's published scale as commonly summarised, not checked against the printed
page in this project); the Fish & Kroenig items are coded by their wording, their
numbers follow the survey's order as far as it could be checked (L). Metcalf's
(2000) revision for semi-presidential regimes (Comparative Political Studies
33(5):660-685, which among other changes adds the president's referral of bills
for judicial review) is not implemented.

What the indices cannot see. The relations say that a power exists, not its
restrictions (time limits, subject areas, countersignature), so scores between the
coded points are merged downwards or to the middle as the table says. Term limits,
party-membership and nepotism bans are outside both indices (as Shugart & Carey and
Fish & Kroenig define them), so those reforms move neither. A relation missing from
the data reads as a power that does not exist.

References
----------
Shugart, M. S. and Carey, J. M. (1992). *Presidents and Assemblies: Constitutional
Design and Electoral Dynamics*. Cambridge University Press, ch. 8.
Fish, M. S. and Kroenig, M. (2009). *The Handbook of National Legislatures: A Global
Survey*. Cambridge University Press.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim.metrics.registry import register_metric
from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role
from govsim.model.roles import office_row

__all__ = [
    "FISH_KROENIG_ITEMS",
    "PRESIDENTIAL_ITEMS",
    "parliamentary_items",
    "parliamentary_powers",
    "presidential_items",
    "presidential_legislative",
    "presidential_nonlegislative",
]

_REF_SC = (
    "Shugart & Carey (1992), Presidents and Assemblies, Cambridge UP, ch. 8 (tables 8.2, 8.3)."
)
_REF_FK = "Fish & Kroenig (2009), The Handbook of National Legislatures, Cambridge UP (Parliamentary Powers Index)."

#: Shugart & Carey's ten items: (name, legislative?).
PRESIDENTIAL_ITEMS: tuple[tuple[str, bool], ...] = (
    ("package_veto", True),
    ("partial_veto", True),
    ("decree", True),
    ("exclusive_introduction", True),
    ("budget", True),
    ("referendum", True),
    ("cabinet_formation", False),
    ("cabinet_dismissal", False),
    ("censure", False),
    ("dissolution", False),
)

#: The Fish & Kroenig items the structure can see, by their number in the survey
#: (32 items in all): the rest (ministers in parliament, summoning officials,
#: oversight of the agencies of coercion, the constitution, war, treaties, amnesty,
#: pardon, the central bank, the media, sessions, staff, immunity, resources,
#: impoundment, exclusive initiative, the attractiveness of a seat, experience)
#: have no relation kind and are left out, not scored 0.
FISH_KROENIG_ITEMS: dict[str, str] = {
    "fk01_remove_executive": "The legislature alone can impeach the president or replace the government (impeaches / no_confidence).",
    "fk04_investigate": "The legislature can investigate the executive (oversees the government or the president).",
    "fk06_appoints_government": "The legislature appoints the prime minister (appoints / elects the government).",
    "fk07_confirms_government": "The legislature's approval is needed for the government (consents / appoints / elects).",
    "fk08_no_elected_presidency": "There is no president, or the legislature chooses the president.",
    "fk09_safe_no_confidence": "The legislature can vote no confidence without risking dissolution.",
    "fk10_no_dissolution": "The legislature is immune from dissolution (no dissolves on a chamber).",
    "fk11_no_decree": "The executive lacks decree power (no decrees on a chamber).",
    "fk12_veto_proof": "Laws are veto-proof: no presidential veto, or a majority overrides it.",
    "fk13_no_judicial_review": "The legislature's laws are not subject to judicial review (no reviews of a chamber).",
    "fk18_all_elected": "All members of the legislature are elected (no appoints into a chamber).",
    "fk24_judicial_appointments": "The legislature appoints or confirms judges (appoints / elects / consents on a court).",
    "fk30_reelection": "Legislators may be re-elected without restriction (no max_terms on a chamber).",
}

_CODE = {k: k.code for k in RelationKind}
_EPS = 1e-9
#: Relation kinds an item reads whatever their target.
_ANY_TARGET = np.array(
    [_CODE[RelationKind.DECREES], _CODE[RelationKind.APPROVES_BUDGET]], dtype=np.int8
)


class _View:
    """The masks every item reads: national chambers, the president, the government.

    Every item reads relations from the president, a national chamber or a national
    court, or into a national chamber, so the view keeps only those edges (a few
    compares of the edge columns, once per polity: the view is cached on the compiled
    polity); the items' masks then run over a few edges, not millions.
    """

    def __init__(self, polity: Any) -> None:
        c = polity.compiled
        self.n = c.n_nodes
        national = c.level == Level.NATIONAL.code
        self.chamber = national & (c.kind == InstitutionKind.CHAMBER.code)
        self.court = national & (c.kind == InstitutionKind.COURT.code)
        self.electorate = c.kind == InstitutionKind.ELECTORATE.code
        self.head = office_row(c, Role.HEAD_OF_STATE)
        gov = office_row(c, Role.HEAD_OF_GOVERNMENT)
        if gov < 0:
            rows = np.flatnonzero(national & (c.kind == InstitutionKind.GOVERNMENT.code))
            gov = int(rows[0]) if rows.size == 1 else -1
        self.gov = gov
        self.is_head = np.zeros(c.n_nodes, dtype=bool)
        self.is_gov = np.zeros(c.n_nodes, dtype=bool)
        if self.head >= 0:
            self.is_head[self.head] = True
        if gov >= 0:
            self.is_gov[gov] = True
        # from the president, a national chamber or a national court (the only sources
        # an item reads, but for the edges into a chamber) to a national office or an
        # electorate (a decree or a budget: to anything), or from anyone into a national
        # chamber (dissolution, decrees and appointments by any office count for the
        # parliament's items); the edges at a few nodes, found without a pass of gathers
        # over every edge, and not those of other national offices (an audit office
        # overseeing every local body would bring 10^5 edges no item reads)
        chambers = np.flatnonzero(self.chamber)
        readers = np.concatenate([chambers, np.flatnonzero(self.court), [self.head]])
        out = c.edges_at(readers[readers >= 0], end="source")
        out = out[
            (national | self.electorate)[c.edge_target[out]]
            | np.isin(c.edge_kind[out], _ANY_TARGET)
        ]
        keep = np.union1d(out, c.edges_at(chambers, end="target"))
        self.src = c.edge_source[keep]
        self.tgt = c.edge_target[keep]
        self.kind = c.edge_kind[keep]
        self.thr = c.edge_threshold[keep]
        self.terms: NDArray[np.bool_] = np.array(
            [
                i.term is not None and i.term.max_terms is not None
                for i in polity.select(kind="chamber", level="national")
            ],
            dtype=bool,
        )

    def edges(
        self, kind: RelationKind, source: NDArray[np.bool_], target: NDArray[np.bool_]
    ) -> NDArray[np.bool_]:
        out: NDArray[np.bool_] = (self.kind == _CODE[kind]) & source[self.src] & target[self.tgt]
        return out


_VIEWS: weakref.WeakKeyDictionary[Any, _View] = weakref.WeakKeyDictionary()


def _view(polity: Any) -> _View:
    key = polity.compiled
    view = _VIEWS.get(key)
    if view is None:
        view = _VIEWS[key] = _View(polity)
    return view


def presidential_items(polity: Any) -> dict[str, int]:
    """The ten Shugart & Carey scores (0-4) of the polity's head of state.

    See the coding table of the module docstring. A polity without a head of state
    scores 0 on every item but censure (scored from the chambers alone).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> items = presidential_items(kazakhstan_2019())
    >>> items["package_veto"], items["cabinet_formation"], items["cabinet_dismissal"]
    (2, 3, 4)
    """
    v = _view(polity)
    k = RelationKind
    vetoes = v.edges(k.VETOES, v.is_head, v.chamber).any()
    over = v.edges(k.OVERRIDES, v.chamber, v.is_head)
    if not vetoes:
        package = 0
    elif not over.any():
        package = 4
    else:
        t = np.where(np.isnan(v.thr[over]), 2 / 3, v.thr[over])
        hardest = float(t.max())
        package = 3 if hardest > 2 / 3 + _EPS else 2 if hardest >= 2 / 3 - _EPS else 1
    decree = 2 if v.edges(k.DECREES, v.is_head, np.ones(v.n, dtype=bool)).any() else 0
    referendum = 2 if v.edges(k.REFERS, v.is_head, v.electorate).any() else 0
    appoints = v.edges(k.APPOINTS, v.is_head, v.is_gov).any()
    consent = v.edges(k.CONSENTS, v.chamber, v.is_gov).any()
    nominates = v.edges(k.NOMINATES, v.is_head, v.is_gov).any()
    formation = (3 if consent else 4) if appoints else 1 if nominates else 0
    dismissal = 4 if v.edges(k.DISMISSES, v.is_head, v.is_gov).any() else 0
    anyone = np.ones(v.n, dtype=bool)
    head_budget = v.edges(k.APPROVES_BUDGET, v.is_head, anyone).any()
    budget = 4 if head_budget and not v.edges(k.APPROVES_BUDGET, v.chamber, anyone).any() else 0
    censure_edges = v.edges(k.NO_CONFIDENCE, v.chamber, v.is_gov)
    censuring = np.zeros(v.n, dtype=bool)
    censuring[v.src[censure_edges]] = True
    dissolved = np.zeros(v.n, dtype=bool)
    dissolved[v.tgt[v.edges(k.DISSOLVES, v.is_head, v.chamber)]] = True
    censure = 4 if not censuring.any() else 2 if bool(np.all(dissolved[censuring])) else 0
    dissolution = 3 if dissolved.any() else 0
    return {
        "package_veto": package,
        "partial_veto": 0,
        "decree": decree,
        "exclusive_introduction": 0,
        "budget": budget,
        "referendum": referendum,
        "cabinet_formation": formation,
        "cabinet_dismissal": dismissal,
        "censure": censure,
        "dissolution": dissolution,
    }


def parliamentary_items(polity: Any) -> dict[str, bool]:
    """The Fish & Kroenig items the structure can see (:data:`FISH_KROENIG_ITEMS`).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> items = parliamentary_items(kazakhstan_2019())
    >>> items["fk07_confirms_government"], items["fk18_all_elected"]
    (True, False)
    """
    v = _view(polity)
    k = RelationKind
    anyone = np.ones(v.n, dtype=bool)
    censure = v.edges(k.NO_CONFIDENCE, v.chamber, v.is_gov)
    dissolved = np.zeros(v.n, dtype=bool)
    dissolved[v.tgt[v.edges(k.DISSOLVES, anyone, v.chamber)]] = True
    safe = censure & ~dissolved[v.src]
    head_chosen = v.edges(k.ELECTS, v.chamber, v.is_head) | v.edges(
        k.APPOINTS, v.chamber, v.is_head
    )
    over = v.edges(k.OVERRIDES, v.chamber, v.is_head)
    t = np.where(np.isnan(v.thr[over]), 2 / 3, v.thr[over])
    vetoes = v.edges(k.VETOES, v.is_head, v.chamber).any()
    veto_proof = (not vetoes) or bool(over.any() and float(t.max()) <= 0.5 + _EPS)
    chooses_gov = (
        v.edges(k.APPOINTS, v.chamber, v.is_gov) | v.edges(k.ELECTS, v.chamber, v.is_gov)
    ).any()
    judges = (
        v.edges(k.APPOINTS, v.chamber, v.court)
        | v.edges(k.ELECTS, v.chamber, v.court)
        | v.edges(k.CONSENTS, v.chamber, v.court)
    ).any()
    return {
        "fk01_remove_executive": bool(
            censure.any() or v.edges(k.IMPEACHES, v.chamber, v.is_head).any()
        ),
        "fk04_investigate": bool(v.edges(k.OVERSEES, v.chamber, v.is_gov | v.is_head).any()),
        "fk06_appoints_government": bool(chooses_gov),
        "fk07_confirms_government": bool(
            chooses_gov or v.edges(k.CONSENTS, v.chamber, v.is_gov).any()
        ),
        "fk08_no_elected_presidency": bool(v.head < 0 or head_chosen.any()),
        "fk09_safe_no_confidence": bool(safe.any()),
        "fk10_no_dissolution": not bool(dissolved.any()),
        "fk11_no_decree": not bool(v.edges(k.DECREES, anyone, v.chamber).any()),
        "fk12_veto_proof": bool(veto_proof),
        "fk13_no_judicial_review": not bool(v.edges(k.REVIEWS, v.court, v.chamber).any()),
        "fk18_all_elected": not bool(v.edges(k.APPOINTS, anyone, v.chamber).any()),
        "fk24_judicial_appointments": bool(judges),
        "fk30_reelection": not bool(v.terms.any()),
    }


_LEGISLATIVE = tuple(name for name, leg in PRESIDENTIAL_ITEMS if leg)
_NONLEGISLATIVE = tuple(name for name, leg in PRESIDENTIAL_ITEMS if not leg)


@register_metric(
    "powers.presidential_legislative",
    definition="Shugart & Carey's legislative powers of the head of state: package and partial veto, decree, exclusive introduction, budget, referendum, each 0-4, summed.",
    range=(0.0, 24.0),
    direction="lower",
    reference=_REF_SC,
    input="polity",
)
def presidential_legislative(polity: Any) -> float:
    """Sum of the six legislative items of :func:`presidential_items` (0-24).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> presidential_legislative(kazakhstan_2019())  # a veto overridden by 2/3
    2.0
    """
    items = presidential_items(polity)
    return float(sum(items[name] for name in _LEGISLATIVE))


@register_metric(
    "powers.presidential_nonlegislative",
    definition="Shugart & Carey's non-legislative powers of the head of state: cabinet formation and dismissal, censure, dissolution, each 0-4, summed.",
    range=(0.0, 16.0),
    direction="lower",
    reference=_REF_SC,
    input="polity",
)
def presidential_nonlegislative(polity: Any) -> float:
    """Sum of the four non-legislative items of :func:`presidential_items` (0-16).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> presidential_nonlegislative(kazakhstan_2019())  # 3 + 4 + 0 + 0
    7.0
    """
    items = presidential_items(polity)
    return float(sum(items[name] for name in _NONLEGISLATIVE))


@register_metric(
    "powers.parliamentary",
    definition="Share of the Fish & Kroenig Parliamentary Powers Index items the structure can see (13 of 32) that the national parliament has.",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REF_FK,
    input="polity",
)
def parliamentary_powers(polity: Any) -> float:
    """Share of :data:`FISH_KROENIG_ITEMS` answered yes (:func:`parliamentary_items`).

    Fish & Kroenig score the share of 32 yes/no items; here the denominator is the
    13 the structure can see, so the value is comparable across govsim polities, not
    with the published PPI.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(parliamentary_powers(kazakhstan_2019()), 3)
    0.538
    """
    items = parliamentary_items(polity)
    return float(np.mean([float(x) for x in items.values()]))

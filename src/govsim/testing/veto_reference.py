"""Plain references for :mod:`govsim.metrics.veto` and :mod:`govsim.metrics.powers`.

Each function recomputes a measure straight from its definition, in plain Python
over the polity's relation rows (no compiled view, no numpy masks) or by Monte
Carlo over the spatial model the measure assumes. The tests check the vectorized
cores against them on random polities and games.
"""

from __future__ import annotations

import random
from typing import Any

from govsim.model import Polity, Relation
from govsim.model.roles import constitutional_court, head_of_government, head_of_state
from govsim.power.games import BlockGame
from govsim.testing import reference as plain

__all__ = [
    "parliamentary_items_reference",
    "partisan_veto_players_reference",
    "polcon_reference",
    "presidential_items_reference",
    "receiver_gain_monte_carlo",
    "setter_gain_monte_carlo",
    "veto_players_brute",
]


def veto_players_brute(game: BlockGame) -> list[str]:
    """Blocks whose members all voting no leave the rest of the players losing."""
    out = []
    for b in game.names:
        rest = {name: (0 if name == b else size) for name, size in game.sizes.items()}
        if not game.is_winning(rest):
            out.append(b)
    return out


def setter_gain_monte_carlo(receivers: int, draws: int, seed: int) -> float:
    """The setter's gain by simulation: mean gain over mean ``|x - q|``."""
    rng = random.Random(seed)
    gain = dist = 0.0
    for _ in range(draws):
        x, q = rng.random(), rng.random()
        others = [rng.random() for _ in range(receivers)]
        if not others:
            outcome = x
        elif q < min(others):
            outcome = min(max(x, q), 2 * min(others) - q)
        elif q > max(others):
            outcome = max(min(x, q), 2 * max(others) - q)
        else:
            outcome = q
        gain += abs(x - q) - abs(x - outcome)
        dist += abs(x - q)
    return gain / dist


def receiver_gain_monte_carlo(receivers: int, draws: int, seed: int) -> float:
    """The receivers' mean gain by simulation, over their mean ``|y - q|``."""
    rng = random.Random(seed)
    gain = dist = 0.0
    for _ in range(draws):
        x, q = rng.random(), rng.random()
        others = [rng.random() for _ in range(receivers)]
        if q < min(others):
            outcome = min(max(x, q), 2 * min(others) - q)
        elif q > max(others):
            outcome = max(min(x, q), 2 * max(others) - q)
        else:
            outcome = q
        for y in others:
            gain += abs(y - q) - abs(y - outcome)
            dist += abs(y - q)
    return gain / dist


# ------------------------------------------------------------- from relation rows
def _national_chambers(polity: Polity) -> dict[str, Any]:
    return {i.id: i for i in polity.institutions if i.kind == "chamber" and i.level == "national"}


def _rels(polity: Polity, kind: str) -> list[Relation]:
    return [r for r in polity.relations if r.kind == kind]


def _party_of(polity: Polity, office: str) -> str | None:
    for r in _rels(polity, "member_of"):
        if r.source == office:
            return r.target
    return None


def _blocs(polity: Polity, chamber: str) -> tuple[dict[str, int], int] | None:
    seats = _national_chambers(polity)[chamber].seats
    blocs: dict[str, int] = {}
    for r in _rels(polity, "holds_seats"):
        if r.target == chamber:
            blocs[r.source] = blocs.get(r.source, 0) + int(r.seats or 0)
    free = seats - sum(blocs.values())
    head = head_of_state(polity)
    appointed = 0
    if head is not None:
        for r in _rels(polity, "appoints"):
            if r.source == head.id and r.target == chamber:
                appointed += r.seats if r.seats is not None else seats
    appointed = min(appointed, free)
    if not blocs and appointed == 0:
        return None
    if appointed and head is not None:
        label = _party_of(polity, head.id) or head.id
        blocs[label] = blocs.get(label, 0) + appointed
    return blocs, free - appointed


def _need(polity: Polity, chamber: str, seats: int) -> int:
    for rule in polity.rules:
        if rule.kind == "passing_threshold" and rule.subject == chamber:
            f = float(rule.value)  # type: ignore[arg-type]
            if abs(f - 0.5) < 1e-12:
                break
            k = 1
            while k < seats and k < f * seats - 1e-9:
                k += 1
            return k
    return seats // 2 + 1


def _majority(blocs: dict[str, int], free: int, need: int, chamber: str) -> list[str]:
    # largest first; ties in the order the blocs were listed (party rows, then appointees)
    items = [*list(blocs.items()), (f"{chamber}:unaffiliated", free)]
    ranked = sorted(enumerate(items), key=lambda t: (-t[1][1], t[0]))
    out, got = [], 0
    for _, (label, seats) in ranked:
        if got >= need:
            break
        got += seats
        if seats > 0:
            out.append(label)
    return out


def partisan_veto_players_reference(polity: Polity, institutional: list[str]) -> list[str]:
    """Partisan veto players from the relation rows, given the institutional ones."""
    head = head_of_state(polity)
    chambers = _national_chambers(polity)
    actors: list[str] = []
    for vp in institutional:
        if head is not None and vp == head.id:
            labels = [_party_of(polity, vp) or vp]
        elif vp in chambers:
            got = _blocs(polity, vp)
            if got is None:
                labels = [vp]
            else:
                blocs, free = got
                labels = _majority(blocs, free, _need(polity, vp, chambers[vp].seats), vp)
        else:
            labels = [vp]
        for lab in labels:
            if lab not in actors:
                actors.append(lab)
    return actors


def polcon_reference(polity: Polity, institutional: list[str], judiciary: bool = False) -> float:
    """POLCON III (or V) written out over the relation rows, as the published dataset
    computes it (:func:`govsim.metrics.veto.polcon`): the chambers among the
    institutional veto players, each aligned when the executive's bloc is its largest or
    in its majority, ``s = F`` if aligned, ``1 - F`` if not, 1 without bloc data; then
    ``B_k * mean(s)``, and with the reviewing court ``(1 - I) * that + I * (0.6667 + D_k *
    mean(s))``, ``I`` its independence from the head of state (testing.reference)."""
    chambers = _national_chambers(polity)
    head = head_of_state(polity)
    executive = None if head is None else (_party_of(polity, head.id) or head.id)
    s: list[float] = []
    for vp in institutional:
        if vp not in chambers:
            continue
        got = _blocs(polity, vp)
        if got is None:
            s.append(1.0)
            continue
        blocs, free = got
        total = sum(blocs.values()) + free
        f = 1.0 - sum((x / total) ** 2 for x in blocs.values()) - free / total**2
        best = max(blocs.values()) if blocs else 0
        largest = [lab for lab, x in blocs.items() if x == best]
        is_largest = best > 1 and largest[0] == executive
        need = _need(polity, vp, chambers[vp].seats)
        aligned = executive is not None and (
            is_largest or executive in _majority(blocs, free, need, vp)
        )
        s.append(f if aligned else 1.0 - f)
    if not s:
        return 0.0
    mean = sum(s) / len(s)
    three = {1: 0.6667, 2: 0.8}[len(s)] * mean
    if not judiciary:
        return three
    court = constitutional_court(polity)
    if court is None or not any(
        r.source == court.id and r.target in chambers for r in _rels(polity, "reviews")
    ):
        return three
    if head is None:
        ind = 1.0
    else:
        c = polity.compiled
        ids = [str(x) for x in c.ids]
        ind = float(plain.independence(c, [ids.index(head.id)])[ids.index(court.id)])
    five = 0.6667 + {1: 0.13333, 2: 0.1333}[len(s)] * mean
    return (1.0 - ind) * three + ind * five


def _government(polity: Polity) -> str | None:
    gov = head_of_government(polity)
    if gov is not None:
        return gov.id
    govs = [i.id for i in polity.institutions if i.kind == "government" and i.level == "national"]
    return govs[0] if len(govs) == 1 else None


def presidential_items_reference(polity: Polity) -> dict[str, int]:
    """The Shugart & Carey coding of :mod:`govsim.metrics.powers` over relation rows."""
    head = head_of_state(polity)
    h = None if head is None else head.id
    gov = _government(polity)
    chambers = set(_national_chambers(polity))
    electorates = {i.id for i in polity.institutions if i.kind == "electorate"}

    def has(kind: str, src: set[str] | str | None, tgt: set[str] | str | None) -> bool:
        srcs = {src} if isinstance(src, str) or src is None else src
        tgts = {tgt} if isinstance(tgt, str) or tgt is None else tgt
        return any(
            r.source in srcs and r.target in tgts and r.source is not None
            for r in _rels(polity, kind)
        )

    package = 0
    if has("vetoes", h, chambers):
        thresholds = [
            (2 / 3 if r.threshold is None else r.threshold)
            for r in _rels(polity, "overrides")
            if r.source in chambers and r.target == h
        ]
        if not thresholds:
            package = 4
        else:
            t = max(thresholds)
            package = 3 if t > 2 / 3 + 1e-9 else (2 if t >= 2 / 3 - 1e-9 else 1)
    all_ids = {i.id for i in polity.institutions}
    if has("appoints", h, gov):
        formation = 3 if has("consents", chambers, gov) else 4
    else:
        formation = 1 if has("nominates", h, gov) else 0
    censuring = {
        r.source for r in _rels(polity, "no_confidence") if r.source in chambers and r.target == gov
    }
    dissolved = {
        r.target for r in _rels(polity, "dissolves") if r.source == h and r.target in chambers
    }
    censure = 4 if not censuring else 2 if censuring <= dissolved else 0
    return {
        "package_veto": package,
        "partial_veto": 0,
        "decree": 2 if has("decrees", h, all_ids) else 0,
        "exclusive_introduction": 0,
        "budget": 4
        if has("approves_budget", h, all_ids) and not has("approves_budget", chambers, all_ids)
        else 0,
        "referendum": 2 if has("refers", h, electorates) else 0,
        "cabinet_formation": formation,
        "cabinet_dismissal": 4 if has("dismisses", h, gov) else 0,
        "censure": censure,
        "dissolution": 3 if dissolved else 0,
    }


def parliamentary_items_reference(polity: Polity) -> dict[str, bool]:
    """The Fish & Kroenig items of :mod:`govsim.metrics.powers` over relation rows."""
    head = head_of_state(polity)
    h = None if head is None else head.id
    gov = _government(polity)
    chambers = _national_chambers(polity)
    courts = {i.id for i in polity.institutions if i.kind == "court" and i.level == "national"}

    def rel(kind: str, src_ok: Any, tgt_ok: Any) -> list[Relation]:
        return [r for r in _rels(polity, kind) if src_ok(r.source) and tgt_ok(r.target)]

    def is_chamber(x: str) -> bool:
        return x in chambers

    def is_gov(x: str) -> bool:
        return gov is not None and x == gov

    def is_head(x: str) -> bool:
        return h is not None and x == h

    def anyone(x: str) -> bool:
        return True

    dissolved = {r.target for r in rel("dissolves", anyone, is_chamber)}
    censure = rel("no_confidence", is_chamber, is_gov)
    overrides = [
        2 / 3 if r.threshold is None else r.threshold for r in rel("overrides", is_chamber, is_head)
    ]
    vetoes = bool(rel("vetoes", is_head, is_chamber))
    chooses = bool(rel("appoints", is_chamber, is_gov) or rel("elects", is_chamber, is_gov))
    return {
        "fk01_remove_executive": bool(censure or rel("impeaches", is_chamber, is_head)),
        "fk04_investigate": bool(rel("oversees", is_chamber, lambda x: is_gov(x) or is_head(x))),
        "fk06_appoints_government": chooses,
        "fk07_confirms_government": chooses or bool(rel("consents", is_chamber, is_gov)),
        "fk08_no_elected_presidency": h is None
        or bool(rel("elects", is_chamber, is_head) or rel("appoints", is_chamber, is_head)),
        "fk09_safe_no_confidence": any(r.source not in dissolved for r in censure),
        "fk10_no_dissolution": not dissolved,
        "fk11_no_decree": not rel("decrees", anyone, is_chamber),
        "fk12_veto_proof": (not vetoes) or (bool(overrides) and max(overrides) <= 0.5 + 1e-9),
        "fk13_no_judicial_review": not rel("reviews", lambda x: x in courts, is_chamber),
        "fk18_all_elected": not rel("appoints", anyone, is_chamber),
        "fk24_judicial_appointments": bool(
            rel("appoints", is_chamber, lambda x: x in courts)
            or rel("elects", is_chamber, lambda x: x in courts)
            or rel("consents", is_chamber, lambda x: x in courts)
        ),
        "fk30_reelection": all(
            c.term is None or c.term.max_terms is None for c in chambers.values()
        ),
    }

"""Kazakhstan 2019: the pre-reform baseline polity.

The facts live in the data file ``govsim/data/kazakhstan_2019.toml`` (with their
sources); this module only expands its per-region templates into row models.

Id scheme (stable: reforms find offices by these ids)
-----------------------------------------------------
Territories
    ``kz`` (national); ``kz.<region>`` (a region or republican city, level
    ``regional``); ``kz.<region>.district.<unit>`` and ``kz.<region>.city.<unit>``
    (districts and cities of regional significance, level ``district``).
National institutions
    ``president``, ``government``, ``mazhilis``, ``senate``, ``assembly_of_people``,
    ``constitutional_council``, ``supreme_court``, ``prosecutor_general``,
    ``ombudsman`` and the national electorate ``electorate.kz``.
Regions and republican cities
    ``akim.region.<region>``, ``maslikhat.region.<region>``,
    ``electorate.region.<region>``.
Districts and cities of regional significance
    ``akim.<tier>.<region>.<unit>``, ``maslikhat.<tier>.<region>.<unit>``,
    ``electorate.<tier>.<region>.<unit>`` with ``<tier>`` one of ``district``,
    ``city``.
Rural akims
    ``akim.rural.<region>``: one grouped ``executive`` node per region at level
    ``local``, ``seats`` = its (placeholder) share of the national total.

``<region>`` is the slug in the data file (``akmola``, ``east_kazakhstan``,
``almaty`` for Almaty Region, ``almaty_city``, ``astana``, ``shymkent``, ...);
``<unit>`` is :func:`slugify` of the unit's name (``Bukhar-Zhyrau`` ->
``bukhar_zhyrau``), or ``d01``, ``d02``, ... for numbered placeholder districts.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from govsim._validation import check_bool
from govsim.electoral.apportion import apportion
from govsim.errors import ValidationError
from govsim.model import Polity
from govsim.model.rows import (
    ElectoralSystem,
    Institution,
    ListTier,
    Relation,
    Rule,
    TermRule,
    Territory,
)

__all__ = ["DATA_FILE", "PolityRows", "kazakhstan_2019", "kazakhstan_2019_rows", "slugify"]

#: The data file inside the package.
DATA_FILE = "kazakhstan_2019.toml"

_REGION_KEYS = frozenset(
    {
        "slug",
        "name",
        "kind",
        "centre",
        "population",
        "population_source",
        "districts",
        "district_count",
        "districts_source",
        "cities",
        "cities_source",
        "populations",
        "populations_source",
    }
)
_TERM_KEYS = {
    "term_years": "years",
    "term_max_terms": "max_terms",
    "term_consecutive_only": "consecutive_only",
}


@dataclass(frozen=True)
class PolityRows:
    """The row models of a polity, ready for ``Polity(**rows.as_kwargs())``."""

    name: str
    year: int | None
    territories: tuple[Territory, ...]
    institutions: tuple[Institution, ...]
    relations: tuple[Relation, ...]
    electoral_systems: tuple[ElectoralSystem, ...]
    rules: tuple[Rule, ...]
    description: str | None
    sources: tuple[str, ...]

    def as_kwargs(self) -> dict[str, Any]:
        """The fields as keyword arguments of :class:`~govsim.model.Polity`."""
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def slugify(name: str) -> str:
    """Turn a place name into an id component.

    Parameters
    ----------
    name : str
        A name such as ``"Bukhar-Zhyrau"``.

    Returns
    -------
    str
        Lower-case ASCII letters, digits and underscores.

    Examples
    --------
    >>> slugify("Bukhar-Zhyrau")
    'bukhar_zhyrau'
    >>> slugify("Bokey Orda")
    'bokey_orda'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug:
        raise ValidationError(f"Cannot make an id from the name {name!r}.")
    return slug


@cache
def _load() -> dict[str, Any]:
    # Parsed once per process: the file ships with the package and never changes.
    text = files("govsim").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _institution(spec: Mapping[str, Any], exempt: bool) -> Institution:
    fields = {k: v for k, v in spec.items() if k not in _TERM_KEYS}
    term = {_TERM_KEYS[k]: v for k, v in spec.items() if k in _TERM_KEYS}
    if term:
        if fields["kind"] == "head_of_state":
            term["exempt_incumbent"] = exempt
        fields["term"] = TermRule(**term)
    return Institution(**fields)


@dataclass
class _Builder:
    """Accumulates rows while walking the data file."""

    data: Mapping[str, Any]
    territories: list[Territory]
    institutions: list[Institution]
    relations: list[Relation]
    electoral_systems: list[ElectoralSystem]

    def rel(
        self, source: str, target: str, kind: str, note_key: str, seats: int | None = None
    ) -> None:
        note = self.data["notes"][note_key]
        self.relations.append(
            Relation(source=source, target=target, kind=kind, seats=seats, note=note)
        )

    def local_government(
        self,
        ids: tuple[str, str, str],
        label: str,
        territory: Territory,
        maslikhat_seats: int,
    ) -> None:
        """Add a territory with its akim, electorate and maslikhat (``ids`` in that order)."""
        akim, voters, council = ids
        tid, level = territory.id, territory.level
        self.territories.append(territory)
        for id_, name, kind in (
            (akim, f"Akim of {label}", "executive"),
            (voters, f"Electorate of {label}", "electorate"),
        ):
            self.institutions.append(
                Institution(id=id_, name=name, kind=kind, level=level, territory=tid)
            )
        self.institutions.append(
            Institution(
                id=council,
                name=f"Maslikhat of {label}",
                kind="council",
                level=level,
                territory=tid,
                seats=maslikhat_seats,
                term=TermRule(years=self.data["terms"]["maslikhat_years"]),
            )
        )
        system = self.data["electoral"]["maslikhat"]
        self.electoral_systems.append(
            ElectoralSystem(body=council, tiers=(ListTier(seats=maslikhat_seats, **system),))
        )

    def unit(
        self, region: str, region_name: str, tier: str, name: str, slug: str, population: int | None
    ) -> str:
        """Add one district or city of regional significance; return its akim id."""
        tid = f"kz.{region}.{tier}.{slug}"
        label = f"{name} {'district' if tier == 'district' else '(city)'}, {region_name}"
        akim, voters, council = (
            f"{p}.{tier}.{region}.{slug}" for p in ("akim", "electorate", "maslikhat")
        )
        self.local_government(
            (akim, voters, council),
            label,
            Territory(
                id=tid, name=label, level="district", parent=f"kz.{region}", population=population
            ),
            self.data["maslikhat_seats"][tier],
        )
        self.rel(voters, council, "elects", "maslikhat_elected")
        self.rel(f"akim.region.{region}", akim, "appoints", "district_akim_appointed")
        self.rel(council, akim, "consents", "district_akim_consent")
        self.rel(f"akim.region.{region}", akim, "dismisses", "district_akim_dismissed")
        self.rel(council, akim, "approves_budget", "maslikhat_budget")
        self.rel(council, akim, "no_confidence", "maslikhat_no_confidence")
        return akim

    def region(self, spec: Mapping[str, Any]) -> list[str]:
        """Add a region or republican city and its units; return its district akims."""
        unknown = set(spec) - _REGION_KEYS
        if unknown:
            raise ValidationError(
                f"Region {spec.get('slug')!r} in {DATA_FILE} has unknown keys {sorted(unknown)}."
            )
        slug, name = spec["slug"], spec["name"]
        tid = f"kz.{slug}"
        akim, voters, council = (f"{p}.region.{slug}" for p in ("akim", "electorate", "maslikhat"))
        self.local_government(
            (akim, voters, council),
            name,
            Territory(
                id=tid, name=name, level="regional", parent="kz", population=spec.get("population")
            ),
            self.data["maslikhat_seats"]["region"],
        )
        self.rel("president", akim, "appoints", "region_akim_appointed")
        self.rel("president", akim, "dismisses", "region_akim_dismissed")
        self.rel("president", akim, "reviews", "region_akim_reviewed")
        self.rel(voters, council, "elects", "maslikhat_elected")
        self.rel(council, akim, "approves_budget", "maslikhat_budget")
        self.rel(council, akim, "no_confidence", "maslikhat_no_confidence")
        self.rel(council, "senate", "elects", "senate_elected", seats=2)

        pops = spec.get("populations", {})
        short = name.removesuffix(" Region")
        if "districts" in spec:
            districts = [(n, slugify(n)) for n in spec["districts"]]
        else:
            districts = [
                (f"{short} placeholder {k}", f"d{k:02d}")
                for k in range(1, spec.get("district_count", 0) + 1)
            ]
        akims = [self.unit(slug, name, "district", n, s, pops.get(n)) for n, s in districts]
        for city in spec.get("cities", ()):
            self.unit(slug, name, "city", city, slugify(city), pops.get(city))
        return akims


def kazakhstan_2019_rows(
    first_president_exemption: bool = False, *, parties: bool = False
) -> PolityRows:
    """The row models of Kazakhstan's pre-reform (2019) polity.

    Parameters
    ----------
    first_president_exemption : bool, default False
        If true, the presidential term limit does not bind the incumbent
        (``TermRule.exempt_incumbent``), as the 2007 amendment provided for the First
        President. Tokayev, president from March 2019, was not exempt.
    parties : bool, default False
        Add the party layer: the Mazhilis' seats by party (the 2016 election) and the
        President's party (``party_institutions`` and ``party_relations`` of the data
        file). Off by default: the structural metrics still count parties as offices.

    Returns
    -------
    PolityRows
        Territories, institutions, relations, electoral systems and rules, read from
        ``govsim/data/kazakhstan_2019.toml`` and expanded per region.

    Notes
    -----
    The module docstring gives the id scheme; the data file says which figures are
    real and which are placeholders (district names in five regions, the regional
    split of the 2,345 rural akims, maslikhat seat counts).

    Examples
    --------
    >>> rows = kazakhstan_2019_rows()
    >>> sum(1 for t in rows.territories if t.level == "regional")
    17
    >>> [r.seats for r in rows.relations if r.target == "mazhilis" and r.kind == "elects"]
    [98, 9]

    References
    ----------
    .. [1] The sources named beside each fact in ``govsim/data/kazakhstan_2019.toml``
       (constitution.kz's pre-2022 text, the CEC, Kazinform, the regional akimats).
    """
    exempt = check_bool(first_president_exemption, "first_president_exemption", "kazakhstan_2019")
    with_parties = check_bool(parties, "parties", "kazakhstan_2019")
    data = _load()
    nat = data["national"]
    b = _Builder(
        data,
        [Territory(id=nat["id"], name=nat["name"], level="national", population=nat["population"])],
        [],
        [],
        [],
    )
    b.institutions.extend(_institution(spec, exempt) for spec in data["institutions"])
    b.relations.extend(Relation(**spec) for spec in data["relations"])
    if with_parties:
        b.institutions.extend(Institution(**spec) for spec in data["party_institutions"])
        b.relations.extend(Relation(**spec) for spec in data["party_relations"])
    mazhilis = data["electoral"]["mazhilis"]
    b.electoral_systems.append(ElectoralSystem(body="mazhilis", tiers=(ListTier(**mazhilis),)))

    rural = data["rural_akims"]
    with_districts: list[tuple[Mapping[str, Any], list[str]]] = []
    for spec in data["regions"]:
        akims = b.region(spec)
        if akims:  # republican cities have no rural akims
            with_districts.append((spec, akims))
    # Hamilton (largest remainders); ties go to the earlier region in file order.
    shares = apportion([len(a) for _, a in with_districts], rural["total"], method="hare").tolist()
    for (spec, akims), seats in zip(with_districts, shares, strict=True):
        rid = f"akim.rural.{spec['slug']}"
        b.institutions.append(
            Institution(
                id=rid,
                name=f"Rural akims of {spec['name']} (grouped)",
                kind="executive",
                level="local",
                territory=f"kz.{spec['slug']}",
                seats=seats,
                term=TermRule(years=data["terms"]["rural_akim_years"]),
            )
        )
        for akim in akims:
            b.rel(akim, rid, "appoints", "rural_akim_appointed")
            b.rel(akim, rid, "dismisses", "rural_akim_dismissed")

    return PolityRows(
        name=data["name"],
        year=data["year"],
        territories=tuple(b.territories),
        institutions=tuple(b.institutions),
        relations=tuple(b.relations),
        electoral_systems=tuple(b.electoral_systems),
        rules=tuple(Rule(**spec) for spec in data["rules"]),
        description=data["description"],
        sources=tuple(data["sources"]),
    )


def kazakhstan_2019(first_president_exemption: bool = False, *, parties: bool = False) -> Polity:
    """Kazakhstan's pre-reform (2019) polity.

    Parameters
    ----------
    first_president_exemption : bool, default False
        Apply the First President's exemption from the term limit (see
        :func:`kazakhstan_2019_rows`).
    parties : bool, default False
        Add the party layer (see :func:`kazakhstan_2019_rows`).

    Returns
    -------
    Polity
        The validated polity.

    Examples
    --------
    >>> p = kazakhstan_2019()
    >>> p.institution("mazhilis").seats
    107

    References
    ----------
    .. [1] The sources named beside each fact in ``govsim/data/kazakhstan_2019.toml``
       (constitution.kz's pre-2022 text, the CEC, Kazinform, the regional akimats).
    """
    return Polity(**kazakhstan_2019_rows(first_president_exemption, parties=parties).as_kwargs())

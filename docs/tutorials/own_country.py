"""
Model your own country
======================

Ruritania is a small fictional republic: a president, a 60-seat National Assembly,
a government, a supreme court and two regions, each with an appointed governor and
an elected council. This tutorial builds it twice (from row models and from a TOML
file), applies two reforms, says what they changed, compares every registered
metric and writes a report.
"""

# %%
# Build the polity from row models
# --------------------------------
# A polity is three tables: territories, institutions (the nodes: offices, bodies,
# electorates) and typed relations read "source -> target". The row models are
# pydantic models: a misspelt field or an unknown kind is an error naming the field.

import tempfile
from pathlib import Path

import govsim
from govsim import (
    ElectoralSystem,
    Institution,
    ListTier,
    Polity,
    Relation,
    TermRule,
    Territory,
)

territories = [
    Territory(id="ru", name="Ruritania", level="national", population=2_400_000),
    Territory(id="ru.north", name="North", level="regional", parent="ru", population=1_500_000),
    Territory(id="ru.south", name="South", level="regional", parent="ru", population=900_000),
]
national = dict(level="national", territory="ru")
institutions = [
    Institution(id="voters", name="Voters of Ruritania", kind="electorate", **national),
    Institution(
        id="president", name="President", kind="head_of_state", term=TermRule(years=5), **national
    ),
    Institution(id="government", name="Government", kind="government", **national),
    Institution(id="assembly", name="National Assembly", kind="chamber", seats=60, **national),
    Institution(id="court", name="Supreme Court", kind="court", seats=7, **national),
]
relations = [
    Relation(source="voters", target="president", kind="elects"),
    Relation(source="voters", target="assembly", kind="elects"),
    Relation(source="president", target="government", kind="appoints"),
    Relation(source="assembly", target="government", kind="no_confidence"),
    Relation(source="president", target="assembly", kind="vetoes"),
    Relation(source="assembly", target="president", kind="overrides", threshold=0.6667),
    Relation(source="president", target="court", kind="appoints"),
    Relation(source="court", target="assembly", kind="reviews"),
]
for region in ("north", "south"):
    where = dict(level="regional", territory=f"ru.{region}")
    name = region.title()
    institutions += [
        Institution(id=f"governor.{region}", name=f"Governor of {name}", kind="executive", **where),
        Institution(
            id=f"council.{region}", name=f"Council of {name}", kind="council", seats=21, **where
        ),
        Institution(id=f"voters.{region}", name=f"Voters of {name}", kind="electorate", **where),
    ]
    relations += [
        Relation(source="president", target=f"governor.{region}", kind="appoints"),
        Relation(source="president", target=f"governor.{region}", kind="dismisses"),
        Relation(source=f"voters.{region}", target=f"council.{region}", kind="elects"),
    ]

ruritania = Polity(
    "Ruritania",
    2024,
    territories=territories,
    institutions=institutions,
    relations=relations,
    electoral_systems=[
        ElectoralSystem(
            body="assembly", tiers=(ListTier(seats=60, method="dhondt", threshold=0.05),)
        )
    ],
    description="A fictional unitary republic: a president, one chamber, two regions.",
    sources=["The govsim tutorial (fictional data)."],
)
print(ruritania)
print(ruritania.summary())

# %%
# The whole polity is validated on construction: a relation to an id that does
# not exist, a region whose parent is missing or a term of 0 years raises
# :class:`govsim.ValidationError` naming the id and the field.

senate = Relation(source="president", target="senate", kind="appoints")  # no such body
try:
    Polity(
        "broken", territories=territories, institutions=institutions, relations=[*relations, senate]
    )
except govsim.ValidationError as error:
    print(error)

# %%
# A polity never changes. Its columns are read-only numpy arrays, and its
# attributes cannot be set; reforms return new polities.

print(ruritania.institution("president"))
print(ruritania.institution_table.seats)
try:
    ruritania.institution_table.seats[3] = 99
except ValueError as error:
    print("read-only column:", error)

# %%
# The same country from a TOML file
# ---------------------------------
# A polity document lists the same rows as tables (``[[territories]]``,
# ``[[institutions]]``, ``[[relations]]``, ``[[electoral_systems]]``); see
# :doc:`/guide/formats`. :func:`govsim.load` reads it without executing anything
# and validates it exactly as above. The file below is ``docs/tutorials/ruritania.toml``.

here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
path = here / "ruritania.toml"
print(path.read_text(encoding="utf-8")[:600], "...")
from_file = govsim.load(path)
print("same polity as the one built from rows:", from_file == ruritania)

# %%
# Reforms
# -------
# Two reforms from the registry (:doc:`/guide/reforms`): the governors are elected
# by their region's voters instead of appointed by the president, and the president
# gets a single six-year term. ``apply`` returns a new polity; the input is untouched.

from govsim.reforms import DirectElection, TermLimit

elected_governors = DirectElection(
    offices={"kind": ["executive"], "level": ["regional"]}, appointer="nothing"
)
single_term = TermLimit(office="president", years=6, max_terms=1)
reformed = ruritania.apply(elected_governors, single_term)
print(govsim.diff(ruritania, reformed))

# %%
# The same reforms in a scenario file would read
# ``{ op = "direct_election", offices = { kind = ["executive"], level = ["regional"] },
# appointer = "nothing" }`` and ``{ op = "term_limit", office = "president", years = 6,
# max_terms = 1 }``: the ``op`` is the registry name, the other keys the parameters.

step = elected_governors.model_dump(mode="json", exclude_defaults=True)
print({"op": elected_governors.name, **step})

# %%
# Compare
# -------
# :func:`govsim.compare` evaluates every registered metric on both polities. The
# last column says, from the metric's declared direction, whether the change is
# towards more accountability or pluralism (``+``), away from it (``-``) or neither.

comparison = govsim.compare(ruritania, reformed)
print(comparison)

# %%
# One row, and the table as records (``to_pandas()`` gives a DataFrame):

row = comparison["accountability.local_executive_share"]
print(row.before, "->", row.after)
print(comparison.to_records()[0])

# %%
# The electoral metrics need a vote model, and there is no default: without one they
# are NaN, with a note saying why (``comparison.to_records()`` shows it). Give your
# country's own :class:`~govsim.electoral.VoteModel` to ``govsim.compare(...,
# vote_model=...)`` or as a ``[vote_model]`` table in a scenario file. The power metrics come from the lawmaking game
# read off the polity: the assembly passes laws, the president vetoes, the assembly
# overrides with two thirds.

print(govsim.power.lawmaking_game(ruritania))
print(govsim.power.lawmaking_shares(ruritania))

# %%
# A report
# --------
# :func:`govsim.report.write_report` writes ``report.md``, ``report.json`` and
# figures for the comparison.

from govsim.report import write_report

out = Path(tempfile.mkdtemp(prefix="ruritania-"))
report = write_report(
    comparison, out, before=ruritania, after=reformed, title="Ruritania: elected governors"
)
print(sorted(p.name for p in report.files))
print((out / "report.md").read_text(encoding="utf-8")[:900])

# %%
# The figures are ordinary PNG files; here is the one of the metric deltas.

import matplotlib.image as mpimg
import matplotlib.pyplot as plt

deltas = next(p for p in report.figures if "delta" in p.name)
image = mpimg.imread(deltas)
height, width = image.shape[:2]
fig = plt.figure(figsize=(width / 100, height / 100))
ax = fig.add_axes((0, 0, 1, 1))
ax.imshow(image)
ax.set_axis_off()
plt.show()

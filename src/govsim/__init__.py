"""govsim: simulate changes to a country's governance structure.

Institutions and the accountability ties between them form a typed graph (a
:class:`Polity`); reforms (:mod:`govsim.reforms`) turn one polity into another;
metrics (:mod:`govsim.metrics`) computed in vectorized numpy cores say what
changed. Beside the graph: seat allocation and Monte Carlo elections
(:mod:`govsim.electoral`), power indices of the lawmaking game
(:mod:`govsim.power`), tenure under term limits (:mod:`govsim.tenure`), and
ensembles on any executor (:mod:`govsim.ensemble`), intervals on every delta under a
scenario's declared uncertain inputs (:mod:`govsim.uncertainty`) and global sensitivity
analysis (:mod:`govsim.sensitivity`).

Examples
--------
>>> import govsim
>>> before = govsim.scenarios.kazakhstan_2019()
>>> after = govsim.scenarios.kazakhstan("2024-01-01")
>>> table = govsim.compare(before, after)
>>> table["accountability.elected_legislature"].before
0.652...
"""

from govsim import (
    electoral,
    ensemble,
    metrics,
    power,
    reforms,
    scenarios,
    sensitivity,
    tenure,
    uncertainty,
)
from govsim.ensemble import EnsembleResult, sweep
from govsim.errors import GovsimError, ReformError, UnknownNameError, ValidationError
from govsim.io import load, read_graphml, save, write_graphml
from govsim.metrics import Comparison, ManyComparison, MetricSet, compare, compare_many, evaluate
from govsim.model import (
    ElectoralSystem,
    Institution,
    InstitutionKind,
    Level,
    ListTier,
    Polity,
    Relation,
    RelationKind,
    Rule,
    SingleMemberTier,
    TermRule,
    Territory,
)
from govsim.model.compiled import CSR, Compiled
from govsim.reforms import Change, Reform, Selector, Timeline, diff

__version__ = "0.1.0.dev0"

__all__ = [
    "CSR",
    "Change",
    "Comparison",
    "Compiled",
    "ElectoralSystem",
    "EnsembleResult",
    "GovsimError",
    "Institution",
    "InstitutionKind",
    "Level",
    "ListTier",
    "ManyComparison",
    "MetricSet",
    "Polity",
    "Reform",
    "ReformError",
    "Relation",
    "RelationKind",
    "Rule",
    "Selector",
    "SingleMemberTier",
    "TermRule",
    "Territory",
    "Timeline",
    "UnknownNameError",
    "ValidationError",
    "__version__",
    "compare",
    "compare_many",
    "diff",
    "electoral",
    "ensemble",
    "evaluate",
    "load",
    "metrics",
    "power",
    "read_graphml",
    "reforms",
    "save",
    "scenarios",
    "sensitivity",
    "sweep",
    "tenure",
    "uncertainty",
    "write_graphml",
]

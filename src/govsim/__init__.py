"""govsim: simulate changes to a country's governance structure.

Institutions and the accountability ties between them form a typed graph (a
:class:`Polity`); reforms turn one polity into another; metrics computed in
vectorized numpy cores say what changed.
"""

from govsim import scenarios
from govsim.compiled import CSR, Compiled
from govsim.errors import GovsimError, ReformError, UnknownNameError, ValidationError
from govsim.io import load, save
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

__version__ = "0.1.0.dev0"

__all__ = [
    "CSR",
    "Compiled",
    "ElectoralSystem",
    "GovsimError",
    "Institution",
    "InstitutionKind",
    "Level",
    "ListTier",
    "Polity",
    "ReformError",
    "Relation",
    "RelationKind",
    "Rule",
    "SingleMemberTier",
    "TermRule",
    "Territory",
    "UnknownNameError",
    "ValidationError",
    "__version__",
    "load",
    "save",
    "scenarios",
]

"""The polity model: row models, vocabularies and the columnar :class:`Polity`."""

from govsim.model.document import PolityDocument
from govsim.model.kinds import (
    CHAIN_KINDS,
    CONSTRAINT_KINDS,
    REMOVAL_KINDS,
    SELECTION_KINDS,
    InstitutionKind,
    Level,
    RelationGroup,
    RelationKind,
    Role,
    RuleKind,
)
from govsim.model.polity import Polity, PolitySummary
from govsim.model.rows import (
    ALLOCATION_METHODS,
    ElectoralSystem,
    Institution,
    ListTier,
    Relation,
    Rule,
    SingleMemberTier,
    TermRule,
    Territory,
)

__all__ = [
    "ALLOCATION_METHODS",
    "CHAIN_KINDS",
    "CONSTRAINT_KINDS",
    "REMOVAL_KINDS",
    "SELECTION_KINDS",
    "ElectoralSystem",
    "Institution",
    "InstitutionKind",
    "Level",
    "ListTier",
    "Polity",
    "PolityDocument",
    "PolitySummary",
    "Relation",
    "RelationGroup",
    "RelationKind",
    "Role",
    "Rule",
    "RuleKind",
    "SingleMemberTier",
    "TermRule",
    "Territory",
]

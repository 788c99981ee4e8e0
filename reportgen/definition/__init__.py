"""Review definition files → a checked, frozen :class:`Review`.

``templates/<review>/review.yaml`` holds identity, issuer, indicators, rules, sections and
lists; ``units.csv`` the reporting units (editable in Excel). :func:`load_review` returns the
Review or raises :class:`~reportgen.errors.DefinitionError` carrying located findings.
"""

from reportgen.definition.load import check_review, load_review
from reportgen.definition.model import (
    Aggregation,
    Area,
    Better,
    Column,
    ColumnType,
    DocStyle,
    Indicator,
    ListTable,
    Review,
    ReviewKind,
    Rule,
    RuleOp,
    Section,
    Target,
    Unit,
    ValueType,
    YearsAsked,
)

__all__ = [
    "Aggregation",
    "Area",
    "Better",
    "Column",
    "ColumnType",
    "DocStyle",
    "Indicator",
    "ListTable",
    "Review",
    "ReviewKind",
    "Rule",
    "RuleOp",
    "Section",
    "Target",
    "Unit",
    "ValueType",
    "YearsAsked",
    "check_review",
    "load_review",
]

"""The checks run on a submitted workbook: one small function per rule, tagged with its codes.

Every rule takes the :class:`~reportgen.intake.context.Context` of one workbook and yields
findings. *Structure* rules (:mod:`.structure`) run first and also decide how to read the file
(rows found by code, list columns found by title, sheets to skip);
:mod:`reportgen.intake.validate` then reads and parses the input cells, and the *value* rules
(:mod:`.values`) check what was read. ``STRUCTURE_RULES`` and ``VALUE_RULES`` list them in
order; ``rule.codes`` says which finding codes a rule may yield.
"""

from __future__ import annotations

from reportgen.intake.rules.base import Rule
from reportgen.intake.rules.structure import (
    check_list_headers,
    check_outside,
    check_rows,
    check_sheets,
    check_year_columns,
)
from reportgen.intake.rules.values import (
    check_cross_rules,
    check_lists,
    check_missing,
    check_range,
    check_ratio_cells,
    check_ratios,
    check_reporter,
    check_sections,
    check_text_length,
    check_year_jumps,
)

__all__ = ["STRUCTURE_RULES", "VALUE_RULES", "Rule"]

STRUCTURE_RULES: tuple[Rule, ...] = (
    check_sheets, check_rows, check_year_columns, check_list_headers, check_outside,
)  # fmt: skip
VALUE_RULES: tuple[Rule, ...] = (
    check_missing, check_range, check_text_length, check_ratios, check_ratio_cells,
    check_cross_rules,
    check_year_jumps, check_sections, check_lists, check_reporter,
)  # fmt: skip

"""The documented limits of a review definition (docs/dev/definition-limits.md says why).

A definition over any of them is refused by ``check-review`` with a located finding, so that no
later command (``blank``, ``check``, ``submit``, ``render``) meets a definition it cannot handle.
"""

from __future__ import annotations

__all__ = [
    "MAX_CODE",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_FACTOR",
    "MAX_ID",
    "MAX_INDICATORS",
    "MAX_LISTS",
    "MAX_NAME",
    "MAX_NODES",
    "MAX_NUMBER",
    "MAX_REVIEW_BYTES",
    "MAX_RULES",
    "MAX_SECTIONS",
    "MAX_TEXT",
    "MAX_UNITS",
    "MAX_UNITS_BYTES",
    "MAX_VERSION",
    "MAX_WIDTH",
]

MAX_REVIEW_BYTES = 1024 * 1024  # review.yaml: the examples are 5–13 KB
MAX_UNITS_BYTES = 1024 * 1024  # units.csv: 5,000 units are about 0,4 MB
MAX_DEPTH = 20  # nesting of YAML mappings/lists; a definition needs 5
MAX_NODES = 100_000  # YAML values in all; 1,000 indicators with every field are about 25,000
MAX_INDICATORS = 1000  # one workbook row each
MAX_UNITS = 5000
MAX_RULES = 1000
MAX_SECTIONS = 100
MAX_LISTS = 30  # one sheet each
MAX_COLUMNS = 40  # per list
MAX_ID = 60  # review id: names folders (outputs/<id>/…)
MAX_CODE = 40  # area, section, list, column and rule codes
MAX_NAME = 200  # a unit's name: part of its blank workbook's file name
MAX_VERSION = 40
MAX_TEXT = 32767  # what one Excel cell holds
MAX_WIDTH = 255  # Excel's widest column, in characters
MAX_NUMBER = 1e15  # |min|, |max|, |target|: Excel keeps 15 significant digits
MAX_FACTOR = 1e6  # jump_factor, max_year_change_factor

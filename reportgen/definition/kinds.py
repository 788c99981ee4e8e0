"""The closed vocabularies of a review definition: review kinds, styles, value types, rules.

String enums, so that the YAML, the definition workbook's drop-downs and the database all hold
the same plain values (``percent``, ``sum``, ``lower``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Aggregation", "Better", "ColumnType", "DocStyle", "ReviewKind", "RuleOp", "ValueType",
    "YearsAsked",
]  # fmt: skip


class ReviewKind(StrEnum):
    """What kind of review this is."""

    SO_KET = "so_ket"  # sơ kết (interim)
    TONG_KET = "tong_ket"  # tổng kết (final)
    DINH_KY = "dinh_ky"  # báo cáo định kỳ (periodic)

    @property
    def label(self) -> str:
        """Vietnamese name."""
        return {"so_ket": "sơ kết", "tong_ket": "tổng kết", "dinh_ky": "báo cáo định kỳ"}[
            self.value
        ]


class DocStyle(StrEnum):
    """Which rulebook the report follows."""

    PARTY = "party"  # Hướng dẫn 36-HD/VPTW
    STATE = "state"  # Nghị định 30/2020/NĐ-CP, Phụ lục I


class ValueType(StrEnum):
    """What an indicator's cell holds."""

    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"  # typed by the unit, in percentage points
    RATIO = "ratio"  # computed: numerator indicator / denominator indicator, in percent
    YES_NO = "yes_no"
    CHOICE = "choice"
    TEXT = "text"

    @property
    def is_numeric(self) -> bool:
        """Integer, decimal, percent or ratio."""
        return self in (ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT, ValueType.RATIO)

    @property
    def label(self) -> str:
        """Vietnamese name, used in guidance and messages."""
        return _VALUE_TYPE_LABELS[self]


_VALUE_TYPE_LABELS = {
    ValueType.INTEGER: "số nguyên",
    ValueType.DECIMAL: "số thập phân",
    ValueType.PERCENT: "tỷ lệ phần trăm",
    ValueType.RATIO: "tỷ lệ (tính từ tử số và mẫu số)",
    ValueType.YES_NO: "Có/Không",
    ValueType.CHOICE: "chọn từ danh sách",
    ValueType.TEXT: "văn bản ngắn",
}


class YearsAsked(StrEnum):
    """Which years of the period an indicator asks for."""

    ALL = "all"
    LAST = "last"


class Aggregation(StrEnum):
    """How an indicator combines across units."""

    SUM = "sum"
    RATIO_OF_SUMS = "ratio_of_sums"  # Σ numerators / Σ denominators; only for ratio indicators
    MEAN = "mean"
    MIN = "min"
    MAX = "max"
    COUNT_YES = "count_yes"
    NONE = "none"


class Better(StrEnum):
    """Which direction counts as progress towards a target."""

    HIGHER = "higher"
    LOWER = "lower"


class RuleOp(StrEnum):
    """Comparison of a cross-field rule."""

    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"
    EQ = "=="


class ColumnType(StrEnum):
    """Type of a list-table column."""

    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    CHOICE = "choice"

"""What changed between two versions of a review definition, as it matters for the units.

A definition is re-imported (from the definition workbook on the portal, or edited by hand)
while the review is running. What the secretariat must know before putting the new version in
place: whether the units' blank workbooks change (the fingerprint: a workbook made from the
old version comes back "template-outdated"), which units were added or removed, and which
indicators were added, removed or changed — and for a changed one, which of its fields.
Everything here compares two :class:`~reportgen.definition.model.Review` objects; nothing reads
files or the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reportgen.definition.model import Review

__all__ = ["DefinitionChanges", "FieldChange", "ItemChange", "compare_reviews"]

# Vietnamese names of the fields a clerk sees in the definition workbook.
_FIELD_LABELS: dict[str, str] = {
    "id": "mã đợt",
    "version": "phiên bản",
    "title": "tên đợt",
    "cutoff_date": "ngày chốt số liệu",
    "deadline": "hạn nộp",
    "report_due": "hạn báo cáo",
    "period": "giai đoạn",
    "name": "tên",
    "kind": "loại",
    "parent": "đơn vị cấp trên",
    "contact": "liên hệ",
    "area": "nhóm nhiệm vụ",
    "unit": "đơn vị tính",
    "type": "kiểu giá trị",
    "years": "năm phải báo cáo",
    "kinds": "loại đơn vị báo cáo",
    "required": "bắt buộc",
    "min": "giá trị nhỏ nhất",
    "max": "giá trị lớn nhất",
    "target": "mục tiêu",
    "aggregate": "cách tổng hợp",
    "numerator": "tử số",
    "denominator": "mẫu số",
    "choices": "lựa chọn",
    "max_length": "độ dài tối đa",
    "jump_factor": "hệ số tăng giảm bất thường",
    "guidance": "hướng dẫn",
    "decimals": "số chữ số thập phân",
    "number": "số thứ tự",
    "columns": "các cột",
    "max_rows": "số dòng tối đa",
    "sheet": "tên sheet",
    "unique": "cột không trùng",
}
_REVIEW_FIELDS = ("id", "version", "title", "cutoff_date", "deadline", "report_due", "period")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: its name, Vietnamese label, old and new values as text."""

    name: str
    old: str
    new: str

    @property
    def label(self) -> str:
        """The field's Vietnamese name."""
        return _FIELD_LABELS.get(self.name, self.name)


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A unit, indicator, section or list present in both versions, with its changed fields."""

    code: str
    name: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class DefinitionChanges:
    """Everything that differs between ``old`` and ``new`` (empty tuples: nothing of that kind)."""

    old_version: str
    new_version: str
    workbooks_change: bool  # the fingerprint differs: blank workbooks handed out are outdated
    review: tuple[FieldChange, ...] = ()
    units_added: tuple[tuple[str, str], ...] = ()  # (code, name)
    units_removed: tuple[tuple[str, str], ...] = ()
    units_changed: tuple[ItemChange, ...] = ()
    indicators_added: tuple[tuple[str, str], ...] = ()
    indicators_removed: tuple[tuple[str, str], ...] = ()
    indicators_changed: tuple[ItemChange, ...] = ()
    sections_added: tuple[tuple[str, str], ...] = ()
    sections_removed: tuple[tuple[str, str], ...] = ()
    sections_changed: tuple[ItemChange, ...] = ()
    lists_added: tuple[tuple[str, str], ...] = ()
    lists_removed: tuple[tuple[str, str], ...] = ()
    lists_changed: tuple[ItemChange, ...] = ()
    other: tuple[str, ...] = field(default=())  # other parts that differ (rules, issuer…)

    @property
    def same(self) -> bool:
        """Nothing differs at all."""
        return not (
            self.workbooks_change
            or self.review
            or self.units_added
            or self.units_removed
            or self.units_changed
            or self.indicators_added
            or self.indicators_removed
            or self.indicators_changed
            or self.sections_added
            or self.sections_removed
            or self.sections_changed
            or self.lists_added
            or self.lists_removed
            or self.lists_changed
            or self.other
        )

    def summary(self) -> list[str]:
        """One Vietnamese line per kind of change, e.g. ``Thêm 1 đơn vị: 037 — Phường Mới``."""
        lines: list[str] = []
        for label, added, removed, changed in (
            ("đơn vị", self.units_added, self.units_removed, self.units_changed),
            ("chỉ tiêu", self.indicators_added, self.indicators_removed, self.indicators_changed),
            ("phần thuyết minh", self.sections_added, self.sections_removed, self.sections_changed),
            ("danh sách", self.lists_added, self.lists_removed, self.lists_changed),
        ):
            if added:
                lines.append(f"Thêm {len(added)} {label}: " + _names(added))
            if removed:
                lines.append(f"Bỏ {len(removed)} {label}: " + _names(removed))
            if changed:
                lines.append(f"Sửa {len(changed)} {label}: " + "; ".join(_item(c) for c in changed))
        return lines


def _names(items: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{code} — {name}" for code, name in items)


def _item(change: ItemChange) -> str:
    return f"{change.code} ({', '.join(f.label for f in change.fields)})"


def _text(value: Any) -> str:
    if value is None or value == () or value == "":
        return "(trống)"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _fields(
    old: Mapping[str, Any], new: Mapping[str, Any], skip: tuple[str, ...] = ()
) -> tuple[FieldChange, ...]:
    names = [k for k in (*old, *(k for k in new if k not in old)) if k not in skip]
    return tuple(
        FieldChange(k, _text(old.get(k)), _text(new.get(k)))
        for k in names
        if old.get(k) != new.get(k)
    )


def _items(
    old: Iterable[Any], new: Iterable[Any], label: str = "title"
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], tuple[ItemChange, ...]]:
    before = {i.code: i.model_dump(mode="json") for i in old}
    after = {i.code: i.model_dump(mode="json") for i in new}
    added = tuple((c, str(after[c].get(label, ""))) for c in after if c not in before)
    removed = tuple((c, str(before[c].get(label, ""))) for c in before if c not in after)
    changed = []
    for code, data in after.items():
        if code in before and before[code] != data:
            changed.append(
                ItemChange(code, str(data.get(label, "")), _fields(before[code], data, ("code",)))
            )
    return added, removed, tuple(changed)


def compare_reviews(old: Review, new: Review) -> DefinitionChanges:
    """What differs from ``old`` (the running review) to ``new`` (the imported one)."""
    o, n = old.model_dump(mode="json"), new.model_dump(mode="json")
    units = _items(old.units, new.units, "name")
    indicators = _items(old.indicators, new.indicators, "name")
    sections = _items(old.sections, new.sections)
    lists = _items(old.lists, new.lists)
    covered = {"units", "indicators", "sections", "lists", *_REVIEW_FIELDS}
    other = tuple(
        _FIELD_LABELS.get(k, k) for k in (*o, *(k for k in n if k not in o))
        if k not in covered and o.get(k) != n.get(k)
    )  # fmt: skip
    return DefinitionChanges(
        old_version=old.version,
        new_version=new.version,
        workbooks_change=old.fingerprint != new.fingerprint,
        review=_fields(
            {k: o.get(k) for k in _REVIEW_FIELDS}, {k: n.get(k) for k in _REVIEW_FIELDS}
        ),
        units_added=units[0],
        units_removed=units[1],
        units_changed=units[2],
        indicators_added=indicators[0],
        indicators_removed=indicators[1],
        indicators_changed=indicators[2],
        sections_added=sections[0],
        sections_removed=sections[1],
        sections_changed=sections[2],
        lists_added=lists[0],
        lists_removed=lists[1],
        lists_changed=lists[2],
        other=other,
    )

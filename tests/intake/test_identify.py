"""Identification: which review, unit and definition a returned workbook was made from."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from reportgen.blank.layout import MAP_SHEET, META_SHEET, META_TABLE_ROW
from reportgen.definition.model import Review, Unit
from reportgen.intake import check_file
from reportgen.intake.identify import UNREAD_SHEETS, identify
from reportgen.intake.read import read_workbook
from reportgen.messages import flatten, message_text
from tests.intake._filled import INFO, filled


def _identity(review: Review, path: Path):
    raw, _ = read_workbook(path.read_bytes(), path.name)
    assert raw is not None
    return identify(review, raw)


def _set_meta(key_row: int, value: str):
    def edit(wb: openpyxl.Workbook) -> None:
        wb[META_SHEET][f"B{key_row}"] = value

    return edit


def test_a_returned_workbook_names_its_unit_and_layout(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    identity = _identity(hanoi, filled(tmp_path, hanoi, district))
    assert identity.unit == district
    assert identity.layout is not None and identity.layout.unit_code == "001"
    assert identity.findings == () and not identity.by_labels


def test_a_workbook_of_another_review_gives_one_wrong_review_finding(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(tmp_path, hanoi, district, edit=_set_meta(2, "dot-khac"))
    sub = check_file(hanoi, path)
    assert flatten(sub.findings, ["code", "value"]) == [["wrong-review", "dot-khac"]]
    assert sub.unit_code is None
    assert "dot-khac" in message_text(sub.findings[0])


def test_an_unknown_unit_code_gives_one_unknown_unit_finding(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(tmp_path, hanoi, district, edit=_set_meta(4, "999"))
    assert flatten(check_file(hanoi, path).findings, ["code", "value"]) == [["unknown-unit", "999"]]


def test_an_old_fingerprint_with_the_same_cells_is_only_a_warning(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(tmp_path, hanoi, district, edit=_set_meta(5, "0123456789abcdef"))
    sub = check_file(hanoi, path)
    assert flatten(sub.findings, ["code", "severity"]) == [["template-outdated", "warning"]]
    assert sub.values  # the data was read all the same


def test_an_old_workbook_whose_cells_moved_is_rejected_with_one_finding(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    # A blank of an earlier definition whose input cells were elsewhere: another map digest.
    def edit(wb: openpyxl.Workbook) -> None:
        wb[META_SHEET]["B5"] = "0123456789abcdef"
        wb[META_SHEET]["B6"] = "fedcba9876543210"

    sub = check_file(hanoi, filled(tmp_path, hanoi, district, edit=edit))
    assert flatten(sub.findings, ["code", "severity"]) == [["template-outdated", "error"]]
    assert sub.values == ()


def test_the_cell_map_sheet_is_not_read_its_digest_speaks_for_it(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[MAP_SHEET]["B9"] = "Z99"  # what only another tool would read

    path = filled(tmp_path, hanoi, district, edit=edit)
    raw, _ = read_workbook(path.read_bytes(), path.name, skip=UNREAD_SHEETS)
    assert raw is not None and MAP_SHEET not in raw.sheets and raw.unread == {MAP_SHEET}
    sub = check_file(hanoi, path)
    assert sub.findings == () and sub.values


def _as_version_1(wb: openpyxl.Workbook) -> None:
    """The blank as layout version 1 wrote it: the map in the metadata sheet, no digest."""
    meta, cell_map = wb[META_SHEET], wb[MAP_SHEET]
    meta["B1"] = "1"
    assert meta["A6"].value == "cell_map"
    meta["A6"] = meta["B6"] = None
    for r, row in enumerate(cell_map.iter_rows(values_only=True), start=META_TABLE_ROW):
        for c, value in enumerate(row, start=1):
            meta.cell(r, c, value)
    del wb[MAP_SHEET]


def test_a_version_1_workbook_with_its_map_in_the_metadata_sheet_is_still_read(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    plain = check_file(hanoi, filled(tmp_path, hanoi, district, name="a.xlsx"))
    old = check_file(hanoi, filled(tmp_path, hanoi, district, name="b.xlsx", edit=_as_version_1))
    assert old.findings == () and old.values == plain.values and old.values


def test_a_version_1_workbook_whose_cells_moved_is_rejected_with_one_finding(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        _as_version_1(wb)
        wb[META_SHEET]["B5"] = "0123456789abcdef"
        wb[META_SHEET][f"B{META_TABLE_ROW + 8}"] = "Z99"  # one cell of the map is elsewhere

    sub = check_file(hanoi, filled(tmp_path, hanoi, district, edit=edit))
    assert flatten(sub.findings, ["code", "severity"]) == [["template-outdated", "error"]]
    assert sub.values == ()

    def same_cells(wb: openpyxl.Workbook) -> None:
        _as_version_1(wb)
        wb[META_SHEET]["B5"] = "0123456789abcdef"

    same = check_file(hanoi, filled(tmp_path, hanoi, district, name="same.xlsx", edit=same_cells))
    assert flatten(same.findings, ["code", "severity"]) == [["template-outdated", "warning"]]


def test_a_copy_without_the_metadata_sheet_is_read_by_labels(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        del wb[META_SHEET]

    path = filled(tmp_path, hanoi, district, edit=edit)
    identity = _identity(hanoi, path)
    assert identity.unit == district and identity.by_labels
    sub = check_file(hanoi, path)
    assert flatten(sub.findings, ["code", "severity"]) == [["read-by-labels", "warning"]]
    assert sub.unit_code == "001" and sub.values


def test_a_copy_without_metadata_and_without_unit_code_is_rejected(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        del wb[META_SHEET]
        wb[INFO]["C5"] = None
        wb[INFO]["C6"] = None

    sub = check_file(hanoi, filled(tmp_path, hanoi, district, edit=edit))
    assert flatten(sub.findings, ["code"]) == [["metadata-missing"]]
    assert "Thông tin!C5" in message_text(sub.findings[0])


def test_a_file_named_after_another_unit_gets_a_warning(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, name="002-quan-hoan-kiem.xlsx"))
    assert flatten(sub.findings, ["code", "severity", "file"]) == [
        ["file-name-other-unit", "warning", "002-quan-hoan-kiem.xlsx"]
    ]
    assert "Quận Hoàn Kiếm" in message_text(sub.findings[0]) and "Quận Ba Đình" in message_text(
        sub.findings[0]
    )
    assert (
        check_file(hanoi, filled(tmp_path, hanoi, district, name="001-quan-ba-dinh.xlsx")).findings
        == ()
    )

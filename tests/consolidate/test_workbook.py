"""The tổng hợp workbook, read back and checked against aggregates recomputed independently."""

from __future__ import annotations

import datetime as dt
import random
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from reportgen.consolidate import build_dataset, write_consolidated
from reportgen.consolidate.model import Dataset
from reportgen.definition import Review
from reportgen.intake.model import Submission
from tests.consolidate.expected import expected_totals, expected_unit_cell, same, table_of
from tests.consolidate.readback import area_blocks, sheet_names, sheet_rows
from tests.consolidate.submissions import list_row, make_submission, statuses_for
from tests.libreoffice import convert

WHEN = dt.datetime(2022, 12, 10, 3, 0, tzinfo=dt.UTC)


def _generated(hanoi: Review, skip_every: int = 7) -> dict[str, Submission]:
    """Random submissions for every unit but one in ``skip_every``; 5% of cells left empty."""
    rng = random.Random(2022)
    return {
        unit.code: make_submission(hanoi, unit, rng, blank_share=0.05)
        for n, unit in enumerate(hanoi.units)
        if n % skip_every != 3
    }


def _write(hanoi: Review, subs: Mapping[str, Submission], path: Path) -> Dataset:
    counting = [(n, sub) for n, sub in enumerate(subs.values(), start=1)]
    statuses = statuses_for(hanoi, {sub.unit_code or "": n for n, sub in counting})
    dataset = build_dataset(hanoi, statuses, counting, generated_at=WHEN)
    write_consolidated(dataset, path)
    return dataset


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory, hanoi: Review
) -> tuple[dict[str, Submission], Path]:
    subs = _generated(hanoi)
    path = tmp_path_factory.mktemp("tong-hop") / "tong-hop.xlsx"
    _write(hanoi, subs, path)
    return subs, path


def test_every_subtotal_total_and_coverage_matches_an_independent_recomputation(
    generated: tuple[dict[str, Submission], Path], hanoi: Review
) -> None:
    subs, path = generated
    blocks = area_blocks(path)
    assert list(blocks) == [i.code for i in hanoi.indicators]
    mismatches = []
    for code, block in blocks.items():
        expected = expected_totals(hanoi, subs, code)
        assert set(block.totals) == set(expected), code
        for label, years in expected.items():
            for year, (value, cover) in years.items():
                if not same(block.totals[label][year], value):
                    mismatches.append((code, label, year, block.totals[label][year], value))
                if block.coverage[label][year] != cover:
                    mismatches.append((code, label, year, block.coverage[label][year], cover))
    assert mismatches == []


def test_every_unit_cell_matches_its_submission_and_missing_units_say_chua_nop(
    generated: tuple[dict[str, Submission], Path], hanoi: Review
) -> None:
    subs, path = generated
    blocks = area_blocks(path)
    names = {u.name: u.code for u in hanoi.units}
    table = table_of(subs)
    mismatches = []
    for code, block in blocks.items():
        asked = set(hanoi.years_of(hanoi.indicator_by_code[code]))
        for name, cells in block.units.items():
            for year, found in cells.items():
                expected = (
                    expected_unit_cell(hanoi, subs, names[name], code, year, table)
                    if year in asked
                    else None
                )
                if not same(found, expected):
                    mismatches.append((code, name, year, found, expected))
    assert mismatches == []
    missing = [u.name for u in hanoi.units if u.code not in subs]
    assert missing and all(set(blocks["XT06"].units[n].values()) == {"chưa nộp"} for n in missing)


def test_ratio_cells_are_ratios_of_sums_and_missing_units_are_not_zero(
    tmp_path: Path, hanoi: Review
) -> None:
    quan = [u for u in hanoi.units if u.kind == "quan"]
    rng = random.Random(1)
    subs = {
        quan[0].code: make_submission(
            hanoi, quan[0], rng, overrides={("NM01", 2022): 90, ("NM02", 2022): 100}
        ),
        quan[1].code: make_submission(
            hanoi, quan[1], rng, overrides={("NM01", 2022): 10, ("NM02", 2022): 1000}
        ),
    }
    path = tmp_path / "th.xlsx"
    _write(hanoi, subs, path)
    block = area_blocks(path)["NM03"]
    assert block.totals["Cộng Quận"][2022] == pytest.approx(100 / 1100)
    assert block.totals["Cộng Quận"][2022] != pytest.approx((0.9 + 0.01) / 2)
    assert block.coverage["Cộng Quận"][2022] == "2/12 đơn vị"
    assert block.coverage["TỔNG CỘNG"][2022] == "2/30 đơn vị"
    assert block.totals["Cộng Huyện"][2022] is None  # nobody reported: empty, not 0
    assert block.coverage["Cộng Huyện"][2022] == "0/17 đơn vị"
    assert block.units[quan[2].name][2022] == "chưa nộp"


def test_matrix_sheet_shows_last_year_by_unit_with_subtotals(
    generated: tuple[dict[str, Submission], Path], hanoi: Review
) -> None:
    subs, path = generated
    rows = sheet_rows(path, "Chỉ tiêu năm 2022")
    header = rows[3]
    assert header[:2] == ("TT", "Đơn vị")
    col = {str(h).split("\n")[0]: n for n, h in enumerate(header) if h}
    by_label = {r[1]: r for r in rows[4:] if r[1]}
    first = hanoi.units[0]
    assert same(
        by_label[first.name][col["XT06"]], expected_unit_cell(hanoi, subs, first.code, "XT06", 2022)
    )
    expected = expected_totals(hanoi, subs, "XT06")
    assert same(by_label["TỔNG CỘNG"][col["XT06"]], expected["TỔNG CỘNG"][2022][0])
    assert same(by_label["Cộng Sở, ngành"][col["XT06"]], expected["Cộng Sở, ngành"][2022][0])
    department = next(u for u in hanoi.units if u.kind == "so_nganh" and u.code in subs)
    assert by_label[department.name][col["NM01"]] is None  # not asked of departments


def test_status_sheet_has_one_line_per_unit_and_a_summary(
    generated: tuple[dict[str, Submission], Path], hanoi: Review
) -> None:
    subs, path = generated
    rows = sheet_rows(path, "Tình hình nộp")
    lines = [r for r in rows[4:] if isinstance(r[0], int)]
    assert len(lines) == len(hanoi.units)
    states = {r[1]: r[4] for r in lines}
    assert all(states[c] == ("đã nộp" if c in subs else "chưa nộp") for c in states)
    n = len(subs)
    assert f"đã nộp {n} (đúng hạn {n}, nộp muộn 0)" in rows[1][0]
    received = next(r[7] for r in lines if r[1] in subs)
    assert received == dt.datetime(2022, 12, 1, 9, 30)  # 02:30 UTC shown in Vietnam time


def test_provenance_sheet_has_a_line_per_data_point(tmp_path: Path, hanoi: Review) -> None:
    subs = _generated(hanoi, skip_every=2)
    dataset = _write(hanoi, subs, tmp_path / "th.xlsx")
    rows = sheet_rows(tmp_path / "th.xlsx", "Nguồn số liệu")
    assert rows[3] == ("Mã đơn vị", "Mã chỉ tiêu", "Năm", "Giá trị", "Ô trong tệp của đơn vị")
    body = rows[4:]
    assert len(body) == len(dataset.points)
    point = dataset.points[0]
    assert body[0][:3] == (point.unit_code, point.indicator, point.year)
    assert body[0][4] == point.cell
    ratio = next(r for r in body if r[1] == "NM03")
    assert ratio[4] == "tính từ NM01/NM02"


def test_every_value_traces_to_its_submission_and_file_hash(tmp_path: Path, hanoi: Review) -> None:
    subs = _generated(hanoi, skip_every=2)
    dataset = _write(hanoi, subs, tmp_path / "th.xlsx")
    status = sheet_rows(tmp_path / "th.xlsx", "Tình hình nộp")
    assert status[3][10:12] == ("Mã bản nộp", "Mã băm tệp (SHA-256)")
    by_unit = {r[1]: (r[10], r[11]) for r in status[4:] if r[1] in hanoi.unit_by_code}
    for point in dataset.points:
        assert by_unit[point.unit_code] == (point.submission_id, point.file_hash)


def test_narratives_and_lists_are_merged_with_the_unit_name(tmp_path: Path, hanoi: Review) -> None:
    a, b = hanoi.units[0], hanoi.units[1]
    rng = random.Random(3)
    subs = {
        a.code: make_submission(hanoi, a, rng, sections={"lanh-dao": "Văn bản A"},
                                rows=[list_row(hanoi, "van-ban", 5, so_ky_hieu="01-KH/QU", trich_yeu="Kế hoạch")]),
        b.code: make_submission(hanoi, b, rng, sections={"lanh-dao": "Văn bản B", "han-che": "Hạn chế B"}),
    }  # fmt: skip
    _write(hanoi, subs, tmp_path / "th.xlsx")
    narr = sheet_rows(tmp_path / "th.xlsx", "Thuyết minh")
    body = [r[:2] for r in narr[4:]]
    assert body[:3] == [("I. Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện Nghị quyết", None),
                        (a.name, "Văn bản A"), (b.name, "Văn bản B")]  # fmt: skip
    assert (b.name, "Hạn chế B") in body
    (name,) = [n for n in sheet_names(tmp_path / "th.xlsx") if n.startswith("DS Văn bản")]
    assert len(name) <= 31
    lists = sheet_rows(tmp_path / "th.xlsx", name)
    assert lists[3][:3] == ("TT", "Đơn vị", "Số, ký hiệu")
    assert lists[4][:3] == (1, a.name, "01-KH/QU")
    assert lists[4][3] == dt.datetime(2021, 3, 4)


HOSTILE = (
    '=HYPERLINK("http://example.invalid/x","Bấm vào đây")',
    "+84 912 345 678",
    "-2+3",
    "@SUM(A1:A2)",
)


def test_hostile_text_is_stored_as_text_never_as_a_formula(tmp_path: Path, hanoi: Review) -> None:
    unit = hanoi.units[0]
    sub = make_submission(
        hanoi, unit, random.Random(4),
        sections={"lanh-dao": HOSTILE[0], "han-che": HOSTILE[2]},
        rows=[list_row(hanoi, "van-ban", 5, so_ky_hieu=HOSTILE[1], trich_yeu=HOSTILE[3])],
        overrides={("KK05", 2022): "=1+1"},
    )  # fmt: skip
    path = tmp_path / "th.xlsx"
    _write(hanoi, {unit.code: sub}, path)
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not [n for n in sheets if re.search(rb"<f[ >]", z.read(n))]
        strings = z.read("xl/sharedStrings.xml").decode()
    for text in (*HOSTILE, "=1+1"):
        assert text.replace("&", "&amp;").replace('"', "&quot;") in strings or text in strings
    narr = {r[1] for r in sheet_rows(path, "Thuyết minh")}
    assert HOSTILE[0] in narr and HOSTILE[2] in narr


def test_numbers_carry_the_vietnamese_locale_and_percents_show_as_percent(
    generated: tuple[dict[str, Submission], Path],
) -> None:
    _subs, path = generated
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode()
    assert 'formatCode="[$-42A]#,##0.0"' in styles
    assert 'formatCode="[$-42A]0.0%"' in styles


def test_nothing_submitted_still_writes_a_workbook_with_everyone_missing(
    tmp_path: Path, hanoi: Review
) -> None:
    path = tmp_path / "th.xlsx"
    _write(hanoi, {}, path)
    block = area_blocks(path)["NM01"]
    assert {v for cells in block.units.values() for v in cells.values()} == {"chưa nộp"}
    assert block.coverage["TỔNG CỘNG"][2022] == "0/30 đơn vị"
    assert block.totals["TỔNG CỘNG"][2022] is None


def test_a_file_that_cannot_be_written_raises_a_vietnamese_project_error(
    tmp_path: Path, hanoi: Review
) -> None:
    from reportgen.errors import ProjectError

    blocker = tmp_path / "la-tep"
    blocker.write_text("x")
    with pytest.raises(ProjectError, match="Không"):
        write_consolidated(build_dataset(hanoi, [], []), blocker / "th.xlsx")


@pytest.mark.libreoffice
def test_libreoffice_opens_the_workbook_and_prints_vietnamese_numbers(
    tmp_path: Path, hanoi: Review
) -> None:
    quan = [u for u in hanoi.units if u.kind == "quan"][:2]
    rng = random.Random(9)
    subs = {
        u.code: make_submission(hanoi, u, rng, overrides={("XT07", 2022): 1234.5}) for u in quan
    }
    path = tmp_path / "tong-hop.xlsx"
    _write(hanoi, subs, path)
    (pdf,) = convert(path, "pdf", tmp_path / "out")
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    first = pages[0].extract_text() or ""
    assert "Tình hình nộp báo cáo" in first and "chưa nộp" in first
    # The vi locale tag: decimal comma, thousands dot (XT07 is on the 2nd task-area sheet).
    assert any("1.234,5" in (page.extract_text() or "") for page in pages)


def test_the_same_dataset_gives_the_same_bytes(tmp_path: Path, hanoi: Review) -> None:
    subs = _generated(hanoi, skip_every=3)
    _write(hanoi, subs, tmp_path / "a.xlsx")
    _write(hanoi, subs, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".tong-hop-")]


def test_provenance_sheet_can_be_left_out(tmp_path: Path, hanoi: Review) -> None:
    dataset = build_dataset(hanoi, [], [], generated_at=WHEN)
    write_consolidated(dataset, tmp_path / "th.xlsx", provenance=False)
    names = sheet_names(tmp_path / "th.xlsx")
    assert "Nguồn số liệu" not in names and names[0] == "Tình hình nộp"

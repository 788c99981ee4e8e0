"""The library API: check_file, check_files (one or two workers), never raising per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.definition.model import Review, Unit
from reportgen.intake import check_file, check_files, spreadsheets_in
from reportgen.intake import validate as validate_module
from reportgen.messages import flatten, message_text
from tests.intake._filled import IND, filled


@pytest.fixture
def folder(tmp_path: Path, hanoi: Review, district: Unit, department: Unit) -> Path:
    filled(tmp_path, hanoi, district, name="001-a-sach.xlsx")
    filled(tmp_path, hanoi, district, {(IND, "K10"): "abc"}, name="001-b-loi.xlsx")
    filled(tmp_path, hanoi, department, name="so.xlsx")
    (tmp_path / "ghi-chu.txt").write_text("không phải bảng tính", encoding="utf-8")
    (tmp_path / "~$001.xlsx").write_bytes(b"lock file")
    return tmp_path


def test_a_folder_lists_only_its_spreadsheets(folder: Path) -> None:
    assert [p.name for p in spreadsheets_in(folder)] == [
        "001-a-sach.xlsx",
        "001-b-loi.xlsx",
        "so.xlsx",
    ]


def test_check_files_gives_the_same_answers_on_two_workers(
    folder: Path, hanoi: Review, department: Unit
) -> None:
    paths = spreadsheets_in(folder)
    seen: list[tuple[int, int, str]] = []
    one = list(
        check_files(
            hanoi, paths, progress=lambda done, total, p: seen.append((done, total, p.name))
        )
    )
    two = list(check_files(hanoi, paths, workers=2))
    assert [s.unit_code for s in one] == ["001", "001", department.code]
    assert [(s.file_name, flatten(s.findings, ["code", "cell", "message"])) for s in one] == [
        (s.file_name, flatten(s.findings, ["code", "cell", "message"])) for s in two
    ]
    assert [s.values for s in one] == [s.values for s in two]
    assert flatten(one[1].findings, ["code", "cell"]) == [["not-a-number", "K10"]]
    assert seen == [(1, 3, "001-a-sach.xlsx"), (2, 3, "001-b-loi.xlsx"), (3, 3, "so.xlsx")]


def test_an_unexpected_error_becomes_an_internal_error_finding(
    folder: Path, hanoi: Review, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr("reportgen.intake.check.validate", boom)
    subs = list(check_files(hanoi, spreadsheets_in(folder)))
    assert [flatten(s.findings, ["code"]) for s in subs] == [[["internal-error"]]] * 3
    assert "Lỗi nội bộ" in message_text(subs[0].findings[0])
    assert "lỗi nội bộ khi kiểm tra" in caplog.text
    assert validate_module.validate is not boom


def test_a_file_that_cannot_be_opened_is_a_finding_not_an_exception(
    tmp_path: Path, hanoi: Review
) -> None:
    sub = check_file(hanoi, tmp_path / "khong-co.xlsx")
    assert flatten(sub.findings, ["code"]) == [["internal-error"]]


def test_data_given_in_memory_is_checked_under_the_given_name(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    data = filled(tmp_path, hanoi, district).read_bytes()
    sub = check_file(hanoi, Path("tu-cong-thong-tin.xlsx"), data=data)
    assert (sub.file_name, sub.unit_code, sub.findings) == ("tu-cong-thong-tin.xlsx", "001", ())

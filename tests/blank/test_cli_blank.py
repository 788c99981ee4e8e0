"""`reportgen blank` from the command line: files where promised, Vietnamese errors, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from tests.conftest import HANOI_DIR


def test_blank_for_one_unit_writes_its_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REPORTGEN_REVIEW", raising=False)
    out = tmp_path / "tmp"
    result = CliRunner().invoke(
        main, ["blank", "--review", str(HANOI_DIR), "--unit", "001", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "001-quan-ba-dinh.xlsx").is_file()
    assert (out / "nq11-moi-truong-bieu-mau.zip").is_file()
    assert "Đã tạo 1 biểu mẫu" in result.output


def test_blank_defaults_to_the_outputs_folder_of_the_project(project: Path) -> None:
    result = CliRunner().invoke(main, ["blank", "--review", str(HANOI_DIR), "--unit", "STNMT"])
    assert result.exit_code == 0, result.output
    assert (
        project / "outputs" / "nq11-moi-truong" / "blank" / "STNMT-so-tai-nguyen-va-moi-truong.xlsx"
    ).is_file()


def test_unknown_unit_exits_with_a_vietnamese_message_and_no_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["blank", "--review", str(HANOI_DIR), "--unit", "999", "--out", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "Không có đơn vị mã 999" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_help_teaches_with_an_example() -> None:
    result = CliRunner().invoke(main, ["blank", "--help"])
    assert result.exit_code == 0
    assert "reportgen blank --unit 001" in result.output

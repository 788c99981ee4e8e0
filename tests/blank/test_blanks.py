"""make_blanks: one workbook per unit with a readable name, and a ZIP of them all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from reportgen.blank import UnknownUnitError, make_blanks
from reportgen.blank.workbook import slug
from reportgen.definition import Review


def test_slug_is_ascii_without_diacritics() -> None:
    assert slug("Quận Ba Đình") == "quan-ba-dinh"
    assert (
        slug("Sở Nông nghiệp và Phát triển nông thôn") == "so-nong-nghiep-va-phat-trien-nong-thon"
    )
    assert slug("Thị xã Sơn Tây (cũ)") == "thi-xa-son-tay-cu"


def test_all_units_get_a_workbook_and_the_zip_holds_all_36(hanoi: Review, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    result = make_blanks(
        hanoi, tmp_path, progress=lambda done, total, code: seen.append((done, total, code))
    )
    assert len(result.files) == 36
    assert result.files[0].name == "001-quan-ba-dinh.xlsx"
    assert all(p.is_file() for p in result.files)
    assert result.zip_path == tmp_path / "nq11-moi-truong-bieu-mau.zip"
    with zipfile.ZipFile(result.zip_path) as archive:
        assert archive.namelist() == [p.name for p in result.files]
        assert archive.testzip() is None
    assert seen[0] == (1, 36, "001") and seen[-1][:2] == (36, 36)


def test_the_same_definition_gives_the_same_bytes(hanoi: Review, tmp_path: Path) -> None:
    first = make_blanks(hanoi, tmp_path / "a", ["001"])
    second = make_blanks(hanoi, tmp_path / "b", ["001"])
    assert first.files[0].read_bytes() == second.files[0].read_bytes()
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()


def test_unknown_unit_code_is_refused_with_the_valid_codes(hanoi: Review, tmp_path: Path) -> None:
    with pytest.raises(UnknownUnitError) as caught:
        make_blanks(hanoi, tmp_path, ["001", "999"])
    assert "999" in caught.value.message and "STNMT" in caught.value.message
    assert "Các mã hợp lệ" in caught.value.message
    assert not list(tmp_path.iterdir())  # nothing written

"""The blank workbook's non-empty cells, kept on disk so a new process need not write it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.blank import layout_for
from reportgen.definition import Review
from reportgen.definition.model import Unit
from reportgen.intake import blank_cache, validate


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and no blank content remembered in this process."""
    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path))
    monkeypatch.setattr(validate, "_BLANKS", {})
    return tmp_path


def _content(review: Review, unit: Unit) -> dict[str, frozenset[str]]:
    found = validate.blank_content(review, unit, layout_for(review, unit))
    assert found is not None
    return dict(found.sheets)


def test_a_new_process_reads_the_cells_back_instead_of_writing_the_blank(
    cache: Path, hanoi: Review, district: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _content(hanoi, district)
    assert len(list(cache.glob("blank-content/*.json"))) == 1
    assert any(written.values())
    monkeypatch.setattr(validate, "_BLANKS", {})  # as in a new process

    def no_writer(*args: object) -> None:
        raise AssertionError("the blank was written again")

    monkeypatch.setattr(validate, "_written_blank", no_writer)
    assert _content(hanoi, district) == written


def test_each_unit_kind_and_each_definition_has_its_own_entry(
    cache: Path, hanoi: Review, district: Unit, department: Unit
) -> None:
    assert _content(hanoi, district) != _content(hanoi, department)
    assert blank_cache.load((hanoi.id, hanoi.fingerprint + "-changed", district.kind)) is None
    assert len(list(cache.glob("blank-content/*.json"))) == 2


def test_a_damaged_cache_file_is_written_again(
    cache: Path, hanoi: Review, district: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _content(hanoi, district)
    (entry,) = cache.glob("blank-content/*.json")
    entry.write_text('{"Chỉ tiêu": [1, 2', encoding="utf-8")
    monkeypatch.setattr(validate, "_BLANKS", {})
    assert _content(hanoi, district) == written
    assert blank_cache.load((hanoi.id, hanoi.fingerprint, district.kind)) == written


def test_an_empty_setting_turns_the_cache_off(
    cache: Path, hanoi: Review, district: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_CACHE", "")
    _content(hanoi, district)
    assert not (cache / "blank-content").exists()


def test_an_unwritable_cache_folder_does_not_stop_the_check(
    tmp_path: Path, hanoi: Review, district: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_CACHE", str(blocker))
    monkeypatch.setattr(validate, "_BLANKS", {})
    assert any(_content(hanoi, district).values())

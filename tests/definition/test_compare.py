"""compare_reviews: what changed between two versions of a definition, as the units see it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.definition.compare import compare_reviews
from reportgen.definition.install import BACKUP_DIR, install, read_upload, stage, staged
from reportgen.definition.load import load_review
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.errors import ReportgenError
from tests.conftest import HANOI_DIR
from tests.definition.workbook_helpers import Edit, append_row, column, row_of, set_info

IND = "Chỉ tiêu"


def _fresh(review: Review) -> Review:
    """Validated again (model_copy would keep the cached fingerprint of the original)."""
    return Review.model_validate(review.model_dump())


def test_the_same_review_has_no_changes(hanoi: Review) -> None:
    changes = compare_reviews(hanoi, hanoi)
    assert changes.same and changes.summary() == [] and not changes.workbooks_change


def test_units_indicators_and_fields_are_named(hanoi: Review) -> None:
    first, second, *rest = hanoi.units
    renamed = first.model_copy(update={"name": "Quận Ba Đình (mới)"})
    new_unit = second.model_copy(update={"code": "099", "name": "Đơn vị thêm"})
    nm01 = next(i for i in hanoi.indicators if i.target is not None)
    nm02 = hanoi.indicators[-1]
    others = [i for i in hanoi.indicators if i not in (nm01, nm02)]
    assert nm01.target is not None
    target = nm01.target.model_copy(update={"value": 97})
    changed = nm01.model_copy(update={"target": target, "unit": "hộ gia đình"})
    new = _fresh(
        hanoi.model_copy(
            update={
                "version": "2",
                "deadline": dt.date(2022, 12, 20),
                "units": (renamed, *rest, new_unit),  # second removed
                "indicators": (changed, *others),  # nm02 removed
            }
        )
    )
    changes = compare_reviews(hanoi, new)
    assert changes.units_added == (("099", "Đơn vị thêm"),)
    assert changes.units_removed == ((second.code, second.name),)
    assert [(c.code, [f.name for f in c.fields]) for c in changes.units_changed] == [
        (first.code, ["name"])
    ]
    assert changes.units_changed[0].fields[0].new == "Quận Ba Đình (mới)"
    assert changes.indicators_removed == ((nm02.code, nm02.name),)
    [ind] = changes.indicators_changed
    assert ind.code == nm01.code and {f.name for f in ind.fields} == {"target", "unit"}
    assert {(f.label, f.new) for f in ind.fields if f.name == "unit"} == {
        ("đơn vị tính", "hộ gia đình")
    }
    assert {f.name: (f.old, f.new) for f in changes.review}["version"] == (hanoi.version, "2")
    assert {f.name for f in changes.review} == {"version", "deadline"}
    assert changes.workbooks_change  # an indicator went away: the blank workbooks change
    assert changes.summary()[0].startswith("Thêm 1 đơn vị: 099 — Đơn vị thêm")


def test_renaming_a_unit_keeps_the_workbooks(hanoi: Review) -> None:
    first, *rest = hanoi.units
    new = _fresh(
        hanoi.model_copy(update={"units": (first.model_copy(update={"name": "Tên mới"}), *rest)})
    )
    changes = compare_reviews(hanoi, new)
    assert not changes.same and not changes.workbooks_change  # the fingerprint leaves names out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    review_dir = tmp_path / "nq11-moi-truong"
    shutil.copytree(HANOI_DIR, review_dir)
    return review_dir


def test_install_backs_up_the_old_files_then_writes_the_new(
    folder: Path, tmp_path: Path, hanoi: Review
) -> None:
    book = tmp_path / "dinh-nghia.xlsx"
    export_review_workbook(hanoi, book)
    with Edit(book) as wb:
        append_row(wb["Đơn vị"], {"A": "037", "B": "Huyện Mê Linh mới", "C": "huyen"})
        set_info(wb, "version", "2")
        ws = wb[IND]
        ws[f"{column(IND, 'target.value')}{row_of(ws, 'NM03')}"] = 97
    old_yaml = (folder / "review.yaml").read_bytes()
    old_csv = (folder / "units.csv").read_bytes()
    imported = read_upload(book.read_bytes(), "dinh-nghia.xlsx")
    assert imported.ok and imported.review is not None and imported.review.version == "2"
    assert (folder / "review.yaml").read_bytes() == old_yaml  # reading writes nothing
    when = dt.datetime(2026, 12, 2, 1, 2, 3, tzinfo=dt.UTC)
    backup = install(folder, imported, when)
    assert backup == folder / BACKUP_DIR / "20261202-010203"
    assert (backup / "review.yaml").read_bytes() == old_yaml
    assert (backup / "units.csv").read_bytes() == old_csv
    again = install(folder, imported, when)  # the same second: a second folder, nothing overwritten
    assert again.name == "20261202-010203-2" and (backup / "review.yaml").read_bytes() == old_yaml
    loaded = load_review(folder)
    assert loaded.version == "2" and "037" in loaded.unit_by_code
    assert compare_reviews(hanoi, loaded).units_added == (("037", "Huyện Mê Linh mới"),)


def test_a_workbook_with_errors_is_never_installed(
    folder: Path, tmp_path: Path, hanoi: Review
) -> None:
    book = tmp_path / "dinh-nghia.xlsx"
    export_review_workbook(hanoi, book)
    with Edit(book) as wb:
        ws = wb[IND]
        ws[f"{column(IND, 'area')}{row_of(ws, 'NM02')}"] = "nuoc-mat2"
    imported = read_upload(book.read_bytes(), "dinh-nghia.xlsx")
    assert not imported.ok and imported.review is None
    assert any(f.location.sheet == IND and f.code == "unknown-reference" for f in imported.findings)
    before = (folder / "review.yaml").read_bytes()
    with pytest.raises(ReportgenError, match="còn lỗi"):
        install(folder, imported, dt.datetime.now(dt.UTC))
    assert (folder / "review.yaml").read_bytes() == before and not (folder / BACKUP_DIR).exists()


def test_staged_uploads_are_found_by_their_hash_only(tmp_path: Path) -> None:
    key = stage(tmp_path / "s", b"PK data", "Định nghĩa <mới>.xlsx")
    assert staged(tmp_path / "s", key) == (b"PK data", "Định nghĩa <mới>.xlsx")
    assert staged(tmp_path / "s", "../" + key[3:]) is None
    assert staged(tmp_path / "s", "0" * 64) is None


def test_an_inserted_indicator_moves_the_cells_under_it(hanoi: Review) -> None:
    from reportgen.blank.moves import moved_cells

    assert moved_cells(hanoi, hanoi) == ()
    nm01 = hanoi.indicators[0]
    extra = nm01.model_copy(update={"code": "NM01b", "name": "Chỉ tiêu chèn thêm", "target": None})
    new = _fresh(hanoi.model_copy(update={"indicators": (nm01, extra, *hanoi.indicators[1:])}))
    moves = moved_cells(hanoi, new)
    added = [m for m in moves if m.indicator == "NM01b"]
    assert added and all(m.old == "" and m.new.startswith("Chỉ tiêu!") for m in added)
    second = hanoi.indicators[1].code
    moved = [m for m in moves if m.indicator == second]
    assert moved and all(
        int(m.new[len("Chỉ tiêu!") + 1 :]) == int(m.old[len("Chỉ tiêu!") + 1 :]) + 1 for m in moved
    )
    assert {m.kind for m in moves} <= {u.kind for u in hanoi.units}


def test_moves_read_as_one_line_per_indicator(hanoi: Review) -> None:
    from reportgen.blank.moves import moved_cells, moves_by_indicator

    nm01 = hanoi.indicators[0]
    extra = nm01.model_copy(update={"code": "NM01b", "name": "Chèn", "target": None})
    new = _fresh(hanoi.model_copy(update={"indicators": (nm01, extra, *hanoi.indicators[1:])}))
    lines = moves_by_indicator(moved_cells(hanoi, new))
    first = next(m for m in lines if m.indicator == "NM01b")
    assert first.old == "" and first.new.startswith("Chỉ tiêu!") and "…" in first.new
    assert len({(m.kind, m.indicator) for m in lines}) == len(lines)

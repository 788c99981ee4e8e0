"""A failed submit leaves neither a row nor a file; a crash's temp file is cleaned later."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from reportgen.definition import Review
from reportgen.errors import StoreError
from reportgen.project import Project
from reportgen.store import Store, open_store
from reportgen.store.archive import Archive
from tests.store.helpers import at, make_submission, workbook_bytes


def _files(store: Store) -> list[str]:
    return sorted(p.relative_to(store.archive.root).as_posix() for p in store.archive.root.rglob("*") if p.is_file()
                  and p.suffix != ".sqlite" and "sqlite-" not in p.name)  # fmt: skip


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failure_while_linking_the_file_leaves_no_row_and_no_file(
    store: Store, hanoi: Review, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    def broken(self: Archive, temp: Path, relative: str) -> Path:
        raise failure

    monkeypatch.setattr(Archive, "place", broken)
    data = workbook_bytes(hanoi, "001")
    with pytest.raises(type(failure)):
        store.submit(make_submission(hanoi, "001", data), data, received_at=at(1))
    assert store.versions("001") == []
    assert _files(store) == []


def test_a_failure_during_the_database_insert_leaves_no_row_and_no_file(
    store: Store, hanoi: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.store.ledger as ledger

    def broken(*_args: object) -> dict[type, list[dict[str, object]]]:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(ledger, "child_rows", broken)
    data = workbook_bytes(hanoi, "001")
    with pytest.raises(
        StoreError, match=r"Không ghi được tệp bao-cao\.xlsx vào kho: database is locked"
    ):
        store.submit(make_submission(hanoi, "001", data), data, received_at=at(1))
    monkeypatch.undo()
    assert store.versions("001") == []
    assert _files(store) == []
    # The store still works, and the next file is version 1.
    assert store.submit(make_submission(hanoi, "001", data), data, received_at=at(1)).version == 1


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    first = archive.place(archive.write_temp("001/a.xlsx", b"one"), "001/a.xlsx")
    temp = archive.write_temp("001/a.xlsx", b"two")
    with pytest.raises(FileExistsError):
        archive.place(temp, "001/a.xlsx")
    assert first.read_bytes() == b"one"


def test_temp_files_left_by_a_crash_are_removed_after_an_hour(
    tmp_path: Path, hanoi: Review
) -> None:
    folder = tmp_path / "inputs" / hanoi.id / "001"
    folder.mkdir(parents=True)
    old, fresh = folder / ".dead.tmp", folder / ".alive.tmp"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    hour_ago = time.time() - 3700
    os.utime(old, (hour_ago, hour_ago))
    open_store(Project(tmp_path), hanoi).close()
    assert (old.exists(), fresh.exists()) == (False, True)


def test_a_name_is_stripped_of_folders_and_characters_file_systems_refuse() -> None:
    from reportgen.store.archive import safe_name

    assert safe_name("C:\\Users\\an\\Báo cáo: Q1?.xlsx") == "Báo cáo_ Q1_.xlsx"
    assert safe_name("../..") == "tep"
    long = safe_name("Đ" * 300 + ".xlsx")
    assert long.endswith(".xlsx") and len(long.encode()) <= 200

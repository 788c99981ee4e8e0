"""A failed submit leaves neither a row nor a file; a crash's temp file is cleaned later."""

from __future__ import annotations

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
    one = archive.stage([b"one"], keep_up_to=0)
    first = archive.place(one, "001/a.xlsx")
    archive.finish(one)
    two = archive.stage([b"two"], keep_up_to=0)
    with pytest.raises(FileExistsError):
        archive.place(two, "001/a.xlsx")
    archive.discard(two)
    assert first.read_bytes() == b"one"
    assert list((tmp_path / ".incoming").iterdir()) == []


def test_a_dead_process_temp_file_is_removed_at_once_a_live_one_is_kept(
    tmp_path: Path, hanoi: Review
) -> None:
    root = tmp_path / "inputs" / hanoi.id
    (root / "001").mkdir(parents=True)
    dead = root / "001" / ".dead.tmp"  # an older version's temporary name, unlocked
    dead.write_bytes(b"x")
    live = Archive(root).stage([b"being received"], keep_up_to=0)  # locked by this process
    open_store(Project(tmp_path), hanoi).close()
    assert (dead.exists(), live.temp.exists()) == (False, True)
    Archive(root).discard(live)


def test_a_name_is_stripped_of_folders_and_characters_file_systems_refuse() -> None:
    from reportgen.store.archive import safe_name

    assert safe_name("C:\\Users\\an\\Báo cáo: Q1?.xlsx") == "Báo cáo_ Q1_.xlsx"
    assert safe_name("../..") == "tep"
    long = safe_name("Đ" * 300 + ".xlsx")
    assert long.endswith(".xlsx") and len(long.encode()) <= 200

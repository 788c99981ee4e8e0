"""File storage behind one interface: the same contract on the local folder and on S3 (moto server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import StoreError
from reportgen.store.archive import Archive
from reportgen.store.blobs import BlobStore, S3Blobs, open_blobs


@pytest.fixture(params=["local", "s3"])
def files(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    """An empty file storage of each kind, opened from its configuration as the store does."""
    root = tmp_path / "inputs" / "nq11"
    if request.param == "local":
        return open_blobs(root, "nq11", "")
    storage: str = request.getfixturevalue("s3_storage")
    return open_blobs(root, "nq11", storage)


def test_a_file_is_kept_byte_for_byte_and_never_overwritten(files: BlobStore) -> None:
    data = bytes(range(256)) * 5000  # over one chunk
    key = "001/20221205T020000Z-abcdef012345-Báo cáo quận Ba Đình.xlsx"
    assert not files.exists(key)
    files.put(key, data)
    assert files.exists(key) and files.get(key) == data
    assert b"".join(files.chunks(key)) == data
    with pytest.raises(FileExistsError):
        files.put(key, b"something else")
    assert files.get(key) == data
    files.put("002/b.pdf", b"%PDF-1.4")
    assert files.keys() == [key, "002/b.pdf"]
    assert files.keys("002/") == ["002/b.pdf"] and list(files.stored_files()) == [key, "002/b.pdf"]
    files.delete("002/b.pdf")  # a write whose row was never committed
    files.delete("002/b.pdf")  # already gone: no error
    assert not files.exists("002/b.pdf")
    with pytest.raises(FileNotFoundError):
        files.get("002/b.pdf")


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/./b", "a\\b", ""])
def test_hostile_keys_are_refused(files: BlobStore, key: str) -> None:
    with pytest.raises(StoreError, match="không hợp lệ"):
        files.put(key, b"x")
    with pytest.raises(StoreError, match="không hợp lệ"):
        files.get(key)


def test_where_a_file_is_is_said_for_people_and_only_local_files_have_a_path(
    files: BlobStore,
) -> None:
    if isinstance(files, S3Blobs):
        assert files.url("001/a.xlsx") == f"s3://{files.bucket}/nq11/nq11/001/a.xlsx"
        assert files.local_path("001/a.xlsx") is None
    else:
        assert files.local_path("001/a.xlsx") == files.root / "001/a.xlsx"
        assert files.url("001/a.xlsx") == str(files.root / "001/a.xlsx")


def test_a_local_write_leaves_no_temporary_file_and_bad_configuration_is_refused(
    tmp_path: Path,
) -> None:
    files = Archive(tmp_path)
    files.put("u/a.xlsx", b"PK\x03\x04")
    with pytest.raises(FileExistsError):
        files.put("u/a.xlsx", b"PK\x03\x04 other")
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == ["a.xlsx"]
    assert list((tmp_path / ".incoming").iterdir()) == []
    with pytest.raises(StoreError, match="Không hỗ trợ kho tệp 'ftp://host/x'"):
        open_blobs(tmp_path, "r", "ftp://host/x")
    with pytest.raises(StoreError, match="thiếu tên bucket"):
        open_blobs(tmp_path, "r", "s3:///x")
    assert isinstance(open_blobs(tmp_path, "r", "local"), Archive)

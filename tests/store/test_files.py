"""File storage behind one interface: the same contract on a local folder and on S3 (moto server)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.errors import StoreError
from reportgen.store.files import FileStore, LocalFiles, open_files


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3-compatible server on loopback, for this module."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(params=["local", "s3"])
def files(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> FileStore:
    """An empty file store of each kind, opened from its URL as the configuration names it."""
    if request.param == "local":
        return open_files(f"file://{tmp_path / 'inputs'}")
    import boto3

    endpoint = request.getfixturevalue("s3_endpoint")
    # Test-only credentials for the local fake server (boto3 insists on having some).
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        monkeypatch.setenv(name, value)
    bucket = f"reportgen-{os.urandom(4).hex()}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
    return open_files(f"s3://{bucket}/nq11?endpoint_url={endpoint}&region=us-east-1")


def test_a_file_is_kept_byte_for_byte_and_never_overwritten(files: FileStore) -> None:
    data = bytes(range(256)) * 1000
    key = "001/20221205T020000Z-abcdef012345-Báo cáo quận Ba Đình.xlsx"
    assert not files.exists(key)
    files.put(key, data)
    assert files.exists(key) and files.get(key) == data
    with pytest.raises(FileExistsError):
        files.put(key, b"something else")
    assert files.get(key) == data
    files.put("002/b.pdf", b"%PDF-1.4")
    assert files.keys() == [
        "001/20221205T020000Z-abcdef012345-Báo cáo quận Ba Đình.xlsx",
        "002/b.pdf",
    ]
    assert files.keys("002/") == ["002/b.pdf"]
    files.delete("002/b.pdf")
    files.delete("002/b.pdf")  # already gone: no error
    assert not files.exists("002/b.pdf")
    with pytest.raises(FileNotFoundError):
        files.get("002/b.pdf")


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/./b", "a\\b", ""])
def test_hostile_keys_are_refused(files: FileStore, key: str) -> None:
    with pytest.raises(StoreError, match="không hợp lệ"):
        files.put(key, b"x")


def test_a_local_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    files = LocalFiles(tmp_path)
    files.put("u/a.xlsx", b"PK\x03\x04")
    with pytest.raises(FileExistsError):
        files.put("u/a.xlsx", b"PK\x03\x04 other")
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == ["a.xlsx"]
    with pytest.raises(StoreError, match="Không hỗ trợ kho tệp 'ftp://'"):
        open_files("ftp://host/x")

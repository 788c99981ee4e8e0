"""Where received files live, behind one small interface: a local folder or S3-compatible storage.

Keys are POSIX relative paths (the archive's ``<unit>/<stamp>-<sha12>-<name>``). Both backends
keep the archive's promise: a file is written whole or not at all, and an existing key is never
overwritten (``FileExistsError``).

* :class:`LocalFiles` — a folder (the default; a shared NFS/CephFS mount serves several machines):
  temporary file + fsync + ``os.link`` (which refuses to replace), directory fsync.
* :class:`S3Files` — any S3 API (Ceph RGW, SeaweedFS, Garage, a provider's S3) through boto3:
  ``PutObject`` with ``If-None-Match: *`` (S3 conditional writes), so two machines writing the
  same key cannot both win; a single PUT is atomic, readers never see half an object.

:func:`open_files` picks one from a URL: a path or ``file:///…``, or
``s3://bucket/prefix?endpoint_url=https://…&region=…`` (credentials from the usual AWS
environment variables or files, never from the URL).

Cover documents (:mod:`reportgen.store.review_flow`) are written through it already; the
workbooks' :mod:`reportgen.store.archive` is not yet (it was being rewritten at the same time),
see docs/dev/jobs.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from reportgen.errors import StoreError

__all__ = ["FileStore", "LocalFiles", "S3Files", "open_files"]


class FileStore(Protocol):
    """The operations the archive needs."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``; ``FileExistsError`` if the key exists."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes of ``key``; ``FileNotFoundError`` if there are none."""
        ...

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds a file."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` (no error if it is already gone)."""
        ...

    def keys(self, prefix: str = "") -> list[str]:
        """Every key under ``prefix``, sorted."""
        ...


def _checked(key: str) -> str:
    """A relative POSIX key without ``..``, absolute parts or empty segments (hostile names)."""
    path = PurePosixPath(key)
    if (
        not key
        or key.startswith("/")
        or "\\" in key
        or any(p in ("", ".", "..") for p in key.split("/"))
    ):
        raise StoreError(f"Tên tệp trong kho không hợp lệ: {key!r}")
    return str(path)


class LocalFiles:
    """Files in a local (or mounted) folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def put(self, key: str, data: bytes) -> None:
        """Write to a temporary name beside the target, fsync, link into place, fsync the folder."""
        final = self._path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = final.parent / f".{secrets.token_hex(8)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, final)  # FileExistsError rather than overwrite
        finally:
            temp.unlink()
        _fsync_dir(final.parent)

    def get(self, key: str) -> bytes:
        """The file's bytes."""
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        """Whether the file exists."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file if present."""
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix: str = "") -> list[str]:
        """Every stored file under ``prefix`` (temporary files excluded)."""
        if not self.root.is_dir():
            return []
        found = (
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.is_file() and not p.name.endswith(".tmp")
        )
        return sorted(k for k in found if k.startswith(prefix))


class S3Files:
    """Objects in an S3-compatible bucket, under ``prefix``."""

    def __init__(
        self, bucket: str, prefix: str = "", client: Any = None, **client_args: Any
    ) -> None:
        # Optional dependency (extra "s3"): imported only by those who configure S3.
        import boto3
        from botocore.exceptions import ClientError

        self._error: type[Exception] = ClientError
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = client or boto3.client("s3", **client_args)

    def _key(self, key: str) -> str:
        key = _checked(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes) -> None:
        """One conditional PUT: refused (FileExistsError) if the object already exists."""
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, IfNoneMatch="*"
            )
        except self._error as exc:
            if _status(exc) in (409, 412):
                raise FileExistsError(key) from exc
            raise StoreError(f"Không ghi được tệp {key} vào kho S3 {self.bucket}: {exc}") from exc

    def get(self, key: str) -> bytes:
        """The object's bytes."""
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
            return bytes(body.read())
        except self._error as exc:
            if _status(exc) == 404:
                raise FileNotFoundError(key) from exc
            raise StoreError(f"Không đọc được tệp {key} từ kho S3 {self.bucket}: {exc}") from exc

    def exists(self, key: str) -> bool:
        """Whether the object exists (HEAD)."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except self._error as exc:
            if _status(exc) == 404:
                return False
            raise StoreError(f"Không đọc được kho S3 {self.bucket}: {exc}") from exc

    def delete(self, key: str) -> None:
        """Remove the object (S3 does not mind if it is gone)."""
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def keys(self, prefix: str = "") -> list[str]:
        """Every object under ``prefix``, paging through the listing."""
        base = f"{self.prefix}/" if self.prefix else ""
        paginator = self.client.get_paginator("list_objects_v2")
        found = []
        for page in paginator.paginate(Bucket=self.bucket, Prefix=base + prefix):
            found += [item["Key"][len(base) :] for item in page.get("Contents", [])]
        return sorted(found)


def _status(exc: Any) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def open_files(url: str) -> FileStore:
    """The file store named by ``url`` (a folder path, ``file://…`` or ``s3://bucket/prefix?…``)."""
    parts = urlsplit(url)
    if parts.scheme in ("", "file"):
        return LocalFiles(Path(parts.path if parts.scheme else url))
    if parts.scheme == "s3":
        if not parts.netloc:
            raise StoreError(f"Địa chỉ kho S3 thiếu tên bucket: {url}")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        args = {}
        if "endpoint_url" in query:
            args["endpoint_url"] = query["endpoint_url"]
        if "region" in query:
            args["region_name"] = query["region"]
        return S3Files(parts.netloc, parts.path, **args)
    raise StoreError(f"Không hỗ trợ kho tệp '{parts.scheme}://': dùng thư mục, file:// hoặc s3://.")


def _fsync_dir(path: Path) -> None:
    # Makes the new directory entry durable; not possible on every platform (e.g. Windows).
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

"""Where received files live, behind one interface: the local folder (default) or S3-compatible storage.

Every stored file is named by a *key*, its path relative to the review's root
(``<unit>/<YYYYmmddTHHMMSSZ>-<sha12>-<name>``, as in the ``stored_path`` column). The store,
crash recovery, assignment and every reader go through :class:`BlobStore`; nothing else needs
to know which backend holds the bytes.

* :class:`~reportgen.store.archive.Archive` — the folder ``inputs/<review>/``, unchanged on disk
  (existing stores keep working): ``flock``-ed temporary file, ``os.link`` that never replaces.
* :class:`S3Blobs` — any S3 API (AWS, Ceph RGW, SeaweedFS, Garage, a provider's S3) through
  boto3. A file is still streamed and hashed into a locked local temporary file (so intake reads
  it and a kill leaves nothing in the bucket), then written with **one conditional PUT**
  (``If-None-Match: *``): the object appears whole or not at all and an existing key is never
  overwritten, by this machine or another. ``x-amz-checksum-sha256`` makes the server check the
  bytes it received against our hash. The database row stays the commit point: an object
  without a row is adopted or set aside by recovery, like a local file — but only once it is
  older than ``adopt_after`` seconds, because S3 has no lock that dies with its writer.

Configuration (:func:`open_blobs`): ``REPORTGEN_STORAGE`` = ``s3://bucket/prefix`` (unset or
``local``: the folder); the endpoint from ``REPORTGEN_S3_ENDPOINT`` (or boto3's own
``AWS_ENDPOINT_URL``); credentials and region from the usual ``AWS_*`` variables or files,
never from the URL. Keys on S3 are ``<prefix>/<review>/<key>``.

boto3 rather than fsspec/s3fs: the store is synchronous and needs exactly the S3 calls
(conditional PUT, checksum, copy, list); s3fs wraps them in asyncio through aiobotocore, which
pins botocore to a narrow range and has lagged new S3 features such as conditional writes.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from reportgen.errors import MissingDependencyError, StoreError
from reportgen.store.archive import ASIDE, INCOMING, Archive, Staged, checked_key

__all__ = ["ADOPT_AFTER_SECONDS", "BlobStore", "S3Blobs", "open_blobs"]

ADOPT_AFTER_SECONDS = 600  # an S3 object without a row is a crash's only after this long
_CHUNK = 1024 * 1024


class BlobStore(Protocol):
    """What the store needs from the place where files are kept (keys are relative POSIX paths)."""

    root: Path  # the local folder of the review (temporary files; the files themselves if local)

    @property
    def location(self) -> str:
        """Where the files are, for people (a folder, or ``s3://bucket/prefix``)."""
        ...

    def relative_path(
        self, unit_code: str | None, received_at: dt.datetime, sha256: str, file_name: str
    ) -> str:
        """The key a received file gets."""
        ...

    # receiving: stage (local, locked, hashed) → place (final key, never overwriting) → commit
    def stage(self, chunks: Any, *, keep_up_to: int) -> Staged:
        """Stream ``chunks`` to a locked temporary file, hashing them."""
        ...

    def place(self, staged: Staged, relative: str) -> object:
        """Store the staged bytes under ``relative``; ``FileExistsError`` if it is taken."""
        ...

    def finish(self, staged: Staged) -> None:
        """After the commit: drop the temporary file, release its lock."""
        ...

    def release(self, staged: Staged) -> None:
        """Release the temporary file's lock."""
        ...

    def discard(self, staged: Staged, placed: str | None = None) -> None:
        """Undo a failed or duplicate submit: the temporary file and the placed key."""
        ...

    def same_bytes(self, relative: str, staged: Staged) -> bool:
        """Whether ``relative`` holds exactly the staged bytes."""
        ...

    # reading, by key
    def url(self, relative: str) -> str:
        """Where one file is, for people."""
        ...

    def local_path(self, relative: str) -> Path | None:
        """The file on this machine's disk, or None on object storage."""
        ...

    def chunks(self, relative: str) -> Iterator[bytes]:
        """The file's bytes in 1 MiB chunks; ``FileNotFoundError`` if there is none."""
        ...

    def get(self, relative: str) -> bytes:
        """The file's whole bytes; ``FileNotFoundError`` if there is none."""
        ...

    def exists(self, relative: str) -> bool:
        """Whether a file is stored under ``relative``."""
        ...

    def keys(self, prefix: str = "") -> list[str]:
        """Every stored key under ``prefix``, sorted (temporary files excluded)."""
        ...

    # writing small files and bookkeeping
    def put(self, relative: str, data: bytes) -> None:
        """Store ``data`` under a new key; ``FileExistsError`` if it is taken."""
        ...

    def replace(self, relative: str, data: bytes) -> None:
        """Rewrite a bookkeeping file (never a received file)."""
        ...

    def remove(self, relative: str) -> None:
        """Remove a key whose row was never committed (files with rows are never deleted)."""
        ...

    def delete(self, relative: str) -> None:
        """Same as :meth:`remove`."""
        ...

    # recovery
    def stored_files(self) -> Iterator[str]:
        """Keys of the files in the unit folders (not temporary, not set aside)."""
        ...

    def temp_files(self) -> list[Path]:
        """Local temporary files."""
        ...

    def abandoned(self, path: Path) -> AbstractContextManager[bool]:
        """Whether no live process holds a local temporary file."""
        ...

    def unlink(self, path: Path) -> None:
        """Remove a local temporary file."""
        ...

    def claim(self, relative: str) -> AbstractContextManager[bool]:
        """Whether the writer of the stored key ``relative`` is gone (it may be adopted)."""
        ...

    def move_aside(self, relative: str) -> str:
        """Move an unadoptable file to ``_tach-rieng/``; its new key."""
        ...


class S3Blobs(Archive):
    """Files in an S3-compatible bucket under ``prefix``; staging stays in the local folder."""

    def __init__(
        self,
        root: Path,
        bucket: str,
        prefix: str = "",
        *,
        client: Any = None,
        endpoint_url: str | None = None,
        region: str | None = None,
        adopt_after: float = ADOPT_AFTER_SECONDS,
    ) -> None:
        super().__init__(root)
        try:  # optional dependency (extra "s3"): only those who configure S3 need it
            import boto3
            from botocore.config import Config
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError as exc:
            raise MissingDependencyError(
                "Chưa cài thư viện boto3 để dùng kho S3: pip install 'reportgen[s3]'."
            ) from exc
        self._client_error: type[Exception] = ClientError
        self._errors: tuple[type[Exception], ...] = (ClientError, BotoCoreError)
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.adopt_after = adopt_after
        self.client = client or boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(retries={"mode": "standard", "max_attempts": 5}),
        )

    def _key(self, relative: str) -> str:
        relative = checked_key(relative)
        return f"{self.prefix}/{relative}" if self.prefix else relative

    @contextmanager
    def _calls(self, relative: str, verb: str) -> Iterator[None]:
        """S3 errors as FileNotFoundError (404), FileExistsError (409/412) or a Vietnamese StoreError."""
        try:
            yield
        except self._errors as exc:
            status, code = _status(exc), _reason(exc)
            if status == 404 and code != "NoSuchBucket":
                raise FileNotFoundError(2, "không có tệp trong kho S3", relative) from exc
            if status in (409, 412) and code != "NoSuchBucket":
                raise FileExistsError(17, "đã có tệp trùng tên trong kho S3", relative) from exc
            what = f" tệp {relative}" if relative else ""
            raise StoreError(f"Kho S3 {self.location}: không {verb} được{what} ({code}).") from exc

    def check(self) -> None:
        """Fail early, in Vietnamese, when the bucket cannot be reached."""
        with self._calls("", f"truy cập bucket {self.bucket}"):
            self._bucket_exists()

    def _bucket_exists(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except self._client_error as exc:
            if _status(exc) == 404:
                raise StoreError(
                    f"Kho S3 {self.location}: không truy cập được bucket {self.bucket} (NoSuchBucket)."
                ) from exc
            raise

    @property
    def location(self) -> str:
        """``s3://bucket/prefix``."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def url(self, relative: str) -> str:
        """``s3://bucket/prefix/key``."""
        return f"s3://{self.bucket}/{self._key(relative)}"

    def local_path(self, relative: str) -> Path | None:
        """None: the file is not on this machine's disk."""
        return None

    # -- receiving -------------------------------------------------------------------------

    # S3 takes at most 5 GiB in one PUT; a bigger file goes in parts of PART_BYTES (S3 allows
    # 10,000 parts of at least 5 MiB). Instance attributes, so the tests can lower them.
    single_put_bytes = 5 * 1024**3
    part_bytes = 512 * 1024**2

    def place(self, staged: Staged, relative: str) -> None:
        """One conditional PUT of the staged file, checked by the server against its SHA-256.

        Over :attr:`single_put_bytes`, a multipart upload whose completion is just as
        conditional (``If-None-Match: *``): the key appears whole or not at all, never twice.
        """
        if staged.size > self.single_put_bytes:
            self._place_in_parts(staged, relative)
            return
        checksum = base64.b64encode(bytes.fromhex(staged.sha256)).decode()
        with open(staged.temp, "rb") as body, self._calls(relative, "ghi"):
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(relative),
                Body=body,
                ContentLength=staged.size,
                IfNoneMatch="*",
                ChecksumSHA256=checksum,
                Metadata={"sha256": staged.sha256},
            )

    def _place_in_parts(self, staged: Staged, relative: str) -> None:
        key = self._key(relative)
        with self._calls(relative, "ghi"):
            upload = self.client.create_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                ChecksumAlgorithm="SHA256",
                Metadata={"sha256": staged.sha256},
            )["UploadId"]
        try:
            parts = []
            with open(staged.temp, "rb") as body:
                number = 1
                while chunk := body.read(self.part_bytes):
                    # Each part is checked by the server against its own SHA-256.
                    digest = base64.b64encode(hashlib.sha256(chunk).digest()).decode()
                    with self._calls(relative, "ghi"):
                        answer = self.client.upload_part(
                            Bucket=self.bucket, Key=key, UploadId=upload, PartNumber=number,
                            Body=chunk, ChecksumSHA256=digest,
                        )  # fmt: skip
                    parts.append(
                        {"PartNumber": number, "ETag": answer["ETag"], "ChecksumSHA256": digest}
                    )
                    number += 1
            with self._calls(relative, "ghi"):
                self.client.complete_multipart_upload(
                    Bucket=self.bucket, Key=key, UploadId=upload,
                    MultipartUpload={"Parts": parts}, IfNoneMatch="*",
                )  # fmt: skip
        except BaseException:
            # Nothing half-sent stays billed in the bucket; the key was never created.
            with contextlib.suppress(Exception), self._calls(relative, "xoá"):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload)
            raise

    def put(self, relative: str, data: bytes) -> None:
        """Store small ``data`` under a new key with one conditional PUT."""
        with self._calls(relative, "ghi"):
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(relative), Body=data, IfNoneMatch="*"
            )

    def replace(self, relative: str, data: bytes) -> None:
        """Overwrite a bookkeeping object (a single PUT is atomic on S3)."""
        with self._calls(relative, "ghi"):
            self.client.put_object(Bucket=self.bucket, Key=self._key(relative), Body=data)

    def remove(self, relative: str) -> None:
        """Delete an object whose row was never committed (S3 does not mind if it is gone)."""
        with self._calls(relative, "xoá"):
            self.client.delete_object(Bucket=self.bucket, Key=self._key(relative))

    delete = remove

    # -- reading ---------------------------------------------------------------------------

    def chunks(self, relative: str) -> Iterator[bytes]:
        """The object's bytes, streamed in 1 MiB chunks."""
        with self._calls(relative, "đọc"):
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(relative))["Body"]
        return self._stream(body, relative)

    def _stream(self, body: Any, relative: str) -> Iterator[bytes]:
        try:
            with self._calls(relative, "đọc"):
                while chunk := body.read(_CHUNK):
                    yield bytes(chunk)
        finally:
            body.close()

    def get(self, relative: str) -> bytes:
        """The object's whole bytes."""
        return b"".join(self.chunks(relative))

    def exists(self, relative: str) -> bool:
        """Whether the object exists (HEAD)."""
        try:
            self._head(relative)
        except FileNotFoundError:
            return False
        return True

    def _head(self, relative: str) -> dict[str, Any]:
        with self._calls(relative, "đọc"):
            head: dict[str, Any] = self.client.head_object(
                Bucket=self.bucket, Key=self._key(relative)
            )
            return head

    def _listing(self, prefix: str = "") -> Iterator[dict[str, Any]]:
        base = f"{self.prefix}/" if self.prefix else ""
        paginator = self.client.get_paginator("list_objects_v2")
        with self._calls("", "liệt kê"):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=base + prefix):
                for item in page.get("Contents", []):
                    yield {**item, "Key": item["Key"][len(base) :]}

    def keys(self, prefix: str = "") -> list[str]:
        """Every object under ``prefix``, paging through the listing."""
        return sorted(
            item["Key"]
            for item in self._listing(prefix)
            if not item["Key"].rsplit("/", 1)[-1].startswith(".")
        )

    # -- recovery --------------------------------------------------------------------------

    def stored_files(self) -> Iterator[str]:
        """Keys ``<folder>/<name>`` outside ``_tach-rieng/`` and hidden folders."""
        for key in self.keys():
            folder, slash, name = key.partition("/")
            if slash and "/" not in name and folder not in (INCOMING, ASIDE) and folder[0] != ".":
                yield key

    @contextmanager
    def claim(self, relative: str) -> Iterator[bool]:
        """True once the object is ``adopt_after`` seconds old: S3 has no lock that dies with
        its writer, and a live submit puts its object milliseconds before committing its row."""
        try:
            head = self._head(relative)
        except FileNotFoundError:
            yield False
            return
        age = dt.datetime.now(dt.UTC) - head["LastModified"]
        yield age.total_seconds() >= self.adopt_after

    def move_aside(self, relative: str) -> str:
        """Copy to ``_tach-rieng/<unit>__<name>`` (a fresh key), then delete the original."""
        name = relative.replace("/", "__")
        target = f"{ASIDE}/{name}"
        while self.exists(target):
            target = f"{ASIDE}/{secrets.token_hex(3)}-{name}"
        with self._calls(relative, "chuyển"):
            self.client.copy_object(
                Bucket=self.bucket,
                Key=self._key(target),
                CopySource={"Bucket": self.bucket, "Key": self._key(relative)},
            )
        self.remove(relative)
        return target


def _status(exc: Any) -> int:
    response = getattr(exc, "response", None) or {}
    return int(response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def _reason(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    error = response.get("Error", {})
    return str(error.get("Code") or error.get("Message") or exc).splitlines()[0]


def open_blobs(root: Path, review_id: str, storage: str | None = None) -> BlobStore:
    """The file storage of one review: ``storage`` (else ``REPORTGEN_STORAGE``), default the folder.

    ``root`` is ``inputs/<review>/`` (the folder itself, or where S3 uploads are staged).
    """
    storage = storage if storage is not None else os.environ.get("REPORTGEN_STORAGE", "")
    parts = urlsplit(storage.strip())
    if not storage.strip() or storage.strip() == "local" or parts.scheme == "file":
        return Archive(root)
    if parts.scheme != "s3":
        raise StoreError(
            f"Không hỗ trợ kho tệp '{storage}': để trống (thư mục inputs/) hoặc s3://bucket/thư-mục."
        )
    if not parts.netloc:
        raise StoreError(f"Địa chỉ kho S3 thiếu tên bucket: {storage}")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    endpoint = query.get("endpoint_url") or os.environ.get("REPORTGEN_S3_ENDPOINT") or None
    try:
        adopt_after = float(os.environ.get("REPORTGEN_S3_ADOPT_AFTER", ADOPT_AFTER_SECONDS))
    except ValueError as exc:
        raise StoreError("REPORTGEN_S3_ADOPT_AFTER phải là một số giây.") from exc
    prefix = "/".join(p for p in (parts.path.strip("/"), review_id) if p)
    blobs = S3Blobs(
        root,
        parts.netloc,
        prefix,
        endpoint_url=endpoint,
        region=query.get("region"),
        adopt_after=adopt_after,
    )
    blobs.check()
    return blobs

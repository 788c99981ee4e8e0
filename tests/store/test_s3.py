"""The store with its files on S3 (moto's server on loopback): receive, versions, read-back, recovery.

The same promises as on the local folder (test_ledger, test_atomic, test_recovery, test_crash):
every file kept byte for byte and never overwritten, the database row the commit point, a
failed submit leaves no object, an object without a row is adopted or set aside on open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import OperationalError

from reportgen.cli import main
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.errors import StoreError
from reportgen.findings import Verdict
from reportgen.project import Project
from reportgen.store import Store, assign, open_store, receive_file, set_aside
from reportgen.store.blobs import S3Blobs
from reportgen.store.status import UnitState
from tests.conftest import HANOI_DIR
from tests.store import s3
from tests.store.helpers import at, make_submission, workbook_bytes


def _objects(store: Store) -> dict[str, bytes]:
    """Every object of the store's prefix, read with a separate client (not the store's code)."""
    blobs = store.archive
    assert isinstance(blobs, S3Blobs)
    client: Any = s3.client(blobs.client.meta.endpoint_url)
    found = client.list_objects_v2(Bucket=blobs.bucket, Prefix=blobs.prefix + "/")
    return {
        item["Key"][len(blobs.prefix) + 1 :]: client.get_object(
            Bucket=blobs.bucket, Key=item["Key"]
        )["Body"].read()
        for item in found.get("Contents", [])
    }


def _local_files(store: Store) -> list[str]:
    root = store.archive.root
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                  and p.suffix != ".sqlite" and "sqlite-" not in p.name)  # fmt: skip


def test_a_file_goes_to_the_bucket_byte_for_byte_under_its_unit_and_nothing_stays_local(
    s3_store: Store, hanoi: Review
) -> None:
    data = workbook_bytes(hanoi, "001")
    sent = make_submission(hanoi, "001", data, name="Báo cáo Ba Đình.xlsx")
    result = s3_store.submit(sent, data, received_at=at(4))
    key = f"001/20221204T023000Z-{sent.sha256[:12]}-Báo cáo Ba Đình.xlsx"
    assert result.stored_key == key and result.version == 1
    assert _objects(s3_store) == {key: data}
    assert _local_files(s3_store) == []  # the staged copy is gone
    assert s3_store.read_file(result) == data
    assert result.location == f"{s3_store.archive.location}/{key}"
    assert result.location.startswith("s3://reportgen-") and "/nq11/" in result.location


def test_versions_duplicates_and_counting_on_s3_and_every_version_reads_back(
    s3_store: Store, hanoi: Review
) -> None:
    good, bad = workbook_bytes(hanoi, "002", 1), workbook_bytes(hanoi, "002", 2)
    s3_store.submit(
        make_submission(hanoi, "002", good, values={("NM01", 2022): 10}), good, received_at=at(2)
    )
    again = s3_store.submit(make_submission(hanoi, "002", good, name="lai.xlsx"), good)
    assert again.duplicate and again.stored_key == s3_store.versions("002")[0].stored_key
    s3_store.submit(make_submission(hanoi, "002", bad, rejected=True), bad, received_at=at(3))
    versions = s3_store.versions("002")
    assert [(r.version, r.counting, r.verdict) for r in versions] == [
        (1, True, Verdict.ACCEPTED), (2, False, Verdict.REJECTED)]  # fmt: skip
    assert [s3_store.read_file(r) for r in versions] == [good, bad]
    assert b"".join(s3_store.file_chunks(versions[1])) == bad
    assert len(_objects(s3_store)) == 2  # the duplicate stored nothing
    [(_, counted)] = s3_store.counting(hanoi)
    assert [(v.indicator, v.value) for v in counted.values] == [("NM01", 10)]


def test_an_existing_object_is_never_overwritten_by_this_or_another_machine(
    s3_store: Store,
) -> None:
    blobs = s3_store.archive
    blobs.put("001/a.xlsx", b"one")
    other = S3Blobs(Path("/nonexistent"), blobs.bucket, blobs.prefix,  # type: ignore[attr-defined]
                    endpoint_url=os.environ["REPORTGEN_S3_ENDPOINT"])  # fmt: skip
    with pytest.raises(FileExistsError):
        other.put("001/a.xlsx", b"two")  # the server refuses: If-None-Match: *
    staged = blobs.stage([b"three"], keep_up_to=0)
    with pytest.raises(FileExistsError):
        blobs.place(staged, "001/a.xlsx")
    blobs.discard(staged)
    assert blobs.get("001/a.xlsx") == b"one" and _local_files(s3_store) == []
    with pytest.raises(StoreError, match="không hợp lệ"):
        blobs.put("../x", b"x")


def test_a_failed_database_insert_leaves_no_row_no_object_and_no_local_file(
    s3_store: Store, hanoi: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.store.ledger as ledger

    real = ledger.child_rows

    def broken(*_args: object) -> dict[type, list[dict[str, object]]]:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(ledger, "child_rows", broken)
    data = workbook_bytes(hanoi, "001")
    with pytest.raises(StoreError, match="database is locked"):
        s3_store.submit(make_submission(hanoi, "001", data), data, received_at=at(1))
    monkeypatch.setattr(ledger, "child_rows", real)
    assert s3_store.versions("001") == [] and _objects(s3_store) == {}
    assert _local_files(s3_store) == []
    assert (
        s3_store.submit(make_submission(hanoi, "001", data), data, received_at=at(1)).version == 1
    )


def test_a_failed_upload_is_a_vietnamese_receipt_error_and_keeps_nothing(
    s3_store: Store, hanoi: Review, tmp_path: Path
) -> None:
    path = tmp_path / "001.xlsx"
    path.write_bytes(workbook_bytes(hanoi, "001"))
    blobs: Any = s3_store.archive
    bucket, blobs.bucket = blobs.bucket, "khong-co-bucket-nay"
    receipt = receive_file(s3_store, path, received_at=at(1))
    blobs.bucket = bucket
    assert receipt.result is None and receipt.exit_code == 7
    assert (
        receipt.error is not None and "Kho S3" in receipt.error and "NoSuchBucket" in receipt.error
    )
    assert s3_store.versions("001") == [] and _local_files(s3_store) == []


def test_objects_without_rows_are_adopted_or_set_aside_on_open(
    tmp_path: Path, hanoi: Review, s3_storage: str
) -> None:
    data = workbook_bytes(hanoi, "001")
    sha = hashlib.sha256(data).hexdigest()
    with open_store(Project(tmp_path), hanoi, storage=s3_storage) as store:
        # What a kill between the PUT and the commit leaves, and what hands can drop in.
        store.archive.put(f"001/20221204T023000Z-{sha[:12]}-bao-cao.xlsx", data)
        store.archive.put("002/chep-tay.xlsx", b"dropped in by hand")
        store.archive.put(f"003/20221204T023000Z-{'0' * 12}-sua.xlsx", b"edited")
    with open_store(Project(tmp_path), hanoi, storage=s3_storage) as store:
        assert store.last_recovery.adopted == (f"001/20221204T023000Z-{sha[:12]}-bao-cao.xlsx",)
        [record] = store.versions("001")
        assert record.recovered and store.read_file(record) == data
        assert record.received_at == dt.datetime(2022, 12, 4, 2, 30, tzinfo=dt.UTC)
        assert next(s.state for s in store.statuses(hanoi) if s.unit_code == "001") is (
            UnitState.ON_TIME
        )
        aside = {a.original: a for a in set_aside(store)}
        assert sorted(aside) == ["002/chep-tay.xlsx", f"003/20221204T023000Z-{'0' * 12}-sua.xlsx"]
        assert "không do kho tệp đặt" in aside["002/chep-tay.xlsx"].reason
        assert "không khớp mã băm" in aside[f"003/20221204T023000Z-{'0' * 12}-sua.xlsx"].reason
        objects = _objects(store)
        assert objects[aside["002/chep-tay.xlsx"].path] == b"dropped in by hand"  # never deleted
        assert "002/chep-tay.xlsx" not in objects
        assert json.loads(objects["_tach-rieng/.ly-do.json"])  # the reasons, in the bucket
    with open_store(Project(tmp_path), hanoi, storage=s3_storage) as store:
        assert not store.last_recovery.changed  # nothing left to recover


def test_a_young_object_without_a_row_may_be_a_live_submit_and_is_left_alone(
    tmp_path: Path, hanoi: Review, s3_storage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = workbook_bytes(hanoi, "001")
    key = f"001/20221204T023000Z-{hashlib.sha256(data).hexdigest()[:12]}-bao-cao.xlsx"
    monkeypatch.setenv("REPORTGEN_S3_ADOPT_AFTER", "3600")
    with open_store(Project(tmp_path), hanoi, storage=s3_storage) as store:
        store.archive.put(key, data)
    with open_store(Project(tmp_path), hanoi, storage=s3_storage) as store:
        assert not store.last_recovery.changed and store.versions("001") == []
        # Its writer's resubmit of the same bytes takes the name over.
        result = store.submit(make_submission(hanoi, "001", data), data, received_at=at(4))
        assert (result.version, result.stored_key) == (1, key)
        assert store.read_file(result) == data


def test_an_unidentified_file_on_s3_is_assigned_by_reading_it_back(
    s3_store: Store, hanoi: Review, tmp_path: Path
) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 broken zip")
    receipt = receive_file(s3_store, path, received_at=at(3))
    assert receipt.result is not None and receipt.result.stored_key.startswith("_khong-xac-dinh/")
    [waiting] = s3_store.unidentified()
    result = assign(s3_store, waiting.record.submission_id, "002", by="Văn phòng")
    assert result.version == 1 and result.stored_key == waiting.record.stored_key
    [assigned] = s3_store.versions("002")
    assert s3_store.read_file(assigned) == b"PK\x03\x04 broken zip"


def test_a_file_over_the_limit_is_streamed_to_the_bucket_whole(
    s3_store: Store, hanoi: Review, tmp_path: Path
) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)  # several chunks
    path = tmp_path / "to.xlsx"
    path.write_bytes(data)
    receipt = receive_file(s3_store, path, received_at=at(2), max_bytes=1024 * 1024)
    assert receipt.result is not None and receipt.result.verdict is Verdict.REJECTED
    assert s3_store.read_file(receipt.result) == data
    assert list(_objects(s3_store).values()) == [data]


def _cli_env(tmp_path: Path, storage: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("REPORTGEN_") or k == "REPORTGEN_CACHE"
    }
    return env | s3.environment(os.environ["REPORTGEN_S3_ENDPOINT"]) | {
        "REPORTGEN_ROOT": str(tmp_path), "REPORTGEN_REVIEW": str(HANOI_DIR),
        "REPORTGEN_STORAGE": storage, "REPORTGEN_S3_ADOPT_AFTER": "0"}  # fmt: skip


@pytest.mark.parametrize("step", ["rows-written", "placed"])
def test_a_real_submit_killed_after_upload_is_recovered_from_the_bucket(
    tmp_path: Path, hanoi: Review, s3_storage: str, step: str
) -> None:
    path = tmp_path / "001.xlsx"
    write_sample(hanoi, hanoi.unit_by_code["001"], path, seed=7)
    env = _cli_env(tmp_path, s3_storage) | {"REPORTGEN_CRASH_AT": step}
    killed = subprocess.run(
        [sys.executable, "-m", "reportgen", "submit", str(path), "--received-at", "2022-12-04 09:30"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open_store(Project(tmp_path), hanoi, storage=s3_storage) as store:
        assert not list(store.archive.root.rglob("*.tmp"))  # the dead staging file is gone
        assert set(store.archive.stored_files()) <= store.stored_paths()
        versions = store.versions("001")
        if step == "placed":  # the object was in the bucket: adopted, it counts
            assert [(r.version, r.recovered) for r in versions] == [(1, True)]
            assert store.read_file(versions[0]) == path.read_bytes()
        else:
            assert versions == [] and _objects(store) == {}


def test_the_cli_submits_and_lists_with_files_on_s3(
    tmp_path: Path, hanoi: Review, s3_storage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in _cli_env(tmp_path, s3_storage).items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "001.xlsx"
    write_sample(hanoi, hanoi.unit_by_code["001"], path, seed=3)
    runner = CliRunner()
    sent = runner.invoke(main, ["submit", str(path), "--received-at", "2022-12-01 10:00"])
    assert sent.exit_code == 0, sent.output
    board = json.loads(runner.invoke(main, ["status", "--json"]).output)
    assert next(u for u in board["units"] if u["code"] == "001")["state"] == "on_time"
    shown = runner.invoke(main, ["status", "--unit", "001"], env={"COLUMNS": "300"})
    assert shown.exit_code == 0 and "s3://" in shown.output, shown.output


def test_an_unreachable_or_misnamed_storage_is_one_vietnamese_error(
    tmp_path: Path, hanoi: Review, s3_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in s3.environment(s3_server).items():
        monkeypatch.setenv(name, value)
    with pytest.raises(
        StoreError, match=r"Kho S3 s3://khong-co/x/nq11-moi-truong: không truy cập được"
    ):
        open_store(Project(tmp_path), hanoi, storage="s3://khong-co/x")
    with pytest.raises(StoreError, match="Không hỗ trợ kho tệp"):
        open_store(Project(tmp_path), hanoi, storage="ftp://host/x")
    monkeypatch.setenv("REPORTGEN_S3_ENDPOINT", "http://127.0.0.1:9")  # nothing listens
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with pytest.raises(StoreError, match="Kho S3"):
        open_store(Project(tmp_path), hanoi, storage="s3://khong-co/x")


def test_a_file_over_one_put_goes_in_checked_parts_and_appears_whole_exactly_once(
    s3_store: Store,
) -> None:
    # The limits lowered so that 11 MiB needs three parts (S3's smallest part is 5 MiB).
    blobs = s3_store.archive
    assert isinstance(blobs, S3Blobs)
    blobs.single_put_bytes, blobs.part_bytes = 6 * 1024**2, 5 * 1024**2
    data = os.urandom(11 * 1024**2 + 123)
    staged = blobs.stage(
        [data[i : i + (1 << 20)] for i in range(0, len(data), 1 << 20)], keep_up_to=0
    )
    try:
        blobs.place(staged, "001/lon.bin")
    finally:
        blobs.discard(staged)
    assert _objects(s3_store) == {"001/lon.bin": data}
    head = s3.client(blobs.client.meta.endpoint_url).head_object(
        Bucket=blobs.bucket, Key=f"{blobs.prefix}/001/lon.bin"
    )
    assert head["Metadata"]["sha256"] == hashlib.sha256(data).hexdigest()
    # The completion is conditional like a single PUT: a second file never replaces the first.
    again = blobs.stage([b"x" * (7 * 1024**2)], keep_up_to=0)
    try:
        with pytest.raises(FileExistsError):
            blobs.place(again, "001/lon.bin")
    finally:
        blobs.discard(again)
    assert _objects(s3_store)["001/lon.bin"] == data
    uploads = s3.client(blobs.client.meta.endpoint_url).list_multipart_uploads(Bucket=blobs.bucket)
    assert not uploads.get("Uploads")  # the refused upload was aborted, nothing left behind

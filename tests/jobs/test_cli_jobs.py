"""``reportgen jobs`` and ``reportgen worker`` through click's CliRunner, on a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import Review
from reportgen.project import Project
from reportgen.store import open_store
from tests.conftest import HANOI_DIR
from tests.jobs.conftest import fill


@pytest.fixture(autouse=True)
def _hanoi(project: Path, hanoi: Review, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    monkeypatch.delenv("REPORTGEN_DB", raising=False)
    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    with open_store(Project(project), hanoi) as store:
        fill(store, hanoi, 2)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_start_wait_and_list_a_job_on_sqlite(project: Path, hanoi: Review) -> None:
    code, out = _run("jobs", "start", "consolidate", "--by", "Nguyễn Văn An", "--wait")
    assert code == 0, out
    assert "Đã xếp công việc số 1 (Tổng hợp)" in out and "Tổng hợp: hoàn tất" in out
    assert f"tong-hop-{hanoi.id}.xlsx" in out
    code, out = _run("jobs", "list", "--json")
    assert code == 0, out
    [job] = json.loads(out)["jobs"]
    assert (job["id"], job["kind"], job["state"], job["started_by"]) == (
        1,
        "consolidate",
        "succeeded",
        "Nguyễn Văn An",
    )
    assert Path(job["outputs"][0]).is_file()
    code, out = _run("jobs", "list")
    assert code == 0 and "hoàn tất" in out and "Nguyễn Văn An" in out


def test_a_queued_twin_is_not_started_again(project: Path) -> None:
    code, out = _run("jobs", "start", "render", "--format", "docx")
    assert code == 0 and "Đã xếp công việc số 1" in out
    assert "reportgen worker" in out  # nothing runs it on SQLite until a worker or serve does
    code, out = _run("jobs", "start", "render", "--format", "docx")
    assert code == 0
    assert "Đã có công việc số 1 giống hệt (đang chờ): không tạo việc mới." in out


def test_live_switch_and_user_errors_in_vietnamese(project: Path) -> None:
    assert "tắt" in _run("jobs", "live", "status")[1]
    code, out = _run("jobs", "live", "on")
    assert code == 0 and "Bản dự thảo tự động của đợt nq11-moi-truong: bật." in out
    code, out = _run("jobs", "start", "render", "--format", "odt")
    assert code == 2 and "Định dạng không hỗ trợ" in out and "Traceback" not in out


def test_submit_queues_the_live_draft_and_status_shows_the_review_marks(
    project: Path, hanoi: Review
) -> None:
    from reportgen.demo.samples import write_sample
    from reportgen.store.review_flow import ReviewFlow

    folder = project / "nhan-ve"
    folder.mkdir()
    for n, code in enumerate(("003", "004")):
        write_sample(hanoi, hanoi.unit_by_code[code], folder / f"{code}.xlsx", seed=n)
    assert _run("jobs", "live", "on")[0] == 0
    code, out = _run("submit", str(folder))
    assert code == 0, out
    assert "Bản dự thảo tự động: công việc số 1 gộp 2 tệp" in out
    code, out = _run("jobs", "list", "--json")
    [job] = json.loads(out)["jobs"]
    assert (job["kind"], job["state"], job["requests"]) == ("draft", "queued", 2)

    with open_store(Project(project), hanoi) as store:
        first = store.statuses(hanoi)[0]
        assert first.submission_id is not None
        ReviewFlow(store).accept(first.unit_code, first.submission_id, actor="thu-ky")
    code, out = _run("status", "--json")
    units = json.loads(out)["units"]
    assert (units[0]["mark"], units[1]["mark"]) == ("accepted", None)
    code, out = _run("status")
    assert code == 0 and "đã duyệt" in out

"""The CLI on hostile names, mixed folders, failing files, unidentified files and Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.store.archive import Archive
from tests.conftest import HANOI_DIR

HOSTILE = ["[@a=(] x.xlsx", "[red]do[bold]x.xlsx", "a\x1b[31mb\x1b]0;title\x07.xlsx"]


@pytest.fixture
def hanoi_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    monkeypatch.delenv("REPORTGEN_DB", raising=False)
    return project


@pytest.mark.parametrize("verb", ["check", "submit"])
def test_hostile_file_names_are_printed_literally_and_never_crash(
    hanoi_project: Path, hanoi: Review, verb: str
) -> None:
    folder = hanoi_project / "nhan"
    folder.mkdir()
    for n, name in enumerate(HOSTILE):
        write_sample(hanoi, hanoi.unit_by_code[f"00{n + 1}"], folder / name, seed=n)
    result = CliRunner().invoke(main, [verb, str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    out = result.output
    assert "[@a=(] x.xlsx" in out and "[red]do[bold]x.xlsx" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "a\ufffd[31mb" in out


def test_every_entry_of_a_folder_gets_a_line(hanoi_project: Path, hanoi: Review) -> None:
    folder = hanoi_project / "nhan"
    (folder / "con").mkdir(parents=True)
    write_sample(hanoi, hanoi.unit_by_code["001"], folder / "001.xlsx", seed=1)
    (folder / "ghi-chu.txt").write_text("xin chào")
    (folder / "~$001.xlsx").write_bytes(b"lock")
    (folder / "so-lieu.xlsb").write_bytes(b"not really xlsb")
    result = CliRunner().invoke(main, ["check", str(folder)])
    out = result.output
    assert "ghi-chu.txt — không phải bảng tính" in out
    assert "~$001.xlsx — tệp khóa tạm" in out
    assert "con — thư mục con" in out
    assert "001.xlsx — đơn vị 001" in out
    assert "so-lieu.xlsb — đơn vị không xác định được" in out  # read (and rejected), not skipped


def test_one_file_that_cannot_be_kept_does_not_stop_the_others(
    hanoi_project: Path, hanoi: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = hanoi_project / "nhan"
    folder.mkdir()
    for code in ("001", "002", "003"):
        write_sample(hanoi, hanoi.unit_by_code[code], folder / f"{code}.xlsx", seed=2)
    real_place = Archive.place

    def place(self: Archive, staged, relative: str):  # type: ignore[no-untyped-def]
        if relative.startswith("002/"):
            raise OSError(28, "No space left on device", relative)
        return real_place(self, staged, relative)

    monkeypatch.setattr(Archive, "place", place)
    result = CliRunner().invoke(main, ["submit", str(folder), "--received-at", "2022-12-01 10:00"])
    assert result.exit_code == 4, result.output
    assert "002.xlsx — không lưu được: Không ghi được tệp 002/" in result.output
    assert "001.xlsx — đơn vị 001" in result.output and "003.xlsx — đơn vị 003" in result.output
    board = json.loads(CliRunner().invoke(main, ["status", "--json"]).output)
    states = {u["code"]: u["state"] for u in board["units"][:3]}
    assert states == {"001": "on_time", "002": "missing", "003": "on_time"}
    assert not list((hanoi_project / "inputs" / hanoi.id / ".incoming").glob("*.tmp"))


def test_the_board_lists_unidentified_files_and_assigns_one(hanoi_project: Path) -> None:
    bad = hanoi_project / "hong [x].xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip at all")
    runner = CliRunner()
    runner.invoke(main, ["submit", str(bad), "--received-at", "2022-12-02 08:00"])
    board = json.loads(runner.invoke(main, ["status", "--json"]).output)
    [waiting] = board["unidentified"]
    assert waiting["file"] == "hong [x].xlsx"
    assert waiting["received_at"] == "2022-12-02T08:00:00+07:00"
    assert waiting["findings"][0]["code"] == "file-corrupt"
    text = runner.invoke(main, ["status"]).output
    assert "Tệp chưa xác định được đơn vị: 1" in text and "hong [x].xlsx" in text
    sid = str(waiting["submission_id"])
    done = runner.invoke(main, ["status", "--assign", sid, "--unit", "004", "--by", "Chị Lan"])
    assert done.exit_code == 0, done.output
    assert "Đã gán bản nộp số" in done.output
    board = json.loads(runner.invoke(main, ["status", "--json"]).output)
    assert board["unidentified"] == []
    unit = next(u for u in board["units"] if u["code"] == "004")
    assert (unit["state"], unit["version"]) == ("rejected", 1)


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory, hanoi: Review) -> Path:
    """Enough workbooks that a submit is still running two seconds in (six were done by then)."""
    folder = tmp_path_factory.mktemp("nhan")
    for n in range(200):
        unit = hanoi.units[n % len(hanoi.units)]
        write_sample(hanoi, unit, folder / f"{n:03d}.xlsx", seed=n)
    return folder


# Not earlier: the first ~0.1 s belong to Python starting up, before any reportgen code runs
# (docs/dev/guarantees.md).
@pytest.mark.parametrize("delay", [0.5, 1.0, 2.0])
def test_ctrl_c_at_any_moment_prints_one_line_and_exits_130(
    tmp_path: Path, many_files: Path, delay: float
) -> None:
    folder = many_files
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("REPORTGEN_") or k == "REPORTGEN_CACHE"
    }
    env |= {"REPORTGEN_ROOT": str(tmp_path), "REPORTGEN_REVIEW": str(HANOI_DIR)}
    child = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "submit", str(folder)],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    if child.returncode == 0:
        pytest.skip("the command finished before the signal")  # a fast machine
    assert child.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.strip().splitlines()[-1] == "Đã dừng theo yêu cầu (Ctrl-C)."
    assert not list(tmp_path.rglob("*.tmp"))

"""``submit`` and ``status`` with ``--db``: the same commands on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from tests.conftest import HANOI_DIR


def test_submit_then_status_work_on_either_database(
    project: Path, hanoi: Review, db_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    monkeypatch.delenv("REPORTGEN_DB", raising=False)
    if db_url:
        monkeypatch.setenv("REPORTGEN_DB", db_url)  # what --db falls back to
    path = project / "001.xlsx"
    write_sample(hanoi, hanoi.unit_by_code["001"], path, seed=3)
    runner = CliRunner()
    submitted = runner.invoke(main, ["submit", str(path), "--received-at", "2022-12-05 16:45"])
    assert submitted.exit_code == 0, submitted.output
    board = runner.invoke(main, ["status", "--json"])
    assert board.exit_code == 0, board.output
    first = json.loads(board.output)["units"][0]
    assert (first["code"], first["state"], first["version"]) == ("001", "on_time", 1)
    assert first["received_at"] == "2022-12-05T16:45:00+07:00"
    sqlite_file = project / "inputs" / hanoi.id / "reportgen.sqlite"
    assert sqlite_file.exists() is (db_url is None)

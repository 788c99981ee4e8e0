"""The demo scenario and the whole pipeline, end to end, as `make demo` runs it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from reportgen.cli import main
from reportgen.definition import Review
from reportgen.demo.scenario import plan_demo, run_demo
from reportgen.store.status import UnitState

ROOT = Path(__file__).resolve().parents[1]


def test_the_scenario_is_deterministic_and_covers_every_case(hanoi: Review) -> None:
    plan = plan_demo(hanoi)
    assert plan == plan_demo(hanoi)
    assert len(plan.missing) == 2
    sent_units = {p.unit.code for p in plan.files}
    assert not sent_units & {u.code for u in plan.missing}
    assert len(sent_units) == len(hanoi.units) - 2
    per_unit = Counter(p.unit.code for p in plan.files)
    assert sorted(per_unit.values())[-2:] == [
        2,
        2,
    ]  # one resubmission after a rejection, one revision
    late = [p for p in plan.files if p.received_at.date() > hanoi.deadline_of(p.unit)]
    assert len(late) == 4
    assert sum(1 for p in plan.files if p.mistakes) == 4
    assert [p.received_at for p in plan.files] == sorted(p.received_at for p in plan.files)


@pytest.mark.slow
def test_the_demo_runs_the_whole_pipeline_and_tells_the_truth(
    hanoi: Review, tmp_path: Path
) -> None:
    result = run_demo(
        hanoi, ROOT / "templates" / "nq11-moi-truong", tmp_path / "demo", formats=("docx",)
    )
    states = Counter(s.state for s in result.statuses)
    assert states == {
        UnitState.ON_TIME: 29,
        UnitState.LATE: 4,
        UnitState.REJECTED: 1,
        UnitState.MISSING: 2,
    }
    # The unit that fixed its file counts with version 2; nothing it sent was lost.
    resubmitted = [s for s in result.statuses if s.versions == 2]
    assert len(resubmitted) == 2 and all(s.version == 2 for s in resubmitted)
    received = list((tmp_path / "demo" / "inputs" / hanoi.id).rglob("*.xlsx"))
    assert len(received) == len(result.sent) == 36
    assert result.consolidated.path.is_file() and result.blank_zip.is_file()
    (report,) = result.reports
    document = Document(str(report))
    text = "\n".join(p.text for p in document.paragraphs)
    # The draft mark sits in page 1's header (the top margin), as in the PDF.
    first_header = "".join(p.text for p in document.sections[0].first_page_header.paragraphs)
    assert "BÁO CÁO" in text and first_header == "DỰ THẢO"


@pytest.mark.slow
def test_reportgen_demo_prints_the_board_and_where_outputs_are(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "demo",
            "--review",
            str(ROOT / "templates" / "nq11-moi-truong"),
            "--out",
            str(tmp_path / "d"),
            "--no-pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "33/36 đơn vị đã nộp, 4 nộp muộn, 1 không hợp lệ, 2 chưa nộp" in result.output
    assert "bao-cao-nq11-moi-truong.docx" in result.output
    assert "Traceback" not in result.output

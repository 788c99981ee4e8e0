"""Sample workbooks pass the project's own intake, for every bundled review and many seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.definition import load_review
from reportgen.demo.samples import write_sample
from reportgen.demo.scenario import plan_demo
from reportgen.findings import Severity
from reportgen.intake.check import check_file

ROOT = Path(__file__).resolve().parents[1]
REVIEWS = sorted(p.name for p in (ROOT / "templates").iterdir() if (p / "review.yaml").is_file())
SEEDS = range(80)


@pytest.mark.parametrize("review_name", REVIEWS)
def test_samples_pass_intake_for_every_seed(review_name: str, tmp_path: Path) -> None:
    review = load_review(ROOT / "templates" / review_name)
    # Every unit kind, and a different unit per seed, so 80 seeds cover the whole review.
    refused: list[str] = []
    for seed in SEEDS:
        unit = review.units[seed % len(review.units)]
        path = tmp_path / f"{seed}-{unit.code}.xlsx"
        write_sample(review, unit, path, seed=seed)
        errors = [f.code for f in check_file(review, path).findings if f.severity is Severity.ERROR]
        if errors:
            refused.append(f"seed {seed}, unit {unit.code}: {sorted(set(errors))}")
    assert refused == []


@pytest.mark.parametrize("review_name", REVIEWS)
def test_the_demo_scenario_plays_on_every_bundled_review(review_name: str) -> None:
    review = load_review(ROOT / "templates" / review_name)
    plan = plan_demo(review)
    assert len(plan.missing) == 2
    late = [p for p in plan.files if p.received_at.date() > review.deadline_of(p.unit)]
    assert late and any(p.mistakes for p in plan.files)
    sent = {p.unit.code for p in plan.files}
    assert sent | {u.code for u in plan.missing} == {u.code for u in review.units}

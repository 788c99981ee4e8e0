"""What the Dataset lacks, as findings: nothing submitted, missing units, ratios not computable."""

from __future__ import annotations

import random

from reportgen.consolidate import build_dataset
from reportgen.consolidate.gaps import gaps
from reportgen.definition import Review
from reportgen.messages import flatten, message_text
from tests.consolidate.submissions import make_submission


def test_nothing_submitted_is_one_warning(hanoi: Review) -> None:
    findings = gaps(build_dataset(hanoi, [], []))
    assert flatten(findings, ["code", "severity"]) == [["no-submissions", "warning"]]
    assert "chưa nộp" in message_text(findings[0])


def test_missing_units_are_counted_and_named_up_to_ten(hanoi: Review) -> None:
    unit = hanoi.units[0]
    findings = gaps(build_dataset(hanoi, [], [(1, make_submission(hanoi, unit, random.Random(1)))]))
    assert flatten(findings, ["code", "severity"]) == [["units-missing", "info"]]
    text = message_text(findings[0])
    assert text.startswith("35/36 đơn vị chưa có bản nộp hợp lệ")
    assert hanoi.units[1].name in text and "và 25 đơn vị khác" in text


def test_a_zero_denominator_is_a_warning_at_the_ratio_and_year(hanoi: Review) -> None:
    unit = hanoi.units[0]
    sub = make_submission(
        hanoi, unit, random.Random(1), overrides={("NM01", 2019): 0, ("NM02", 2019): 0}
    )
    codes = [u.code for u in hanoi.units]
    counting = [(1, sub)] + [
        (n, make_submission(hanoi, hanoi.unit_by_code[c], random.Random(n)))
        for n, c in enumerate(codes[1:], start=2)
    ]
    findings = gaps(build_dataset(hanoi, [], counting))
    zero = [f for f in findings if f.code == "ratio-denominator-zero"]
    assert flatten(zero, ["code", "indicator", "year"]) == [
        ["ratio-denominator-zero", "NM03", 2019]
    ]
    assert (
        message_text(zero[0])
        == f"{unit.name}: mẫu số NM02 năm 2019 bằng 0 nên không tính được tỷ lệ NM03."
    )

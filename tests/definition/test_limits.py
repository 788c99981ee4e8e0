"""Hostile or careless definitions: each is refused by ``check-review`` with exit 3 and a line.

``check-review`` is the promise that the later commands work, so everything that used to pass
it and crash ``blank``, ``check`` or ``render`` later is refused here, and a definition at every
documented limit is shown to go through ``blank`` and ``check``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import check_review, load_review
from reportgen.definition import limits as lim
from reportgen.messages import flatten, message_text
from tests.definition.test_load import HANOI, edit, line_of

CODE_KEYS = ["code", "file", "line", "field"]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "nq11"
    shutil.copytree(HANOI, target)
    return target


def _yaml(directory: Path) -> Path:
    return directory / "review.yaml"


def _errors(directory: Path) -> list[list[object]]:
    _, findings = check_review(directory)
    return flatten([f for f in findings if f.severity == "error"], CODE_KEYS)


def _cli(directory: Path) -> tuple[int, str]:
    """``reportgen check-review`` in a real process (a runaway definition would hang a thread)."""
    command = [str(Path(sys.executable).parent / "reportgen"), "check-review", "--review"]
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [*command, str(directory)], capture_output=True, text=True, timeout=120, env=env
    )
    return done.returncode, done.stdout + done.stderr


# -- dates, numbers, nesting: tracebacks before -------------------------------------------------
@pytest.mark.parametrize("day", ["2022-02-30", "0000-01-01"])
def test_an_impossible_deadline_is_a_located_bad_value(copy: Path, day: str) -> None:
    edit(_yaml(copy), "deadline: 2022-12-05", f"deadline: {day}")
    _, findings = check_review(copy)
    line = line_of(_yaml(copy), "deadline:")
    assert flatten(findings, CODE_KEYS) == [["bad-value", "review.yaml", line, "deadline"]]
    assert f"'{day}' không phải là ngày có thật" in message_text(findings[0])
    result = CliRunner().invoke(main, ["check-review", "--review", str(copy)])
    assert result.exit_code == 3 and "Traceback" not in result.output


def test_nesting_5000_levels_deep_is_refused_without_a_traceback(copy: Path) -> None:
    with _yaml(copy).open("a", encoding="utf-8") as out:
        out.write("ghi_chu: " + "[" * 5000 + "]" * 5000 + "\n")
    assert _errors(copy) == [
        ["yaml-too-deep", "review.yaml", line_of(_yaml(copy), "ghi_chu"), None]
    ]
    code, output = _cli(copy)
    assert code == 3 and "Traceback" not in output and "quá 20 cấp" in output


@pytest.mark.parametrize("number", [".nan", ".inf", "-.inf", ".NaN"])
def test_nan_and_infinity_are_refused_where_they_stand(copy: Path, number: str) -> None:
    edit(_yaml(copy), "    min: 0\n", f"    min: {number}\n")
    line = line_of(_yaml(copy), f"min: {number}")
    _, findings = check_review(copy)
    assert flatten(findings, CODE_KEYS) == [
        ["bad-value", "review.yaml", line, "indicators[NM01].min"]
    ]
    assert "không dùng .nan hay .inf" in message_text(findings[0])


@pytest.mark.parametrize(
    "bound", ["max: 1e300", "target: {value: -1e300, year: 2022}", "max: 1e16"]
)
def test_a_bound_beyond_excels_15_digits_is_refused(copy: Path, bound: str) -> None:
    edit(_yaml(copy), "    min: 0\n", f"    min: 0\n    {bound}\n")  # crashed `blank` before
    line = line_of(_yaml(copy), bound)
    _, findings = check_review(copy)
    assert flatten(findings, ["code", "line"]) == [["bad-value", line]]
    assert "1.000.000.000.000.000" in message_text(findings[0])


def test_an_integer_of_5000_digits_is_a_located_yaml_error(copy: Path) -> None:
    edit(_yaml(copy), "report_due:", "max_year_change_factor: " + "9" * 5000 + "\nreport_due:")
    line = line_of(_yaml(copy), "max_year_change_factor")
    assert _errors(copy) == [["yaml-syntax", "review.yaml", line, None]]


# -- aliases and size ---------------------------------------------------------------------------
def _billion_laughs() -> str:
    rows = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        refs = ",".join([f"*a{n - 1}"] * 9)
        rows.append(f"a{n}: &a{n} [{refs}]")
    return "\n".join(rows) + "\n"


def test_billion_laughs_is_refused_at_the_first_alias(copy: Path) -> None:
    text = _yaml(copy).read_text(encoding="utf-8")
    _yaml(copy).write_text(_billion_laughs() + text, encoding="utf-8")
    assert _errors(copy) == [["yaml-alias", "review.yaml", 2, None]]
    code, output = _cli(copy)  # before: past 60 s and 4 GB
    assert code == 3 and "không dùng bí danh YAML" in output and "Traceback" not in output


def test_an_alias_for_a_harmless_value_is_refused_too(copy: Path) -> None:
    edit(_yaml(copy), "  place: Hà Nội", "  place: &noi Hà Nội\n  superior: *noi")
    assert _errors(copy) == [["yaml-alias", "review.yaml", line_of(_yaml(copy), "*noi"), None]]


def test_a_review_yaml_over_1_mb_is_refused_before_it_is_parsed(copy: Path) -> None:
    with _yaml(copy).open("a", encoding="utf-8") as out:
        out.write(("# " + "chú thích " * 50 + "\n") * (lim.MAX_REVIEW_BYTES // 500 + 10))
    _, findings = check_review(copy)
    assert flatten(findings, ["code", "file"]) == [["definition-too-large", "review.yaml"]]
    assert "tối đa 1 MB" in message_text(findings[0])


def test_a_dense_file_under_1_mb_with_over_100_000_values_is_refused_where_it_overflows(
    copy: Path,
) -> None:
    with _yaml(copy).open("a", encoding="utf-8") as out:
        out.write("ghi_chu:\n" + "".join(f"  - {n}\n" for n in range(lim.MAX_NODES)))
    assert _yaml(copy).stat().st_size < lim.MAX_REVIEW_BYTES
    _, findings = check_review(copy)
    assert flatten(findings, ["code", "file"]) == [["definition-too-large", "review.yaml"]]
    assert "hơn 100.000 giá trị" in message_text(findings[0])


def test_a_units_csv_over_1_mb_is_refused(copy: Path) -> None:
    units = copy / "units.csv"
    rows = "".join(f"X{n},Đơn vị số {n} có tên rất dài cho đủ cỡ,quan\n" for n in range(30_000))
    units.write_text(units.read_text(encoding="utf-8") + rows, encoding="utf-8")
    assert _errors(copy) == [["definition-too-large", "units.csv", None, None]]


def test_more_indicators_than_the_limit_are_refused_on_the_list(copy: Path) -> None:
    extra = "".join(
        f"  - {{code: X{n}, area: nuoc-mat, name: Chỉ tiêu {n}, type: integer}}\n"
        for n in range(lim.MAX_INDICATORS)
    )
    edit(_yaml(copy), "indicators:\n", "indicators:\n" + extra)
    _, findings = check_review(copy)
    assert flatten(findings, CODE_KEYS) == [
        ["bad-value", "review.yaml", line_of(_yaml(copy), "indicators:"), "indicators"]
    ]
    assert f"tối đa {lim.MAX_INDICATORS}" in message_text(findings[0])


# -- duplicate keys -----------------------------------------------------------------------------
def test_a_key_written_twice_names_both_lines(copy: Path) -> None:
    edit(_yaml(copy), "deadline: 2022-12-05", "deadline: 2022-12-05\ndeadline: 2022-12-20")
    edit(_yaml(copy), "    min: 0\n", "    min: 0\n    min: 5\n")
    first, second = line_of(_yaml(copy), "deadline:"), line_of(_yaml(copy), "min: 5")
    _, findings = check_review(copy)
    assert flatten(findings, CODE_KEYS) == [
        ["duplicate-key", "review.yaml", first + 1, "deadline"],
        ["duplicate-key", "review.yaml", second, "indicators[1].min"],
    ]
    assert message_text(findings[0]) == (
        f"review.yaml dòng {first + 1}: trường 'deadline' được khai báo hai lần (lần đầu ở dòng "
        f"{first}). Hãy xoá một trong hai dòng."
    )


# -- texts filled in later ----------------------------------------------------------------------
_MESSAGE = "message: Số cụm công nghiệp có hệ thống"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('"Sai {"', "dấu ngoặc { } không khớp"),
        ('"{left:>200000000}"', "không được kèm định dạng"),
        ('"{left!r} > {right}"', "không được kèm định dạng"),
        ('"{tong_so} vượt"', "chỗ điền {tong_so} không được hỗ trợ"),
        ('"{left.__class__}"', "không được hỗ trợ"),
        ('"{} vượt"', "chỗ điền {} không được hỗ trợ"),
    ],
)
def test_a_rule_message_that_cannot_be_filled_in_is_refused(
    copy: Path, text: str, why: str
) -> None:
    edit(_yaml(copy), _MESSAGE, f"message: {text}\n    x_: Số cụm công nghiệp có hệ thống")
    edit(_yaml(copy), "    x_: ", "    # ")
    line = line_of(_yaml(copy), f"message: {text}")
    _, findings = check_review(copy)
    assert flatten(findings, CODE_KEYS) == [
        ["bad-template", "review.yaml", line, "rules[R01].message"]
    ]
    assert why in message_text(findings[0])
    assert "{left}, {right}, {year}" in message_text(findings[0])


def test_a_rule_message_with_escaped_braces_and_known_slots_is_fine(copy: Path) -> None:
    edit(
        _yaml(copy),
        "message_en: Industrial",
        'message_en: "{{R01}} {year}: {left} > {right}"\n    #',
    )
    assert _errors(copy) == []


@pytest.mark.parametrize(
    ("pattern", "why"),
    [('"{number-BC/TU"', "không khớp"), ('"BC/TU"', "thiếu chỗ điền {number}"),
     ('"{number:>9999999}-BC/TU"', "không được kèm định dạng")],
)  # fmt: skip
def test_a_number_pattern_that_cannot_be_filled_in_is_refused(
    copy: Path, pattern: str, why: str
) -> None:
    edit(_yaml(copy), 'number_pattern: "{number}-BC/TU"', f"number_pattern: {pattern}")
    line = line_of(_yaml(copy), "number_pattern")
    _, findings = check_review(copy)
    assert flatten(findings, CODE_KEYS) == [
        ["bad-template", "review.yaml", line, "issuer.number_pattern"]
    ]
    assert why in message_text(findings[0])


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("id: nq11-moi-truong", "id: " + "a" * 300, "id"),
        ('version: "2022.1"', "version: " + "1" * 300, "version"),
        ("  - code: lanh-dao", "  - code: " + "s" * 300, "sections[" + "s" * 300 + "].code"),
        ("max_length: 50, width: 16", "max_length: 99999, width: 16", None),
        ("max_length: 50, width: 16", "max_length: 50, width: 999", None),
    ],
)
def test_over_long_ids_and_lengths_are_refused(
    copy: Path, old: str, new: str, field: str | None
) -> None:
    edit(_yaml(copy), old, new)
    found = _errors(copy)
    assert [f[0] for f in found] == ["bad-value"], found
    if field is not None:
        assert found[0][3] == field


def test_a_unit_name_over_200_characters_is_refused(copy: Path) -> None:
    units = copy / "units.csv"
    edit(units, "Quận Ba Đình", "Quận " + "Ba Đình " * 30)
    assert _errors(copy) == [["bad-value", "units.csv", 2, "name"]]


# -- at the limits, every later command works ---------------------------------------------------
def test_a_definition_at_the_limits_goes_through_blank_and_check(
    copy: Path, tmp_path: Path
) -> None:
    from reportgen.intake import check_file
    from tests.intake._filled import IND, filled

    review_id = "nq" + "1" * (lim.MAX_ID - 2)
    edit(_yaml(copy), "id: nq11-moi-truong", f"id: {review_id}")
    edit(_yaml(copy), 'version: "2022.1"', f'version: "{"2" * lim.MAX_VERSION}"')
    edit(_yaml(copy), "  - code: R01", "  - code: " + "R" * lim.MAX_CODE)
    edit(_yaml(copy), _MESSAGE, 'message: "{{R01}} năm {year}: {left} > {right}" #')
    edit(_yaml(copy), "  - code: lanh-dao", "  - code: " + "l" * lim.MAX_CODE)
    edit(
        _yaml(copy),
        "max_length: 50, width: 16",
        f"max_length: {lim.MAX_TEXT}, width: {lim.MAX_WIDTH}",
    )
    edit(copy / "units.csv", "Quận Ba Đình", ("Quận " + "Đình" * 60)[: lim.MAX_NAME])
    review = load_review(copy)
    unit = review.unit_by_code["001"]
    assert len(unit.name) == lim.MAX_NAME

    out = tmp_path / "blanks"
    result = CliRunner().invoke(
        main, ["blank", "--review", str(copy), "--unit", "001", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sub = check_file(review, filled(tmp_path, review, unit, {(IND, "F15"): 3, (IND, "F16"): 4}))
    assert flatten(sub.findings, ["code", "cell"]) == [["rule-violated", "F16"]]
    assert message_text(sub.findings[0]) == "Năm 2017: {R01} năm 2017: 4 > 3"

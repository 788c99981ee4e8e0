"""Loading review definitions: the bundled examples, and every kind of broken definition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydantic
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import DocStyle, ValueType, check_review, load_review
from reportgen.errors import DefinitionError
from reportgen.messages import flatten, message_text

ROOT = Path(__file__).resolve().parents[2]
HANOI = ROOT / "templates" / "nq11-moi-truong"
MINISTRY = ROOT / "templates" / "kh512-dong-nam-bo"


@pytest.fixture
def hanoi_copy(tmp_path: Path) -> Path:
    target = tmp_path / "nq11"
    shutil.copytree(HANOI, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str, after: str = "") -> int:
    """1-based line of the first ``text`` that comes after ``after`` in ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def errors_of(
    directory: Path, keys: tuple[str, ...] = ("code", "file", "line", "field")
) -> list[list[object]]:
    _, findings = check_review(directory)
    return flatten([f for f in findings if f.severity == "error"], list(keys))


def test_hanoi_example_loads_with_36_units_and_party_style() -> None:
    review = load_review(HANOI)
    assert review.id == "nq11-moi-truong"
    assert len(review.units) == 36
    assert {u.kind for u in review.units} == {"quan", "huyen", "thi_xa", "so_nganh"}
    assert review.issuer.style is DocStyle.PARTY
    assert review.period.years == (2017, 2018, 2019, 2020, 2021, 2022)
    assert str(review.deadline) == "2022-12-05"
    assert review.unit_by_code["269"].name == "Thị xã Sơn Tây"
    assert 20 <= len(review.indicators) <= 30
    assert len({i.area for i in review.indicators}) == 5


def test_hanoi_example_marks_its_targets_as_examples() -> None:
    review, findings = check_review(HANOI)
    assert review is not None
    assert all(i.target.example for i in review.indicators if i.target)
    assert flatten(findings, ["code", "severity"]) == [
        ["example-targets", "info"],
        ["example-basis", "info"],
    ]


def test_ministry_example_loads_in_state_style_with_one_year() -> None:
    review = load_review(MINISTRY)
    assert review.issuer.style is DocStyle.STATE
    assert review.period.years == (2023,)
    assert len(review.units) == 8
    # A per-unit deadline in units.csv overrides the review's.
    assert str(review.deadline_of(review.unit_by_code["VKHCN"])) == "2023-12-08"
    assert str(review.deadline_of(review.unit_by_code["VPC"])) == "2023-12-09"


def test_department_units_get_only_indicators_for_their_kind() -> None:
    review = load_review(HANOI)
    codes = [i.code for i in review.indicators_for(review.unit_by_code["STNMT"])]
    assert codes == ["XT06", "XT07", "CT04", "KK01", "KK02", "KK03", "KK05"]


def test_review_is_frozen() -> None:
    review = load_review(HANOI)
    with pytest.raises(pydantic.ValidationError):
        review.title = "khác"  # type: ignore[misc]


def test_unknown_key_names_file_line_field_and_suggests_the_right_one(hanoi_copy: Path) -> None:
    edit(
        hanoi_copy / "review.yaml",
        "    name: Số hộ dân được cấp nước sạch",
        "    nmae: Số hộ dân được cấp nước sạch",
    )
    _, findings = check_review(hanoi_copy)
    errors = [f for f in findings if f.severity == "error"]
    assert flatten(errors, ["code", "file", "field"]) == [
        ["missing-key", "review.yaml", "indicators[NM01].name"],
        ["unknown-key", "review.yaml", "indicators[NM01].nmae"],
    ]
    unknown = errors[1]
    assert unknown.location.line == line_of(hanoi_copy / "review.yaml", "nmae:")
    assert "Có phải ý bạn là 'name'?" in message_text(unknown)


def test_duplicate_indicator_code_points_at_both_lines(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "review.yaml", "  - code: NM04\n", "  - code: NM01\n")
    _, findings = check_review(hanoi_copy)
    dup = [f for f in findings if f.code == "duplicate-code"]
    assert len(dup) == 1
    assert dup[0].value == "NM01"
    first = line_of(hanoi_copy / "review.yaml", "- code: NM01")
    assert f"đã dùng ở dòng {first}" in message_text(dup[0])


def test_ratio_without_numerator_is_an_error(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "review.yaml", "    numerator: NM01\n", "")
    assert errors_of(hanoi_copy, ("code", "field")) == [["ratio-part-missing", "numerator"]]


def test_ratio_referencing_a_missing_indicator_is_an_error(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "review.yaml", "    numerator: NM01\n", "    numerator: NM99\n")
    _, findings = check_review(hanoi_copy)
    (finding,) = [f for f in findings if f.severity == "error"]
    assert finding.code == "unknown-reference"
    line = line_of(hanoi_copy / "review.yaml", "numerator: NM99")
    expected = f"review.yaml dòng {line}, trường 'numerator': không có chỉ tiêu mã 'NM99'."
    assert message_text(finding) == expected


def test_target_outside_the_allowed_range_is_an_error(hanoi_copy: Path) -> None:
    edit(
        hanoi_copy / "review.yaml",
        "target: {value: 95, year: 2022",
        "target: {value: 120, year: 2022",
    )
    _, findings = check_review(hanoi_copy)
    (finding,) = [f for f in findings if f.severity == "error"]
    assert finding.code == "target-out-of-range"
    assert (
        "mục tiêu 120.0 của chỉ tiêu 'NM03' nằm ngoài khoảng cho phép [0.0; 100.0]"
        in message_text(finding)
    )


def test_unit_kind_that_no_indicator_applies_to_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "min"
    shutil.copytree(MINISTRY, target)
    edit(target / "review.yaml", "  vu: Vụ\n", "  vu: Vụ\n  vien: Viện\n")
    with (target / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write("VCL,Viện Chiến lược,vien,,,\n")
    edit(
        target / "review.yaml",
        "    min: 0\n    max: 100\n  - code: NV02",
        "    min: 0\n    max: 100\n    kinds: [cuc, vu]\n  - code: NV02",
    )
    for code in ("NV02", "NV03", "KP01"):
        edit(
            target / "review.yaml",
            f"  - code: {code}\n",
            f"  - code: {code}\n    kinds: [cuc, vu]\n",
        )
    assert errors_of(target, ("code", "value")) == [["unit-kind-unused", "vien"]]


def test_unit_kind_not_declared_names_the_csv_row(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "units.csv", "269,Thị xã Sơn Tây,thi_xa", "269,Thị xã Sơn Tây,thixa")
    assert errors_of(hanoi_copy) == [["unit-kind-unknown", "units.csv", 19, "kind"]]


def test_bad_deadline_in_units_csv_is_located(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "units.csv", "001,Quận Ba Đình,quan,,,", "001,Quận Ba Đình,quan,,,31/02/2022")
    _, findings = check_review(hanoi_copy)
    assert flatten(findings[:1], ["code", "file", "line", "field"]) == [
        ["bad-value", "units.csv", 2, "deadline"]
    ]
    assert "'31/02/2022' không phải ngày" in message_text(findings[0])


def test_invalid_enum_value_lists_the_choices(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "review.yaml", "    type: integer\n", "    type: interger\n")
    _, findings = check_review(hanoi_copy)
    (finding,) = [f for f in findings if f.severity == "error"]
    line = line_of(hanoi_copy / "review.yaml", "type: interger")
    assert (finding.code, finding.location.field, finding.location.line) == (
        "bad-value",
        "indicators[NM01].type",
        line,
    )
    assert "'interger' không hợp lệ, chọn một trong" in message_text(finding)


def test_yaml_syntax_error_gives_the_line(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "review.yaml", "kind: so_ket\n", "kind: so_ket\n  bad indent: [\n")
    assert errors_of(hanoi_copy, ("code", "file")) == [["yaml-syntax", "review.yaml"]]


def test_missing_definition_file_is_reported(tmp_path: Path) -> None:
    assert errors_of(tmp_path, ("code",)) == [["definition-missing"]]


def test_units_csv_saved_by_excel_with_bom_loads(hanoi_copy: Path) -> None:
    path = hanoi_copy / "units.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_review(hanoi_copy).units) == 36


def test_load_review_raises_with_all_findings(hanoi_copy: Path) -> None:
    edit(hanoi_copy / "review.yaml", "    numerator: NM01\n", "")
    with pytest.raises(DefinitionError) as info:
        load_review(hanoi_copy)
    assert "có 1 lỗi" in info.value.message
    assert [f.code for f in info.value.findings if f.severity == "error"] == ["ratio-part-missing"]


def test_fingerprint_ignores_unit_names_but_not_indicators(hanoi_copy: Path) -> None:
    before = load_review(hanoi_copy).fingerprint
    edit(hanoi_copy / "units.csv", "Quận Ba Đình", "Quận Ba Đình (mới)")
    assert load_review(hanoi_copy).fingerprint == before
    edit(hanoi_copy / "review.yaml", "    max: 366\n", "    max: 365\n")
    assert load_review(hanoi_copy).fingerprint != before


def test_percent_and_ratio_indicators_are_bounded_0_to_100() -> None:
    review = load_review(HANOI)
    ratio = review.indicator_by_code["NM03"]
    assert ratio.type is ValueType.RATIO
    assert ratio.bounds == (0.0, 100.0)


def test_check_review_command_prints_vietnamese_and_exits_3_without_traceback(
    hanoi_copy: Path,
) -> None:
    edit(hanoi_copy / "review.yaml", "    numerator: NM01\n", "")
    result = CliRunner().invoke(main, ["check-review", "--review", str(hanoi_copy)])
    assert result.exit_code == 3
    assert "ratio-part-missing" in result.output
    assert "Traceback" not in result.output


def test_check_review_command_accepts_a_review_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check-review", "--review", "kh512-dong-nam-bo"])
    assert result.exit_code == 0, result.output
    assert "Định nghĩa hợp lệ" in result.output


def test_unknown_review_gives_a_vietnamese_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check-review", "--review", "khong-co"])
    assert result.exit_code == 4
    assert "Không tìm thấy đợt báo cáo 'khong-co'" in result.output

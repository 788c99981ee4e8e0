"""``reportgen review new|export|import``: the clerk's path from nothing to the first blank workbooks.

The walk-through of docs/dinh-nghia-bang-excel.md, as a test: a yearly report of 8
departments with 6 indicators, defined in the workbook only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import load_review
from tests.definition.workbook_helpers import Edit, set_info

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

DEPARTMENTS = [
    ("VP", "Văn phòng"), ("TCCB", "Phòng Tổ chức cán bộ"), ("KHTC", "Phòng Kế hoạch - Tài chính"),
    ("TTRA", "Thanh tra"), ("PC", "Phòng Pháp chế"), ("QLDA", "Ban Quản lý dự án"),
    ("CNTT", "Trung tâm Công nghệ thông tin"), ("LT", "Phòng Lưu trữ"),
]  # fmt: skip
INDICATORS = [
    ("VB01", "van-ban", "Số văn bản đến", "văn bản", "số nguyên", "cộng", None, None),
    ("VB02", "van-ban", "Số văn bản đến được xử lý đúng hạn", "văn bản", "số nguyên", "cộng", None, None),
    ("VB03", "van-ban", "Tỷ lệ văn bản xử lý đúng hạn", "%", "tỷ lệ (tính từ tử số và mẫu số)",
     "tỷ lệ của các tổng", "VB02", "VB01"),
    ("CB01", "can-bo", "Số cán bộ, công chức", "người", "số nguyên", "cộng", None, None),
    ("CB02", "can-bo", "Số lượt cán bộ được đào tạo, bồi dưỡng", "lượt", "số nguyên", "cộng", None, None),
    ("CB03", "can-bo", "Đã ban hành quy chế làm việc", "", "Có/Không", "đếm số đơn vị trả lời Có", None, None),
]  # fmt: skip


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def fill_yearly_report(workbook: Path) -> None:
    """What the clerk types into the empty definition workbook."""
    with Edit(workbook) as wb:
        for key, value in {
            "title": "Báo cáo công tác văn phòng năm 2024",
            "kind": "báo cáo định kỳ",
            "subject.kind": "Kế hoạch",
            "subject.number": "05/KH-SNV",
            "subject.date": "15/01/2024",
            "subject.issuer": "Sở Nội vụ",
            "subject.title": "về công tác văn phòng năm 2024",
            "period.first_year": 2024,
            "period.last_year": 2024,
            "cutoff_date": "30/11/2024",
            "deadline": "05/12/2024",
            "report_due": dt.datetime(2024, 12, 20),
            "issuer.name": "Sở Nội vụ",
            "issuer.place": "Hà Nội",
            "issuer.style": "Nhà nước (Nghị định 30/2020/NĐ-CP)",
            "issuer.number_pattern": "{number}/BC-SNV",
            "issuer.signer.position": "GIÁM ĐỐC",
            "issuer.signer.name": "Nguyễn Văn A",
            "contact.name": "Văn phòng Sở",
        }.items():
            set_info(wb, key, value)
        wb["Loại đơn vị"].append(["phong", "Phòng, ban"])
        for code, name in DEPARTMENTS:
            wb["Đơn vị"].append([code, name, "phong"])
        wb["Nhóm nhiệm vụ"].append(["van-ban", "Công tác văn thư, xử lý văn bản"])
        wb["Nhóm nhiệm vụ"].append(["can-bo", "Công tác cán bộ"])
        for code, area, name, unit, typ, agg, num, den in INDICATORS:
            row = [code, area, name, unit, typ, "mọi năm của kỳ", None, "Có", None, None]
            row += [None, None, None, None, agg, num, den]
            wb["Chỉ tiêu"].append(row)
        wb["Phần thuyết minh"].append(["ket-qua", "I", "Kết quả thực hiện nhiệm vụ năm 2024"])
        wb["Phần thuyết minh"].append(["kien-nghi", "II", "Đề xuất, kiến nghị", None, "Không"])


def test_a_clerk_defines_a_yearly_report_in_the_workbook_and_hands_out_blanks(
    project: Path,
) -> None:
    code, out = run("review", "new", "bao-cao-van-phong-2024")
    assert code == 0, out
    folder = project / "bao-cao-van-phong-2024"
    workbook = folder / "dinh-nghia.xlsx"
    assert {p.name for p in folder.iterdir()} == {"review.yaml", "units.csv", "dinh-nghia.xlsx"}
    assert "id: bao-cao-van-phong-2024" in (folder / "review.yaml").read_text(encoding="utf-8")

    code, out = run("review", "import", str(workbook))
    assert code == 3
    assert "Thông tin!B4" in out and "chưa điền 'Tên đợt báo cáo'" in out  # the table wraps lines
    fill_yearly_report(workbook)
    code, out = run("review", "import", str(workbook))
    assert code == 0, out
    assert "8 đơn vị, 6 chỉ tiêu, 2 phần thuyết minh" in out
    review = load_review(folder)
    assert review.id == "bao-cao-van-phong-2024" and review.version == "1"
    assert review.deadline == dt.date(2024, 12, 5)
    ratio = review.indicator_by_code["VB03"]
    assert (ratio.type, ratio.numerator, ratio.denominator) == ("ratio", "VB02", "VB01")

    code, out = run("check-review", "--review", str(folder))
    assert code == 0, out
    code, out = run("blank", "--review", str(folder), "--out", str(project / "bieu-mau"))
    assert code == 0, out
    assert len(list((project / "bieu-mau").glob("*.xlsx"))) == 8


def test_review_new_from_a_bundled_review_leaves_the_dates_to_fill(project: Path) -> None:
    code, out = run("review", "new", "Sơ kết 2025", "--from", str(TEMPLATES / "nq11-moi-truong"))
    assert code == 0, out
    folder = project / "Sơ kết 2025"
    code, out = run("check-review", "--review", str(folder))
    assert code == 3
    for key in ("cutoff_date", "deadline", "report_due"):
        assert f"'{key}'" in out
    code, out = run("review", "new", "Sơ kết 2025")
    assert code == 4 and "đã có review.yaml" in out


def test_review_export_writes_the_workbook_where_asked(project: Path) -> None:
    code, out = run("review", "export", "--review", str(TEMPLATES / "nq11-moi-truong"))
    assert code == 0, out
    assert (project / "outputs" / "nq11-moi-truong" / "dinh-nghia.xlsx").is_file()
    code, out = run(
        "review", "export", "--review", str(TEMPLATES / "kh512-dong-nam-bo"), "--out", "bo.xlsx"
    )
    assert code == 0, out
    code, out = run("review", "import", "bo.xlsx", "--out", "bo")
    assert code == 0, out
    assert load_review(project / "bo").id == "kh512-dong-nam-bo"

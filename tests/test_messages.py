"""The finding-code catalogue: complete, bilingual, and documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.findings import Finding, Location, Severity
from reportgen.messages import CATALOG, finding_dict, make_finding, message_text

README = Path(__file__).resolve().parents[1] / "README.md"
_VIETNAMESE = re.compile(
    r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I
)


def test_every_code_is_kebab_case_with_a_known_severity() -> None:
    for code, entry in CATALOG.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert entry.severity in set(Severity)


def test_every_message_is_vietnamese_with_diacritics_and_has_an_english_twin() -> None:
    for code, entry in CATALOG.items():
        assert _VIETNAMESE.search(entry.vi), f"{code}: Vietnamese text without diacritics"
        # English may quote Vietnamese choice words ('Có'), so only require a distinct text.
        assert entry.en and entry.en != entry.vi, f"{code}: English text missing"


def test_every_code_is_listed_in_the_readme() -> None:
    documented = set(
        code
        # README tables, and (while README moves to docs/) the code tables of docs/ pages.
        for page in (README, *sorted(README.with_name("docs").rglob("*.md")))
        for code in re.findall(r"^\|\s*`([a-z0-9-]+)`\s*\|", page.read_text(encoding="utf-8"), re.M)
    )
    missing = sorted(set(CATALOG) - documented)
    assert not missing, f"codes missing from the README tables: {missing}"


def test_rendering_fills_slots_from_location_value_and_params() -> None:
    finding = make_finding(
        "duplicate-code", Location(file="review.yaml", line=12), value="NM01", first_line=3
    )
    assert message_text(finding) == "review.yaml dòng 12: mã 'NM01' bị trùng (đã dùng ở dòng 3)."
    assert (
        message_text(finding, "en")
        == "review.yaml line 12: code 'NM01' is used twice (first at line 3)."
    )


def test_finding_round_trips_through_its_dict_form() -> None:
    finding = make_finding(
        "duplicate-code", Location(file="units.csv", line=4), value="001", first_line=2
    )
    again = Finding.from_dict(finding_dict(finding))
    assert again == finding

"""The finding-code catalogue: complete, bilingual, and documented in a table under docs/."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.errors import EXIT_CODES
from reportgen.findings import Finding, Location, Severity
from reportgen.messages import CATALOG, finding_dict, make_finding, message_text

DOCS = Path(__file__).resolve().parents[1] / "docs"
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


# The severity column of a finding table may be worded in Vietnamese (user pages) or English
# (docs/dev/); "lỗi / cảnh báo" lists a code whose severity the definition's rules choose.
_SEVERITY_WORDS = {
    "lỗi": Severity.ERROR,
    "error": Severity.ERROR,
    "cảnh báo": Severity.WARNING,
    "warning": Severity.WARNING,
    "lưu ý": Severity.INFO,
    "info": Severity.INFO,
}
_ROW = re.compile(r"^\|\s*`([a-z0-9-]+)`\s*\|([^|]*)\|", re.M)


def _documented_severities() -> dict[str, list[tuple[str, set[Severity]]]]:
    """code → [(page, severities)] for every table row ``| `code` | severity | …`` under docs/."""
    found: dict[str, list[tuple[str, set[Severity]]]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        for code, cell in _ROW.findall(page.read_text(encoding="utf-8")):
            # "lỗi (cảnh báo với sheet không bắt buộc)": a remark in brackets qualifies the
            # severity; the words outside it are what the code's default must be among.
            plain = re.sub(r"\([^)]*\)", "", cell)
            words = [
                w.strip().strip("`*").lower() for w in re.split(r"[/,]|\bhoặc\b|\bor\b", plain)
            ]
            if words and all(w in _SEVERITY_WORDS for w in words):
                severities = {_SEVERITY_WORDS[w] for w in words}
                found.setdefault(code, []).append((str(page.relative_to(DOCS)), severities))
    return found


def test_every_code_is_in_a_table_under_docs_with_its_severity() -> None:
    documented = _documented_severities()
    missing = sorted(set(CATALOG) - set(documented))
    assert not missing, f"codes missing from every table under docs/: {missing}"
    wrong = [
        f"{code} ({page}: {sorted(map(str, severities))}, catalogue: {CATALOG[code].severity})"
        for code, rows in documented.items()
        if code in CATALOG
        for page, severities in rows
        if CATALOG[code].severity not in severities
    ]
    assert not wrong, f"documented severity differs from the catalogue: {wrong}"


def test_the_exit_code_table_of_the_reference_page_matches_the_error_tree() -> None:
    text = (DOCS / "tham-chieu.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\|\s*(\d+)\s*\|(.*)\|\s*$", text, re.M))
    for cls, code in EXIT_CODES.items():
        assert str(code) in rows, f"exit code {code} ({cls.__name__}) missing"
        assert f"`{cls.__name__}`" in rows[str(code)], f"{cls.__name__} not on the row of {code}"
    for code in ("0", "2", "130"):  # success, click's usage error, Ctrl-C
        assert code in rows, f"exit code {code} missing"


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

"""``reportgen check``: check submitted workbooks without storing them."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from reportgen.cli._common import (
    collect_files,
    console,
    handle_errors,
    open_review,
    plain,
    print_findings,
    review_option,
    shown,
    with_progress,
)
from reportgen.definition.model import Review
from reportgen.findings import Verdict, count
from reportgen.intake import annotate, inspect_file
from reportgen.intake.validate import Validated
from reportgen.messages import finding_dict

_VERDICT_EN = {
    Verdict.ACCEPTED: "accepted",
    Verdict.ACCEPTED_WITH_WARNINGS: "accepted with warnings",
    Verdict.REJECTED: "rejected",
}
_VERDICT_STYLE = {
    Verdict.ACCEPTED: "green",
    Verdict.ACCEPTED_WITH_WARNINGS: "yellow",
    Verdict.REJECTED: "bold red",
}
_PROGRESS_FROM = 4  # show a progress bar from this many files on


def _unit_text(review: Review, code: str | None, lang: str) -> str:
    unit = review.unit_by_code.get(code or "")
    if unit is None:
        return "không xác định được" if lang == "vi" else "not identified"
    return f"{unit.code} {unit.name}"


def _as_json(review: Review, checked: Validated, lang: str) -> dict[str, Any]:
    sub = checked.submission
    errors, warnings = count(sub.findings)
    return {
        "file": sub.file_name,
        "unit": sub.unit_code,
        "unit_name": review.unit_by_code[sub.unit_code].name
        if sub.unit_code in review.unit_by_code
        else None,
        "verdict": sub.verdict.value,
        "verdict_label": sub.verdict.label if lang == "vi" else _VERDICT_EN[sub.verdict],
        "errors": errors,
        "warnings": warnings,
        "findings": [finding_dict(f, lang) for f in sub.findings],
    }


def _print_one(review: Review, checked: Validated, lang: str) -> None:
    sub = checked.submission
    errors, warnings = count(sub.findings)
    verdict = sub.verdict.label if lang == "vi" else _VERDICT_EN[sub.verdict]
    style = _VERDICT_STYLE[sub.verdict]
    if lang == "vi":
        head = f"[bold]{shown(sub.file_name)}[/] — đơn vị {shown(_unit_text(review, sub.unit_code, lang))} — "
        tail = f" ({errors} lỗi, {warnings} cảnh báo)"
    else:
        head = f"[bold]{shown(sub.file_name)}[/] — unit {shown(_unit_text(review, sub.unit_code, lang))} — "
        tail = f" ({errors} errors, {warnings} warnings)"
    console.print(head + f"[{style}]{verdict}[/]" + tail)
    print_findings(sub.findings, console, lang=lang)


def _check_all(review: Review, files: list[Path]) -> list[Validated]:
    steps = with_progress(files, "Kiểm tra", lambda f: plain(f.name), from_count=_PROGRESS_FROM)
    return [inspect_file(review, f) for f in steps]


def _annotate(review: Review, checked: Validated, out_dir: Path | None, lang: str | None) -> None:
    """Write the annotated copy; a failure is logged and the other files go on."""
    if out_dir is None:
        return
    try:
        copy = annotate(review, checked, out_dir)
    except Exception as exc:
        logging.getLogger("reportgen.intake").error(
            "không ghi được bản đánh dấu của %s: %s", checked.submission.file_name, exc
        )
        return
    if lang is not None:
        written = ", ".join(str(p) for p in (copy.xlsx_path, copy.html_path) if p is not None)
        console.print(("  Đã ghi: " if lang == "vi" else "  Written: ") + shown(written))


@click.command("check")
@click.argument("targets", nargs=-1, metavar="TỆP|THƯ_MỤC…")
@review_option
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (để máy đọc).")
@click.option(
    "--annotate",
    "annotate_dir",
    metavar="THƯ_MỤC",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Ghi vào THƯ_MỤC bản sao biểu mẫu có đánh dấu lỗi (<tên>-kiem-tra.xlsx) và trang HTML.",
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Ngôn ngữ thông báo.",
)
@handle_errors
def command(
    targets: tuple[str, ...],
    review_name: str | None,
    as_json: bool,
    annotate_dir: Path | None,
    lang: str,
) -> None:
    """Kiểm tra tệp đơn vị gửi về (không lưu).

    TỆP|THƯ_MỤC: một hay nhiều tệp .xlsx/.xlsm/.xlsb/.xls/.ods, hoặc thư mục chứa chúng (mỗi
    tệp khác trong thư mục được nêu tên là không đọc). Với mỗi tệp in
    đơn vị, kết luận (hợp lệ / hợp lệ có cảnh báo / không hợp lệ) và bảng các lỗi, cảnh báo
    kèm vị trí ô. Mã thoát 0 khi mọi tệp đều dùng được, 1 khi có tệp không hợp lệ, 2 khi dùng
    lệnh sai.

    Ví dụ: reportgen check inputs/moi-nhan/ --annotate outputs/phan-hoi
    """
    files = collect_files(targets, "kiểm tra")
    _, review = open_review(review_name)
    results = _check_all(review, files)
    if as_json:
        for checked in results:
            _annotate(review, checked, annotate_dir, None)
        click.echo(
            json.dumps([_as_json(review, c, lang) for c in results], ensure_ascii=False, indent=2)
        )
    else:
        for checked in results:
            _print_one(review, checked, lang)
            _annotate(review, checked, annotate_dir, lang)
        bad = sum(1 for c in results if not c.submission.verdict.acceptable)
        if len(results) > 1:
            if lang == "vi":
                console.print(
                    f"[bold]{len(results)} tệp:[/] {len(results) - bad} dùng được, {bad} không hợp lệ."
                )
            else:
                console.print(
                    f"[bold]{len(results)} files:[/] {len(results) - bad} usable, {bad} rejected."
                )
    sys.exit(0 if all(c.submission.verdict.acceptable for c in results) else 1)

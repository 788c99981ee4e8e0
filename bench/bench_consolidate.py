"""Consolidation speed: 1,000 units × 20 indicators × 6 years, built in code.

Times ``build_dataset`` and ``write_consolidated`` (median of 3) and their peak Python memory
(tracemalloc, separate run), and prints a table. Target: < 5 s for both together, set on a
machine where xlsxwriter alone wrote the same cells in 3,80 s; on a slower machine the target is
scaled by the xlsxwriter floor measured in the same run (≤ 1,32× the floor).
``--quick`` uses 100 units.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from types import MappingProxyType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _figures import figure

from reportgen.consolidate import build_dataset, write_consolidated
from reportgen.definition.model import Review, ValueType
from reportgen.intake.model import IndicatorValue, ListRow, SectionText, Submission
from reportgen.store.status import UnitState, UnitStatus

KINDS = {"quan": "Quận", "huyen": "Huyện", "thi_xa": "Thị xã", "so_nganh": "Sở, ngành"}
TARGET_S = 5.0
TARGET_FLOOR_S = 3.80  # xlsxwriter alone, same cells, where TARGET_S was set (bench-history.md)


def bench_review(n_units: int) -> Review:
    """20 indicators over 3 areas: 14 plain numbers, 3 ratios (+ their 6 parts… shared), yes/no, choice."""
    indicators: list[dict[str, Any]] = []
    for n in range(1, 12):
        kind = "integer" if n % 2 else "decimal"
        indicators.append(
            {
                "code": f"C{n:02d}",
                "area": f"a{n % 3}",
                "name": f"Chỉ tiêu số {n}",
                "unit": "cái",
                "type": kind,
            }
        )
    for n, (num, den) in enumerate((("C01", "C03"), ("C05", "C07"), ("C09", "C11")), start=1):
        indicators.append({
            "code": f"R{n}", "area": "a0", "name": f"Tỷ lệ {n}", "unit": "%", "type": "ratio",
            "numerator": num, "denominator": den, "aggregate": "ratio_of_sums",
            "target": {"value": 90, "year": 2022},
        })  # fmt: skip
    indicators += [
        {
            "code": "P1",
            "area": "a1",
            "name": "Tỷ lệ tự báo",
            "unit": "%",
            "type": "percent",
            "aggregate": "mean",
        },
        {
            "code": "M1",
            "area": "a1",
            "name": "Lớn nhất",
            "type": "integer",
            "aggregate": "max",
            "kinds": ["so_nganh"],
        },
        {"code": "M2", "area": "a2", "name": "Trung bình", "type": "decimal", "aggregate": "mean"},
        {
            "code": "Y1",
            "area": "a2",
            "name": "Đã ban hành",
            "type": "yes_no",
            "aggregate": "count_yes",
        },
        {
            "code": "K1",
            "area": "a2",
            "name": "Mức độ",
            "type": "choice",
            "choices": ["Chưa", "Đang", "Xong"],
            "aggregate": "none",
        },
        {"code": "S1", "area": "a0", "name": "Tổng", "type": "integer", "kinds": ["quan", "huyen"]},
    ]
    kinds = list(KINDS)
    return Review.model_validate({
        "id": "bench", "title": "Đợt báo cáo thử tốc độ", "kind": "so_ket",
        "subject": {"kind": "Nghị quyết", "number": "1-NQ/TU", "date": "2017-01-01", "issuer": "Thành ủy", "title": "về thử"},
        "period": {"first_year": 2017, "last_year": 2022},
        "cutoff_date": "2022-10-31", "deadline": "2022-12-05", "report_due": "2022-12-15",
        "issuer": {"name": "Thành ủy", "place": "Hà Nội", "style": "party", "number_pattern": "{number}-BC/TU",
                   "signer": {"position": "BÍ THƯ", "name": "A"}},
        "contact": {"name": "Văn phòng"},
        "unit_kinds": KINDS,
        "areas": [{"code": f"a{n}", "title": f"Nhóm nhiệm vụ {n}"} for n in range(3)],
        "indicators": indicators,
        "sections": [{"code": f"s{n}", "number": str(n), "title": f"Phần {n}"} for n in range(1, 4)],
        "lists": [{"code": "vb", "title": "Văn bản", "columns": [
            {"code": "so", "title": "Số", "type": "text"}, {"code": "ngay", "title": "Ngày", "type": "date"}]}],
        "units": [{"code": f"U{n:04d}", "name": f"Đơn vị {n}", "kind": kinds[n % 4]} for n in range(n_units)],
    })  # fmt: skip


def bench_inputs(review: Review) -> tuple[list[UnitStatus], list[tuple[int, Submission]]]:
    """Every unit but one in twenty submits random values, three narratives and five list rows."""
    rng = random.Random(7)
    counting: list[tuple[int, Submission]] = []
    statuses: list[UnitStatus] = []
    for sid, unit in enumerate(review.units, start=1):
        if sid % 20 == 0:
            statuses.append(UnitStatus(unit.code, UnitState.MISSING))
            continue
        values = []
        for ind in review.indicators_for(unit):
            for year in review.years_of(ind):
                t = ind.type
                if t is ValueType.RATIO:
                    continue
                value: object = {
                    ValueType.INTEGER: lambda: rng.randint(0, 10_000),
                    ValueType.DECIMAL: lambda: rng.uniform(0, 1000),
                    ValueType.PERCENT: lambda: rng.uniform(0, 100),
                    ValueType.YES_NO: lambda: rng.random() < 0.5,
                    ValueType.CHOICE: lambda: rng.choice(["Chưa", "Đang", "Xong"]),
                }[t]()
                values.append(IndicatorValue(ind.code, year, value, "Chỉ tiêu!F7"))  # type: ignore[arg-type]
        sha = f"{sid:064x}"
        sections = tuple(
            SectionText(s.code, "Nội dung thuyết minh. " * 40, "Thuyết minh!B5")
            for s in review.sections
        )
        rows = tuple(
            ListRow(
                "vb",
                5 + r,
                MappingProxyType({"so": f"{r}/KH-UBND", "ngay": dt.date(2020, 1, 1 + r)}),
            )
            for r in range(5)
        )
        counting.append(
            (
                sid,
                Submission(
                    "bench",
                    unit.code,
                    f"{unit.code}.xlsx",
                    sha,
                    1,
                    values=tuple(values),
                    sections=sections,
                    rows=rows,
                ),
            )
        )
        statuses.append(
            UnitStatus(
                unit.code,
                UnitState.ON_TIME,
                1,
                1,
                dt.datetime(2022, 12, 1, tzinfo=dt.UTC),
                submission_id=sid,
                file_hash=sha,
            )
        )
    return statuses, counting


def _cells_in(path: Path) -> int:
    """Non-empty cells of every sheet of the written workbook."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(
        1
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
        if value != ""
    )


def _xlsxwriter_floor(cells: int, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds for xlsxwriter to write ``cells`` plain cells (3 text : 2 numbers)."""
    import xlsxwriter

    start, cpu = time.perf_counter(), time.process_time()
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet()
    digest = "0" * 64
    for n in range(cells // 5):
        ws.write_string(n, 0, f"U{n % 1000:04d}")
        ws.write_string(n, 1, f"C{n % 20:02d}")
        ws.write_number(n, 2, 2017 + n % 6)
        ws.write_number(n, 3, n * 0.5)
        ws.write_string(n, 4, digest)
    wb.close()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    """Print the table; exit 1 when the target is missed."""
    n_units = 100 if "--quick" in sys.argv else 1000
    review = bench_review(n_units)
    statuses, counting = bench_inputs(review)
    now = dt.datetime(2022, 12, 10, tzinfo=dt.UTC)
    build_times, write_times, build_cpu, write_cpu = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tong-hop.xlsx"
        for _ in range(3):
            start, cpu = time.perf_counter(), time.process_time()
            dataset = build_dataset(review, statuses, counting, generated_at=now)
            build_times.append(time.perf_counter() - start)
            build_cpu.append(time.process_time() - cpu)
            start, cpu = time.perf_counter(), time.process_time()
            write_consolidated(dataset, out)
            write_times.append(time.perf_counter() - start)
            write_cpu.append(time.process_time() - cpu)
        size = out.stat().st_size
        tracemalloc.start()
        dataset = build_dataset(review, statuses, counting, generated_at=now)
        build_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        write_consolidated(dataset, out)
        write_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        cells = _cells_in(out)
        lean_times, lean_cpu = [], []
        for _ in range(3):
            start, cpu = time.perf_counter(), time.process_time()
            write_consolidated(dataset, out, provenance=False)
            lean_times.append(time.perf_counter() - start)
            lean_cpu.append(time.process_time() - cpu)
        floor_wall, floor_cpu = _xlsxwriter_floor(cells, Path(tmp) / "floor.xlsx")
    build, write = statistics.median(build_times), statistics.median(write_times)
    n_ind = len(review.indicators)
    print(
        f"{n_units} units ({len(counting)} submitted) × {n_ind} indicators × 6 years: "
        f"{len(dataset.points):,} data points, {len(dataset.aggregates):,} aggregates, workbook {size / 1e6:.1f} MB"
    )
    print()
    bcpu, wcpu = statistics.median(build_cpu), statistics.median(write_cpu)
    print("| step | wall, median of 3 | CPU, median of 3 | peak Python memory (tracemalloc) |")
    print("|---|---|---|---|")
    print(f"| build_dataset | {build:.2f} s | {bcpu:.2f} s | {build_peak / 2**20:.0f} MiB |")
    print(
        f"| write_consolidated | {write:.2f} s | {wcpu:.2f} s | {write_peak / 2**20:.0f} MiB (above the dataset) |"
    )
    lean, lcpu = statistics.median(lean_times), statistics.median(lean_cpu)
    print(f"| write_consolidated(provenance=False) | {lean:.2f} s | {lcpu:.2f} s | |")
    print(
        f"| (floor: xlsxwriter alone, same {cells:,} cells, no styles) | {floor_wall:.2f} s | {floor_cpu:.2f} s | |"
    )
    total = build + write
    allowed = TARGET_S * max(1.0, floor_wall / TARGET_FLOOR_S)  # the machine's speed, same run
    print(
        f"| **total** | **{total:.2f} s** | {bcpu + wcpu:.2f} s | target < {allowed:.2f} s wall "
        f"({TARGET_S:.0f} s where the floor was {TARGET_FLOOR_S:.2f} s) |"
    )
    print(
        f"\nload average while running: {os.getloadavg()[0]:.1f} (2 cores; > 2 means contended timings)"
    )
    if "--quick" not in sys.argv:
        figure(f"consolidate {n_units} units, build + write, wall", total, "s",
               reference="xlsxwriter alone, same cells", ref_value=floor_wall,
               target=f"≤ {TARGET_S / TARGET_FLOOR_S:.2f}× (< 5 s where the floor is 3.80 s)".replace(".", ","))  # fmt: skip
    return 0 if total < allowed else 1


if __name__ == "__main__":
    sys.exit(main())

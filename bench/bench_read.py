"""Benchmark: reading submitted workbooks — our guard + calamine read vs bare calamine vs openpyxl.

Run: .venv/bin/python bench/bench_read.py [--files 200] [--repeat 3]

Builds N unit-like workbooks in memory with xlsxwriter (info sheet, indicators × 2017–2022,
narrative texts, a document list: about 500 non-empty cells each, seeded), then times, per
workbook, the median of ``--repeat`` passes over all files of:

* ``read_workbook`` (guard: sniff, inflate every member under a byte budget, scan the sheet XML
  for the grid extent, uncalculated formulas and error cells; then calamine → cells by address);
* bare python-calamine ``to_python()`` of every sheet (the library floor);
* openpyxl ``read_only=True, data_only=True`` producing the same cells-by-address dicts.

Each reader runs in its own child process so its peak RSS is its own. Prints a table.
Baseline (../shared/ref/perf-baselines.md): calamine 1.3–2.3 ms/workbook, openpyxl 16–25 ms.
Target: guard + read ≤ ~3 ms/workbook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import xlsxwriter

WORDS = (
    "môi trường thu gom xử lý chất thải rắn sinh hoạt nước sạch cây xanh đô thị nông thôn "
    "kế hoạch triển khai kết quả đạt được hạn chế nguyên nhân giải pháp nhiệm vụ năm tới"
).split()


def make_workbook(seed: int) -> bytes:
    """One unit-like workbook, about 500 non-empty cells."""
    rng = random.Random(seed)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    info = book.add_worksheet("Thông tin")
    for row, (key, value) in enumerate(
        [("Đơn vị", f"Quận số {seed}"), ("Người lập", "Nguyễn Văn A"), ("Chức vụ", "Chuyên viên"),
         ("Điện thoại", "0912345678"), ("Thư điện tử", "a@hanoi.gov.vn"), ("Ghi chú", "")]
    ):  # fmt: skip
        info.write_string(row, 0, key)
        info.write_string(row, 1, value)
    info.write_datetime(6, 1, dt.datetime(2022, 12, 5), dates)
    data = book.add_worksheet("Chỉ tiêu")
    for col, year in enumerate(range(2017, 2023), start=2):
        data.write_number(0, col, year)
    for row in range(1, rng.randint(30, 50) + 1):
        data.write_string(row, 0, f"CT{row:02d}")
        data.write_string(row, 1, " ".join(rng.choices(WORDS, k=6)))
        for col in range(2, 8):
            value = rng.randint(0, 5000) if rng.random() < 0.5 else round(rng.uniform(0, 100), 1)
            data.write_number(row, col, value)
    text = book.add_worksheet("Thuyết minh")
    for row in range(8):
        text.write_string(row, 0, " ".join(rng.choices(WORDS, k=rng.randint(100, 600)))[:3000])
    docs = book.add_worksheet("Văn bản")
    for row in range(rng.randint(10, 50)):
        docs.write_string(row, 0, f"{rng.randint(1, 300)}/KH-UBND")
        docs.write_datetime(
            row, 1, dt.datetime(2022, rng.randint(1, 12), rng.randint(1, 28)), dates
        )
        docs.write_string(row, 2, " ".join(rng.choices(WORDS, k=10)))
        docs.write_string(row, 3, "Nguyễn Văn B")
    book.close()
    return out.getvalue()


def read_ours(data: bytes) -> int:
    from reportgen.intake.read import read_workbook

    book, _ = read_workbook(data, "don-vi.xlsx")
    assert book is not None
    return sum(len(s.cells) for s in book.sheets.values())


def read_bare_calamine(data: bytes) -> int:
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return sum(
        sum(1 for row in book.get_sheet_by_name(n).to_python() for v in row if v != "")
        for n in book.sheet_names
    )


def read_openpyxl(data: bytes) -> int:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        cells = {
            cell.coordinate: cell.value
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None and cell.value != "" and hasattr(cell, "coordinate")
        }
        count += len(cells)
    book.close()
    return count


READERS: dict[str, Callable[[bytes], int]] = {
    "reportgen read_workbook (guard + calamine)": read_ours,
    "python-calamine bare to_python()": read_bare_calamine,
    "openpyxl read_only": read_openpyxl,
}


def child(reader: str, files: int, repeat: int) -> None:
    """Run one reader over the files; print JSON (ms per workbook, cells, peak RSS MiB)."""
    corpus = [make_workbook(seed) for seed in range(files)]
    read = READERS[reader]
    read(corpus[0])  # imports and warm-up outside the clock
    passes, cpu_passes = [], []
    cells = 0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        cells = sum(read(data) for data in corpus)
        passes.append(time.perf_counter() - start)
        cpu_passes.append(time.process_time() - cpu)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(map(len, corpus)) / len(corpus) / 1024
    per_file = [statistics.median(p) / files * 1000 for p in (passes, cpu_passes)]
    print(json.dumps([*per_file, cells / files, rss, size]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.files, args.repeat)
        return
    rows = []
    for reader in READERS:
        done = subprocess.run(
            [sys.executable, __file__, "--child", reader, "--files", str(args.files),
             "--repeat", str(args.repeat)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows.append((reader, *json.loads(done.stdout)))
    base = rows[1][2]
    print(f"{args.files} workbooks, median of {args.repeat} passes, {rows[0][5]:.1f} KB each")
    print(f"| {'reader':44} | wall ms/wb | CPU ms/wb | CPU × calamine | cells/wb | peak RSS MiB |")
    print(f"|{'-' * 46}|------------|-----------|----------------|----------|--------------|")
    for reader, ms, cpu, cells, rss, _ in rows:
        print(
            f"| {reader:44} | {ms:10.2f} | {cpu:9.2f} | {cpu / base:14.2f} | {cells:8.0f} | {rss:12.0f} |"
        )


if __name__ == "__main__":
    main()

"""Store speed: submit 1,000 generated unit workbooks (20 indicators × 6 years) on SQLite and PostgreSQL.

The review is built in code. Workbooks are written once (``samples.write_sample``), then each
backend runs in its own process so its peak memory (max RSS) is its own: every file is read,
checked (``check_file``) and stored (``Store.submit``); then the read API consolidation uses
(``statuses`` and ``counting``) is timed. PostgreSQL uses ``REPORTGEN_TEST_PG_URL`` or a
throwaway cluster (``tests/store/pg.py``); it is skipped, with the reason, when neither works.
``--quick`` uses 100 units. Target: storing adds < 50 ms per file to checking (a thousand units
in under a minute). About half of it is the fsyncs that make a submit durable (the file,
its folder, the database commit); the rest is SQL round trips.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests/store/pg.py

from reportgen.definition.model import Review  # noqa: E402

KINDS = {"quan": "Quận", "huyen": "Huyện"}
TARGET_MS_PER_FILE = 50.0


def bench_review(n_units: int) -> Review:
    """20 indicators asked for 6 years (2017–2022), one narrative section, one list table."""
    types = ["integer", "decimal"] * 8 + ["percent", "percent", "yes_no", "integer"]
    indicators = [
        {"code": f"C{n:02d}", "area": "a", "name": f"Chỉ tiêu số {n}", "unit": "hộ" if t == "integer" else "%",
         "type": t} | ({"unit": ""} if t == "yes_no" else {})
        for n, t in enumerate(types, start=1)
    ]  # fmt: skip
    return Review.model_validate({
        "id": "bench-store", "title": "Đợt báo cáo thử tốc độ kho tệp", "kind": "so_ket",
        "subject": {"kind": "Nghị quyết", "number": "1-NQ/TU", "date": "2017-01-01", "issuer": "Thành ủy",
                    "title": "về thử"},
        "period": {"first_year": 2017, "last_year": 2022},
        "cutoff_date": "2022-10-31", "deadline": "2022-12-05", "report_due": "2022-12-15",
        "issuer": {"name": "Thành ủy", "place": "Hà Nội", "style": "party", "number_pattern": "{number}-BC/TU",
                   "signer": {"position": "BÍ THƯ", "name": "A"}},
        "contact": {"name": "Văn phòng"},
        "unit_kinds": KINDS,
        "areas": [{"code": "a", "title": "Nhóm nhiệm vụ"}],
        "indicators": indicators,
        "sections": [{"code": "s1", "number": "1", "title": "Kết quả"}],
        "lists": [{"code": "vb", "title": "Văn bản", "columns": [
            {"code": "so", "title": "Số", "type": "text"}, {"code": "ngay", "title": "Ngày", "type": "date"}]}],
        "units": [{"code": f"U{n:04d}", "name": f"Đơn vị {n}", "kind": list(KINDS)[n % 2]} for n in range(n_units)],
    })  # fmt: skip


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def run_backend(n_units: int, folder: Path, url: str | None) -> dict[str, Any]:
    """Check and store every workbook in ``folder``; time each stage (runs in a child process)."""
    from reportgen.intake.check import check_file
    from reportgen.project import Project
    from reportgen.store import open_store

    review = bench_review(n_units)
    project = Project(folder / "project")
    files = sorted((folder / "in").glob("*.xlsx"))
    check_s = store_s = 0.0
    accepted = 0
    with open_store(project, review, url) as store:
        for path in files:
            data = path.read_bytes()
            t0 = time.perf_counter()
            submission = check_file(review, path, data=data)
            t1 = time.perf_counter()
            result = store.submit(submission, data)
            t2 = time.perf_counter()
            check_s += t1 - t0
            store_s += t2 - t1
            accepted += result.verdict.acceptable
        t0 = time.perf_counter()
        statuses = store.statuses(review)
        t1 = time.perf_counter()
        counted = store.counting(review)
        t2 = time.perf_counter()
    values = sum(len(s.values) for _, s in counted)
    return {
        "files": len(files), "accepted": accepted, "check_s": check_s, "store_s": store_s,
        "statuses_s": t1 - t0, "counting_s": t2 - t1, "units": len(statuses), "values": values,
        "max_rss_mb": _max_rss_mb(),
    }  # fmt: skip


def _generate(review: Review, folder: Path) -> float:
    from reportgen.demo.samples import write_sample

    (folder / "in").mkdir(parents=True)
    t0 = time.perf_counter()
    for n, unit in enumerate(review.units):
        write_sample(review, unit, folder / "in" / f"{unit.code}.xlsx", seed=n)
    return time.perf_counter() - t0


def _child(n_units: int, folder: Path, url: str) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", str(n_units), str(folder), url]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-2000:])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str]) -> int:
    """Generate the workbooks, run each backend in a child process, print the table."""
    if argv[:1] == ["--child"]:
        n_units, folder, url = int(argv[1]), Path(argv[2]), argv[3] or None
        print(json.dumps(run_backend(n_units, folder, url)))
        return 0
    n_units = 100 if "--quick" in argv else 1000
    review = bench_review(n_units)
    rows: list[tuple[str, dict[str, Any] | str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        base = Path(tmp)
        gen_s = _generate(review, base / "sqlite")
        (base / "pg").mkdir()
        (base / "pg" / "in").symlink_to(base / "sqlite" / "in")
        print(
            f"{n_units} workbooks generated in {gen_s:.1f} s ({1000 * gen_s / n_units:.0f} ms each)",
            flush=True,
        )
        rows.append(("SQLite", _child(n_units, base / "sqlite", "")))
        try:
            from tests.store import pg

            cluster = pg.start()
        except Exception as exc:  # the bench goes on without PostgreSQL
            rows.append(("PostgreSQL", f"skipped: {exc}"))
        else:
            try:
                with pg.schema(cluster) as url:
                    rows.append(("PostgreSQL", _child(n_units, base / "pg", url)))
            finally:
                cluster.stop()
    header = f"{'backend':<11} {'files':>5} {'check s':>8} {'store s':>8} {'store ms/file':>13} " \
             f"{'statuses s':>10} {'counting s':>10} {'values':>8} {'max RSS MB':>10}"  # fmt: skip
    print(header)
    print("-" * len(header))
    worst = 0.0
    for name, r in rows:
        if isinstance(r, str):
            print(f"{name:<11} {r}")
            continue
        per_file = 1000 * r["store_s"] / max(1, r["files"])
        worst = max(worst, per_file)
        print(
            f"{name:<11} {r['files']:>5} {r['check_s']:>8.2f} {r['store_s']:>8.2f} {per_file:>13.1f} "
            f"{r['statuses_s']:>10.3f} {r['counting_s']:>10.3f} {r['values']:>8} {r['max_rss_mb']:>10.0f}"
        )
    verdict = "OK" if worst < TARGET_MS_PER_FILE else "SLOW"
    print(
        f"target: store < {TARGET_MS_PER_FILE:.0f} ms per file — {verdict} (worst {worst:.1f} ms)"
    )
    return 0 if worst < TARGET_MS_PER_FILE else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

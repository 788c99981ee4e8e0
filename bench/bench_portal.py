"""Benchmark: uploads through ``reportgen serve`` on loopback, SQLite and PostgreSQL.

Two runs per database: 36 units uploading at the same moment, and N uploads (default 1,000)
from C concurrent clients (default 50), each a distinct real workbook of one of the Hanoi units.
Timed: from the start of the upload POST to the end of the findings page it redirects to.
Prints p50/p95/max, errors, and a ledger check (every upload recorded once, right sha256).
Target on 2 cores: p95 < 2 s at 50 concurrent clients, 0 errors, 0 lost.

Run: .venv/bin/python bench/bench_portal.py [--uploads 1000] [--clients 50] [--db sqlite,postgresql]
     .venv/bin/python bench/bench_portal.py --scale [--quick] [--units 1000] [--over 300]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _figures import figure, load, print_table  # noqa: E402
from _portal_client import upload_to_findings  # noqa: E402

from reportgen.definition import Review, load_review  # noqa: E402
from reportgen.demo.samples import write_sample  # noqa: E402
from reportgen.project import Project  # noqa: E402
from reportgen.store import Role, open_store  # noqa: E402

HANOI = ROOT / "templates" / "nq11-moi-truong"
PASSWORD = "mat-khau-do-hieu-nang"


def workbooks(review: Review, count: int, units: int) -> list[tuple[str, bytes]]:
    """``count`` distinct filled workbooks, (unit code, bytes), cycling over the first ``units``."""
    out = []
    for n in range(count):
        unit = review.units[n % units]
        buf = io.BytesIO()
        write_sample(review, unit, buf, seed=1000 + n)
        out.append((unit.code, buf.getvalue()))
    return out


def serve(root: Path, db: str | None) -> tuple[subprocess.Popen[str], str]:
    """Start ``reportgen serve`` on a free port; return it and its address."""
    env = {**os.environ, "REPORTGEN_ROOT": str(root), "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "reportgen", "serve", "--review", str(HANOI), "--port", "0"]
    if db:
        cmd += ["--db", db]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not found:
        proc.kill()
        raise SystemExit(f"server did not start: {line}{proc.stdout.read()}")
    return proc, found.group(0)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc), e.g. the server and its check workers."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) used so far by ``pid`` itself, and by its descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    own = rest = 0.0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / tick
        if p == pid:
            own = used
        else:
            rest += used
    return own, rest


def run(
    review: Review, db: str | None, label: str, files: list[tuple[str, bytes]], clients: int
) -> list[str]:
    """One scenario on a fresh project: returns its table row."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with open_store(Project(root), review, db) as store:
            for c in range(clients):
                unit = review.units[c % len(review.units)].code
                store.add_staff(f"c{c:03d}", Role.UNIT, password=PASSWORD, unit_code=unit)
        proc, url = serve(root, db)
        try:
            sessions = []
            for c in range(clients):
                client = httpx.Client(base_url=url, timeout=120, follow_redirects=False)
                r = client.post("/dang-nhap", data={"ten": f"c{c:03d}", "ma": PASSWORD})
                assert r.status_code == 303, r.text
                sessions.append(client)
            # client c sends the files of its unit (clients sharing a unit split them)
            plan: list[list[bytes]] = [[] for _ in range(clients)]
            for n, (code, data) in enumerate(files):
                owners = [
                    c for c in range(clients) if review.units[c % len(review.units)].code == code
                ]
                plan[owners[n % len(owners)]].append(data)
            times: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            start_gate = threading.Barrier(clients)

            def work(c: int) -> None:
                client = sessions[c]
                start_gate.wait()
                for data in plan[c]:
                    t0 = time.perf_counter()
                    try:
                        upload_to_findings(client, data)
                        with lock:
                            times.append(time.perf_counter() - t0)
                    except Exception as exc:
                        with lock:
                            errors.append(str(exc)[:100])

            cpu0 = cpu_seconds(proc.pid)
            wall = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(work, range(clients)))
            wall = time.perf_counter() - wall
            cpu1 = cpu_seconds(proc.pid)
            web_ms = (cpu1[0] - cpu0[0]) * 1000 / len(files)
            check_ms = (cpu1[1] - cpu0[1]) * 1000 / len(files)
            for client in sessions:
                client.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            if proc.stdout:
                proc.stdout.close()
        with open_store(Project(root), review, db) as store:
            recorded: dict[str, int] = {}
            for unit in review.units:
                for rec in store.versions(unit.code):
                    recorded[rec.sha256] = recorded.get(rec.sha256, 0) + 1
        sent = {hashlib.sha256(d).hexdigest() for _c, d in files}
        lost = len(sent - set(recorded))
        twice = sum(1 for v in recorded.values() if v > 1)
        q = statistics.quantiles(times, n=20) if len(times) > 1 else [0.0] * 19
        figure(f"portal p95 upload→findings, {label}", round(q[18], 2), "s",
               target="< 2 s at 50 clients, 0 errors, 0 lost")  # fmt: skip
        figure(f"portal errors + lost, {label}", len(errors) + lost, "", target="0")
        return [label, str(len(files)), str(clients), f"{statistics.median(times):.2f}" if times else "-",
                f"{q[18]:.2f}", f"{max(times, default=0):.2f}", f"{wall:.1f}", str(len(errors)),
                str(lost), str(twice), f"{len(files) / wall:.1f}", f"{web_ms:.0f}",
                f"{check_ms:.0f}", load()]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--quick", action="store_true", help="100 uploads, 10 clients")
    parser.add_argument("--scale", action="store_true",
                        help="the scale run (2 web processes + 1 worker, PostgreSQL, live draft) "
                             "and the simulated national review, instead (bench/_portal_scale.py)")  # fmt: skip
    parser.add_argument("--scale-part", choices=["all", "run", "national"], default="all")
    parser.add_argument("--units", type=int, default=None, help="--scale: units (default 1,000)")
    parser.add_argument("--over", type=float, default=None, help="--scale: seconds of uploads")
    args = parser.parse_args()
    if args.scale:
        import _portal_scale

        _portal_scale.main(args.quick, args.units, args.over, args.scale_part)
        return
    if args.quick:
        args.uploads, args.clients = 100, 10
    review = load_review(HANOI)
    print(f"writing {args.uploads} workbooks…", flush=True)
    many = workbooks(review, args.uploads, min(len(review.units), args.clients))
    burst = workbooks(review, len(review.units), len(review.units))
    rows = []
    cluster = None
    for db_name in args.db.split(","):
        url = None
        if db_name == "postgresql":
            from tests.store import pg

            try:
                cluster = pg.start()
            except pg.Unavailable as exc:
                print(f"PostgreSQL skipped: {exc}")
                continue
            url = cluster.url
        try:
            rows.append(run(review, url, f"{db_name}: 36 at once", burst, len(review.units)))
            if url is not None:  # a fresh database for the second scenario
                cluster.stop()  # type: ignore[union-attr]
                cluster = pg.start()
                url = cluster.url
            rows.append(
                run(review, url, f"{db_name}: {args.uploads}/{args.clients}", many, args.clients)
            )
        finally:
            if cluster is not None:
                cluster.stop()
                cluster = None
    head = [
        "scenario",
        "uploads",
        "clients",
        "p50 s",
        "p95 s",
        "max s",
        "wall s",
        "errors",
        "lost",
        "twice",
        "upl/s",
        "web cpu ms/upl",
        "check cpu ms/upl",
        "load",
    ]
    print_table(head, rows)


if __name__ == "__main__":
    main()

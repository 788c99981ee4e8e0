"""The portal's scale run (``bench_portal.py --scale``): several processes on PostgreSQL.

1. **Scale run.** ``reportgen serve --workers 2 --queue procrastinate`` and one separate
   ``reportgen worker`` on a throw-away PostgreSQL, the live draft on, N units (default 1,000,
   a copy of the Hanoi review with N units in ``units.csv``) each uploading its own real
   workbook once, spread evenly over a few minutes (an open loop: the arrival rate is fixed,
   as in a real review). Measured: upload-to-findings p50/p95 (POST + the findings page it
   redirects to), draft jobs completed/failed, the time from the last upload to a draft that
   includes it, lost files (the ledger holds every sent sha256 exactly once), stuck jobs.
2. **National review, simulated.** 10,000 synthetic units (:mod:`reportgen.demo.synthetic`),
   SQLite vs PostgreSQL: consolidation (``read_dataset`` + the workbook) and the board's query
   (``Store.statuses``) at 1k/5k/10k units.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import os
import re
import shutil
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

from reportgen.definition import load_review  # noqa: E402
from reportgen.demo.samples import write_sample  # noqa: E402
from reportgen.project import Project  # noqa: E402
from reportgen.store import Role, open_store  # noqa: E402

HANOI = ROOT / "templates" / "nq11-moi-truong"
PASSWORD = "mat-khau-do-quy-mo"


def _cheap_hashes() -> None:
    # Argon2 at 64 MiB for 1,000 accounts would take minutes; the hash keeps its own cost,
    # so the server verifies these cheaply too (as the tests do).
    from argon2 import PasswordHasher

    from reportgen.store import accounts

    accounts._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # type: ignore[attr-defined]


def review_with_units(root: Path, units: int) -> Path:
    """A copy of the Hanoi review in ``root/templates`` with ``units`` units (kinds cycled)."""
    folder = root / "templates" / HANOI.name
    shutil.copytree(HANOI, folder)
    with (HANOI / "units.csv").open(encoding="utf-8") as f:
        kinds = [row["kind"] for row in csv.DictReader(f)]
    with (folder / "units.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["code", "name", "kind", "parent", "contact", "deadline"])
        for k in range(units):
            out.writerow(
                [f"{k + 1:04d}", f"Đơn vị thử số {k + 1:04d}", kinds[k % len(kinds)], "", "", ""]
            )
    return folder


def _start(cmd: list[str], root: Path, log: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "REPORTGEN_ROOT": str(root), "COLUMNS": "200"}
    env.pop("REPORTGEN_DB", None)
    return subprocess.Popen(cmd, env=env, cwd=root, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)  # fmt: skip


def _address(log: Path, proc: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+", log.read_text(encoding="utf-8"))
        if found:
            url = found.group(0)
            try:
                if httpx.get(url + "/dang-nhap", timeout=5).status_code == 200:
                    return url
            except httpx.HTTPError:
                pass
        if proc.poll() is not None:
            raise SystemExit(f"server stopped: {log.read_text(encoding='utf-8')}")
        time.sleep(0.3)
    raise SystemExit("server did not start")


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(timeout=30)


def scale_run(units: int, duration_s: float, clients: int) -> dict[str, float]:
    """The scale run on a fresh PostgreSQL; its measures."""
    from reportgen.jobs import JobKind, JobState, set_live_draft
    from reportgen.jobs.book import JobBook
    from reportgen.store.db import make_engine
    from tests.store import pg

    _cheap_hashes()
    cluster = pg.start()
    tmp = Path(tempfile.mkdtemp(prefix="rg-scale-"))
    procs: list[subprocess.Popen[str]] = []
    try:
        folder = review_with_units(tmp, units)
        review = load_review(folder)
        print(f"scale: {units} units, writing workbooks…", flush=True)
        files: list[tuple[str, bytes]] = []
        for n, unit in enumerate(review.units):
            buf = io.BytesIO()
            write_sample(review, unit, buf, seed=5000 + n)
            files.append((unit.code, buf.getvalue()))
        with open_store(Project(tmp), review, cluster.url) as store:
            for unit in review.units:
                store.add_staff(f"dv{unit.code}", Role.UNIT, password=PASSWORD, unit_code=unit.code)
            set_live_draft(store, True)
        base = [sys.executable, "-m", "reportgen"]
        serve_log, worker_log = tmp / "serve.log", tmp / "worker.log"
        procs.append(_start([*base, "serve", "--review", str(folder), "--port", "0", "--db", cluster.url,
                             "--queue", "procrastinate", "--workers", "2"], tmp, serve_log))  # fmt: skip
        procs.append(_start([*base, "worker", "--review", str(folder), "--db", cluster.url,
                             "--concurrency", "1"], tmp, worker_log))  # fmt: skip
        url = _address(serve_log, procs[0])
        print(f"scale: uploading over {duration_s:.0f} s from up to {clients} clients…", flush=True)
        times: list[float] = []
        errors: list[str] = []
        pids: set[str] = set()
        last_done = [0.0]
        lock = threading.Lock()
        start = time.monotonic() + 2
        gap = duration_s / max(1, len(files) - 1)

        def one(k: int) -> None:
            code, data = files[k]
            time.sleep(max(0.0, start + k * gap - time.monotonic()))
            try:
                with httpx.Client(base_url=url, timeout=300, follow_redirects=False) as client:
                    r = client.post("/dang-nhap", data={"ten": f"dv{code}", "ma": PASSWORD})
                    if r.status_code != 303:
                        raise RuntimeError(f"login {r.status_code}")
                    t0 = time.perf_counter()
                    r = upload_to_findings(client, data)
                    took = time.perf_counter() - t0
                with lock:
                    times.append(took)
                    pids.add(r.headers.get("x-reportgen-process", "?"))
                    last_done[0] = max(last_done[0], time.time())
            except Exception as exc:
                with lock:
                    errors.append(str(exc)[:100])

        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(one, range(len(files))))
        last = dt.datetime.fromtimestamp(last_done[0], dt.UTC)
        print(f"scale: uploads done ({len(errors)} errors); waiting for the draft…", flush=True)
        engine = make_engine(cluster.url)
        book = JobBook(engine)
        caught_up: dt.datetime | None = None
        final_units = 0
        deadline = time.monotonic() + 1200
        while time.monotonic() < deadline and caught_up is None:
            for job in book.recent(review.id, limit=20):
                if (job.kind is JobKind.DRAFT and job.state is JobState.SUCCEEDED
                        and job.started_at is not None and job.started_at >= last):  # fmt: skip
                    assert job.finished_at is not None
                    caught_up, final_units = job.finished_at, job.units_included or 0
                    break
            time.sleep(1)
        time.sleep(3)
        jobs = book.recent(review.id, limit=10_000)
        engine.dispose()
        with open_store(Project(tmp), review, cluster.url) as store:
            recorded: dict[str, int] = {}
            for unit in review.units:
                for rec in store.versions(unit.code):
                    recorded[rec.sha256] = recorded.get(rec.sha256, 0) + 1
        sent = {hashlib.sha256(d).hexdigest() for _c, d in files}
        q = statistics.quantiles(times, n=20) if len(times) > 1 else [0.0] * 19
        return {
            "units": units,
            "duration": duration_s,
            "p50": statistics.median(times) if times else 0.0,
            "p95": q[18],
            "max": max(times, default=0.0),
            "errors": len(errors),
            "processes": len(pids),
            "jobs_ok": sum(1 for j in jobs if j.state is JobState.SUCCEEDED),
            "jobs_failed": sum(1 for j in jobs if j.state in (JobState.FAILED, JobState.TIMED_OUT)),
            "stuck": sum(1 for j in jobs if not j.state.finished),
            "debounced": sum(j.requests for j in jobs),
            "lag": (caught_up - last).total_seconds() if caught_up else float("nan"),
            "draft_units": final_units,
            "lost": len(sent - set(recorded)),
            "twice": sum(1 for v in recorded.values() if v > 1),
        }
    finally:
        for proc in procs:
            _stop(proc)
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def national(sizes: list[int], dbs: list[str]) -> list[list[str]]:
    """Consolidation and board query times at each size, per database; the table rows."""
    from reportgen.consolidate import read_dataset
    from reportgen.consolidate.workbook import write_consolidated
    from reportgen.demo.synthetic import _submission, large_review
    from tests.store import pg

    review = large_review(load_review(HANOI), units=max(sizes))
    rows = []
    for db in dbs:
        cluster = pg.start() if db == "postgresql" else None
        tmp = Path(tempfile.mkdtemp(prefix="rg-national-"))
        try:
            filled = 0
            for size in sizes:
                part = review.model_copy(update={"units": review.units[:size]})
                with open_store(Project(tmp), part, cluster.url if cluster else None) as store:
                    t = time.perf_counter()
                    for n in range(filled, size):
                        unit = review.units[n]
                        data = f"synthetic {unit.code}".encode()
                        sub = dataclasses.replace(_submission(part, unit, n), size=len(data),
                                                  sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
                        store.submit(sub, data, received_at=dt.datetime(2022, 12, 1, 9))
                    per_submit = (time.perf_counter() - t) / max(1, size - filled)
                    filled = size
                    board = []
                    for _ in range(3):
                        t = time.perf_counter()
                        store.statuses(part)
                        board.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    dataset = read_dataset(store, part)
                    read_s = time.perf_counter() - t
                    t = time.perf_counter()
                    write_consolidated(dataset, tmp / f"tong-hop-{size}.xlsx")
                    write_s = time.perf_counter() - t
                row = [db, f"{size:,}", f"{per_submit * 1000:.1f}", f"{min(board) * 1000:.0f}",
                       f"{read_s:.1f}", f"{write_s:.1f}", f"{read_s + write_s:.1f}"]  # fmt: skip
                print("national: " + "  ".join(row), flush=True)
                rows.append(row)
                figure(
                    f"national {db} {size} units: board query (statuses)", min(board) * 1000, "ms"
                )
                figure(f"national {db} {size} units: consolidation", read_s + write_s, "s")
        finally:
            if cluster is not None:
                cluster.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    return rows


def main(quick: bool, units: int | None, duration_s: float | None, parts: str) -> None:
    """Run the scale run and the national simulation; print their tables and figures."""
    print(f"load average at start: {load()}", flush=True)
    if parts in ("all", "run"):
        n = units or (100 if quick else 1000)
        r = scale_run(n, duration_s or (45 if quick else 300), clients=32 if quick else 64)
        head = ["units", "over s", "p50 s", "p95 s", "max s", "errors", "web procs", "drafts ok",
                "failed", "stuck", "requests", "lag s", "draft units", "lost", "twice"]  # fmt: skip
        row = [f"{r['units']:,.0f}", f"{r['duration']:.0f}", f"{r['p50']:.2f}", f"{r['p95']:.2f}",
               f"{r['max']:.2f}", f"{r['errors']:.0f}", f"{r['processes']:.0f}", f"{r['jobs_ok']:.0f}",
               f"{r['jobs_failed']:.0f}", f"{r['stuck']:.0f}", f"{r['debounced']:.0f}", f"{r['lag']:.0f}",
               f"{r['draft_units']:.0f}/{r['units']:.0f}", f"{r['lost']:.0f}", f"{r['twice']:.0f}"]  # fmt: skip
        print("\nscale run: 2 web processes + 1 worker, PostgreSQL, live draft on")
        print_table(head, [row])
        print(f"load average after the run: {load()}")
        figure(f"scale {n} units: p95 upload-to-findings", r["p95"], "s", target="< 2 s")
        figure(f"scale {n} units: draft behind the last upload", r["lag"], "s", target="≤ 180 s")
        figure(f"scale {n} units: draft jobs completed", r["jobs_ok"], "jobs")
        figure(f"scale {n} units: lost files", r["lost"], "files", target="0")
        figure(f"scale {n} units: stuck jobs", r["stuck"], "jobs", target="0")
    if parts in ("all", "national"):
        sizes = [500, 1000] if quick else [1000, 5000, 10000]
        rows = national(sizes, ["sqlite", "postgresql"])
        print("\nnational review (synthetic): per-submit, board query, consolidation")
        print_table(
            ["db", "units", "submit ms", "board ms", "read s", "xlsx s", "consolidate s"], rows
        )
        print(f"load average after: {load()}")

"""Jobs: what a click costs, and how long a job takes from click to files, on the Hanoi review.

A temporary project gets real filled workbooks for N units of the bundled Hanoi review
(``samples.write_sample`` → ``check_file`` → ``Store.submit``), then on SQLite with the
embedded backend it times:

* ``submit``: enqueue one job (a click), and a duplicate click (which returns the same job);
* queue → running: claim plus starting a child process (``spawn``) until it adopts the job;
* consolidate job and render job (DOCX + PDF), click to ``succeeded``;
* ``statuses`` with the review workflow applied (marks, held versions, cover counts).

``--quick`` uses 12 units instead of all 36. Targets (2 cores): a click < 50 ms, a render
job within 30 s of the click (the render itself is about 10 s), the board < 200 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from reportgen.definition import load_review  # noqa: E402
from reportgen.demo.samples import write_sample  # noqa: E402
from reportgen.intake.check import check_file  # noqa: E402
from reportgen.jobs import EmbeddedQueue, JobKind, JobRequest, JobState, review_ref  # noqa: E402
from reportgen.jobs.factory import resolve_url  # noqa: E402
from reportgen.jobs.supervise import warm_up  # noqa: E402
from reportgen.project import Project  # noqa: E402
from reportgen.store import open_store  # noqa: E402
from reportgen.store.review_flow import ReviewFlow  # noqa: E402

HANOI = ROOT / "templates" / "nq11-moi-truong"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    """Print one line per measure."""
    quick = "--quick" in sys.argv
    review = load_review(HANOI)
    units = review.units[:12] if quick else review.units
    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
        project = Project(Path(tmp))
        url = resolve_url(project, review, None)
        with open_store(project, review, url) as store:
            for n, unit in enumerate(units):
                path = Path(tmp) / f"{unit.code}.xlsx"
                write_sample(review, unit, path, seed=n)
                data = path.read_bytes()
                store.submit(check_file(review, path, data=data), data)
            board = store.statuses(review)
            flow = ReviewFlow(store)
            for status in board[: len(units) // 2]:
                assert status.submission_id is not None
                flow.accept(status.unit_code, status.submission_id, actor="bench")
            times = []
            for _ in range(5):
                start = time.perf_counter()
                store.statuses(review)
                times.append(time.perf_counter() - start)
            board_s = statistics.median(times)

        ref = review_ref(project, HANOI)
        with EmbeddedQueue(project, url, poll_s=0.05) as queue:
            warm_up(wait=True)  # as EmbeddedQueue.start() does, long before the first click
            clicks, twins = [], []
            for n in range(5):
                # Five different requests, five new rows; on a backend name nothing dispatches,
                # so that only the two jobs below run.
                request = JobRequest(ref, JobKind.RENDER, number=str(n))
                start = time.perf_counter()
                queue.book.enqueue(review.id, request, "bench", backend="bench-clicks")
                clicks.append(time.perf_counter() - start)
            for kind in (JobKind.CONSOLIDATE, JobKind.RENDER):
                job = queue.submit(JobRequest(ref, kind), "bench")
                start = time.perf_counter()
                assert queue.submit(JobRequest(ref, kind), "bench").id == job.id
                twins.append(time.perf_counter() - start)
            results = {}
            jobs = sorted(
                (j for j in queue.recent(review.id) if j.backend == "embedded"),
                key=lambda j: j.id,
            )
            start = time.perf_counter()
            adopted: dict[int, float] = {}
            done: dict[int, float] = {}
            while len(done) < len(jobs):
                queue.tick()
                for j in jobs:
                    now = queue.get(j.id)
                    assert now is not None
                    if (
                        j.id not in adopted
                        and now.worker_pid not in (None,)
                        and now.step != "Bắt đầu"
                    ):
                        adopted[j.id] = time.perf_counter() - start
                    if j.id not in done and now.state.finished:
                        assert now.state is JobState.SUCCEEDED, now.reason
                        done[j.id] = time.perf_counter() - start
                        results[now.kind] = now
                time.sleep(0.02)

    print(f"units: {len(units)} (Hanoi review), SQLite, embedded backend, 2 workers")
    print(
        f"click (enqueue): {_ms(statistics.median(clicks))}; duplicate click: {_ms(statistics.median(twins))}"
    )
    print(f"queue → child at work (fork server warm): {_ms(min(adopted.values()))}")
    for j in jobs:
        print(f"{j.kind.value} job, click → succeeded: {done[j.id]:.1f} s")
    print(f"board (statuses with marks, {len(units) // 2} units accepted): {_ms(board_s)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

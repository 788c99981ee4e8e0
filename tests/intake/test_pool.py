"""The portal's check pool, with real worker processes: results, dead workers, time-outs."""

from __future__ import annotations

import io
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.findings import Verdict
from reportgen.intake import check_file
from reportgen.intake.pool import CheckPool
from reportgen.messages import flatten, message_text
from tests.intake.hostile_checks import hostile_check


def _sample(review: Review, seed: int = 1, mistakes: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    write_sample(review, review.units[0], buf, seed=seed, mistakes=mistakes)
    return buf.getvalue()


@pytest.fixture(scope="module")
def pool(hanoi: Review) -> CheckPool:
    with CheckPool(hanoi, 2, timeout=4, check=hostile_check) as checks:
        yield checks  # type: ignore[misc]


def test_a_pool_check_gives_the_same_findings_as_checking_in_process(
    hanoi: Review, pool: CheckPool
) -> None:
    data = _sample(hanoi, seed=3, mistakes=("text-in-number",))
    here = check_file(hanoi, Path("bao-cao.xlsx"), data=data)
    there = pool.check("bao-cao.xlsx", data)
    assert there == here
    assert flatten(there.findings, ["code"]) == flatten(here.findings, ["code"])
    assert there.findings  # the planted mistake was found


def test_a_worker_killed_mid_check_gives_a_finding_and_a_fresh_pool(
    hanoi: Review, pool: CheckPool
) -> None:
    data = _sample(hanoi, seed=4)
    before = pool.replaced
    pids = {p.pid for p in pool._executor._processes.values()}  # type: ignore[attr-defined]
    sub = pool.check("giet-bao-cao.xlsx", data)
    assert flatten(sub.findings, ["code", "severity", "file"]) == [
        ["file-check-failed", "error", "giet-bao-cao.xlsx"]
    ]
    assert sub.verdict is Verdict.REJECTED and sub.unit_code is None
    assert (sub.size, len(sub.sha256)) == (len(data), 64)
    assert pool.replaced == before + 1  # the retry ran alone, outside the pool
    new_pids = {p.pid for p in pool._executor._processes.values()}  # type: ignore[attr-defined]
    assert not pids & new_pids
    # the new pool checks the next file normally
    assert pool.check("bao-cao.xlsx", data).verdict is not Verdict.REJECTED


def test_a_check_past_the_time_limit_is_stopped_and_recorded(
    hanoi: Review, pool: CheckPool
) -> None:
    data = _sample(hanoi, seed=5)
    before = pool.replaced
    sub = pool.check("treo-bao-cao.xlsx", data)
    assert flatten(sub.findings, ["code", "file"]) == [["file-check-timeout", "treo-bao-cao.xlsx"]]
    assert "quá 4 giây" in message_text(sub.findings[0])
    assert pool.replaced == before + 1
    assert pool.check("bao-cao.xlsx", data) == check_file(hanoi, Path("bao-cao.xlsx"), data=data)


def test_checks_beside_a_killed_one_are_sent_again_and_succeed(
    hanoi: Review, pool: CheckPool
) -> None:
    data = _sample(hanoi, seed=6)
    with ThreadPoolExecutor(2) as threads:
        innocent = threads.submit(pool.check, "cham-bao-cao.xlsx", data)
        hostile = threads.submit(pool.check, "giet-bao-cao.xlsx", data)
        assert hostile.result().findings[0].code == "file-check-failed"
        assert innocent.result().verdict is not Verdict.REJECTED


def test_closing_the_pool_stops_a_stuck_worker(hanoi: Review) -> None:
    checks = CheckPool(hanoi, 1, timeout=60, check=hostile_check)
    processes = list(checks._executor._processes.values())  # type: ignore[attr-defined]
    with ThreadPoolExecutor(1) as threads:
        threads.submit(checks.check, "treo-bao-cao.xlsx", b"x")
        while not any(p.is_alive() for p in processes):  # pragma: no cover - already alive
            pass
        checks.close()
    # close() kills and joins the stuck worker; on a loaded machine the kernel may report it
    # gone a moment later, so allow a few seconds before calling it alive.
    deadline = time.monotonic() + 5
    while any(p.is_alive() for p in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(p.is_alive() for p in processes)
    assert os.getpid()  # the test process itself is untouched

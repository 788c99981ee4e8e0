"""Checks of received files in a pool of warm worker processes, each check time-limited.

The portal's web process keeps its one GIL for requests and the database; the CPU-bound
reading and validation of a workbook (≈ 50 ms for a Hanoi workbook, seconds for a big one) runs
in :class:`CheckPool`'s processes. Each worker loads the review once and checks a blank
workbook at start, so the first real check pays no import or warm-up cost.

A check always ends: if its worker dies (a hostile file, the kernel's OOM killer) or it runs
past the time limit, :meth:`CheckPool.check` still returns a :class:`Submission` — with a
``file-check-failed`` or ``file-check-timeout`` error — so the caller keeps and records the file
as usual, and the pool is replaced by a fresh one. Checks that were running beside the one to
blame are sent again once, each alone in a fresh process: they did nothing wrong, and the file
to blame, retried alone too, can only stop its own process.
"""

from __future__ import annotations

import hashlib
import io
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from reportgen.definition.model import Review
from reportgen.findings import Location
from reportgen.intake.check import _pack, _Packed, _unpack, check_file, default_workers
from reportgen.intake.model import Submission
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = ["CHECK_FAILURES", "DEFAULT_TIMEOUT", "CheckPool", "Checker", "check_in_worker"]

log = logging.getLogger("reportgen.intake")

DEFAULT_TIMEOUT = 30.0  # seconds of checking one file may take (a 20 MB workbook needs ~5 s)
#: The codes of a check that could not finish: the file is kept, unread, and does not count.
CHECK_FAILURES = ("file-check-failed", "file-check-timeout")
_START_LIMIT = 120.0  # seconds a fresh worker may take to start (a loaded machine)

#: What the store calls to check bytes it has staged: (file name, bytes) → Submission.
Checker = Callable[[str, bytes], Submission]
#: The function run in a worker: (file name, bytes) → a packed Submission (module level, picklable).
WorkerCheck = Callable[[str, bytes], _Packed]

_REVIEW: list[Review] = []  # the worker's review, loaded once by _start_worker


def _start_worker(review: Review, parent: int, started: Any) -> None:
    """Worker start-up: keep the review, ignore Ctrl-C (the parent stops us), warm up.

    ``parent`` is the server's pid, given by the server itself (``os.getppid()`` here could
    already be init's if the server died while we started). ``started`` is a barrier: every
    worker is warm before any start-up task returns, so the pool is warm when it says so.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _REVIEW[:] = [review]
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        # A blank workbook through the whole check imports every reader and rule once.
        from reportgen.blank import write_workbook

        buffer = io.BytesIO()
        write_workbook(review, review.units[0], buffer)
        check_file(review, Path("khoi-dong.xlsx"), data=buffer.getvalue())
    except Exception:  # warming up is an optimisation; a real check reports real trouble
        log.warning("không khởi động trước được tiến trình kiểm tra", exc_info=True)
    try:
        started.wait(timeout=_START_LIMIT)
    except threading.BrokenBarrierError:  # a sibling died while starting: the pool will say so
        pass


def _exit_with_parent(parent: int) -> None:
    """A worker whose server died (SIGKILL, a crash) must not linger, holding memory."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _ready() -> bool:
    return bool(_REVIEW)


def check_in_worker(file_name: str, data: bytes) -> _Packed:
    """The check run in a worker process (the default :class:`CheckPool` ``check``)."""
    return _pack(check_file(_REVIEW[0], Path(file_name), data=data))


class CheckPool:
    """``workers`` warm processes checking files for one review, at most ``timeout`` s each.

    Thread-safe: the portal calls :meth:`check` from its request threads. At most ``workers``
    checks are handed to the processes at a time (the others wait in their thread), so the
    time limit counts checking, not waiting in the queue.
    """

    def __init__(
        self,
        review: Review,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        check: WorkerCheck = check_in_worker,
    ) -> None:
        self.review = review
        self.workers = max(1, workers or default_workers())
        self.timeout = timeout
        self.replaced = 0  # how many times a broken or stuck pool was replaced
        self._check = check
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.workers)
        self._executor, self._warm = self._start()
        for future in self._warm:  # every process started and warm before the first upload
            future.result()

    def _start(self, workers: int = 0) -> tuple[ProcessPoolExecutor, list[Future[bool]]]:
        workers = workers or self.workers
        # spawn, not fork: the web process has threads and open database connections.
        context = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self.review, os.getpid(), context.Barrier(workers)),
        )
        # Submitted together, so the executor starts every process now rather than on demand.
        return executor, [executor.submit(_ready) for _ in range(workers)]

    def check(self, file_name: str, data: bytes) -> Submission:
        """Check ``data`` in a worker; a dead worker or a time-out gives an error finding."""
        with self._slots:
            executor, warm = self._executor, self._warm
            try:
                for future in warm:  # a replacement pool still starting: not checking time
                    future.result(timeout=_START_LIMIT)
                return self._run(executor, file_name, data)
            except FutureTimeout:
                self._replace(executor, kill=True)
                return self._timed_out(file_name, data)
            except (BrokenProcessPool, RuntimeError):
                # RuntimeError: the executor was shut down by another thread's replacement.
                self._replace(executor)
            # Whose file broke the pool is unknown: each check that was running tries again
            # alone, in a process of its own, so the guilty file cannot take innocent ones down.
            return self._alone(file_name, data)

    def _run(self, executor: ProcessPoolExecutor, file_name: str, data: bytes) -> Submission:
        future = executor.submit(self._check, file_name, data)
        return _unpack(future.result(timeout=self.timeout))

    def _alone(self, file_name: str, data: bytes) -> Submission:
        solo, warm = self._start(1)
        try:
            warm[0].result(timeout=_START_LIMIT)  # start-up does not count as checking time
            return self._run(solo, file_name, data)
        except FutureTimeout:
            return self._timed_out(file_name, data)
        except (BrokenProcessPool, RuntimeError):
            log.warning("tiến trình kiểm tra dừng bất thường với tệp %s", file_name)
            return self._failed(file_name, data, "file-check-failed")
        finally:
            _stop(solo, kill=True)

    def _timed_out(self, file_name: str, data: bytes) -> Submission:
        log.warning("kiểm tra tệp %s quá %s giây: dừng tiến trình", file_name, self.timeout)
        return self._failed(file_name, data, "file-check-timeout")

    def _failed(self, file_name: str, data: bytes, code: str) -> Submission:
        finding = make_finding(code, Location(file=file_name), limit=format_number(self.timeout, 0))
        digest = hashlib.sha256(data).hexdigest()
        return Submission(self.review.id, None, file_name, digest, len(data), findings=(finding,))

    def _replace(self, broken: ProcessPoolExecutor, *, kill: bool = False) -> None:
        """A fresh pool instead of ``broken`` (once, however many threads saw it break)."""
        with self._lock:
            if self._executor is not broken:
                return
            _stop(broken, kill=kill)
            self._executor, self._warm = self._start()
            self.replaced += 1

    def close(self) -> None:
        """Stop the workers (a stuck one is killed after a few seconds)."""
        with self._lock:
            _stop(self._executor, kill=False, grace=5.0)

    def __enter__(self) -> CheckPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _stop(executor: ProcessPoolExecutor, *, kill: bool, grace: float = 0.0) -> None:
    processes = list(getattr(executor, "_processes", {}).values())  # private, stable since 3.8
    if kill:
        for process in processes:
            process.kill()
    executor.shutdown(wait=False, cancel_futures=True)  # idle workers exit on their own
    for process in processes:
        process.join(timeout=grace)
        if process.is_alive():  # stuck on a file: it cannot be asked nicely
            process.kill()
            process.join(timeout=1.0)
    executor.shutdown(wait=True)  # every process is gone: joins the manager thread, frees queues

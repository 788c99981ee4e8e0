"""``reportgen serve`` as a real child process for the browser tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

__all__ = ["running_portal"]


@contextmanager
def running_portal(
    root: Path, review_dir: Path, env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """The portal of ``review_dir`` over the project ``root`` on a free loopback port; its URL.

    ``env`` replaces the child's environment (``REPORTGEN_ROOT`` and ``COLUMNS`` are added).
    """
    child = {**(os.environ if env is None else env), "REPORTGEN_ROOT": str(root), "COLUMNS": "200"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "serve", "--review", str(review_dir), "--port", "0"],
        env=child, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, line + proc.stdout.read()
        yield found.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()

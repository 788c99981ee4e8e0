"""Worker-side checks for the pool tests: a file that kills its worker, one that hangs.

They run in :class:`~reportgen.intake.pool.CheckPool`'s real worker processes (spawned, so
this module is imported there by name). Any other file is checked as usual.
"""

from __future__ import annotations

import os
import signal
import time

from reportgen.intake.check import _Packed
from reportgen.intake.pool import check_in_worker


def hostile_check(file_name: str, data: bytes) -> _Packed:
    """``giet-…`` kills the worker mid-check (SIGKILL, like the OOM killer); ``treo-…`` hangs."""
    if file_name.startswith("giet-"):
        os.kill(os.getpid(), signal.SIGKILL)
    if file_name.startswith("treo-"):
        time.sleep(600)
    if file_name.startswith("cham-"):  # slow but innocent: finishes within the time limit
        time.sleep(1.5)
    return check_in_worker(file_name, data)

"""Named steps of a submit, where the crash tests kill the process (``REPORTGEN_CRASH_AT``).

A test runs a real child process with ``REPORTGEN_CRASH_AT=<step>``; at that step the child
sends itself SIGKILL, which no cleanup can intercept, exactly like a power cut or the OOM
killer. The steps, in order: ``staged`` (file under its temporary name), ``rows-written`` (rows
inserted, not committed), ``placed`` (file under its final name, not committed), ``committed``
(row committed, temporary name not yet removed). Unset, a step costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

__all__ = ["STEPS", "crash_point"]

STEPS = ("staged", "rows-written", "placed", "committed")
_VARIABLE = "REPORTGEN_CRASH_AT"


def crash_point(step: str) -> None:
    """Die by SIGKILL here when ``REPORTGEN_CRASH_AT`` names ``step`` (tests only)."""
    if os.environ.get(_VARIABLE) == step:
        os.kill(os.getpid(), signal.SIGKILL)

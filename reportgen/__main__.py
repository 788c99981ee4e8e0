"""``reportgen`` and ``python -m reportgen``: the command line, stoppable by Ctrl-C at any moment.

Ctrl-C raises :class:`Interrupted` (a ``BaseException``, so neither click, which would print
"Aborted!", nor an ``except Exception`` swallows it; ``finally`` blocks and the store's
rollbacks still run). Whenever it arrives — while modules load, while a file is stored, while
output is printed — the command prints one Vietnamese line and exits 130.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

__all__ = ["Interrupted", "run"]

STOPPED = "Đã dừng theo yêu cầu (Ctrl-C).\n"


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) was pressed."""


def _on_sigint(_signum: int, _frame: FrameType | None) -> None:
    raise Interrupted


def run() -> None:
    """Run the command line; Ctrl-C at any point → one line on stderr, exit code 130."""
    try:
        signal.signal(signal.SIGINT, _on_sigint)
        # Imported here, not at the top, so that Ctrl-C while the CLI's modules load (about
        # half a second) is caught too.
        from reportgen.cli import main

        try:
            main()
        finally:
            # The work is over: Python resets SIGINT to its default while it shuts down, and a
            # Ctrl-C then would kill the process (exit −2) after the command has finished.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (Interrupted, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt this
        try:
            sys.stderr.write(STOPPED)
            sys.stderr.flush()
        except OSError:  # stderr closed (a pipe whose reader is gone)
            pass
        sys.exit(130)


if __name__ == "__main__":
    run()

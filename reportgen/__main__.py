"""``reportgen`` and ``python -m reportgen``: the command line, stoppable by Ctrl-C at any moment.

Ctrl-C raises :class:`Interrupted` (a ``BaseException``, so neither click, which would print
"Aborted!", nor an ``except Exception`` swallows it; ``finally`` blocks and the store's
rollbacks still run). Whenever it arrives — while modules load, while a file is stored, while
output is printed — the command prints one Vietnamese line and exits 130.
"""

from __future__ import annotations

import _thread
import signal
import sys
import threading
from types import FrameType

__all__ = ["Interrupted", "run"]

STOPPED = "Đã dừng theo yêu cầu (Ctrl-C).\n"


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) was pressed."""


_pressed: list[bool] = []  # Ctrl-C was pressed at least once (a finaliser may have eaten it)


def _on_sigint(_signum: int, _frame: FrameType | None) -> None:
    _pressed.append(True)
    raise Interrupted


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    """Ctrl-C that lands in a finaliser (a database connection closed by the garbage collector)
    cannot propagate from there: Python would print "Exception ignored … Traceback" and go on.
    Ask again from the main thread instead, where :func:`run` turns it into one line."""
    if isinstance(info.exc_value, Interrupted | KeyboardInterrupt):
        # From another thread: the interrupt then reaches the main thread outside the finaliser.
        threading.Thread(target=_thread.interrupt_main, daemon=True).start()
        return
    _default_unraisable(info)


_default_unraisable = sys.unraisablehook


def run() -> None:
    """Run the command line; Ctrl-C at any point → one line on stderr, exit code 130."""
    try:
        sys.unraisablehook = _unraisable
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
            if _pressed:
                # Whatever the command ended with (an error a half-closed connection caused),
                # the user pressed Ctrl-C: that is the outcome to report.
                raise Interrupted
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

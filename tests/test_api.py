"""The public surface of reportgen is pinned, like httpx does."""

from __future__ import annotations

import subprocess
import sys

import reportgen


def test_public_api_is_pinned() -> None:
    assert reportgen.__all__ == sorted(reportgen.__all__)
    assert set(reportgen.__all__) == {
        "Finding",
        "Location",
        "ReportgenError",
        "Review",
        "Severity",
        "Verdict",
        "check_review",
        "load_review",
        "make_blanks",
    }
    for name in reportgen.__all__:
        assert getattr(reportgen, name) is not None


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "reportgen" in result.stdout and "check-review" in result.stdout

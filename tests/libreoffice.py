"""LibreOffice headless for the tests: one place that finds ``soffice`` and converts files.

Every test that checks what LibreOffice makes of our files (re-saved workbooks, the DOCX laid
out as a clerk sees it) goes through :func:`convert`, with its own profile folder so parallel
or repeated runs never share LibreOffice's user settings.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

__all__ = ["SOFFICE", "convert", "soffice"]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def soffice() -> str:
    """The LibreOffice program, or skip the test."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) không có trên máy: bỏ qua kiểm thử với LibreOffice")
    return SOFFICE


def convert(
    sources: Path | Sequence[Path], to: str, out_dir: Path, *, profile: Path | None = None
) -> list[Path]:
    """``sources`` converted by LibreOffice to ``to`` in one run, into ``out_dir``.

    ``to`` is what ``--convert-to`` takes: an extension (``pdf``, ``ods``) or an extension
    with a filter (``xls:MS Excel 97``). Returns the written files, in order.
    """
    paths = [sources] if isinstance(sources, Path) else list(sources)
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = profile or out_dir / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", to, "--outdir", str(out_dir), *map(str, paths)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    extension = to.split(":", 1)[0]
    results = [out_dir / f"{p.stem}.{extension}" for p in paths]
    for result in results:
        assert result.is_file(), f"LibreOffice wrote no {extension} for {result.stem}"
    return results

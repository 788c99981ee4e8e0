"""Where things live: ``templates/`` (authored), ``inputs/`` (received), ``outputs/`` (generated).

The project root is the current directory, or ``REPORTGEN_ROOT``. A review is named by
``--review`` (a folder, or an id under ``templates/``), else ``REPORTGEN_REVIEW``, else the
bundled Hanoi example.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ProjectError

__all__ = ["DEFAULT_REVIEW", "Project"]

DEFAULT_REVIEW = "nq11-moi-truong"


@dataclass(frozen=True, slots=True)
class Project:
    """A reportgen workspace rooted at ``root``."""

    root: Path

    @classmethod
    def here(cls) -> Project:
        """The project at ``REPORTGEN_ROOT`` or the current directory."""
        return cls(Path(os.environ.get("REPORTGEN_ROOT") or Path.cwd()).resolve())

    @property
    def templates(self) -> Path:
        """Review definitions and report templates (written by people)."""
        return self.root / "templates"

    @property
    def inputs(self) -> Path:
        """Every received file, kept forever (written only by the store)."""
        return self.root / "inputs"

    @property
    def outputs(self) -> Path:
        """Everything generated; can be deleted and regenerated."""
        return self.root / "outputs"

    def review_dir(self, review: str | os.PathLike[str] | None = None) -> Path:
        """The folder of the review named by ``review``, ``REPORTGEN_REVIEW`` or the default."""
        name = review or os.environ.get("REPORTGEN_REVIEW") or DEFAULT_REVIEW
        path = Path(name)
        for candidate in (path, self.root / path, self.templates / path):
            if candidate.is_dir():
                return candidate.resolve()
        raise ProjectError(
            f"Không tìm thấy đợt báo cáo '{name}': không có thư mục {path} "
            f"hay {self.templates / path}. Dùng --review THƯ_MỤC hoặc đặt biến REPORTGEN_REVIEW."
        )

    def output_dir(self, review_id: str, *parts: str) -> Path:
        """``outputs/<review>/<parts…>``, created on demand."""
        path = self.outputs.joinpath(review_id, *parts)
        path.mkdir(parents=True, exist_ok=True)
        return path

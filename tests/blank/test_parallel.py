"""Many blanks are written on every core, and the files do not depend on how many processes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from reportgen.blank import make_blanks
from reportgen.definition.model import Review, Unit


def _many(review: Review, count: int) -> Review:
    kinds = ("quan", "huyen", "thi_xa", "so_nganh")
    units = tuple(
        Unit(code=f"U{n:03d}", name=f"Đơn vị thử số {n}", kind=kinds[n % len(kinds)])
        for n in range(1, count + 1)
    )
    return review.model_copy(update={"units": units})


def test_two_processes_write_the_same_files_in_the_same_order(
    tmp_path: Path, hanoi: Review
) -> None:
    review = _many(hanoi, 30)  # above the parallel threshold
    done: list[tuple[int, int, str]] = []
    one = make_blanks(review, tmp_path / "one", workers=1)
    two = make_blanks(review, tmp_path / "two", workers=2, progress=lambda *a: done.append(a))
    assert [p.name for p in one.files] == [p.name for p in two.files]
    assert [p.read_bytes() for p in one.files] == [p.read_bytes() for p in two.files]
    assert one.zip_path.read_bytes() == two.zip_path.read_bytes()
    assert done[-1] == (30, 30, "U030") and [d[0] for d in done] == list(range(1, 31))
    with zipfile.ZipFile(two.zip_path) as archive:
        assert archive.namelist() == [p.name for p in two.files]

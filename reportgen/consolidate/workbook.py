"""Dataset → the consolidated workbook ``tong-hop-<review>.xlsx`` (xlsxwriter).

Sheets, in order: submission status, one sheet per task area (units × years per indicator,
subtotals per unit kind, the total, coverage "28/30 đơn vị"), the last-year matrix (units ×
indicators), narratives, the units' justifications of warnings ("Giải trình", only when there
are some), one sheet per list table, provenance.

Text never becomes a formula: the workbook is opened with ``strings_to_formulas`` (and the
number/URL guessing) off, and every text goes through ``write_string``, so a narrative
``=HYPERLINK(…)`` or a phone number ``+84 912…`` is stored as text.

Number formats are stored, as the file format requires, in the invariant notation
(``#,##0.0``) and shown with the separators of a *locale*. Every number format carries the
Vietnamese locale tag ``[$-42A]``: LibreOffice then shows ``1.234,5`` and ``95,2%`` whatever
its own locale; Excel takes separators from Windows' regional settings, so it shows
``1.234,5`` on a Vietnamese-locale machine (``1,234.5`` on an English one — the value is the
same). Percent values (percentage points in the Dataset) are written as fractions with ``0.0%``.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from reportgen.consolidate.justified import write_justifications
from reportgen.consolidate.model import Dataset
from reportgen.consolidate.records import (
    write_lists,
    write_narratives,
    write_provenance,
    write_status,
)
from reportgen.consolidate.sheets import OPTIONS, Styles, to_local
from reportgen.consolidate.tables import write_area_sheets, write_matrix
from reportgen.errors import ProjectError

__all__ = ["write_consolidated"]


def write_consolidated(
    dataset: Dataset, path: str | os.PathLike[str], *, provenance: bool = True
) -> Path:
    """Write the consolidated workbook to ``path`` (replaced atomically) and return it.

    ``provenance=False`` leaves out the provenance sheet: one row per data point, it holds
    three quarters of the cells of a large review (and of the time it takes to write).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".tong-hop-", suffix=".xlsx", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise ProjectError(
            f"Không tạo được thư mục {target.parent}: {exc.strerror or exc}."
        ) from exc
    tmp = Path(tmp_name)
    try:
        wb = xlsxwriter.Workbook(str(tmp), OPTIONS)
        wb.set_properties(
            {
                "title": f"Tổng hợp số liệu — {dataset.review.title}",
                "subject": dataset.review.id,
                "author": "reportgen",
                "comments": "Tạo tự động bởi reportgen consolidate; có thể tạo lại bất cứ lúc nào.",
                # Same dataset, same bytes: the file's date is the dataset's, never the clock's.
                "created": to_local(dataset.generated_at)
                or dt.datetime.combine(dataset.review.cutoff_date, dt.time()),
            }
        )
        st = Styles.create(wb)
        taken: set[str] = set()
        write_status(wb, dataset, st, taken)
        write_area_sheets(wb, dataset, st, taken)
        write_matrix(wb, dataset, st, taken)
        write_narratives(wb, dataset, st, taken)
        write_justifications(wb, dataset, st, taken)
        write_lists(wb, dataset, st, taken)
        if provenance:
            write_provenance(wb, dataset, st, taken)
        wb.close()
        # mkstemp makes the file private (0600); the workbook is for the whole office.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except (OSError, XlsxWriterException) as exc:
        tmp.unlink(missing_ok=True)
        raise ProjectError(
            f"Không ghi được workbook tổng hợp {target}: {exc}. Tệp có đang mở trong Excel không?"
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target

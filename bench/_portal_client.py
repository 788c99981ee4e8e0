"""The step both portal benches time: one upload, then its findings page."""

from __future__ import annotations

import httpx2 as httpx

__all__ = ["upload_to_findings"]


def upload_to_findings(client: httpx.Client, data: bytes) -> httpx.Response:
    """POST ``data`` as a unit's upload and GET the findings page it redirects to."""
    r = client.post("/don-vi/gui", files={"tep": ("bao-cao.xlsx", data)})
    if r.status_code != 303:
        raise RuntimeError(f"upload {r.status_code}")
    page = client.get(r.headers["location"])
    if page.status_code != 200 or "Kết quả kiểm tra" not in page.text:
        raise RuntimeError(f"findings page {page.status_code}")
    return r

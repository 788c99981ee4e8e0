"""Jobs fixtures: a project whose store holds a few real submissions of the Hanoi review."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.jobs.factory import resolve_url
from reportgen.project import Project
from reportgen.store import Store, open_store
from tests.store import pg
from tests.store.conftest import pg_cluster  # noqa: F401 - the session's PostgreSQL server
from tests.store.helpers import at, make_submission, workbook_bytes

__all__ = ["fill"]


def fill(store: Store, review: Review, units: int, *, seed: int = 0) -> list[int]:
    """Submit an acceptable file for the first ``units`` units; the submission ids."""
    ids = []
    for unit in review.units[:units]:
        data = workbook_bytes(review, unit.code, seed)
        result = store.submit(make_submission(review, unit.code, data), data, received_at=at(2))
        ids.append(result.submission_id)
    return ids


@pytest.fixture
def sqlite_url(tmp_path: Path, hanoi: Review, monkeypatch: pytest.MonkeyPatch) -> str:
    """The default SQLite store URL of the Hanoi review in a temporary project."""
    monkeypatch.delenv("REPORTGEN_DB", raising=False)
    url = resolve_url(Project(tmp_path), hanoi, None)
    assert url.startswith("sqlite:///")
    return url


@pytest.fixture
def pg_url(pg_cluster: pg.Cluster) -> Iterator[str]:  # noqa: F811
    """A fresh PostgreSQL schema of the session's server."""
    with pg.schema(pg_cluster) as url:
        yield url


@pytest.fixture
def filled(tmp_path: Path, hanoi: Review, sqlite_url: str) -> Iterator[Store]:
    """The SQLite store of the temporary project with 3 units' acceptable files."""
    store = open_store(Project(tmp_path), hanoi, sqlite_url)
    fill(store, hanoi, 3)
    yield store
    store.close()

"""Store fixtures: the same tests run on SQLite and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.project import Project
from reportgen.store import Store, open_store
from tests.store import pg


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    """A PostgreSQL server for the whole session (skips the test, with the reason, if impossible)."""
    try:
        cluster = pg.start()
    except pg.Unavailable as exc:
        pytest.skip(f"không có PostgreSQL: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None (the default SQLite file under inputs/) or the URL of a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield None
        return
    cluster: pg.Cluster = request.getfixturevalue("pg_cluster")
    with pg.schema(cluster) as url:
        yield url


@pytest.fixture
def store(tmp_path: Path, hanoi: Review, db_url: str | None) -> Iterator[Store]:
    """An empty store of the Hanoi review in a temporary project."""
    opened = open_store(Project(tmp_path), hanoi, db_url)
    yield opened
    opened.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def s3_store(
    request: pytest.FixtureRequest, tmp_path: Path, hanoi: Review, s3_storage: str
) -> Iterator[Store]:
    """An empty store of the Hanoi review whose files are on S3 (SQLite, and PostgreSQL once)."""
    if request.param == "sqlite":
        opened = open_store(Project(tmp_path), hanoi, None, storage=s3_storage)
        yield opened
        opened.close()
        return
    cluster: pg.Cluster = request.getfixturevalue("pg_cluster")
    with pg.schema(cluster) as url:
        opened = open_store(Project(tmp_path), hanoi, url, storage=s3_storage)
        yield opened
        opened.close()

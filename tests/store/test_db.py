"""The database: migrations on open, SQLite settings, URLs, time zones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from reportgen.definition import Review
from reportgen.errors import StoreError
from reportgen.project import Project
from reportgen.store import Store, open_store
from reportgen.store.db import normalise_url
from tests.store.helpers import make_submission, workbook_bytes


def test_opening_creates_every_table_at_the_newest_migration(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "submissions",
        "findings",
        "values",
        "sections",
        "list_rows",
        "alembic_version",
    } <= tables
    with store.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    # The newest migration, whichever it is (helpers add revisions; the integrator chains them).
    from alembic.script import ScriptDirectory

    from reportgen.store.opening import _MIGRATIONS

    assert version == ScriptDirectory(str(_MIGRATIONS)).get_current_head()


def test_the_default_database_is_a_wal_sqlite_file_beside_the_files(
    tmp_path: Path, hanoi: Review
) -> None:
    with open_store(Project(tmp_path), hanoi) as store:
        assert store.engine.url.database == str(tmp_path / "inputs" / hanoi.id / "reportgen.sqlite")
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 60000


def test_reopening_an_existing_store_keeps_its_records(tmp_path: Path, hanoi: Review) -> None:
    data = workbook_bytes(hanoi, "001")
    with open_store(Project(tmp_path), hanoi) as store:
        store.submit(make_submission(hanoi, "001", data), data)
    with open_store(Project(tmp_path), hanoi) as store:
        assert [r.version for r in store.versions("001")] == [1]


def test_received_times_come_back_in_utc_whatever_zone_they_were_given_in(
    store: Store, hanoi: Review
) -> None:
    data = workbook_bytes(hanoi, "001")
    hanoi_time = dt.datetime(2022, 12, 4, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    store.submit(make_submission(hanoi, "001", data), data, received_at=hanoi_time)
    [record] = store.versions("001")
    assert record.received_at == hanoi_time and record.received_at.tzinfo == dt.UTC


def test_a_postgresql_url_uses_the_psycopg_driver() -> None:
    assert normalise_url("postgresql://u:p@db/x") == "postgresql+psycopg://u:p@db/x"
    assert normalise_url("postgres://db/x") == "postgresql+psycopg://db/x"
    assert normalise_url("sqlite:///a.sqlite") == "sqlite:///a.sqlite"


def test_an_unreachable_database_is_a_store_error_without_the_password(
    tmp_path: Path, hanoi: Review
) -> None:
    with pytest.raises(
        StoreError,
        match=r"Không mở được cơ sở dữ liệu postgresql://u:\*\*\*@127.*Chi tiết: connection",
    ) as exc:
        open_store(
            Project(tmp_path), hanoi, "postgresql://u:secret@127.0.0.1:1/x?connect_timeout=2"
        )
    assert "secret" not in exc.value.message


def test_a_submission_of_another_review_or_other_bytes_is_refused(
    store: Store, hanoi: Review
) -> None:
    data = workbook_bytes(hanoi, "001")
    other = make_submission(hanoi.model_copy(update={"id": "khac"}), "001", data)
    with pytest.raises(StoreError, match="thuộc đợt báo cáo 'khac'"):
        store.submit(other, data)
    with pytest.raises(StoreError, match="không khớp"):
        store.submit(make_submission(hanoi, "001", data), data + b"x")


def test_the_migrations_build_exactly_the_schema_the_models_describe(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from reportgen.store.db import Base

    def ours(name: str | None, type_: str, parent: object) -> bool:
        # procrastinate's own schema (installed by migration 0004 on PostgreSQL) is its business.
        table = name if type_ == "table" else (parent or {}).get("table_name", "")  # type: ignore[attr-defined]
        return not str(table or name or "").startswith("procrastinate")

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": ours})
        assert compare_metadata(context, Base.metadata) == []

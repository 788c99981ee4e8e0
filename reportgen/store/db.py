"""The store's database: SQLAlchemy 2 models, and an engine for SQLite or PostgreSQL.

SQLite (the default, one file per review) runs in WAL mode with a busy timeout, and every
transaction starts with ``BEGIN IMMEDIATE`` so two ``submit`` processes queue for the write
lock instead of both reading the same "latest version". PostgreSQL takes a transaction-level
advisory lock per review and unit instead (see :func:`lock_unit`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
import zlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Double,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

__all__ = [
    "Base",
    "FindingRow",
    "ListRowRow",
    "SectionRow",
    "SubmissionRow",
    "ValueRow",
    "insert_rows",
    "lock_unit",
    "make_engine",
    "normalise_url",
]


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no offset by itself)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; attach a time zone")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class SubmissionRow(Base):
    """One received file (one version of a unit's submission)."""

    __tablename__ = "submissions"
    __table_args__ = (
        # The same bytes are received once per review; a copy assigned to a unit by the
        # secretariat (``assigned_from`` set) repeats its original's hash, once.
        Index(
            "uq_submissions_review_sha256",
            "review_id",
            "sha256",
            unique=True,
            sqlite_where=text("assigned_from IS NULL"),
            postgresql_where=text("assigned_from IS NULL"),
        ),
        Index(
            "uq_submissions_assigned_from",
            "assigned_from",
            unique=True,
            sqlite_where=text("assigned_from IS NOT NULL"),
            postgresql_where=text("assigned_from IS NOT NULL"),
        ),
        UniqueConstraint("review_id", "unit_code", "version", name="uq_submissions_unit_version"),
        Index("ix_submissions_review_unit", "review_id", "unit_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[str] = mapped_column(String(100))
    unit_code: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)  # files over 2 GiB are kept too
    file_name: Mapped[str] = mapped_column(Text)
    stored_path: Mapped[str] = mapped_column(Text)  # relative to inputs/<review>/
    verdict: Mapped[str] = mapped_column(String(40))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    reporter: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Written by crash recovery from a file found in the archive without its row.
    recovered: Mapped[bool] = mapped_column(Boolean, default=False)
    # A copy of an unidentified file that the secretariat assigned to a unit (see assign.py).
    assigned_from: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    assigned_by: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class FindingRow(Base):
    """A finding of a submission (intake's, plus the store's own such as late-submission)."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(20))
    location: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    value: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ValueRow(Base):
    """One indicator value; exactly one of value_num/value_text/value_bool is set (or none).

    ``kind`` remembers the Python type (int/float/bool/str/none) so a value comes back exactly
    as intake read it: ``12`` stays an int, ``12.0`` a float.
    """

    __tablename__ = "values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    value_num: Mapped[float | None] = mapped_column(Double)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_bool: Mapped[bool | None] = mapped_column(Boolean)
    cell: Mapped[str] = mapped_column(String(100))


class SectionRow(Base):
    """A narrative section's text."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    section: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    cell: Mapped[str] = mapped_column(String(100), default="")


class ListRowRow(Base):
    """One row of a list table; dates are ISO text inside the JSON."""

    __tablename__ = "list_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    list: Mapped[str] = mapped_column(String(100))
    row: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def normalise_url(url: str) -> str:
    """``postgresql://…`` → ``postgresql+psycopg://…`` (psycopg 3 is the driver we ship)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


_BUSY_TIMEOUT_S = 60.0


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the store's locking set up (see the module docstring)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_S})
        _sqlite_immediate(engine)
        return engine
    # psycopg 3 pipelines executemany: measured faster than multi-row VALUES statements.
    return create_engine(url, pool_pre_ping=True)


def _sqlite_immediate(engine: Engine) -> None:
    # SQLAlchemy's documented recipe: let us emit BEGIN ourselves, so it can be IMMEDIATE.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _switch_to_wal(cursor: Any) -> None:
    # Switching a new file to WAL is a write made while the pragma holds a read lock, so
    # SQLite answers "database is locked" at once, without waiting the busy timeout, when a
    # second process is switching the same new file at that moment (two `submit`s on a fresh
    # review). WAL is then recorded in the file, so waiting for the other opener is enough.
    deadline = time.monotonic() + _BUSY_TIMEOUT_S
    delay = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def lock_unit(session: Session, review_id: str, unit_code: str | None) -> None:
    """Serialise writers of one review's unit until the transaction ends.

    SQLite already holds the database write lock (``BEGIN IMMEDIATE``). PostgreSQL takes an
    advisory transaction lock keyed by review and unit; duplicates across units are caught by
    the unique (review, sha256) constraint.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    key = zlib.crc32(f"{review_id}\x00{unit_code or ''}".encode())
    session.execute(select(func.pg_advisory_xact_lock(key)))


def lock_migrations(conn: Connection) -> None:
    """Serialise schema upgrades of concurrent openers on PostgreSQL."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(0x5EED_5707)))


def insert_rows(session: Session, tables: Mapping[type[Base], list[dict[str, Any]]]) -> None:
    """Insert many rows per table, fast, in the session's transaction.

    SQLite is in-process, so Core executemany is fastest (the ORM's bulk path costs more than
    the insert itself). PostgreSQL would pay a round trip per row that way; COPY sends each
    table's rows in one stream (measured 3× faster than pipelined executemany).
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, tables)
        return
    for table, rows in tables.items():
        if rows:
            conn.execute(insert(table), rows)


def _copy_rows(conn: Connection, tables: Mapping[type[Base], list[dict[str, Any]]]) -> None:
    quote = conn.dialect.identifier_preparer
    raw: Any = conn.connection.driver_connection  # the psycopg connection, same transaction
    with raw.cursor() as cursor:
        for table, rows in tables.items():
            if not rows:
                continue
            target = table.__table__
            columns = list(rows[0])
            as_json = [isinstance(target.c[name].type, JSON) for name in columns]
            names = ", ".join(quote.quote(name) for name in columns)
            with cursor.copy(f"COPY {quote.format_table(target)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [
                            json.dumps(row[name], ensure_ascii=False) if is_json else row[name]
                            for name, is_json in zip(columns, as_json, strict=True)
                        ]
                    )

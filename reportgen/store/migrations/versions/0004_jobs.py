"""Jobs, the review workflow (duyệt / yêu cầu bổ sung / mở khoá), cover documents, settings.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

On PostgreSQL this revision also installs procrastinate's schema (its SQL, as the library ships
it), so ``reportgen worker`` finds its tables; SQLite has no use for it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from reportgen.store.db import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of jobs, workflow events, cover documents and settings."""
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("options_key", sa.String(64), nullable=False),
        # Set while queued or running, NULL after: the unique index refuses a second active job.
        sa.Column("active_key", sa.String(200), nullable=True, unique=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("started_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("not_before", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=True),
        sa.Column("timeout_s", sa.Integer, nullable=False),
        sa.Column("worker_host", sa.String(200), nullable=True),
        sa.Column("worker_pid", sa.Integer, nullable=True),
        sa.Column("backend", sa.String(20), nullable=False),
        sa.Column("backend_id", sa.Integer, nullable=True),
        sa.Column("live", sa.Boolean, nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
        sa.Column("output_dir", sa.Text, nullable=True),
        sa.Column("outputs", sa.JSON, nullable=False),
        sa.Column("units_included", sa.Integer, nullable=True),
        sa.Column("units_expected", sa.Integer, nullable=True),
    )
    op.create_index("ix_jobs_review_state", "jobs", ["review_id", "state"])
    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.String(100), nullable=False),
        sa.Column("unit_code", sa.String(100), nullable=False),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_review_events_unit", "review_events", ["review_id", "unit_code"])
    op.create_table(
        "cover_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("stored_path", sa.Text, nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.UniqueConstraint("submission_id", "sha256", name="uq_cover_documents_submission_sha"),
    )
    op.create_index("ix_cover_documents_submission", "cover_documents", ["submission_id"])
    op.create_table(
        "review_settings",
        sa.Column("review_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        _install_procrastinate()


def _install_procrastinate() -> None:
    # procrastinate ships its schema as SQL; it is applied once here (procrastinate#1040) in the
    # same schema as the store, so a search_path set on the URL keeps test schemas apart.
    from procrastinate.schema import SchemaManager

    bind = op.get_bind()
    exists = bind.execute(sa.text("SELECT to_regclass('procrastinate_jobs')")).scalar()
    if exists is None:
        # Through the driver without parameters: the SQL holds ':' and '%' meant literally.
        raw: Any = bind.connection.driver_connection
        with raw.cursor() as cursor:
            cursor.execute(SchemaManager.get_schema())


def downgrade() -> None:
    """Drop the tables (procrastinate's schema stays; it may serve other apps)."""
    for table in ("review_settings", "cover_documents", "review_events", "jobs"):
        op.drop_table(table)

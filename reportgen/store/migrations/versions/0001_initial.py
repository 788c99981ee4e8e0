"""Initial schema: submissions, findings, values, sections, list_rows.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reportgen.store.db import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.String(100), nullable=False),
        sa.Column("unit_code", sa.String(100), nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("stored_path", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(40), nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("reporter", sa.JSON, nullable=False),
        sa.UniqueConstraint("review_id", "sha256", name="uq_submissions_review_sha256"),
        sa.UniqueConstraint(
            "review_id", "unit_code", "version", name="uq_submissions_unit_version"
        ),
    )
    op.create_index("ix_submissions_review_unit", "submissions", ["review_id", "unit_code"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("location", sa.JSON, nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("params", sa.JSON, nullable=False),
    )
    op.create_table(
        "values",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("indicator", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("value_num", sa.Double, nullable=True),
        sa.Column("value_text", sa.Text, nullable=True),
        sa.Column("value_bool", sa.Boolean, nullable=True),
        sa.Column("cell", sa.String(100), nullable=False),
    )
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("section", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("cell", sa.String(100), nullable=False),
    )
    op.create_table(
        "list_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("list", sa.String(100), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
    )
    for table in ("findings", "values", "sections", "list_rows"):
        op.create_index(f"ix_{table}_submission_id", table, ["submission_id"])


def downgrade() -> None:
    """Drop every table."""
    for table in ("list_rows", "sections", "values", "findings", "submissions"):
        op.drop_table(table)

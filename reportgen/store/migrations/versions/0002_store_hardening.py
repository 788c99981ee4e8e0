"""Store hardening: 64-bit sizes, recovered rows, files assigned to a unit by the secretariat.

* ``size`` becomes 64-bit: PostgreSQL refused files over 2 GiB (``integer out of range``).
* ``recovered`` marks a row that crash recovery wrote from a file found without its row.
* ``assigned_from`` / ``assigned_by`` / ``note``: a copy of an unidentified file assigned to a
  unit. The (review, sha256) uniqueness becomes a partial unique index over received files
  only, so an assigned copy may repeat its original's hash (once: ``assigned_from`` is unique).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Widen ``size``, add the recovery and assignment columns, make the hash index partial."""
    with op.batch_alter_table("submissions", recreate="auto") as batch:
        batch.alter_column("size", type_=sa.BigInteger, existing_nullable=False)
        batch.add_column(
            sa.Column("recovered", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("assigned_from", sa.Integer, nullable=True))
        batch.add_column(sa.Column("assigned_by", sa.Text, nullable=True))
        batch.add_column(sa.Column("note", sa.Text, nullable=True))
        batch.create_foreign_key(
            "fk_submissions_assigned_from", "submissions", ["assigned_from"], ["id"]
        )
        batch.drop_constraint("uq_submissions_review_sha256", type_="unique")
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("recovered", server_default=None, existing_type=sa.Boolean)
    op.create_index(
        "uq_submissions_review_sha256",
        "submissions",
        ["review_id", "sha256"],
        unique=True,
        sqlite_where=sa.text("assigned_from IS NULL"),
        postgresql_where=sa.text("assigned_from IS NULL"),
    )
    op.create_index(
        "uq_submissions_assigned_from",
        "submissions",
        ["assigned_from"],
        unique=True,
        sqlite_where=sa.text("assigned_from IS NOT NULL"),
        postgresql_where=sa.text("assigned_from IS NOT NULL"),
    )


def downgrade() -> None:
    """Back to 0001 (assigned copies are dropped first: they would break the old uniqueness)."""
    op.execute(
        "DELETE FROM findings WHERE submission_id IN (SELECT id FROM submissions WHERE assigned_from IS NOT NULL)"
    )
    for table in ("values", "sections", "list_rows"):
        op.execute(
            f'DELETE FROM "{table}" WHERE submission_id IN '
            "(SELECT id FROM submissions WHERE assigned_from IS NOT NULL)"
        )
    op.execute("DELETE FROM submissions WHERE assigned_from IS NOT NULL")
    op.drop_index("uq_submissions_assigned_from", "submissions")
    op.drop_index("uq_submissions_review_sha256", "submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.create_unique_constraint("uq_submissions_review_sha256", ["review_id", "sha256"])
        batch.drop_constraint("fk_submissions_assigned_from", type_="foreignkey")
        for column in ("note", "assigned_by", "assigned_from", "recovered"):
            batch.drop_column(column)
        batch.alter_column("size", type_=sa.Integer, existing_nullable=False)

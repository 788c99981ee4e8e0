"""The portal's tables: accounts, sessions, login attempts, the audit log, justifications.

They live in the store's database (SQLite or PostgreSQL) so that several web workers share
them and nothing of the portal's state lives in process memory. Migration ``0003``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reportgen.store.db import Base, UTCDateTime

__all__ = [
    "AccountRow",
    "AuditRow",
    "JustificationRow",
    "LoginAttemptRow",
    "PortalSettingRow",
    "SessionRow",
    "UploadRow",
]


class PortalSettingRow(Base):
    """A server-wide setting (the HMAC key of access codes), shared by every worker."""

    __tablename__ = "portal_settings"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AccountRow(Base):
    """A person or a unit that can sign in: role unit, secretariat or viewer."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("review_id", "name", name="uq_accounts_review_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))  # what is typed at sign-in (lower case)
    role: Mapped[str] = mapped_column(String(20))
    unit_code: Mapped[str | None] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(Text, default="")
    code_hash: Mapped[str | None] = mapped_column(String(128))  # HMAC-SHA-256 of the access code
    password_hash: Mapped[str | None] = mapped_column(Text)  # Argon2id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class SessionRow(Base):
    """A signed-in browser; the cookie holds the token, the table only its SHA-256."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    address: Mapped[str] = mapped_column(String(100), default="")


class LoginAttemptRow(Base):
    """One failed sign-in, counted per account name and per client address."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_name", "review_id", "name", "at"),
        Index("ix_login_attempts_address", "review_id", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class AuditRow(Base):
    """One line of the append-only audit log: who did what, to which object, with what outcome."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_review_at", "review_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    unit_code: Mapped[str | None] = mapped_column(String(100))
    object_id: Mapped[str | None] = mapped_column(String(100))
    sha256: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class JustificationRow(Base):
    """A unit's explanation of one warning of one submission; a new text adds a row (history)."""

    __tablename__ = "justifications"
    __table_args__ = (Index("ix_justifications_submission", "submission_id", "finding_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    finding_key: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class UploadRow(Base):
    """Who sent a stored file through the portal, and by which channel (for uploads on behalf)."""

    __tablename__ = "uploads"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    account: Mapped[str] = mapped_column(String(100))
    for_unit: Mapped[str | None] = mapped_column(String(100))  # the unit the sender acted for
    channel: Mapped[str] = mapped_column(String(50), default="")  # "" = the unit itself, online
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

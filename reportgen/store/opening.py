"""Opening a review's store: the database (created and upgraded), the archive, then recovery."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.project import Project
from reportgen.store.blobs import open_blobs
from reportgen.store.db import lock_migrations, make_engine
from reportgen.store.ledger import Store, db_reason
from reportgen.store.recovery import recover

__all__ = ["default_url", "open_store", "upgrade"]

_MIGRATIONS = Path(__file__).with_name("migrations")


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return "(địa chỉ không hợp lệ)"


def default_url(project: Project, review_id: str) -> str:
    """``sqlite:///inputs/<review>/reportgen.sqlite`` of ``project``."""
    return f"sqlite:///{project.inputs / review_id / 'reportgen.sqlite'}"


def open_store(
    project: Project, review: Review, url: str | None = None, *, storage: str | None = None
) -> Store:
    """Open (creating and upgrading as needed) the store of ``review``, then recover from crashes.

    ``url`` is a SQLAlchemy URL (``postgresql://…``); without one, ``REPORTGEN_DB``, else a
    SQLite file in ``inputs/<review>/``. ``storage`` names where files are kept
    (``s3://bucket/prefix``; without one, ``REPORTGEN_STORAGE``, else ``inputs/<review>/``,
    see :func:`~reportgen.store.blobs.open_blobs`). Recovery (:func:`~reportgen.store.recovery.recover`)
    removes what a killed submit left and records or sets aside its file; it logs each file.
    """
    root = project.inputs / review.id
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Không tạo được thư mục kho tệp {root}: {exc.strerror}") from exc
    url = url or os.environ.get("REPORTGEN_DB") or default_url(project, review.id)
    try:
        engine = make_engine(url)
        upgrade(engine)
    except SQLAlchemyError as exc:
        shown = _shown(url)
        raise StoreError(
            f"Không mở được cơ sở dữ liệu {shown}. Chi tiết: {db_reason(exc)}"
        ) from exc
    try:
        blobs = open_blobs(root, review.id, storage)
    except BaseException:
        engine.dispose()
        raise
    store = Store(review, engine, blobs)
    try:
        store.last_recovery = recover(store)
    except OSError as exc:
        store.close()
        raise StoreError(
            f"Không khôi phục được kho tệp {blobs.location} sau sự cố: {exc.strerror or exc}"
        ) from exc
    except BaseException:
        store.close()
        raise
    return store


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; concurrent openers wait for each other."""
    # Alembic costs 0.3 s to import: only commands that open the store pay for it.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        lock_migrations(conn)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")

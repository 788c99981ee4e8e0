"""Alembic migrations of the store's database (run by :func:`reportgen.store.open_store`)."""

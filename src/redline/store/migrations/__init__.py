"""Alembic migrations of the store, run automatically when a store is opened."""

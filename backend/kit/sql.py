"""SQL that differs between PostgreSQL (production, tests) and SQLite (the embedded default)."""

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def is_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def upsert(session: AsyncSession, table: Any) -> Any:
    """An INSERT of the session's dialect, which both give `on_conflict_do_update/_nothing`."""
    return (postgresql.insert if is_postgresql(session) else sqlite.insert)(table)

"""SQL that differs between PostgreSQL (production, tests) and SQLite (the embedded default)."""

from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session


def is_postgresql(session: AsyncSession | Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def upsert(session: AsyncSession | Session, table: Any) -> Any:
    """An INSERT of the session's dialect, which both give `on_conflict_do_update/_nothing`."""
    return (postgresql.insert if is_postgresql(session) else sqlite.insert)(table)


async def try_lock(session: AsyncSession, key: int) -> bool:
    """Take the lock named `key` for the rest of the transaction, unless another transaction holds
    it (then False at once). Background senders take it so that, whatever the number of server
    processes on one PostgreSQL database, exactly one sends at a time. SQLite serves one process:
    always True."""
    if not is_postgresql(session):
        return True
    return bool(await session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                     {"key": key}))

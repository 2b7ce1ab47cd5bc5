"""Engine and sessions: one transaction per request, committed only when the request succeeds."""

from collections.abc import AsyncIterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.config import get_settings
from backend.errors import ProblemError

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg",
                  "postgres": "postgresql+asyncpg"}


def async_url(url: str) -> str:
    """Users write `sqlite:///x.db` or `postgresql://u@h/db`; SQLAlchemy's async engine needs drivers."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        return url
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def build_engine(url: str) -> AsyncEngine:
    if is_sqlite(url):
        sqlite_path = make_url(url).database
        if sqlite_path and sqlite_path != ":memory:":
            Path(sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(async_url(url))
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    # No client-side cache of prepared statements: reused, a statement would switch after five runs
    # to a generic plan that misjudges closure-table joins by orders of magnitude (bench/: 8 ms
    # became 38 ms). Prepared afresh, each is planned for its own values, while PostgreSQL's own
    # prepared queries (the foreign-key checks of inserted rows, as in roll-ups) keep their plans.
    return create_async_engine(async_url(url), pool_pre_ping=True, pool_size=10, max_overflow=10,
                               connect_args={"prepared_statement_cache_size": 0})


@lru_cache
def get_engine() -> AsyncEngine:
    return build_engine(get_settings().database_url)


@lru_cache
def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(get_engine(), expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    """The request's unit of work: services never commit, this does, once, on success."""
    async with get_sessionmaker()() as session:
        try:
            yield session
            await session.commit()
        except ProblemError as exc:
            await (session.commit() if exc.keeps_changes else session.rollback())
            raise
        except BaseException:
            await session.rollback()
            raise


# Scope "function": the commit happens before the response is sent, so a failed commit is an error
# response and the next request sees the data.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]

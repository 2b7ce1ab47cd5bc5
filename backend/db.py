"""Engine and sessions: one transaction per request, committed only when the request succeeds."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, ExecutionContext, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from backend.config import get_settings
from backend.errors import DatabaseBusy, DatabaseUnavailable, ProblemError

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


class SQLiteWriters:
    """One writing transaction at a time in the process, the others queued in order.

    SQLite has one writer. A transaction that has read and then wants to write while another
    writes is refused at once ("database is locked": waiting could deadlock, so the busy timeout
    does not apply), and a queue longer than the busy timeout fails too. So a connection takes this
    lock before its first write, which is also before its transaction reads anything (the driver
    opens the transaction at the first write), and keeps it until it goes back to the pool, after
    its commit or rollback. Reads never take it: in WAL mode they go on beside the writer. Writers of
    other processes (the CLI) still meet at SQLite's own lock, within its busy timeout.
    """

    def __init__(self, timeout: float) -> None:
        self._lock = asyncio.Lock()
        self._timeout = timeout

    def install(self, engine: AsyncEngine) -> None:
        event.listen(engine.sync_engine, "connect", self._configure)
        event.listen(engine.sync_engine, "before_cursor_execute", self._before_execute)
        event.listen(engine.sync_engine.pool, "checkin", self._release)

    def _configure(self, dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={round(self._timeout * 1000)}")
        cursor.close()

    def _before_execute(self, connection: Connection, _cursor: Any, statement: str,
                        _parameters: Any, context: ExecutionContext | None,
                        _executemany: bool) -> None:
        if connection.info.get(_WRITER) or not _writes(statement, context):
            return
        adapted = connection.connection.dbapi_connection
        assert adapted is not None, "a connection that executes has its DBAPI connection"
        adapted.run_async(lambda _driver: self._acquire())
        connection.info[_WRITER] = True

    async def _acquire(self) -> None:
        try:
            await asyncio.wait_for(self._lock.acquire(), self._timeout)
        except TimeoutError:
            raise DatabaseBusy(f"Other writes held the database for more than {self._timeout:g} s; "
                               "nothing was saved. Try again shortly.") from None

    def _release(self, _dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        if record.info.pop(_WRITER, False):
            self._lock.release()


_WRITER = "qcdc_sqlite_writer"


def _writes(statement: str, context: ExecutionContext | None) -> bool:
    """Whether a statement may write: anything but a SELECT (DDL and PRAGMAs included)."""
    compiled = getattr(context, "compiled", None)
    if compiled is not None and getattr(compiled.statement, "is_select", False):
        return False
    return not statement.lstrip().upper().startswith("SELECT")


def _refused_as_unavailable(dialect: Dialect, _record: ConnectionPoolEntry, cargs: Any,
                            cparams: Any) -> Any:
    """Connect, answering a refused or unreachable server as the 503 it is: asyncpg lets these
    through as bare OSErrors, which the app could not tell from its own faults."""
    try:
        return dialect.connect(*cargs, **cparams)
    except OSError as exc:
        raise DatabaseUnavailable() from exc


def build_engine(url: str) -> AsyncEngine:
    if is_sqlite(url):
        sqlite_path = make_url(url).database
        if sqlite_path and sqlite_path != ":memory:":
            Path(sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(async_url(url))
        SQLiteWriters(get_settings().sqlite_busy_timeout_seconds).install(engine)
        return engine
    # No client-side cache of prepared statements: reused, a statement would switch after five runs
    # to a generic plan that misjudges closure-table joins by orders of magnitude (bench/: 8 ms
    # became 38 ms). Prepared afresh, each is planned for its own values, while PostgreSQL's own
    # prepared queries (the foreign-key checks of inserted rows, as in roll-ups) keep their plans.
    # A server that restarted is found out by the ping when a connection leaves the pool, and the
    # connection made again: the app serves again without a restart of its own.
    engine = create_async_engine(async_url(url), pool_pre_ping=True, pool_size=10, max_overflow=10,
                                 connect_args={"prepared_statement_cache_size": 0})
    event.listen(engine.sync_engine, "do_connect", _refused_as_unavailable)
    return engine


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


@lru_cache
def get_read_sessionmaker() -> async_sessionmaker[AsyncSession] | None:
    read_url = get_settings().database_read_url
    return None if read_url is None else async_sessionmaker(build_engine(read_url),
                                                           expire_on_commit=False)


async def get_read_session(primary: SessionDep) -> AsyncIterator[AsyncSession]:
    """A session of reads that may be a second behind the last commit: on QCDC_DATABASE_READ_URL
    (a streaming replica) when set, ended with a rollback as it writes nothing; otherwise the
    request's own session, with no second connection."""
    if get_read_sessionmaker() is None:
        yield primary
        return
    async with read_only_session() as session:
        yield session


ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session, scope="function")]


@asynccontextmanager
async def read_only_session() -> AsyncIterator[AsyncSession]:
    """A session of reads of its own, on the read replica when there is one, ended with a
    rollback: for the reads that may be a second behind, and for a body streamed after the
    request's session has ended."""
    async with (get_read_sessionmaker() or get_sessionmaker())() as session:
        try:
            yield session
        finally:
            await session.rollback()

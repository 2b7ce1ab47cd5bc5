"""Each test starts from the same state, whatever ran before it and in whatever order.

Three layers of one database: the run's template (migrated, the demo loaded, a session signed in
for each demo user); a copy of it per test module, where the module's own fixtures commit what they
make; and per test a transaction on the module's copy, rolled back at the end, in which each
request's commit is a savepoint. Requests of such a test share its one connection, so they cannot
run side by side: a test whose requests must (races, locks) is marked `own_database` and commits
for real into a copy of the module's database, dropped after it. A server the module starts in
another process works on the module's copy.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tests.testdb import TEST_URL, admin_sql


def database_url(name: str) -> str:
    return TEST_URL.rsplit("/", 1)[0] + "/" + name


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def point_app_at(url: str) -> None:
    """The app (and any server or CLI started from here on) works on the database at `url`."""
    from backend import db
    from backend.config import get_settings

    if db.get_engine.cache_info().currsize:
        await db.get_engine().dispose()
    os.environ["QCDC_DATABASE_URL"] = url
    get_settings().database_url = url
    db.get_engine.cache_clear()
    db.get_sessionmaker.cache_clear()


@asynccontextmanager
async def copy_of(url: str, copy: str) -> AsyncIterator[str]:
    """A database copied from the one at `url`, which the app works on until the block ends.

    PostgreSQL copies a database only while nobody is connected to it: the app's connections to
    it are closed first."""
    await point_app_at(url)
    await admin_sql(f'CREATE DATABASE "{copy}" TEMPLATE "{database_name(url)}" STRATEGY FILE_COPY')
    copied = database_url(copy)
    await point_app_at(copied)
    try:
        yield copied
    finally:
        await point_app_at(url)
        await admin_sql(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


@asynccontextmanager
async def rolled_back() -> AsyncIterator[None]:
    """Every session of the app joins one transaction, rolled back when the block ends."""
    from backend import db

    async with db.get_engine().connect() as connection:
        transaction = await connection.begin()
        db.get_sessionmaker().configure(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield
        finally:
            db.get_sessionmaker.cache_clear()
            if transaction.is_active:
                await transaction.rollback()


def app_database_url() -> str:
    """The database the app works on now: the module's copy, or the test's own."""
    from backend.config import get_settings

    return get_settings().database_url

"""The background senders' lock: of two server processes on one database, one holds it at a
time; it goes with the transaction that took it."""

from sqlalchemy.ext.asyncio import async_sessionmaker

from backend.db import build_engine
from backend.kit import sql
from backend.notifications.sender import SENDER_LOCK
from backend.webhooks.dispatch import DISPATCH_LOCK
from tests.isolation import app_database_url


async def test_one_transaction_at_a_time_holds_a_senders_lock():
    engines = [build_engine(app_database_url()), build_engine(app_database_url())]
    first, second = (async_sessionmaker(engine) for engine in engines)
    try:
        async with first() as holder, holder.begin():
            assert await sql.try_lock(holder, SENDER_LOCK)
            async with second() as other, other.begin():
                assert not await sql.try_lock(other, SENDER_LOCK)
                assert await sql.try_lock(other, DISPATCH_LOCK)  # the webhooks' is another lock
        async with second() as other, other.begin():
            assert await sql.try_lock(other, SENDER_LOCK)
    finally:
        for engine in engines:
            await engine.dispose()

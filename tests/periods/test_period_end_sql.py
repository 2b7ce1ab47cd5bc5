"""`period_end` in SQL gives the day `tree_date` gives in Python, on PostgreSQL and SQLite."""

from sqlalchemy import String, literal, select
from sqlalchemy.ext.asyncio import create_async_engine

from backend.aggregates.rollup import tree_date
from backend.db import get_sessionmaker
from backend.periods.sql import period_end

PERIODS = ["2014", "2014S1", "2014S2", "2014N9", "2014Q1", "2014Q2", "2014Q3", "2014Q4", "201401",
           "201402", "201409", "201410", "201412"]


def _query():
    return select(*(period_end(literal(p, String)).label(f"p{i}") for i, p in enumerate(PERIODS)))


async def test_period_end_on_postgresql(database):
    async with get_sessionmaker()() as session:
        days = (await session.execute(_query())).one()
    assert list(days) == [tree_date(p) for p in PERIODS]


async def test_period_end_on_sqlite():
    engine = create_async_engine("sqlite+aiosqlite://")
    async with engine.connect() as connection:
        days = (await connection.execute(_query())).one()
    await engine.dispose()
    assert [str(day) for day in days] == [tree_date(p).isoformat() for p in PERIODS]

"""Reads that may be a second behind (aggregates, public pages) go to QCDC_DATABASE_READ_URL, a
streaming replica in production (docs/deploy.md). Here the "replica" is the test database through a
role that may only read, in read-only transactions: any write on those paths would fail."""

import uuid

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from backend.config import get_settings
from backend.db import get_engine, get_read_sessionmaker
from tests.isolation import app_database_url

READS = [
    ("/api/v1/public/indicators", {}),
    ("/api/v1/public/plans", {}),
    ("/api/v1/public/submissions", {}),
    ("/api/v1/public/aggregates", {"indicator": "QCDC_MEDIATION_RECEIVED", "period": "2023"}),
]


@pytest.fixture
async def replica(monkeypatch):
    role = f"qcdc_reader_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(app_database_url())
    try:
        await connection.execute(f"CREATE ROLE {role} LOGIN")
        await connection.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        await connection.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        await connection.execute(f"ALTER ROLE {role} SET default_transaction_read_only = on")
    finally:
        await connection.close()
    url = make_url(app_database_url()).set(username=role).render_as_string(hide_password=False)
    monkeypatch.setenv("QCDC_DATABASE_READ_URL", url)
    get_settings.cache_clear()
    get_read_sessionmaker.cache_clear()
    maker = get_read_sessionmaker()
    assert maker is not None
    yield maker.kw["bind"]
    await maker.kw["bind"].dispose()
    monkeypatch.delenv("QCDC_DATABASE_READ_URL")
    get_settings.cache_clear()
    get_read_sessionmaker.cache_clear()
    # Roles belong to the cluster, not to the test database dropped after the run.
    connection = await asyncpg.connect(app_database_url())
    try:
        await connection.execute(f"DROP OWNED BY {role}")
        await connection.execute(f"DROP ROLE {role}")
    finally:
        await connection.close()


def _counting(engine) -> tuple[list[str], tuple]:
    seen: list[str] = []
    listen = (engine.sync_engine, "before_cursor_execute",
              lambda _c, _cur, statement, *_: seen.append(statement))
    event.listen(*listen)
    return seen, listen


async def test_public_pages_and_aggregates_read_the_replica_only(client, login, replica):
    on_replica, listening = _counting(replica)
    on_primary, primary_listening = _counting(get_engine())
    try:
        for path, params in READS:
            response = await client.get(path, params=params)
            assert response.status_code == 200, (path, response.text)
        assert on_primary == [], "an anonymous read touched the primary"
        headers = await login("tanyen.planner")
        aggregated = await client.get("/api/v1/aggregates", headers=headers, params={
            "indicator": "QCDC_MEDIATION_RECEIVED", "period": "2023", "by": "children"})
        assert aggregated.status_code == 200, aggregated.text
    finally:
        event.remove(*listening)
        event.remove(*primary_listening)
    assert len(on_replica) >= len(READS) + 1


async def test_the_replica_refuses_a_write(replica):
    """The check above means something: this role cannot write."""
    async with replica.connect() as connection:
        with pytest.raises(DBAPIError, match=r"read-only|permission denied"):
            await connection.exec_driver_sql("UPDATE org_unit SET name = name WHERE id = 1")

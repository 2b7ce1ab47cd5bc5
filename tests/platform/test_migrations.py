"""The migrations build the schema from nothing and take it down again, on PostgreSQL, and their
files lie on disk in the order of their chain (issue 16 §5)."""

import asyncio
import uuid
from pathlib import Path

import asyncpg
from alembic import command
from alembic.script import ScriptDirectory

from tests.testdb import ADMIN_URL, admin_sql, alembic_config


def _chain() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("postgresql://unused/unused"))
    return [Path(r.path).name for r in reversed(list(script.walk_revisions()))]


def test_migration_files_sort_in_the_order_of_their_chain():
    chain = _chain()
    assert chain == sorted(chain), "name migration files so that `ls` lists them in chain order"


async def _objects(url: str) -> tuple[list[str], list[str]]:
    connection = await asyncpg.connect(url)
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        types = await connection.fetch(
            "SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE n.nspname = 'public' AND t.typtype = 'e' ORDER BY 1")
        return [r[0] for r in tables], [r[0] for r in types]
    finally:
        await connection.close()


def test_upgrade_from_nothing_to_head_and_down_to_nothing():
    name = f"qcdc_migrations_{uuid.uuid4().hex[:8]}"
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    try:
        config = alembic_config(url)
        command.upgrade(config, "head")
        tables, _ = asyncio.run(_objects(url))
        assert {"org_unit", "data_value", "plan", "submission"} <= set(tables)
        command.downgrade(config, "base")
        assert asyncio.run(_objects(url)) == (["alembic_version"], [])
        command.upgrade(config, "head")  # and up again: the way down left nothing in the way
    finally:
        asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
